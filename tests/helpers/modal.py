"""Driving modal dialogs from widget tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget


def with_modal(action: Callable[[], object], handler: Callable[[QWidget], None]) -> QWidget:
    """Run ``action`` that opens a modal dialog; ``handler`` drives it (closing it if left open)."""
    seen: list[QWidget] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "no dialog opened"
        seen.append(dialog)
        try:
            handler(dialog)
        finally:
            if dialog.isVisible():
                dialog.done(0)  # closed as it is: no «Сохранить изменения?»

    QTimer.singleShot(0, drive)
    action()
    assert seen, "the dialog never opened"
    return seen[0]


def press_save(dialog: QWidget) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
