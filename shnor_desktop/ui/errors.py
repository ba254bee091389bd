"""One place where exceptions become messages for the user (and details for the log)."""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger(__name__)


class UserError(Exception):
    """An expected problem with a Russian explanation (validation, a refused file)."""


def user_message(exc: BaseException) -> str:
    """The Russian text the user sees for an exception."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm.exc import StaleDataError

    from ..io.problems import ImportRejected
    from ..store.database import READ_ONLY_ADVICE, DatabaseError
    from ..tracking.validation import ValidationError

    if isinstance(exc, ImportRejected):
        lines = [str(p) for p in exc.problems[:30]]
        more = len(exc.problems) - 30
        if more > 0:
            lines.append(f"… и ещё {more}")
        return "Файл не загружен, база не изменена.\n\n" + "\n".join(lines)
    if isinstance(exc, (UserError, DatabaseError, ValidationError)):
        return str(exc)
    if isinstance(exc, StaleDataError):
        return ("Запись уже изменил другой пользователь. Обновите данные и повторите изменение.")
    if isinstance(exc, (OperationalError, sqlite3.OperationalError)):
        # store.database.Database.transaction() names the file or folder; this is for the rest
        text = str(exc.orig) if isinstance(exc, OperationalError) and exc.orig else str(exc)
        if "locked" in text:
            return "База данных занята другим процессом. Повторите через несколько секунд."
        if "readonly" in text or "read-only" in text:
            return f"База данных доступна только для чтения: изменения не сохранены. {READ_ONLY_ADVICE}"
        if "disk" in text or "full" in text:
            return "Недостаточно места на диске: изменения не сохранены. Освободите место и повторите."
        return f"Ошибка базы данных: {text}"
    if isinstance(exc, PermissionError):
        return f"Нет доступа к файлу: {exc.filename}"
    if isinstance(exc, OSError):
        return f"Ошибка файловой системы: {exc.strerror or exc}"
    return f"Непредвиденная ошибка: {exc}. Подробности записаны в журнал программы."


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """The one way a failed action reaches the user: a refused input (a ValidationError, e.g. the
    record was deleted meanwhile) as a plain warning with its messages; anything else as an error
    message, logged with its details."""
    from ..tracking.validation import ValidationError

    if isinstance(exc, ValidationError):
        log.info("%s: %s", title, exc.errors)
        QMessageBox.warning(parent, title, user_message(exc))
        return
    log.error("%s: %s", title, exc, exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(parent, title, user_message(exc))


def show_fatal(title: str, text: str, *, smoke: bool = False) -> None:
    log.error("%s: %s", title, text)
    if sys.stderr is not None:  # a windowed program on Windows has no stderr
        sys.stderr.write(f"{title}: {text}\n")
    if not smoke and QApplication.instance() is not None:
        QMessageBox.critical(None, title, text)


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.critical("unhandled exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    if QApplication.instance() is not None:
        QMessageBox.critical(None, "Ошибка", user_message(exc))


def _smoke_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """In a --smoke run nobody is there to close a dialog: log, say it, and end with code 1."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.critical("unhandled exception in a smoke run:\n%s", text)
    if sys.stderr is not None:
        sys.stderr.write(text)
    app = QApplication.instance()
    if app is not None:
        app.exit(1)


def install_excepthook(*, smoke: bool = False) -> None:
    sys.excepthook = _smoke_hook if smoke else _hook
