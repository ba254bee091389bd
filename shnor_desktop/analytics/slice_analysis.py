"""Everything the analysis page shows about one slice, computed in one go (in the background).

``available_slices`` lists the year × procedure × grade × subject (× session) combinations that
have results; ``analyse_slice`` runs the identification exactly as ``identify`` does, loads the
same test over all years for the dynamics charts, and places the schools in the ИОР × social
context quadrant of the year. Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from ..models import AssessmentResult
from ..models.enums import Procedure
from ..registry.scope import district_scope
from ..risks.social_axis import SocialIndexError
from ..risks.social_index import quadrant_social_axis
from ..store.database import Database
from . import AnalyticsError
from .charts import SeriesPoint, school_series
from .frame import SchoolRow, SliceKey, load_rows, parse_procedure, subject_key
from .identification import Identification, IdentificationSettings, identify
from .ior import QuadrantResult, compute_ior, quadrants

ProgressFn = Callable[[int, int, str], None]
PROCEDURE_ORDER = [p.value for p in Procedure]


def available_slices(db: Database) -> list[SliceKey]:
    """Every slice with results; subject spellings that differ only in case are one slice."""
    ar = AssessmentResult
    with db.session() as session:
        records = session.execute(
            select(ar.year, ar.procedure, ar.grade, ar.subject, ar.session).distinct()).all()
    canonical: dict[str, str] = {}
    for rec in records:
        canonical.setdefault(subject_key(rec.subject), rec.subject)
    choices = {SliceKey(rec.year, rec.procedure, rec.grade, canonical[subject_key(rec.subject)],
                           rec.session or "") for rec in records}
    return sorted(choices, key=lambda c: (-c.year, _procedure_rank(c.procedure), c.grade,
                                          c.subject.casefold(), c.session))


def _procedure_rank(code: str) -> int:
    return PROCEDURE_ORDER.index(code) if code in PROCEDURE_ORDER else len(PROCEDURE_ORDER)


@dataclass
class SliceAnalysis:
    choice: SliceKey
    identification: Identification
    rows: list[SchoolRow]  # the same test in every year (for the dynamics)
    quadrant: QuadrantResult | None
    quadrant_note: str = ""  # why there is no quadrant
    _series: dict[tuple[int, str], list[SeriesPoint]] = field(default_factory=dict, repr=False)

    @property
    def settings(self) -> IdentificationSettings:
        return self.identification.settings

    def series(self, school_id: int, indicator_key: str) -> list[SeriesPoint]:
        key = (school_id, indicator_key)
        if key not in self._series:
            self._series[key] = school_series(self.rows, school_id, indicator_key, self.settings)
        return self._series[key]


def analyse_slice(db: Database, choice: SliceKey, settings: IdentificationSettings,
                  progress: ProgressFn | None = None, *, municipality: str | None = None) -> SliceAnalysis:
    """Identification of the slice, the test over the years and the quadrant of the year, among the
    schools of the district (``municipality``: another one, or «*» for every school of the database)."""
    def step(done: int, text: str) -> None:
        if progress is not None:
            progress(done, 3, text)

    proc = parse_procedure(choice.procedure)
    session_name = choice.session if choice.session else None
    with db.session() as session:
        scope = district_scope(session, municipality)
        step(0, "Выявление по правилу…")
        result = identify(session, year=choice.year, procedure=proc, grade=choice.grade,
                          subject=choice.subject, settings=settings, session_name=session_name, scope=scope)
        step(1, "Динамика по годам…")
        years = sorted(set(session.scalars(select(AssessmentResult.year).distinct())))
        rows = load_rows(session, years=years, procedure=proc, grade=choice.grade, subject=choice.subject,
                         session_name=session_name, scope=scope)
        step(2, "ИОР и социальный контекст…")
        quadrant: QuadrantResult | None = None
        note = ""
        try:
            ior = compute_ior(session, years=choice.year, scope=scope)
            if not ior:
                raise AnalyticsError(f"За {choice.year} г. нет результатов для расчёта ИОР.")
            # the social-well-being index where the context forms allow it, else ШНСУ statuses
            social = quadrant_social_axis(session, choice.year, [v.school_id for v in ior])
            quadrant = quadrants(ior, social)
        except (AnalyticsError, SocialIndexError) as exc:
            note = str(exc)
    step(3, "Готово")
    return SliceAnalysis(choice, result, rows, quadrant, note)
