"""The partnerships page and its dialogs driven through real widgets on a real temporary database."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from shnor_desktop.models import (
    DistrictProfile,
    Partnership,
    PartnershipPlanItem,
    School,
    SchoolStatus,
    login_number,
)
from shnor_desktop.tracking import partnerships as svc
from shnor_desktop.ui.dialogs.partnership_dialog import PartnershipDialog, PlanItemDialog
from shnor_desktop.ui.pages.partnerships import (
    CLOSED_FOREGROUND,
    EXPIRED_BACKGROUND,
    EXPIRED_FOREGROUND,
    PartnershipsPage,
)
from tests.helpers.modal import press_save, with_modal

TODAY = dt.date(2026, 11, 23)
STATE, PLANNED_COUNT, DONE_COUNT = 7, 8, 9  # columns of the pairs table


def add_school(session, login: str, name: str) -> int:
    s = School(fis_login=login, login_number=login_number(login), full_name=f"МБОУ «{name}»",
               short_name=name)
    session.add(s)
    session.flush()
    return s.id


@pytest.fixture
def schools(db) -> dict[str, int]:
    with db.transaction() as s:
        ids = {name: add_school(s, f"sch1000{i:02d}", name)
               for i, name in enumerate(["СОШ №6", "СОШ №10", "СОШ №2", "Зеленорощинская СОШ"])}
        s.add(DistrictProfile(city="Лениногорск"))
        return ids


@pytest.fixture
def page(ctx, qtbot, schools) -> PartnershipsPage:
    ui = types.SimpleNamespace(ctx=ctx, runner=None, window=None)
    widget = PartnershipsPage(ui, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def add_pair(db, schools, leader="СОШ №6", supported="СОШ №10", **kw) -> int:
    data = dict(number="12", agreement_date=dt.date(2026, 5, 7), city="Лениногорск",
                term_start=dt.date(2026, 5, 7), term_end=dt.date(2026, 12, 31), state="active")
    data.update(kw)
    with db.transaction() as s:
        return svc.create_partnership(s, svc.PartnershipData(schools[leader], schools[supported],
                                                             **data)).id


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, column).data(role)


def test_create_pair_through_the_dialog(page, db, schools):
    def fill(dialog: PartnershipDialog) -> None:
        assert dialog.city.text() == "Лениногорск"  # from the district profile
        choose(dialog.leader, "СОШ №6")
        choose(dialog.supported, "СОШ №10")
        dialog.number.setText("12")
        dialog.agreement_date.edit.setText("07.05.2026")
        dialog.term_start.edit.setText("07.05.2026")
        dialog.term_end.edit.setText("31.12.2026")
        choose(dialog.state, "действует")
        press_save(dialog)
        assert not dialog.isVisible()

    with_modal(page.add_button.click, fill)
    with db.session() as s:
        [p] = s.scalars(select(Partnership)).all()
        assert (p.leader.short_name, p.supported.short_name, p.number, p.agreement_date, p.city,
                p.term_end, p.state) == ("СОШ №6", "СОШ №10", "12", dt.date(2026, 5, 7), "Лениногорск",
                                         dt.date(2026, 12, 31), "active")
    assert page.pairs.rowCount() == 1
    assert page.current_partnership().id == p.id  # the new pair is selected
    assert [cell(page.pairs, 0, c) for c in range(9)] == [
        "СОШ №6", "СОШ №10", "12", "07.05.2026", "Лениногорск", "07.05.2026", "31.12.2026",
        "действует", "0"]
    assert page.plan_title.text() == "Совместный план: СОШ №6 — СОШ №10, договор № 12 от 07.05.2026"
    assert page.add_item_button.isEnabled()


def test_self_partnering_and_dates_out_of_order_are_refused(page, db):
    def fill(dialog: PartnershipDialog) -> None:
        choose(dialog.leader, "СОШ №2")
        choose(dialog.supported, "СОШ №2")
        dialog.term_start.edit.setText("01.09.2026")
        dialog.term_end.edit.setText("01.01.2026")
        dialog.agreement_date.edit.setText("31.02.2026")
        press_save(dialog)
        assert dialog.isVisible()  # kept open with the reasons
        assert dialog.error_text("supported_school_id") == (
            "Школа не может быть партнёром самой себе: выберите две разные школы.")
        assert dialog.error_text("agreement_date") == (
            "Дата договора: «31.02.2026» — не дата; введите в виде ДД.ММ.ГГГГ.")
        dialog.agreement_date.edit.setText("")
        press_save(dialog)
        assert dialog.error_text("term_end") == "Окончание срока договора раньше его начала."
        assert dialog.error_text("supported_school_id")
        assert "Не сохранено. Исправьте:" in dialog.banner.text()

    with_modal(page.add_button.click, fill)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Partnership)) == 0
    assert page.pairs.rowCount() == 0


def test_leader_flagged_shnor_gets_a_warning_but_saves(page, db, schools):
    with db.transaction() as s:
        s.add(SchoolStatus(school_id=schools["СОШ №2"], kind="shnor", year=2025))

    def fill(dialog: PartnershipDialog) -> None:
        assert dialog.warning.isHidden()
        choose(dialog.leader, "СОШ №2")
        assert not dialog.warning.isHidden()
        assert dialog.warning.text().startswith("Школа-лидер «СОШ №2» сама отнесена к ШНОР в 2025 году.")
        choose(dialog.supported, "Зеленорощинская СОШ")
        press_save(dialog)
        assert not dialog.isVisible()

    with_modal(page.add_button.click, fill)
    assert page.pairs.rowCount() == 1


def test_edit_changes_state(page, db, schools):
    pid = add_pair(db, schools)
    page.refresh()
    assert page.select_partnership(pid)

    def fill(dialog: PartnershipDialog) -> None:
        assert dialog.number.text() == "12"
        assert dialog.state.currentText() == "действует"
        choose(dialog.state, "расторгнут")
        dialog.notes.setPlainText("Расторгнут по соглашению сторон")
        press_save(dialog)

    with_modal(page.edit_button.click, fill)
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert (p.state, p.notes) == ("terminated", "Расторгнут по соглашению сторон")
    assert cell(page.pairs, 0, STATE) == "расторгнут"
    assert cell(page.pairs, 0, 0, Qt.ItemDataRole.ForegroundRole).color() == CLOSED_FOREGROUND


def test_expired_agreement_is_shown_and_highlighted(page, db, schools):
    add_pair(db, schools, term_end=dt.date(2026, 6, 30))
    add_pair(db, schools, "СОШ №2", "Зеленорощинская СОШ", number="13")
    page.refresh()
    rows = {page.pairs.row_object(r).number: r for r in range(page.pairs.rowCount())}
    assert cell(page.pairs, rows["12"], STATE) == "истёк"
    assert cell(page.pairs, rows["12"], 0, Qt.ItemDataRole.BackgroundRole).color() == EXPIRED_BACKGROUND
    assert cell(page.pairs, rows["12"], 0, Qt.ItemDataRole.ForegroundRole).color() == EXPIRED_FOREGROUND
    assert cell(page.pairs, rows["13"], STATE) == "действует"
    assert cell(page.pairs, rows["13"], 0, Qt.ItemDataRole.BackgroundRole) is None
    # stored state is unchanged: «истёк» is how the date reads it
    with db.session() as s:
        assert {p.state for p in s.scalars(select(Partnership))} == {"active"}


def test_joint_plan_add_validate_done_and_delete(page, db, schools, monkeypatch):
    pid = add_pair(db, schools)
    page.refresh()
    page.select_partnership(pid)

    def fill(dialog: PlanItemDialog) -> None:
        choose(dialog.kind, "стажировка")
        dialog.title.setText("Стажировка учителей математики")
        dialog.date_from.edit.setText("09.10.2026")
        dialog.date_to.edit.setText("05.10.2026")
        press_save(dialog)
        assert dialog.error_text("date_to") == "Дата окончания мероприятия раньше даты начала."
        dialog.date_to.edit.setText("13.10.2026")
        dialog.responsible.setText("Иванова М.П.")
        dialog.participants.setText("учителя математики СОШ №10")
        press_save(dialog)
        assert not dialog.isVisible()

    with_modal(page.add_item_button.click, fill)
    assert page.plan.rowCount() == 1
    assert [cell(page.plan, 0, c) for c in range(7)] == [
        "стажировка", "Стажировка учителей математики", "09.10.2026", "13.10.2026", "Иванова М.П.",
        "учителя математики СОШ №10", "запланировано"]
    assert (cell(page.pairs, 0, PLANNED_COUNT), cell(page.pairs, 0, DONE_COUNT)) == ("1", "0")
    # planned, yet its dates are past: highlighted as late
    assert cell(page.plan, 0, 0, Qt.ItemDataRole.BackgroundRole) is not None

    page.plan_table.view.selectRow(0)

    def mark_done(dialog: PlanItemDialog) -> None:
        choose(dialog.state, "выполнено")
        dialog.result_text.setPlainText("Стажировку прошли 5 учителей")
        press_save(dialog)

    with_modal(page.edit_item_button.click, mark_done)
    assert cell(page.plan, 0, 6) == "выполнено"
    assert cell(page.plan, 0, 0, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(page.pairs, 0, DONE_COUNT) == "1"

    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: questions.append(a[2]) or QMessageBox.StandardButton.Yes)
    page.plan_table.view.selectRow(0)
    page.delete_item_button.click()
    assert questions == ["Удалить из совместного плана мероприятие «Стажировка учителей математики»?"]
    assert page.plan.rowCount() == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(PartnershipPlanItem)) == 0


def test_delete_pair_asks_first_and_says_what_goes(page, db, schools, monkeypatch):
    pid = add_pair(db, schools)
    with db.transaction() as s:
        svc.add_plan_item(s, pid, svc.PlanItemData("Семинар"))
        svc.add_plan_item(s, pid, svc.PlanItemData("Мастер-класс", "master_class"))
    page.refresh()
    page.select_partnership(pid)
    questions: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: questions.append(a[2]) or answer)

    page.delete_button.click()
    assert questions[0] == ("Удалить партнёрство «СОШ №6 — СОШ №10, договор № 12 от 07.05.2026»?\n\n"
                            "Вместе с ним будет удалён совместный план: 2 мероприятия.\n"
                            "Школы в реестре останутся.")
    assert page.pairs.rowCount() == 1  # «Нет» keeps everything

    answer = QMessageBox.StandardButton.Yes
    page.delete_button.click()
    assert page.pairs.rowCount() == 0
    assert page.plan.rowCount() == 0
    assert not page.edit_button.isEnabled()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(PartnershipPlanItem)) == 0
        assert s.scalar(select(func.count()).select_from(School)) == 4


def test_tables_search_and_export(page, db, schools, tmp_path):
    add_pair(db, schools)
    add_pair(db, schools, "СОШ №2", "Зеленорощинская СОШ", number="13")
    page.refresh()
    page.pair_table.search.setText("зеленорощ")
    assert [p.number for p in page.pairs.objects()] == ["13"]
    page.pair_table.search.clear()
    path = page.pair_table.export_to(tmp_path / "пары.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]][:3] == ["Школа 1 — лидер", "Школа 2 — поддерживаемая", "№ договора"]
    assert sheet.max_row == 3


def test_pages_reachable_from_the_main_window(ctx, qtbot):
    from shnor_desktop.ui.main_window import PAGES, MainWindow
    from shnor_desktop.ui.pages.visits import VisitsPage

    window = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(window)
    titles = [spec.title for spec in PAGES]
    assert titles.index("Методические выезды") == titles.index("Сетевое взаимодействие") + 1
    assert isinstance(window.show_page("partnerships"), PartnershipsPage)
    assert isinstance(window.show_page("visits"), VisitsPage)


def test_show_record_selects_the_pair_and_the_measure(page, db, schools):
    add_pair(db, schools)
    pid = add_pair(db, schools, "СОШ №2", "Зеленорощинская СОШ", number="13")
    with db.transaction() as s:
        svc.add_plan_item(s, pid, svc.PlanItemData("Семинар", date_from=dt.date(2026, 9, 1)))
        item_id = svc.add_plan_item(s, pid, svc.PlanItemData("Консультация", "consultation")).id
    page.refresh()
    page.pair_table.search.setText("СОШ №6")  # a search that hides the pair is cleared
    assert page.show_record("plan_item", item_id)
    assert page.current_partnership().id == pid
    assert page.current_plan_item().title == "Консультация"
    assert page.show_record("agreement", pid)
    assert not page.show_record("plan_item", 999)
