"""«Мониторинг показателей»: the annual indicators, the schools' dynamics and coverage, the nine
criteria of effectiveness per school, small charts, and export to .xlsx.

matplotlib is imported only when the charts are drawn (it costs half a second at start-up).
"""

# Imports inside functions: heavy: matplotlib and the forms load when first used.

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...analytics import monitoring as mon
from ...chart_style import (
    AFTER_COLOR,
    BEFORE_COLOR,
    DONE_COLOR,
    EMPTY_COLOR,
    HISTORY_COLOR,
    TARGET_COLOR,
    percent_formatter,
    year_formatter,
)
from ..errors import show_error
from ..file_dialogs import save_file
from ..palette import DONE_BACKGROUND, MUTED_TEXT, OVERDUE_BACKGROUND
from ..table_models.records import Column, RecordTableModel
from ..widgets import labels
from ..widgets.record_table import RecordTable
from ..work import read

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)

MET_BACKGROUND = DONE_BACKGROUND
NOT_MET_BACKGROUND = OVERDUE_BACKGROUND
NO_DATA_FOREGROUND = MUTED_TEXT
SHORT_NAMES = {
    "positive_dynamics": "Положит.\nдинамика ОО",
    "low_results_index": "Доля «2»",
    "teachers_diagnosed": "Педагоги:\nдиагностика",
    "teachers_positive": "Педагоги:\nрост",
    "teachers_trained": "Педагоги:\nкурсы",
}
COVERAGE_NAMES = {
    "covered_methodical": "Методическая\nработа",
    "covered_partnership": "Сетевое\nвзаимодействие",
    "covered_addressed": "Адресная\nпомощь",
}


def _pct(value: float | None) -> str:
    return "" if value is None else russian.percent(value)


def _pp(value: float | None) -> str:
    return "" if value is None else f"{'+' if value > 0 else ''}{russian.number(value * 100, 1)} п. п."


