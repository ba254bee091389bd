"""A full disk or a read-only database during a save: a clear Russian message, nothing typed lost.

The faults are real SQLite errors raised by the engine itself: ``PRAGMA max_page_count`` at the
current size makes the file "full" (SQLITE_FULL), ``PRAGMA query_only`` makes it refuse writes
(SQLITE_READONLY). (Running as root, file permissions cannot make a folder read-only.)
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event

from shnor_desktop.models import School
from shnor_desktop.registry import service
from shnor_desktop.ui.dialogs.school_card import SchoolCard
from tests.helpers.typing import type_text


def _full(conn) -> None:  # type: ignore[no-untyped-def]
    pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")


def _read_only(conn) -> None:  # type: ignore[no-untyped-def]
    conn.exec_driver_sql("PRAGMA query_only = ON")


def _lift(conn) -> None:  # type: ignore[no-untyped-def]
    conn.exec_driver_sql("PRAGMA query_only = OFF")
    conn.exec_driver_sql("PRAGMA max_page_count = 1073741823")


@pytest.mark.parametrize(("fault", "message"), [
    (_full, "Недостаточно места на диске"),
    (_read_only, "только для чтения"),
])
def test_save_fails_clearly_and_keeps_what_was_typed(ctx, qtbot, monkeypatch, fault, message):
    school = service.create_school(ctx.db, {"full_name": "Муниципальное бюджетное общеобразовательное "
                                                         "учреждение «Воеводская СОШ»",
                                            "short_name": "МБОУ «Воеводская СОШ»"})
    card = SchoolCard(None, ctx, school.id)
    qtbot.addWidget(card)
    notes = card.widgets["notes"]
    typed = "Заметка методиста " * 400  # big enough to need new pages
    notes.setFocus()
    type_text(qtbot, notes, "Важно: ")
    notes.insertPlainText(typed)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))

    event.listen(ctx.db.engine, "begin", fault)
    try:
        qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    finally:
        event.remove(ctx.db.engine, "begin", fault)
    assert shown and message in shown[0]
    assert card.result() == 0  # not accepted: the card stays open with its fields
    assert card.widgets["notes"].toPlainText().startswith("Важно: Заметка методиста")
    with ctx.db.session() as s:
        assert s.get(School, school.id).notes == ""

    # the disk is freed / the folder writable again: the same card saves what was typed
    event.listen(ctx.db.engine, "begin", _lift)
    try:
        qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    finally:
        event.remove(ctx.db.engine, "begin", _lift)
    with ctx.db.session() as s:
        assert s.get(School, school.id).notes.startswith("Важно: Заметка методиста")
