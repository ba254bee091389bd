"""Real read-only files and folders for tests, whoever runs them.

A normal user: removing the write bits is enough. root ignores permission bits, so as root:

- a subprocess runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (``setpriv``, util-linux):
  root is then held to the bits like anyone else (:func:`unprivileged`);
- in this process ``chattr +i`` makes a file or folder immutable, which not even root may write
  (:func:`read_only_here`); it needs CAP_LINUX_IMMUTABLE and a filesystem that has the flag
  (ext4, xfs, btrfs; not overlayfs or tmpfs everywhere).

Where neither is possible the test is skipped with the reason; every fault is checked to be real.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from shnor_desktop.paths import writable_dir, writable_file

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all", "--"]


def _tree(path: Path) -> list[Path]:
    return [path, *sorted(path.rglob("*"))] if path.is_dir() else [path]


def remove_write_bits(*paths: Path) -> None:
    """chmod a-w on each path (a folder with everything in it)."""
    for path in paths:
        for item in _tree(path):
            mode = item.stat().st_mode
            item.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def restore_write_bits(*paths: Path) -> None:
    for path in paths:
        for item in _tree(path):
            item.chmod(item.stat().st_mode | stat.S_IWUSR)


def still_writable(path: Path) -> bool:
    return writable_dir(path) if path.is_dir() else writable_file(path)


@functools.cache
def _setpriv_works() -> str | None:
    """None if a subprocess can drop root's permission override; otherwise why not."""
    if shutil.which("setpriv") is None:
        return "running as root without setpriv (util-linux) to drop CAP_DAC_OVERRIDE"
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"shnor-setpriv-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        probe.chmod(0o555)
        code = ("import sys, tempfile\n"
                "try:\n    tempfile.mkstemp(dir=sys.argv[1])\nexcept OSError:\n    sys.exit(0)\n"
                "sys.exit(3)\n")
        proc = subprocess.run([*SETPRIV, sys.executable, "-c", code, str(probe)],
                              capture_output=True, text=True, timeout=60)
    finally:
        probe.chmod(0o755)
        shutil.rmtree(probe, ignore_errors=True)
    if proc.returncode == 0:
        return None
    return f"running as root and setpriv cannot drop CAP_DAC_OVERRIDE here: {proc.stderr.strip()[:200]}"


def unprivileged(cmd: Sequence[str]) -> list[str]:
    """``cmd`` as a process that file permissions apply to (as is for a normal user)."""
    if not IS_ROOT:
        return list(cmd)
    reason = _setpriv_works()
    if reason:
        pytest.skip(reason)
    return [*SETPRIV, *cmd]


def _chattr(flag: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["chattr", "-R", flag, str(path)], capture_output=True, text=True, timeout=60)


@contextlib.contextmanager
def read_only_here(*paths: Path) -> Iterator[None]:
    """Make ``paths`` read-only for this very process (a folder with everything in it)."""
    remove_write_bits(*paths)
    frozen: list[Path] = []
    try:
        if IS_ROOT:
            if shutil.which("chattr") is None:
                pytest.skip("running as root without chattr: this process cannot be refused a write")
            for path in paths:
                result = _chattr("+i", path)
                if result.returncode != 0:
                    pytest.skip(f"running as root; chattr +i is not possible here: {result.stderr.strip()}")
                frozen.append(path)
        for path in paths:
            if still_writable(path):
                pytest.skip(f"{path} stays writable for this process (filesystem or privileges)")
        yield
    finally:
        for path in frozen:
            _chattr("-i", path)
        restore_write_bits(*paths)
