"""The second comparison level: the region (край, область, республика).

The district level is computed from the district's own schools (:mod:`.district`). The region's
level of a slice comes, in this order, from

1. the regional figures computed at import from a whole regional ВПР protocol
   (``ReferenceResult``, level «region»): the file covers the region although only the district's
   schools are kept;
2. the results of the whole database, when it holds schools of other municipalities too (a
   regional user who loaded every municipality), weighted by participants.

Every output names the levels as «районный уровень» and «краевой/областной уровень»
(:func:`~shnor_desktop.registry.scope.level_names`, from the region's name in the profile).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import DistrictProfile, ReferenceResult
from ..registry.scope import EVERYTHING, Scope, district_scope, level_names, school_ids
from .district import district_value
from .frame import NUMBER_COLUMNS, ResultNumbers, SliceKey, load_rows, subject_key
from .indicators import indicator


@dataclass(frozen=True)
class RegionLevel:
    """The region's value of each indicator in one slice, and where it came from."""

    key: SliceKey
    label: str  # «краевой уровень»
    name: str  # «Алтайский край» (may be empty)
    values: dict[str, float | None]
    source: str  # Russian: «по протоколу всего региона», «по всем ОО базы»
    schools: int
    participants: int | None

    def value(self, indicator_key: str) -> float | None:
        return self.values.get(indicator_key)


def region_name(session: Session) -> str:
    profile = session.scalar(select(DistrictProfile).limit(1))
    return (profile.region_name or "").strip() if profile is not None else ""


def district_level_label(session: Session) -> tuple[str, str]:
    """(«районный уровень», «краевой уровень») for this installation."""
    return level_names(region_name(session))


def _reference(session: Session, key: SliceKey) -> ReferenceResult | None:
    rows = session.scalars(select(ReferenceResult).where(
        ReferenceResult.level == "region", ReferenceResult.year == key.year,
        ReferenceResult.procedure == key.procedure, ReferenceResult.grade == key.grade,
        ReferenceResult.session == key.session)).all()
    wanted = subject_key(key.subject)
    return next((r for r in rows if subject_key(r.subject) == wanted), None)


def region_level(session: Session, key: SliceKey, indicators: tuple[str, ...],
                 district: Scope | None = None, mean: str = "weighted") -> RegionLevel | None:
    """The region's level for ``key``, or None when neither a regional file nor other
    municipalities' results are in the database."""
    _, label = district_level_label(session)
    name = region_name(session)
    reference = _reference(session, key)
    if reference is not None:
        numbers = ResultNumbers(**{c: getattr(reference, c, None) for c in NUMBER_COLUMNS})
        values = {k: indicator(k).value(numbers) for k in indicators}
        return RegionLevel(key, label, reference.name or name, values,
                           "по протоколу всего региона", reference.schools, reference.participants)
    rows = load_rows(session, years=key.year, procedure=key.procedure, grade=key.grade,
                     subject=key.subject, session_name=key.session, scope=EVERYTHING)
    scope = district if district is not None else district_scope(session)
    if scope.everything:
        return None  # the district is the whole database: no region to compare with
    ours = set(school_ids(session, scope) or ())
    if not any(r.school_id not in ours for r in rows):
        return None  # the database holds only the district's schools
    values = {k: district_value(rows, k, mean, key).value for k in indicators}
    counts = [r.participants for r in rows]
    participants = None if any(c is None for c in counts) else sum(c for c in counts if c is not None)
    return RegionLevel(key, label, name, values, "по всем ОО базы", len(rows), participants)
