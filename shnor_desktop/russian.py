"""Russian formatting of dates, numbers and percents, shared by tables, the CLI and documents.

Declension of names lives in ``docs_gen``; this module has no heavy imports.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)
MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)
NBSP = "\u00a0"


def date_short(value: dt.date | None) -> str:
    """13.01.2021"""
    return value.strftime("%d.%m.%Y") if value else ""


def date_long(value: dt.date | None, *, quotes: bool = True) -> str:
    """«13» января 2021 г. (or 13 января 2021 г. without quotes)."""
    if not value:
        return ""
    day = f"«{value.day:02d}»" if quotes else str(value.day)
    return f"{day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


def parse_date(text: str) -> dt.date | None:
    """Accepts 13.01.2021, 13.01.21 and 2021-01-13; '' -> None; raises ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"«{text}» — не дата; введите в виде ДД.ММ.ГГГГ")


def number(value: float | int | None, digits: int = 1) -> str:
    """45,3; thousands separated by a thin non-breaking space: 26 140."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", NBSP)
    rounded = round_half_up(float(value), digits)
    if rounded == 0:
        rounded = abs(rounded)  # no «-0,0»
    text = f"{rounded:,.{digits}f}".replace(",", NBSP).replace(".", ",")
    return text


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def parse_number(value: Any) -> tuple[float, bool]:
    """A number as people and Excel write it in Russia: 12, «12,5», «12.5», «1 234,5» (any space
    inside), «−3», «45,3 %». Returns (the number, written with «%»); ValueError with a Russian
    message for anything else (text, «1e5», «nan», an empty cell: callers decide what empty means).
    The one parser of numbers for every importer, form and argument."""
    if isinstance(value, bool) or value is None:
        raise ValueError("ожидается число")
    if isinstance(value, int | float):
        return float(value), False
    text = str(value).strip().translate(_SPACES).replace("\u2212", "-")
    has_percent = text.endswith("%")
    text = text.removesuffix("%")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"«{str(value).strip()}» — не число")
    return float(text.replace(",", ".")), has_percent


def parse_share(value: Any) -> float:
    """0.31, «0,31», 31, «31 %» -> 0.31: a number above 1 (or written with «%») is a percent."""
    number, has_percent = parse_number(value)
    return number / 100 if has_percent or number > 1 else number


def round_half_up(value: float, digits: int = 1) -> Decimal:
    """Rounding as a person does it by hand: 6,25 -> 6,3 and 12,85 -> 12,9 (Python's round()
    and format() round half to even on the binary value, giving 6,2 and 12,8)."""
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def percent(share: float | None, digits: int = 1) -> str:
    """0.453 -> 45,3 %"""
    if share is None:
        return ""
    return f"{number(share * 100, digits)}{NBSP}%"


def plural(n: int, one: str, few: str, many: str) -> str:
    """plural(5, 'школа', 'школы', 'школ') -> 'школ'."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("да" if value else "нет")
