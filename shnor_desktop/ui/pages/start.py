"""«На контроле»: what needs attention today, each item opening the page it belongs to."""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...tracking.attention_items import Attention, AttentionItem
from ..errors import show_error
from ..page import PAGES
from ..palette import OVERDUE_TEXT
from ..table_models.records import Column, RecordTableModel
from ..widgets.record_table import RecordTable
from ..work import read

if TYPE_CHECKING:
    from ...store.database import Database
    from ..page import Ui

log = logging.getLogger(__name__)

WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
OVERDUE_FOREGROUND = OVERDUE_TEXT
CARD_STYLE = ("QPushButton {text-align: left; padding: 8px 10px; border: 1px solid #c9ced6;"
              " border-radius: 6px; background: #f7f8fa;}"
              " QPushButton:hover {background: #e9eef6;}")
ALERT_CARD_STYLE = CARD_STYLE.replace("#f7f8fa", "#fdecea").replace("#c9ced6", "#f0b8b4")

# (list attribute of Attention, card title, page key)
SECTIONS = (
    ("roadmap", "Просроченные мероприятия дорожной карты", "roadmap"),
    ("visits", "Методические выезды на этой неделе", "visits"),
    ("recommendations", "Рекомендации с истёкшим сроком", "visits"),
    ("agreements", "Договоры: истекают (60 дней) или истекли", "partnerships"),
    ("plan_items", "Просроченные пункты планов партнёрств", "partnerships"),
    ("risk_measures", "Просроченные антирисковые меры", "risks"),
)


def _page_keys() -> set[str]:
    return {p.key for p in PAGES}


