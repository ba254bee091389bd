"""ИОР — индекс образовательных результатов — and the quadrant ИОР × social context.

ИОР (composite over procedures)
    Every slice (year × procedure × grade × subject) gives each school a score, and a school's
    ИОР is the plain mean of its slice scores (every slice counts once):

    * ``z``    — z-score within the slice: (x − mean of schools) / standard deviation of schools
                 (population, ddof = 0); 0 is the typical school of the district;
    * ``rank`` — percentile rank within the slice: (rank − 1) / (n − 1), ties share the average
                 rank; 0 is the lowest school, 1 the highest.

    x is the first indicator of ``indicators`` (default: средний балл, then КВ, then качество)
    that at least ``min_schools`` schools of the slice have; for lower-is-better indicators the
    sign is turned so that a higher score is always better. Slices where every school has the
    same value (standard deviation 0) or with fewer than ``min_schools`` schools give no scores.

Quadrant
    «ШНОР + ШНСУ»               low results (ИОР ≤ low cut) and adverse conditions;
    «только низкие результаты»  low results, conditions not adverse;
    «резильентные»              adverse conditions, good results (ИОР ≥ good cut);
    «остальные»                 everything else.

    The cuts are quantiles of the schools' ИОР unless given: low = the lower quartile (0.25),
    good = the median (0.5). The social axis is a number per school where higher means better-off
    (an index of social well-being computed elsewhere); a school is in adverse conditions when its
    number is at most ``adverse_at_most`` (by default the lower quartile of the numbers). Until the
    index exists, ``social_axis_from_statuses`` gives 0 to schools with the ШНСУ status in the year
    and 1 to the rest, adverse at most 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from .. import stats
from ..models.enums import LabelledEnum
from ..registry.scope import Scope
from ..risks.social_axis import SocialAxis
from . import AnalyticsError
from .frame import SchoolRow, SliceKey, group_by_slice, load_rows, parse_procedure
from .indicators import indicator

IorMethod = Literal["z", "rank"]
IOR_METHOD_LABELS = {"z": "среднее z-оценок по срезам", "rank": "средний процентильный ранг по срезам"}
DEFAULT_IOR_INDICATORS: tuple[str, ...] = ("mean_score", "kv", "quality")


def quantile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default)."""
    if not values:
        raise AnalyticsError("Нет значений для расчёта квантиля.")
    return stats.quantile(values, q)


def z_scores(values: Mapping[int, float]) -> dict[int, float]:
    """(x − mean) / population standard deviation; {} when all values are equal."""
    n = len(values)
    if n == 0:
        return {}
    mean = sum(values.values()) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values.values()) / n)
    if sd == 0:
        return {}
    return {k: (v - mean) / sd for k, v in values.items()}


def percentile_ranks(values: Mapping[int, float]) -> dict[int, float]:
    """(average rank − 1) / (n − 1): 0 for the lowest, 1 for the highest; {} when all are equal."""
    n = len(values)
    if n < 2 or len(set(values.values())) == 1:
        return {}
    ordered = sorted(values.items(), key=lambda kv: kv[1])
    ranks: dict[int, float] = {}
    i = 0
    while i < n:
        j = i
        while j + 1 < n and ordered[j + 1][1] == ordered[i][1]:
            j += 1
        avg = (i + j) / 2 + 1  # 1-based average rank of the tie
        for k in range(i, j + 1):
            ranks[ordered[k][0]] = (avg - 1) / (n - 1)
        i = j + 1
    return ranks


def _check_method(method: str) -> None:
    if method not in ("z", "rank"):
        raise AnalyticsError(f"Способ расчёта ИОР «{method}» неизвестен: z или rank.")


@dataclass(frozen=True)
class SliceScores:
    key: SliceKey
    indicator: str
    scores: dict[int, float]  # school_id -> z or percentile rank


def slice_scores(
    rows: Sequence[SchoolRow], method: IorMethod = "z", indicators: Sequence[str] = DEFAULT_IOR_INDICATORS,
    min_participants: int = 0, min_schools: int = 3,
) -> SliceScores | None:
    """The scores of one slice, or None when the slice cannot give any."""
    _check_method(method)
    usable = [r for r in rows if r.participants is None or r.participants >= min_participants]
    for key in indicators:
        ind = indicator(key)
        values = {r.school_id: v * ind.direction.sign for r in usable
                  if (v := r.value(ind.key)) is not None}
        if len(values) < min_schools:
            continue
        scores = z_scores(values) if method == "z" else percentile_ranks(values)
        return SliceScores(rows[0].key, ind.key, scores) if scores else None
    return None


