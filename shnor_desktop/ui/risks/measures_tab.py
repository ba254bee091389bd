"""«Антирисковые меры»: every measure with its deadline and state (overdue in red), and the
high and medium risks of a year that no measure answers yet."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...models import AntiRiskMeasure
from ...models.enums import WorkState
from ...registry.queries import list_schools
from ...risks import measures as svc
from ...risks import profiles as profile_svc
from ...risks.factors import ensure_default_factors, list_factors
from ..table_models.records import Column, RecordTableModel
from ..widgets.crud import chosen_id, confirm_and_delete, open_form
from ..widgets.labels import bold, hint
from ..widgets.record_table import RecordTable
from ..work import change
from .common import CLOSED_FOREGROUND, FLAG_FOREGROUND, OVERDUE_BACKGROUND, OVERDUE_FOREGROUND, fill_combo
from .dialogs import MeasureDialog

if TYPE_CHECKING:
    from ...context import AppContext

log = logging.getLogger(__name__)
ALL = None


class MeasuresTab(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, *, today: Callable[[], dt.date] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.today = today or dt.date.today

        self.year = QComboBox()
        self.year.setMinimumWidth(110)
        self.school = QComboBox()
        self.school.setMinimumWidth(260)
        self.overdue_only = QCheckBox("только просроченные")
        for signal in (self.year.currentIndexChanged, self.school.currentIndexChanged):
            signal.connect(self._filter_changed)
        self.overdue_only.toggled.connect(self._apply_filter)
        self.add_button = QPushButton("Добавить меру…")
        self.edit_button = QPushButton("Изменить…")
        self.delete_button = QPushButton("Удалить…")
        self.add_button.clicked.connect(lambda: self.add_measure())
        self.edit_button.clicked.connect(lambda: self.edit_measure())
        self.delete_button.clicked.connect(self.delete_measure)
        top = QHBoxLayout()
        top.addWidget(QLabel("Год:"))
        top.addWidget(self.year)
        top.addWidget(QLabel("Школа:"))
        top.addWidget(self.school, 1)
        top.addWidget(self.overdue_only)
        for button in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(button)

        self.model = RecordTableModel(self._columns(), row_background=self._background,
                                      row_foreground=self._foreground)
        self.table = RecordTable(self.model, export_name="Антирисковые меры")
        self.table.view.setObjectName("measures")
        self.table.activated.connect(lambda m: self.edit_measure(m.id))
        self.table.selection_changed.connect(self._update_buttons)
        for text, slot in (("Изменить…", lambda: self.edit_measure()),
                           ("Удалить…", self.delete_measure)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.table.add_action(action)

        self.uncovered_title = bold()
        self.uncovered_model = RecordTableModel([
            Column("ОО", lambda r: r.school_name, width=240),
            Column("Фактор риска", lambda r: r.factor_name, width=460, tooltip=lambda r: r.factor_name),
            Column("Уровень", lambda r: profile_svc.level_rank(r.level),
                   display=lambda v: {3: "высокий", 2: "средний"}.get(v, ""), width=90),
        ], row_foreground=lambda _r: FLAG_FOREGROUND)
        self.uncovered = RecordTable(self.uncovered_model, export_name="Риски без мер")
        self.uncovered.view.setObjectName("uncovered")
        self.uncovered.activated.connect(self._add_for_uncovered)
        self.cover_button = QPushButton("Добавить меру к выбранному риску…")
        self.cover_button.clicked.connect(lambda: self._add_for_uncovered(self.uncovered.current_object()))
        self.uncovered.selection_changed.connect(
            lambda: self.cover_button.setEnabled(self.uncovered.current_object() is not None))

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(hint("Красным — просроченные меры: срок прошёл, а мера не выполнена и "
                                    "не отменена. Двойной щелчок открывает меру."))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.uncovered_title, 1)
        bar.addWidget(self.cover_button)
        lower_layout.addLayout(bar)
        lower_layout.addWidget(self.uncovered, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._measures: list[AntiRiskMeasure] = []
        self._initialised = False

    # --- columns ---------------------------------------------------------------------------------

    def _columns(self) -> list[Column]:
        return [
            Column("ОО", lambda m: m.school.short_name, width=170),
            Column("Год", lambda m: m.year, display=str, width=45),
            Column("Фактор риска", lambda m: m.factor.name, width=180, tooltip=lambda m: m.factor.name),
            Column("Мера", lambda m: m.action, width=240, tooltip=lambda m: m.action),
            Column("Срок", lambda m: m.deadline, width=80),
            Column("Состояние", lambda m: svc.state_label(m.state), width=105),
            Column("Просрочено", lambda m: svc.days_overdue(m, self.today()) or None,
                   display=lambda v: "" if v is None else f"{v} дн.", align_right=True, width=90),
            Column("Ответственный", lambda m: m.responsible or None, width=150),
            Column("Показатель успеха", lambda m: m.indicator or None, width=220,
                   tooltip=lambda m: m.indicator),
            Column("Результат", lambda m: m.result or None, tooltip=lambda m: m.result),
        ]

    def _background(self, m: AntiRiskMeasure) -> QColor | None:
        return OVERDUE_BACKGROUND if svc.is_overdue(m, self.today()) else None

    def _foreground(self, m: AntiRiskMeasure) -> QColor | None:
        if svc.is_overdue(m, self.today()):
            return OVERDUE_FOREGROUND
        if m.state == WorkState.CANCELLED.value:
            return CLOSED_FOREGROUND
        return None

    # --- data ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        with change(self, self.db, "Антирисковые меры не загружены") as work:
            ensure_default_factors(work.session)
            self._measures = svc.list_measures(work.session)
            session = work.session
            years = sorted(set(profile_svc.profile_years(session)) | set(svc.measure_years(session)),
                           reverse=True)
            year = self.year.currentData() if self._initialised else (years[0] if years else None)
            uncovered_year = year if year is not None else (years[0] if years else self.today().year)
            uncovered = profile_svc.risks_without_measures(work.session, uncovered_year)
        if work.failed:
            return
        fill_combo(self.year, [("все годы", ALL), *[(str(y), y) for y in years]], keep=year)
        schools = sorted({(m.school.short_name, m.school_id) for m in self._measures},
                         key=lambda s: s[0].casefold())
        fill_combo(self.school, [("все школы", ALL), *schools])
        self._initialised = True
        keep = self.table.current_object()
        self.model.set_rows(self._measures)
        self._apply_filter()
        if keep is not None:
            self.table.select_where(lambda m: m.id == keep.id)
        self._show_uncovered(uncovered_year, uncovered)
        self._update_buttons()

    def _show_uncovered(self, year: int, rows: list[profile_svc.UncoveredRisk]) -> None:
        self.uncovered_year = year
        school = self.school.currentData()
        if school is not None:
            rows = [r for r in rows if r.school_id == school]
        self.uncovered_model.set_rows(rows)
        self.uncovered_title.setText(f"Высокие и средние риски {year} г. без мер: {len(rows)}"
                                     if rows else f"Все высокие и средние риски {year} г. "
                                                  "обеспечены мерами.")
        self.cover_button.setEnabled(False)

    def _filter_changed(self) -> None:
        if self._initialised:
            self.refresh()

    def _apply_filter(self) -> None:
        year, school = self.year.currentData(), self.school.currentData()
        overdue = self.overdue_only.isChecked()
        today = self.today()
        self.model.set_predicate(lambda m: (year is None or m.year == year)
                                 and (school is None or m.school_id == school)
                                 and (not overdue or svc.is_overdue(m, today)))

    def _update_buttons(self) -> None:
        has = self.table.current_object() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # --- actions ---------------------------------------------------------------------------------

    def _lists(self) -> tuple[list[Any], list[Any]]:
        with self.db.session() as session:
            return list_schools(session), list_factors(session, include_retired=False)

    def make_dialog(self, measure_id: int | None = None, **preset: Any) -> MeasureDialog:
        schools, factors = self._lists()
        if measure_id is None and "year" not in preset:
            preset["year"] = self.year.currentData() or getattr(self, "uncovered_year", None)
        if measure_id is None and "school_id" not in preset and self.school.currentData():
            preset["school_id"] = self.school.currentData()
        return MeasureDialog(self, self.db, schools, factors, measure_id=measure_id, **preset)

    def add_measure(self, **preset: Any) -> None:
        open_form(self, lambda: self.make_dialog(**preset), "Мера не открыта",
                  lambda dialog: self._after_save(dialog.saved_id))

    def edit_measure(self, measure_id: int | None = None) -> None:
        measure_id = chosen_id(measure_id, self.table.current_object())
        if measure_id is not None:
            open_form(self, lambda: self.make_dialog(measure_id), "Мера не открыта",
                      lambda dialog: self._after_save(dialog.saved_id), on_error=self.refresh)

    def _add_for_uncovered(self, risk: profile_svc.UncoveredRisk | None) -> None:
        if risk is not None:
            self.add_measure(school_id=risk.school_id, year=risk.year, factor_id=risk.factor_id)

    def _after_save(self, measure_id: int | None) -> None:
        self.refresh()
        if measure_id is not None and not self.table.select_where(lambda m: m.id == measure_id):
            self.year.setCurrentIndex(0)
            self.school.setCurrentIndex(0)
            self.table.select_where(lambda m: m.id == measure_id)
        self.changed.emit()

    def delete_measure(self) -> None:
        m = self.table.current_object()
        if m is None:
            return

        def delete() -> None:
            with self.db.transaction() as session:
                svc.delete_measure(session, m.id, version=m.version)

        def after() -> None:
            self.refresh()
            self.changed.emit()

        confirm_and_delete(self, "Удаление меры", lambda: f"Удалить антирисковую меру?\n\n{svc.describe(m)}",
                           delete, after, error_title="Мера не удалена")

    def show_record(self, measure_id: int) -> bool:
        """Select a measure (for the start page's links)."""
        self.year.setCurrentIndex(0)
        self.school.setCurrentIndex(0)
        self.overdue_only.setChecked(False)
        self.table.search.clear()
        return self.table.select_where(lambda m: m.id == measure_id)
