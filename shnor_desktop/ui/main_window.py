"""The main window: navigation on the left, one page per area of the work."""

# Imports inside functions: the frame is on screen before the database layer loads (pages,
# the file menu's actions and the demo district load when first used).

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..errors import READ_ONLY_ADVICE
from .confirm import ask
from .page import PAGES, Page, PageSpec, Ui
from .tasks import TaskRunner

if TYPE_CHECKING:  # the database layer loads after the window is on screen
    from pathlib import Path

    from ..context import AppContext
    from ..tracking.attention_items import Attention

log = logging.getLogger(__name__)

# PAGES, PageSpec and Ui live in ui/page.py; named here too for the callers that import them from the window
__all__ = ["PAGES", "MainWindow", "PageSpec", "Ui", "remembered_page", "window_settings"]


READ_ONLY_STYLE = "QLabel#readOnlyBanner { background: #fff4ce; color: #4a3b00; padding: 8px 12px; }"

NAV_STYLE = """
QListWidget#navigation {
    background: #24364f; color: #e8eef6; border: none; font-size: 11pt; padding-top: 8px;
}
QListWidget#navigation::item { padding: 9px 14px; border-left: 4px solid transparent; }
QListWidget#navigation::item:hover { background: #2f4665; }
QListWidget#navigation { outline: 0; }
QListWidget#navigation::item:selected {
    background: #3d5f8a; color: #ffffff; border-left: 4px solid #f0a04b; font-weight: bold;
}
"""


