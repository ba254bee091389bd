"""What the risk tabs share: level colours, year boxes, hints, the message of a refused form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QMessageBox, QSpinBox, QWidget

from ...models.risks import RiskLevel
from ...validation import ValidationError
from ..errors import show_error
from ..palette import DONE_TEXT, MUTED_TEXT, OVERDUE_TEXT
from ..palette import OVERDUE_BACKGROUND as OVERDUE_BACKGROUND  # shared by the risk tabs

FIRST_YEAR = 2015
LEVEL_COLORS: dict[str | None, QColor] = {
    RiskLevel.HIGH.value: QColor("#f4a7a3"),
    RiskLevel.MEDIUM.value: QColor("#ffd08a"),
    RiskLevel.LOW.value: QColor("#fff1a8"),
    RiskLevel.NONE.value: QColor("#c9e7c4"),
    None: QColor("#eeeeee"),
}
OVERDUE_FOREGROUND = OVERDUE_TEXT
FLAG_FOREGROUND = OVERDUE_TEXT
CLOSED_FOREGROUND = MUTED_TEXT
RISE_FOREGROUND = OVERDUE_TEXT
FALL_FOREGROUND = DONE_TEXT


def year_box(value: int | None = None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(FIRST_YEAR, dt.date.today().year + 2)
    box.setValue(value or dt.date.today().year)
    box.setMinimumWidth(80)
    box.setKeyboardTracking(False)
    return box


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, object]], keep: object = None) -> None:
    """Replace the items, keeping the current data when it is still there."""
    current = combo.currentData() if keep is None else keep
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def show_invalid(parent: QWidget | None, title: str, exc: ValidationError) -> None:
    QMessageBox.warning(parent, title, "Не сохранено. Исправьте:\n" +
                        "\n".join(f"• {m}" for m in exc.messages))


def show_refusal(parent: QWidget | None, title: str, exc: Exception) -> None:
    """A refused input as the risk forms list it (:func:`show_invalid`); anything else as every
    failure is shown (``show_error``). The ``report`` of the risk tabs' saves (``ui.work.change``)."""
    if isinstance(exc, ValidationError):
        show_invalid(parent, title, exc)
    else:
        show_error(parent, title, exc)
