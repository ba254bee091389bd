"""PySide6 6.12.0 on Python < 3.12 leaks a reference from None on every void call, then aborts."""

from __future__ import annotations

import sys


def test_void_qt_calls_keep_none_refcount(qapp):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(10_000):
        label.setText(str(i & 7))
    after = sys.getrefcount(None)
    # Immortal None (3.12+) reports a constant; on 3.11 a drop of ~10,000 means the bug.
    assert before - after < 100, (before, after)
