"""Shared fixtures: a fresh temporary database for every test, offscreen Qt, sample paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SAMPLES = DATA / "fisoko"  # copies of shared/samples/fisoko: a plain clone passes its tests


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
        pytest.fail(f"sample files not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test (dropped afterwards).

    scripts/test.sh starts a throwaway server and sets SHNOR_TEST_POSTGRES_URL; in CI a
    missing server is a failure, on a developer's machine without PostgreSQL a skip.
    """
    import uuid

    from sqlalchemy import create_engine, text

    admin_url = os.environ.get("SHNOR_TEST_POSTGRES_URL")
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail("SHNOR_TEST_POSTGRES_URL is not set: CI must run the PostgreSQL tests")
        pytest.skip("no PostgreSQL server (set SHNOR_TEST_POSTGRES_URL)")
    name = f"shnor_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = admin_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_ctx(data_dir, pg_url):
    """The application context on a real PostgreSQL database."""
    from shnor_desktop.context import AppContext

    context = AppContext.open(data_dir, pg_url)
    yield context
    context.close()
