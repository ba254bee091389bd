"""The audit trail records who changed what and when, per record."""

from __future__ import annotations

import pytest

from shnor_desktop.models import School
from shnor_desktop.store.audit import history, os_user


def test_insert_update_delete_are_recorded_with_the_os_user(db):
    with db.transaction() as s:
        school = School(full_name="МБОУ «СОШ № 5»", short_name="СОШ № 5", phone="1-11-11")
        s.add(school)
    with db.transaction() as s:
        s.get(School, school.id).phone = "2-22-22"
    with db.transaction() as s:
        s.delete(s.get(School, school.id))
    with db.session() as s:
        entries = history(s, "school", school.id)
    assert [e.action for e in entries] == ["delete", "update", "insert"]
    assert entries[1].changes == {"phone": ["1-11-11", "2-22-22"]}
    assert entries[2].changes["short_name"] == [None, "СОШ № 5"]
    assert {e.user for e in entries} == {os_user()}


def test_rolled_back_change_leaves_no_trace(db):
    with db.transaction() as s:
        school = School(full_name="А", short_name="А")
        s.add(school)
    with pytest.raises(RuntimeError), db.transaction() as s:
        s.get(School, school.id).phone = "не сохранится"
        s.flush()
        raise RuntimeError("сбой посреди сохранения")
    with db.session() as s:
        assert [e.action for e in history(s, "school", school.id)] == ["insert"]
        assert s.get(School, school.id).phone == ""


def test_history_dialog_shows_changes_in_russian(qtbot, ctx):
    from shnor_desktop.ui.dialogs.audit_history import AuditHistoryDialog

    with ctx.db.transaction() as s:
        school = School(full_name="Школа", short_name="Школа", inn="")
        s.add(school)
    with ctx.db.transaction() as s:
        s.get(School, school.id).inn = "2287003893"
    dialog = AuditHistoryDialog(None, ctx, "school", school.id, "Школа")
    qtbot.addWidget(dialog)
    model = dialog.model
    texts = [model.data(model.index(r, 3)) for r in range(model.rowCount())]
    assert texts[0] == "ИНН: 2287003893"
    assert model.data(model.index(0, 2)) == "изменение"


def test_school_card_opens_its_history(qtbot, ctx, monkeypatch):
    from shnor_desktop.ui.dialogs import audit_history
    from shnor_desktop.ui.dialogs.school_card import SchoolCard

    with ctx.db.transaction() as s:
        school = School(full_name="Школа", short_name="Школа")
        s.add(school)
    shown = []
    monkeypatch.setattr(audit_history.AuditHistoryDialog, "exec",
                        lambda self: shown.append(self.model.rowCount()) or 0)
    card = SchoolCard(None, ctx, school.id)
    qtbot.addWidget(card)
    assert card.history_button.isEnabled()
    card.history_button.click()
    assert shown == [1]
    assert not SchoolCard(None, ctx, None).history_button.isEnabled()