@dataclass(frozen=True)
class IorValue:
    school_id: int
    login: str
    short_name: str
    value: float
    slices: int  # how many slices the mean is over
    method: IorMethod


def ior_from_rows(
    rows: Iterable[SchoolRow], method: IorMethod = "z", indicators: Sequence[str] = DEFAULT_IOR_INDICATORS,
    min_participants: int = 0, min_schools: int = 3,
) -> list[IorValue]:
    """ИОР of every school that has at least one usable slice, highest first."""
    _check_method(method)
    sums: dict[int, list[float]] = {}
    names: dict[int, tuple[str, str]] = {}
    for _key, group in sorted(group_by_slice(rows).items()):
        for r in group:
            names.setdefault(r.school_id, (r.login, r.short_name))
        scores = slice_scores(group, method, indicators, min_participants, min_schools)
        if scores is None:
            continue
        for school_id, score in scores.scores.items():
            sums.setdefault(school_id, []).append(score)
    out = [IorValue(sid, *names[sid], sum(s) / len(s), len(s), method) for sid, s in sums.items()]
    out.sort(key=lambda v: (-v.value, v.short_name))
    return out


def compute_ior(
    session: Session,
    *,
    years: int | Iterable[int],
    procedures: Iterable[str] = ("VPR", "OGE", "EGE"),
    method: IorMethod = "z",
    indicators: Sequence[str] = DEFAULT_IOR_INDICATORS,
    min_participants: int = 0,
    min_schools: int = 3,
    scope: Scope | None = None,
) -> list[IorValue]:
    """ИОР over the given years and procedures, from the database, among the district's schools
    (``scope``: another set)."""
    rows: list[SchoolRow] = []
    for proc in procedures:
        rows.extend(load_rows(session, years=years, procedure=parse_procedure(proc), scope=scope))
    return ior_from_rows(rows, method, indicators, min_participants, min_schools)


class Quadrant(LabelledEnum):
    LOW_ADVERSE = "shnor_shnsu", "ШНОР + ШНСУ"
    LOW_ONLY = "low_only", "только низкие результаты"
    RESILIENT = "resilient", "резильентные"
    OTHER = "other", "остальные"


@dataclass(frozen=True)
class QuadrantPoint:
    school_id: int
    login: str
    short_name: str
    ior: float
    social: float | None
    quadrant: Quadrant | None  # None: no social value

    @property
    def label(self) -> str:
        return self.quadrant.label if self.quadrant else "нет данных о социальном контексте"


@dataclass(frozen=True)
class QuadrantResult:
    points: list[QuadrantPoint]
    low_at_most: float
    good_at_least: float
    adverse_at_most: float
    method: IorMethod
    social_source: str

    def members(self, quadrant: Quadrant) -> list[QuadrantPoint]:
        return [p for p in self.points if p.quadrant is quadrant]


def quadrants(
    ior: Sequence[IorValue], social: SocialAxis, *, low_at_most: float | None = None,
    good_at_least: float | None = None, low_quantile: float = 0.25, good_quantile: float = 0.5,
) -> QuadrantResult:
    """Place every school with an ИОР in its quadrant."""
    if not ior:
        raise AnalyticsError("Нет значений ИОР: загрузите результаты оценочных процедур.")
    values = [v.value for v in ior]
    low = quantile(values, low_quantile) if low_at_most is None else low_at_most
    good = quantile(values, good_quantile) if good_at_least is None else good_at_least
    points = []
    for v in ior:
        adverse = social.adverse(v.school_id)
        quadrant: Quadrant | None
        if adverse is None:
            quadrant = None
        elif v.value <= low:
            quadrant = Quadrant.LOW_ADVERSE if adverse else Quadrant.LOW_ONLY
        elif adverse and v.value >= good:
            quadrant = Quadrant.RESILIENT
        else:
            quadrant = Quadrant.OTHER
        points.append(QuadrantPoint(v.school_id, v.login, v.short_name, v.value,
                                    social.values.get(v.school_id), quadrant))
    method = ior[0].method
    return QuadrantResult(points, low, good, social.adverse_at_most, method, social.source)
