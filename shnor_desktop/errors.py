"""The one error type of the program, at the bottom of the layers (imports nothing of ours).

``ShnorError`` is a problem a person can act on: its text is Russian and complete («Файл не
загружен…», «Шаблон не открывается…»). Each area raises its own subclass (``ImportRejected``,
``TemplateProblem``, ``DatabaseError``, ``AnalyticsError``…), wrapping the library's exception
(Jinja, SQLAlchemy, OS) where it arises. :func:`user_message` turns any exception into the text a
person sees; the window (``ui/errors.py``) and the CLI (``cli.main``) each call it in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class ShnorError(Exception):
    """An expected problem with a Russian explanation; ``user_message`` is what the user reads."""

    @property
    def user_message(self) -> str:
        return str(self)


class ValidationError(ShnorError):
    """The input cannot be saved: a Russian message per form field.

    Made from ``{field: message}`` or from ``(field, message)`` pairs, where a field may come
    more than once (the registry's checks). ``errors`` maps each field to its first message,
    ``pairs`` keeps every message in order. The text is the messages one per line, or
    ``summary`` when given (the registry leads each message with its field's name).
    """

    def __init__(self, errors: Mapping[str, str] | Iterable[tuple[str, str]], *,
                 summary: str | None = None) -> None:
        self.pairs: list[tuple[str, str]] = list(errors.items() if isinstance(errors, Mapping) else errors)
        self.errors: dict[str, str] = {}
        for field, message in self.pairs:
            self.errors.setdefault(field, message)
        super().__init__("\n".join(self.messages) if summary is None else summary)

    @property
    def messages(self) -> list[str]:
        return [message for _, message in self.pairs]

    def fields(self) -> list[str]:
        return [field for field, _ in self.pairs]


class CellError(ShnorError, ValueError):
    """A value that cannot be read or written as its field needs (an import cell, an edited cell)."""


READ_ONLY_ADVICE = ("Скопируйте базу в папку, где у вас есть права на запись, и запустите программу "
                    "с --data-dir ПАПКА, или попросите администратора дать права на запись.")


def is_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` says someone else changed or removed the record meanwhile (the form should
    reload what is there now)."""
    try:  # as in user_message: loaded whenever a database was opened
        from sqlalchemy.orm.exc import StaleDataError
    except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
        return False
    return isinstance(exc, StaleDataError)


def user_message(exc: BaseException) -> str:
    """The Russian text the user sees for an exception (the log keeps the details)."""
    import sqlite3

    if isinstance(exc, ShnorError):
        return exc.user_message
    try:  # SQLAlchemy is loaded whenever a database was opened; this keeps the module light
        from sqlalchemy.exc import OperationalError
        from sqlalchemy.orm.exc import StaleDataError
    except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
        OperationalError = StaleDataError = ()  # type: ignore[assignment,misc]  # noqa: N806
    if isinstance(exc, StaleDataError):
        return "Запись уже изменил другой пользователь. Обновите данные и повторите изменение."
    if isinstance(exc, (OperationalError, sqlite3.OperationalError)):
        text = str(exc.orig) if isinstance(exc, OperationalError) and exc.orig else str(exc)
        if "locked" in text:
            return "База данных занята другим процессом. Повторите через несколько секунд."
        if "readonly" in text or "read-only" in text:
            return f"База данных доступна только для чтения: изменения не сохранены. {READ_ONLY_ADVICE}"
        if "disk" in text or "full" in text:
            return "Недостаточно места на диске: изменения не сохранены. Освободите место и повторите."
        return f"Ошибка базы данных: {text}"
    if isinstance(exc, PermissionError):
        return f"Нет доступа к файлу: {exc.filename}. Закройте его в другой программе или проверьте права."
    if isinstance(exc, OSError):
        return f"Ошибка файловой системы: {exc.strerror or exc}"
    return f"Непредвиденная ошибка: {exc}. Подробности записаны в журнал программы."
