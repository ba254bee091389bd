"""Empty database -> head; the migrated schema equals the models; newer databases are refused."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from shnor_desktop.models import Base
from shnor_desktop.store.backup import list_backups
from shnor_desktop.store.database import DatabaseError, DatabaseTooNew
from shnor_desktop.store.migrations import current_revision, head_revision, open_database


def test_empty_database_is_migrated_to_head_and_matches_models(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path / "backups")
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []
    assert set(inspect(db.engine).get_table_names()) >= set(Base.metadata.tables)
    db.dispose()


def test_sqlite_pragmas_are_on(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "new.sqlite3"
    db = open_database(f"sqlite:///{path}", tmp_path / "b")
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="более новой версией"):
        open_database(f"sqlite:///{path}", tmp_path / "b")
    assert path.read_bytes() == before


def test_garbage_file_is_reported_as_damaged(tmp_path):
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="повреждён"):
        open_database(f"sqlite:///{path}", tmp_path / "b")


def test_old_database_is_backed_up_before_upgrade(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = open_database(f"sqlite:///{path}", tmp_path / "b")
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO setting(key, value) VALUES ('marker', '1')")
    # pretend the schema is at the base of history: the upgrade path must back up first
    con.execute("DELETE FROM alembic_version")
    con.commit()
    con.close()
    # tables without a schema version: backed up first, then refused with a message, data kept
    with pytest.raises(DatabaseError):
        open_database(f"sqlite:///{path}", tmp_path / "backups")
    backups = list_backups(tmp_path / "backups")
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT value FROM setting WHERE key='marker'").fetchone() == (1,)
    con.close()


def test_head_constant_matches_alembic():
    from shnor_desktop.store.migrations import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def test_a_0001_database_with_data_is_backed_up_and_upgraded_keeping_the_data(tmp_path):
    from alembic import command

    from shnor_desktop.store.migrations import alembic_config

    path = tmp_path / "v1.sqlite3"
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "0001")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO district_profile(id, authority_full_name, authority_short_name, head_name, "
                "head_position, city, address, phone, email, municipality_name, municipality_code, "
                "executor_name, executor_phone, version) "
                "VALUES (1, 'Управление', '', '', '', '', '', '', '', 'г. Бийск', '', '', '', 1)")
    con.commit()
    con.close()
    db = open_database(url, tmp_path / "backups")
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT municipality_name, extra_municipalities, region_name "
                                "FROM district_profile")).one()
    assert row[0] == "г. Бийск" and row[1] in ("[]", []) and row[2] == ""
    assert len(list_backups(tmp_path / "backups")) == 1
    db.dispose()
