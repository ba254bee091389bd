"""The school card's read-only «Профиль рисков» tab: the profile of a chosen year, compared
with the year before, and the risks without measures."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...risks import profiles as svc
from ..widgets.labels import bold, hint
from ..widgets.record_table import RecordTable
from ..work import read
from .profile_tab import NUMBER, SOURCE, ProfileModel

if TYPE_CHECKING:
    from ...context import AppContext

log = logging.getLogger(__name__)


class RiskProfileSection(QWidget):
    def __init__(self, ctx: AppContext, school_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = ctx.db
        self.school_id = school_id
        self.year = QComboBox()
        self.year.setMinimumWidth(100)
        self.year.currentIndexChanged.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(QLabel("Год профиля:"))
        top.addWidget(self.year)
        top.addStretch(1)
        self.empty = QLabel("Профиль рисков школы не заполнен. Его заполняют на странице "
                            "«Риски и программы ОО», вкладка «Профили рисков».")
        self.empty.setWordWrap(True)
        self.summary = bold()
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.model = ProfileModel(0)
        self.model.EDITABLE = ()  # read-only here
        self.table = RecordTable(self.model, export_name="Профиль рисков")
        self.table.view.setObjectName("card_profile")
        self.table.search.hide()
        self.table.count_label.hide()
        self.table.view.verticalHeader().hide()
        for column in (NUMBER, SOURCE):  # narrow card: the source is on the page and in the tooltip
            self.table.view.setColumnHidden(column, True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.summary)
        layout.addWidget(self.comparison)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint("Только просмотр. «Риск без мер» — высокий или средний риск без "
                              "антирисковых мер."))
        self.reload_years()

    def reload_years(self) -> None:
        with read(self, self.db, "Профиль рисков не загружен") as work:
            years = svc.profile_years(work.session, self.school_id)
        if work.failed:
            years = []
        self.year.blockSignals(True)
        self.year.clear()
        for year in years:
            self.year.addItem(str(year), year)
        self.year.blockSignals(False)
        has = bool(years)
        self.empty.setVisible(not has)
        for widget in (self.summary, self.comparison, self.table, self.year):
            widget.setVisible(has)
        self.load()

    def load(self) -> None:
        year = self.year.currentData()
        if year is None:
            self.model.set_rows([])
            return
        with read(self, self.db, "Профиль рисков не загружен") as work:
            profile = svc.load_profile(work.session, self.school_id, year)
        if work.failed:
            return
        self.model.set_previous_year(year - 1)
        self.model.set_rows([e for e in profile.entries if e.level is not None or e.previous_level])
        high = sum(1 for e in profile.entries if e.level == "high")
        medium = sum(1 for e in profile.entries if e.level == "medium")
        uncovered = len(profile.without_measures)
        self.summary.setText(f"{year} г.: высоких рисков — {high}, средних — {medium}"
                             + (f", без мер — {uncovered}." if uncovered else "."))
        self.comparison.setText(profile.comparison.text())
