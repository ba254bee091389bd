"""Loading a slice of results from the database into plain, session-free rows.

A slice is year × procedure × grade × subject (× session: весна / осень / ''). ``load_rows``
accepts one year or several and leaves grade or subject open when they are not given, so the
same loader feeds the flags of one slice, the stability over years and the district table of a
whole year. Subjects match case-insensitively («математика» = «Математика»; ё = е).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AssessmentResult, School, SchoolStatus
from ..models.enums import Procedure
from ..registry.scope import Scope, district_scope, school_ids
from . import AnalyticsError
from .indicators import INDICATORS, participants_of

if TYPE_CHECKING:
    import pandas as pd

_PROCEDURE_SPELLINGS = {
    "впр": Procedure.VPR, "vpr": Procedure.VPR,
    "огэ": Procedure.OGE, "oge": Procedure.OGE,
    "егэ": Procedure.EGE, "ege": Procedure.EGE,
    "рдр": Procedure.RDR, "rdr": Procedure.RDR,
}


def parse_procedure(text: str | Procedure) -> Procedure:
    """ВПР/ОГЭ/ЕГЭ or VPR/OGE/EGE in any case (and every other code or label of ``Procedure``)."""
    if isinstance(text, Procedure):
        return text
    key = text.strip().casefold()
    if key in _PROCEDURE_SPELLINGS:
        return _PROCEDURE_SPELLINGS[key]
    for member in Procedure:
        if key in (member.value.casefold(), member.label.casefold()):
            return member
    raise AnalyticsError(f"Неизвестная процедура «{text}»: укажите ВПР, ОГЭ или ЕГЭ.")


def subject_key(subject: str) -> str:
    """The form in which subjects are compared: case-, ё- and space-insensitive."""
    return " ".join(subject.casefold().replace("ё", "е").split())


@dataclass(frozen=True, order=True)
class SliceKey:
    year: int
    procedure: str  # Procedure code: VPR, OGE…
    grade: int
    subject: str
    session: str = ""

    @property
    def procedure_label(self) -> str:
        try:
            return Procedure(self.procedure).label
        except ValueError:
            return self.procedure

    def same_test(self, other: SliceKey) -> bool:
        """The same procedure, grade and subject (any year)."""
        return (self.procedure, self.grade, subject_key(self.subject)) == (
            other.procedure, other.grade, subject_key(other.subject))


@dataclass(frozen=True)
class ResultNumbers:
    """A plain copy of the numeric columns of one ``AssessmentResult`` (satisfies ``ResultLike``)."""

    participants: int | None = None
    absent: int | None = None
    mark2: int | None = None
    mark3: int | None = None
    mark4: int | None = None
    mark5: int | None = None
    mean_score: float | None = None
    median_score: float | None = None
    max_score: float | None = None
    kv: float | None = None
    share_below_min: float | None = None
    share_80plus: float | None = None
    journal_lower: int | None = None
    journal_same: int | None = None
    journal_higher: int | None = None


NUMBER_COLUMNS: tuple[str, ...] = tuple(ResultNumbers.__dataclass_fields__)


@dataclass(frozen=True)
class SchoolRow:
    """One school's result in one slice, with every indicator computed."""

    school_id: int
    login: str
    short_name: str
    key: SliceKey
    numbers: ResultNumbers
    statuses: frozenset[str] = frozenset()  # SchoolStatusKind codes held in key.year
    values: dict[str, float | None] = field(default_factory=dict)
    result_id: int | None = None

    @property
    def participants(self) -> int | None:
        return participants_of(self.numbers)

    def value(self, indicator_key: str) -> float | None:
        return self.values.get(indicator_key)


def make_row(
    school_id: int, login: str, short_name: str, key: SliceKey, numbers: ResultNumbers,
    statuses: Iterable[str] = (), result_id: int | None = None,
) -> SchoolRow:
    """Build a row and compute every indicator of the catalogue (also used by tests and the UI)."""
    values = {ind.key: ind.value(numbers) for ind in INDICATORS}
    return SchoolRow(school_id, login, short_name, key, numbers, frozenset(statuses), values, result_id)


