"""The package builds from a source tree that holds a symlink loop (a Wine prefix inside the tree
links z: to /): the build must not walk it. Real pip, real setuptools, a real wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_a_wheel_is_built_from_a_tree_with_a_symlink_loop(tmp_path: Path) -> None:
    tree = tmp_path / "src"
    shutil.copytree(REPO / "shnor_desktop", tree / "shnor_desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, tree / name)
    dosdevices = tree / "build" / "wine" / "prefix" / "dosdevices"
    dosdevices.mkdir(parents=True)
    os.symlink("/", dosdevices / "z:")  # as Wine makes it: the whole filesystem
    os.symlink(tree, dosdevices / "y:")  # and a loop back into the tree
    out = tmp_path / "wheel"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(tree)],
        capture_output=True, text=True, timeout=120)  # ~5 s; walking / took far longer than that
    assert result.returncode == 0, result.stderr[-2000:]
    [wheel] = list(out.glob("shnor_desktop-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "shnor_desktop/cli.py" in names and "shnor_desktop/resources/scales/vpr.json" in names
    assert "shnor_desktop/store/alembic/versions/0002_district_scope.py" in names
    assert not any(n.startswith("build/") for n in names)
