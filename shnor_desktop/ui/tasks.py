"""Background work on QThreadPool with progress, cancellation and errors on the UI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task when the user pressed «Отмена»."""


class Progress:
    """Handed to the task function: report(done, total, text) and check for cancel."""

    def __init__(self, signals: _Signals, cancel: threading.Event) -> None:
        self._signals = signals
        self._cancel = cancel

    def report(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self.fn(Progress(self.signals, self._cancel))
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # delivered to the UI thread, shown and logged there
            log.exception("background task failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Runs tasks in the background; keeps them alive until they finish."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(2)
        self._running: set[Task] = set()

    def start(
        self,
        fn: Callable[[Progress], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
    ) -> Task:
        task = Task(fn)
        if on_progress:
            task.signals.progress.connect(on_progress)
        task.signals.finished.connect(lambda r: self._finish(task, on_done, r))
        task.signals.failed.connect(lambda e: self._finish(task, on_error, e))
        task.signals.cancelled.connect(lambda: self._finish(task, on_cancel))
        self._running.add(task)
        self.pool.start(task)
        return task

    def _finish(self, task: Task, callback: Callable[..., None] | None, *args: Any) -> None:
        self._running.discard(task)
        if callback:
            callback(*args)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
