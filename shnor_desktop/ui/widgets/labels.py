"""Small labels the pages share: a grey hint, a bold heading, the Russian name of a stored value."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel


def hint(text: str) -> QLabel:
    """A grey explanatory line that wraps."""
    label = QLabel(text)
    label.setStyleSheet("color: #666;")
    label.setWordWrap(True)
    return label


def bold(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    label.setWordWrap(True)
    return label


def label_of(vocabulary: Any, value: str | None) -> str:
    """The Russian label of ``value`` in a LabelledEnum; an unknown value as it is stored."""
    try:
        return str(vocabulary(value).label)
    except ValueError:
        return value or ""
