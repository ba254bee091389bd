"""A table with search, sorting, copy to Excel and export to .xlsx — the same on every page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import show_error
from ..file_dialogs import save_file
from ..table_models.records import RecordTableModel


def rows_to_tsv(headers: list[str] | None, rows: list[list[str]]) -> str:
    """Excel-pastable text: tabs between cells, newlines between rows, no tabs inside cells."""

    def clean(cell: str) -> str:
        cell = cell.replace("\t", " ").replace("\r", " ")
        return f'"{cell.replace(chr(34), chr(34) * 2)}"' if "\n" in cell else cell

    lines = []
    if headers:
        lines.append("\t".join(clean(h) for h in headers))
    lines += ["\t".join(clean(c) for c in row) for row in rows]
    return "\n".join(lines) + "\n"


class RecordTable(QWidget):
    """Search box + table view over a :class:`RecordTableModel`."""

    activated = Signal(object)  # the row object, on double click or Enter
    selection_changed = Signal()

    def __init__(self, model: RecordTableModel, *, export_name: str = "таблица",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.export_name = export_name
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.count_label = QLabel()

        self.view = QTableView()
        self.view.setModel(model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._on_double_click)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        for i, column in enumerate(model.columns):
            if column.width:
                self.view.setColumnWidth(i, column.width)

        self.copy_action = QAction("Копировать (для Excel)", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.view.addAction(self.copy_action)
        self.export_action = QAction("Экспорт в Excel…", self)
        self.export_action.triggered.connect(self.export_dialog)
        self.extra_actions: list[QAction] = []

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        model.modelReset.connect(self._update_count)
        model.layoutChanged.connect(self._update_count)
        self._update_count()

    # --- selection -------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.view.selectionModel().selectedRows()})

    def selected_objects(self) -> list[Any]:
        return [self.model.row_object(r) for r in self.selected_rows()]

    def current_object(self) -> Any | None:
        rows = self.selected_rows()
        return self.model.row_object(rows[0]) if rows else None

    def select_where(self, predicate: Callable[[Any], bool]) -> bool:
        row = self.model.row_of(predicate)
        if row < 0:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    # --- actions ---------------------------------------------------------------------------

    def copy_selection(self) -> str:
        rows = self.selected_rows() or list(range(self.model.rowCount()))
        text = rows_to_tsv(self.model.headers(), self.model.text_rows(rows))
        QApplication.clipboard().setText(text)
        return text

    def export_to(self, path: str | Path) -> Path:
        from ...io.export_xlsx import export_table  # heavy: openpyxl loads with the first export

        return export_table(path, self.model.headers(), self.model.export_rows())

    def export_dialog(self) -> None:
        name = save_file(self, "exports", "Экспорт в Excel", f"{self.export_name}.xlsx",
                         "Книга Excel (*.xlsx)")
        if not name:
            return
        if not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        try:
            self.export_to(name)
        except Exception as exc:
            show_error(self, "Экспорт не выполнен", exc)

    def add_action(self, action: QAction) -> None:
        """An extra item for the context menu (e.g. «Открыть карточку»)."""
        self.extra_actions.append(action)

    def _menu(self, pos: Any) -> None:
        menu = QMenu(self)
        for action in self.extra_actions:
            menu.addAction(action)
        if self.extra_actions:
            menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.addAction(self.export_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _on_search(self, text: str) -> None:
        self.model.set_search(text)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.row_object(index.row()))

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_objects())
        self.count_label.setText(f"{shown} из {total}" if shown != total else f"Всего: {total}")
