"""A table model over a list of Python objects, sorting and filtering inside the model.

Pages describe their columns once (title, how to get the value, how to show it);
the model sorts on the real Python values (dates as dates, numbers as numbers,
empty values last) and filters by a text search plus an optional predicate.
No QSortFilterProxyModel: it is far too slow at a region's scale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ... import russian

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def default_display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return russian.yes_no(value)
    if isinstance(value, dt.date):
        return russian.date_short(value)
    if isinstance(value, float):
        return russian.number(value, 1)
    if isinstance(value, int) and abs(value) >= 10_000:  # 26 140, but years and small counts as they are
        return russian.number(value)
    return str(value)


@dataclass
class Column:
    title: str
    value: Callable[[Any], Any]
    display: Callable[[Any], str] | None = None  # from the value
    align_right: bool | None = None  # None: numbers right, the rest left
    tooltip: Callable[[Any], str] | None = None  # from the row object
    width: int | None = None

    def text(self, obj: Any) -> str:
        value = self.value(obj)
        return self.display(value) if self.display else default_display(value)

    def right_aligned(self, obj: Any) -> bool:
        if self.align_right is not None:
            return self.align_right
        value = self.value(obj)
        return isinstance(value, (int, float)) and not isinstance(value, bool)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == "":
        return (1, 0)
    if isinstance(value, str):
        return (0, value.casefold())
    if isinstance(value, bool):
        return (0, int(value))
    return (0, value)


class RecordTableModel(QAbstractTableModel):
    """Rows are arbitrary objects; ``columns`` says how to show them."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        row_background: Callable[[Any], QColor | None] | None = None,
        row_foreground: Callable[[Any], QColor | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        self._visible: list[int] = []
        self._search = ""
        self._predicate: Callable[[Any], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._row_background = row_background
        self._row_foreground = row_foreground
        self._haystack: list[str] = []

    # --- data in ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystack = [
            " ".join(c.text(r) for c in self.columns).casefold() for r in self._rows
        ]
        self._apply()
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self.beginResetModel()
        self._search = text.strip().casefold()
        self._apply()
        self.endResetModel()

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginResetModel()
        self._predicate = predicate
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        words = self._search.split()
        visible = []
        for i, obj in enumerate(self._rows):
            if words and not all(w in self._haystack[i] for w in words):
                continue
            if self._predicate is not None and not self._predicate(obj):
                continue
            visible.append(i)
        if self._sort is not None:
            column, order = self._sort
            getter = self.columns[column].value
            visible.sort(key=lambda i: _sort_key(getter(self._rows[i])),
                         reverse=order == Qt.SortOrder.DescendingOrder)
        self._visible = visible

    # --- data out ----------------------------------------------------------------------------

    def row_object(self, row: int) -> Any:
        return self._rows[self._visible[row]]

    def objects(self) -> list[Any]:
        """The visible rows in their shown order."""
        return [self._rows[i] for i in self._visible]

    def all_objects(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, predicate: Callable[[Any], bool]) -> int:
        for row, i in enumerate(self._visible):
            if predicate(self._rows[i]):
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        obj = self._rows[self._visible[index.row()]]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(obj)
        if role == SORT_ROLE:
            return column.value(obj)
        if role == OBJECT_ROLE:
            return obj
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.right_aligned(obj):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(obj)
        if role == Qt.ItemDataRole.BackgroundRole and self._row_background:
            color = self._row_background(obj)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and self._row_foreground:
            color = self._row_foreground(obj)
            return QBrush(color) if color is not None else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        # column -1 (QTableView.sortByColumn(-1) at start) means "as given", not the last column
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        self._apply()
        self.layoutChanged.emit()

    # --- export ------------------------------------------------------------------------------

    def headers(self) -> list[str]:
        return [c.title for c in self.columns]

    def export_rows(self, rows: Sequence[int] | None = None) -> list[list[Any]]:
        """Real values (dates, numbers) for .xlsx; visible rows unless given."""
        indices = range(len(self._visible)) if rows is None else rows
        out = []
        for row in indices:
            obj = self.row_object(row)
            values = []
            for c in self.columns:
                value = c.value(obj)
                if not isinstance(value, (int, float, dt.date, type(None))):
                    value = c.text(obj)
                elif isinstance(value, bool):
                    value = russian.yes_no(value)
                values.append(value)
            out.append(values)
        return out

    def text_rows(self, rows: Sequence[int]) -> list[list[str]]:
        return [[c.text(self.row_object(r)) for c in self.columns] for r in rows]
