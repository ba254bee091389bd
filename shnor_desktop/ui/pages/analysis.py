"""«Анализ и выявление ШНОР»: one slice against the district, the groups with reasons, charts, recording.

Every number and every flag comes from ``analytics`` (identification, explain, status, ior, charts);
this page only chooses the slice and the settings, shows the result and writes what the person
confirms. The rule and the district level used (weighted or the mean of schools) are printed
above the table, in the groups text and on every chart.
"""

# Imports inside functions: the analytics, its charts and the documents layer load when the page
# first computes or prints, so the page itself opens quickly.

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ..errors import UserError, show_error
from ..table_models.records import Column, RecordTableModel
from ..widgets.chart_panel import ChartPanel
from ..widgets.progress import run_with_progress
from ..widgets.record_table import RecordTable
from ..work import quietly, read

if TYPE_CHECKING:
    from ...analytics.frame import SliceKey
    from ...analytics.identification import Check, Identification, IdentificationSettings, SchoolResult
    from ...analytics.slice_analysis import SliceAnalysis
    from ..page import Ui

log = logging.getLogger(__name__)

RISK_COLOR = QColor("#f8d7da")
CONTROL_COLOR = QColor("#fff3cd")
SMALL_COLOR = QColor("#e9ecef")
SMALL_TEXT = QColor("#6c757d")
MEAN_CHOICES: tuple[tuple[str, str], ...] = (
    ("weighted", "средневзвешенный"),
    ("schools", "среднее по школам"),
)
WORST = "worst"
GROUP_ORDER = {"risk": 0, "control": 1, "small": 2, "none": 3, "no_data": 4}
TAB_TABLE, TAB_GROUPS, TAB_BARS, TAB_DYNAMICS, TAB_QUADRANT = range(5)
SLICE_KEY = "analysis_slice"  # the slice on screen, chosen again after a restart


class Shown(float):
    """A number that sorts as a number and prints as people write it (45,3 % or 12,2)."""

    text: str

    def __new__(cls, value: float, text: str) -> Shown:
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


def _shown(value: float | None, text: str) -> Shown | None:
    return None if value is None else Shown(value, text)


def deviation_text(deviation: float | None) -> str:
    """−35,0 % (worse than the district) or +12,4 %."""
    if deviation is None:
        return ""
    pct = deviation * 100
    sign = "−" if pct < -0.05 else "+" if pct > 0.05 else ""
    return f"{sign}{russian.number(abs(pct), 1)}{russian.NBSP}%"


@dataclass(frozen=True)
class SchoolLine:
    """One row of the table: a school's result and the check shown (its worst, or one indicator)."""

    result: SchoolResult
    check: Check

    @property
    def group(self) -> str:
        return self.result.group.value


def _lines(ident: Identification, indicator_key: str) -> list[SchoolLine]:
    lines = []
    for school in ident.schools:
        check = school.worst if indicator_key == WORST else school.check(indicator_key) or school.worst
        lines.append(SchoolLine(school, check))
    lines.sort(key=lambda ln: (GROUP_ORDER.get(ln.group, 9),
                               ln.check.deviation if ln.check.deviation is not None else 9.0,
                               ln.result.row.short_name))
    return lines


def _columns() -> list[Column]:
    def value(line: SchoolLine) -> Shown | None:
        v = line.check.value
        return _shown(None if v is None else line.check.indicator.plain(v), line.check.indicator.format(v))

    def district(line: SchoolLine) -> Shown | None:
        v = line.check.district.value
        return _shown(None if v is None else line.check.indicator.plain(v), line.check.indicator.format(v))

    def deviation(line: SchoolLine) -> Shown | None:
        d = line.check.deviation
        return _shown(None if d is None else round(d * 100, 6), deviation_text(d))

    def shown_text(v: Any) -> str:
        return "" if v is None else v.text

    return [
        Column("ОО", lambda ln: ln.result.row.short_name, width=206),
        Column("Логин", lambda ln: ln.result.row.login, width=80),
        Column("Участн.", lambda ln: ln.result.row.participants, align_right=True, width=56,
               tooltip=lambda ln: "участников, писавших работу"),
        Column("Показатель", lambda ln: ln.check.indicator.short, width=98,
               tooltip=lambda ln: ln.check.indicator.description),
        Column("Значение", value, shown_text, align_right=True, width=72),
        Column("Район", district, shown_text, align_right=True, width=62,
               tooltip=lambda ln: f"районный уровень — {ln.check.district.mean_label}"),
        Column("Отклонение", deviation, shown_text, align_right=True, width=84,
               tooltip=lambda _ln: "от районного уровня; минус — хуже района"),
        Column("Группа", lambda ln: ln.result.group.label or "—", width=138),
        Column("Причина", lambda ln: _reason_tail(ln.result), tooltip=lambda ln: ln.result.reason),
    ]


