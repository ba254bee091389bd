"""A school's risk profile per year, its comparison with last year, the district's matrix. Qt-free.

The level of a factor is one of «высокий / средний / низкий / нет»; a factor without a level in a
year is «не оценён». Comparing a factor with last year (:func:`compare_levels`):

* «новый»   — no risk last year («нет» or not assessed) and a risk (низкий…высокий) now;
* «снят»    — a risk last year and «нет» now;
* «снизился» / «вырос» — a risk both years, the level lower / higher now;
* «без изменений» — the same level (including «нет» both years);
* «не оценён» — assessed last year, not this year (not the same as «нет»).

A high or medium risk is **without a measure** when the school has no anti-risk measure for that
factor in that year other than cancelled ones.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..models import AntiRiskMeasure, RiskAssessment, RiskFactor, School, SchoolStatus
from ..models.enums import LabelledEnum, SchoolStatusKind, WorkState
from ..models.risks import RiskLevel, RiskSource
from ..validation import Errors
from .factors import factors_for_year

log = logging.getLogger(__name__)

SERIOUS_LEVELS = frozenset({RiskLevel.HIGH.value, RiskLevel.MEDIUM.value})
PRESENT_LEVELS = frozenset({RiskLevel.HIGH.value, RiskLevel.MEDIUM.value, RiskLevel.LOW.value})
NOT_ASSESSED = "не оценён"
COMMENT_MAX = 4000


class Change(LabelledEnum):
    ROSE = "rose", "вырос"
    NEW = "new", "новый"
    FELL = "fell", "снизился"
    GONE = "gone", "снят"
    SAME = "same", "без изменений"
    NOT_ASSESSED = "not_assessed", "не оценён в этом году"


def level_label(level: str | None) -> str:
    if not level:
        return NOT_ASSESSED
    try:
        return RiskLevel(level).label
    except ValueError:
        return level


def source_label(source: str | None) -> str:
    if not source:
        return ""
    try:
        return RiskSource(source).label
    except ValueError:
        return source


def level_rank(level: str | None) -> int | None:
    if not level:
        return None
    try:
        return RiskLevel(level).rank
    except ValueError:
        return None


def compare_levels(previous: str | None, current: str | None) -> Change | None:
    """How a factor changed from last year to this; None when it was assessed in neither."""
    if previous is None and current is None:
        return None
    if current is None:
        return Change.NOT_ASSESSED
    was = previous in PRESENT_LEVELS
    now = current in PRESENT_LEVELS
    if now and not was:
        return Change.NEW
    if was and not now:
        return Change.GONE
    if not was and not now:
        return Change.SAME
    before, after = level_rank(previous) or 0, level_rank(current) or 0
    if after < before:
        return Change.FELL
    if after > before:
        return Change.ROSE
    return Change.SAME


@dataclass
class ProfileEntry:
    """One factor of a school's profile in a year (also the row the editor shows and edits)."""

    factor_id: int
    factor_name: str
    position: int
    factor_retired: bool = False
    level: str | None = None  # RiskLevel value; None — not assessed
    source: str = ""
    comment: str = ""
    assessment_id: int | None = None
    assessment_version: int | None = None
    previous_level: str | None = None
    measures: int = 0  # measures of this school, year and factor, cancelled ones left out

    @property
    def change(self) -> Change | None:
        return compare_levels(self.previous_level, self.level)

    @property
    def without_measure(self) -> bool:
        return self.level in SERIOUS_LEVELS and self.measures == 0

    @property
    def level_text(self) -> str:
        return level_label(self.level)


@dataclass
class Comparison:
    previous_year: int
    has_previous: bool
    fell: list[str] = field(default_factory=list)
    rose: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    not_assessed: list[str] = field(default_factory=list)

    def text(self) -> str:
        if not self.has_previous:
            return f"Профиля за {self.previous_year} г. нет — сравнивать не с чем."
        parts = []
        for title, names in (("выросли", self.rose), ("новые", self.new),
                             ("снизились", self.fell), ("сняты", self.gone),
                             ("не оценены в этом году", self.not_assessed)):
            if names:
                parts.append(f"{title} ({len(names)}): " + "; ".join(names))
        if not parts:
            return f"По сравнению с {self.previous_year} г. уровни рисков не изменились."
        return f"По сравнению с {self.previous_year} г.: " + ". ".join(parts) + "."


def compare_entries(entries: Sequence[ProfileEntry], previous_year: int,
                    has_previous: bool) -> Comparison:
    result = Comparison(previous_year, has_previous)
    if not has_previous:
        return result
    buckets = {Change.FELL: result.fell, Change.ROSE: result.rose, Change.NEW: result.new,
               Change.GONE: result.gone, Change.NOT_ASSESSED: result.not_assessed}
    for entry in entries:
        bucket = buckets.get(entry.change)  # type: ignore[arg-type]
        if bucket is not None:
            bucket.append(entry.factor_name)
    return result


