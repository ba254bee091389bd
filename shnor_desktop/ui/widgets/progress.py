"""Run a function in the background behind a progress dialog with «Отмена»."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..errors import show_error
from ..tasks import Progress, Task, TaskRunner


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

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        dialog.close()
        if on_done:
            on_done(result)

    def failed(exc: BaseException) -> None:
        dialog.close()
        show_error(parent, error_title, exc)

    task = runner.start(fn, on_done=finished, on_error=failed, on_progress=progress,
                        on_cancel=dialog.close)
    dialog.canceled.connect(task.cancel)
    dialog.show()
    return task
