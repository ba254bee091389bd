"""The registry page and the school card driven like a person would, on a real temporary database."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import func, select

from shnor_desktop.models import DistrictProfile, School, SchoolContext, SchoolStatus
from shnor_desktop.registry import service
from shnor_desktop.ui.dialogs.school_card import TAB_MAIN, TAB_STATUSES, SchoolCard
from shnor_desktop.ui.main_window import MainWindow
from shnor_desktop.ui.pages.registry import ARCHIVED_COLOR, STATUS_COLUMN, RegistryPage

THIS_YEAR = dt.date.today().year


def add_school(db, short: str, *, kind: str = "СОШ", login: str = "",
               statuses: dict[int, list[str]] | None = None, **more) -> School:
    school = service.create_school(db, {"full_name": f"Муниципальное бюджетное общеобразовательное "
                                                     f"учреждение «{short}»",
                                        "short_name": short, "kind": kind, "fis_login": login, **more})
    for year, kinds in (statuses or {}).items():
        for status in kinds:
            service.set_status(db, school.id, status, year, reason="по итогам ВПР")
    return school


def count_schools(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(School))


@pytest.fixture
def window(ctx, qtbot) -> MainWindow:
    win = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def page(window) -> RegistryPage:
    page = window.show_page("registry")
    assert isinstance(page, RegistryPage)
    return page


@pytest.fixture
def district(db) -> list[School]:
    return [
        add_school(db, "МБОУ «Воеводская СОШ»", login="edu224052", statuses={2025: ["shnor", "shnsu"]},
                   director_name="Хороброва Наталья Викторовна", pupils=163, teachers=17, is_rural=True),
        add_school(db, "МБОУ «Побединская СОШ»", login="edu224058", statuses={2025: ["shnsu"]}, pupils=86),
        add_school(db, "МБОУ «Марушинская ООШ»", kind="ООШ", login="edu224055", statuses={2024: ["shnor"]}),
        add_school(db, "МБОУ «Гимназия № 3»", kind="гимназия", login="edu224060", statuses={2025: ["leader"]},
                   is_rural=False, pupils=904),
    ]


def names(page: RegistryPage) -> list[str]:
    return [s.short_name for s in page.model.objects()]


def cell(page: RegistryPage, short_name: str, column: int) -> str:
    row = page.model.row_of(lambda s: s.short_name == short_name)
    assert row >= 0, f"{short_name} is not shown"
    return page.model.index(row, column).data()


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard would. QTest.keyClicks aborts on non-ASCII characters
    (an assertion in qasciikey.cpp), so Cyrillic letters go as key events carrying their text."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)


def type_into(qtbot, card: SchoolCard, field: str, text: str) -> None:
    widget = card.widgets[field]
    target = getattr(widget, "edit", widget)
    target.clear()
    type_text(qtbot, target, text)


# --- the card -----------------------------------------------------------------------------------------

def test_create_a_school_through_the_card(page, qtbot, db) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    card = page.card
    assert card is not None and card.windowTitle() == "Новая образовательная организация"
    type_into(qtbot, card, "fis_login", "edu224052")
    type_into(qtbot, card, "full_name", "Муниципальное бюджетное общеобразовательное учреждение "
                                        "«Воеводская средняя общеобразовательная школа»")
    type_into(qtbot, card, "short_name", "МБОУ «Воеводская СОШ»")
    card.widgets["legal_form"].setCurrentText("МБОУ")
    card.widgets["kind"].setCurrentText("СОШ")
    type_into(qtbot, card, "inn", "2287003893")
    type_into(qtbot, card, "email", "voevodsk_school@mail.ru")
    type_into(qtbot, card, "phone", "8 (38596) 38-3-16")
    type_into(qtbot, card, "director_name", "Хороброва Наталья Викторовна")
    card.widgets["director_gender"].setCurrentIndex(card.widgets["director_gender"].findData("f"))
    type_into(qtbot, card, "licence_date", "13.01.2016")
    card.widgets["is_rural"].setCurrentIndex(card.widgets["is_rural"].findData(True))
    type_into(qtbot, card, "pupils", "163")
    type_into(qtbot, card, "teachers", "17")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.card is None)
    with db.session() as s:
        school = s.scalar(select(School))
    assert school.short_name == "МБОУ «Воеводская СОШ»" and school.login_number == "224052"
    assert (school.inn, school.email) == ("2287003893", "voevodsk_school@mail.ru")
    assert school.director_gender == "f"
    assert school.licence_date == dt.date(2016, 1, 13)
    assert (school.pupils, school.teachers, school.is_rural) == (163, 17, True)
    assert names(page) == ["МБОУ «Воеводская СОШ»"]
    assert page.table.current_object().id == school.id
    assert cell(page, "МБОУ «Воеводская СОШ»", 8) == "село"


def test_edit_a_school_opened_by_double_click(page, qtbot, db, district) -> None:
    page.refresh()
    row = page.model.row_of(lambda s: s.short_name == "МБОУ «Побединская СОШ»")
    view = page.table.view
    rect = view.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    card = page.card
    assert card is not None and card.windowTitle() == "Карточка ОО — МБОУ «Побединская СОШ»"
    assert card.widgets["pupils"].text() == "86"
    type_into(qtbot, card, "director_name", "Шабунина Лариса Владимировна")
    type_into(qtbot, card, "pupils", "90")
    type_into(qtbot, card, "accreditation_date", "01.02.2015")
    type_into(qtbot, card, "accreditation_valid_until", "01.02.2027")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.card is None)

    school = service.load_school(db, district[1].id)
    assert school.director_name == "Шабунина Лариса Владимировна" and school.pupils == 90
    assert (school.accreditation_date, school.accreditation_valid_until) == (dt.date(2015, 2, 1),
                                                                            dt.date(2027, 2, 1))
    assert cell(page, "МБОУ «Побединская СОШ»", 5) == "Шабунина Лариса Владимировна"
    assert cell(page, "МБОУ «Побединская СОШ»", 6) == "90"
    assert count_schools(db) == 4


def test_validation_errors_are_shown_in_russian_and_nothing_is_saved(page, qtbot, db) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    card = page.card
    type_into(qtbot, card, "full_name", "Муниципальное казённое общеобразовательное учреждение")
    type_into(qtbot, card, "inn", "2287003894")  # the last digit changed
    type_into(qtbot, card, "email", "voevodsk_school.mail.ru")
    type_into(qtbot, card, "licence_date", "31.02.2020")
    card.tabs.setCurrentIndex(2)
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)

    assert card.isVisible() and page.card is card
    assert card.error_text("short_name") == "Введите краткое наименование школы."
    assert "не сходится контрольное число" in card.error_text("inn")
    assert "электронной почты записан неверно" in card.error_text("email")
    assert "не дата" in card.error_text("licence_date")
    assert card.error_text("full_name") == ""
    assert card.banner.isVisible() and card.banner.text().startswith("Карточка не сохранена. Исправьте:")
    assert "• ИНН:" in card.banner.text()
    assert card.tabs.currentIndex() == TAB_MAIN  # turned to the first wrong field
    assert count_schools(db) == 0 and names(page) == []

    type_into(qtbot, card, "short_name", "МКОУ «Шалапская НОШ»")
    type_into(qtbot, card, "inn", "2287003893")
    type_into(qtbot, card, "email", "shalap@mail.ru")
    type_into(qtbot, card, "licence_date", "")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.card is None)
    assert count_schools(db) == 1 and names(page) == ["МКОУ «Шалапская НОШ»"]


def test_a_login_of_another_school_is_refused(page, qtbot, db, district) -> None:
    card = page.open_card(district[1].id)
    type_into(qtbot, card, "fis_login", "sch224052")  # the number of Воеводская
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert "уже есть в реестре: «МБОУ «Воеводская СОШ»»" in card.error_text("fis_login")
    assert service.load_school(db, district[1].id).fis_login == "edu224058"


def test_a_future_licence_date_is_refused(page, qtbot, db, district) -> None:
    card = page.open_card(district[0].id)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    type_into(qtbot, card, "licence_date", tomorrow.strftime("%d.%m.%Y"))
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert "не может быть позже сегодняшнего дня" in card.error_text("licence_date")
    assert card.tabs.currentIndex() == 2
    assert service.load_school(db, district[0].id).licence_date is None


# --- archive ------------------------------------------------------------------------------------------

def test_archive_then_restore(page, qtbot, db, district, monkeypatch) -> None:
    asked: list[str] = []

    def yes(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    page.refresh()
    assert page.select_school(district[2].id)
    assert page.archive_button.text() == "В архив"
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert "«МБОУ «Марушинская ООШ»»" in asked[0] and "не удаляется" in asked[0]
    assert "МБОУ «Марушинская ООШ»" not in names(page)
    assert service.load_school(db, district[2].id).archived is True
    assert count_schools(db) == 4

    page.show_archived.setChecked(True)
    assert "МБОУ «Марушинская ООШ»" in names(page)
    row = page.model.row_of(lambda s: s.id == district[2].id)
    assert page.model.index(row, 1).data(Qt.ItemDataRole.ForegroundRole).color() == ARCHIVED_COLOR
    assert page.model.index(0 if row else 1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.select_school(district[2].id)
    assert page.archive_button.text() == "Вернуть из архива"
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1  # restoring asks nothing
    assert service.load_school(db, district[2].id).archived is False
    page.show_archived.setChecked(False)
    assert "МБОУ «Марушинская ООШ»" in names(page)


def test_archive_cancelled_changes_nothing(page, qtbot, db, district, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.No))
    page.refresh()
    page.select_school(district[0].id)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert service.load_school(db, district[0].id).archived is False
    assert len(names(page)) == 4


# --- search, filters, year ----------------------------------------------------------------------------

def test_search_narrows_rows(page, qtbot, district) -> None:
    page.refresh()
    assert len(names(page)) == 4
    type_text(qtbot, page.table.search, "воевод")
    assert names(page) == ["МБОУ «Воеводская СОШ»"]
    assert page.table.count_label.text() == "1 из 4"
    page.table.search.clear()
    type_text(qtbot, page.table.search, "224055")
    assert names(page) == ["МБОУ «Марушинская ООШ»"]
    page.table.search.clear()
    type_text(qtbot, page.table.search, "ШНСУ")  # the statuses of the year are searchable too
    assert sorted(names(page)) == ["МБОУ «Воеводская СОШ»", "МБОУ «Побединская СОШ»"]


def test_status_year_filter_and_kind_filter(page, district) -> None:
    page.refresh()
    assert page.year_box.value() == 2025  # the latest year with statuses
    assert page.model.headerData(STATUS_COLUMN, Qt.Orientation.Horizontal) == "Статусы 2025 г."
    assert cell(page, "МБОУ «Воеводская СОШ»", STATUS_COLUMN) == "ШНОР, ШНСУ"
    assert cell(page, "МБОУ «Гимназия № 3»", STATUS_COLUMN) == "школа-лидер"

    def choose(combo, text: str) -> None:
        index = combo.findText(text)
        assert index >= 0, text
        combo.setCurrentIndex(index)

    choose(page.status_filter, "ШНОР")
    assert names(page) == ["МБОУ «Воеводская СОШ»"]
    choose(page.status_filter, "ШНСУ")
    assert sorted(names(page)) == ["МБОУ «Воеводская СОШ»", "МБОУ «Побединская СОШ»"]
    choose(page.status_filter, "школа-лидер")
    assert names(page) == ["МБОУ «Гимназия № 3»"]
    choose(page.status_filter, "без статуса")
    assert names(page) == ["МБОУ «Марушинская ООШ»"]

    page.year_box.setValue(2024)
    assert page.model.headerData(STATUS_COLUMN, Qt.Orientation.Horizontal) == "Статусы 2024 г."
    assert sorted(names(page)) == ["МБОУ «Воеводская СОШ»", "МБОУ «Гимназия № 3»", "МБОУ «Побединская СОШ»"]
    choose(page.status_filter, "ШНОР")
    assert names(page) == ["МБОУ «Марушинская ООШ»"]

    choose(page.status_filter, "все")
    choose(page.kind_filter, "ООШ")
    assert names(page) == ["МБОУ «Марушинская ООШ»"]
    choose(page.kind_filter, "гимназия")
    assert names(page) == ["МБОУ «Гимназия № 3»"]
    choose(page.kind_filter, "СОШ")
    page.year_box.setValue(2025)
    choose(page.status_filter, "ШНСУ")
    assert sorted(names(page)) == ["МБОУ «Воеводская СОШ»", "МБОУ «Побединская СОШ»"]
    page.refresh()  # filters survive a reload
    assert page.kind_filter.currentText() == "СОШ"
    assert sorted(names(page)) == ["МБОУ «Воеводская СОШ»", "МБОУ «Побединская СОШ»"]


def test_year_defaults_to_this_year_without_statuses(page) -> None:
    assert page.year_box.value() == THIS_YEAR


# --- copy and export ------------------------------------------------------------------------------------

def test_copy_puts_tsv_with_the_header_on_the_clipboard(page, qtbot, district) -> None:
    page.refresh()
    page.table.view.selectRow(page.model.row_of(lambda s: s.id == district[0].id))
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    lines = QApplication.clipboard().text().splitlines()
    assert len(lines) == 2
    header = lines[0].split("\t")
    assert header[:3] == ["Логин ФИС ОКО", "Краткое наименование", "Статусы 2025 г."]
    assert "Директор" in header and "Обучающихся" in header and "Город/село" in header
    row = dict(zip(header, lines[1].split("\t"), strict=True))
    assert row["Логин ФИС ОКО"] == "edu224052"
    assert row["Статусы 2025 г."] == "ШНОР, ШНСУ"
    assert row["Обучающихся"] == "163" and row["Город/село"] == "село"


def test_export_writes_an_xlsx(page, qtbot, district, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "реестр"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page.refresh()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "реестр.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Логин ФИС ОКО", "Краткое наименование", "Статусы 2025 г.")
    assert len(rows) == 5
    by_login = {r[0]: r for r in rows[1:]}
    header = list(rows[0])
    voevodsk = by_login["edu224052"]
    assert voevodsk[header.index("Обучающихся")] == 163  # a number, not text
    assert voevodsk[header.index("Статусы 2025 г.")] == "ШНОР, ШНСУ"
    assert by_login["edu224060"][header.index("Город/село")] == "город"


# --- statuses in the card ---------------------------------------------------------------------------

def test_add_a_status_with_a_reason_and_see_it_in_the_table(page, qtbot, db, district) -> None:
    page.refresh()
    card = page.open_card(district[2].id)  # Марушинская: ШНОР in 2024 only
    card.tabs.setCurrentIndex(TAB_STATUSES)
    assert card.status_model.rowCount() == 1
    card.status_year.setValue(2025)
    card.status_kind.setCurrentIndex(card.status_kind.findText("ШНСУ"))
    qtbot.mouseClick(card.add_status_button, Qt.MouseButton.LeftButton)
    assert card.status_error.text() == "Укажите причину (основание) статуса."
    assert card.status_model.rowCount() == 1

    reason = "село менее 1 тыс. жителей, доля детей из малообеспеченных семей 40 %"
    type_text(qtbot, card.status_reason, reason)
    type_text(qtbot, card.status_basis, "приказ от 01.09.2025 № 123")
    qtbot.mouseClick(card.add_status_button, Qt.MouseButton.LeftButton)
    assert card.status_error.isHidden()
    rows = [(s.year, s.kind, s.reason, s.basis_document) for s in card.status_model.objects()]
    assert rows[0] == (2025, "shnsu", reason, "приказ от 01.09.2025 № 123")
    assert card.status_model.index(0, 3).data() == "решение управления"
    assert cell(page, "МБОУ «Марушинская ООШ»", STATUS_COLUMN) == "ШНСУ"  # the page refreshed behind

    qtbot.mouseClick(card.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.card is None)
    assert cell(page, "МБОУ «Марушинская ООШ»", STATUS_COLUMN) == "ШНСУ"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SchoolStatus)) == 6


def test_remove_a_status_with_a_reason_then_save_the_card(page, qtbot, db, district) -> None:
    page.refresh()
    card = page.open_card(district[0].id)
    card.tabs.setCurrentIndex(TAB_STATUSES)
    type_into(qtbot, card, "director_name", "Иванова Мария Петровна")  # an unsaved edit meanwhile
    card.status_table.select_where(lambda s: s.kind == "shnor")
    assert card.status_reason.toPlainText() == "по итогам ВПР"  # the form shows the chosen status
    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    assert card.status_error.text() == "Укажите, почему статус снимается."
    assert card.status_model.rowCount() == 2

    type_text(qtbot, card.remove_reason, "исключена из перечня региона")
    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    assert [s.kind for s in card.status_model.objects()] == ["shnsu"]
    notes = card.widgets["notes"].toPlainText()
    assert "снят статус ШНОР за 2025 г. Причина: исключена из перечня региона" in notes
    assert cell(page, "МБОУ «Воеводская СОШ»", STATUS_COLUMN) == "ШНСУ"

    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)  # no false "changed by another user"
    qtbot.waitUntil(lambda: page.card is None)
    school = service.load_school(db, district[0].id)
    assert school.director_name == "Иванова Мария Петровна" and school.notes == notes


def test_a_status_for_a_new_school_saves_the_card_first(page, qtbot, db) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    card = page.card
    card.tabs.setCurrentIndex(TAB_STATUSES)
    type_text(qtbot, card.status_reason, "низкие результаты")
    qtbot.mouseClick(card.add_status_button, Qt.MouseButton.LeftButton)
    assert "Сначала заполните карточку" in card.status_error.text()
    assert card.error_text("short_name") and count_schools(db) == 0

    type_into(qtbot, card, "full_name", "Муниципальное бюджетное общеобразовательное учреждение «Новая СОШ»")
    type_into(qtbot, card, "short_name", "МБОУ «Новая СОШ»")
    qtbot.mouseClick(card.add_status_button, Qt.MouseButton.LeftButton)
    assert count_schools(db) == 1 and card.school_id is not None
    assert card.status_model.rowCount() == 1
    assert card.windowTitle() == "Карточка ОО — МБОУ «Новая СОШ»"
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.card is None)
    assert count_schools(db) == 1  # saved once, then updated


# --- context answers and the district profile --------------------------------------------------------

def test_context_tab_shows_the_answers_by_year(page, db, district) -> None:
    with db.transaction() as s:
        s.add(SchoolContext(school_id=district[1].id, year=2022, source="Контекстные_данные_ОО_2022.xlsx",
                            settlement_size="Менее 1 тыс. человек", pupils=86, teachers=13,
                            answers={"18. На каких языках осуществляется образовательная деятельность?":
                                     "1) Только на русском языке", "25. Сколько всего учителей?": 13}))
        s.add(SchoolContext(school_id=district[1].id, year=2021, source="2021", pupils=90, answers={}))
    card = page.open_card(district[1].id)
    assert card.context_year.count() == 2 and card.context_year.currentText().startswith("2022")
    rows = dict(card.context_model.objects())
    assert rows["Размер населённого пункта"] == "Менее 1 тыс. человек"
    question = "18. На каких языках осуществляется образовательная деятельность?"
    assert rows[question] == "1) Только на русском языке"
    assert rows["25. Сколько всего учителей?"] == "13"
    card.context_year.setCurrentIndex(1)
    assert dict(card.context_model.objects())["Обучающихся"] == "90"
    assert "2022" in card.social_box.title()
    other = page.open_card(district[0].id)
    assert not other.context_empty.isHidden() and other.context_table.isHidden()


def test_district_profile_dialog(page, qtbot, db) -> None:
    qtbot.mouseClick(page.profile_button, Qt.MouseButton.LeftButton)
    dialog = page.profile_dialog
    assert dialog is not None and dialog.windowTitle() == "Сведения о районе"
    type_text(qtbot, dialog.edits["authority_full_name"], "Комитет по образованию Администрации района")
    type_text(qtbot, dialog.edits["head_name"], "Петрова Анна Сергеевна")
    type_text(qtbot, dialog.edits["city"], "с. Целинное")
    type_text(qtbot, dialog.edits["municipality_name"], "Целинный муниципальный район")
    type_text(qtbot, dialog.edits["municipality_code"], "reg22_m056")
    type_text(qtbot, dialog.edits["extra_municipalities"], "Бийский район; г. Бийск")
    type_text(qtbot, dialog.edits["region_name"], "Алтайский край")
    type_text(qtbot, dialog.edits["executor_name"], "Сидорова Ольга Ивановна")
    type_text(qtbot, dialog.edits["email"], "komobr")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "электронной почты" in dialog.error_labels["email"].text()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(DistrictProfile)) == 0

    type_text(qtbot, dialog.edits["email"], "@mail.ru")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.profile_dialog is None)
    profile = service.load_district_profile(db)
    assert profile.municipality_code == "reg22_m056" and profile.email == "komobr@mail.ru"
    assert profile.head_name == "Петрова Анна Сергеевна"
    assert profile.extra_municipalities == ["Бийский район", "г. Бийск"]
    assert profile.region_name == "Алтайский край"

    qtbot.mouseClick(page.profile_button, Qt.MouseButton.LeftButton)  # shows what was saved
    assert page.profile_dialog.edits["city"].text() == "с. Целинное"
    assert page.profile_dialog.edits["extra_municipalities"].text() == "Бийский район; г. Бийск"


def test_context_import_button_calls_the_importer_lazily(page, qtbot, monkeypatch) -> None:
    calls = []
    fake = types.ModuleType("shnor_desktop.ui.dialogs.context_import")
    fake.start_context_import = lambda ui, parent: calls.append((ui, parent))
    monkeypatch.setitem(sys.modules, "shnor_desktop.ui.dialogs.context_import", fake)
    qtbot.mouseClick(page.context_button, Qt.MouseButton.LeftButton)
    assert calls == [(page.ui, page)]


def test_schools_of_other_municipalities_are_archived_in_one_action(page, qtbot, db, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from shnor_desktop.models import DistrictProfile, School

    with db.transaction() as s:
        s.add(DistrictProfile(municipality_name="Целинный район"))
        s.add(School(fis_login="sch990001", login_number="990001", full_name="Наша", short_name="Наша",
                     municipality="Целинный муниципальный район"))
        s.add(School(fis_login="sch990002", login_number="990002", full_name="Чужая", short_name="Чужая",
                     municipality="город Бийск"))
        s.add(School(fis_login="sch990003", login_number="990003", full_name="Своя без МО",
                     short_name="Своя без МО"))
    page.refresh()
    assert page.others_bar.isVisibleTo(page)
    assert "В реестре 1 ОО других муниципалитетов" in page.others_label.text()
    asked: list[object] = []

    def answer(*args, **kwargs):
        asked.append(args[-1])  # the default button
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(page.others_button, Qt.MouseButton.LeftButton)
    assert asked == [QMessageBox.StandardButton.No]  # Enter does not archive
    with db.session() as s:
        archived = {school.short_name: school.archived for school in s.query(School)}
    assert archived == {"Наша": False, "Чужая": True, "Своя без МО": False}
    assert not page.others_bar.isVisibleTo(page)


def test_requisites_template_and_its_import_from_the_registry(page, district, ctx, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text, *a, **k: shown.append(text))
    page.refresh()
    target = page.save_requisites_template(str(tmp_path / "реквизиты"))
    assert target is not None and target.suffix == ".xlsx" and "Сохранён шаблон" in shown[-1]
    book = load_workbook(target)
    sheet = book["Реквизиты ОО"]
    titles = [c.value for c in sheet[1]]
    first = next(sheet.iter_rows(min_row=2))
    first[titles.index("Руководитель: должность")].value = "директор"
    first[titles.index("Лицензия: кем выдана")].value = "Министерство образования края"
    book.save(target)
    assert page.load_requisites(str(target))
    assert "Обновлено карточек школ: 1" in shown[-1]
