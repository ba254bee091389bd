"""For a regional user (ЦОКО): the same identification for every municipality, one district at a
time, and a region-wide table of districts.

Each municipality's schools are compared with their own district's level, exactly as a district
methodist would compare them; the table puts the districts side by side with the region's level
(weighted over every school of the database, or the regional protocol's figures).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AssessmentResult, School
from ..registry import naming
from ..registry.scope import Scope
from . import AnalyticsError
from .frame import parse_procedure, subject_key
from .identification import Identification, IdentificationSettings, identify, load_settings
from .indicators import indicator


@dataclass(frozen=True)
class DistrictSummary:
    municipality: str
    identification: Identification

    @property
    def schools(self) -> int:
        return len(self.identification.schools)

    @property
    def participants(self) -> int | None:
        counts = [s.row.participants for s in self.identification.schools]
        return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)

    @property
    def risk(self) -> int:
        return len(self.identification.risk_group)

    @property
    def control(self) -> int:
        return len(self.identification.control_group)

    def value(self, indicator_key: str) -> float | None:
        dv = self.identification.district.get(indicator_key)
        return None if dv is None else dv.value

    def region_value(self, indicator_key: str) -> float | None:
        region = self.identification.region
        return None if region is None else region.value(indicator_key)


def municipalities_in_slice(session: Session, *, year: int, procedure: str, grade: int,
                            subject: str) -> list[str]:
    """The municipalities whose schools have results in the slice, in alphabetical order."""
    proc = parse_procedure(procedure).value
    wanted = subject_key(subject)
    rows = session.execute(
        select(School.municipality, AssessmentResult.subject)
        .join(AssessmentResult, AssessmentResult.school_id == School.id)
        .where(AssessmentResult.year == year, AssessmentResult.procedure == proc,
               AssessmentResult.grade == grade)).all()
    spellings: dict[str, Counter[str]] = {}
    for muni, subj in rows:
        if muni and subject_key(subj) == wanted:
            spellings.setdefault(naming.municipality_key(muni), Counter())[muni] += 1
    names = [c.most_common(1)[0][0] for c in spellings.values()]
    return sorted(names, key=lambda n: naming.municipality_key(n))


def identify_each(session: Session, *, year: int, procedure: str, grade: int, subject: str,
                  settings: IdentificationSettings | None = None,
                  session_name: str | None = None) -> list[DistrictSummary]:
    """The identification of every municipality of the slice, each against its own district."""
    settings = settings or load_settings(session)
    names = municipalities_in_slice(session, year=year, procedure=procedure, grade=grade, subject=subject)
    if not names:
        raise AnalyticsError("В базе нет результатов ОО с указанным муниципалитетом в этом срезе: "
                             "загрузите протокол всего региона (--all-municipalities).")
    result = []
    for name in names:
        scope = Scope.of([name])
        try:
            ident = identify(session, year=year, procedure=procedure, grade=grade, subject=subject,
                             settings=settings, session_name=session_name, scope=scope)
        except AnalyticsError:
            continue  # results of this municipality only in other years of the window
        result.append(DistrictSummary(name, ident))
    return result


DISTRICTS_CSV_HEADER = ("municipality", "schools", "participants", "indicator", "district value",
                        "region value", "deviation from region", "risk group", "control group")


def districts_csv(summaries: list[DistrictSummary]) -> list[list[object]]:
    rows: list[list[object]] = []
    for s in summaries:
        for key in s.identification.settings.indicators:
            ind = indicator(key)
            value, region = s.value(key), s.region_value(key)
            deviation = None if value is None or not region else (value / region - 1) * ind.direction.sign
            rows.append([s.municipality, s.schools, "" if s.participants is None else s.participants,
                         key, "" if value is None else ind.plain(value),
                         "" if region is None else ind.plain(region),
                         "" if deviation is None else round(deviation, 6), s.risk, s.control])
    return rows


def districts_text(summaries: list[DistrictSummary]) -> list[str]:
    """The region-wide table: one line per district, the first indicator of the settings."""
    if not summaries:
        return []
    settings = summaries[0].identification.settings
    key = settings.indicators[0]
    ind = indicator(key)
    region = next((s.identification.region for s in summaries if s.identification.region), None)
    region_label = region.label.capitalize() if region else "Региональный уровень"
    region_value = region.value(key) if region else None
    lines = [f"Районы региона, {ind.name}; {region_label.lower()}: "
             f"{ind.format(region_value) if region_value is not None else 'нет данных'}",
             f"{'Муниципалитет':<40} {'ОО':>4} {'Участн.':>8} {'Район':>10} {'Группа риска':>13} "
             f"{'Контрольная':>12}"]
    for s in summaries:
        value = s.value(key)
        participants = "" if s.participants is None else str(s.participants)
        lines.append(f"{s.municipality[:40]:<40} {s.schools:>4} {participants:>8} "
                     f"{ind.format(value) if value is not None else '—':>10} {s.risk:>13} {s.control:>12}")
    lines.append(f"Районов: {len(summaries)}; ОО в группе риска: {sum(s.risk for s in summaries)}.")
    return lines