@dataclass
class Profile:
    school_id: int
    year: int
    entries: list[ProfileEntry]
    has_previous: bool

    @property
    def comparison(self) -> Comparison:
        return compare_entries(self.entries, self.year - 1, self.has_previous)

    @property
    def without_measures(self) -> list[ProfileEntry]:
        return [e for e in self.entries if e.without_measure]

    @property
    def assessed(self) -> int:
        return sum(1 for e in self.entries if e.level is not None)


def _assessments(session: Session, school_id: int, year: int) -> dict[int, RiskAssessment]:
    rows = session.scalars(select(RiskAssessment).where(RiskAssessment.school_id == school_id,
                                                        RiskAssessment.year == year))
    return {r.factor_id: r for r in rows}


def measure_counts(session: Session, year: int,
                   school_id: int | None = None) -> dict[tuple[int, int], int]:
    """(school_id, factor_id) -> measures in the year that are not cancelled."""
    stmt = select(AntiRiskMeasure.school_id, AntiRiskMeasure.factor_id).where(
        AntiRiskMeasure.year == year, AntiRiskMeasure.state != WorkState.CANCELLED.value)
    if school_id is not None:
        stmt = stmt.where(AntiRiskMeasure.school_id == school_id)
    counts: dict[tuple[int, int], int] = {}
    for key in session.execute(stmt):
        counts[(key[0], key[1])] = counts.get((key[0], key[1]), 0) + 1
    return counts


def load_profile(session: Session, school_id: int, year: int) -> Profile:
    """Every factor of the year's list with the school's level (or none), last year's level and
    the number of measures."""
    current = _assessments(session, school_id, year)
    previous = _assessments(session, school_id, year - 1)
    counts = measure_counts(session, year, school_id)
    factor_ids = {f.id for f in factors_for_year(session, year)} | set(current)
    factors = sorted((session.get(RiskFactor, fid) for fid in factor_ids),
                     key=lambda f: (f.position, f.id))  # type: ignore[union-attr]
    entries = []
    for factor in factors:
        assert factor is not None
        row = current.get(factor.id)
        before = previous.get(factor.id)
        entries.append(ProfileEntry(
            factor_id=factor.id, factor_name=factor.name, position=factor.position,
            factor_retired=factor.retired,
            level=row.level if row else None, source=row.source if row else "",
            comment=row.comment if row else "", assessment_id=row.id if row else None,
            assessment_version=row.version if row else None,
            previous_level=before.level if before else None,
            measures=counts.get((school_id, factor.id), 0),
        ))
    return Profile(school_id, year, entries, has_previous=bool(previous))


def validate_entries(entries: Iterable[ProfileEntry]) -> None:
    errors = Errors()
    levels = {m.value for m in RiskLevel}
    sources = {m.value for m in RiskSource}
    for e in entries:
        key = f"factor_{e.factor_id}"
        if e.level is not None and e.level not in levels:
            errors.add(key, f"«{e.factor_name}»: уровень «{e.level}» неизвестен — выберите высокий, "
                            "средний, низкий или нет.")
        if e.source and e.source not in sources:
            errors.add(key, f"«{e.factor_name}»: источник «{e.source}» неизвестен.")
        if e.level is None and (e.source or e.comment.strip()):
            errors.add(key, f"«{e.factor_name}»: указан источник или комментарий, но не уровень "
                            "риска — выберите уровень (или «нет»).")
        if len(e.comment) > COMMENT_MAX:
            errors.add(key, f"«{e.factor_name}»: комментарий длиннее {COMMENT_MAX} знаков.")
    errors.raise_if_any()


def save_profile(session: Session, school_id: int, year: int,
                 entries: Sequence[ProfileEntry]) -> int:
    """Write the levels of ``entries`` (a factor without a level is removed from the profile).

    Returns how many rows were added, changed or removed. A row changed by someone else since
    the profile was loaded (another version) raises StaleDataError and nothing is written (the
    caller's transaction rolls back).
    """
    errors = Errors()
    if session.get(School, school_id) is None:
        errors.add("school_id", "Школа не найдена: возможно, её удалили.")
    if not 2000 <= year <= 2100:
        errors.add("year", "Год — четыре цифры, например 2025.")
    errors.raise_if_any()
    validate_entries(entries)
    existing = _assessments(session, school_id, year)
    changed = 0
    for e in entries:
        row = existing.get(e.factor_id)
        if row is not None and (e.assessment_id is None or row.version != e.assessment_version):
            raise StaleDataError(f"risk assessment {row.id} changed since it was loaded")
        if row is None and e.assessment_id is not None:
            raise StaleDataError(f"risk assessment {e.assessment_id} removed since it was loaded")
        comment = e.comment.strip()
        if e.level is None:
            if row is not None:
                session.delete(row)
                changed += 1
            continue
        if row is None:
            if session.get(RiskFactor, e.factor_id) is None:
                raise StaleDataError(f"risk factor {e.factor_id} removed")
            session.add(RiskAssessment(school_id=school_id, year=year, factor_id=e.factor_id,
                                       level=e.level, source=e.source, comment=comment))
            changed += 1
        elif (row.level, row.source, row.comment) != (e.level, e.source, comment):
            row.level, row.source, row.comment = e.level, e.source, comment
            changed += 1
    session.flush()
    log.info("risk profile of school %s, %s: %d rows changed", school_id, year, changed)
    return changed


