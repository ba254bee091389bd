"""«Сетевое взаимодействие»: pairs of a школа-лидер and a supported school, and their joint plan."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...models import Partnership, PartnershipPlanItem
from ...models.enums import AgreementState, PlanItemKind, WorkState
from ...registry.queries import district_city, list_schools
from ...tracking import partnerships as svc
from .. import palette
from ..dialogs.generate_dialog import generate_and_open
from ..dialogs.partnership_dialog import PartnershipDialog, PlanItemDialog
from ..table_models.records import Column, RecordTableModel
from ..widgets.crud import chosen_id, confirm_and_delete, open_form
from ..widgets.labels import hint, label_of
from ..widgets.record_table import RecordTable
from ..work import read

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)

EXPIRED_BACKGROUND = palette.OVERDUE_BACKGROUND
EXPIRED_FOREGROUND = palette.OVERDUE_TEXT
CLOSED_FOREGROUND = palette.MUTED_TEXT
LATE_BACKGROUND = QColor("#fff1d0")


class PartnershipsPage(QWidget):
    def __init__(self, ui: Ui, *, today: Callable[[], dt.date] | None = None) -> None:
        super().__init__()
        self.ui = ui
        self.db = ui.ctx.db
        self.today = today or dt.date.today

        self.pairs = RecordTableModel(self._pair_columns(), row_background=self._pair_background,
                                      row_foreground=self._pair_foreground)
        self.pair_table = RecordTable(self.pairs, export_name="Партнёрства школ")
        self.pair_table.view.setObjectName("partnerships")
        self.plan = RecordTableModel(self._plan_columns(), row_background=self._plan_background,
                                     row_foreground=self._plan_foreground)
        self.plan_table = RecordTable(self.plan, export_name="Совместный план")
        self.plan_table.view.setObjectName("plan")

        self.add_button = QPushButton("Добавить пару…")
        self.edit_button = QPushButton("Изменить…")
        self.delete_button = QPushButton("Удалить…")
        self.add_button.clicked.connect(self.add_partnership)
        self.edit_button.clicked.connect(lambda: self.edit_partnership())
        self.delete_button.clicked.connect(self.delete_partnership)
        self.agreement_button = QPushButton("Сформировать договор")  # seed 004's agreement
        self.plan_document_button = QPushButton("План совместной работы")
        self.agreement_button.clicked.connect(lambda: self.generate_document("agreement"))
        self.plan_document_button.clicked.connect(lambda: self.generate_document("joint-plan"))
        top = QVBoxLayout()
        title = QLabel("Пары «школа-лидер — поддерживаемая школа» и договоры о взаимодействии")
        title.setStyleSheet("font-weight: bold;")
        title.setWordWrap(True)
        top.addWidget(title)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.agreement_button,
                       self.plan_document_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top.addLayout(buttons)

        self.plan_title = QLabel()
        self.plan_title.setStyleSheet("font-weight: bold;")
        self.plan_title.setWordWrap(True)
        self.add_item_button = QPushButton("Добавить мероприятие…")
        self.edit_item_button = QPushButton("Изменить…")
        self.delete_item_button = QPushButton("Удалить…")
        self.add_item_button.clicked.connect(self.add_plan_item)
        self.edit_item_button.clicked.connect(lambda: self.edit_plan_item())
        self.delete_item_button.clicked.connect(self.delete_plan_item)
        plan_bar = QHBoxLayout()
        plan_bar.addWidget(self.plan_title, 1)
        for button in (self.add_item_button, self.edit_item_button, self.delete_item_button):
            plan_bar.addWidget(button)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.pair_table)
        upper_layout.addWidget(hint("Красным — договоры, срок которых истёк; серым — расторгнутые. "
                                     "Двойной щелчок открывает договор."))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(plan_bar)
        lower_layout.addWidget(self.plan_table)
        lower_layout.addWidget(hint("Жёлтым — мероприятия, дата которых прошла, а они не отмечены "
                                     "выполненными или отменёнными."))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for text, slot in (("Изменить…", lambda: self.edit_partnership()),
                           ("Удалить…", self.delete_partnership)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.pair_table.add_action(action)
        for text, slot in (("Изменить мероприятие…", lambda: self.edit_plan_item()),
                           ("Удалить мероприятие…", self.delete_plan_item)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.plan_table.add_action(action)
        self.pair_table.activated.connect(lambda p: self.edit_partnership(p.id))
        self.plan_table.activated.connect(lambda i: self.edit_plan_item(i.id))
        self.pair_table.selection_changed.connect(self._show_plan)
        self.plan_table.selection_changed.connect(self._update_buttons)
        self.refresh()

    # --- columns --------------------------------------------------------------------------------

    def _pair_columns(self) -> list[Column]:
        return [
            Column("Школа 1 — лидер", lambda p: p.leader.short_name, width=190,
                   tooltip=lambda p: p.leader.full_name),
            Column("Школа 2 — поддерживаемая", lambda p: p.supported.short_name, width=215,
                   tooltip=lambda p: p.supported.full_name),
            Column("№ договора", lambda p: p.number or None, width=90),
            Column("Дата договора", lambda p: p.agreement_date, width=115),
            Column("Город", lambda p: p.city or None, width=100),
            Column("Срок с", lambda p: p.term_start, width=85),
            Column("Срок по", lambda p: p.term_end, width=85),
            Column("Состояние", lambda p: svc.effective_state(p, self.today()).label, width=90),
            Column("Мероприятий", lambda p: svc.plan_counts(p).total, align_right=True, width=95),
            Column("Выполнено", lambda p: svc.plan_counts(p).done, align_right=True, width=80),
            Column("Примечание", lambda p: p.notes or None),
        ]

    def _plan_columns(self) -> list[Column]:
        return [
            Column("Вид", lambda i: label_of(PlanItemKind, i.kind), width=160),
            Column("Тема", lambda i: i.title, width=300, tooltip=lambda i: i.title),
            Column("Дата", lambda i: i.date_from, width=90),
            Column("Окончание", lambda i: i.date_to, width=90),
            Column("Ответственные", lambda i: i.responsible or None, width=160),
            Column("Участники", lambda i: i.participants or None, width=160),
            Column("Состояние", lambda i: label_of(WorkState, i.state), width=110),
            Column("Результат", lambda i: i.result or None, tooltip=lambda i: i.result or ""),
        ]

    def _pair_background(self, p: Partnership) -> QColor | None:
        return EXPIRED_BACKGROUND if svc.is_expired(p, self.today()) else None

    def _pair_foreground(self, p: Partnership) -> QColor | None:
        if svc.is_expired(p, self.today()):
            return EXPIRED_FOREGROUND
        if p.state == AgreementState.TERMINATED.value:
            return CLOSED_FOREGROUND
        return None

    def _plan_is_late(self, item: PartnershipPlanItem) -> bool:
        end = item.date_to or item.date_from
        return (item.state in (WorkState.PLANNED.value, WorkState.IN_PROGRESS.value)
                and end is not None and end < self.today())

    def _plan_background(self, item: PartnershipPlanItem) -> QColor | None:
        return LATE_BACKGROUND if self._plan_is_late(item) else None

    def _plan_foreground(self, item: PartnershipPlanItem) -> QColor | None:
        return CLOSED_FOREGROUND if item.state == WorkState.CANCELLED.value else None

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current_partnership()
        keep_id = current.id if current is not None else None
        with read(self, self.db, "Партнёрства не загружены") as work:
            rows = svc.list_partnerships(work.session)
        if work.failed:
            return
        self.pairs.set_rows(rows)
        if keep_id is None and self.pairs.rowCount():
            self.pair_table.view.selectRow(0)  # show a plan at once rather than an empty table
        elif keep_id is None or not self.pair_table.select_where(lambda p: p.id == keep_id):
            self._show_plan()
        self._update_buttons()

    def current_partnership(self) -> Partnership | None:
        return self.pair_table.current_object()

    def current_plan_item(self) -> PartnershipPlanItem | None:
        return self.plan_table.current_object()

    def select_partnership(self, partnership_id: int) -> bool:
        return self.pair_table.select_where(lambda p: p.id == partnership_id)

    def show_record(self, kind: str, record_id: int) -> bool:
        """Select an agreement ("agreement") or a measure of a joint plan ("plan_item");
        for links from other pages."""
        partnership_id: int | None = record_id
        if kind == "plan_item":
            with self.db.session() as session:
                item = session.get(PartnershipPlanItem, record_id)
                partnership_id = item.partnership_id if item is not None else None
        if partnership_id is None:
            return False
        self.pair_table.search.clear()
        if not self.select_partnership(partnership_id):
            return False
        if kind == "plan_item":
            self.plan_table.search.clear()
            return self.plan_table.select_where(lambda i: i.id == record_id)
        return True

    def _show_plan(self) -> None:
        p = self.current_partnership()
        if p is None:
            self.plan_title.setText("Совместный план: выберите пару школ в таблице выше")
            self.plan.set_rows([])
        else:
            self.plan_title.setText(f"Совместный план: {svc.pair_title(p)}")
            keep = self.current_plan_item()
            self.plan.set_rows(svc.sorted_plan(p))
            if keep is not None:
                self.plan_table.select_where(lambda i: i.id == keep.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_pair = self.current_partnership() is not None
        has_item = self.current_plan_item() is not None
        self.edit_button.setEnabled(has_pair)
        self.delete_button.setEnabled(has_pair)
        self.agreement_button.setEnabled(has_pair)
        self.plan_document_button.setEnabled(has_pair)
        self.add_item_button.setEnabled(has_pair)
        self.edit_item_button.setEnabled(has_item)
        self.delete_item_button.setEnabled(has_item)

    def generate_document(self, kind: str) -> None:
        """«Сформировать договор» / «План совместной работы»: made in the background and opened."""
        partnership = self.current_partnership()
        if partnership is not None:
            generate_and_open(self.ui, kind, partnership.id, self)

    # --- pairs ----------------------------------------------------------------------------------

    def _schools(self) -> list[Any]:
        with self.db.session() as session:
            return list_schools(session)

    def _default_city(self) -> str:
        with self.db.session() as session:
            return district_city(session)

    def make_partnership_dialog(self, partnership_id: int | None = None) -> PartnershipDialog:
        return PartnershipDialog(self, self.db, self._schools(), partnership_id=partnership_id,
                                 default_city=self._default_city() if partnership_id is None else "")

    def add_partnership(self) -> None:
        open_form(self, self.make_partnership_dialog, "Партнёрство не открыто",
                  lambda dialog: self._after_pair_saved(dialog.saved_id))

    def edit_partnership(self, partnership_id: int | None = None) -> None:
        partnership_id = chosen_id(partnership_id, self.current_partnership())
        if partnership_id is not None:
            open_form(self, lambda: self.make_partnership_dialog(partnership_id), "Партнёрство не открыто",
                      lambda dialog: self._after_pair_saved(dialog.saved_id), on_error=self.refresh)

    def _after_pair_saved(self, partnership_id: int | None) -> None:
        self.refresh()
        if partnership_id is not None:
            self.select_partnership(partnership_id)

    def delete_partnership(self) -> None:
        p = self.current_partnership()
        if p is None:
            return

        def describe() -> str:
            with self.db.session() as session:
                return svc.describe_deletion(session, p.id)

        def delete() -> None:
            with self.db.transaction() as session:
                svc.delete_partnership(session, p.id, version=p.version)

        confirm_and_delete(self, "Удаление партнёрства", describe, delete, self.refresh,
                           error_title="Партнёрство не удалено")

    # --- the joint plan ---------------------------------------------------------------------------

    def make_plan_item_dialog(self, item_id: int | None = None) -> PlanItemDialog | None:
        p = self.current_partnership()
        if p is None:
            return None
        return PlanItemDialog(self, self.db, p.id, item_id=item_id, pair=svc.pair_title(p))

    def add_plan_item(self) -> None:
        open_form(self, self.make_plan_item_dialog, "Мероприятие не открыто",
                  lambda dialog: self._after_item_saved(dialog.saved_id))

    def edit_plan_item(self, item_id: int | None = None) -> None:
        item_id = chosen_id(item_id, self.current_plan_item())
        if item_id is not None:
            open_form(self, lambda: self.make_plan_item_dialog(item_id), "Мероприятие не открыто",
                      lambda dialog: self._after_item_saved(dialog.saved_id), on_error=self.refresh)

    def _after_item_saved(self, item_id: int | None) -> None:
        self.refresh()
        if item_id is not None:
            self.plan_table.select_where(lambda i: i.id == item_id)

    def delete_plan_item(self) -> None:
        item = self.current_plan_item()
        if item is None:
            return

        def delete() -> None:
            with self.db.transaction() as session:
                svc.delete_plan_item(session, item.id, version=item.version)

        confirm_and_delete(self, "Удаление мероприятия",
                           lambda: f"Удалить из совместного плана мероприятие «{item.title}»?",
                           delete, self.refresh, error_title="Мероприятие не удалено")
