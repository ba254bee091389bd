"""«Справочник факторов»: the reference list of risk factors — add, rename, retire, restore."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...models import RiskFactor
from ...risks import factors as svc
from ..confirm import ask
from ..errors import show_error
from ..table_models.records import Column, RecordTableModel
from ..widgets.forms import run_dialog
from ..widgets.labels import bold, hint
from ..widgets.record_table import RecordTable
from ..work import change
from .common import CLOSED_FOREGROUND
from .dialogs import FactorDialog, RetireDialog

if TYPE_CHECKING:
    from ...context import AppContext

log = logging.getLogger(__name__)


class FactorRow:
    def __init__(self, factor: RiskFactor, assessments: int, measures: int) -> None:
        self.factor = factor
        self.assessments = assessments
        self.measures = measures

    @property
    def state(self) -> str:
        f = self.factor
        if not f.retired:
            return "в перечне"
        return f"выведен (последний год — {f.retired_year})" if f.retired_year else "выведен"


class FactorsTab(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.model = RecordTableModel([
            Column("№", lambda r: r.factor.position, align_right=True, width=40),
            Column("Фактор риска", lambda r: r.factor.name, width=440, tooltip=lambda r: r.factor.description
                   or r.factor.name),
            Column("Редакция", lambda r: r.factor.list_year, display=str, width=75),
            Column("Состояние", lambda r: r.state, width=190),
            Column("Оценок", lambda r: r.assessments, align_right=True, width=65),
            Column("Мер", lambda r: r.measures, align_right=True, width=50),
            Column("Прежние названия", lambda r: svc.former_names_text(r.factor) or None,
                   tooltip=lambda r: svc.former_names_text(r.factor)),
        ], row_foreground=lambda r: CLOSED_FOREGROUND if r.factor.retired else QColor("black"))
        self.table = RecordTable(self.model, export_name="Факторы риска")
        self.table.view.setObjectName("factors")
        self.table.activated.connect(lambda r: self.rename_factor(r.factor.id))
        self.table.selection_changed.connect(self._update_buttons)
        self.add_button = QPushButton("Добавить фактор…")
        self.rename_button = QPushButton("Переименовать…")
        self.retire_button = QPushButton("Вывести из перечня…")
        self.restore_button = QPushButton("Вернуть в перечень")
        self.add_button.clicked.connect(self.add_factor)
        self.rename_button.clicked.connect(lambda: self.rename_factor())
        self.retire_button.clicked.connect(self.retire_factor)
        self.restore_button.clicked.connect(self.restore_factor)
        top = QHBoxLayout()
        top.addWidget(bold("Справочник факторов риска (перечень 2021 г. и изменения района)"), 1)
        for button in (self.add_button, self.rename_button, self.retire_button, self.restore_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint("Факторы не удаляются: профили и меры прошлых лет ссылаются на них. "
                              "Переименование меняет название во всех годах (прежнее сохраняется "
                              "здесь); выведенный фактор не предлагается в профилях после "
                              "последнего года оценки."))

    def refresh(self) -> None:
        keep = self.table.current_object()
        with change(self, self.db, "Справочник факторов не загружен") as work:
            svc.ensure_default_factors(work.session)
            rows = [FactorRow(f, *svc.usage(work.session, f.id)) for f in svc.list_factors(work.session)]
        if work.failed:
            return
        self.model.set_rows(rows)
        if keep is not None:
            self.table.select_where(lambda r: r.factor.id == keep.factor.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.table.current_object()
        self.rename_button.setEnabled(row is not None)
        self.retire_button.setEnabled(row is not None and not row.factor.retired)
        self.restore_button.setEnabled(row is not None and row.factor.retired)

    def _after(self, factor_id: int | None) -> None:
        self.refresh()
        if factor_id is not None:
            self.table.select_where(lambda r: r.factor.id == factor_id)
        self.changed.emit()

    def add_factor(self) -> None:
        dialog = FactorDialog(self, self.db, default_year=dt.date.today().year)
        run_dialog(dialog, lambda: self._after(dialog.saved_id))

    def rename_factor(self, factor_id: int | None = None) -> None:
        if factor_id is None:
            row = self.table.current_object()
            if row is None:
                return
            factor_id = row.factor.id
        try:
            dialog = FactorDialog(self, self.db, factor_id=factor_id)
        except Exception as exc:
            show_error(self, "Фактор не открыт", exc)
            return
        run_dialog(dialog, lambda: self._after(factor_id))

    def retire_factor(self) -> None:
        row = self.table.current_object()
        if row is None or row.factor.retired:
            return
        dialog = RetireDialog(self, self.db, row.factor, dt.date.today().year - 1)
        run_dialog(dialog, lambda: self._after(row.factor.id))

    def restore_factor(self) -> None:
        row = self.table.current_object()
        if row is None or not row.factor.retired:
            return
        if not ask(self, "Вернуть фактор", f"Вернуть «{row.factor.name}» в перечень факторов риска?"):
            return
        with change(self, self.db, "Фактор не возвращён") as work:
            svc.restore_factor(work.session, row.factor.id, version=row.factor.version)
        self._after(row.factor.id)
