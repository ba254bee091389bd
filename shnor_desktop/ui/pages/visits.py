"""«Методические выезды»: the schedule, filters, and what needs a visit at a glance."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...models import MethodicalVisit, Recommendation
from ...models.enums import VisitState
from ...registry.queries import list_schools
from ...tracking import visits as svc
from ..dialogs.generate_dialog import generate_and_open
from ..dialogs.visit_dialog import VisitDialog
from ..palette import MUTED_TEXT, OVERDUE_TEXT
from ..table_models.records import Column, RecordTableModel
from ..widgets.crud import chosen_id, confirm_and_delete, open_form
from ..widgets.forms import DateField
from ..widgets.labels import hint, label_of
from ..widgets.record_table import RecordTable
from ..work import read

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)

OVERDUE = OVERDUE_TEXT
CANCELLED = MUTED_TEXT
DEFAULT_DAYS = 90


def _recommendation_tooltip(r: Recommendation) -> str:
    lines = [r.text, f"Выезд {russian.date_short(r.visit.date)}"]
    if r.addressee:
        lines.append(f"Кому: {r.addressee}")
    if r.responsible:
        lines.append(f"Ответственный: {r.responsible}")
    return "\n".join(lines)


def _last_visit_text(value: dt.date | None) -> str:
    return russian.date_short(value) if value else "не было"


class VisitsPage(QWidget):
    def __init__(self, ui: Ui, *, today: Callable[[], dt.date] | None = None) -> None:
        super().__init__()
        self.ui = ui
        self.db = ui.ctx.db
        self.today = today or dt.date.today
        self._schools: list[Any] = []

        schedule = self._build_schedule()
        lower = self._build_glance()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(schedule)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for text, slot in (("Открыть…", lambda: self.open_visit()), ("Удалить…", self.delete_visit)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.table.add_action(action)
        self.table.activated.connect(lambda v: self.open_visit(v.id))
        self.table.selection_changed.connect(self._update_buttons)
        self.refresh()

    # --- the page, built from named parts ---------------------------------------------------------

    def _build_schedule(self) -> QWidget:
        """The visits' table with its buttons and filters."""
        # --- the schedule ---
        self.model = RecordTableModel(self._columns(), row_foreground=self._row_foreground)
        self.table = RecordTable(self.model, export_name="Методические выезды")
        self.table.view.setObjectName("visits")
        self.new_button = QPushButton("Новый выезд…")
        self.open_button = QPushButton("Открыть…")
        self.delete_button = QPushButton("Удалить…")
        self.new_button.clicked.connect(lambda: self.new_visit())
        self.open_button.clicked.connect(lambda: self.open_visit())
        self.delete_button.clicked.connect(self.delete_visit)
        self.note_button = QPushButton("Справка")  # справка по итогам методического выезда
        self.note_button.setToolTip("Сформировать справку по итогам выезда и открыть её")
        self.note_button.clicked.connect(self.generate_note)
        top = QHBoxLayout()
        title = QLabel("График методических выездов")
        title.setStyleSheet("font-weight: bold;")
        top.addWidget(title, 1)
        for button in (self.new_button, self.open_button, self.delete_button, self.note_button):
            top.addWidget(button)

        self.date_from = DateField()
        self.date_to = DateField()
        for field in (self.date_from, self.date_to):
            field.edit.setFixedWidth(92)
        self.school_filter = QComboBox()
        self.school_filter.setMinimumWidth(150)
        self.state_filter = QComboBox()
        self.state_filter.addItem("все", None)
        for state in VisitState:
            self.state_filter.addItem(state.label, state.value)
        self.reset_button = QPushButton("Сбросить")
        self.reset_button.setToolTip("Показать все выезды")
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Период с"))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("по"))
        filters.addWidget(self.date_to)
        filters.addSpacing(8)
        filters.addWidget(QLabel("Школа"))
        filters.addWidget(self.school_filter, 1)
        filters.addSpacing(8)
        filters.addWidget(QLabel("Состояние"))
        filters.addWidget(self.state_filter)
        filters.addWidget(self.reset_button)
        self.date_from.edit.textChanged.connect(lambda _t: self.apply_filters())
        self.date_to.edit.textChanged.connect(lambda _t: self.apply_filters())
        self.school_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.state_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.reset_button.clicked.connect(self.reset_filters)

        schedule = QWidget()
        schedule_layout = QVBoxLayout(schedule)
        schedule_layout.setContentsMargins(0, 0, 0, 0)
        schedule_layout.addLayout(top)
        schedule_layout.addLayout(filters)
        schedule_layout.addWidget(self.table, 1)
        schedule_layout.addWidget(hint("Красным — выезды с невыполненными рекомендациями, срок которых "
                                        "прошёл; серым — отменённые. Двойной щелчок открывает выезд."))
        return schedule

    def _build_glance(self) -> QWidget:
        """«Обратить внимание»: schools without a visit, ШНОР without a visit, overdue recommendations."""
        # --- at a glance ---
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" дн.")
        self.days.valueChanged.connect(lambda _v: self.refresh_glance())
        self.days.setToolTip("Сколько дней назад был последний выезд")
        self.gap_model = RecordTableModel([
            Column("Школа", lambda g: g.school.short_name, tooltip=lambda g: g.school.full_name),
            Column("Последний выезд", lambda g: g.last_visit, display=self._last_visit_with_days),
        ])
        self.gap_table = self._glance_table(self.gap_model, "Школы без выезда")
        days_row = QHBoxLayout()
        days_row.addWidget(QLabel("Порог:"))
        days_row.addWidget(self.days)
        days_row.addStretch(1)
        gap_box = QGroupBox("Школы без выезда более N дней")
        self.gap_box = gap_box
        gap_layout = QVBoxLayout(gap_box)
        gap_layout.addLayout(days_row)
        gap_layout.addWidget(self.gap_table)

        self.shnor_model = RecordTableModel([
            Column("Школа", lambda g: g.school.short_name, tooltip=lambda g: g.school.full_name),
            Column("Последний выезд", lambda g: g.last_visit, display=_last_visit_text),
        ])
        self.shnor_table = self._glance_table(self.shnor_model, "ШНОР без выезда")
        self.shnor_note = hint("")
        self.shnor_box = QGroupBox("ШНОР без выезда в этом году")
        shnor_layout = QVBoxLayout(self.shnor_box)
        shnor_layout.addWidget(self.shnor_table)
        shnor_layout.addWidget(self.shnor_note)

        self.overdue_model = RecordTableModel([
            Column("Срок", lambda r: r.deadline, width=80),
            Column("Школа", lambda r: r.visit.school.short_name, width=130),
            Column("Рекомендация", lambda r: r.text, tooltip=_recommendation_tooltip),
        ], row_foreground=lambda _r: OVERDUE)
        self.overdue_table = self._glance_table(self.overdue_model, "Просроченные рекомендации", 2)
        self.overdue_table.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.overdue_table.view.setColumnWidth(1, 130)
        overdue_box = QGroupBox("Просроченные рекомендации")
        overdue_layout = QVBoxLayout(overdue_box)
        overdue_layout.addWidget(self.overdue_table)

        self.gap_table.activated.connect(lambda g: self.new_visit(g.school.id))
        self.shnor_table.activated.connect(lambda g: self.new_visit(g.school.id))
        self.overdue_table.activated.connect(lambda r: self.open_visit(r.visit_id))

        glance = QWidget()
        glance_layout = QHBoxLayout(glance)
        glance_layout.setContentsMargins(0, 0, 0, 0)
        glance_layout.addWidget(gap_box, 1)
        glance_layout.addWidget(self.shnor_box, 1)
        glance_layout.addWidget(overdue_box, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Обратить внимание")
        heading.setStyleSheet("font-weight: bold;")
        lower_layout.addWidget(heading)
        lower_layout.addWidget(glance, 1)
        lower_layout.addWidget(hint("Двойной щелчок по школе — запланировать в неё выезд; "
                                     "по рекомендации — открыть выезд, на котором она дана."))
        return lower

    @staticmethod
    def _glance_table(model: RecordTableModel, export_name: str, stretch: int = 0) -> RecordTable:
        """A compact table: no search box, the ``stretch`` column takes the spare width."""
        table = RecordTable(model, export_name=export_name)
        table.search.hide()
        table.view.verticalHeader().hide()
        header = table.view.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        return table

    # --- columns ----------------------------------------------------------------------------------

    def _columns(self) -> list[Column]:
        return [
            Column("Дата", lambda v: v.date, width=85),
            Column("Окончание", lambda v: v.date_end, width=85),
            Column("Школа", lambda v: v.school.short_name, width=200),
            Column("Цель", lambda v: v.purpose or None, tooltip=lambda v: v.purpose or "", width=220),
            Column("Состояние", lambda v: label_of(VisitState, v.state), width=105),
            Column("Рекомендаций", lambda v: len(v.recommendations), align_right=True, width=95),
            Column("Невыполненных", lambda v: svc.recommendation_counts(v, self.today())[1],
                   align_right=True, width=105),
            Column("Просрочено", lambda v: svc.recommendation_counts(v, self.today())[2],
                   align_right=True),
        ]

    def _last_visit_with_days(self, value: dt.date | None) -> str:
        if value is None:
            return "не было"
        days = (self.today() - value).days
        return f"{russian.date_short(value)} ({days} {russian.plural(days, 'день', 'дня', 'дней')} назад)"

    def _row_foreground(self, v: MethodicalVisit) -> QColor | None:
        if v.state == VisitState.CANCELLED.value:
            return CANCELLED
        if svc.recommendation_counts(v, self.today())[2]:
            return OVERDUE
        return None

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.table.current_object()
        keep_id = current.id if current is not None else None
        with read(self, self.db, "Выезды не загружены") as work:
            visits = svc.list_visits(work.session)
            self._schools = list_schools(work.session)
        if work.failed:
            return
        self._fill_school_filter()
        self.model.set_rows(visits)
        self.apply_filters()
        if keep_id is not None:
            self.table.select_where(lambda v: v.id == keep_id)
        self.refresh_glance()
        self._update_buttons()

    def refresh_glance(self) -> None:
        today = self.today()
        with read(self, self.db, "Сводка по выездам не загружена") as work:
            gaps = svc.schools_not_visited_for(work.session, self.days.value(), today)
            shnor = svc.shnor_without_visit(work.session, today.year, today)
            status_year = svc.shnor_status_year(work.session, today.year)
            overdue = svc.overdue_recommendations(work.session, today)
        if work.failed:
            return
        self.gap_model.set_rows(gaps)
        n = self.days.value()
        self.gap_box.setTitle(f"Школы без выезда более {n} {russian.plural(n, 'дня', 'дней', 'дней')}")
        self.shnor_model.set_rows(shnor)
        self.overdue_model.set_rows(overdue)
        self.shnor_box.setTitle(f"ШНОР без выезда в {today.year} году")
        if status_year is None:
            self.shnor_note.setText("В реестре нет школ со статусом ШНОР: статус присваивается "
                                    "в карточке школы.")
        else:
            self.shnor_note.setText(f"По списку ШНОР {status_year} года.")

    def _fill_school_filter(self) -> None:
        chosen = self.school_filter.currentData()
        self.school_filter.blockSignals(True)
        self.school_filter.clear()
        self.school_filter.addItem("все школы", None)
        for school in self._schools:
            self.school_filter.addItem(school.short_name, school.id)
        index = self.school_filter.findData(chosen)
        self.school_filter.setCurrentIndex(max(index, 0))
        self.school_filter.blockSignals(False)

    def _filter_date(self, field: DateField) -> dt.date | None:
        try:
            value = russian.parse_date(field.text())
        except ValueError:
            field.edit.setStyleSheet("color: #b00020;")
            field.edit.setToolTip("Дата не распознана: введите в виде ДД.ММ.ГГГГ")
            return None
        field.edit.setStyleSheet("")
        field.edit.setToolTip("")
        return value

    def apply_filters(self) -> None:
        start, end = self._filter_date(self.date_from), self._filter_date(self.date_to)
        school_id = self.school_filter.currentData()
        state = self.state_filter.currentData()

        def keep(v: MethodicalVisit) -> bool:
            if start is not None and (v.date_end or v.date) < start:
                return False
            if end is not None and v.date > end:
                return False
            if school_id is not None and v.school_id != school_id:
                return False
            return state is None or v.state == state

        active = any(x is not None for x in (start, end, school_id, state))
        self.model.set_predicate(keep if active else None)
        self._update_buttons()

    def reset_filters(self) -> None:
        for widget in (self.date_from, self.date_to, self.school_filter, self.state_filter):
            widget.blockSignals(True)
        self.date_from.edit.clear()
        self.date_to.edit.clear()
        self.school_filter.setCurrentIndex(0)
        self.state_filter.setCurrentIndex(0)
        for widget in (self.date_from, self.date_to, self.school_filter, self.state_filter):
            widget.blockSignals(False)
        self.apply_filters()

    def _update_buttons(self) -> None:
        has = self.table.current_object() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.note_button.setEnabled(has)

    # --- actions ----------------------------------------------------------------------------------

    def generate_note(self) -> None:
        """«Справка»: the справка of the chosen visit, made in the background and opened."""
        visit = self.table.current_object()
        if visit is not None:
            generate_and_open(self.ui, "visit-note", visit.id, self)

    def make_visit_dialog(self, visit_id: int | None = None,
                          school_id: int | None = None) -> VisitDialog:
        return VisitDialog(self, self.db, self._schools, visit_id=visit_id, school_id=school_id,
                           today=self.today)

    def new_visit(self, school_id: int | None = None) -> None:
        open_form(self, lambda: self.make_visit_dialog(school_id=school_id), "Выезд не открыт",
                  lambda dialog: self._after_saved(dialog.saved_id))

    def open_visit(self, visit_id: int | None = None) -> None:
        visit_id = chosen_id(visit_id, self.table.current_object())
        if visit_id is not None:
            open_form(self, lambda: self.make_visit_dialog(visit_id), "Выезд не открыт",
                      lambda dialog: self._after_saved(dialog.saved_id), on_error=self.refresh)

    def _after_saved(self, visit_id: int | None) -> None:
        self.refresh()
        if visit_id is not None:
            self.table.select_where(lambda v: v.id == visit_id)

    def delete_visit(self) -> None:
        v = self.table.current_object()
        if v is None:
            return

        def describe() -> str:
            with self.db.session() as session:
                return svc.describe_deletion(session, v.id)

        def delete() -> None:
            with self.db.transaction() as session:
                svc.delete_visit(session, v.id, version=v.version)

        confirm_and_delete(self, "Удаление выезда", describe, delete, self.refresh,
                           error_title="Выезд не удалён")

    def show_record(self, kind: str, record_id: int) -> bool:
        """Select a visit (``kind`` "visit") or the visit of a recommendation ("recommendation"),
        clearing filters that would hide it; for links from other pages."""
        visit_id: int | None = record_id
        if kind == "recommendation":
            with self.db.session() as session:
                rec = session.get(Recommendation, record_id)
                visit_id = rec.visit_id if rec is not None else None
        if visit_id is None:
            return False
        if self.model.row_of(lambda v: v.id == visit_id) < 0:
            self.reset_filters()
            self.table.search.clear()
        return self.table.select_where(lambda v: v.id == visit_id)

    def overdue_objects(self) -> list[Recommendation]:
        return self.overdue_model.all_objects()
