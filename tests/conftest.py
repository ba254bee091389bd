"""Shared fixtures: a fresh temporary database for every test, offscreen Qt, sample paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples" / "fisoko"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "данные пользователя"  # Cyrillic and a space, as on real laptops
    d.mkdir()
    return d


@pytest.fixture
def ctx(data_dir: Path):
    """An opened application context on a real, migrated SQLite file."""
    from shnor_desktop.context import AppContext

    context = AppContext.open(data_dir)
    yield context
    context.close()


@pytest.fixture
def db(ctx):
    return ctx.db


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.exists():
        pytest.fail(f"sample files not found at {SAMPLES} (shared/ must sit beside the repo)")
    return SAMPLES
