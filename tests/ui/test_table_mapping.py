"""The column-mapping step driven like a person would; only the OS file dialog and message boxes are faked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, insert, select

from shnor_desktop.io.table_import import setting_key
from shnor_desktop.io.table_sheet import read_table
from shnor_desktop.io.workbook import read_workbook
from shnor_desktop.models import AssessmentResult, School, Setting
from shnor_desktop.ui.dialogs.results_import import start_results_import
from shnor_desktop.ui.dialogs.table_mapping import (
    CONSTANT_CHOICE,
    ERROR_COLOR,
    NAME_MATCH_COLOR,
    SKIPPED_COLOR,
    TableMappingDialog,
)
from shnor_desktop.ui.main_window import Ui
from shnor_desktop.ui.tasks import TaskRunner
from tests.helpers.typing import type_text
from tests.unit.test_table_import import ROWS, write_two_row_table


@pytest.fixture
def registry(db):
    with db.transaction() as s:
        s.add_all([
            School(full_name="МБОУ «СОШ № 1»", short_name="МБОУ «СОШ № 1»", fis_login="sch229901",
                   login_number="229901"),
            School(full_name="МБОУ «СОШ № 2»", short_name="МБОУ «СОШ № 2»", fis_login="sch229902",
                   login_number="229902"),
            School(full_name="МБОУ «СОШ № 3»", short_name="МБОУ «СОШ № 3»", fis_login="sch229903",
                   login_number="229903"),
            School(full_name="МКОУ «Новая ООШ»", short_name="МКОУ «Новая ООШ»", fis_login="sch229904",
                   login_number="229904"),
        ])
    return db


@pytest.fixture
def ui(ctx, qtbot):
    return Ui(ctx, TaskRunner(), None)


def open_dialog(ui, qtbot, monkeypatch, path: Path, parent) -> TableMappingDialog:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    start_results_import(ui, parent)
    qtbot.waitUntil(lambda: parent.findChild(TableMappingDialog) is not None, timeout=20_000)
    dialog = parent.findChild(TableMappingDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


@pytest.fixture
def parent(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def type_constant(qtbot, dialog: TableMappingDialog, key: str, text: str) -> None:
    combo = dialog.combos[key]
    combo.setCurrentIndex(combo.findText(CONSTANT_CHOICE))
    assert dialog.constants[key].isEnabled()
    dialog.constants[key].clear()
    type_text(qtbot, dialog.constants[key], text)


def fill_slice(qtbot, dialog: TableMappingDialog) -> None:
    type_constant(qtbot, dialog, "year", "2025")
    type_constant(qtbot, dialog, "procedure", "ОГЭ")
    type_constant(qtbot, dialog, "grade", "9")
    type_constant(qtbot, dialog, "subject", "Математика")
    dialog.recheck()


def rows_in_db(db) -> dict[str, int]:
    with db.session() as s:
        return dict(s.execute(select(School.fis_login, AssessmentResult.participants).join(
            AssessmentResult, AssessmentResult.school_id == School.id)).all())


def background(model, row: int):
    brush = model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    return None if brush is None else brush.color()


def test_map_check_remember_and_load(ui, qtbot, monkeypatch, registry, parent, tmp_path: Path) -> None:
    path = write_two_row_table(tmp_path / "ОГЭ по школам.xlsx")
    dialog = open_dialog(ui, qtbot, monkeypatch, path, parent)

    # the header was found under the title, two rows high, and the columns suggested
    assert (dialog.header_row.value(), dialog.header_rows.value()) == (3, 2)
    assert dialog.combos["mark4"].currentText() == "F: Отметки «4»"
    assert dialog.combos["school_name"].currentText() == "B: Наименование ОО"
    assert dialog.preview_model.rowCount() == 5
    # year, procedure, grade and subject are not in the table: told, and nothing can be loaded
    messages = [i.problem.message for i in dialog.issues_model.all_objects()]
    assert sum(m.startswith("не задано поле") for m in messages) == 4
    assert not dialog.load_button.isEnabled()
    assert background(dialog.issues_model, 0) == ERROR_COLOR

    fill_slice(qtbot, dialog)
    assert dialog.plan.ok and dialog.load_button.isEnabled()
    assert "найдено по логину: 2; по названию (проверьте): 1; не найдено и будет пропущено: 1" in \
        dialog.status.text()
    colors = {m.file_text: background(dialog.schools_model, r)
              for r, m in enumerate(dialog.schools_model.objects())}
    assert colors['МБОУ "СОШ №2"'] == NAME_MATCH_COLOR
    assert colors["МКОУ «Неизвестная ООШ»"] == SKIPPED_COLOR
    assert colors["sch229901 МБОУ «СОШ № 1»"] is None

    dialog.remember_button.click()
    with registry.session() as s:
        stored = s.get(Setting, setting_key(read_table(path).headers))
        assert stored is not None and stored.value["constants"]["procedure"] == "ОГЭ"

    questions: list[str] = []
    infos: list[str] = []
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: questions.append(text) or yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: infos.append(text))
    dialog.load_button.click()
    qtbot.waitUntil(lambda: bool(infos), timeout=20_000)
    assert 'МБОУ "СОШ №2" → МБОУ «СОШ № 2»' in questions[0]
    assert "МКОУ «Неизвестная ООШ»" in questions[0] and "будут пропущены" in questions[0]
    assert "добавлено: 3" in infos[0]
    assert rows_in_db(registry) == {"sch229901": 20, "sch229902": 10, "sch229903": 15}
    assert dialog.result() == dialog.DialogCode.Accepted

    # the same headers next time: the remembered mapping, constants included
    again = TableMappingDialog(None, ui, path, read_workbook(path))
    qtbot.addWidget(again)
    assert "запомненного" in again.source_label.text()
    assert again.constants["subject"].text() == "Математика" and again.plan.ok


def test_unknown_school_assigned_by_hand(ui, qtbot, monkeypatch, registry, parent, tmp_path: Path) -> None:
    dialog = open_dialog(ui, qtbot, monkeypatch, write_two_row_table(tmp_path / "огэ.xlsx"), parent)
    fill_slice(qtbot, dialog)
    assert dialog.schools.select_where(lambda m: m.name == "МКОУ «Неизвестная ООШ»")
    dialog.school_choice.setCurrentIndex(dialog.school_choice.findText("МКОУ «Новая ООШ» (sch229904)"))
    dialog.assign_button.click()
    match = next(m for m in dialog.plan.matches if m.name == "МКОУ «Неизвестная ООШ»")
    assert (match.how, match.school_name) == ("manual", "МКОУ «Новая ООШ»")
    assert not dialog.plan.unmatched
    assert dialog.schools.select_where(lambda m: m.login == "sch229901")
    dialog.skip_button.click()
    assert next(m for m in dialog.plan.matches if m.login == "sch229901").how_text == "пропустить"

    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: infos.append(text))
    dialog.load()
    qtbot.waitUntil(lambda: bool(infos), timeout=20_000)
    assert rows_in_db(registry) == {"sch229902": 10, "sch229903": 15, "sch229904": 8}


def test_bad_cell_is_located_and_nothing_changes(ui, qtbot, monkeypatch, registry, parent,
                                                  tmp_path: Path) -> None:
    with registry.transaction() as s:
        school_id = s.scalar(select(School.id).where(School.fis_login == "sch229901"))
        s.execute(insert(AssessmentResult), [dict(school_id=school_id, year=2025, procedure="OGE", grade=9,
                                                  subject="Математика", session="", participants=77)])
    rows = [list(r) for r in ROWS]
    rows[1][2] = "десять"
    dialog = open_dialog(ui, qtbot, monkeypatch, write_two_row_table(tmp_path / "огэ.xlsx", rows), parent)
    fill_slice(qtbot, dialog)
    issues = dialog.issues_model.all_objects()
    assert [(i.problem.row, i.problem.column, i.problem.message) for i in issues if i.error] == [
        (6, "C: Кол-во участников", "«десять» — не число")]
    assert not dialog.load_button.isEnabled()
    assert "Загрузить нельзя: 1 ошибка" in dialog.status.text()

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    dialog.load()
    assert warned and "База не изменена" in warned[0]
    assert rows_in_db(registry) == {"sch229901": 77}
    with registry.session() as s:
        assert s.scalar(select(func.count()).select_from(AssessmentResult)) == 1


def test_header_rows_can_be_set_by_hand(ui, qtbot, monkeypatch, registry, parent, tmp_path: Path) -> None:
    dialog = open_dialog(ui, qtbot, monkeypatch, write_two_row_table(tmp_path / "огэ.xlsx"), parent)
    dialog.header_rows.setValue(1)
    assert dialog.table.headers[3] == "Отметки" and dialog.table.rows[0][0] == 4
    assert dialog.combos["mark2"].currentText() == "— нет —"
    dialog.header_rows.setValue(2)
    assert dialog.combos["mark2"].currentText() == "D: Отметки «2»"


# --- a table of unfamiliar headers ------------------------------------------------------------------

ENGLISH_HEADER = ["Login", "School", "District", "Participants", "Mean score", "Share50"]
ENGLISH_ROWS = [
    ["sch229901", "МБОУ «СОШ № 1»", "Северный район", 20, 14.5, "45,3"],
    ["sch229902", "МБОУ «СОШ № 2»", "Северный район", 10, 9.25, "66,7 %"],
    ["sch229977", "МКОУ «Лесная ООШ»", "Южный район", 8, 12, 50],
]


def write_english_table(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Results"
    wb.active.append(ENGLISH_HEADER)
    for row in ENGLISH_ROWS:
        wb.active.append(row)
    wb.save(path)
    return path


def choose(dialog: TableMappingDialog, key: str, title: str) -> None:
    combo = dialog.combos[key]
    index = combo.findText(title)
    assert index >= 0, title
    combo.setCurrentIndex(index)


def test_unfamiliar_headers_open_the_mapping_step(ui, qtbot, monkeypatch, registry, parent,
                                                  tmp_path: Path) -> None:
    """No kind knows «Participants» or «Share50»: the person maps the columns instead of a refusal."""
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: errors.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: errors.append(text))
    dialog = open_dialog(ui, qtbot, monkeypatch, write_english_table(tmp_path / "open data.xlsx"), parent)
    assert not errors
    assert dialog.combos["login"].currentText() == "A: Login"  # the one header a word of it knows
    assert dialog.combos["participants"].currentText() == "— нет —"
    choose(dialog, "school_name", "B: School")
    choose(dialog, "municipality", "C: District")
    choose(dialog, "participants", "D: Participants")
    choose(dialog, "mean_score", "E: Mean score")
    fill_slice(qtbot, dialog)

    # a share of the person's own meaning
    qtbot.mouseClick(dialog.add_share_button, Qt.MouseButton.LeftButton)
    share = dialog.share_rows[-1]
    share.combo.setCurrentIndex(share.combo.findText("F: Share50"))
    dialog.recheck()
    assert not dialog.plan.ok  # a share without a name cannot be stored
    messages = [i.problem.message for i in dialog.issues_model.all_objects()]
    assert any(m.startswith("у доли не задано название") for m in messages)
    type_text(qtbot, share.name, "доля выполнивших 50 % заданий")
    dialog.recheck()
    assert dialog.plan.ok, dialog.plan.problems
    assert "«Share50» — в процентах" in dialog.status.text()
    assert "не найдено и будет пропущено: 1" in dialog.status.text()

    # the school missing from the registry is added when asked
    dialog.create_missing.setChecked(True)
    assert "нет в реестре, будет добавлено: 1" in dialog.status.text()
    colors = {m.file_text: background(dialog.schools_model, r)
              for r, m in enumerate(dialog.schools_model.objects())}
    from shnor_desktop.ui.dialogs.table_mapping import CREATE_COLOR

    assert colors["sch229977 МКОУ «Лесная ООШ»"] == CREATE_COLOR

    dialog.remember_button.click()
    questions: list[str] = []
    infos: list[str] = []
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: questions.append(text) or yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: infos.append(text))
    dialog.load_button.click()
    qtbot.waitUntil(lambda: bool(infos), timeout=20_000)
    assert "будут добавлены в реестр" in questions[0] and "МКОУ «Лесная ООШ» (Южный район)" in questions[0]
    assert "в реестр добавлено ОО: 1" in infos[0]
    assert rows_in_db(registry) == {"sch229901": 20, "sch229902": 10, "sch229977": 8}
    with registry.session() as s:
        shares = dict(s.execute(select(School.fis_login, AssessmentResult.shares).join(
            AssessmentResult, AssessmentResult.school_id == School.id)).all())
        new = s.scalar(select(School).where(School.fis_login == "sch229977"))
        assert (new.short_name, new.municipality) == ("МКОУ «Лесная ООШ»", "Южный район")
    assert shares["sch229901"] == pytest.approx({"доля выполнивших 50 % заданий": 0.453})
    assert shares["sch229977"] == pytest.approx({"доля выполнивших 50 % заданий": 0.5})

    # remembered with its named share
    again = TableMappingDialog(None, ui, tmp_path / "open data.xlsx",
                               read_workbook(tmp_path / "open data.xlsx"))
    qtbot.addWidget(again)
    assert [(r.share_name, r.combo.currentText()) for r in again.share_rows] == [
        ("доля выполнивших 50 % заданий", "F: Share50")]
    again.share_rows[0].remove_button.click()
    assert not again.share_rows and not again.mapping().shares


def test_a_csv_file_opens_the_mapping_step(ui, qtbot, monkeypatch, registry, parent, tmp_path: Path) -> None:
    path = tmp_path / "open data.csv"
    lines = [";".join(ENGLISH_HEADER)] + [";".join(str(c) for c in row) for row in ENGLISH_ROWS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    dialog = open_dialog(ui, qtbot, monkeypatch, path, parent)
    assert dialog.sheet_box.currentText() == "open data"
    assert dialog.preview_model.rowCount() == 3
    assert dialog.table.headers == ENGLISH_HEADER


def test_an_empty_workbook_is_still_refused(ui, qtbot, monkeypatch, registry, parent, tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "пусто.xlsx"
    openpyxl.Workbook().save(path)
    shown: list[str] = []
    monkeypatch.setattr("shnor_desktop.ui.dialogs.results_import.show_error",
                        lambda _p, title, exc: shown.append(f"{title}: {exc}"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    start_results_import(ui, parent)
    assert shown and "нет ни одной заполненной строки" in shown[0]
    assert parent.findChild(TableMappingDialog) is None