def load_rows(
    session: Session,
    *,
    years: int | Iterable[int],
    procedure: str | Procedure | None = None,
    grade: int | None = None,
    subject: str | None = None,
    session_name: str | None = None,
    scope: Scope | None = None,
) -> list[SchoolRow]:
    """Results of the given years (and, if given, procedure, grade, subject, session) as rows.

    Only the schools of ``scope`` are loaded: by default the district's (the profile's
    municipality), so that every analysis compares a school with its own district; pass
    ``registry.scope.EVERYTHING`` for the whole database (the region, when it was loaded).
    Spellings of one subject that differ only in case are merged under the most frequent one.
    """
    year_list = [years] if isinstance(years, int) else sorted(set(years))
    if not year_list:
        return []
    ar = AssessmentResult
    stmt = (
        select(ar.id, ar.school_id, ar.year, ar.procedure, ar.grade, ar.subject, ar.session,
               *[getattr(ar, c) for c in NUMBER_COLUMNS], School.fis_login, School.short_name)
        .join(School, School.id == ar.school_id)
        .where(ar.year.in_(year_list))
    )
    if procedure is not None:
        stmt = stmt.where(ar.procedure == parse_procedure(procedure).value)
    if grade is not None:
        stmt = stmt.where(ar.grade == grade)
    if session_name is not None:
        stmt = stmt.where(ar.session == session_name)
    ids = school_ids(session, scope if scope is not None else district_scope(session))
    if ids is not None:
        stmt = stmt.where(ar.school_id.in_(ids))
    if subject is not None:
        # SQLite lower() knows only ASCII: match Cyrillic spellings in Python, filter in SQL.
        wanted = subject_key(subject)
        spellings_stmt = select(ar.subject).distinct().where(ar.year.in_(year_list))
        spellings = [s for s in session.scalars(spellings_stmt) if subject_key(s) == wanted]
        if not spellings:
            return []
        stmt = stmt.where(ar.subject.in_(spellings))
    records = session.execute(stmt).all()

    status_rows = session.execute(
        select(SchoolStatus.school_id, SchoolStatus.year, SchoolStatus.kind)
        .where(SchoolStatus.year.in_(year_list))
    ).all()
    statuses: dict[tuple[int, int], set[str]] = {}
    for school_id, year, kind in status_rows:
        statuses.setdefault((school_id, year), set()).add(kind)

    spelling_counts: dict[str, Counter[str]] = {}
    for rec in records:
        spelling_counts.setdefault(subject_key(rec.subject), Counter())[rec.subject] += 1
    canonical = {k: c.most_common(1)[0][0] for k, c in spelling_counts.items()}

    rows = []
    for rec in records:
        key = SliceKey(rec.year, rec.procedure, rec.grade, canonical[subject_key(rec.subject)],
                       rec.session or "")
        numbers = ResultNumbers(**{c: getattr(rec, c) for c in NUMBER_COLUMNS})
        rows.append(make_row(rec.school_id, rec.fis_login or "", rec.short_name, key, numbers,
                             statuses.get((rec.school_id, rec.year), ()), rec.id))
    rows.sort(key=lambda r: (r.key, r.short_name, r.school_id))
    return rows


def group_by_slice(rows: Iterable[SchoolRow]) -> dict[SliceKey, list[SchoolRow]]:
    groups: dict[SliceKey, list[SchoolRow]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    return groups


def one_session_per_year(rows: Sequence[SchoolRow]) -> None:
    """Refuse a slice that mixes two sessions of one test in one year (spring and autumn ВПР)."""
    seen: dict[tuple[int, str, int, str], set[str]] = {}
    for row in rows:
        k = row.key
        seen.setdefault((k.year, k.procedure, k.grade, subject_key(k.subject)), set()).add(k.session)
    for (year, _proc, _grade, _subj), sessions in sorted(seen.items()):
        if len(sessions) > 1:
            names = ", ".join(f"«{s}»" if s else "без сессии" for s in sorted(sessions))
            raise AnalyticsError(
                f"В {year} г. в срезе несколько сессий ({names}): выберите одну сессию."
            )


def results_catalogue(session: Session) -> tuple[int | None, list[str], list[int], list[str]]:
    """(the latest year, procedure codes, grades, subjects) that the database holds results for."""
    ar = AssessmentResult
    latest = session.scalar(select(func.max(ar.year)))
    procedures = sorted(set(session.scalars(select(ar.procedure).distinct())))
    grades = sorted(set(session.scalars(select(ar.grade).distinct())))
    subjects = sorted(set(session.scalars(select(ar.subject).distinct())), key=str.casefold)
    return latest, procedures, grades, subjects


def to_dataframe(rows: Sequence[SchoolRow]) -> pd.DataFrame:
    """The rows as a pandas DataFrame: ids, slice, participants, raw numbers and indicators."""
    # heavy: pandas loads only when a DataFrame is asked for
    import pandas as pd

    records: list[dict[str, Any]] = []
    for r in rows:
        rec: dict[str, Any] = {
            "school_id": r.school_id, "login": r.login, "short_name": r.short_name,
            "statuses": ",".join(sorted(r.statuses)), "year": r.key.year,
            "procedure": r.key.procedure, "grade": r.key.grade, "subject": r.key.subject,
            "session": r.key.session, "participants_used": r.participants,
        }
        rec.update({c: getattr(r.numbers, c) for c in NUMBER_COLUMNS})
        rec.update({f"ind_{k}": v for k, v in r.values.items()})
        records.append(rec)
    return pd.DataFrame.from_records(records)
