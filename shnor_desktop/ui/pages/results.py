"""Results page: one grid over all assessment results, filters, edit, paste, copy, export, import."""

# Imports inside functions: the exports (openpyxl), the pivot (pandas) and the import forms load
# when first used.

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStatusBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...io.results_table import SHARES_FIELD, ResultColumns, load_results
from ...models.enums import SchoolStatusKind
from ..file_dialogs import save_file
from ..table_models.results_grid import ResultsGridTableModel
from ..widgets.progress import run_with_progress

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)
ALL = "все"


PIVOT_INDICATORS = (("kv", "Коэффициент выполнения"), ("mean_score", "Средний балл"), ("median", "Медиана"),
                    ("quality", "Качество"), ("success", "Успеваемость"))


class ResultsPage(QWidget):
    def __init__(self, ui: Ui) -> None:
        super().__init__()
        self.ui = ui
        empty = load_results_empty()
        self.model = ResultsGridTableModel(ui.ctx.db, empty, self)
        self.model.edit_refused.connect(self.show_refusal)
        self.model.edit_accepted.connect(self.clear_refusal)

        self.year = QComboBox()
        self.procedure = QComboBox()
        self.grade = QComboBox()
        self.subject = QComboBox()
        self.school = QComboBox()
        self.school.setMinimumWidth(220)
        self.status = QComboBox()
        self.status.addItems([ALL, *SchoolStatusKind.labels(), "без статуса"])
        for combo in (self.year, self.procedure, self.grade, self.subject, self.school, self.status):
            combo.currentIndexChanged.connect(self._apply_filter)

        filters = QHBoxLayout()
        for label, combo in (("Год", self.year), ("Процедура", self.procedure), ("Класс", self.grade),
                             ("Предмет", self.subject), ("ОО", self.school), ("Статус", self.status)):
            filters.addWidget(QLabel(label))
            filters.addWidget(combo)
        filters.addStretch(1)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setColumnWidth(4, 240)
        self.view.setColumnWidth(self.model.fields.index(SHARES_FIELD), 320)

        copy = QAction("Копировать", self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.triggered.connect(self.copy_selection)
        paste = QAction("Вставить из Excel", self)
        paste.setShortcut(QKeySequence.StandardKey.Paste)
        paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.triggered.connect(self.paste_clipboard)
        self.view.addActions([copy, paste])
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        buttons = QHBoxLayout()
        for text, slot in (("Загрузить файл…", self.import_file), ("Копировать", self.copy_selection),
                           ("Вставить из Excel", self.paste_clipboard),
                           ("Экспорт в Excel…", self.export_dialog),
                           ("Шкалы перевода…", self.open_scales), ("Обновить", self.refresh)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        # every school of the district × work × year by one indicator, as a methodist builds by hand
        self.pivot_button = QPushButton("Сводная таблица")
        self.pivot_button.setToolTip("Школы района × работы × годы по одному показателю, в Excel")
        pivot_menu = QMenu(self.pivot_button)
        for key, caption in PIVOT_INDICATORS:
            pivot_menu.addAction(f"{caption}…", partial(self.export_pivot, key))
        self.pivot_button.setMenu(pivot_menu)
        buttons.addWidget(self.pivot_button)
        buttons.addStretch(1)
        self.count = QLabel()
        buttons.addWidget(self.count)

        layout = QVBoxLayout(self)
        title = QLabel("<h2>Результаты оценочных процедур</h2>")
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        # a refused edit says why right above the grid (and in the cell's tooltip)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet("background: #f8d7da; color: #58151c; border: 1px solid #f1aeb5; "
                                   "border-radius: 3px; padding: 4px 8px;")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        hint = QLabel("Ячейки с числами редактируются двойным щелчком; блок из Excel вставляется "
                      "Ctrl+V в выделенную ячейку. Качество и успеваемость считаются по отметкам. "
                      "«Другие доли» — доли, названные при сопоставлении столбцов таблицы.")
        hint.setWordWrap(True)
        layout.addWidget(hint)

    # --- loading ----------------------------------------------------------------------------

    def reload_now(self) -> None:
        """Synchronous reload (tests, small databases)."""
        self.set_columns(load_results(self.ui.ctx.db))

    def refresh(self) -> None:
        """Reload in the background: a region's million rows must not freeze the window."""
        run_with_progress(self, self.ui.runner, "Загрузка результатов…",
                          lambda _p: load_results(self.ui.ctx.db), self.set_columns,
                          cancellable=False, error_title="Результаты не загружены")

    def set_columns(self, columns: ResultColumns) -> None:
        self.model.set_columns(columns)
        self._fill_filters(columns)
        self._apply_filter()

    def _fill_filters(self, c: ResultColumns) -> None:
        def fill(combo: QComboBox, items: list[str]) -> None:
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([ALL, *items])
            index = combo.findText(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

        years = sorted({int(y) for y in np.unique(c.values["year"])}, reverse=True)
        grades = sorted({int(g) for g in np.unique(c.values["grade"])})
        fill(self.year, [str(y) for y in years])
        fill(self.grade, [str(g) for g in grades])
        fill(self.procedure, c.categories.get("procedure", []))
        fill(self.subject, c.categories.get("subject", []))
        fill(self.school, c.categories.get("school", []))

    def _apply_filter(self) -> None:
        def text(combo: QComboBox) -> str | None:
            t = combo.currentText()
            return None if t in ("", ALL) else t

        status_text = text(self.status)
        status = None
        if status_text == "без статуса":
            status = ""
        elif status_text:
            status = SchoolStatusKind.from_label(status_text).value
        year, grade = text(self.year), text(self.grade)
        self.model.set_filter(
            year=int(year) if year else None, grade=int(grade) if grade else None,
            procedure=text(self.procedure), subject=text(self.subject), school=text(self.school),
            status=status,
        )
        self.count.setText(f"Строк: {self.model.rowCount()} из {len(self.model.data_columns)}")

    # --- messages ----------------------------------------------------------------------------

    def show_refusal(self, text: str) -> None:
        """A refused edit: the banner above the grid and the window's status line say why."""
        self.message.setText(f"Значение не принято. {text} Ячейка осталась прежней.")
        self.message.show()
        bar = self._status_bar()
        if bar is not None:
            bar.showMessage(f"Значение не принято. {text}", 15_000)

    def clear_refusal(self) -> None:
        self.message.hide()
        self.message.clear()

    def _status_bar(self) -> QStatusBar | None:
        window = self.window()
        return window.statusBar() if isinstance(window, QMainWindow) else None

    # --- clipboard and export ------------------------------------------------------------------

    def _selection(self) -> tuple[list[int], list[int]]:
        indexes = self.view.selectionModel().selectedIndexes()
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        return rows, columns

    def copy_selection(self) -> str:
        rows, columns = self._selection()
        if not rows:
            rows = list(range(min(self.model.rowCount(), 100_000)))
            columns = list(range(self.model.columnCount()))
        text = self.model.copy_text(rows, columns)
        QApplication.clipboard().setText(text)
        return text

    def paste_clipboard(self) -> bool:
        current = self.view.currentIndex()
        if not current.isValid():
            QMessageBox.information(self, "Вставка", "Выделите ячейку, с которой начать вставку.")
            return False
        text = QApplication.clipboard().text()
        if self.model.paste(current.row(), current.column(), text):
            return True
        QMessageBox.warning(self, "Вставка не выполнена",
                            f"{self.model.last_error}\n\nНичего не изменено.")
        return False

    def export_dialog(self) -> None:
        name = save_file(self, "exports", "Экспорт в Excel", "результаты.xlsx", "Книга Excel (*.xlsx)")
        if not name:
            return
        from ...io.export_xlsx import export_table

        headers, rows = self.model.export_values()
        run_with_progress(self, self.ui.runner, "Выгрузка в Excel…",
                          lambda _p: export_table(name, headers, rows), cancellable=False,
                          error_title="Экспорт не выполнен")

    def export_pivot(self, indicator_key: str = "kv", path: str | None = None) -> None:
        """The results pivot of the district (schools × works × years) written to .xlsx."""
        from ...analytics.indicators import indicator

        ind = indicator(indicator_key)
        name = path or save_file(self, "exports", "Сводная таблица результатов",
                                 f"Сводная таблица — {ind.short}.xlsx", "Книга Excel (*.xlsx)")
        if not name:
            return
        target = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")

        def work(_progress: Any) -> Path | None:
            from ...analytics.pivot import results_pivot
            from ...io.pivot_export import write_pivot

            with self.ui.ctx.db.session() as session:
                pivot = results_pivot(session, indicator_key=ind.key)
            return None if pivot.table.empty else write_pivot(pivot, target)

        def done(written: Path | None) -> None:
            self.ui.window.status_message.emit(
                f"Сводная таблица записана: {written}" if written
                else "Результатов школ района нет: сводную таблицу строить не из чего")

        run_with_progress(self, self.ui.runner, "Сводная таблица…", work, done, cancellable=False,
                          error_title="Сводная таблица не записана")

    def open_scales(self) -> None:
        from ..dialogs.scales import ScalesDialog

        ScalesDialog(self, self.ui.ctx).exec()

    def import_file(self) -> None:
        from ..dialogs.results_import import start_results_import

        start_results_import(self.ui, self, on_done=self.refresh)


def load_results_empty() -> ResultColumns:
    from ...io.results_table import derive_shares

    empty = np.empty(0)
    values = {name: empty.copy() for name in (
        "year", "grade", "participants", "absent", "mark2", "mark3", "mark4", "mark5",
        "mean_score", "median_score", "kv", "share_below_min", "share_80plus")}
    for name in ("procedure", "subject", "school", "login", "other_shares"):
        values[name] = np.empty(0, dtype=np.int32)
    derive_shares(values)
    return ResultColumns(ids=np.empty(0, dtype=np.int64), school_ids=np.empty(0, dtype=np.int64),
                         values=values, categories={n: [] for n in ("procedure", "subject", "school",
                                                                    "login", "other_shares")})
