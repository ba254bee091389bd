"""How the window and its pages know each other: typed, not by duck typing.

Every page is built as ``PageClass(ui)`` with a :class:`Ui` and satisfies :class:`Page`: it can
``refresh()`` itself from the database. The window announces changes through its signals
(``data_changed(area)``, ``status_message(text)``) instead of reaching into other pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..context import AppContext
    from .main_window import MainWindow
    from .tasks import TaskRunner


@runtime_checkable
class Page(Protocol):
    """A page of the window: shows data of one area and reloads it on ``refresh()``."""

    def refresh(self) -> None: ...


@dataclass
class Ui:
    """What every page gets: the application context, the background runner and the window."""

    ctx: AppContext
    runner: TaskRunner
    window: MainWindow


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str  # relative to shnor_desktop.ui.pages
    cls: str


# Only areas that work are listed; later work adds its pages here.
PAGES: list[PageSpec] = [
    PageSpec("start", "На контроле", "start", "StartPage"),
    PageSpec("registry", "Реестр ОО", "registry", "RegistryPage"),
    PageSpec("results", "Результаты", "results", "ResultsPage"),
    PageSpec("analysis", "Выявление ШНОР", "analysis", "AnalysisPage"),
    PageSpec("partnerships", "Сетевое взаимодействие", "partnerships", "PartnershipsPage"),
    PageSpec("visits", "Методические выезды", "visits", "VisitsPage"),
    PageSpec("mentoring", "Наставничество и кадры", "mentoring", "MentoringPage"),
    PageSpec("risks", "Риски и программы ОО", "risks", "RisksPage"),
    PageSpec("roadmap", "Дорожная карта", "roadmap", "RoadmapPage"),
    PageSpec("monitoring", "Мониторинг", "monitoring", "MonitoringPage"),
    PageSpec("documents", "Документы", "documents", "DocumentsPage"),
]
