"""The «Добавить / Изменить / Удалить» flow the record pages share.

:func:`open_form` builds a form dialog and shows it; :func:`confirm_and_delete` asks a question that
says what else goes with the record, deletes and refreshes. Failures reach the user through
:func:`~shnor_desktop.ui.errors.show_error` (a refusal as a warning, anything else as an error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QWidget

from ..confirm import ask
from ..errors import show_error
from .forms import run_dialog

D = TypeVar("D", bound=QDialog)
__all__ = ["ask", "chosen_id", "confirm_and_delete", "open_form"]


def chosen_id(given: int | None, current: object | None) -> int | None:
    """The record to edit: the one given (a link, a double click) or else the selected one."""
    return given if given is not None else getattr(current, "id", None)


def open_form(parent: QWidget, make: Callable[[], D | None], error_title: str,
              on_saved: Callable[[D], None], *, on_error: Callable[[], None] | None = None) -> bool:
    """Build a form with ``make`` (None: nothing to open) and show it; ``on_saved(dialog)`` runs
    when it was saved. A form that cannot be built (its record was deleted meanwhile…) is reported
    under ``error_title``, then ``on_error`` runs (typically a refresh). True when saved."""
    try:
        dialog = make()
    except Exception as exc:
        show_error(parent, error_title, exc)
        if on_error is not None:
            on_error()
        return False
    if dialog is None:
        return False
    return run_dialog(dialog, lambda: on_saved(dialog))


def confirm_and_delete(parent: QWidget, title: str, describe: Callable[[], str],
                       delete: Callable[[], None], on_done: Callable[[], None], *,
                       error_title: str) -> bool:
    """Ask ``describe()`` (the question, saying what else goes) under ``title``; on «Да» run
    ``delete``. A failure is reported under ``error_title``. ``on_done`` (a refresh) runs after
    the deletion, after a failure, and after a question that could not be made — not after «Нет».
    True when deleted."""
    try:
        question = describe()
    except Exception as exc:
        show_error(parent, error_title, exc)
        on_done()
        return False
    if not ask(parent, title, question):
        return False
    try:
        delete()
    except Exception as exc:
        show_error(parent, error_title, exc)
        on_done()
        return False
    on_done()
    return True
