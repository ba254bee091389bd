"""Typing into real widgets like a keyboard does, Cyrillic included.

QTest.keyClicks (and qtbot.keyClicks) abort the process on non-ASCII characters (an assertion
in qasciikey.cpp), so letters outside ASCII are sent as key events carrying their text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def type_text(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)
