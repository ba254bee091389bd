"""«Социальный индекс»: the weights of the social-well-being index (shown, editable, kept in the
settings) and the index of every school with the score of each component."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...registry.queries import latest_context_year
from ...risks import social_index as svc
from ..table_models.records import Column, RecordTableModel
from ..widgets.forms import run_dialog
from ..widgets.labels import bold, hint
from ..widgets.record_table import RecordTable
from ..work import change, read
from .common import show_refusal, year_box
from .dialogs import SocialDataDialog

if TYPE_CHECKING:
    from ...context import AppContext

log = logging.getLogger(__name__)



def _component_score(key: str, row: Any) -> float | None:
    score: float | None = row.scores.get(key)
    return score


def _same_text(text: str, _row: Any) -> str:
    return text


def _score(value: float | None) -> str:
    return "" if value is None else russian.number(value, 2)


class SocialIndexTab(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.weights: dict[str, QDoubleSpinBox] = {}

        weights_box = QWidget()
        form = QVBoxLayout(weights_box)
        form.addWidget(bold("Составляющие индекса и их веса"))
        russian_locale = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
        for n, c in enumerate(svc.COMPONENTS, start=1):
            spin = QDoubleSpinBox()
            spin.setObjectName(f"weight_{c.key}")
            spin.setLocale(russian_locale)
            spin.setRange(0, svc.MAX_WEIGHT)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setFixedWidth(80)
            spin.setToolTip(f"по умолчанию {russian.number(c.default_weight, 1)}")
            spin.valueChanged.connect(self._weights_edited)
            self.weights[c.key] = spin
            caption = QLabel(f"С{n}. {c.label}")
            caption.setWordWrap(True)
            caption.setStyleSheet("font-weight: bold;")
            row = QHBoxLayout()
            row.addWidget(caption, 1)
            row.addWidget(QLabel("вес:"))
            row.addWidget(spin)
            form.addSpacing(4)
            form.addLayout(row)
            form.addWidget(hint(f"{c.rule}. По умолчанию вес {russian.number(c.default_weight, 1)}."))
        self.save_button = QPushButton("Сохранить веса")
        self.save_button.clicked.connect(self.save_weights)
        self.reset_button = QPushButton("Веса по умолчанию")
        self.reset_button.clicked.connect(self.reset_weights)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        form.addSpacing(8)
        form.addLayout(buttons)
        form.addWidget(hint("Индекс = Σ вес × балл / Σ весов по составляющим, на которые у школы есть "
                         "ответы; от 0 до 1, чем больше — тем благополучнее условия. «Полнота» — "
                         "доля суммы весов, на которую есть ответы."))
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(weights_box)
        scroll.setMinimumWidth(360)

        self.year = year_box()
        self.year.setMaximumWidth(90)
        self.year.valueChanged.connect(self.load)
        self.data_button = QPushButton("Данные школы…")
        self.data_button.setToolTip("Ввести условия школы из её социального паспорта (за выбранный год)")
        self.data_button.clicked.connect(lambda: self.edit_school_data())
        top = QHBoxLayout()
        top.addWidget(QLabel("Год:"))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.data_button)
        columns = [
            Column("ОО", lambda i: i.name, width=190),
            Column("Статус", lambda i: i.statuses or None, width=95),
            Column("Данные за", lambda i: i.context_year, display=lambda v: "" if v is None else str(v),
                   width=75, tooltip=lambda i: "; ".join(i.sources)),
            Column("Индекс", lambda i: i.index, display=_score, align_right=True, width=65),
            Column("Полнота", lambda i: i.coverage if i.index is not None else None,
                   display=lambda v: "" if v is None else russian.percent(v, 0), align_right=True,
                   width=70),
        ]
        for n, c in enumerate(svc.COMPONENTS, start=1):
            columns.append(Column(f"С{n}", partial(_component_score, c.key), display=_score,
                                  align_right=True, width=48, tooltip=partial(_same_text, c.label)))
        self.model = RecordTableModel(columns)
        self.table = RecordTable(self.model, export_name="Индекс социального благополучия")
        self.table.view.setObjectName("social")
        self.table.activated.connect(lambda i: self.edit_school_data(i))
        self.table.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        legend = "; ".join(f"С{n} — {c.label}" for n, c in enumerate(svc.COMPONENTS, start=1))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(hint(legend + ". Баллы составляющих — от 0 (неблагоприятно) до 1. "
                                    "Пустой балл — нет ответа в анкете. Если за год анкеты нет, "
                                    "берётся ближайший предыдущий год (или следующий)."))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._saved: dict[str, float] = {}
        self._initialised = False

    # --- weights ---------------------------------------------------------------------------------

    def weight_values(self) -> dict[str, float]:
        return {key: spin.value() for key, spin in self.weights.items()}

    def _show_weights(self, weights: dict[str, float]) -> None:
        for key, spin in self.weights.items():
            spin.blockSignals(True)
            spin.setValue(weights[key])
            spin.blockSignals(False)
        self._saved = dict(weights)
        self._weights_edited()

    def _weights_edited(self) -> None:
        dirty = self.weight_values() != self._saved
        self.save_button.setEnabled(dirty)
        self.reset_button.setEnabled(self.weight_values() != svc.DEFAULT_WEIGHTS)

    def save_weights(self) -> bool:
        with change(self, self.db, "Веса не сохранены", report=show_refusal) as work:
            saved = svc.save_weights(work.session, self.weight_values())
        if work.failed:
            return False
        self._show_weights(saved)
        self.load()
        self.changed.emit()
        return True

    def reset_weights(self) -> None:
        with change(self, self.db, "Веса не изменены") as work:
            weights = svc.reset_weights(work.session)
        if work.failed:
            return
        self._show_weights(weights)
        self.load()
        self.changed.emit()

    # --- the index -------------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._initialised:
            with read(self, self.db, "Социальный индекс не рассчитан") as work:
                latest = latest_context_year(work.session)
            if work.failed:
                return
            if latest:
                self.year.blockSignals(True)
                self.year.setValue(latest)
                self.year.blockSignals(False)
            self._initialised = True
        self.load()

    def load(self) -> None:
        keep = self.table.current_object()
        with read(self, self.db, "Социальный индекс не рассчитан") as work:
            weights = svc.load_weights(work.session)
            rows = svc.social_indices(work.session, self.year.value(), weights=weights)
        if work.failed:
            return
        if self.weight_values() == self._saved or not self._saved:
            self._show_weights(weights)
        self.model.set_rows(rows)
        if keep is not None:
            self.table.select_where(lambda i: i.school_id == keep.school_id)

    def index_of(self, school_id: int) -> float | None:
        row = next((i for i in self.model.all_objects() if i.school_id == school_id), None)
        return None if row is None else row.index

    def edit_school_data(self, row: Any = None) -> None:
        row = row or self.table.current_object()
        if row is None:
            QMessageBox.information(self, "Данные школы", "Выберите школу в таблице.")
            return
        dialog = SocialDataDialog(self, self.db, row.school_id, self.year.value(), row.name)
        run_dialog(dialog, self._after_data)

    def _after_data(self) -> None:
        self.load()
        self.changed.emit()
