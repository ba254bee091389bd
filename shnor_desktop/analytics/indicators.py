"""The catalogue of indicators computed from one school-level result row.

Every indicator knows its Russian name, its unit (a share 0..1 shown as a percent, or a score),
whether higher or lower is better, how to compute it from an ``AssessmentResult``-like row
(``None`` when the row does not hold what is needed) and the weight of the row in the
participant-weighted district level.

Shares built from the counts of marks («2»–«5») use the number of marks as the denominator
(the pupils who wrote the work); a row needs all four counts for them. The weight of such a
share is that same number, so the weighted district share equals Σ numerators / Σ denominators.
Indicators read from a column (mean score, median, КВ, shares below the minimum and of 80+) are
weighted by the participants (falling back to the number of marks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol

from ..russian import number, percent
from . import AnalyticsError


class ResultLike(Protocol):
    """What indicators read: the columns of ``AssessmentResult`` (or a plain, frozen copy of them)."""

    @property
    def participants(self) -> int | None: ...

    @property
    def mark2(self) -> int | None: ...

    @property
    def mark3(self) -> int | None: ...

    @property
    def mark4(self) -> int | None: ...

    @property
    def mark5(self) -> int | None: ...

    @property
    def mean_score(self) -> float | None: ...

    @property
    def median_score(self) -> float | None: ...

    @property
    def max_score(self) -> float | None: ...

    @property
    def kv(self) -> float | None: ...

    @property
    def share_below_min(self) -> float | None: ...

    @property
    def share_80plus(self) -> float | None: ...


class Unit(StrEnum):
    SHARE = "share"  # stored 0..1, shown as a percent
    SCORE = "score"  # shown as a number with one decimal


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better

    @property
    def sign(self) -> int:
        return 1 if self is Direction.HIGHER else -1


def half_up(value: float, digits: int) -> float:
    """Round half up on the decimal the number prints as (12.85 -> 12.9, not the binary 12.8)."""
    quantum = Decimal(1).scaleb(-digits)
    # round(…, 10) first: 12.849999999999998 from a sum of products is the 12.85 a person computes
    return float(Decimal(repr(round(value, 10))).quantize(quantum, rounding=ROUND_HALF_UP))


def marks_total(row: ResultLike) -> int | None:
    """Pupils with a mark: «2»+«3»+«4»+«5»; None unless all four counts are known and not all zero."""
    marks = (row.mark2, row.mark3, row.mark4, row.mark5)
    if any(m is None for m in marks):
        return None
    total = sum(marks)  # type: ignore[arg-type]
    return total if total > 0 else None


def participants_of(row: ResultLike) -> int | None:
    """Participants who wrote the work: the column, else the number of marks."""
    if row.participants is not None:
        return row.participants
    return marks_total(row)


def _quality(row: ResultLike) -> float | None:
    n = marks_total(row)
    return None if n is None else (row.mark4 + row.mark5) / n  # type: ignore[operator]


def _success(row: ResultLike) -> float | None:
    n = marks_total(row)
    return None if n is None else (n - row.mark2) / n  # type: ignore[operator]


def _share2(row: ResultLike) -> float | None:
    n = marks_total(row)
    return None if n is None else row.mark2 / n  # type: ignore[operator]


def _kv(row: ResultLike) -> float | None:
    if row.kv is not None:
        return row.kv
    if row.mean_score is not None and row.max_score:
        return row.mean_score / row.max_score
    return None


def _positive_weight(value: int | None) -> float | None:
    return float(value) if value is not None and value > 0 else None


def _weight_marks(row: ResultLike) -> float | None:
    return _positive_weight(marks_total(row))


def _weight_participants(row: ResultLike) -> float | None:
    return _positive_weight(participants_of(row))


@dataclass(frozen=True)
class Indicator:
    key: str  # stable English code stored in settings
    name: str  # Russian name as it stands in a sentence: «качество», «доля „2“»
    short: str  # column header: «Качество», «Доля „2“», «КВ»
    unit: Unit
    direction: Direction
    feminine: bool  # «при районной» (доля, медиана, успеваемость) or «при районном»
    compute: Callable[[ResultLike], float | None] = field(repr=False, compare=False)
    weight: Callable[[ResultLike], float | None] = field(repr=False, compare=False)
    description: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def higher_is_better(self) -> bool:
        return self.direction is Direction.HIGHER

    @property
    def district_adjective(self) -> str:
        return "районной" if self.feminine else "районном"

    def value(self, row: ResultLike) -> float | None:
        return self.compute(row)

    def format(self, value: float | None) -> str:
        """For people: 31,0 % or 11,2 (half up, as by hand: 12,85 -> 12,9); '' for None."""
        if value is None:
            return ""
        if self.unit is Unit.SHARE:
            return percent(half_up(value, 3))
        return number(half_up(value, 1), 1)

    def plain(self, value: float | None) -> float | None:
        """For machines: shares in percent (31.0), scores as they are; rounded to 6 decimals."""
        if value is None:
            return None
        return round(value * 100 if self.unit is Unit.SHARE else value, 6)

    @property
    def unit_label(self) -> str:
        return "%" if self.unit is Unit.SHARE else "балл"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "quality", "качество", "Качество", Unit.SHARE, Direction.HIGHER, False, _quality, _weight_marks,
        "доля отметок «4» и «5» среди написавших работу", ("качество знаний", "кач"),
    ),
    Indicator(
        "success", "успеваемость", "Успеваемость", Unit.SHARE, Direction.HIGHER, True, _success,
        _weight_marks, "доля написавших работу без отметки «2»", ("усп",),
    ),
    Indicator(
        "share2", "доля «2»", "Доля «2»", Unit.SHARE, Direction.LOWER, True, _share2, _weight_marks,
        "доля отметок «2» среди написавших работу; чем меньше, тем лучше",
        ("доля 2", "доля двоек", "двойки", "2"),
    ),
    Indicator(
        "mean_score", "средний балл", "Средний балл", Unit.SCORE, Direction.HIGHER, False,
        lambda r: r.mean_score, _weight_participants, "средний (первичный или тестовый) балл",
        ("средний", "ср балл", "mean"),
    ),
    Indicator(
        "median", "медиана", "Медиана", Unit.SCORE, Direction.HIGHER, True,
        lambda r: r.median_score, _weight_participants,
        "медиана баллов; районный уровень — среднее медиан школ (медиану района по сводным "
        "данным школ вычислить нельзя)", ("медиана баллов", "median_score"),
    ),
    Indicator(
        "kv", "коэффициент выполнения", "КВ", Unit.SHARE, Direction.HIGHER, False, _kv,
        _weight_participants, "доля набранных баллов от максимума работы",
        ("кв", "коэффициент выполнения работы", "процент выполнения"),
    ),
    Indicator(
        "below_min", "доля ниже минимума", "Ниже минимума", Unit.SHARE, Direction.LOWER, True,
        lambda r: r.share_below_min, _weight_participants,
        "доля участников, не преодолевших минимальный порог; чем меньше, тем лучше",
        ("ниже минимума", "ниже мин", "share_below_min"),
    ),
    Indicator(
        "share80", "доля 80+ баллов", "80+ баллов", Unit.SHARE, Direction.HIGHER, True,
        lambda r: r.share_80plus, _weight_participants, "доля участников, набравших 80 баллов и более",
        ("доля 80+", "80+", "80", "share_80plus"),
    ),
)

BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}


def _norm(text: str) -> str:
    for quote in "«»„“\"'":
        text = text.replace(quote, "")
    return " ".join(text.casefold().replace("ё", "е").replace("_", " ").split())


def indicator(name: str | Indicator) -> Indicator:
    """Find an indicator by its code, Russian name, header or alias (case-insensitive)."""
    if isinstance(name, Indicator):
        return name
    wanted = _norm(name)
    for ind in INDICATORS:
        spellings = (ind.key, ind.name, ind.short, *ind.aliases)
        if wanted in {_norm(s) for s in spellings}:
            return ind
    known = ", ".join(i.name for i in INDICATORS)
    raise AnalyticsError(f"Неизвестный показатель «{name}». Доступны: {known}.")
