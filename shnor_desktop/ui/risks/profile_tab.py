"""«Профили рисков»: a school's risk profile for a year, edited in the table, compared with
last year; a high or medium risk without any measure is flagged."""

from __future__ import annotations

import copy
import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...errors import is_conflict
from ...models.risks import RiskLevel, RiskSource
from ...registry.queries import list_schools
from ...risks import profiles as svc
from ...risks.factors import ensure_default_factors
from ..table_models.records import Column, RecordTableModel
from ..widgets.labels import bold, hint
from ..widgets.record_table import RecordTable
from ..work import change, read
from .common import FALL_FOREGROUND, FLAG_FOREGROUND, LEVEL_COLORS, RISE_FOREGROUND, show_refusal, year_box

if TYPE_CHECKING:
    from ...context import AppContext

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
NUMBER, FACTOR, LEVEL, SOURCE, COMMENT, PREVIOUS, CHANGE, MEASURES, FLAG = range(9)
WITHOUT_MEASURE = "риск без мер"
LEVEL_CHOICES: list[tuple[str | None, str]] = [(None, svc.NOT_ASSESSED)] + [
    (m.value, m.label) for m in RiskLevel]
SOURCE_CHOICES: list[tuple[str, str]] = [("", "—")] + [(m.value, m.label) for m in RiskSource]


def change_text(entry: svc.ProfileEntry) -> str:
    change = entry.change
    if change is None or (change is svc.Change.SAME and entry.previous_level is None):
        return ""
    return change.label


def profile_columns(previous_year: int) -> list[Column]:
    return [
        Column("№", lambda e: e.position, align_right=True, width=34),
        Column("Фактор риска", lambda e: e.factor_name + (" (выведен)" if e.factor_retired else ""),
               width=290, tooltip=lambda e: e.factor_name),
        Column("Уровень", lambda e: e.level_text, width=85),
        Column("Источник", lambda e: svc.source_label(e.source) or None, width=130),
        Column("Комментарий", lambda e: e.comment or None, width=140, tooltip=lambda e: e.comment),
        Column(f"В {previous_year} г.", lambda e: svc.level_label(e.previous_level)
               if e.previous_level else None, width=80),
        Column("Динамика", lambda e: change_text(e) or None, width=115),
        Column("Мер", lambda e: e.measures, align_right=True, width=40),
        Column("Отметка", lambda e: WITHOUT_MEASURE if e.without_measure else None),
    ]


