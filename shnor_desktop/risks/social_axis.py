"""The social axis of the ИОР × social context quadrant: each school's social well-being (higher is
better-off) and the line at or below which a school counts as adverse.

It comes from the risk side of the program (the social index of the context forms, or the ШНСУ
statuses), so it lives here and the analytics take it as given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ShnorError
from ..models import SchoolStatus
from ..models.enums import SchoolStatusKind
from ..stats import quantile


class SocialIndexError(ShnorError):
    """No social values to place schools by: the message is Russian."""


@dataclass(frozen=True)
class SocialAxis:
    values: dict[int, float]  # school_id -> index, higher = better-off
    adverse_at_most: float
    source: str  # Russian: where the numbers come from

    def adverse(self, school_id: int) -> bool | None:
        value = self.values.get(school_id)
        return None if value is None else value <= self.adverse_at_most


def social_axis_from_mapping(
    mapping: Mapping[int, float], *, adverse_at_most: float | None = None, adverse_quantile: float = 0.25,
    source: str = "индекс социального благополучия",
) -> SocialAxis:
    values = {int(k): float(v) for k, v in mapping.items() if v is not None}
    if adverse_at_most is None:
        if not values:
            raise SocialIndexError("Нет значений социального индекса.")
        adverse_at_most = quantile(list(values.values()), adverse_quantile)
    return SocialAxis(values, adverse_at_most, source)


def social_axis_from_statuses(session: Session, year: int, school_ids: Iterable[int]) -> SocialAxis:
    """The simple default: 0 for a school with the ШНСУ status in the year, 1 for the rest."""
    ids = list(school_ids)
    shnsu = set(session.scalars(
        select(SchoolStatus.school_id).where(
            SchoolStatus.kind == SchoolStatusKind.SHNSU.value, SchoolStatus.year == year,
            SchoolStatus.school_id.in_(ids),
        )
    ))
    return SocialAxis({sid: 0.0 if sid in shnsu else 1.0 for sid in ids}, 0.0, f"статус ШНСУ в {year} г.")
