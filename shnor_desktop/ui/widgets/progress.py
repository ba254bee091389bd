"""Run a function in the background behind a progress dialog with «Отмена»."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from ..errors import show_error
from ..tasks import Progress, Task, TaskRunner

log = logging.getLogger(__name__)


def run_with_progress(
    parent: QWidget,
    runner: TaskRunner,
    title: str,
    fn: Callable[[Progress], Any],
    on_done: Callable[[Any], None] | None = None,
    *,
    error_title: str = "Ошибка",
    cancellable: bool = True,
) -> Task:
    dialog = QProgressDialog(title, "Отмена" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle("ШНОР Desktop")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)

    # The dialog is a child of ``parent``: once it is gone, so is the page or window the work was
    # for (closed while the task ran), and a late progress, result or error is dropped.
    def progress(done: int, total: int, text: str) -> None:
        if not isValid(dialog):
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        if not isValid(dialog):
            return
        dialog.close()
        if on_done:
            on_done(result)

    def failed(exc: BaseException) -> None:
        if not isValid(dialog):
            log.info("%s (its window was closed meanwhile): %s", error_title, exc)
            return
        dialog.close()
        show_error(parent, error_title, exc)

    task = runner.start(fn, on_done=finished, on_error=failed, on_progress=progress,
                        on_cancel=lambda: _close(dialog))
    dialog.canceled.connect(task.cancel)
    dialog.show()
    return task


def _close(dialog: QProgressDialog) -> None:
    """Close the progress dialog unless its window is already gone."""
    if isValid(dialog):
        dialog.close()