def _reason_tail(result: SchoolResult) -> str:
    """The reason without the slice label the page already shows."""
    from ...analytics.explain import slice_label

    reason = result.reason
    head = f"{slice_label(result.row.key)}: "
    return reason[len(head):] if reason.startswith(head) else reason


def detail_html(result: SchoolResult) -> str:
    """The whole explanation of one school: group, the full reason, every indicator against the
    district and the stability over the years."""
    from html import escape

    from ...analytics.explain import stability_phrase

    row = result.row
    head = (f"<b>{escape(row.short_name)}</b> · {escape(result.group.label or 'без отметки')} · "
            f"участников: {russian.number(row.participants) if row.participants is not None else '—'}")
    checks = []
    for check in result.checks:
        ind = check.indicator
        value = ind.format(check.value) or "нет данных"
        district = ind.format(check.district.value) or "нет данных"
        deviation = deviation_text(check.deviation)
        checks.append(f"{escape(ind.name)}: {escape(value)} (район {escape(district)}"
                      f"{', отклонение ' + escape(deviation) if deviation else ''}) — "
                      f"{escape(check.state.label)}")
    parts = [head]
    if result.reason:
        parts.append(f"Причина: {escape(result.reason)}")
    if checks:
        parts.append("<br>".join(checks))
    if result.stability.data_years:
        parts.append(f"Устойчивость: {escape(stability_phrase(result.stability))}")
    return "<br>".join(parts)


def _background(line: SchoolLine) -> QColor | None:
    return {"risk": RISK_COLOR, "control": CONTROL_COLOR, "small": SMALL_COLOR}.get(line.group)


def _foreground(line: SchoolLine) -> QColor | None:
    return SMALL_TEXT if line.group in ("small", "no_data") else None


