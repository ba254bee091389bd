"""Esc, «Отмена» and the close button on a changed record ask «Сохранить изменения?»;
an unchanged record closes silently."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from shnor_desktop.models import MethodicalVisit, Partnership, School, login_number
from shnor_desktop.registry.queries import list_schools
from shnor_desktop.ui.dialogs.partnership_dialog import PartnershipDialog
from shnor_desktop.ui.dialogs.visit_dialog import VisitDialog
from shnor_desktop.ui.widgets import forms

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def schools(db) -> list[School]:
    with db.transaction() as s:
        for i, name in enumerate(["СОШ №1", "СОШ №5"]):
            login = f"sch3000{i:02d}"
            s.add(School(fis_login=login, login_number=login_number(login), full_name=f"МБОУ «{name}»",
                         short_name=name))
    with db.session() as s:
        return list_schools(s)


class Answers(list):
    """The answers «Сохранить изменения?» gets, in order; ``asked`` records each question."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def __call__(self, _parent) -> str:
        self.asked.append("asked")
        return self.pop(0)


@pytest.fixture
def answers(monkeypatch) -> Answers:
    queue = Answers()
    monkeypatch.setattr(forms, "ask_unsaved", queue)
    return queue


def count(db, entity) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(entity))


def visit_dialog(qtbot, db, schools) -> VisitDialog:
    dialog = VisitDialog(None, db, schools, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_visit(dialog: VisitDialog) -> None:
    dialog.school.setCurrentIndex(dialog.school.findText("СОШ №5"))
    dialog.date.edit.setText("12.03.2026")
    dialog.state.setCurrentIndex(dialog.state.findText("проведён"))


def test_esc_on_a_changed_visit_then_do_not_save_writes_nothing(qtbot, db, schools, answers):
    dialog = visit_dialog(qtbot, db, schools)
    fill_visit(dialog)
    answers.append(forms.DISCARD)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == ["asked"]
    assert not dialog.isVisible()
    assert count(db, MethodicalVisit) == 0


def test_esc_then_save_saves_the_visit(qtbot, db, schools, answers):
    dialog = visit_dialog(qtbot, db, schools)
    fill_visit(dialog)
    answers.append(forms.SAVE)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == ["asked"]
    assert not dialog.isVisible(), dialog.banner.text()
    with db.session() as s:
        [visit] = s.scalars(select(MethodicalVisit)).all()
        assert (visit.date, visit.state) == (dt.date(2026, 3, 12), "done")


def test_save_with_errors_keeps_the_dialog_open(qtbot, db, schools, answers):
    dialog = visit_dialog(qtbot, db, schools)
    dialog.date.edit.setText("12.03.2026")  # no school: refused
    answers.append(forms.SAVE)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert dialog.error_text("school_id") == "Выберите школу."
    assert count(db, MethodicalVisit) == 0
    dialog.done(0)


def test_cancel_in_the_question_keeps_the_dialog_and_its_input(qtbot, db, schools, answers):
    dialog = visit_dialog(qtbot, db, schools)
    fill_visit(dialog)
    answers.append(forms.CANCEL)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.date.text() == "12.03.2026"
    answers.append(forms.DISCARD)
    dialog.close()  # the window's close button
    assert answers.asked == ["asked", "asked"]
    assert not dialog.isVisible()


def test_a_list_row_counts_as_a_change(qtbot, db, schools, answers):
    from shnor_desktop.tracking import visits as svc

    dialog = visit_dialog(qtbot, db, schools)
    dialog.members.set_rows([svc.MemberData("Иванова Мария Петровна", "методист")])
    answers.append(forms.DISCARD)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == ["asked"]


def test_an_unchanged_dialog_closes_without_a_question(qtbot, db, schools, answers):
    dialog = visit_dialog(qtbot, db, schools)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == [] and not dialog.isVisible()

    with db.transaction() as s:
        a, b = (school.id for school in schools)
        s.add(Partnership(leader_school_id=a, supported_school_id=b, state="active"))
    with db.session() as s:
        pid = s.scalar(select(Partnership.id))
    edit = PartnershipDialog(None, db, schools, partnership_id=pid)
    qtbot.addWidget(edit)
    edit.show()
    edit.close()
    assert answers.asked == [] and not edit.isVisible()


def test_a_changed_partnership_asks_and_discards(qtbot, db, schools, answers):
    dialog = PartnershipDialog(None, db, schools)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.leader.setCurrentIndex(dialog.leader.findText("СОШ №1"))
    dialog.supported.setCurrentIndex(dialog.supported.findText("СОШ №5"))
    dialog.notes.setPlainText("Совместный семинар")
    answers.append(forms.DISCARD)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == ["asked"] and not dialog.isVisible()
    assert count(db, Partnership) == 0


def test_the_question_defaults_to_cancel(qtbot, monkeypatch):
    """The real box: «Сохранить» / «Не сохранять» / «Отмена», Enter and Esc mean «Отмена»."""
    seen: list[tuple[list[str], str, str]] = []

    def exec_(box: QMessageBox) -> int:
        seen.append(([b.text() for b in box.buttons()], box.defaultButton().text(),
                     box.escapeButton().text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert forms.ask_unsaved(None) == forms.CANCEL
    [(texts, default, escape)] = seen
    assert sorted(texts) == sorted(["Сохранить", "Не сохранять", "Отмена"])
    assert default == escape == "Отмена"


# --- dates that look like a slip ------------------------------------------------------------------


def test_a_past_visit_still_planned_asks_and_no_keeps_it_open(qtbot, db, schools, monkeypatch):
    asked: list[list[str]] = []
    answers = [False, True]
    monkeypatch.setattr(forms, "confirm_anyway",
                        lambda _p, _t, warnings: asked.append(warnings) or answers.pop(0))
    dialog = visit_dialog(qtbot, db, schools)
    dialog.school.setCurrentIndex(dialog.school.findText("СОШ №5"))
    dialog.date.edit.setText("12.03.2026")  # state stays «запланирован»
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()
    assert asked == [["Выезд 12.03.2026 уже прошёл, а его состояние — «запланирован». "
                      "Если выезд состоялся, выберите «проведён», если нет — «отменён»."]]
    assert dialog.isVisible() and count(db, MethodicalVisit) == 0  # «Нет»: nothing written
    save.click()  # «Да»: saved as it is
    assert not dialog.isVisible() and count(db, MethodicalVisit) == 1


def test_a_future_planned_visit_saves_without_a_question(qtbot, db, schools, monkeypatch):
    monkeypatch.setattr(forms, "confirm_anyway", lambda *_a: pytest.fail("asked"))
    dialog = visit_dialog(qtbot, db, schools)
    dialog.school.setCurrentIndex(dialog.school.findText("СОШ №5"))
    dialog.date.edit.setText("03.12.2026")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible() and count(db, MethodicalVisit) == 1


def test_a_roadmap_measure_created_overdue_asks(qtbot, db, monkeypatch):
    from shnor_desktop.models import RoadmapItem
    from shnor_desktop.ui.dialogs.roadmap_item_dialog import RoadmapItemDialog

    asked: list[list[str]] = []
    monkeypatch.setattr(forms, "confirm_anyway", lambda _p, _t, warnings: asked.append(warnings) or False)
    dialog = RoadmapItemDialog(None, db, roadmap="Дорожная карта 2026", today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.measure.setPlainText("Анализ результатов ВПР")
    dialog.deadline.edit.setText("01.09.2026")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert asked == [["Срок мероприятия 01.09.2026 уже прошёл: мероприятие сразу окажется просроченным."]]
    assert dialog.isVisible() and count(db, RoadmapItem) == 0
    dialog.done(0)


def test_the_warning_question_defaults_to_no(qtbot, monkeypatch):
    seen: list[object] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, buttons, default: seen.append((text, default))
                        or QMessageBox.StandardButton.No)
    assert not forms.confirm_anyway(None, "Проверьте даты", ["Срок прошёл."])
    assert seen == [("• Срок прошёл.\n\nСохранить всё равно?", QMessageBox.StandardButton.No)]


def test_a_failed_write_stays_told_in_the_dialog(qtbot, db, schools, monkeypatch):
    """Not a validation error (the file is locked…): the message box, then the reason in the banner."""
    import sqlite3

    from shnor_desktop.tracking import visits as visit_svc

    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, _text, *_a: boxes.append(title))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, _text, *_a: boxes.append(title))

    def locked(*_a, **_k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(visit_svc, "save_visit", locked)
    dialog = visit_dialog(qtbot, db, schools)
    fill_visit(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert boxes == ["Выезд не сохранён"]
    assert dialog.isVisible() and dialog.banner.isVisible()
    assert dialog.banner.text().startswith("Выезд не сохранён: ")
    dialog.done(0)
