"""The roadmap page: template, create/edit/validate, state change, overdue rows in red."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from shnor_desktop.models import RoadmapItem
from shnor_desktop.tracking import roadmap as svc
from shnor_desktop.ui.pages import roadmap as page_module
from shnor_desktop.ui.pages.roadmap import (
    DONE_FOREGROUND,
    OVERDUE_BACKGROUND,
    OVERDUE_FOREGROUND,
    RoadmapPage,
)

TODAY = dt.date(2026, 11, 23)
BG, FG = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole


@pytest.fixture(autouse=True)
def no_error_boxes(monkeypatch):
    def critical(_parent, title, text, *_args):
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(QMessageBox, "critical", critical)


@pytest.fixture
def page(ctx, qtbot):
    p = RoadmapPage(types.SimpleNamespace(ctx=ctx, runner=None, window=None), today=lambda: TODAY)
    qtbot.addWidget(p)
    return p


def saved(dialog) -> bool:
    dialog.accept()
    return dialog.result() == QDialog.DialogCode.Accepted


def add(db, **kw):
    with db.transaction() as s:
        return svc.create_item(s, svc.RoadmapItemData(**{"roadmap": "Карта 2026/27", **kw})).id


def row(page, item_id):
    r = page.model.row_of(lambda i: i.id == item_id)
    assert r >= 0
    return r


def test_create_from_template_reproduces_seed_003(page, db, monkeypatch):
    dialog = page.make_template_dialog()
    assert dialog.year.value() == 2026  # November: the school year 2026–2027
    assert dialog.name.text() == "Профилактика учебной неуспешности, 2026–2027 учебный год"
    dialog.year.setValue(2025)
    assert dialog.name.text() == "Профилактика учебной неуспешности, 2025–2026 учебный год"

    def accept(d):
        d.year.setValue(2025)
        return saved(d)

    monkeypatch.setattr(page_module, "run_dialog", accept)
    assert page.create_from_template()
    assert page.current_roadmap() == "Профилактика учебной неуспешности, 2025–2026 учебный год"
    assert page.model.rowCount() == 21
    first = [page.model.index(0, c).data() for c in range(7)]
    assert first[0] == "1.1."
    assert first[2] == "Сравнительный анализ образовательных результатов ОГЭ, ЕГЭ, ВПР"
    assert first[3] == "Мониторинги оценочных процедур в ОО"
    assert first[4] == "Июль-сентябрь"
    assert first[5] == "30.09.2025"
    assert first[6] == "419"  # 30.09.2025 -> 23.11.2026: 365 + 31 + 23 days
    assert page.model.index(20, 0).data() == "3.4."
    assert page.summary.text() == "Мероприятий: 21, выполнено: 0, просрочено: 21"
    # the same name again is refused in the dialog, nothing is added
    again = page.make_template_dialog()
    again.year.setValue(2025)
    assert not saved(again)
    assert "уже есть" in again.error_text("roadmap")
    with db.session() as s:
        assert len(svc.list_items(s)) == 21


def test_overdue_rows_are_red_and_others_are_not(page, db):
    late = add(db, measure="Анализ ВПР", deadline=dt.date(2026, 11, 1), state="in_progress")
    due_today = add(db, measure="Педсовет", deadline=TODAY)
    done = add(db, measure="Семинар", deadline=dt.date(2026, 10, 1), state="done")
    page.refresh()
    r = row(page, late)
    assert page.model.index(r, 2).data(BG).color() == OVERDUE_BACKGROUND
    assert page.model.index(r, 2).data(FG).color() == OVERDUE_FOREGROUND
    assert page.model.index(r, 6).data() == "22"
    assert page.model.index(row(page, due_today), 2).data(BG) is None
    assert page.model.index(row(page, due_today), 2).data(FG) is None
    assert page.model.index(row(page, done), 2).data(BG) is None
    assert page.model.index(row(page, done), 2).data(FG).color() == DONE_FOREGROUND
    page.overdue_only.setChecked(True)
    assert [page.model.row_object(i).id for i in range(page.model.rowCount())] == [late]


def test_add_validates_then_saves(page, db):
    add(db, measure="Первое", task="Задача 1", periodicity="ежегодно")
    page.refresh()
    dialog = page.make_item_dialog()
    assert dialog.roadmap.text() == "Карта 2026/27"
    dialog.deadline.edit.setText("32.01.2027")
    assert not saved(dialog)
    assert dialog.error_text("measure") == "Введите мероприятие."
    assert "не дата" in dialog.error_text("deadline")
    dialog.deadline.edit.setText("")
    dialog.measure.setPlainText("Собеседование с руководителями ШНОР")
    assert not saved(dialog)
    assert dialog.error_text("deadline") == "Укажите срок (дату) или периодичность проведения мероприятия."
    dialog.periodicity.setText("март 2027 года")
    dialog.deadline.set_date(dt.date(2027, 3, 31))
    dialog.task.setCurrentText("Задача 1")
    dialog.responsible.setText("Духнай С.С. – заместитель начальника управления образования")
    assert saved(dialog)
    page.refresh()
    r = row(page, dialog.saved_id)
    assert page.model.index(r, 0).data() == "1.2."
    assert page.model.index(r, 7).data() == "запланировано"


def test_edit_and_state_change_clear_the_red(page, db, monkeypatch):
    item = add(db, measure="Анализ ВПР", deadline=dt.date(2026, 11, 1))
    page.refresh()

    def edit(d):
        assert d.measure.toPlainText() == "Анализ ВПР"
        d.evidence.setText("Справка от 20.11.2026")
        return saved(d)

    monkeypatch.setattr(page_module, "run_dialog", edit)
    assert page.edit_item(item)
    assert page.table.current_object().id == item
    page.set_state("done")
    r = row(page, item)
    assert page.model.index(r, 7).data() == "выполнено"
    assert page.model.index(r, 2).data(BG) is None
    with db.session() as s:
        stored = s.get(RoadmapItem, item)
        assert (stored.state, stored.evidence) == ("done", "Справка от 20.11.2026")


def test_delete_asks_first(page, db, monkeypatch):
    a = add(db, measure="Первое", periodicity="ежегодно")
    b = add(db, measure="Второе", periodicity="ежегодно")
    page.refresh()
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or next(answers))
    page.table.select_where(lambda i: i.id == a)
    page.delete_items()
    assert page.model.rowCount() == 2
    assert asked[0].startswith("Удалить мероприятие «Первое»?")
    page.delete_items()
    with db.session() as s:
        assert [i.id for i in svc.list_items(s)] == [b]


def test_show_overdue_from_the_start_page(page, db):
    late = add(db, measure="Просрочено", deadline=dt.date(2026, 1, 1))
    add(db, roadmap="Другая", measure="В срок", deadline=dt.date(2027, 1, 1))
    page.refresh()
    page.show_overdue()
    assert page.current_roadmap() is None and page.overdue_only.isChecked()
    assert [page.model.row_object(i).id for i in range(page.model.rowCount())] == [late]
    assert page.select_item(late)


def test_evidence_document_from_the_journal(page, db):
    from shnor_desktop.models import GeneratedDocument

    item = add(db, measure="Приказ о мониторинге", deadline=dt.date(2026, 9, 1))
    with db.transaction() as s:
        doc = GeneratedDocument(kind="order_monitoring", number="152", year=2026,
                                doc_date=dt.date(2026, 8, 30), title="Приказ о проведении мониторинга")
        s.add(doc)
        s.flush()
        doc_id = doc.id
    page.refresh()
    dialog = page.make_item_dialog(item)
    dialog.evidence_document.setCurrentIndex(dialog.evidence_document.findData(doc_id))
    dialog.state.setCurrentIndex(dialog.state.findData("done"))
    assert saved(dialog)
    page.refresh()
    evidence = page.model.index(row(page, item), 9).data()
    assert evidence == "№ 152 от 30.08.2026 — Приказ о проведении мониторинга"
    with db.session() as s:
        assert s.get(RoadmapItem, item).evidence_document_id == doc_id
