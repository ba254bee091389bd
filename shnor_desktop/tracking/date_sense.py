"""Dates that are possible but look like a slip: warnings the person may confirm.

Qt-free. Each function returns Russian sentences (empty when everything looks right); the window
shows them and asks «Сохранить всё равно?». Hard rules (an end before a start) stay errors of
the services' validation.
"""

from __future__ import annotations

import datetime as dt

from .. import russian
from ..models.enums import VisitState, WorkState

_CLOSED_WORK = frozenset({WorkState.DONE.value, WorkState.CANCELLED.value})


def visit_warnings(date: dt.date | None, date_end: dt.date | None, state: str | None,
                   today: dt.date) -> list[str]:
    """A visit whose (last) day has passed but which is still «запланирован»."""
    last = date_end or date
    if last is None or state != VisitState.PLANNED.value or last >= today:
        return []
    return [f"Выезд {russian.date_short(date)} уже прошёл, а его состояние — «запланирован». "
            "Если выезд состоялся, выберите «проведён», если нет — «отменён»."]


def recommendation_warnings(deadline: dt.date | None, done: bool, today: dt.date, *,
                            visit_date: dt.date | None = None, what: str = "Рекомендация") -> list[str]:
    """A recommendation due before its visit, or not done and already past its deadline."""
    if deadline is None:
        return []
    found: list[str] = []
    if visit_date is not None and deadline < visit_date:
        found.append(f"{what}: срок выполнения {russian.date_short(deadline)} раньше даты выезда "
                     f"{russian.date_short(visit_date)}.")
    elif not done and deadline < today:
        found.append(f"{what}: срок выполнения {russian.date_short(deadline)} уже прошёл, "
                     "а рекомендация не отмечена выполненной.")
    return found


def roadmap_item_warnings(deadline: dt.date | None, state: str | None, today: dt.date, *,
                          is_new: bool) -> list[str]:
    """A measure created with a deadline that has already passed (and not done or cancelled)."""
    if not is_new or deadline is None or deadline >= today or state in _CLOSED_WORK:
        return []
    return [f"Срок мероприятия {russian.date_short(deadline)} уже прошёл: мероприятие сразу "
            "окажется просроченным."]


def period_warnings(start: dt.date | None, end: dt.date | None, *, what: str = "Окончание") -> list[str]:
    """An end before the start (for forms whose service does not refuse it)."""
    if start is None or end is None or end >= start:
        return []
    return [f"{what} {russian.date_short(end)} раньше начала {russian.date_short(start)}."]
