"""Validation errors with a Russian message per form field (the one class for every service)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping


class ValidationError(Exception):
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


class Errors:
    """Collects field messages and raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def require(self, field: str, value: object, message: str) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, message)

    def dates_in_order(self, field: str, start: dt.date | None, end: dt.date | None,
                       message: str) -> None:
        if start is not None and end is not None and end < start:
            self.add(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
