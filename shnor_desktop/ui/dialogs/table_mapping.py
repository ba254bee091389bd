"""The column-mapping step of a school-level table: preview, one choice per field, problems, schools.

The person sees the first rows of the table, picks for every target field a column of the file
or types a constant (procedure = ОГЭ, year = 2025), names any other «доля, %» column (stored as a
named share), sees at once what is wrong (sheet, row, column) and which schools were found by
login, by name (to check) or not at all (skipped, or added to the registry when asked), may
remember the mapping for tables with the same headers, and imports in the background.
"""

# Imports inside functions: the table importers load when a table is read, not when the results
# page opens.

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..confirm import ask
from ..errors import show_error
from ..palette import DONE_BACKGROUND, NEUTRAL_BACKGROUND, OVERDUE_BACKGROUND, WARNING_BACKGROUND
from ..table_models.records import Column, RecordTableModel
from ..widgets.progress import run_with_progress
from ..widgets.record_table import RecordTable

if TYPE_CHECKING:
    from ...io.problems import Problem
    from ...io.sheet import Sheet
    from ...io.table_import import ColumnMapping, SchoolMatch, TablePlan
    from ...io.table_sheet import TableData
    from ..page import Ui

log = logging.getLogger(__name__)

NONE_CHOICE = "— нет —"
CONSTANT_CHOICE = "Постоянное значение:"
PREVIEW_ROWS = 8
ERROR_COLOR = OVERDUE_BACKGROUND
WARNING_COLOR = WARNING_BACKGROUND
NAME_MATCH_COLOR = WARNING_BACKGROUND
SKIPPED_COLOR = NEUTRAL_BACKGROUND
CREATE_COLOR = DONE_BACKGROUND
FIELD_GROUPS: tuple[tuple[str, ...], ...] = (
    ("login", "school_name", "municipality", "year", "procedure", "grade", "subject", "max_score"),
    ("participants", "absent", "mark2", "mark3", "mark4", "mark5", "no_attestat"),
    ("mean_score", "median_score", "kv", "share_below_min", "share_80plus", "quality", "success"),
)
CONSTANT_HINTS = {"year": "например, 2025", "procedure": "ВПР, ОГЭ, ЕГЭ…", "grade": "например, 9",
                  "subject": "например, Математика", "max_score": "например, 31"}



def _preview_cell(column: int, row: Any) -> Any:
    """A cell of the preview: rows are (row number, cells)."""
    return row[1][column]


class _Issue:
    """A problem or a warning as one row of the list."""

    def __init__(self, problem: Problem, error: bool) -> None:
        self.problem = problem
        self.error = error


class ShareRow(QWidget):
    """One named share: what it means (typed by the person) and the column that holds it."""

    def __init__(self, on_change: Callable[..., None], on_remove: Callable[[ShareRow], None]) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.name.setPlaceholderText("что это за доля, например: доля выполнивших 50 % заданий")
        self.name.setMinimumWidth(320)
        self.combo = QComboBox()
        self.combo.setMinimumWidth(220)
        self.combo.setMaxVisibleItems(25)
        self.remove_button = QPushButton("Убрать")
        self.remove_button.clicked.connect(lambda: on_remove(self))
        self.name.textChanged.connect(on_change)
        self.combo.currentIndexChanged.connect(on_change)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Доля:"))
        layout.addWidget(self.name, 2)
        layout.addWidget(QLabel("столбец:"))
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.remove_button)

    def fill(self, table: TableData) -> None:
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(NONE_CHOICE, None)
        for i in range(table.width):
            self.combo.addItem(table.column_title(i), i)
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0) if current is not None else 0)
        self.combo.blockSignals(False)

    def set(self, name: str, column: int | None) -> None:
        self.name.blockSignals(True)
        self.combo.blockSignals(True)
        self.name.setText(name)
        self.combo.setCurrentIndex(max(self.combo.findData(column), 0) if column is not None else 0)
        self.combo.blockSignals(False)
        self.name.blockSignals(False)
        self.combo.setToolTip(self.combo.currentText())

    @property
    def share_name(self) -> str:
        return " ".join(self.name.text().split())

    @property
    def column(self) -> int | None:
        data = self.combo.currentData()
        return data if isinstance(data, int) else None


