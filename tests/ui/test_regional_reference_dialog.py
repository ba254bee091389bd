"""The region's ЕГЭ figures: every wrong field is named at once, not one after another."""

from __future__ import annotations

from shnor_desktop.analytics import monitoring as mon
from shnor_desktop.ui.dialogs.regional_reference_dialog import RegionalReferenceDialog


def test_all_errors_are_shown_at_once_and_nothing_is_saved(db, qtbot) -> None:
    dialog = RegionalReferenceDialog(None, db, 2025)
    qtbot.addWidget(dialog)
    dialog.edits["ege_russian"].setText("abc")
    dialog.edits["ege_math"].setText("150")
    dialog.edits["ege_80plus"].setText("-3")
    dialog.edits["ege_elective"].setText("61,5")
    dialog.accept()
    assert "не число" in dialog.error_text("ege_russian")
    assert "от 0 до 100" in dialog.error_text("ege_math")
    assert "от 0 до 100" in dialog.error_text("ege_80plus")
    assert dialog.error_text("ege_elective") == ""
    with db.session() as session:
        assert mon.regional_reference(session, 2025) == {}
    dialog.edits["ege_russian"].setText("70")
    dialog.edits["ege_math"].setText("55,5")
    dialog.edits["ege_80plus"].setText("12")
    dialog.accept()
    with db.session() as session:
        assert mon.regional_reference(session, 2025) == {"ege_russian": 70.0, "ege_math": 55.5,
                                                         "ege_elective": 61.5, "ege_80plus": 12.0}