class StartPage(QWidget):
    LOADS_ON_CREATION = True  # the constructor calls refresh(); the window need not again

    def __init__(self, ui: Ui, *, today: Callable[[], dt.date] | None = None,
                 kept: Attention | None = None) -> None:
        """``kept``: the copy kept from the last session (``tracking.start_summary``), shown while the
        database is still opening; the window calls refresh() once it is open."""
        super().__init__()
        self.ui = ui
        self.today = today or dt.date.today
        self.attention: Attention | None = None

        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold; font-size: 16px;")

        self.target_label = QLabel()
        self.target_label.setObjectName("target")
        self.target_label.setWordWrap(True)
        self.target_label.setTextFormat(Qt.TextFormat.RichText)
        self.target_label.linkActivated.connect(lambda _link: self.edit_target())
        self.target_button = QPushButton("Изменить цель…")
        self.target_button.clicked.connect(lambda: self.edit_target())
        self.monitoring_button = QPushButton("Мониторинг →")
        self.monitoring_button.clicked.connect(lambda: self.open_page("monitoring"))
        target_box = QFrame()
        target_box.setObjectName("targetBox")
        target_box.setStyleSheet("#targetBox {border: 1px solid #c9ced6; border-radius: 6px; "
                                 "background: #f3f7fc;}")
        target_layout = QHBoxLayout(target_box)
        caption = QLabel("ШНОР и цель\nпо их сокращению")
        caption.setStyleSheet("font-weight: bold;")
        target_layout.addWidget(caption)
        target_layout.addWidget(self.target_label, 1)
        target_layout.addWidget(self.target_button)
        target_layout.addWidget(self.monitoring_button)

        self.cards: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for index, (key, _title, page) in enumerate(SECTIONS):
            button = QPushButton()
            button.setObjectName(f"card_{key}")
            button.setMinimumHeight(54)
            button.setToolTip(f"Открыть раздел «{self._page_title(page)}»")
            button.clicked.connect(lambda _c=False, k=key: self.open_section(k))
            self.cards[key] = button
            grid.addWidget(button, index // 3, index % 3)

        self.model = RecordTableModel([
            Column("Раздел", lambda i: i.kind_label, width=190),
            Column("Что", lambda i: i.what, width=420, tooltip=lambda i: i.what),
            Column("Срок / дата", lambda i: i.when, width=95),
            Column("Просрочено, дн.", lambda i: i.days_overdue or None, align_right=True, width=105),
            Column("Ответственные", lambda i: i.responsible or None, width=200,
                   tooltip=lambda i: i.responsible),
            Column("Примечание", lambda i: i.detail or None, tooltip=lambda i: i.detail),
        ], row_foreground=lambda i: OVERDUE_FOREGROUND if i.days_overdue > 0 else None)
        self.table = RecordTable(self.model, export_name="На контроле")
        self.table.view.setObjectName("attention")
        self.table.activated.connect(self.open_item)
        self.empty = QLabel("Сегодня ничего не просрочено и выездов на этой неделе нет.")
        self.empty.setStyleSheet("color: #2e6b30;")
        hint = QLabel("Двойной щелчок по строке или по карточке открывает нужный раздел. "
                      "Красным — то, срок чего уже прошёл.")
        hint.setStyleSheet("color: #666;")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(target_box)
        layout.addLayout(grid)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        if kept is not None:
            self.show_attention(kept)
        else:
            self.refresh()

    @property
    def db(self) -> Database:
        return self.ui.ctx.db

    @staticmethod
    def _page_title(key: str) -> str:
        return next((p.title for p in PAGES if p.key == key), key)

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        today = self.today()
        self._show_heading(today)
        # imported here, not at the top: the kept copy of this page is shown before the database
        # layer loads (start-up time, see tracking.start_summary)
        from ...tracking.attention import attention_today

        with read(self, self.db, "Список «На контроле» не загружен") as work:
            attention = attention_today(work.session, today)
        if work.failed:
            return
        self.show_attention(attention)

    def _show_heading(self, today: dt.date) -> None:
        weekday = WEEKDAYS[today.weekday()]
        self.heading.setText(f"На контроле сегодня — {russian.date_short(today)}, {weekday}")

    def show_attention(self, a: Attention) -> None:
        self.attention = a
        self._show_heading(a.today)
        assert a.target is not None
        if a.target.target is None:
            self.target_label.setText(f"{html.escape(a.target.text())} <a href='target'>Задать…</a>")
            self.target_button.setText("Задать цель…")
        else:
            self.target_label.setText(html.escape(a.target.text()))
            self.target_button.setText("Изменить цель…")
        self.target_label.setStyleSheet("" if a.target.reached is not False else "color: #9b1c1c;")
        pages = _page_keys()
        for key, title, page in SECTIONS:
            items = getattr(a, key)
            button = self.cards[key]
            button.setText(f"{title}\n{len(items)}")
            late = any(i.days_overdue > 0 for i in items)
            button.setStyleSheet(ALERT_CARD_STYLE if late else CARD_STYLE)
            button.setEnabled(page in pages)
        self.monitoring_button.setEnabled("monitoring" in pages)
        items = a.all_items()
        self.model.set_rows(items)
        self.empty.setVisible(not items)

    def card_count(self, key: str) -> int:
        return len(getattr(self.attention, key)) if self.attention else 0

    # --- navigation -------------------------------------------------------------------------------

    def open_page(self, key: str) -> QWidget | None:
        if self.ui.ctx is None:  # the kept copy is on screen and the database is still opening
            return None
        if key not in _page_keys():
            log.warning("page %s is not available", key)
            return None
        try:
            return self.ui.window.show_page(key)
        except Exception as exc:
            show_error(self, "Раздел не открыт", exc)
            return None

    def open_section(self, key: str) -> QWidget | None:
        page_key = next(p for k, _t, p in SECTIONS if k == key)
        page = self.open_page(page_key)
        if key == "roadmap" and page is not None and hasattr(page, "show_overdue"):
            page.show_overdue()
        return page

    def open_item(self, item: AttentionItem) -> QWidget | None:
        page = self.open_page(item.page)
        if page is None:
            return None
        select = {"roadmap": "select_item", "agreement": "select_partnership",
                  "plan_item": None}.get(item.kind)
        if select and hasattr(page, select):
            getattr(page, select)(item.record_id)
        return page

    # --- the target -------------------------------------------------------------------------------

    def make_target_dialog(self) -> QDialog:
        # start-up: the dialog's module needs the database layer; this page is shown before it loads
        from ..dialogs.shnor_target_dialog import ShnorTargetDialog

        return ShnorTargetDialog(self, self.db)

    def edit_target(self) -> bool:
        if self.ui.ctx is None:  # the kept copy is on screen and the database is still opening
            return False
        dialog = self.make_target_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.refresh()
        return True
