"""Working days by the Russian production calendar: deadlines a person would set.

A deadline of «N working days» skips weekends, the holidays of Article 112 of the Labour Code
and the transfers of the government's yearly decree. The years with a decree are a shipped data
file (``resources/calendar/ru_production_calendar.json``, each year with its source); a user file
``calendar.json`` in the data folder adds or corrects years. A year with neither is computed by
Article 112 alone (a holiday on a weekend moves to the next working day, except in January).
Qt-free; no heavy imports.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import resources_dir

log = logging.getLogger(__name__)

# Article 112: the public holidays (month, day); 1–8 January are all non-working
_HOLIDAYS = [(1, d) for d in range(1, 9)] + [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]


@dataclass(frozen=True)
class YearCalendar:
    nonworking: frozenset[dt.date]  # weekdays that are not worked
    working: frozenset[dt.date]  # Saturdays and Sundays that are worked
    source: str


def _by_labour_code(year: int) -> YearCalendar:
    days = {dt.date(year, m, d) for m, d in _HOLIDAYS}
    off: set[dt.date] = {d for d in days if d.weekday() < 5}
    for day in sorted(d for d in days if d.weekday() >= 5 and d.month != 1):
        moved = day + dt.timedelta(days=1)
        while moved.weekday() >= 5 or moved in off:
            moved += dt.timedelta(days=1)
        off.add(moved)
    return YearCalendar(frozenset(off), frozenset(), "ст. 112 Трудового кодекса РФ (постановления о "
                                                     "переносе выходных за этот год в программе нет)")


def _parse(data: dict[str, object]) -> dict[int, YearCalendar]:
    years = data.get("years") if isinstance(data, dict) else None
    result: dict[int, YearCalendar] = {}
    if not isinstance(years, dict):
        return result
    for key, value in years.items():
        if not isinstance(value, dict):
            continue
        result[int(key)] = YearCalendar(
            frozenset(dt.date.fromisoformat(d) for d in value.get("nonworking", [])),
            frozenset(dt.date.fromisoformat(d) for d in value.get("working", [])),
            str(value.get("source", "")))
    return result


@lru_cache(maxsize=8)
def _calendar(user_file: str | None) -> dict[int, YearCalendar]:
    shipped = resources_dir() / "calendar" / "ru_production_calendar.json"
    years = _parse(json.loads(shipped.read_text(encoding="utf-8")))
    if user_file:
        path = Path(user_file)
        try:
            years.update(_parse(json.loads(path.read_text(encoding="utf-8"))))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            log.warning("the user's production calendar %s is not read: %s", path, exc)
    return years


class Workdays:
    """Working-day arithmetic for one installation (the shipped calendar and the user's file)."""

    def __init__(self, user_file: Path | None = None) -> None:
        self._years = _calendar(str(user_file) if user_file else None)

    def year(self, year: int) -> YearCalendar:
        return self._years.get(year) or _by_labour_code(year)

    def is_working(self, day: dt.date) -> bool:
        calendar = self.year(day.year)
        if day in calendar.working:
            return True
        return day.weekday() < 5 and day not in calendar.nonworking

    def next_working(self, day: dt.date) -> dt.date:
        """The day itself when it is worked, else the next working day."""
        while not self.is_working(day):
            day += dt.timedelta(days=1)
        return day

    def add(self, day: dt.date, working_days: int) -> dt.date:
        """The date ``working_days`` working days after ``day`` (10 working days ≈ two weeks)."""
        count = 0
        while count < working_days:
            day += dt.timedelta(days=1)
            if self.is_working(day):
                count += 1
        return day


def workdays(paths: object | None = None) -> Workdays:
    """The calendar of this installation (``paths``: AppPaths, for the user's calendar.json)."""
    data_dir = getattr(paths, "data_dir", None)
    return Workdays(Path(data_dir) / "calendar.json" if data_dir else None)
