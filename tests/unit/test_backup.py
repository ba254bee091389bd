from __future__ import annotations

import sqlite3

from shnor_desktop.models import Setting
from shnor_desktop.store.backup import backup_database, list_backups
from shnor_desktop.store.restore import restore_database


def test_backup_and_restore_roundtrip(ctx):
    with ctx.db.transaction() as s:
        s.add(Setting(key="k", value="до"))
    path = backup_database(ctx.db, ctx.paths.backups_dir)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    with ctx.db.transaction() as s:
        s.get(Setting, "k").value = "после"
    safety = restore_database(ctx.db, path, ctx.paths.backups_dir)
    with ctx.db.session() as s:
        assert s.get(Setting, "k").value == "до"
    assert safety in list_backups(ctx.paths.backups_dir)


def test_rotation_keeps_daily_weekly_and_migration_copies(tmp_path):
    import datetime as dt

    from shnor_desktop.store.backup import rotate_backups

    d = tmp_path / "b"
    d.mkdir()
    start = dt.date(2026, 1, 1)
    for i in range(120):  # 120 days, two copies a day
        day = start + dt.timedelta(days=i)
        for hour in ("08", "18"):
            (d / f"shnor-{day:%Y%m%d}-{hour}0000-000000-daily.sqlite3").write_bytes(b"x")
    (d / "shnor-20260105-100000-000000-before-migration.sqlite3").write_bytes(b"x")
    rotate_backups(d, daily=7, weekly=8, monthly=12)
    left = sorted(p.name for p in d.iterdir())
    assert "shnor-20260105-100000-000000-before-migration.sqlite3" in left
    last_day = start + dt.timedelta(days=119)
    assert f"shnor-{last_day:%Y%m%d}-180000-000000-daily.sqlite3" in left
    assert f"shnor-{last_day:%Y%m%d}-080000-000000-daily.sqlite3" not in left
    assert 7 <= len(left) <= 7 + 8 + 12 + 1


def test_daily_backup_once_a_day(ctx):
    import datetime as dt

    from shnor_desktop.store.backup import daily_backup, list_backups

    # opening the context made today's copy; a second call the same day makes none
    assert [p.name.endswith("-daily.sqlite3") for p in list_backups(ctx.paths.backups_dir)] == [True]
    assert daily_backup(ctx.db, ctx.paths.backups_dir, today=dt.date.today()) is None
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert daily_backup(ctx.db, ctx.paths.backups_dir, today=tomorrow) is not None
