"""«Риски и программы ОО»: risk profiles, the district heat map, anti-risk measures, school
programmes with their expert assessment, the factor list and the social-well-being index."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..page import Page
from ..risks.factors_tab import FactorsTab
from ..risks.heatmap_tab import HeatmapTab
from ..risks.measures_tab import MeasuresTab
from ..risks.profile_tab import ProfileTab
from ..risks.programmes_tab import ProgrammesTab
from ..risks.social_tab import SocialIndexTab

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)

TAB_PROFILES, TAB_HEATMAP, TAB_MEASURES, TAB_PROGRAMMES, TAB_FACTORS, TAB_SOCIAL = range(6)


class RisksPage(QWidget):
    def __init__(self, ui: Ui, *, today: Callable[[], dt.date] | None = None) -> None:
        super().__init__()
        self.ui = ui
        ctx = ui.ctx
        self.profiles = ProfileTab(ctx)
        self.heatmap = HeatmapTab(ctx)
        self.measures = MeasuresTab(ctx, today=today)
        self.programmes = ProgrammesTab(ctx)
        self.factors = FactorsTab(ctx)
        self.social = SocialIndexTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("risk_tabs")
        for widget, title in ((self.profiles, "Профили рисков"), (self.heatmap, "Тепловая карта"),
                              (self.measures, "Антирисковые меры"),
                              (self.programmes, "Программы и документы ОО"),
                              (self.factors, "Справочник факторов"),
                              (self.social, "Социальный индекс")):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self._stale: set[int] = set(range(self.tabs.count()))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.profiles.saved.connect(lambda: self._mark_stale(TAB_PROFILES))
        self.profiles.add_measure_requested.connect(self._add_measure_for)
        self.heatmap.open_profile.connect(self.open_profile)
        self.measures.changed.connect(lambda: self._mark_stale(TAB_MEASURES))
        self.programmes.changed.connect(lambda: self._mark_stale(TAB_PROGRAMMES))
        self.factors.changed.connect(lambda: self._mark_stale(TAB_FACTORS))
        self.social.changed.connect(lambda: self._mark_stale(TAB_SOCIAL))
        self.refresh()

    def _refresh_tab(self, index: int) -> None:
        tab = self._widget(index)
        if isinstance(tab, Page):  # every tab is one (a record table that reloads itself)
            tab.refresh()

    def _widget(self, index: int) -> QWidget:
        widget = self.tabs.widget(index)
        assert widget is not None, index
        return widget

    def _mark_stale(self, source: int) -> None:
        """After a change on one tab the others reload when next shown."""
        self._stale = set(range(self.tabs.count())) - {source}

    def _tab_shown(self, index: int) -> None:
        if index in self._stale:
            self._stale.discard(index)
            self._refresh_tab(index)

    def refresh(self) -> None:
        """Reload the visible tab now and the others when they are shown."""
        current = self.tabs.currentIndex()
        self._stale = set(range(self.tabs.count())) - {current}
        self._refresh_tab(current)

    def show_tab(self, index: int) -> QWidget:
        self.tabs.setCurrentIndex(index)
        if index in self._stale:
            self._tab_shown(index)
        return self._widget(index)

    def open_profile(self, school_id: int, year: int) -> None:
        self.show_tab(TAB_PROFILES)
        self.profiles.select(school_id, year)

    def _add_measure_for(self, school_id: int, year: int, factor_id: int) -> None:
        self.show_tab(TAB_MEASURES)
        self.measures.add_measure(school_id=school_id, year=year, factor_id=factor_id)
        self._stale.add(TAB_PROFILES)

    def show_record(self, kind: str, record_id: int) -> bool:
        """Select an anti-risk measure ("risk_measure"), for links from the start page."""
        if kind != "risk_measure":
            return False
        self.show_tab(TAB_MEASURES)
        return self.measures.show_record(record_id)
