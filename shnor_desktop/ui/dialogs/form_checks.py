"""Small helpers of the mentoring, roadmap and monitoring forms: numbers typed with a comma, and
joining their problems with the service's validation so that every problem is shown at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit

from ...tracking.validation import ValidationError


def read_number(field: str, edit: QLineEdit, errors: dict[str, str]) -> float | None:
    """The number typed in ``edit`` (a comma or a point); a wrong one goes to ``errors``."""
    text = edit.text().strip().replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        errors[field] = f"«{edit.text().strip()}» — не число: введите, например, 12,5."
        return None


def check_with(validate: Callable[[], None], typed: dict[str, str]) -> Callable[[], None]:
    """A check for :meth:`FormDialog.raise_errors`: the service's validation plus the problems of
    what was typed (numbers), so that every problem is shown at once."""

    def check() -> None:
        errors = dict(typed)
        try:
            validate()
        except ValidationError as exc:
            errors = {**exc.errors, **errors}
        if errors:
            raise ValidationError(errors)

    return check