class TableMappingDialog(QDialog):
    def __init__(self, parent: QWidget | None, ui: Ui, path: Path, sheets: list[Sheet],
                 on_done: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.db = ui.ctx.db
        self.path = Path(path)
        self.sheets = sheets
        self.on_done = on_done
        self.table: TableData | None = None
        self.plan: TablePlan | None = None
        self.overrides: dict[str, int | None] = {}
        self.summary: Any = None
        self._building = False
        self.setWindowTitle(f"Загрузка таблицы: {self.path.name}")
        self.resize(1180, 760)

        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(150)
        self._recheck_timer.timeout.connect(self.recheck)

        # --- where the table is --------------------------------------------------------------
        self.sheet_box = QComboBox()
        self.sheet_box.addItems([s.name for s in sheets])
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 1000)
        self.header_row.setToolTip("Номер строки Excel, с которой начинается заголовок таблицы")
        self.header_rows = QSpinBox()
        self.header_rows.setRange(1, 3)
        self.header_rows.setToolTip("Сколько строк занимает заголовок (объединённые ячейки)")
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Лист:"))
        top.addWidget(self.sheet_box)
        top.addSpacing(12)
        top.addWidget(QLabel("Заголовок со строки:"))
        top.addWidget(self.header_row)
        top.addWidget(QLabel("строк в заголовке:"))
        top.addWidget(self.header_rows)
        top.addSpacing(12)
        top.addWidget(self.source_label, 1)

        # --- preview -------------------------------------------------------------------------
        self.preview_model = RecordTableModel([])
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.preview.verticalHeader().setVisible(False)
        self.preview.verticalHeader().setDefaultSectionSize(22)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.setMinimumHeight(120)

        # --- the mapping ---------------------------------------------------------------------
        from ...io.table_import import BY_KEY

        self.combos: dict[str, QComboBox] = {}
        self.constants: dict[str, QLineEdit] = {}
        mapping_box = QGroupBox("Сопоставление: какой столбец файла что содержит")
        grid = QGridLayout(mapping_box)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        for group_index, group in enumerate(FIELD_GROUPS):
            col = group_index * 3 + (1 if group_index else 0)
            for row, key in enumerate(group):
                target = BY_KEY[key]
                combo = QComboBox()
                combo.setMinimumWidth(170)
                combo.setMaxVisibleItems(25)
                combo.currentIndexChanged.connect(self._mapping_changed)
                self.combos[key] = combo
                label = QLabel(target.label + ("*" if target.required else "") + ":")
                grid.addWidget(label, row, col)
                grid.addWidget(combo, row, col + 1)
                if target.constant:
                    edit = QLineEdit()
                    edit.setPlaceholderText(CONSTANT_HINTS.get(key, ""))
                    edit.setFixedWidth(120)
                    edit.textChanged.connect(self._mapping_changed)
                    self.constants[key] = edit
                    grid.addWidget(edit, row, col + 2)
        for stretch_col in (1, 5, 8):
            grid.setColumnStretch(stretch_col, 1)
        grid.setColumnMinimumWidth(3, 12)
        rows = max(len(g) for g in FIELD_GROUPS)
        note = QLabel("* — обязательно: столбец или постоянное значение (выберите «Постоянное значение» и "
                      "введите его справа). Нужен логин ОО или наименование. Проценты — 45,3, 45,3 % "
                      "или 0,453.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        grid.addWidget(note, rows, 0, 1, 9)

        # --- other shares under the person's own names ----------------------------------------
        self.share_rows: list[ShareRow] = []
        self.shares_box = QGroupBox("Другие доли, % — под своим названием (например, «доля выполнивших 50 % "
                                    "заданий»)")
        self.shares_layout = QVBoxLayout(self.shares_box)
        self.shares_layout.setSpacing(2)
        self.add_share_button = QPushButton("Добавить долю")
        self.add_share_button.setToolTip("Столбец с долей (45,3, 45,3 % или 0,453) любого смысла: она "
                                         "сохраняется под вашим названием и видна в таблице результатов")
        self.add_share_button.clicked.connect(lambda: self.add_share())
        share_buttons = QHBoxLayout()
        share_buttons.addWidget(self.add_share_button)
        share_buttons.addStretch(1)
        self.shares_layout.addLayout(share_buttons)

        # --- problems and schools ------------------------------------------------------------
        self.issues_model = RecordTableModel([
            Column("Строка", lambda i: i.problem.row, align_right=True, width=60),
            Column("Столбец", lambda i: i.problem.column, width=220),
            Column("Что не так", lambda i: ("" if i.error else "предупреждение: ") + i.problem.message),
        ], row_background=lambda i: ERROR_COLOR if i.error else WARNING_COLOR)
        self.issues = RecordTable(self.issues_model, export_name="замечания к таблице")
        self.schools_model = RecordTableModel([
            Column("Строки файла", lambda m: ", ".join(str(r) for r in m.rows[:6])
                   + ("…" if len(m.rows) > 6 else ""), width=100),
            Column("ОО в файле", lambda m: m.file_text, width=300),
            Column("Школа реестра", lambda m: m.school_name, width=260),
            Column("Как найдена", lambda m: m.how_text),
        ], row_background=self._school_color)
        self.schools = RecordTable(self.schools_model, export_name="школы таблицы")
        self.create_missing = QCheckBox("Добавить в реестр школы, которых в нём нет (название и "
                                        "муниципалитет — из файла)")
        self.create_missing.toggled.connect(lambda _on: self.recheck())
        self.school_choice = QComboBox()
        self.school_choice.setMinimumWidth(300)
        self._fill_school_choice()
        self.assign_button = assign = QPushButton("Сопоставить выбранные")
        assign.clicked.connect(self.assign_selected)
        self.skip_button = skip = QPushButton("Пропустить выбранные")
        skip.clicked.connect(self.skip_selected)
        school_buttons = QHBoxLayout()
        school_buttons.addWidget(QLabel("Школа реестра:"))
        school_buttons.addWidget(self.school_choice)
        school_buttons.addWidget(assign)
        school_buttons.addWidget(skip)
        school_buttons.addStretch(1)
        schools_page = QWidget()
        schools_layout = QVBoxLayout(schools_page)
        schools_layout.addWidget(self.schools, 1)
        schools_layout.addLayout(school_buttons)
        schools_layout.addWidget(self.create_missing)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.issues, "Замечания")
        self.tabs.addTab(schools_page, "Школы")

        # --- buttons -------------------------------------------------------------------------
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.remember_button = QPushButton("Запомнить сопоставление")
        self.remember_button.setToolTip("Таблицы с теми же заголовками будут сопоставляться сами "
                                        "(и загружаться командой shnor import)")
        self.remember_button.clicked.connect(self.remember)
        self.load_button = QPushButton("Загрузить")
        self.load_button.setDefault(True)
        self.load_button.clicked.connect(self.load)
        cancel = QPushButton("Отмена")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remember_button)
        buttons.addStretch(1)
        buttons.addWidget(self.load_button)
        buttons.addWidget(cancel)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Файл:", QLabel(self.path.name))
        layout.addLayout(form)
        layout.addLayout(top)
        layout.addWidget(self.preview, 2)
        layout.addWidget(mapping_box)
        layout.addWidget(self.shares_box)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.sheet_box.currentIndexChanged.connect(lambda _i: self._read_table(detect=True))
        self.header_row.valueChanged.connect(lambda _v: self._read_table(detect=False))
        self.header_rows.valueChanged.connect(lambda _v: self._read_table(detect=False))
        start = self._first_table_sheet()
        self.sheet_box.setCurrentIndex(start)
        self._read_table(detect=True)

    # --- reading the table ---------------------------------------------------------------------

    def _first_table_sheet(self) -> int:
        from ...io.table_import import looks_like_results
        from ...io.table_sheet import table_from_sheet

        for i, sheet in enumerate(self.sheets):
            if sheet.rows and looks_like_results(table_from_sheet(sheet, self.path.name).headers):
                return i
        return next((i for i, s in enumerate(self.sheets) if s.rows), 0)

    def _read_table(self, *, detect: bool) -> None:
        if self._building:
            return
        from ...io.table_sheet import table_from_sheet

        sheet = self.sheets[self.sheet_box.currentIndex()] if self.sheets else None
        if sheet is None:
            return
        if detect:
            table = table_from_sheet(sheet, self.path.name)
        else:
            table = table_from_sheet(sheet, self.path.name, header_row=self.header_row.value(),
                                     header_rows=self.header_rows.value())
        table.sheet_names = [s.name for s in self.sheets]
        self.table = table
        self._building = True
        try:
            self.header_row.setValue(table.header_row)
            self.header_rows.setValue(table.header_rows)
            self._fill_preview(table)
            self._fill_combos(table)
            self.set_mapping(self._initial_mapping(table))
        finally:
            self._building = False
        self.recheck()

    def _initial_mapping(self, table: TableData) -> ColumnMapping:
        from ...io.table_import import remembered_mapping, suggest_mapping

        with self.db.session() as session:
            remembered = remembered_mapping(session, table)
        if remembered is not None:
            self.source_label.setText("Сопоставление взято из запомненного для таблиц с такими заголовками.")
            return remembered
        self.source_label.setText("Сопоставление предложено по словам заголовков — проверьте его.")
        return suggest_mapping(table.headers)

    def _fill_preview(self, table: TableData) -> None:
        columns = [Column("Строка", lambda r: r[0], align_right=True, width=55)]
        for i in range(table.width):
            columns.append(Column(table.column_title(i), partial(_preview_cell, i), width=140))
        self.preview_model.columns = columns
        self.preview_model.set_rows(table.rows[:PREVIEW_ROWS])
        self.preview.resizeColumnsToContents()
        for i in range(len(columns)):
            self.preview.setColumnWidth(i, min(max(self.preview.columnWidth(i), 60), 260))

    def _fill_combos(self, table: TableData) -> None:
        from ...io.table_import import BY_KEY

        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NONE_CHOICE, None)
            if BY_KEY[key].constant:
                combo.addItem(CONSTANT_CHOICE, "constant")
            for i in range(table.width):
                combo.addItem(table.column_title(i), i)
            combo.blockSignals(False)
        for row in self.share_rows:
            row.fill(table)

    def _fill_school_choice(self) -> None:
        from ...registry.queries import school_choices

        with self.db.session() as session:
            schools = school_choices(session)
        for sid, name, login in schools:
            self.school_choice.addItem(f"{name} ({login})" if login else name, sid)

    # --- the mapping -----------------------------------------------------------------------------

    def set_mapping(self, mapping: ColumnMapping) -> None:
        """Show a mapping in the combos and constant fields."""
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            if key in mapping.columns:
                combo.setCurrentIndex(max(combo.findData(mapping.columns[key]), 0))
            elif mapping.constants.get(key) and key in self.constants:
                combo.setCurrentIndex(combo.findData("constant"))
            else:
                combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for key, edit in self.constants.items():
            edit.blockSignals(True)
            edit.setText(mapping.constants.get(key, ""))
            edit.blockSignals(False)
        for row in list(self.share_rows):
            self._drop_share_row(row)
        for name, column in mapping.shares.items():
            self.add_share(name, column, check=False)
        self._update_constant_fields()

    def mapping(self) -> ColumnMapping:
        from ...io.table_import import ColumnMapping

        mapping = ColumnMapping()
        for key, combo in self.combos.items():
            data = combo.currentData()
            if isinstance(data, int):
                mapping.columns[key] = data
            elif data == "constant" and self.constants[key].text().strip():
                mapping.constants[key] = self.constants[key].text().strip()
        for row in self.share_rows:
            if row.column is not None and row.share_name not in mapping.shares:
                mapping.shares[row.share_name] = row.column
        return mapping

    # --- named shares ----------------------------------------------------------------------------

    def add_share(self, name: str = "", column: int | None = None, *, check: bool = True) -> ShareRow:
        """A new row for a named share (empty, or as given)."""
        row = ShareRow(self._mapping_changed, self.remove_share)
        if self.table is not None:
            row.fill(self.table)
        row.set(name, column)
        self.share_rows.append(row)
        self.shares_layout.insertWidget(self.shares_layout.count() - 1, row)
        if check:
            self._mapping_changed()
        return row

    def remove_share(self, row: ShareRow) -> None:
        self._drop_share_row(row)
        self._mapping_changed()

    def _drop_share_row(self, row: ShareRow) -> None:
        self.share_rows.remove(row)
        self.shares_layout.removeWidget(row)
        row.setParent(None)
        row.deleteLater()

    def _share_problems(self) -> list[Problem]:
        """What a mapping cannot say: a named share without a column, or one name given twice."""
        from ...io.problems import Problem

        problems: list[Problem] = []
        seen: set[str] = set()
        sheet = self.table.sheet if self.table is not None else ""
        for row in self.share_rows:
            name = row.share_name
            if row.column is None:
                if name:
                    problems.append(Problem(self.path.name, f"доля «{name}»: не выбран столбец", sheet))
                continue
            if name and name.casefold() in seen:
                problems.append(Problem(self.path.name, f"доля «{name}» названа дважды", sheet))
            seen.add(name.casefold())
        return problems

    def choose_column(self, key: str, column: int | None) -> None:
        combo = self.combos[key]
        combo.setCurrentIndex(0 if column is None else combo.findData(column))

    def set_constant(self, key: str, text: str) -> None:
        self.combos[key].setCurrentIndex(self.combos[key].findData("constant"))
        self.constants[key].setText(text)

    def _update_constant_fields(self) -> None:
        for key, edit in self.constants.items():
            edit.setEnabled(self.combos[key].currentData() == "constant")
        for combo in self.combos.values():  # a long header is cut in the combo: the whole text on hover
            combo.setToolTip(combo.currentText())

    def _mapping_changed(self, *_args: Any) -> None:
        if self._building:
            return
        self._update_constant_fields()
        self._recheck_timer.start()

    # --- checking --------------------------------------------------------------------------------

    def recheck(self) -> None:
        """Validate the table through the mapping and match the schools (changes nothing)."""
        from ...io.table_import import plan_table_import

        self._recheck_timer.stop()
        if self.table is None:
            return
        try:
            self.plan = plan_table_import(self.db, self.table, self.mapping(), path=self.path,
                                          overrides=self.overrides,
                                          create_missing=self.create_missing.isChecked())
        except Exception as exc:
            show_error(self, "Таблица не проверена", exc)
            return
        plan = self.plan
        plan.problems[:0] = self._share_problems()
        issues = [_Issue(p, True) for p in plan.problems] + [_Issue(w, False) for w in plan.warnings]
        self.issues_model.set_rows(issues)
        self.schools_model.set_rows(plan.matches)
        self.tabs.setTabText(0, f"Замечания ({len(plan.problems)} ош., {len(plan.warnings)} пред.)")
        self.tabs.setTabText(1, f"Школы ({len(plan.matches)})")
        self.load_button.setEnabled(plan.ok and bool(plan.rows_to_write()))
        self.status.setText(self._status_text(plan))
        if plan.problems:
            self.tabs.setCurrentIndex(0)

    def _status_text(self, plan: TablePlan) -> str:
        from ... import russian

        if plan.problems:
            n = len(plan.problems)
            return (f"Загрузить нельзя: {n} {russian.plural(n, 'ошибка', 'ошибки', 'ошибок')} "
                    "(список ниже). База не изменится, пока они есть.")
        parts = [f"Строк со школами: {len(plan.records)}", f"срезы: {plan.slices_text()}"]
        by_login = sum(1 for m in plan.matches if m.how == "login")
        parts.append(f"найдено по логину: {by_login}")
        if plan.name_matches:
            parts.append(f"по названию (проверьте): {len(plan.name_matches)}")
        manual = sum(1 for m in plan.matches if m.how == "manual")
        if manual:
            parts.append(f"выбрано вручную: {manual}")
        if plan.to_create:
            parts.append(f"нет в реестре, будет добавлено: {len(plan.to_create)}")
        if plan.missing:
            parts.append(f"не найдено и будет пропущено: {len(plan.missing)}")
        if plan.skipped_by_choice:
            parts.append(f"пропускается по выбору: {len(plan.skipped_by_choice)}")
        if plan.notes:
            parts.append("; ".join(plan.notes))
        return "; ".join(parts) + "."

    def _school_color(self, match: SchoolMatch) -> QColor | None:
        if match.school_id is None:
            return CREATE_COLOR if match.create else SKIPPED_COLOR
        if match.how == "name":
            return NAME_MATCH_COLOR
        return None

    # --- schools by hand -------------------------------------------------------------------------

    def assign_selected(self) -> None:
        school_id = self.school_choice.currentData()
        if school_id is None:
            return
        for match in self.schools.selected_objects():
            self.overrides[match.key] = int(school_id)
        self.recheck()

    def skip_selected(self) -> None:
        for match in self.schools.selected_objects():
            self.overrides[match.key] = None
        self.recheck()

    # --- actions ---------------------------------------------------------------------------------

    def remember(self) -> None:
        from ...io.table_import import remember_mapping

        if self.table is None:
            return
        try:
            remember_mapping(self.db, self.table, self.mapping())
        except Exception as exc:
            show_error(self, "Сопоставление не сохранено", exc)
            return
        self.source_label.setText("Сопоставление запомнено: таблицы с такими заголовками будут "
                                  "сопоставляться сами.")

    def _confirm_schools(self, plan: TablePlan) -> bool:
        if not plan.name_matches and not plan.unmatched and not plan.skipped_by_choice:
            return True
        lines: list[str] = []
        if plan.name_matches:
            lines.append("Сопоставлены по названию — проверьте:")
            lines += [f"  {m.file_text} → {m.school_name}" for m in plan.name_matches[:25]]
        if plan.to_create:
            lines.append("Нет в реестре — будут добавлены в реестр (название и муниципалитет из файла):")
            lines += [f"  {m.file_text}" + (f" ({m.municipality})" if m.municipality else "")
                      for m in plan.to_create[:25]]
        if plan.missing:
            lines.append("Нет в реестре — будут пропущены (в реестр не добавляются):")
            lines += [f"  {m.file_text}" for m in plan.missing[:25]]
        if plan.skipped_by_choice:
            lines.append("Пропускаются по вашему выбору:")
            lines += [f"  {m.file_text}" for m in plan.skipped_by_choice[:25]]
        lines.append("")
        lines.append("Загрузить таблицу?")
        return ask(self, "Проверьте школы", "\n".join(lines))

    def load(self) -> None:
        """Confirm the schools, then import in the background with progress."""
        self.recheck()
        plan = self.plan
        if plan is None or self.table is None:
            return
        if not plan.ok:
            QMessageBox.warning(self, "Таблица не загружена",
                                "Исправьте сопоставление или файл: список ошибок на вкладке «Замечания». "
                                "База не изменена.")
            return
        if not plan.rows_to_write():
            QMessageBox.warning(self, "Таблица не загружена",
                                "Ни одна школа таблицы не найдена в реестре: сопоставьте их на вкладке "
                                "«Школы» или отметьте «Добавить в реестр школы, которых в нём нет». "
                                "База не изменена.")
            return
        if not self._confirm_schools(plan):
            return
        from ...io.table_import import apply_table_plan, plan_table_import

        db, table, mapping, path, overrides = self.db, self.table, self.mapping(), self.path, dict(
            self.overrides)
        create_missing = self.create_missing.isChecked()
        self.load_button.setEnabled(False)

        def work(progress: Any) -> Any:
            fresh = plan_table_import(db, table, mapping, path=path, overrides=overrides,
                                      create_missing=create_missing)
            return apply_table_plan(db, fresh, progress=progress.report)

        def done(summary: Any) -> None:
            self.summary = summary
            QMessageBox.information(self, "Таблица загружена", summary.text())
            if self.on_done is not None:
                self.on_done()
            window = getattr(self.ui, "window", None)
            if window is not None:
                window.refresh_all()
            self.accept()

        task = run_with_progress(self, self.ui.runner, f"Загрузка {self.path.name}…", work, done,
                                 error_title="Таблица не загружена")
        task.signals.failed.connect(lambda _e: self.load_button.setEnabled(True))


def start_table_mapping(ui: Ui, parent: QWidget, path: Path,
                        on_done: Callable[[], None] | None = None) -> None:
    """Read the workbook in the background, then open the mapping step (non-modal to the app)."""
    from ...io.workbook import read_workbook

    def opened(sheets: list[Sheet]) -> None:
        dialog = TableMappingDialog(parent, ui, path, sheets, on_done)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    run_with_progress(parent, ui.runner, f"Чтение {path.name}…", lambda _p: read_workbook(path), opened,
                      cancellable=False, error_title="Файл не прочитан")