class ProfileModel(RecordTableModel):
    """The profile's entries; level, source and comment are edited in place."""

    edited = Signal()
    EDITABLE: tuple[int, ...] = (LEVEL, SOURCE, COMMENT)

    def __init__(self, previous_year: int, parent: Any = None) -> None:
        super().__init__(profile_columns(previous_year), parent=parent)

    def set_previous_year(self, year: int) -> None:
        self.columns[PREVIOUS].title = f"В {year} г."
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, PREVIOUS, PREVIOUS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry: svc.ProfileEntry = self.row_object(index.row())
        column = index.column()
        if column == LEVEL:
            if role == Qt.ItemDataRole.DisplayRole:
                return entry.level_text
            if role == Qt.ItemDataRole.EditRole:
                return entry.level
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(LEVEL_COLORS[entry.level if entry.level in LEVEL_COLORS else None])
        if column == PREVIOUS and role == Qt.ItemDataRole.BackgroundRole and entry.previous_level:
            return QBrush(LEVEL_COLORS.get(entry.previous_level, LEVEL_COLORS[None]))
        if column == SOURCE and role == Qt.ItemDataRole.EditRole:
            return entry.source
        if column == COMMENT and role == Qt.ItemDataRole.EditRole:
            return entry.comment
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == FLAG and entry.without_measure:
                return QBrush(FLAG_FOREGROUND)
            if column == CHANGE and entry.change in (svc.Change.ROSE, svc.Change.NEW):
                return QBrush(RISE_FOREGROUND)
            if column == CHANGE and entry.change in (svc.Change.FELL, svc.Change.GONE):
                return QBrush(FALL_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and column == FLAG and entry.without_measure:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in self.EDITABLE:
            return False
        entry: svc.ProfileEntry = self.row_object(index.row())
        if index.column() == LEVEL:
            entry.level = value or None
        elif index.column() == SOURCE:
            entry.source = value or ""
        else:
            entry.comment = str(value or "")
        left, right = self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1)
        self.dataChanged.emit(left, right)
        self.edited.emit()
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor over (value, label) choices; commits as soon as one is picked."""

    def __init__(self, choices: list[tuple[Any, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        for value, label in self.choices:
            combo.addItem(label, value)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        combo.removeEventFilter(self)  # its focus-out would commit the closed editor once more
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        position = next((i for i, (v, _) in enumerate(self.choices) if v == value), 0)
        editor.setCurrentIndex(position)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ProfileTab(QWidget):
    """School + year selector, the editable profile, its comparison with last year."""

    saved = Signal()
    add_measure_requested = Signal(int, int, int)  # school_id, year, factor_id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.profile: svc.Profile | None = None
        self._original: list[tuple[Any, ...]] = []
        self._current: tuple[int | None, int] = (None, 0)

        self.school = QComboBox()
        self.school.setMinimumWidth(320)
        self.year = year_box()
        self.year.setMaximumWidth(90)
        self.school.currentIndexChanged.connect(self._selection_changed)
        self.year.valueChanged.connect(self._selection_changed)
        top = QHBoxLayout()
        top.addWidget(QLabel("Школа:"))
        top.addWidget(self.school, 1)
        top.addWidget(QLabel("Год:"))
        top.addWidget(self.year)
        top.addStretch(1)

        self.summary = bold()
        self.summary.setObjectName("summary")
        self.comparison = QLabel()
        self.comparison.setObjectName("comparison")
        self.comparison.setWordWrap(True)

        self.model = ProfileModel(self.year.value() - 1)
        self.model.edited.connect(self._update_state)
        self.table = RecordTable(self.model, export_name="Профиль рисков")
        self.table.view.setObjectName("profile")
        self.table.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.view.setItemDelegateForColumn(LEVEL, ChoiceDelegate(LEVEL_CHOICES, self))
        self.table.view.setItemDelegateForColumn(SOURCE, ChoiceDelegate(SOURCE_CHOICES, self))
        self.table.view.setSortingEnabled(False)
        self.table.view.verticalHeader().hide()
        self.table.selection_changed.connect(self._update_buttons)

        self.save_button = QPushButton("Сохранить профиль")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Отменить изменения")
        self.revert_button.clicked.connect(self.revert)
        self.copy_button = QPushButton("Перенести уровни прошлого года")
        self.copy_button.setToolTip("Заполнить неоценённые факторы уровнями и источниками прошлого года")
        self.copy_button.clicked.connect(self.copy_previous)
        self.measure_button = QPushButton("Добавить меру к риску…")
        self.measure_button.clicked.connect(self._request_measure)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.revert_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.measure_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.comparison)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint("Уровень и источник выбираются двойным щелчком по ячейке (или "
                              "клавишей F2), комментарий вводится там же. «Риск без мер» — высокий "
                              "или средний риск, на который не запланировано ни одной меры "
                              "(отменённые меры не считаются)."))
        layout.addLayout(buttons)
        self._schools: list[tuple[int, str]] = []

    # --- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the schools and the current profile (unless it has unsaved edits)."""
        with change(self, self.db, "Профили рисков не загружены") as work:
            ensure_default_factors(work.session)

            schools = list_schools(work.session)
            years = svc.profile_years(work.session)
        if work.failed:
            return
        if self.is_dirty():
            return
        keep = self.school.currentData()
        self._schools = [(s.id, s.short_name) for s in schools]
        self.school.blockSignals(True)
        self.year.blockSignals(True)
        self.school.clear()
        for school_id, name in self._schools:
            self.school.addItem(name, school_id)
        if keep is not None and self.school.findData(keep) >= 0:
            self.school.setCurrentIndex(self.school.findData(keep))
        if self._current[0] is None and years:
            self.year.setValue(years[0])
        self.school.blockSignals(False)
        self.year.blockSignals(False)
        self.load()

    def select(self, school_id: int, year: int) -> bool:
        """Show the profile of a school and year (asks first when edits are unsaved)."""
        if not self._may_leave():
            return False
        index = self.school.findData(school_id)
        if index < 0:
            return False
        self.school.blockSignals(True)
        self.year.blockSignals(True)
        self.school.setCurrentIndex(index)
        self.year.setValue(year)
        self.school.blockSignals(False)
        self.year.blockSignals(False)
        self.load()
        return True

    def load(self) -> None:
        school_id, year = self.school.currentData(), self.year.value()
        self._current = (school_id, year)
        self.model.set_previous_year(year - 1)
        if school_id is None:
            self.profile = None
            self.model.set_rows([])
            self._original = []
            self._update_state()
            return
        with read(self, self.db, "Профиль рисков не загружен") as work:
            self.profile = svc.load_profile(work.session, school_id, year)
        if work.failed:
            return
        self._original = [self._key(e) for e in self.profile.entries]
        self.model.set_rows(self.profile.entries)
        self._update_state()

    @staticmethod
    def _key(entry: svc.ProfileEntry) -> tuple[Any, ...]:
        return (entry.factor_id, entry.level, entry.source, entry.comment.strip())

    def entries(self) -> list[svc.ProfileEntry]:
        return self.profile.entries if self.profile else []

    def is_dirty(self) -> bool:
        return bool(self.profile) and [self._key(e) for e in self.entries()] != self._original

    def _may_leave(self) -> bool:
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, "Профиль рисков не сохранён",
            "В профиле рисков есть несохранённые изменения. Сохранить их?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)  # Enter loses nothing
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _selection_changed(self) -> None:
        moved = (self.school.currentData(), self.year.value()) != self._current
        if self.is_dirty() and moved and not self._may_leave():
            school_id, year = self._current
            self.school.blockSignals(True)
            self.year.blockSignals(True)
            self.school.setCurrentIndex(max(self.school.findData(school_id), 0))
            self.year.setValue(year)
            self.school.blockSignals(False)
            self.year.blockSignals(False)
            return
        self.load()

    # --- state -----------------------------------------------------------------------------------

    def _update_state(self) -> None:
        profile = self.profile
        if profile is None:
            self.summary.setText("Выберите школу.")
            self.comparison.clear()
        else:
            entries = profile.entries
            high = sum(1 for e in entries if e.level == RiskLevel.HIGH.value)
            medium = sum(1 for e in entries if e.level == RiskLevel.MEDIUM.value)
            uncovered = sum(1 for e in entries if e.without_measure)
            assessed = sum(1 for e in entries if e.level is not None)
            text = (f"Оценено факторов: {assessed} из {len(entries)}; высоких рисков: {high}, "
                    f"средних: {medium}")
            text += f"; рисков без мер: {uncovered}." if uncovered else "."
            if self.is_dirty():
                text += "  Есть несохранённые изменения."
            self.summary.setText(text)
            self.comparison.setText(svc.compare_entries(entries, profile.year - 1,
                                                        profile.has_previous).text())
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.copy_button.setEnabled(profile is not None and profile.has_previous)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.measure_button.setEnabled(self.table.current_object() is not None)

    # --- actions ---------------------------------------------------------------------------------

    def set_level(self, factor_id: int, level: str | None, source: str = "",
                  comment: str | None = None) -> None:
        """Edit one factor as the table's editors do (for links and tests)."""
        row = self.model.row_of(lambda e: e.factor_id == factor_id)
        if row < 0:
            raise KeyError(factor_id)
        self.model.setData(self.model.index(row, LEVEL), level)
        self.model.setData(self.model.index(row, SOURCE), source)
        if comment is not None:
            self.model.setData(self.model.index(row, COMMENT), comment)

    def copy_previous(self) -> None:
        if self.profile is None or self.school.currentData() is None:
            return
        with read(self, self.db, "Профиль прошлого года не загружен") as work:
            previous = svc.load_profile(work.session, self.school.currentData(), self.profile.year - 1)
        if work.failed:
            return
        before = {e.factor_id: e for e in previous.entries}
        copied = 0
        for row, entry in enumerate(self.model.objects()):
            old = before.get(entry.factor_id)
            if entry.level is None and old is not None and old.level is not None:
                self.model.setData(self.model.index(row, LEVEL), old.level)
                self.model.setData(self.model.index(row, SOURCE), old.source)
                copied += 1
        self.summary.setText(self.summary.text() + f"  Перенесено уровней: {copied}.")

    def revert(self) -> None:
        self.load()

    def save(self) -> bool:
        if self.profile is None:
            return False
        school_id, year = self._current
        assert school_id is not None
        entries = [copy.copy(e) for e in self.entries()]
        with change(self, self.db, "Профиль рисков не сохранён", report=show_refusal) as work:
            svc.save_profile(work.session, school_id, year, entries)
        if work.failed:
            if work.error is not None and is_conflict(work.error):  # changed by someone else: reload
                self.load()
            return False
        self.load()
        self.saved.emit()
        return True

    def _request_measure(self) -> None:
        entry = self.table.current_object()
        school_id, year = self._current
        if entry is None or school_id is None:
            return
        self.add_measure_requested.emit(school_id, year, entry.factor_id)


def latest_year(years: list[int]) -> int:
    return years[0] if years else dt.date.today().year
