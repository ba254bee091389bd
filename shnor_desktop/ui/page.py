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
