"""The start page: what needs attention today, each item opening its page; the ШНОР target."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from shnor_desktop.models import (
    MethodicalVisit,
    Partnership,
    Recommendation,
    RoadmapItem,
    School,
    SchoolStatus,
)
from shnor_desktop.ui.pages.start import OVERDUE_FOREGROUND, StartPage

TODAY = dt.date(2026, 11, 25)  # Wednesday


@pytest.fixture(autouse=True)
def no_error_boxes(monkeypatch):
    def critical(_parent, title, text, *_args):
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(QMessageBox, "critical", critical)


class FakeWindow:
    def __init__(self) -> None:
        self.shown: list[str] = []
        self.pages: dict[str, object] = {}

    def show_page(self, key: str) -> object:
        self.shown.append(key)
        return self.pages.get(key)


@pytest.fixture
def records(db):
    with db.transaction() as s:
        a = School(full_name="МБОУ «СОШ № 6»", short_name="СОШ № 6")
        b = School(full_name="МБОУ «СОШ № 10»", short_name="СОШ № 10")
        s.add_all([a, b])
        s.flush()
        s.add(SchoolStatus(school_id=a.id, kind="shnor", year=2025))
        late = RoadmapItem(roadmap="К", measure="Анализ ВПР", deadline=dt.date(2026, 11, 1),
                           responsible="Хняч И.Н.")
        s.add(late)
        s.add(RoadmapItem(roadmap="К", measure="В срок", deadline=dt.date(2026, 12, 1)))
        visit = MethodicalVisit(school_id=a.id, date=dt.date(2026, 11, 27), purpose="Изучение уроков")
        old = MethodicalVisit(school_id=b.id, date=dt.date(2026, 10, 1), state="done")
        s.add_all([visit, old])
        s.flush()
        s.add(Recommendation(visit_id=old.id, text="Провести педсовет", deadline=dt.date(2026, 11, 20)))
        partnership = Partnership(leader_school_id=b.id, supported_school_id=a.id, number="4", state="active",
                                  term_end=dt.date(2026, 12, 31))
        s.add(partnership)
        s.flush()
        return types.SimpleNamespace(late=late.id, visit=visit.id, partnership=partnership.id)


@pytest.fixture
def window():
    return FakeWindow()


@pytest.fixture
def page(ctx, qtbot, window, records):
    p = StartPage(types.SimpleNamespace(ctx=ctx, runner=None, window=window), today=lambda: TODAY)
    qtbot.addWidget(p)
    return p


def test_cards_and_list(page):
    assert page.heading.text() == "На контроле сегодня — 25.11.2026, среда"
    counts = {key: page.card_count(key) for key in page.cards}
    assert counts == {"roadmap": 1, "visits": 1, "recommendations": 1, "agreements": 1, "plan_items": 0,
                      "risk_measures": 0}
    assert page.cards["roadmap"].text() == "Просроченные мероприятия дорожной карты\n1"
    model = page.model
    rows = [(model.index(r, 0).data(), model.index(r, 1).data(), model.index(r, 3).data())
            for r in range(model.rowCount())]
    assert rows == [
        ("Дорожная карта", "Анализ ВПР", "24"),
        ("Методический выезд", "Выезд в СОШ № 6: Изучение уроков", ""),
        ("Рекомендация после выезда", "СОШ № 10: Провести педсовет", "5"),
        ("Договор о сотрудничестве", "Договор № 4 СОШ № 10 — СОШ № 6", ""),
    ]
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_FOREGROUND
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.empty.isHidden()


def test_every_item_opens_its_page(page, window):
    for r in range(page.model.rowCount()):
        page.table.activated.emit(page.model.row_object(r))
    assert window.shown == ["roadmap", "visits", "visits", "partnerships"]
    page.cards["agreements"].click()
    page.cards["recommendations"].click()
    assert window.shown[-2:] == ["partnerships", "visits"]
    page.monitoring_button.click()
    assert window.shown[-1] == "monitoring"


def test_target_is_shown_and_editable(page, monkeypatch, db):
    # no target of another district: «Цель не задана» with a link that opens the dialog
    assert page.target_label.text() == (
        "ШНОР в 2025 г.: 1 ОО (50,0\u00a0%). Цель не задана. <a href='target'>Задать…</a>")
    assert page.target_button.text() == "Задать цель…"
    opened = []
    monkeypatch.setattr(type(page), "edit_target", lambda self: opened.append(True) or False)
    page.target_label.linkActivated.emit("target")
    assert opened == [True]
    monkeypatch.undo()
    from shnor_desktop.tracking import attention as att

    with db.transaction() as s:
        att.save_target(s, {"base_year": 2022, "base_count": 5, "base_percent": 29.0,
                            "target_year": 2024, "target_count": 1, "target_percent": 5.0})
    page.refresh()
    assert page.target_label.text() == (
        "ШНОР в 2025 г.: 1 ОО (50,0\u00a0%). Цель: 5 ОО (29 %) в 2022 г. → 1 ОО (5 %) к 2024 г. "
        "Цель достигнута.")
    assert page.target_button.text() == "Изменить цель…"
    dialog = page.make_target_dialog()
    values = (dialog.base_count.value(), dialog.target_count.value(), dialog.target_year.value())
    assert values == (5, 1, 2024)
    dialog.base_year.setValue(2025)
    dialog.target_year.setValue(2024)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_text("target_year") == "Год цели не может быть раньше исходного года."

    def fill(d):
        d.base_year.setValue(2025)
        d.base_count.setValue(1)
        d.base_percent.setValue(50)
        d.target_year.setValue(2027)
        d.target_count.setValue(0)
        d.target_percent.setValue(0)
        d.accept()
        return d.result()

    monkeypatch.setattr(QDialog, "exec", fill)
    assert page.edit_target()
    assert page.target_label.text().endswith(
        "Цель: 1 ОО (50 %) в 2025 г. → 0 ОО (0 %) к 2027 г. До цели: на 1 школу меньше.")


def test_nothing_to_do(ctx, qtbot):
    p = StartPage(types.SimpleNamespace(ctx=ctx, runner=None, window=FakeWindow()), today=lambda: TODAY)
    qtbot.addWidget(p)
    assert p.model.rowCount() == 0 and not p.empty.isHidden()
    assert p.target_label.text().startswith("Статусы ШНОР ещё не присвоены ни одной школе.")


def test_in_the_main_window_start_comes_first_and_opens_the_roadmap_item(ctx, qtbot, db):
    from shnor_desktop.ui.main_window import PAGES, MainWindow

    assert PAGES[0].key == "start"
    keys = [p.key for p in PAGES]
    assert keys.index("mentoring") < keys.index("roadmap") < keys.index("monitoring")
    with db.transaction() as s:
        item = RoadmapItem(roadmap="К", measure="Давно просрочено", deadline=dt.date(2000, 1, 1))
        s.add(item)
    window = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(window)
    start = window.page("start")
    assert window.current_page() is start
    attention_item = next(i for i in start.attention.roadmap if i.record_id == item.id)
    roadmap = start.open_item(attention_item)
    assert window.nav.currentItem().text() == "Дорожная карта"
    assert window.current_page() is roadmap
    assert roadmap.table.current_object().id == item.id
