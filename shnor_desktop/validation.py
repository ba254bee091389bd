"""Collecting form-field messages and raising them all at once (the bottom layer: every service
validates with it; the error itself is ``errors.ValidationError``)."""

from __future__ import annotations

import datetime as dt

from .errors import ValidationError

__all__ = ["Errors", "ValidationError"]


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
