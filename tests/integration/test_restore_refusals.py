"""`shnor restore FILE` and ``restore_database`` refuse anything that is not a backup of ours.

A missing path, a non-database file, a foreign SQLite file or a database of a newer version is
refused with a Russian message; the live database and the backups folder stay as they were.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shnor_desktop.cli import main
from shnor_desktop.models import Setting
from shnor_desktop.store.backup import BackupError, backup_database, list_backups
from shnor_desktop.store.restore import restore_database


def _seed(ctx) -> None:
    with ctx.db.transaction() as s:
        s.add(Setting(key="k", value="живые данные"))


def _value(ctx) -> object:
    with ctx.db.session() as s:
        row = s.get(Setting, "k")
        return None if row is None else row.value


def _foreign_sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.commit()
    con.close()
    return path


def _newer_backup(ctx, path: Path) -> Path:
    made = backup_database(ctx.db, ctx.paths.backups_dir)
    made.rename(path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("kind", ["missing", "text", "foreign", "newer"])
def test_restore_refuses_bad_file_and_changes_nothing(ctx, tmp_path: Path, kind: str) -> None:
    _seed(ctx)
    if kind == "missing":
        bad = tmp_path / "нет такой копии.sqlite3"
    elif kind == "text":
        bad = tmp_path / "заметки.sqlite3"
        bad.write_text("это не база данных", encoding="utf-8")
    elif kind == "foreign":
        bad = _foreign_sqlite(tmp_path / "чужая.sqlite3")
    else:
        bad = _newer_backup(ctx, tmp_path / "новее.sqlite3")
    before = list_backups(ctx.paths.backups_dir)

    with pytest.raises(BackupError) as info:
        restore_database(ctx.db, bad, ctx.paths.backups_dir)

    assert "не восстановлена" in str(info.value)
    assert _value(ctx) == "живые данные"
    assert list_backups(ctx.paths.backups_dir) == before
    assert (kind != "missing") or not bad.exists()  # a missing path is not created as an empty database


def test_cli_restore_of_missing_file_exits_1_and_keeps_the_data(ctx, data_dir: Path, tmp_path: Path,
                                                                  capsys) -> None:
    _seed(ctx)
    ctx.close()
    missing = tmp_path / "missing.sqlite3"
    code = main(["--data-dir", str(data_dir), "restore", str(missing)])
    err = capsys.readouterr().err
    assert code == 1
    assert "не восстановлена" in err and "Traceback" not in err
    assert not missing.exists()
    con = sqlite3.connect(data_dir / "shnor.sqlite3")
    assert con.execute("SELECT value FROM setting WHERE key = 'k'").fetchone() is not None
    con.close()


def test_restore_of_a_good_backup_still_works(ctx) -> None:
    _seed(ctx)
    path = backup_database(ctx.db, ctx.paths.backups_dir)
    with ctx.db.transaction() as s:
        s.get(Setting, "k").value = "после"
    restore_database(ctx.db, path, ctx.paths.backups_dir)
    assert _value(ctx) == "живые данные"


def test_refusal_is_a_database_error_the_window_shows_as_is(ctx, tmp_path: Path) -> None:
    from shnor_desktop.store.database import DatabaseError

    foreign = _foreign_sqlite(tmp_path / "чужая.sqlite3")
    with pytest.raises(DatabaseError, match="это не резервная копия базы ШНОР Desktop"):
        restore_database(ctx.db, foreign, ctx.paths.backups_dir)
