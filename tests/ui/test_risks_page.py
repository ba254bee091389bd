"""«Риски и программы ОО» driven through real widgets on a real temporary database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import types
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QMessageBox
from sqlalchemy import func, select

from shnor_desktop.demo import load_demo
from shnor_desktop.models import (
    AntiRiskMeasure,
    ExpertAssessment,
    RiskAssessment,
    RiskFactor,
    School,
    SchoolProgramme,
    Setting,
    login_number,
)
from shnor_desktop.risks import social_index as si
from shnor_desktop.ui.pages.risks import (
    TAB_FACTORS,
    TAB_HEATMAP,
    TAB_MEASURES,
    TAB_PROFILES,
    TAB_PROGRAMMES,
    TAB_SOCIAL,
    RisksPage,
)
from shnor_desktop.ui.risks.common import LEVEL_COLORS, OVERDUE_BACKGROUND
from shnor_desktop.ui.risks.profile_tab import COMMENT, FLAG, LEVEL, WITHOUT_MEASURE
from tests.helpers.modal import with_modal
from tests.helpers.typing import type_text

TODAY = dt.date(2026, 11, 23)


def click_save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def make_page(ctx, qtbot) -> RisksPage:
    ui = types.SimpleNamespace(ctx=ctx, runner=None, window=None)
    page = RisksPage(ui, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


@pytest.fixture
def demo(ctx):
    load_demo(ctx.db)
    return ctx


@pytest.fixture
def page(demo, qtbot) -> RisksPage:
    return make_page(demo, qtbot)


def school_id(db, login: str) -> int:
    with db.session() as s:
        return s.scalar(select(School.id).where(School.fis_login == login))


def factor_id(db, position: int) -> int:
    with db.session() as s:
        return s.scalar(select(RiskFactor.id).where(RiskFactor.position == position))


def level_in_db(db, school: int, year: int, factor: int) -> str | None:
    with db.session() as s:
        return s.scalar(select(RiskAssessment.level).where(
            RiskAssessment.school_id == school, RiskAssessment.year == year,
            RiskAssessment.factor_id == factor))


# --- the profile editor -------------------------------------------------------------------------


def test_profile_editor_edits_in_the_table_and_saves(page, demo, qtbot):
    tab = page.profiles
    berezovka, f5 = school_id(demo.db, "sch229907"), factor_id(demo.db, 5)
    assert tab.select(berezovka, 2025)
    assert tab.summary.text() == "Оценено факторов: 10 из 10; высоких рисков: 4, средних: 5."
    assert tab.comparison.text().startswith("По сравнению с 2024 г.: снизились (3)")
    assert not tab.save_button.isEnabled()

    row = tab.model.row_of(lambda e: e.factor_id == f5)
    index = tab.model.index(row, LEVEL)
    assert index.data() == "низкий"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == LEVEL_COLORS["low"]
    tab.table.view.edit(index)  # the level's combo box, as a double click opens it
    editor = tab.table.view.findChild(QComboBox)
    assert editor is not None and editor.currentText() == "низкий"
    editor.setCurrentIndex(editor.findText("высокий"))
    editor.activated.emit(editor.currentIndex())
    assert tab.model.index(row, LEVEL).data() == "высокий"

    comment = tab.model.index(row, COMMENT)
    tab.table.view.edit(comment)
    line = next(w for w in tab.table.view.findChildren(QLineEdit) if w.isVisible())
    type_text(qtbot, line, "Нет методобъединения")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits on the next turn of the loop
    qtbot.waitUntil(lambda: comment.data() == "Нет методобъединения", timeout=2000)
    assert tab.is_dirty() and tab.save_button.isEnabled()
    assert "Есть несохранённые изменения" in tab.summary.text()
    assert level_in_db(demo.db, berezovka, 2025, f5) == "low"  # nothing written yet

    assert tab.save()
    assert level_in_db(demo.db, berezovka, 2025, f5) == "high"
    with demo.db.session() as s:
        assert s.scalar(select(RiskAssessment.comment).where(
            RiskAssessment.school_id == berezovka, RiskAssessment.year == 2025,
            RiskAssessment.factor_id == f5)) == "Нет методобъединения"
    assert not tab.is_dirty()
    assert "выросли (1): Несформированность внутришкольной системы повышения квалификации" in \
        tab.comparison.text()
    flag = tab.model.index(tab.model.row_of(lambda e: e.factor_id == f5), FLAG)
    assert flag.data() == WITHOUT_MEASURE  # high now, and no measure answers it
    assert flag.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "рисков без мер: 1" in tab.summary.text()


def test_unsaved_profile_asks_before_switching(page, demo, monkeypatch):
    tab = page.profiles
    berezovka, klyuchi, f1 = (school_id(demo.db, "sch229907"), school_id(demo.db, "sch229910"),
                              factor_id(demo.db, 1))
    tab.select(berezovka, 2025)
    tab.set_level(f1, "none", "survey")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    tab.school.setCurrentIndex(tab.school.findData(klyuchi))
    assert tab.school.currentData() == berezovka and tab.is_dirty()  # cancelled: still here
    tab.school.setCurrentIndex(tab.school.findData(klyuchi))
    assert tab._current == (klyuchi, 2025) and not tab.is_dirty()
    assert level_in_db(demo.db, berezovka, 2025, f1) == "medium"  # discarded


def test_new_years_profile_from_last_years_levels(page, demo):
    tab = page.profiles
    sosh5 = school_id(demo.db, "sch229905")
    tab.select(sosh5, 2026)
    assert tab.comparison.text().startswith("По сравнению с 2025 г.: не оценены в этом году (10): "
                                            "Низкий уровень оснащения школы; ")
    assert all(e.level is None for e in tab.entries())
    tab.copy_previous()
    assert [e.level for e in tab.entries()] == ["low", "medium", "medium", "medium", "low", "high",
                                                "medium", "medium", "low", "medium"]
    assert tab.save()
    with demo.db.session() as s:
        assert s.scalar(select(func.count()).select_from(RiskAssessment).where(
            RiskAssessment.school_id == sosh5, RiskAssessment.year == 2026)) == 10
    assert tab.comparison.text() == "По сравнению с 2025 г. уровни рисков не изменились."


def test_invalid_profile_is_not_saved(page, demo, monkeypatch):
    tab = page.profiles
    tab.select(school_id(demo.db, "sch229905"), 2026)
    row = 0
    tab.model.setData(tab.model.index(row, COMMENT), "комментарий без уровня")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert not tab.save()
    assert "указан источник или комментарий, но не уровень риска" in shown[0]
    with demo.db.session() as s:
        assert not s.scalar(select(func.count()).select_from(RiskAssessment)
                            .where(RiskAssessment.year == 2026))


# --- the heat map -------------------------------------------------------------------------------


def test_heat_map_colours_and_png_export(page, demo, tmp_path, monkeypatch):
    tab = page.show_tab(TAB_HEATMAP)
    assert tab.year.value() == 2025
    model = tab.model
    assert model.rowCount() == 7 and model.columnCount() == 13
    klyuchi = model.row_of(lambda r: r.login == "sch229910")
    cell = model.index(klyuchi, 3)  # Ф1
    assert cell.data() == "высокий"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == LEVEL_COLORS["high"]
    assert model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == \
        "Низкий уровень оснащения школы"
    tab.all_schools.setChecked(True)
    assert model.rowCount() == 20

    path = tab.export_to(tmp_path / "карта.png")
    assert path.stat().st_size > 10_000
    image = QImage(str(path))
    assert image.width() > 800 and image.height() > 20 * 26
    target = tmp_path / "из диалога"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), "Изображение PNG (*.png)"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    tab.export_dialog()
    assert Path(str(target) + ".png").stat().st_size > 10_000


def test_cli_agrees_with_the_heat_map(page, demo, capsys):
    from shnor_desktop.cli import main

    assert main(["--data-dir", str(demo.paths.data_dir), "risks", "--year", "2025", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    tab = page.show_tab(TAB_HEATMAP)
    model = tab.model
    shown = model.text_rows(range(model.rowCount()))
    assert rows[0] == ["login", "name", *model.headers()[3:]]
    assert rows[1:] == [[r[0], r[1], *r[3:]] for r in shown]
    assert len(rows) == 8 and rows[1][:3] == ["sch229909", "МБОУ «Заречная СОШ»", "низкий"]
    assert main(["--data-dir", str(demo.paths.data_dir), "risks", "--year", "2025"]) == 0
    text = capsys.readouterr().out
    assert "  Ф6. Высокая доля обучающихся с рисками учебной неуспешности" in text
    assert "sch229910    МКОУ «Ключевская ООШ» — Ф1: высокий, Ф2: высокий," in text
    assert text.rstrip().endswith("Всего ОО: 7")


# --- measures -----------------------------------------------------------------------------------


def test_measures_add_validate_overdue_and_delete(page, demo, qtbot, monkeypatch):
    tab = page.show_tab(TAB_MEASURES)
    assert tab.uncovered_model.rowCount() == 3
    overdue_rows = [r for r in range(tab.model.rowCount())
                    if tab.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None]
    assert len(overdue_rows) == 5
    assert tab.model.index(overdue_rows[0], 0).data(Qt.ItemDataRole.BackgroundRole).color() == \
        OVERDUE_BACKGROUND
    tab.overdue_only.setChecked(True)
    assert tab.model.rowCount() == 5
    tab.overdue_only.setChecked(False)

    def empty_action(dialog) -> None:
        click_save(dialog)
        assert dialog.isVisible()
        assert dialog.error_text("action") == "Опишите меру: что будет сделано."

    troitsk_risk = next(r for r in tab.uncovered_model.all_objects() if r.login == "sch229915")
    with_modal(lambda: tab._add_for_uncovered(troitsk_risk), empty_action)

    def fill(dialog) -> None:
        assert dialog.school.currentText() == "МБОУ «Троицкая СОШ»"
        assert dialog.factor.currentData() == troitsk_risk.factor_id
        type_text(qtbot, dialog.action, "Разноуровневые задания на уроках математики")
        type_text(qtbot, dialog.deadline.edit, "01.03.2026")
        type_text(qtbot, dialog.responsible, "Ильина М.В.")
        click_save(dialog)

    before = _count(demo.db, AntiRiskMeasure)
    with_modal(lambda: tab._add_for_uncovered(troitsk_risk), fill)
    assert _count(demo.db, AntiRiskMeasure) == before + 1
    assert tab.uncovered_model.rowCount() == 2
    new = tab.table.current_object()
    assert new.action == "Разноуровневые задания на уроках математики" and new.deadline == dt.date(2026, 3, 1)
    row = tab.model.row_of(lambda m: m.id == new.id)
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND
    assert tab.model.index(row, 6).data() == "267 дн."

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.delete_measure()
    assert _count(demo.db, AntiRiskMeasure) == before
    assert tab.uncovered_model.rowCount() == 3


def test_measure_from_the_profile_tab(page, demo):
    tab = page.profiles
    verkhnepol, f9 = school_id(demo.db, "sch229916"), factor_id(demo.db, 9)
    tab.select(verkhnepol, 2025)
    row = tab.model.row_of(lambda e: e.factor_id == f9)
    assert tab.model.index(row, FLAG).data() == WITHOUT_MEASURE
    tab.table.view.selectRow(row)

    def fill(dialog) -> None:
        dialog.action.setPlainText("Занятия по русскому языку для детей-билингвов")
        dialog.state.setCurrentIndex(dialog.state.findData("in_progress"))
        click_save(dialog)

    with_modal(tab.measure_button.click, fill)
    assert page.tabs.currentIndex() == TAB_MEASURES
    page.show_tab(TAB_PROFILES)
    row = tab.model.row_of(lambda e: e.factor_id == f9)
    assert tab.model.index(row, FLAG).data() in ("", None)


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- programmes ---------------------------------------------------------------------------------


def test_programme_file_survives_a_restart(ctx, qtbot, data_dir, tmp_path):
    from shnor_desktop.context import AppContext

    with ctx.db.transaction() as s:
        s.add(School(fis_login="sch220005", login_number=login_number("sch220005"),
                     full_name="МБОУ «СОШ № 5»", short_name="МБОУ «СОШ № 5»"))
    source = tmp_path / "Программа перехода СОШ 5.docx"
    source.write_bytes(b"PK\x03\x04" + "программа".encode() * 500)
    page = make_page(ctx, qtbot)
    tab = page.show_tab(TAB_PROGRAMMES)

    def fill(dialog) -> None:
        dialog.school.setCurrentIndex(dialog.school.findText("МБОУ «СОШ № 5»"))
        dialog.kind.setCurrentIndex(dialog.kind.findData("transition"))
        type_text(qtbot, dialog.title, "Программа перехода в эффективный режим работы")
        type_text(qtbot, dialog.date_from.edit, "01.09.2025")
        type_text(qtbot, dialog.date_to.edit, "31.08.2024")
        dialog.set_source(str(source))
        click_save(dialog)
        assert dialog.isVisible()  # the end before the start is refused
        assert dialog.error_text("date_to") == "Окончание срока раньше его начала."
        assert not any(ctx.paths.attachments_dir.rglob("*.docx"))
        dialog.date_to.edit.clear()
        type_text(qtbot, dialog.date_to.edit, "31.08.2027")
        click_save(dialog)

    with_modal(tab.add_programme, fill)
    programme = tab.current_programme()
    assert programme.original_name == "Программа перехода СОШ 5.docx"
    assert tab.model.index(0, 8).data() == "Программа перехода СОШ 5.docx"
    opened: list[str] = []
    tab.open_url = lambda url: opened.append(url.toLocalFile()) or True
    assert tab.open_file()
    assert Path(opened[0]).read_bytes() == source.read_bytes()

    def review(dialog) -> None:
        type_text(qtbot, dialog.date.edit, "18.09.2025")
        type_text(qtbot, dialog.expert, "Рабочая группа")
        dialog.verdict.setCurrentIndex(dialog.verdict.findData("approved"))
        click_save(dialog)

    with_modal(tab.add_review_button.click, review)
    assert tab.assessments_model.rowCount() == 1
    assert tab.model.index(0, 9).data() == "одобрена (18.09.2025)"

    page.close()
    ctx.close()
    source.unlink()  # the original is gone: the kept copy must be enough
    reopened = AppContext.open(data_dir, daily_backup=False)
    try:
        again = make_page(reopened, qtbot).show_tab(TAB_PROGRAMMES)
        assert again.model.rowCount() == 1
        again.table.view.selectRow(0)
        assert again.open_button.isEnabled()
        seen: list[str] = []
        again.open_url = lambda url: seen.append(url.toLocalFile()) or True
        assert again.open_file()
        assert Path(seen[0]).exists() and Path(seen[0]).read_bytes().startswith(b"PK\x03\x04")
        assert Path(seen[0]).is_relative_to(data_dir)
        with reopened.db.session() as s:
            assert s.scalar(select(func.count()).select_from(ExpertAssessment)) == 1
    finally:
        reopened.close()


def test_programme_registry_on_the_demo(page, demo, monkeypatch, tmp_path):
    tab = page.show_tab(TAB_PROGRAMMES)
    assert tab.model.rowCount() == 7
    row = tab.model.row_of(lambda p: p.title.startswith("Программа перехода в эффективный режим работы "
                                                        "МБОУ «СОШ № 5»"))
    tab.table.view.selectRow(row)
    assert [tab.assessments_model.index(r, 2).data() for r in range(2)] == [
        "направлена на доработку", "одобрена"]
    assert not tab.open_button.isEnabled()  # no file yet
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    assert not tab.open_file()
    assert warnings == ["К записи не прикреплён файл."]
    file = tmp_path / "программа.pdf"
    file.write_bytes(b"%PDF-1.4")
    assert tab.attach(str(file))
    assert tab.current_programme().original_name == "программа.pdf" and tab.open_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.delete_programme()
    assert _count(demo.db, SchoolProgramme) == 6
    assert not any(demo.paths.attachments_dir.rglob("*.pdf"))


# --- factors and the social index ---------------------------------------------------------------


def test_factor_list_add_rename_retire(page, demo, qtbot):
    tab = page.show_tab(TAB_FACTORS)
    assert tab.model.rowCount() == 10

    def add(dialog) -> None:
        type_text(qtbot, dialog.name, "Высокая доля обучающихся из семей мигрантов")
        dialog.list_year.setValue(2026)
        click_save(dialog)

    with_modal(tab.add_button.click, add)
    assert tab.model.rowCount() == 11 and tab.table.current_object().factor.list_year == 2026

    tab.table.select_where(lambda r: r.factor.position == 7)

    def rename(dialog) -> None:
        dialog.name.clear()
        type_text(qtbot, dialog.name, "Низкая мотивация обучающихся к обучению")
        click_save(dialog)

    with_modal(tab.rename_button.click, rename)
    row = tab.table.current_object()
    assert row.factor.name == "Низкая мотивация обучающихся к обучению"
    assert "«Низкая учебная мотивация обучающихся»" in tab.model.index(
        tab.model.row_of(lambda r: r.factor.id == row.factor.id), 6).data()
    assert row.assessments == 13  # the profiles still point at it

    def duplicate(dialog) -> None:
        dialog.name.setText("Дефицит педагогических кадров")
        click_save(dialog)
        assert dialog.error_text("name") == "Фактор «Дефицит педагогических кадров» уже есть в справочнике."

    with_modal(tab.rename_button.click, duplicate)

    def retire(dialog) -> None:
        dialog.last_year.setValue(2025)
        click_save(dialog)

    with_modal(tab.retire_button.click, retire)
    with demo.db.session() as s:
        factor = s.get(RiskFactor, row.factor.id)
        assert factor.retired and factor.retired_year == 2025
    assert not tab.retire_button.isEnabled() and tab.restore_button.isEnabled()
    heat = page.show_tab(TAB_HEATMAP)
    heat.year.setValue(2026)
    assert "Низкая мотивация обучающихся к обучению" not in heat.model.headers()
    assert "Высокая доля обучающихся из семей мигрантов" in heat.model.headers()


def test_social_index_weights_are_editable_and_kept(page, demo):
    tab = page.show_tab(TAB_SOCIAL)
    assert tab.year.value() == 2025 and tab.model.rowCount() == 20
    sosnovka = school_id(demo.db, "sch229908")
    gymnasium = school_id(demo.db, "sch229901")
    before = tab.index_of(sosnovka)
    assert 0 <= before < tab.index_of(gymnasium) <= 1
    assert not tab.save_button.isEnabled()
    for key, spin in tab.weights.items():
        spin.setValue(0 if key != "low_income" else 1)
    assert tab.save_button.isEnabled()
    assert tab.save_weights()
    with demo.db.session() as s:
        stored = s.get(Setting, si.WEIGHTS_SETTING).value
    assert stored["low_income"] == 1 and stored["transport"] == 0
    assert tab.index_of(sosnovka) == 0.0  # 52 % of low-income families: beyond the 50 % cap
    assert tab.index_of(gymnasium) == pytest.approx(1 - 0.06 / 0.5)
    tab.reset_weights()
    assert tab.index_of(sosnovka) == pytest.approx(before)


def test_card_shows_the_risk_profile(demo, qtbot):
    from shnor_desktop.ui.dialogs.school_card import SchoolCard

    card = SchoolCard(None, demo, school_id(demo.db, "sch229916"))
    qtbot.addWidget(card)
    section = card.risk_profile
    assert card.tabs.tabText(card.tabs.indexOf(section)) == "Профиль рисков"
    assert section.year.currentData() == 2025
    assert section.summary.text() == "2025 г.: высоких рисков — 3, средних — 6, без мер — 1."
    flags = [section.model.index(r, FLAG).data() for r in range(section.model.rowCount())]
    assert flags.count(WITHOUT_MEASURE) == 1
    assert not section.model.flags(section.model.index(0, LEVEL)) & Qt.ItemFlag.ItemIsEditable
    section.year.setCurrentIndex(section.year.findData(2024))
    assert section.comparison.text() == "Профиля за 2023 г. нет — сравнивать не с чем."


def test_page_opens_from_the_main_window(demo, qtbot):
    from shnor_desktop.ui.main_window import MainWindow

    window = MainWindow(demo, offer_demo=False)
    qtbot.addWidget(window)
    page = window.show_page("risks")
    assert isinstance(page, RisksPage)
    assert page.show_record("risk_measure", _first_overdue(demo.db))
    assert page.tabs.currentIndex() == TAB_MEASURES
    assert svc_is_overdue(page.measures.table.current_object())


def _first_overdue(db) -> int:
    from shnor_desktop.risks.measures import overdue_measures

    with db.session() as s:
        return overdue_measures(s, TODAY)[0].id


def svc_is_overdue(measure) -> bool:
    from shnor_desktop.risks.measures import is_overdue

    return is_overdue(measure, TODAY)