class RecordShnorDialog(QDialog):
    """Confirmation of «Записать как ШНОР за год…»: the year, the schools and their reasons."""

    def __init__(self, parent: QWidget | None, year: int, reasons: dict[int, str], names: dict[int, str],
                 rule: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Записать как ШНОР")
        self.reasons = reasons
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        text = [f"{names.get(sid, sid)}\n    {reason.replace(chr(10), chr(10) + '    ')}"
                for sid, reason in reasons.items()]
        self.listing = QPlainTextEdit("\n\n".join(text))
        self.listing.setReadOnly(True)
        n = len(reasons)
        intro = QLabel(f"Статус ШНОР с причиной будет записан в реестр для {n} "
                       f"{russian.plural(n, 'школы', 'школ', 'школ')}. Если статус за этот год уже есть, "
                       f"его причина будет обновлена.")
        intro.setWordWrap(True)
        self.rule_label = rule_label = QLabel(f"Правило: {rule}.")
        rule_label.setWordWrap(True)
        rule_label.setStyleSheet("color: #555;")
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Записать")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("ШНОР за год:", self.year)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.listing, 1)
        layout.addWidget(rule_label)
        layout.addWidget(buttons)
        self.resize(760, 460)


class AnalysisPage(QWidget):
    def __init__(self, ui: Ui) -> None:
        super().__init__()
        self.ui = ui
        self.db = ui.ctx.db
        self.analysis: SliceAnalysis | None = None
        self.record_dialog: RecordShnorDialog | None = None
        self.overwrite_box: QMessageBox | None = None
        self.record_box: QMessageBox | None = None
        self.last_record_message = ""
        self._slices: list[SliceKey] = []
        self._generation = 0
        self._shown_generation = -1
        self._filling = False
        self._dirty: set[int] = set()
        self.settings = self._load_settings()
        self._saved_slice: dict[str, Any] = self._load_slice()
        self._slice_restored = False

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_analysis)

        title = QLabel("Анализ результатов и выявление ШНОР")
        font = title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        title.setFont(font)

        slice_row = self._build_slice_row()
        rule_row = self._build_rule_row()
        self.tabs = self._build_tabs(self._build_table_page())
        self.empty_label = QLabel("Нет результатов оценочных процедур. Загрузите файлы в разделе "
                                  "«Результаты» (или демонстрационный район), затем вернитесь сюда.")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(slice_row)
        layout.addLayout(rule_row)
        layout.addWidget(self.rule_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.tabs, 1)

    # --- the page, built from named parts ---------------------------------------------------------

    def _build_slice_row(self) -> QHBoxLayout:
        # --- the slice ---
        self.year = QComboBox()
        self.procedure = QComboBox()
        self.grade = QComboBox()
        self.subject = QComboBox()
        self.subject.setMinimumWidth(230)
        self.session = QComboBox()
        self.session_label = QLabel("Сессия:")
        slice_row = QHBoxLayout()
        for label, combo in (("Год:", self.year), ("Процедура:", self.procedure), ("Класс:", self.grade),
                             ("Предмет:", self.subject)):
            slice_row.addWidget(QLabel(label))
            slice_row.addWidget(combo)
            slice_row.addSpacing(8)
        slice_row.addWidget(self.session_label)
        slice_row.addWidget(self.session)
        # for a regional user whose database holds several municipalities: which one is «the district»
        self.district = QComboBox()
        self.district.setToolTip("Школы какого муниципалитета сравниваются между собой (районный уровень)")
        self.district_label = QLabel("Район:")
        slice_row.addSpacing(8)
        slice_row.addWidget(self.district_label)
        slice_row.addWidget(self.district)
        slice_row.addStretch(1)
        self.district.currentIndexChanged.connect(lambda _i: None if self._filling else self.schedule())
        self.year.currentIndexChanged.connect(lambda _i: self._cascade(1))
        self.procedure.currentIndexChanged.connect(lambda _i: self._cascade(2))
        self.grade.currentIndexChanged.connect(lambda _i: self._cascade(3))
        self.subject.currentIndexChanged.connect(lambda _i: self._cascade(4))
        self.session.currentIndexChanged.connect(lambda _i: self._cascade(5))
        return slice_row

    def _build_rule_row(self) -> QHBoxLayout:
        # --- the rule ---
        from ...analytics.indicators import INDICATORS

        self.indicator_button = QToolButton()
        self.indicator_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.indicator_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.indicator_menu = QMenu(self)
        self.indicator_actions: dict[str, QAction] = {}
        for ind in INDICATORS:
            action = QAction(f"{ind.short} — {ind.description}", self)
            action.setCheckable(True)
            action.setChecked(ind.key in self.settings.indicators)
            action.toggled.connect(lambda _c, key=ind.key: self._indicator_toggled(key))
            self.indicator_menu.addAction(action)
            self.indicator_actions[ind.key] = action
        self.indicator_button.setMenu(self.indicator_menu)
        self.threshold = QDoubleSpinBox()
        self.threshold.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
        self.threshold.setRange(1.0, 90.0)
        self.threshold.setDecimals(1)
        self.threshold.setSingleStep(1.0)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(self.settings.threshold * 100)
        self.threshold.setToolTip("Школа в группе риска, если показатель ниже районного уровня на столько "
                                  "или больше")
        self.min_participants = QSpinBox()
        self.min_participants.setRange(0, 1000)
        self.min_participants.setValue(self.settings.min_participants)
        self.min_participants.setToolTip(
            "Положение не задаёт минимума: при 0 отмечаются все школы, а при малом числе участников вывод "
            "сопровождается оговоркой. Если район решил иначе, школы, где участников меньше, помечаются "
            "«мало участников» и не отмечаются")
        self.mean = QComboBox()
        for key, label in MEAN_CHOICES:
            self.mean.addItem(label, key)
        self.mean.setCurrentIndex(max(self.mean.findData(self.settings.mean), 0))
        self.mean.setToolTip("Средневзвешенный — результат всех учеников района, как одной школы; среднее "
                             "по школам — каждая школа считается один раз")
        self.threshold.valueChanged.connect(self._settings_changed)
        self.min_participants.valueChanged.connect(self._settings_changed)
        self.mean.currentIndexChanged.connect(self._settings_changed)
        rule_row = QHBoxLayout()
        rule_row.addWidget(QLabel("Показатели:"))
        rule_row.addWidget(self.indicator_button)
        rule_row.addSpacing(8)
        rule_row.addWidget(QLabel("Порог:"))
        rule_row.addWidget(self.threshold)
        rule_row.addSpacing(8)
        rule_row.addWidget(QLabel("Мин. участников:"))
        rule_row.addWidget(self.min_participants)
        rule_row.addSpacing(8)
        rule_row.addWidget(QLabel("Уровень района:"))
        rule_row.addWidget(self.mean)
        rule_row.addStretch(1)
        self._update_indicator_button()

        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        return rule_row

    def _build_table_page(self) -> QWidget:
        # --- the table ---
        self.table_indicator = QComboBox()
        self.table_indicator.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.table_indicator.currentIndexChanged.connect(lambda _i: self._fill_table())
        self.model = RecordTableModel(_columns(), row_background=_background, row_foreground=_foreground)
        self.table = RecordTable(self.model, export_name="выявление ШНОР")
        self.table.selection_changed.connect(self._selection_changed)
        self.record_button = QPushButton("Записать как ШНОР за год…")
        self.record_button.setToolTip("Записать статус ШНОР с причиной выделенным школам (без выделения — "
                                      "всей группе риска)")
        self.record_button.clicked.connect(self.record_selected)
        self.documents_button = QPushButton("Документ…")
        documents_menu = QMenu(self.documents_button)
        self.note_action = documents_menu.addAction("Аналитическая справка по срезу…",
                                                    lambda: self.make_document("analytical-note"))
        self.order_action = documents_menu.addAction("Приказ об утверждении перечня ШНОР…",
                                                     lambda: self.make_document("order-shnor-list"))
        self.documents_button.setMenu(documents_menu)
        copy_button = QPushButton("Копировать")
        copy_button.clicked.connect(self.table.copy_selection)
        export_button = QPushButton("Экспорт в Excel…")
        export_button.clicked.connect(self.table.export_dialog)
        table_tools = QHBoxLayout()
        table_tools.addWidget(QLabel("Показатель в таблице:"))
        table_tools.addWidget(self.table_indicator)
        table_tools.addStretch(1)
        table_tools.addWidget(self.record_button)
        table_tools.addWidget(self.documents_button)
        table_tools.addWidget(copy_button)
        table_tools.addWidget(export_button)
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(4, 4, 4, 4)
        table_layout.addLayout(table_tools)
        table_layout.addWidget(self.table, 1)
        legend = QLabel("Цвет строки: <span style='background:#f8d7da'>&nbsp;группа риска&nbsp;</span> "
                        "<span style='background:#fff3cd'>&nbsp;контрольная группа&nbsp;</span> "
                        "<span style='background:#e9ecef; color:#6c757d'>&nbsp;мало участников&nbsp;</span>. "
                        "Без выделения «Записать как ШНОР» предлагает всю группу риска.")
        legend.setWordWrap(True)
        # the full explanation of the selected school (the «Причина» column is cut at the table's edge)
        self.detail = QTextBrowser()
        self.detail.setObjectName("analysisDetail")
        self.detail.setReadOnly(True)
        self.detail.setOpenLinks(False)
        self.detail.setMaximumHeight(130)
        self.detail.setPlaceholderText("Выделите школу в таблице: здесь будет полное объяснение — "
                                       "показатели, районный уровень, отклонения и причина.")
        table_layout.addWidget(self.detail)
        table_layout.addWidget(legend)
        return table_page

    def _build_tabs(self, table_page: QWidget) -> QTabWidget:
        # --- groups ---
        self.groups = QTextBrowser()
        self.groups.setOpenLinks(False)

        # --- charts ---
        self.bars = ChartPanel("школы и район")
        self.bars_indicator = QComboBox()
        self.bars_indicator.currentIndexChanged.connect(lambda _i: self._chart_changed(TAB_BARS))
        self.bars.controls.addWidget(QLabel("Показатель:"))
        self.bars.controls.addWidget(self.bars_indicator)
        self.dynamics = ChartPanel("динамика школы")
        self.dynamics_school = QComboBox()
        self.dynamics_school.setMinimumWidth(260)
        self.dynamics_school.currentIndexChanged.connect(lambda _i: self._chart_changed(TAB_DYNAMICS))
        self.dynamics_indicator = QComboBox()
        self.dynamics_indicator.currentIndexChanged.connect(lambda _i: self._chart_changed(TAB_DYNAMICS))
        self.dynamics.controls.addWidget(QLabel("Школа:"))
        self.dynamics.controls.addWidget(self.dynamics_school)
        self.dynamics.controls.addSpacing(8)
        self.dynamics.controls.addWidget(QLabel("Показатель:"))
        self.dynamics.controls.addWidget(self.dynamics_indicator)
        self.quadrant = ChartPanel("ИОР и социальный контекст")
        self.quadrant_text = QLabel()
        self.quadrant_text.setWordWrap(True)
        quadrant_layout = self.quadrant.layout()
        assert quadrant_layout is not None  # ChartPanel lays itself out in its constructor
        quadrant_layout.addWidget(self.quadrant_text)

        tabs = QTabWidget()
        tabs.addTab(table_page, "Школы")
        tabs.addTab(self.groups, "Группы риска и контроля")
        tabs.addTab(self.bars, "Школы и район")
        tabs.addTab(self.dynamics, "Динамика школы")
        tabs.addTab(self.quadrant, "ИОР и социальный контекст")
        tabs.currentChanged.connect(self._tab_changed)
        return tabs

    # --- settings ------------------------------------------------------------------------------

    def _load_settings(self) -> IdentificationSettings:
        from ...analytics import AnalyticsError
        from ...analytics.identification import IdentificationSettings, load_settings

        try:
            with self.db.session() as session:
                return load_settings(session)
        except AnalyticsError as exc:
            log.warning("identification settings: %s", exc)
            return IdentificationSettings()

    def _load_slice(self) -> dict[str, Any]:
        """The slice chosen last time (stored in the database's settings, like the rule)."""
        from ...store.settings import read_setting

        # a missing or unreadable setting only means «start from the newest slice»
        with read(self, self.db, "the remembered analysis slice is not readable", report=quietly) as work:
            data = read_setting(work.session, SLICE_KEY)
        if work.failed:
            return {}
        return data if isinstance(data, dict) else {}

    def _remember_slice(self, choice: SliceKey, municipality: str | None) -> None:
        from ...store.settings import write_setting

        data = {"year": choice.year, "procedure": choice.procedure, "grade": choice.grade,
                "subject": choice.subject, "session": choice.session, "district": municipality}
        if data == self._saved_slice:
            return
        try:
            write_setting(self.db, SLICE_KEY, data)
        except Exception:  # a read-only database: the slice is simply not remembered
            log.warning("the analysis slice is not remembered", exc_info=True)
            return
        self._saved_slice = data

    def _restore_slice(self) -> None:
        """Choose the remembered slice as far as it still exists (each combo refills the next)."""
        saved = self._saved_slice
        if not saved:
            return
        for combo, key in ((self.year, "year"), (self.procedure, "procedure"), (self.grade, "grade"),
                           (self.subject, "subject"), (self.session, "session")):
            index = combo.findData(saved.get(key))
            if index < 0:
                break
            combo.setCurrentIndex(index)
        index = self.district.findData(saved.get("district"))
        if index >= 0:
            self._filling = True
            try:
                self.district.setCurrentIndex(index)
            finally:
                self._filling = False

    def _update_indicator_button(self) -> None:
        from ...analytics.indicators import indicator

        names = [indicator(k).short for k in self.settings.indicators]
        self.indicator_button.setText(", ".join(names) + " ▾")
        self.indicator_button.setToolTip("Показатели, по которым школа сравнивается с районом: "
                                         + ", ".join(indicator(k).name for k in self.settings.indicators))

    def _indicator_toggled(self, key: str) -> None:
        if self._filling:
            return
        chosen = tuple(k for k, a in self.indicator_actions.items() if a.isChecked())
        if not chosen:  # at least one indicator: put the last one back
            self._filling = True
            self.indicator_actions[key].setChecked(True)
            self._filling = False
            return
        self._apply_settings(indicators=chosen)

    def _settings_changed(self, *_args: Any) -> None:
        if self._filling:
            return
        self._apply_settings(threshold=round(self.threshold.value() / 100, 6),
                             min_participants=self.min_participants.value(), mean=self.mean.currentData())

    def _apply_settings(self, **changes: Any) -> None:
        from ...analytics import AnalyticsError
        from ...analytics.identification import save_settings

        try:
            settings = self.settings.replace(**changes)
            save_settings(self.db, settings)
        except AnalyticsError as exc:
            show_error(self, "Настройки не сохранены", UserError(str(exc)))
            return
        except Exception as exc:
            show_error(self, "Настройки не сохранены", exc)
            return
        self.settings = settings
        self._update_indicator_button()
        self.schedule()

    def set_indicators(self, keys: tuple[str, ...]) -> None:
        """Choose the indicator set (as ticking the menu does)."""
        self._filling = True
        for key, action in self.indicator_actions.items():
            action.setChecked(key in keys)
        self._filling = False
        self._apply_settings(indicators=tuple(keys))

    # --- the slice -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the slices that have results and run the analysis again."""
        from ...analytics.slice_analysis import available_slices

        self._slices = available_slices(self.db)
        self._fill_districts()
        has_data = bool(self._slices)
        self.empty_label.setVisible(not has_data)
        self.tabs.setVisible(has_data)
        self._cascade(0)
        if not self._slice_restored:
            self._slice_restored = True
            self._restore_slice()
        if has_data:
            self.schedule()

    def _fill_districts(self) -> None:
        """«Наш район» and, when the registry holds other municipalities, each of them and all."""
        from ...registry.scope import district_scope, registry_municipalities

        with self.db.session() as session:
            scope = district_scope(session)
            found = registry_municipalities(session, scope)
        others = [m for m in found if not m.ours and m.schools > m.archived]
        items: list[tuple[str, str | None]] = [
            (f"наш район ({scope.label})" if not scope.everything else "все ОО реестра", None)]
        if others:
            items += [(f"{m.name} ({m.schools} ОО)", m.name) for m in others]
            items.append(("все ОО базы (весь регион одним районом)", "*"))
        self._filling = True
        try:
            _fill(self.district, items)
        finally:
            self._filling = False
        self.district.setVisible(bool(others))
        self.district_label.setVisible(bool(others))

    def _cascade(self, level: int) -> None:
        """Fill the combos below ``level`` from the slices that exist, keeping choices that still do."""
        if self._filling:
            return
        self._filling = True
        try:
            s = self._slices
            if level <= 0:
                _fill(self.year, [(str(y), y) for y in sorted({c.year for c in s}, reverse=True)])
            s = [c for c in s if c.year == self.year.currentData()]
            if level <= 1:
                procs = list(dict.fromkeys(c.procedure for c in s))
                labels = {c.procedure: c.procedure_label for c in s}
                _fill(self.procedure, [(labels[p], p) for p in procs])
            s = [c for c in s if c.procedure == self.procedure.currentData()]
            if level <= 2:
                _fill(self.grade, [(str(g), g) for g in sorted({c.grade for c in s})])
            s = [c for c in s if c.grade == self.grade.currentData()]
            if level <= 3:
                subjects = sorted({c.subject for c in s}, key=str.casefold)
                _fill(self.subject, [(subj, subj) for subj in subjects])
            s = [c for c in s if c.subject == self.subject.currentData()]
            if level <= 4:
                sessions = sorted({c.session for c in s})
                _fill(self.session, [(x or "без сессии", x) for x in sessions])
                self.session.setVisible(len(sessions) > 1)
                self.session_label.setVisible(len(sessions) > 1)
        finally:
            self._filling = False
        if level > 0:
            self.schedule()

    def document_dialog(self, kind: str) -> Any:
        """The document's parameters dialog, preset to the slice on screen."""
        from ..dialogs.generate_dialog import GenerateDialog

        dialog = GenerateDialog(self, self.ui, kind)
        choice = self.current_choice()
        if choice is not None:
            dialog.year.setValue(choice.year)
            if kind == "analytical-note":
                for combo, value in ((dialog.procedure, choice.procedure), (dialog.grade, choice.grade),
                                     (dialog.subject, choice.subject)):
                    index = combo.findData(value)
                    if index >= 0:
                        combo.setCurrentIndex(index)
        return dialog

    def make_document(self, kind: str) -> None:
        dialog = self.document_dialog(kind)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            dialog.start(self)

    def current_choice(self) -> SliceKey | None:
        from ...analytics.frame import SliceKey

        values = (self.year.currentData(), self.procedure.currentData(), self.grade.currentData(),
                  self.subject.currentData())
        if any(v is None for v in values):
            return None
        return SliceKey(*values, self.session.currentData() or "")

    def select_slice(self, year: int, procedure: str, grade: int, subject: str) -> None:
        """Choose a slice as a person would in the combos (procedure by label or code)."""
        from ...analytics.frame import parse_procedure, subject_key

        code = parse_procedure(procedure).value
        for combo, value in ((self.year, year), (self.procedure, code), (self.grade, grade)):
            index = combo.findData(value)
            if index < 0:
                raise UserError(f"В базе нет среза: {value}")
            combo.setCurrentIndex(index)
        index = next((i for i in range(self.subject.count())
                      if subject_key(self.subject.itemData(i)) == subject_key(subject)), -1)
        if index < 0:
            raise UserError(f"В базе нет предмета «{subject}» в этом срезе")
        self.subject.setCurrentIndex(index)

    # --- running -------------------------------------------------------------------------------

    def schedule(self) -> None:
        self._timer.start()

    def run_analysis(self) -> None:
        """Identify in the chosen slice in the background (a big district must not freeze the window)."""
        from ...analytics import AnalyticsError
        from ...analytics.slice_analysis import analyse_slice

        self._timer.stop()
        choice = self.current_choice()
        if choice is None:
            return
        settings = self.settings
        self._generation += 1
        generation = self._generation
        db = self.db
        municipality = self.district.currentData()
        self._remember_slice(choice, municipality)

        def work(progress: Any) -> SliceAnalysis:
            try:
                return analyse_slice(db, choice, settings, progress.report, municipality=municipality)
            except AnalyticsError as exc:
                raise UserError(str(exc)) from exc

        run_with_progress(self, self.ui.runner, "Выявление ШНОР…", work,
                          lambda result: self._analysis_done(generation, result),
                          error_title="Анализ не выполнен", cancellable=False)

    def _analysis_done(self, generation: int, analysis: SliceAnalysis) -> None:
        if generation != self._generation:
            return  # the person has chosen another slice meanwhile
        self.analysis = analysis
        self._shown_generation = generation
        ident = analysis.identification
        self._show_rule(ident)
        self._fill_indicator_combos(ident)
        self._fill_table()
        self._fill_groups(ident)
        self._fill_school_combo(ident)
        self._dirty = {TAB_BARS, TAB_DYNAMICS, TAB_QUADRANT}
        self._draw_current()

    def _show_rule(self, ident: Identification) -> None:
        from ...analytics.explain import slice_label
        from ...analytics.indicators import indicator

        levels = []
        region = ident.region
        for key, dv in ident.district.items():
            ind = indicator(key)
            note = f" ({dv.note})" if dv.note else ""
            text = f"{ind.name} {ind.format(dv.value) or 'нет данных'}{note}"
            if region is not None and region.value(key) is not None:
                text += f" ({region.label.split()[0]}: {ind.format(region.value(key))})"
            levels.append(text)
        where = f" — {ident.scope_label}" if ident.scope_label else ""
        region_note = (f"<br><span style='color:#555'>{region.label.capitalize()} — {region.source}"
                       f"{' (' + region.name + ')' if region.name else ''}.</span>" if region else "")
        self.rule_label.setText(
            f"<b>{slice_label(ident.key)}.</b> Районный уровень ({ident.mean_label}){where}: "
            f"{'; '.join(levels)}.{region_note}<br><span style='color:#555'>Правило: "
            f"{ident.settings.describe()}.</span>")
        risk, control, small = len(ident.risk_group), len(ident.control_group), len(ident.small_schools)
        small_text = (f" · мало участников (не отмечаются): {small}"
                      if ident.settings.min_participants > 1 else "")
        self.summary_label.setText(
            f"Школ в срезе: {len(ident.schools)} · "
            f"<span style='color:#a52a2a'><b>группа риска: {risk}</b></span>"
            f" · <span style='color:#8a6d00'><b>контрольная группа: {control}</b></span>{small_text}")

    def _fill_indicator_combos(self, ident: Identification) -> None:
        from ...analytics.charts import chart_indicator
        from ...analytics.indicators import indicator

        keys = list(ident.settings.indicators)
        self._filling = True
        try:
            _fill(self.table_indicator, [("по худшему из набора", WORST)]
                  + [(indicator(k).short, k) for k in keys])
            default = chart_indicator(ident).key
            _fill(self.bars_indicator, [(indicator(k).short, k) for k in keys], prefer=default)
            _fill(self.dynamics_indicator, [(indicator(k).short, k) for k in keys], prefer=default)
        finally:
            self._filling = False

    def _fill_table(self) -> None:
        if self.analysis is None or self._filling:
            return
        key = self.table_indicator.currentData() or WORST
        self.model.set_rows(_lines(self.analysis.identification, key))

    def _fill_groups(self, ident: Identification) -> None:
        from html import escape

        from ...analytics.explain import slice_label, stability_phrase

        def section(title: str, schools: list[SchoolResult], color: str, stability: bool) -> str:
            if not schools:
                return f"<h3 style='color:{color}'>{title}: нет</h3>"
            items = []
            for s in sorted(schools, key=lambda r: (r.worst.deviation if r.worst.deviation is not None
                                                    else 9.0, r.row.short_name)):
                extra = ""
                if stability and s.stability.data_years:
                    phrase = escape(stability_phrase(s.stability))
                    extra = f"<br><span style='color:#555'>Устойчивость: {phrase}</span>"
                items.append(f"<li><b>{escape(s.row.short_name)}</b> — {escape(_reason_tail(s))}{extra}</li>")
            return f"<h3 style='color:{color}'>{title} — {len(schools)}</h3><ol>{''.join(items)}</ol>"

        html = [f"<h2>{escape(slice_label(ident.key))}</h2>",
                f"<p style='color:#555'>Правило: {escape(ident.settings.describe())}.</p>",
                section("Группа риска", ident.risk_group, "#a52a2a", True),
                section("Контрольная группа", ident.control_group, "#8a6d00", False),
                *([section("Мало участников (не отмечаются по решению района)", ident.small_schools,
                           "#6c757d", False)] if ident.settings.min_participants > 1 else [])]
        self.groups.setHtml("".join(html))

    def _fill_school_combo(self, ident: Identification) -> None:
        current = self.dynamics_school.currentData()
        schools = sorted(ident.schools, key=lambda s: s.row.short_name.casefold())
        preferred = current if any(s.school_id == current for s in schools) else (
            ident.risk_group[0].school_id if ident.risk_group else None)
        self._filling = True
        try:
            _fill(self.dynamics_school, [(s.row.short_name, s.school_id) for s in schools], prefer=preferred)
        finally:
            self._filling = False

    # --- charts --------------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        chosen = self.table.selected_objects()
        if len(chosen) == 1:
            self.detail.setHtml(detail_html(chosen[0].result))
        elif chosen:
            self.detail.setPlainText(f"Выделено школ: {len(chosen)}. Полное объяснение показывается для "
                                     "одной выделенной школы.")
        else:
            self.detail.clear()
        if chosen and not self._filling:
            index = self.dynamics_school.findData(chosen[0].result.school_id)
            if index >= 0:
                self.dynamics_school.setCurrentIndex(index)
        self._dirty |= {TAB_BARS, TAB_QUADRANT}

    def _chart_changed(self, tab: int) -> None:
        if self._filling:
            return
        self._dirty.add(tab)
        if self.tabs.currentIndex() == tab:
            self._draw_current()

    def _tab_changed(self, _index: int) -> None:
        self._draw_current()

    def _draw_current(self) -> None:
        tab = self.tabs.currentIndex()
        if tab in self._dirty:
            self.draw_chart(tab)

    def selected_school_ids(self) -> list[int]:
        return [line.result.school_id for line in self.table.selected_objects()]

    def draw_chart(self, tab: int) -> None:
        """Draw one chart now (charts are drawn when their tab is shown)."""
        from ...analytics import charts

        analysis = self.analysis
        if analysis is None:
            return
        self._dirty.discard(tab)
        ident = analysis.identification
        marked = self.selected_school_ids()
        if tab == TAB_BARS:
            key = self.bars_indicator.currentData()
            self.bars.draw(lambda fig: charts.district_bars(ident, key, fig, highlight=marked))
        elif tab == TAB_DYNAMICS:
            school_id = self.dynamics_school.currentData()
            key = self.dynamics_indicator.currentData()
            if school_id is None or key is None:
                self.dynamics.show_message("Выберите школу.")
                return
            name = self.dynamics_school.currentText()
            points = analysis.series(school_id, key)
            self.dynamics.draw(lambda fig: charts.school_dynamics(points, key, name, ident.key,
                                                                  analysis.settings, fig))
        elif tab == TAB_QUADRANT:
            self._draw_quadrant(analysis, marked)

    def _draw_quadrant(self, analysis: SliceAnalysis, marked: list[int]) -> None:
        from ...analytics import charts
        from ...analytics.ior import Quadrant

        result = analysis.quadrant
        if result is None:
            self.quadrant.show_message(f"Квадрант не построен: {analysis.quadrant_note}")
            self.quadrant_text.setText("")
            return
        year = analysis.choice.year
        self.quadrant.draw(lambda fig: charts.quadrant_scatter(
            result, fig, highlight=marked, title=f"ИОР и социальный контекст, {year} г. (ВПР, ОГЭ, ЕГЭ)"))
        parts = []
        for q in (Quadrant.LOW_ADVERSE, Quadrant.LOW_ONLY, Quadrant.RESILIENT):
            members = result.members(q)
            names = ", ".join(p.short_name for p in members) or "нет"
            parts.append(f"<b>{q.label}</b> ({len(members)}): {names}")
        self.quadrant_text.setText("<br>".join(parts))

    # --- recording -----------------------------------------------------------------------------

    def record_selected(self) -> None:
        """Confirm the chosen schools (or the risk group) with their reasons, then write the statuses."""
        from ...analytics.status import reasons_from

        if self.analysis is None:
            return
        ident = self.analysis.identification
        chosen = self.selected_school_ids()
        ids = chosen or [s.school_id for s in ident.risk_group]
        if not ids:
            QMessageBox.information(self, "Записать как ШНОР", "В группе риска нет школ, а школы в таблице "
                                                               "не выделены: записывать нечего.")
            return
        reasons = reasons_from([ident], ids)
        names = {s.school_id: s.row.short_name for s in ident.schools}
        ordered = {sid: reasons[sid] for sid in ids if sid in reasons}
        dialog = RecordShnorDialog(self, ident.key.year, ordered, names, f"{ident.settings.describe()}")
        dialog.accepted.connect(lambda: self._confirm_overwrite(dialog.year.value(), dialog.reasons))
        self.record_dialog = dialog
        dialog.open()

    def _confirm_overwrite(self, year: int, reasons: dict[int, str]) -> None:
        """Schools that already have a ШНОР status for the year: ask before replacing, «Нет» by default."""
        from ...models.enums import SchoolStatusKind
        from ...registry.queries import schools_with_status

        with self.db.session() as session:
            existing = schools_with_status(session, year, SchoolStatusKind.SHNOR.value, list(reasons))
        if not existing:
            self._write_statuses(year, reasons)
            return
        n = len(existing)
        box = QMessageBox(QMessageBox.Icon.Question, "Записать как ШНОР",
                          f"У {n} {russian.plural(n, 'школы', 'школ', 'школ')} статус ШНОР за {year} год "
                          "уже записан. Их причины будут заменены новыми. Перезаписать?", parent=self)
        yes = box.addButton("Перезаписать", QMessageBox.ButtonRole.YesRole)
        no = box.addButton("Нет", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.finished.connect(lambda _r: self._write_statuses(year, reasons)
                             if box.clickedButton() is yes else None)
        self.overwrite_box = box
        box.open()

    def _write_statuses(self, year: int, reasons: dict[int, str]) -> None:
        from ...analytics import AnalyticsError
        from ...analytics.status import record_shnor

        try:
            summary = record_shnor(self.db, year, reasons)
        except AnalyticsError as exc:
            show_error(self, "Статусы не записаны", UserError(str(exc)))
            return
        except Exception as exc:
            show_error(self, "Статусы не записаны", exc)
            return
        self.last_record_message = record_message(summary.year, summary.created, summary.updated)
        self.summary_label.setText(self.summary_label.text() + f" · <b>{self.last_record_message}</b>")
        box = QMessageBox(QMessageBox.Icon.Information, "Записать как ШНОР", self.last_record_message,
                          parent=self)
        self.record_box = box
        box.open()
        window = getattr(self.ui, "window", None)
        if window is not None:
            window.refresh_all()  # the registry shows the new statuses
        else:
            self.schedule()


def record_message(year: int, created: int, updated: int) -> str:
    """«Записано: 3 ОО отмечены как ШНОР на 2026 год (новых — 2, обновлено — 1).»"""
    n = created + updated
    marked = russian.plural(n, "отмечена", "отмечены", "отмечены")
    parts = []
    if created:
        parts.append(f"новых — {created}")
    if updated:
        parts.append(f"причина обновлена — {updated}")
    tail = f" ({', '.join(parts)})" if parts else ""
    return (f"Записано: {n} ОО {marked} как ШНОР на {year} год{tail}. Статусы видны в разделе "
            "«Реестр ОО».")


def _fill(combo: QComboBox, items: list[tuple[str, Any]], prefer: Any = None) -> None:
    """Replace the items, keeping the current choice (or ``prefer``) when it is still there."""
    current = combo.currentData() if prefer is None else prefer
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else -1
    combo.setCurrentIndex(index if index >= 0 else (0 if items else -1))
    combo.blockSignals(False)

