from __future__ import annotations

import sqlite3

from shnor_desktop.models import Setting
from shnor_desktop.store.backup import backup_database, list_backups, restore_database


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
