"""One place where exceptions become messages for the user (and details for the log)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import errors
from ..errors import ShnorError, ValidationError

log = logging.getLogger(__name__)


class UserError(ShnorError):
    """An expected problem found by the window itself, with a Russian explanation."""


def user_message(exc: BaseException) -> str:
    """The Russian text the user sees for an exception: ``errors.user_message``, the one translation."""
    return errors.user_message(exc)


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """The one way a failed action reaches the user: a refused input (a ValidationError, e.g. the
    record was deleted meanwhile) as a plain warning with its messages; anything else as an error
    message, logged with its details."""
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
