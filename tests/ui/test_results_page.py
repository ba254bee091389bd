"""The results grid: filters, sort, validated edits, paste from Excel, copy, export."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import insert, select

from shnor_desktop.models import AssessmentResult, School, SchoolStatus


@pytest.fixture
def results_db(db):
    with db.transaction() as s:
        a = School(full_name="Школа А", short_name="СОШ А", fis_login="sch229901", login_number="229901")
        b = School(full_name="Школа Б", short_name="ООШ Б", fis_login="sch229902", login_number="229902")
        s.add_all([a, b])
        s.flush()
        s.add(SchoolStatus(school_id=b.id, kind="shnor", year=2024, reason="тест"))
        rows = []
        for school, base in ((a, 10), (b, 2)):
            for year in (2023, 2024):
                for subject in ("математика", "русский язык"):
                    rows.append(dict(school_id=school.id, year=year, procedure="VPR", grade=5,
                                     subject=subject, session="", participants=25, absent=1,
                                     mark2=10 - base // 2, mark3=5, mark4=base // 2 + 3, mark5=2,
                                     mean_score=base + 0.5, kv=base / 20))
        s.execute(insert(AssessmentResult), rows)
    return db


@pytest.fixture
def page(qtbot, ctx, results_db):
    from shnor_desktop.ui.main_window import Ui
    from shnor_desktop.ui.pages.results import ResultsPage
    from shnor_desktop.ui.tasks import TaskRunner

    runner = TaskRunner()
    page = ResultsPage(Ui(ctx, runner, None))
    qtbot.addWidget(page)
    page.reload_now()
    return page


def test_filters_and_status(page):
    assert page.model.rowCount() == 8
    page.year.setCurrentText("2024")
    assert page.model.rowCount() == 4
    page.status.setCurrentText("ШНОР")
    assert page.model.rowCount() == 2
    assert {page.model.text(page.model.source_row(r), 4) for r in range(2)} == {"ООШ Б"}
    page.status.setCurrentText("без статуса")
    assert {page.model.text(page.model.source_row(r), 4) for r in range(2)} == {"СОШ А"}


def test_sort_by_quality_descending(page):
    quality = page.model.fields.index("quality")
    page.view.sortByColumn(quality, Qt.SortOrder.DescendingOrder)
    first = page.model.text(page.model.source_row(0), 4)
    last = page.model.text(page.model.source_row(page.model.rowCount() - 1), 4)
    assert (first, last) == ("СОШ А", "ООШ Б")


def test_edit_is_validated_and_written(page, results_db):
    column = page.model.fields.index("mark5")
    index = page.model.index(0, column)
    rid = int(page.model.data_columns.ids[page.model.source_row(0)])
    assert page.model.setData(index, "3")
    with results_db.session() as s:
        assert s.get(AssessmentResult, rid).mark5 == 3
    # more marks than participants is refused, nothing written
    assert not page.model.setData(index, "40")
    assert "больше числа участников" in page.model.last_error
    assert not page.model.setData(index, "abc")
    with results_db.session() as s:
        assert s.get(AssessmentResult, rid).mark5 == 3


def test_paste_block_all_or_nothing(page, results_db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    col = page.model.fields.index("mark2")
    page.view.setCurrentIndex(page.model.index(0, col))
    ids = [int(page.model.data_columns.ids[page.model.source_row(r)]) for r in (0, 1)]
    QApplication.clipboard().setText("1\t2\n3\t4\n")
    assert page.paste_clipboard()
    with results_db.session() as s:
        got = [(s.get(AssessmentResult, i).mark2, s.get(AssessmentResult, i).mark3) for i in ids]
    assert got == [(1, 2), (3, 4)]
    QApplication.clipboard().setText("5\t6\n7\tбукв\n")
    assert not page.paste_clipboard()
    with results_db.session() as s:
        assert [s.get(AssessmentResult, i).mark2 for i in ids] == [1, 3]


def test_copy_and_export(page, tmp_path, monkeypatch):
    text = page.copy_selection()
    lines = text.strip().split("\n")
    assert lines[0].split("\t")[:4] == ["Год", "Процедура", "Класс", "Предмет"]
    assert len(lines) == 9
    target = tmp_path / "выгрузка.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_dialog()
    assert page.ui.runner.wait(10_000)
    for _ in range(50):
        QApplication.processEvents()
        if target.exists():
            break
    wb = openpyxl.load_workbook(target)
    ws = wb.active
    assert ws.max_row == 9
    assert ws.cell(1, 1).value == "Год"


def test_quality_is_derived_from_marks(page, results_db):
    with results_db.session() as s:
        r = s.scalars(select(AssessmentResult)).first()
    row = next(i for i in range(page.model.rowCount())
               if int(page.model.data_columns.ids[page.model.source_row(i)]) == r.id)
    q = page.model.fields.index("quality")
    expected = (r.mark4 + r.mark5) / r.participants
    assert page.model.text(page.model.source_row(row), q) == f"{expected * 100:.1f}\u00a0%".replace(".", ",")


def test_import_dialog_names_the_kind_of_file_in_russian(qtbot, samples):
    from PySide6.QtWidgets import QLabel

    from shnor_desktop.ui.dialogs.results_import import ResultsImportDialog

    dialog = ResultsImportDialog(None, None, samples / "ВПР_2021_5кл_Математика.xlsx", "vpr_2021")
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "протокол ВПР ФИС ОКО, формат 2021 г." in texts
    assert "vpr_2021" not in texts
    assert (dialog.year.value(), dialog.grade.value(), dialog.subject.text()) == (2021, 5, "Математика")


def test_import_dialog_shows_the_district_share_of_a_regional_file_and_loads_it(qtbot, ctx, samples):
    from PySide6.QtWidgets import QWidget

    from shnor_desktop.io.results_store import apply_vpr_plan
    from shnor_desktop.models import AssessmentResult, DistrictProfile
    from shnor_desktop.ui.dialogs.results_import import ResultsImportDialog
    from shnor_desktop.ui.main_window import Ui
    from shnor_desktop.ui.tasks import TaskRunner

    with ctx.db.transaction() as s:
        s.add(DistrictProfile(municipality_name="Первомайский муниципальный район"))
    parent = QWidget()
    qtbot.addWidget(parent)
    ui = Ui(ctx, TaskRunner(parent), None)
    dialog = ResultsImportDialog(parent, ui, samples / "ВПР_2021_5кл_Математика.xlsx", "vpr_2021")
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=60_000)
    text = dialog.scope.text()
    assert "В файле 637 ОО. Оставлены школы района: Первомайский муниципальный район." in text
    assert "Школ района нет в реестре: 20" in text and dialog.plan.aggregates == []
    assert not dialog.ok_button.isEnabled()  # nothing to write yet
    dialog.create_missing.setChecked(True)
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.plan.create_missing, timeout=60_000)
    assert "Будет загружено ОО: 20; других муниципалитетов не загружается: 617." in dialog.scope.text()
    assert dialog.ok_button.isEnabled()
    dialog.all_municipalities.setChecked(True)
    qtbot.waitUntil(lambda: dialog.plan is not None and len(dialog.plan.aggregates) == 637, timeout=60_000)
    dialog.all_municipalities.setChecked(False)
    qtbot.waitUntil(lambda: dialog.plan is not None and len(dialog.plan.aggregates) == 20, timeout=60_000)
    apply_vpr_plan(ctx.db, dialog.plan)
    ui.runner.wait()
    with ctx.db.session() as s:
        assert s.query(AssessmentResult).count() == 20


def test_named_shares_are_shown_and_exported(page, results_db, tmp_path, monkeypatch):
    with results_db.transaction() as s:
        school_id = s.scalar(select(School.id).where(School.fis_login == "sch229901"))
        s.execute(insert(AssessmentResult), [dict(
            school_id=school_id, year=2025, procedure="OGE", grade=9, subject="математика", session="",
            participants=20, shares={"доля выполнивших 50 % заданий": 0.453, "Доля высоких баллов": 0.1})])
    page.reload_now()
    column = page.model.fields.index("other_shares")
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "Другие доли"
    page.year.setCurrentText("2025")
    assert page.model.rowCount() == 1
    assert page.model.text(page.model.source_row(0), column) == (
        "доля выполнивших 50 % заданий: 45,3\u00a0%; Доля высоких баллов: 10,0\u00a0%")  # by name, any case
    page.year.setCurrentText("все")
    texts = [page.model.text(page.model.source_row(r), column) for r in range(page.model.rowCount())]
    assert texts.count("") == 8  # the results without named shares

    target = tmp_path / "доли.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_dialog()
    assert page.ui.runner.wait(10_000)
    for _ in range(50):
        QApplication.processEvents()
        if target.exists():
            break
    ws = openpyxl.load_workbook(target).active
    header = [c.value for c in ws[1]]
    assert "Другие доли" not in header  # one numeric column per name instead
    high, half = header.index("Доля высоких баллов") + 1, header.index("доля выполнивших 50 % заданий") + 1
    values = [(ws.cell(r, 1).value, ws.cell(r, high).value, ws.cell(r, half).value)
              for r in range(2, ws.max_row + 1)]
    assert (2025, 0.1, 0.453) in values
    assert sum(1 for v in values if v[1] is None and v[2] is None) == 8


def test_a_refused_edit_says_why_in_the_banner_and_the_cell_tooltip(page, results_db, qtbot):
    model = page.model
    column = model.fields.index("mark3")
    index = model.index(0, column)
    row = model.source_row(0)
    others = sum(int(model.data_columns.values[f"mark{m}"][row]) for m in (2, 4, 5))
    top = 25 - others
    rid = int(model.data_columns.ids[row])
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(index, "abc")
    expected = f"Нужно целое число от 0 до {top} (участников 25, другие отметки — {others})"
    assert "«abc» — не число" in refused.args[0] and expected in refused.args[0]
    assert page.message.isVisibleTo(page) and expected in page.message.text()
    assert expected in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.data(index, Qt.ItemDataRole.ToolTipRole).startswith("Не принято")
    # through the view's own editor, as a double click and Enter would do
    page.view.edit(index)
    editor = page.view.indexWidget(index) or page.view.focusWidget()
    editor.setText("999")
    page.view.itemDelegate().setModelData(editor, model, index)
    assert "больше числа участников" in page.message.text() and expected in page.message.text()
    with results_db.session() as s:
        assert s.get(AssessmentResult, rid).mark3 == 5
    # a valid value clears the banner and the cell's refusal
    assert model.setData(index, str(top))
    assert not page.message.isVisibleTo(page)
    assert not model.data(index, Qt.ItemDataRole.ToolTipRole).startswith("Не принято")


def test_participants_cannot_fall_below_the_sum_of_marks(page):
    model = page.model
    index = model.index(0, model.fields.index("participants"))
    assert not model.setData(index, "3")
    assert "Нужно целое число не меньше" in page.message.text()


def test_the_import_report_is_written_for_a_methodist(qtbot, ctx, samples, monkeypatch):
    """The window's report names the window's buttons: no command, no address, no program names."""
    import re

    from PySide6.QtWidgets import QDialog, QWidget

    from shnor_desktop.io.scales import SCALES_PLACE, SCALES_SECTION
    from shnor_desktop.ui.dialogs import results_import
    from shnor_desktop.ui.main_window import Ui
    from shnor_desktop.ui.tasks import TaskRunner

    def accept(dialog) -> QDialog.DialogCode:
        dialog.ui.runner.wait()
        dialog.create_missing.setChecked(True)
        dialog.all_municipalities.setChecked(True)
        dialog.plan = None  # import with the options, as the CLI does
        return QDialog.DialogCode.Accepted

    shown: list[str] = []
    monkeypatch.setattr(results_import.ResultsImportDialog, "exec", accept)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        "\n".join([box.text(), box.informativeText(), box.detailedText()])) or 0)
    parent = QWidget()
    qtbot.addWidget(parent)

    class Window:
        refreshed = 0

        def refresh_all(self) -> None:
            Window.refreshed += 1

    ui = Ui(ctx, TaskRunner(parent), Window())
    results_import.start_results_import(ui, parent, path=samples / "ВПР_2022_4кл_Математика.xlsx")
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    text = shown[0]
    assert "загружен" in text and "Что дальше" in text
    assert SCALES_PLACE in text and SCALES_SECTION not in text
    assert "shnor " not in text and "http" not in text and "github" not in text and ".py" not in text
    assert not re.findall(r"\b[A-Za-z]+_[A-Za-z_]+\b", text)
    # the button named there exists on the results page with that label
    from shnor_desktop.ui.pages.results import ResultsPage

    page = ResultsPage(Ui(ctx, TaskRunner(parent), None))
    qtbot.addWidget(page)
    from PySide6.QtWidgets import QPushButton

    labels = {b.text() for b in page.findChildren(QPushButton)}
    assert SCALES_PLACE.split(" → ")[1].strip("«»") in labels


def test_the_cli_report_keeps_its_command(ctx, samples):
    from shnor_desktop.io.dispatch import ImportOptions, import_file
    from shnor_desktop.io.scales import SCALES_COMMAND

    summary = import_file(ctx, samples / "ВПР_2022_4кл_Математика.xlsx",
                          ImportOptions(all_municipalities=True, create_missing=True))
    assert SCALES_COMMAND in summary.text()


def test_pivot_of_the_district_from_the_results_page(ctx, qtbot, tmp_path):
    from openpyxl import load_workbook

    from shnor_desktop.demo import load_demo
    from shnor_desktop.ui.main_window import MainWindow

    load_demo(ctx.db)
    window = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(window)
    page = window.show_page("results")
    messages: list[str] = []
    window.status_message.connect(messages.append)
    target = tmp_path / "сводная"
    page.export_pivot("mean_score", str(target))
    qtbot.waitUntil(lambda: bool(messages), timeout=30_000)
    assert messages[-1].startswith("Сводная таблица записана")
    sheet = load_workbook(tmp_path / "сводная.xlsx")["Сводная"]
    assert "Средний балл" in sheet.cell(1, 1).value and sheet.max_row > 10
    window.runner.wait(10_000)