class MonitoringPage(QWidget):
    def __init__(self, ui: Ui, *, today: Callable[[], dt.date] | None = None) -> None:
        super().__init__()
        self.ui = ui
        self.db = ui.ctx.db
        self.today = today or dt.date.today
        self.report: mon.MonitoringReport | None = None
        self.previous: mon.MonitoringReport | None = None
        self.canvas: Any = None
        self.figure: Any = None

        self.year = QComboBox()
        self.year.setMinimumWidth(90)
        self.year.currentIndexChanged.connect(lambda _i: self.recompute())
        self.export_button = QPushButton("Экспорт в Excel…")
        self.export_button.clicked.connect(lambda: self.export_dialog())
        self.regional_button = QPushButton("Показатели региона…")
        self.regional_button.setToolTip("Среднереспубликанские (региональные) значения ЕГЭ для критериев 3–6")
        self.regional_button.clicked.connect(lambda: self.edit_regional())
        self.absence_button = QPushButton("Пропуски уроков…")
        self.absence_button.setToolTip("Число уроков, пропущенных без уважительной причины, на одного "
                                       "обучающегося (критерий 9)")
        self.absence_button.clicked.connect(lambda: self.edit_absences())
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.indicators = RecordTableModel([
            Column("Показатель", lambda i: i.name, width=520, tooltip=lambda i: i.name),
            Column("Значение", lambda i: i.text(), width=90, align_right=True),
            Column("Числитель", lambda i: i.numerator, align_right=True, width=80),
            Column("Знаменатель", lambda i: i.denominator, align_right=True, width=90),
            Column("Год назад", lambda i: self._previous_text(i), align_right=True, width=90),
            Column("Пояснение", lambda i: i.note or None, tooltip=lambda i: i.note),
        ])
        self.indicator_table = RecordTable(self.indicators, export_name="Показатели мониторинга")
        self.indicator_table.view.setObjectName("indicators")

        self.schools = RecordTableModel([
            Column("ОО", lambda s: s.name, width=210),
            Column("Статус", lambda s: s.kinds_text, width=100),
            Column("Среднее год назад", lambda s: s.previous, display=_pct, align_right=True, width=130),
            Column("Среднее за год", lambda s: s.current, display=_pct, align_right=True, width=115),
            Column("Изменение", lambda s: s.delta, display=_pp, align_right=True, width=100),
            Column("Сопоставимых работ", lambda s: s.slices, align_right=True, width=140),
            Column("Динамика", lambda s: mon.dynamics_text(s), width=130),
            Column("Методический выезд", lambda s: s.methodical, width=135),
            Column("Сетевое партнёрство", lambda s: s.partnership, width=145),
            Column("Адресная помощь", lambda s: s.addressed),
        ], row_background=self._dynamics_background)
        self.school_table = RecordTable(self.schools, export_name="Динамика и охват ШНОР")
        self.school_table.view.setObjectName("schools")

        self.criteria = RecordTableModel([
            Column("ОО", lambda c: c.school, width=200),
            Column("№", lambda c: c.number, align_right=True, width=35),
            Column("Критерий", lambda c: c.name, width=330, tooltip=lambda c: c.name),
            Column("Итог", lambda c: c.verdict_label, width=95),
            Column("Значение", lambda c: c.value or None, width=210, tooltip=lambda c: c.value),
            Column("Сравнение", lambda c: c.reference or None, width=150, tooltip=lambda c: c.reference),
            Column("Ожидаемый результат", lambda c: c.expected, tooltip=lambda c: c.expected),
        ], row_background=self._criterion_background, row_foreground=self._criterion_foreground)
        self.criteria_table = RecordTable(self.criteria, export_name="Критерии результативности")
        self.criteria_table.view.setObjectName("criteria")

        self.charts = QWidget()
        self.charts.setMinimumHeight(240)
        self.charts_layout = QVBoxLayout(self.charts)
        self.charts_layout.setContentsMargins(0, 0, 0, 0)

        indicators_tab = QSplitter(Qt.Orientation.Vertical)
        indicators_tab.addWidget(self.indicator_table)
        indicators_tab.addWidget(self.charts)
        indicators_tab.setStretchFactor(0, 1)
        indicators_tab.setStretchFactor(1, 1)
        definitions = labels.hint(
            "Динамика школы: среднее изменение коэффициента выполнения (или качества, если КВ нет) "
            "по одинаковым работам ВПР и ОГЭ этого и прошлого года. Зелёным — положительная, красным — нет.")
        schools_tab = QWidget()
        schools_layout = QVBoxLayout(schools_tab)
        schools_layout.addWidget(self.school_table, 1)
        schools_layout.addWidget(definitions)
        criteria_hint = labels.hint(
            "Критерии оценки результативности и эффективности деятельности ОО (как в примере договора "
            "о сотрудничестве школ). "
            "ЕГЭ сравнивается с региональным значением, если оно задано («Показатели региона…»), иначе — "
            "со средним по району. Зелёным — выполнен, красным — не выполнен, серым — нет данных.")
        criteria_tab = QWidget()
        criteria_layout = QVBoxLayout(criteria_tab)
        criteria_layout.addWidget(self.criteria_table, 1)
        criteria_layout.addWidget(criteria_hint)

        self.tabs = QTabWidget()
        self.tabs.addTab(indicators_tab, "Показатели")
        self.tabs.addTab(schools_tab, "Динамика и охват по школам")
        self.tabs.addTab(criteria_tab, "Критерии результативности")

        title = QLabel("Мониторинг показателей ШНОР и ШНСУ")
        title.setStyleSheet("font-weight: bold; font-size: 14px;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(QLabel("Год:"))
        top.addWidget(self.year)
        top.addStretch(1)
        for button in (self.regional_button, self.absence_button, self.export_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # --- colours ----------------------------------------------------------------------------------

    @staticmethod
    def _dynamics_background(row: mon.SchoolRow) -> QColor | None:
        if row.positive is None:
            return None
        return MET_BACKGROUND if row.positive else NOT_MET_BACKGROUND

    @staticmethod
    def _criterion_background(c: mon.CriterionResult) -> QColor | None:
        return {mon.MET: MET_BACKGROUND, mon.NOT_MET: NOT_MET_BACKGROUND}.get(c.verdict)

    @staticmethod
    def _criterion_foreground(c: mon.CriterionResult) -> QColor | None:
        return NO_DATA_FOREGROUND if c.verdict == mon.NO_DATA else None

    def _previous_text(self, indicator: mon.Indicator) -> str:
        if self.previous is None:
            return ""
        before = self.previous.indicator(indicator.code)
        return "" if (before.kind == "share" and not before.denominator) else before.text()

    # --- data -------------------------------------------------------------------------------------

    def selected_year(self) -> int | None:
        value = self.year.currentData()
        return int(value) if value is not None else None

    def refresh(self) -> None:
        """Re-read the years (new statuses may have appeared) and recompute."""
        with read(self, self.db, "Мониторинг не загружен") as work:
            years = mon.status_years(work.session)
        if work.failed:
            return
        current = self.selected_year()
        if not years:
            years = [self.today().year]
        self.year.blockSignals(True)
        self.year.clear()
        for y in sorted(years, reverse=True):
            self.year.addItem(str(y), y)
        index = self.year.findData(current) if current is not None else 0
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)
        self.recompute()

    def set_year(self, year: int) -> None:
        index = self.year.findData(year)
        if index < 0:
            self.year.addItem(str(year), year)
            index = self.year.findData(year)
        self.year.setCurrentIndex(index)
        self.recompute()

    def recompute(self) -> None:
        year = self.selected_year()
        if year is None:
            return
        with read(self, self.db, "Показатели не рассчитаны") as work:
            self.report = mon.monitoring_report(work.session, year, today=self.today())
            self.previous = mon.monitoring_report(work.session, year - 1, today=self.today())
            history = [(y, mon.shnor_count(work.session, y)) for y in mon.status_years(work.session)]
            from ...tracking.attention import load_target

            target = load_target(work.session)
        if work.failed:
            return
        r = self.report
        self.indicators.set_rows(r.indicators)
        self.schools.set_rows(r.schools)
        self.criteria.set_rows(r.criteria)
        met = sum(1 for c in r.criteria if c.verdict == mon.MET)
        not_met = sum(1 for c in r.criteria if c.verdict == mon.NOT_MET)
        shnor = sum(1 for s in r.schools if "shnor" in s.kinds)
        shnsu = sum(1 for s in r.schools if "shnsu" in s.kinds)
        self.summary.setText(
            f"{year} г.: под наблюдением {len(r.schools)} ОО (ШНОР — {shnor}, ШНСУ — {shnsu}). "
            f"Критерии результативности: выполнено {met}, не выполнено {not_met}, "
            f"нет данных {len(r.criteria) - met - not_met}." if r.schools else
            f"За {year} г. ни одной школе не присвоен статус ШНОР или ШНСУ — показывать нечего. "
            "Статусы присваиваются в реестре ОО или по итогам выявления.")
        self.export_button.setEnabled(True)
        self._draw_charts(history, target)

    # --- charts -----------------------------------------------------------------------------------

    def _draw_charts(self, history: list[tuple[int, int]], target: dict[str, Any] | None) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        if self.canvas is None:
            self.figure = Figure(figsize=(11, 2.6), dpi=90, layout="constrained")
            self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]  # matplotlib: unannotated
            self.canvas.setObjectName("charts")
            self.charts_layout.addWidget(self.canvas)
        fig = self.figure
        fig.clear()
        assert self.report is not None
        year, r, p = self.report.year, self.report, self.previous
        percent = percent_formatter()

        ax = fig.add_subplot(1, 3, 1)
        codes = list(SHORT_NAMES)
        xs = range(len(codes))

        def share(report: mon.MonitoringReport | None, code: str) -> float:
            value = report.indicator(code).value if report else None
            return 0.0 if value is None else value * 100

        ax.bar([x - 0.2 for x in xs], [share(p, c) for c in codes], width=0.4, color=BEFORE_COLOR,
               label=str(year - 1))
        ax.bar([x + 0.2 for x in xs], [share(r, c) for c in codes], width=0.4, color=AFTER_COLOR,
               label=str(year))
        ax.set_xticks(list(xs), [SHORT_NAMES[c] for c in codes], fontsize=7)
        ax.yaxis.set_major_formatter(percent)
        ax.set_ylim(0, 100)
        ax.set_title("Доли, %", fontsize=9)
        ax.legend(fontsize=7, frameon=False)
        ax.tick_params(axis="y", labelsize=7)

        ax = fig.add_subplot(1, 3, 2)
        codes = list(COVERAGE_NAMES)
        total = len(r.schools)
        values = [r.indicator(c).numerator for c in codes]
        ax.barh(range(len(codes)), [total] * len(codes), color=EMPTY_COLOR)
        ax.barh(range(len(codes)), values, color=DONE_COLOR)
        for i, v in enumerate(values):
            ax.text(v + 0.05, i, f"{v} из {total}", va="center", fontsize=7)
        ax.set_yticks(range(len(codes)), [COVERAGE_NAMES[c] for c in codes], fontsize=7)
        ax.set_xlim(0, max(total, 1) * 1.35)
        ax.invert_yaxis()
        ax.set_title(f"Охват ШНОР и ШНСУ, {year} г.", fontsize=9)
        ax.tick_params(axis="x", labelsize=7)

        ax = fig.add_subplot(1, 3, 3)
        if history:
            ax.plot([y for y, _ in history], [n for _, n in history], marker="o", color=HISTORY_COLOR,
                    label="ШНОР")
        if target is not None:  # the district's own target, when it has set one
            ax.plot([target["base_year"], target["target_year"]],
                    [target["base_count"], target["target_count"]],
                    linestyle="--", color=TARGET_COLOR, marker="s", label="цель")
        ax.set_title("Число ШНОР и цель", fontsize=9)
        ax.xaxis.set_major_formatter(year_formatter())
        ax.tick_params(labelsize=7)
        ax.set_ylim(bottom=0)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, frameon=False)
        self.canvas.draw_idle()

    # --- actions ----------------------------------------------------------------------------------

    def export_to(self, path: str | Path) -> Path:
        assert self.report is not None
        return mon.export_report(self.report, path)

    def export_dialog(self) -> None:
        if self.report is None:
            return
        name = save_file(self, "exports", "Экспорт в Excel", f"Мониторинг ШНОР {self.report.year}.xlsx",
                         "Книга Excel (*.xlsx)")
        if not name:
            return
        if not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        try:
            self.export_to(name)
        except Exception as exc:
            show_error(self, "Экспорт не выполнен", exc)

    def make_regional_dialog(self) -> QDialog:
        from ..dialogs.regional_reference_dialog import RegionalReferenceDialog

        return RegionalReferenceDialog(self, self.db, self.selected_year() or self.today().year)

    def make_absence_dialog(self) -> QDialog:
        from ..dialogs.unexcused_absence_dialog import UnexcusedAbsenceDialog

        return UnexcusedAbsenceDialog(self, self.db, self.selected_year() or self.today().year)

    def edit_regional(self) -> bool:
        if self.make_regional_dialog().exec() != QDialog.DialogCode.Accepted:
            return False
        self.recompute()
        return True

    def edit_absences(self) -> bool:
        if self.make_absence_dialog().exec() != QDialog.DialogCode.Accepted:
            return False
        self.recompute()
        return True
