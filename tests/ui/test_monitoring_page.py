"""The monitoring page: year, indicators, schools, the nine criteria, charts, export, reference data."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from shnor_desktop.ui.pages.monitoring import (
    MET_BACKGROUND,
    NO_DATA_FOREGROUND,
    NOT_MET_BACKGROUND,
    MonitoringPage,
)
from tests.monitoring_data import TODAY, build_district

BG, FG = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole


@pytest.fixture(autouse=True)
def no_error_boxes(monkeypatch):
    def critical(_parent, title, text, *_args):
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(QMessageBox, "critical", critical)


@pytest.fixture
def page(ctx, qtbot, db):
    build_district(db)
    p = MonitoringPage(types.SimpleNamespace(ctx=ctx, runner=None, window=None), today=lambda: TODAY)
    qtbot.addWidget(p)
    return p


def cells(model, row):
    return [model.index(row, c).data() for c in range(model.columnCount())]


def criterion_row(page, school, number):
    return page.criteria.row_of(lambda c: c.school == school and c.number == number)


def test_year_and_indicators(page):
    assert [page.year.itemText(i) for i in range(page.year.count())] == ["2024", "2023"]
    assert page.selected_year() == 2024
    assert page.summary.text().startswith("2024 г.: под наблюдением 4 ОО (ШНОР — 3, ШНСУ — 1).")
    model = page.indicators
    row = model.row_of(lambda i: i.code == "positive_dynamics")
    assert cells(model, row)[:5] == [
        "Доля ШНОР и ШНСУ, показавших положительную динамику образовательных результатов",
        "66,7\u00a0%", "2", "3", ""]
    row = model.row_of(lambda i: i.code == "covered_addressed")
    assert cells(model, row)[1:5] == ["2 из 4", "2", "4", "0 из 1"]  # 2023: F only
    row = model.row_of(lambda i: i.code == "shnor_share")
    assert cells(model, row)[1:5] == ["50,0\u00a0%", "3", "6", "16,7\u00a0%"]  # 2023: F alone of 6


def test_schools_and_criteria_are_coloured(page):
    schools = page.schools
    a = schools.row_of(lambda s: s.name == "Школа A")
    assert cells(schools, a)[:7] == ["Школа A", "ШНОР", "45,0\u00a0%", "47,5\u00a0%", "+2,5 п. п.", "2",
                                     "положительная"]
    assert schools.index(a, 0).data(BG).color() == MET_BACKGROUND
    b = schools.row_of(lambda s: s.name == "Школа B")
    assert schools.index(b, 0).data(BG).color() == NOT_MET_BACKGROUND
    c = schools.row_of(lambda s: s.name == "Школа C")
    assert schools.index(c, 0).data(BG) is None and schools.index(c, 6).data() == "нет данных"

    criteria = page.criteria
    assert criteria.rowCount() == 4 * 9
    assert criteria.headers() == ["ОО", "№", "Критерий", "Итог", "Значение", "Сравнение",
                                  "Ожидаемый результат"]
    r5 = criterion_row(page, "Школа A", 5)
    assert cells(criteria, r5) == ["Школа A", "5", "Предметы по выбору, средний балл ЕГЭ", "выполнен", "55,0",
                                   "52,0 по району", "Равен среднереспубликанскому показателю или выше"]
    assert criteria.index(r5, 0).data(BG).color() == MET_BACKGROUND
    r3 = criterion_row(page, "Школа A", 3)
    assert criteria.index(r3, 0).data(BG).color() == NOT_MET_BACKGROUND
    r1 = criterion_row(page, "Школа A", 1)
    assert criteria.index(r1, 3).data() == "нет данных"
    assert criteria.index(r1, 0).data(FG).color() == NO_DATA_FOREGROUND


def test_charts_are_drawn(page):
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    assert isinstance(page.canvas, FigureCanvasQTAgg)
    titles = [ax.get_title() for ax in page.figure.axes]
    assert titles == ["Доли, %", "Охват ШНОР и ШНСУ, 2024 г.", "Число ШНОР и цель"]
    page.set_year(2023)
    assert page.figure.axes[1].get_title() == "Охват ШНОР и ШНСУ, 2023 г."


def test_export_to_excel(page, tmp_path, monkeypatch):
    target = tmp_path / "мониторинг"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_dialog()
    wb = load_workbook(tmp_path / "мониторинг.xlsx")
    assert wb.sheetnames == ["Показатели 2024", "Динамика и охват", "Критерии результативности"]
    assert wb["Динамика и охват"].max_row == 5
    assert wb["Критерии результативности"]["G2"].value in {"выполнен", "не выполнен", "нет данных"}


def test_regional_reference_changes_the_verdict(page):
    dialog = page.make_regional_dialog()
    assert dialog.windowTitle() == "Показатели региона, 2024 г."
    dialog.edits["ege_russian"].setText("шестьдесят")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "не число" in dialog.error_text("ege_russian")
    dialog.edits["ege_russian"].setText("60,0")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.recompute()
    r3 = criterion_row(page, "Школа A", 3)
    assert cells(page.criteria, r3)[3:6] == ["выполнен", "65,0", "60,0 по региону"]


def test_unexcused_absences_are_typed_per_school(page, monkeypatch):
    def fill(dialog):
        school_a = next(sid for sid, edit in dialog.edits.items() if edit.text() == "5,0")
        dialog.edits[school_a].setText("0,5")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", fill)
    assert page.edit_absences()
    # district mean (0.5 + 3 + 1 + 0.5) / 4 = 1.25; A 0.5 is below it
    r9 = criterion_row(page, "Школа A", 9)
    assert cells(page.criteria, r9)[3:6] == ["выполнен", "0,5", "1,3 по району"]


def test_a_year_without_statuses_says_so(page):
    page.set_year(2030)
    assert page.summary.text().startswith("За 2030 г. ни одной школе не присвоен статус ШНОР или ШНСУ")
    assert page.criteria.rowCount() == 0


def test_matplotlib_is_not_imported_with_the_page():
    code = ("import sys; import shnor_desktop.ui.pages.monitoring; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
