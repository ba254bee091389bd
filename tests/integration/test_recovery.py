"""A damaged database is detected on start; the latest backup is offered; nothing is deleted."""

from __future__ import annotations

import pytest

from shnor_desktop.context import AppContext
from shnor_desktop.models import School
from shnor_desktop.store.backup import backup_database
from shnor_desktop.store.database import DatabaseError
from shnor_desktop.store.recovery import is_healthy, latest_good_backup, recover_from_backup


def damage(path):
    data = bytearray(path.read_bytes())
    data[0:100] = b"\x00" * 100  # the header: SQLite no longer recognises the file
    path.write_bytes(bytes(data))


def test_damaged_database_is_detected_and_restored_from_backup(data_dir):
    ctx = AppContext.open(data_dir)
    with ctx.db.transaction() as s:
        s.add(School(full_name="МБОУ «СОШ № 3»", short_name="СОШ № 3"))
    good = backup_database(ctx.db, ctx.paths.backups_dir, reason="manual")
    db_file = ctx.paths.database_file
    ctx.close()
    damage(db_file)
    assert not is_healthy(db_file)
    with pytest.raises(DatabaseError, match="повреждён"):
        AppContext.open(data_dir)
    assert latest_good_backup(ctx.paths.backups_dir) == good
    aside = recover_from_backup(db_file, good)
    assert aside.exists() and aside.stat().st_size > 0  # the damaged file is kept
    ctx2 = AppContext.open(data_dir)
    try:
        with ctx2.db.session() as s:
            assert [x.short_name for x in s.query(School)] == ["СОШ № 3"]
    finally:
        ctx2.close()


def test_window_offers_the_backup(data_dir, qapp, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from shnor_desktop import __main__ as app_main
    from shnor_desktop.paths import AppPaths

    ctx = AppContext.open(data_dir)
    with ctx.db.transaction() as s:
        s.add(School(full_name="Школа", short_name="Школа"))
    backup_database(ctx.db, ctx.paths.backups_dir, reason="manual")
    ctx.close()
    damage(ctx.paths.database_file)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    try:
        AppContext.open(data_dir)
    except DatabaseError as exc:
        recovered = app_main.offer_recovery(AppPaths.create(data_dir), exc)
    assert asked and "резервной копии" in asked[0]
    assert recovered is not None
    with recovered.db.session() as s:
        assert s.query(School).count() == 1
    recovered.close()
