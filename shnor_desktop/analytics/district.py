"""The district level of an indicator in one slice: weighted by participants, or the mean of schools.

* ``weighted`` — Σ(weight × value) / Σ weight over the schools with a value: the district's own
  result, as if all its pupils were one school (for shares of marks: Σ «4»+«5» / Σ marks).
* ``schools`` — the plain mean of the schools' values: every school counts once.

All schools with a value count, small ones included (the district's result is the result of all
its pupils). When some school with a value has no participant count the weighted level cannot be
computed; the mean of schools is used instead and ``DistrictValue.mean`` says so — every output
prints the mean actually used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from . import AnalyticsError
from .frame import SchoolRow, SliceKey, group_by_slice, load_rows
from .indicators import INDICATORS, Indicator, indicator

MeanKind = Literal["weighted", "schools"]
MEAN_KINDS: tuple[MeanKind, ...] = ("weighted", "schools")
MEAN_LABELS: dict[str, str] = {
    "weighted": "взвешенное по числу участников",
    "schools": "среднее по школам",
}


def check_mean(mean: str) -> MeanKind:
    if mean not in MEAN_KINDS:
        raise AnalyticsError(f"Способ расчёта районного уровня «{mean}» неизвестен: weighted или schools.")
    return mean


@dataclass(frozen=True)
class DistrictValue:
    key: SliceKey
    indicator: str  # Indicator.key
    value: float | None
    mean: MeanKind  # the mean actually used
    requested: MeanKind  # the mean asked for
    schools: int  # schools with a value
    participants: int | None  # Σ participants of those schools (None if some are unknown)

    @property
    def mean_label(self) -> str:
        return MEAN_LABELS[self.mean]

    @property
    def note(self) -> str:
        """Russian remark when the requested mean could not be used."""
        if self.mean != self.requested:
            return ("районный уровень — среднее по школам: не у всех школ известно число участников, "
                    "взвешенное среднее невозможно")
        return ""


def district_value(
    rows: Sequence[SchoolRow], ind: Indicator | str, mean: str = "weighted",
    key: SliceKey | None = None,
) -> DistrictValue:
    """The district level of one indicator over the rows of one slice."""
    ind = indicator(ind)
    requested = check_mean(mean)
    if key is None:
        if not rows:
            raise AnalyticsError("Нет данных для расчёта районного уровня.")
        key = rows[0].key
    if any(r.key != key for r in rows):
        raise AnalyticsError("Районный уровень считается по одному срезу (год, процедура, класс, предмет).")

    valued: list[tuple[SchoolRow, float]] = []
    for r in rows:
        v = r.value(ind.key)
        if v is not None:
            valued.append((r, v))
    counts = [r.participants for r, _ in valued]
    participants = None if any(c is None for c in counts) else sum(c for c in counts if c is not None)
    if not valued:
        return DistrictValue(key, ind.key, None, requested, requested, 0, participants)

    used: MeanKind = requested
    value: float | None
    if requested == "weighted":
        weights = [ind.weight(r.numbers) for r, _ in valued]
        if any(w is None for w in weights):
            used = "schools"
        else:
            known = [w for w in weights if w is not None]
            total = sum(known)
            value = sum(w * v for w, (_, v) in zip(known, valued, strict=True)) / total
    if used == "schools":
        value = sum(v for _, v in valued) / len(valued)
    return DistrictValue(key, ind.key, value, used, requested, len(valued), participants)


def district_levels(
    rows: Iterable[SchoolRow], indicators: Iterable[Indicator | str] | None = None,
    mean: str = "weighted",
) -> dict[tuple[SliceKey, str], DistrictValue]:
    """District levels for every slice in the rows × every indicator (all of the catalogue by default)."""
    inds = [indicator(i) for i in indicators] if indicators is not None else list(INDICATORS)
    out: dict[tuple[SliceKey, str], DistrictValue] = {}
    for key, group in sorted(group_by_slice(rows).items()):
        for ind in inds:
            out[(key, ind.key)] = district_value(group, ind, mean, key)
    return out


def load_district_levels(
    session: Session,
    *,
    years: int | Iterable[int],
    procedure: str | None = None,
    grade: int | None = None,
    subject: str | None = None,
    indicators: Iterable[Indicator | str] | None = None,
    mean: str = "weighted",
) -> list[DistrictValue]:
    """The district table: year × procedure × grade × subject × indicator, straight from the database."""
    rows = load_rows(session, years=years, procedure=procedure, grade=grade, subject=subject)
    return list(district_levels(rows, indicators, mean).values())
