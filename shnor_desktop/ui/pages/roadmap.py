"""«Дорожная карта»: the district's measures as in seed 003's table; overdue ones in red."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...models import RoadmapItem
from ...models.enums import WorkState
from ...tracking import roadmap as svc
from .. import palette
from ..dialogs.roadmap_item_dialog import RoadmapItemDialog, RoadmapTemplateDialog
from ..errors import show_error
from ..table_models.records import Column, RecordTableModel
from ..widgets import labels
from ..widgets.crud import confirm_and_delete
from ..widgets.record_table import RecordTable
from ..work import change, read

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)

OVERDUE_BACKGROUND = palette.OVERDUE_BACKGROUND
OVERDUE_FOREGROUND = palette.OVERDUE_TEXT
DONE_FOREGROUND = palette.DONE_TEXT
CANCELLED_FOREGROUND = palette.MUTED_TEXT
ALL_ROADMAPS = "Все дорожные карты"


def run_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class RoadmapPage(QWidget):
    def __init__(self, ui: Ui, *, today: Callable[[], dt.date] | None = None) -> None:
        super().__init__()
        self.ui = ui
        self.db = ui.ctx.db
        self.today = today or dt.date.today
        self._numbers: dict[int, str] = {}
        self._documents: dict[int, str] = {}

        self.roadmap = QComboBox()
        self.roadmap.setMinimumWidth(380)
        self.roadmap.currentIndexChanged.connect(lambda _i: self.refresh())
        self.template_button = QPushButton("Создать по шаблону…")
        self.template_button.setToolTip("Пример дорожной карты: 21 мероприятие системы работы по "
                                        "профилактике учебной неуспешности; измените его под свой район")
        self.template_button.clicked.connect(lambda: self.create_from_template())
        self.add_button = QPushButton("Добавить…")
        self.edit_button = QPushButton("Изменить…")
        self.delete_button = QPushButton("Удалить…")
        self.add_button.clicked.connect(lambda: self.add_item())
        self.edit_button.clicked.connect(lambda: self.edit_item())
        self.delete_button.clicked.connect(lambda: self.delete_items())
        self.state_button = QPushButton()  # with a menu: Qt reserves room for the arrow
        self.state_button.setText("Состояние")
        self.state_button.setToolTip("Отметить выбранные мероприятия: запланировано, выполняется, "
                                     "выполнено, отменено")
        state_menu = QMenu(self.state_button)
        for state in WorkState:
            action = state_menu.addAction(state.label)
            action.triggered.connect(lambda _c=False, s=state.value: self.set_state(s))
        self.state_button.setMenu(state_menu)
        self.overdue_only = QCheckBox("Только просроченные")
        self.overdue_only.toggled.connect(self._apply_filter)

        self.model = RecordTableModel(self._columns(), row_background=self._background,
                                      row_foreground=self._foreground)
        self.table = RecordTable(self.model, export_name="Дорожная карта")
        self.table.view.setObjectName("roadmap")
        self.table.activated.connect(lambda item: self.edit_item(item.id))
        self.table.selection_changed.connect(self._update_buttons)
        for text, slot in (("Изменить…", lambda: self.edit_item()),
                           ("Удалить…", lambda: self.delete_items())):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.table.add_action(action)
        for state in (WorkState.DONE, WorkState.IN_PROGRESS):
            action = QAction(f"Отметить: {state.label}", self)
            action.triggered.connect(lambda _c=False, s=state.value: self.set_state(s))
            self.table.add_action(action)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        hint = labels.hint("Красным — просроченные: срок прошёл, а мероприятие не выполнено и не отменено. "
                           "Зелёным — выполненные, серым — отменённые. Двойной щелчок открывает мероприятие.")

        title = QLabel("Дорожная карта")
        title.setStyleSheet("font-weight: bold; font-size: 14px;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(QLabel("Карта:"))
        top.addWidget(self.roadmap, 1)
        top.addWidget(self.template_button)
        bar = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.delete_button, self.state_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.overdue_only)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.refresh()

    # --- table ------------------------------------------------------------------------------------

    def _columns(self) -> list[Column]:
        return [
            Column("№", lambda i: self._numbers.get(i.id, ""), width=45),
            Column("Задача", lambda i: i.task or None, width=140, tooltip=lambda i: i.task),
            Column("Мероприятие", lambda i: i.measure, width=300, tooltip=lambda i: i.measure),
            Column("Методы сбора информации", lambda i: i.info_method or None, width=150,
                   tooltip=lambda i: i.info_method),
            Column("Сроки и периодичность", lambda i: i.periodicity or None, width=150,
                   tooltip=lambda i: i.periodicity),
            Column("Срок", lambda i: i.deadline, width=85),
            Column("Просрочено, дн.", lambda i: svc.days_overdue(i, self.today()) or None,
                   align_right=True, width=105),
            Column("Состояние", lambda i: labels.label_of(WorkState, i.state), width=115),
            Column("Ответственные", lambda i: i.responsible or None, width=200,
                   tooltip=lambda i: i.responsible),
            Column("Подтверждение", lambda i: self.evidence_text(i) or None,
                   tooltip=lambda i: self.evidence_text(i)),
        ]

    def evidence_text(self, item: RoadmapItem) -> str:
        """The evidence typed, and the journal document chosen (if any)."""
        document = self._documents.get(item.evidence_document_id) if item.evidence_document_id else None
        return "; ".join(t for t in (item.evidence, document) if t)

    def is_overdue(self, item: RoadmapItem) -> bool:
        return svc.is_overdue(item, self.today())

    def _background(self, item: RoadmapItem) -> QColor | None:
        return OVERDUE_BACKGROUND if self.is_overdue(item) else None

    def _foreground(self, item: RoadmapItem) -> QColor | None:
        if self.is_overdue(item):
            return OVERDUE_FOREGROUND
        if item.state == WorkState.DONE.value:
            return DONE_FOREGROUND
        if item.state == WorkState.CANCELLED.value:
            return CANCELLED_FOREGROUND
        return None

    # --- data -------------------------------------------------------------------------------------

    def current_roadmap(self) -> str | None:
        name = self.roadmap.currentData()
        return name if isinstance(name, str) else None

    def refresh(self) -> None:
        keep = {i.id for i in self.table.selected_objects()}
        with read(self, self.db, "Дорожная карта не загружена") as work:
            names = svc.roadmap_names(work.session)
            self._fill_roadmaps(names)
            items = svc.list_items(work.session, self.current_roadmap())
            self._documents = dict(svc.evidence_documents(work.session))
        if work.failed:
            return
        self._numbers = {}
        by_roadmap: dict[str, list[RoadmapItem]] = {}
        for item in items:
            by_roadmap.setdefault(item.roadmap, []).append(item)
        for group in by_roadmap.values():
            self._numbers.update(svc.numbering(group))
        self.model.set_rows(items)
        if keep:
            self.table.select_where(lambda i: i.id in keep)
        today = self.today()
        done = sum(1 for i in items if i.state == WorkState.DONE.value)
        late = sum(1 for i in items if svc.is_overdue(i, today))
        self.summary.setText(f"Мероприятий: {len(items)}, выполнено: {done}, просрочено: {late}")
        self.summary.setStyleSheet("color: #9b1c1c; font-weight: bold;" if late else "")
        self._update_buttons()

    def _fill_roadmaps(self, names: list[str]) -> None:
        current = self.current_roadmap()
        first_fill = self.roadmap.count() <= 1  # nothing but «all» was there to choose
        self.roadmap.blockSignals(True)
        self.roadmap.clear()
        self.roadmap.addItem(ALL_ROADMAPS, None)
        for name in names:
            self.roadmap.addItem(name, name)
        if first_fill and names:
            current = names[0]  # the newest roadmap
        index = self.roadmap.findData(current) if current else 0
        self.roadmap.setCurrentIndex(max(index, 0))
        self.roadmap.blockSignals(False)

    def show_roadmap(self, name: str | None) -> None:
        index = self.roadmap.findData(name) if name else 0
        self.roadmap.blockSignals(True)
        self.roadmap.setCurrentIndex(max(index, 0))
        self.roadmap.blockSignals(False)
        self.refresh()

    def _apply_filter(self, overdue_only: bool) -> None:
        self.model.set_predicate(self.is_overdue if overdue_only else None)

    def show_overdue(self) -> None:
        """Called from the start page: every roadmap, overdue items only."""
        self.show_roadmap(None)
        self.overdue_only.setChecked(True)

    def select_item(self, item_id: int) -> bool:
        if self.model.row_of(lambda i: i.id == item_id) < 0:
            self.overdue_only.setChecked(False)
            self.show_roadmap(None)
        return self.table.select_where(lambda i: i.id == item_id)

    def _update_buttons(self) -> None:
        selected = bool(self.table.selected_rows())
        for widget in (self.edit_button, self.delete_button, self.state_button):
            widget.setEnabled(selected)

    # --- actions ----------------------------------------------------------------------------------

    def _tasks(self) -> list[str]:
        seen: list[str] = []
        for item in self.model.all_objects():
            if item.task and item.task not in seen:
                seen.append(item.task)
        return seen

    def make_item_dialog(self, item_id: int | None = None) -> QDialog:
        current = self.table.current_object()
        newest = self.roadmap.itemData(1) if self.roadmap.count() > 1 else ""
        roadmap = self.current_roadmap() or (current.roadmap if current else newest)
        return RoadmapItemDialog(self, self.db, item_id=item_id, roadmap=roadmap, tasks=self._tasks(),
                                 task=current.task if current and item_id is None else "", today=self.today)

    def make_template_dialog(self) -> QDialog:
        return RoadmapTemplateDialog(self, self.db, today=self.today())

    def create_from_template(self) -> bool:
        dialog = self.make_template_dialog()
        if not run_dialog(dialog):
            return False
        self.overdue_only.setChecked(False)
        self.refresh()  # the new roadmap joins the list
        self.show_roadmap(getattr(dialog, "roadmap_name", None))
        return True

    def add_item(self) -> bool:
        return self._open(None)

    def edit_item(self, item_id: int | None = None) -> bool:
        if item_id is None:
            current = self.table.current_object()
            if current is None:
                return False
            item_id = current.id
        return self._open(item_id)

    def _open(self, item_id: int | None) -> bool:
        try:
            dialog = self.make_item_dialog(item_id)
        except Exception as exc:
            show_error(self, "Мероприятие не открыто", exc)
            self.refresh()
            return False
        if not run_dialog(dialog):
            return False
        saved = getattr(dialog, "saved_id", None)
        self.refresh()
        if saved is not None:
            self.select_item(saved)
        return True

    def delete_items(self) -> None:
        items: list[RoadmapItem] = self.table.selected_objects()
        if not items:
            return
        what = (f"мероприятие «{items[0].measure[:120]}»" if len(items) == 1
                else f"выбранные мероприятия ({len(items)})")
        question = f"Удалить {what}? Другие записи на мероприятия дорожной карты не ссылаются."

        def delete() -> None:
            with self.db.transaction() as session:
                svc.delete_items(session, [i.id for i in items])

        confirm_and_delete(self, "Удаление", lambda: question, delete, self.refresh, error_title="Не удалено")

    def set_state(self, state: str) -> None:
        items: list[RoadmapItem] = self.table.selected_objects()
        with change(self, self.db, "Состояние не изменено") as work:
            for item in items:
                svc.set_state(work.session, item.id, state, version=item.version)
        self.refresh()