def profile_years(session: Session, school_id: int | None = None) -> list[int]:
    stmt = select(RiskAssessment.year).distinct()
    if school_id is not None:
        stmt = stmt.where(RiskAssessment.school_id == school_id)
    return sorted(set(session.scalars(stmt)), reverse=True)


# --- the district -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UncoveredRisk:
    """A high or medium risk of a school in a year that no measure answers."""

    school_id: int
    school_name: str
    login: str
    year: int
    factor_id: int
    factor_name: str
    level: str

    @property
    def level_text(self) -> str:
        return level_label(self.level)


def risks_without_measures(session: Session, year: int,
                           school_id: int | None = None) -> list[UncoveredRisk]:
    counts = measure_counts(session, year, school_id)
    stmt = (select(RiskAssessment, School, RiskFactor).join(School, RiskAssessment.school_id == School.id)
            .join(RiskFactor, RiskAssessment.factor_id == RiskFactor.id)
            .where(RiskAssessment.year == year, RiskAssessment.level.in_(SERIOUS_LEVELS)))
    if school_id is not None:
        stmt = stmt.where(RiskAssessment.school_id == school_id)
    out = []
    for a, school, factor in session.execute(stmt):
        if counts.get((a.school_id, a.factor_id), 0) == 0:
            out.append(UncoveredRisk(school.id, school.short_name, school.fis_login or "", year,
                                     factor.id, factor.name, a.level))
    out.sort(key=lambda r: (-(level_rank(r.level) or 0), r.school_name.casefold(), r.factor_name))
    return out


@dataclass
class MatrixRow:
    school_id: int
    login: str
    name: str
    statuses: str  # «ШНОР, ШНСУ» in the year
    levels: dict[int, str | None]  # factor_id -> level (None: not assessed)

    def level(self, factor_id: int) -> str | None:
        return self.levels.get(factor_id)


@dataclass
class RiskMatrix:
    """Schools × factors of one year: the heat map and ``shnor risks``."""

    year: int
    factors: list[tuple[int, str]]  # (id, name) in list order
    rows: list[MatrixRow]

    def header(self) -> list[str]:
        return ["login", "name", *[name for _, name in self.factors]]

    def table(self) -> list[list[str]]:
        """One row per school: login, name, then the level of each factor («» if not assessed)."""
        return [[r.login, r.name, *[level_label(r.level(fid)) if r.level(fid) else ""
                                    for fid, _ in self.factors]] for r in self.rows]


def status_texts(session: Session, year: int) -> dict[int, str]:
    """school_id -> «ШНОР, ШНСУ» of the year (schools without a status left out)."""
    order = {k.value: i for i, k in enumerate(SchoolStatusKind)}
    kinds: dict[int, list[str]] = {}
    for school_id, kind in session.execute(select(SchoolStatus.school_id, SchoolStatus.kind)
                                           .where(SchoolStatus.year == year)):
        kinds.setdefault(school_id, []).append(kind)
    out = {}
    for school_id, values in kinds.items():
        labels = []
        for kind in sorted(set(values), key=lambda k: order.get(k, 99)):
            try:
                labels.append(SchoolStatusKind(kind).label)
            except ValueError:
                labels.append(kind)
        out[school_id] = ", ".join(labels)
    return out


def risk_matrix(session: Session, year: int, *, all_schools: bool = False) -> RiskMatrix:
    """The levels of every school with a profile in ``year`` (every non-archived school with
    ``all_schools``), ordered by name; factors as the year's list shows them."""
    assessments = list(session.scalars(select(RiskAssessment).where(RiskAssessment.year == year)))
    by_school: dict[int, dict[int, str | None]] = {}
    for a in assessments:
        by_school.setdefault(a.school_id, {})[a.factor_id] = a.level
    factors = factors_for_year(session, year)
    stmt = select(School)
    if all_schools:
        stmt = stmt.where((School.archived.is_(False)) | (School.id.in_(list(by_school) or [-1])))
    else:
        stmt = stmt.where(School.id.in_(list(by_school) or [-1]))
    schools = sorted(session.scalars(stmt), key=lambda s: (s.short_name.casefold(), s.id))
    statuses = status_texts(session, year)
    rows = [MatrixRow(s.id, s.fis_login or "", s.short_name, statuses.get(s.id, ""),
                      dict(by_school.get(s.id, {}))) for s in schools]
    return RiskMatrix(year, [(f.id, f.name) for f in factors], rows)


def level_counts(matrix: RiskMatrix) -> Mapping[str, int]:
    counts = {m.value: 0 for m in RiskLevel}
    for row in matrix.rows:
        for level in row.levels.values():
            if level in counts:
                counts[level] += 1
    return counts