class MainWindow(QMainWindow):
    """Built in two steps so it can appear before the database layer has loaded:
    ``MainWindow(None)`` shows the frame, ``attach(ctx)`` brings the pages to life.

    ``data_changed(area)`` asks the window to reload the page of ``area`` (a key of :data:`PAGES`;
    "" for every page built so far); ``status_message(text)`` shows a line in the status bar.
    """

    data_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, ctx: AppContext | None, *, offer_demo: bool = True) -> None:
        super().__init__()
        self.ctx: AppContext = None  # type: ignore[assignment]
        self.runner = TaskRunner(self)
        self.ui: Ui = None  # type: ignore[assignment]
        self.setWindowTitle("ШНОР Desktop — работа со школами с низкими образовательными результатами")
        self._fit_to_screen()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(240)
        self.nav.setStyleSheet(NAV_STYLE)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setWordWrap(True)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        for spec in PAGES:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            placeholder = QLabel("Загрузка…")
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self._show_row)

        # shown over the pages when the database is opened read-only (store.database.open_database)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_banner.setStyleSheet(READ_ONLY_STYLE)
        self.read_only_banner.hide()
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.stack, 1)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Открывается база данных…")
        self._build_menu()  # now, so the page does not move down when the database is attached
        self.menuBar().setEnabled(False)  # its actions need the database
        self._settings: QSettings | None = None
        self.data_changed.connect(self._on_data_changed)
        self.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        if ctx is not None:
            self.attach(ctx, offer_demo=offer_demo)

    def _fit_to_screen(self) -> None:
        """1280×800 where the screen allows, never taller or wider than the free area of the screen
        (a 1366×768 laptop with a taskbar); the first start is maximised (``__main__``)."""
        screen = self.screen()
        free = screen.availableGeometry() if screen is not None else None
        width, height = 1280, 800
        if free is not None and free.width() > 0:
            width, height = min(width, free.width() - 20), min(height, free.height() - 40)
        self.resize(width, height)

    def _build_menu(self) -> None:
        from . import backup_actions

        menu = self.menuBar().addMenu("Файл")
        self.backup_action = menu.addAction("Создать резервную копию",
                                            lambda: backup_actions.make_backup(self, self.ctx))
        self.restore_action = menu.addAction(
            "Восстановить из копии…",
            lambda: backup_actions.restore_backup(self, self.ctx, on_done=self.refresh_all))
        menu.addSeparator()
        menu.addAction("Открыть папку данных", lambda: backup_actions.open_data_folder(self.ctx))
        menu.addAction("Загрузить демонстрационный район…", self._offer_demo_menu)
        menu.addSeparator()
        menu.addAction("Выход", self.close)
        help_menu = self.menuBar().addMenu("Помощь")  # «Справка» is a document here (a visit report)
        help_menu.addAction("О программе", self._about)

    def _offer_demo_menu(self) -> None:
        if not self._database_is_empty():
            QMessageBox.information(
                self, "Демонстрационный район",
                "В базе уже есть школы. Демонстрационный район загружается только в пустую базу: "
                "запустите программу с отдельной папкой данных (параметр --data-dir) "
                "или командой «shnor --data-dir ПАПКА demo».")
            return
        self.load_demo()

    def _about(self) -> None:
        from .. import __version__

        QMessageBox.about(
            self, "О программе",
            f"<b>ШНОР Desktop</b> {__version__}<br><br>Рабочее место методиста по работе со школами "
            "с низкими образовательными результатами (ШНОР) и школами, функционирующими в "
            f"неблагоприятных социальных условиях (ШНСУ).<br><br>Папка данных: {self.ctx.paths.data_dir}")

    def attach(self, ctx: AppContext, *, offer_demo: bool = True) -> None:
        """Connect the opened database; restore the window state and show the last page."""
        self.ctx = ctx
        self.menuBar().setEnabled(True)
        if self.ui is None:
            self.ui = Ui(ctx, self.runner, self)
        else:  # pages built from the kept copy (show_kept_start) hold this Ui: they get the context too
            self.ui.ctx = ctx
        self.statusBar().showMessage(self._status_text())
        self._show_read_only(ctx)
        self._settings = window_settings(ctx.paths.data_dir)
        from .file_dialogs import remember_in

        remember_in(self._settings)
        self._restore_state()
        if offer_demo and not ctx.db.read_only:
            QTimer.singleShot(0, self._offer_demo_if_empty)

    def _show_read_only(self, ctx: AppContext) -> None:
        reason = ctx.db.read_only_reason
        if reason is None:
            self.read_only_banner.hide()
            return
        self.read_only_banner.setText(
            f"База открыта только для чтения: {reason}. Данные можно просматривать и выгружать, "
            f"изменения не сохраняются. {READ_ONLY_ADVICE}")
        self.read_only_banner.show()

    def show_kept_start(self, kept: Attention) -> None:
        """The start page from the copy kept by the last session (``tracking.start_summary``), on
        screen while the database layer loads; ``attach()`` then reloads it from the database."""
        from .pages.start import StartPage

        # the context arrives with attach(), which fills it into this same Ui
        self.ui = Ui(None, self.runner, self)  # type: ignore[arg-type]
        self._install_page(0, StartPage(self.ui, kept=kept))
        self.nav.blockSignals(True)  # the row is shown here; _show_row waits for the database
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.stack.setCurrentIndex(0)

    def restore_geometry(self, data_dir: Path) -> None:
        """The size and place the user left the window in, before it is first shown."""
        geometry = window_settings(data_dir).value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    # --- pages ----------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page widget for ``key``, created on first use."""
        if key not in self._pages:
            index = next(i for i, s in enumerate(PAGES) if s.key == key)
            spec = PAGES[index]
            module = importlib.import_module(f".pages.{spec.module}", __package__)
            self._install_page(index, getattr(module, spec.cls)(self.ui))
        return self._pages[key]

    def _install_page(self, index: int, widget: QWidget) -> None:
        # a page wider than a small laptop screen scrolls instead of widening the window
        holder = QScrollArea()
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setWidget(widget)
        old = self.stack.widget(index)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.insertWidget(index, holder)
        self._pages[PAGES[index].key] = widget

    def current_page(self) -> QWidget | None:
        """The page on screen (the stack holds each page inside its scroll area)."""
        holder = self.stack.currentWidget()
        return holder.widget() if isinstance(holder, QScrollArea) else None

    def show_page(self, key: str) -> QWidget:
        index = next(i for i, s in enumerate(PAGES) if s.key == key)
        self.nav.setCurrentRow(index)
        return self.page(key)

    def _show_row(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        existed = PAGES[row].key in self._pages
        widget = self.page(PAGES[row].key)
        self.stack.setCurrentIndex(row)
        # a page that loads its data in its constructor says so (LOADS_ON_CREATION): no second load
        if isinstance(widget, Page) and (existed or not getattr(widget, "LOADS_ON_CREATION", False)):
            widget.refresh()

    def loaded_page(self, key: str) -> QWidget | None:
        """The page of ``key`` if it has been built (pages are built on first visit)."""
        return self._pages.get(key)

    def _on_data_changed(self, area: str) -> None:
        if not area:
            self.refresh_all()
            return
        widget = self._pages.get(area)
        if isinstance(widget, Page):
            widget.refresh()

    def refresh_all(self) -> None:
        for widget in self._pages.values():
            if isinstance(widget, Page):
                widget.refresh()
        self.statusBar().showMessage(self._status_text())

    def _status_text(self) -> str:
        db = self.ctx.db
        where = str(db.sqlite_file) if db.sqlite_file else "общий сервер PostgreSQL"
        return f"База данных: {where}" + (" (только для чтения)" if db.read_only else "")

    # --- first start -------------------------------------------------------------------------

    def _database_is_empty(self) -> bool:
        from ..registry.queries import school_count

        with self.ctx.db.session() as session:
            return school_count(session) == 0

    def _offer_demo_if_empty(self) -> None:
        if not self._database_is_empty():
            return
        if ask(self, "Первый запуск",
               "База данных пуста.\n\nЗагрузить демонстрационный район (вымышленные школы, "
               "результаты за три года, партнёрства, выезды), чтобы сразу попробовать все разделы?\n\n"
               "Для работы с реальным районом нажмите «Нет» — база останется пустой."):
            self.load_demo()

    def load_demo(self) -> None:
        from ..demo import load_demo
        from .widgets.progress import run_with_progress

        run_with_progress(
            self, self.runner, "Создаётся демонстрационный район…",
            lambda progress: load_demo(self.ctx.db, progress=progress.report),
            on_done=lambda _counts: self.refresh_all(),
            error_title="Демо-район не загружен",
        )

    # --- state ------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        assert self._settings is not None
        geometry = self._settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        target = remembered_page(self._settings)
        if self.nav.currentRow() == target:
            self._show_row(target)  # already current (focus picked it before attach): show it now
        else:
            self.nav.setCurrentRow(target)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._settings is not None:
            self._settings.setValue("geometry", self.saveGeometry())
            self._settings.setValue("page", self.nav.currentRow())
            self._settings.sync()
        self.runner.wait(10_000)
        super().closeEvent(event)


def window_settings(data_dir: Path) -> QSettings:
    """window.ini in the data folder: the window's size and place, its last page, the folders of the
    file dialogs."""
    return QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)


def remembered_page(settings: QSettings) -> int:
    """The row of the page the window was left on (text in window.ini; anything unreadable is the
    first page)."""
    try:
        row = int(str(settings.value("page", 0) or 0))
    except ValueError:
        row = 0
    return min(max(row, 0), len(PAGES) - 1)
