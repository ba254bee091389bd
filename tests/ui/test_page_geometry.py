"""Every page of the window on a 1366×768 laptop (1366×728 with the taskbar): no sideways scrolling,
no button or one-line label squeezed below the width its text needs."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea

from shnor_desktop.demo import load_demo
from shnor_desktop.ui.main_window import PAGES, MainWindow


@pytest.fixture
def window(ctx, qtbot):
    load_demo(ctx.db)
    win = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    yield win
    win.runner.wait(30_000)


def _squeezed(page) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for widget in page.findChildren(QAbstractButton) + page.findChildren(QLabel):
        if not widget.isVisibleTo(page) or not widget.text() or widget.width() <= 1:
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or "<" in widget.text()):
            continue
        need = widget.minimumSizeHint().width() if isinstance(widget, QAbstractButton) else \
            widget.fontMetrics().horizontalAdvance(widget.text().split("\n")[0])
        if widget.width() + 1 < need:
            found.append(f"{type(widget).__name__} «{widget.text()[:40]}»: {widget.width()} < {need}")
    return found


def test_every_page_fits_a_laptop_screen(window, qtbot):
    problems = []
    for spec in PAGES:
        page = window.show_page(spec.key)
        qtbot.wait(50)
        holder = page.parentWidget().parentWidget()
        assert isinstance(holder, QScrollArea)
        if holder.horizontalScrollBar().isVisible():
            problems.append(f"{spec.key}: scrolls sideways ({page.minimumSizeHint().width()} px wide)")
        problems += [f"{spec.key}: {p}" for p in _squeezed(page)]
    window.runner.wait(30_000)
    assert not problems, "\n".join(problems)
