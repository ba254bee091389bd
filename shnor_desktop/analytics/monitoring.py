"""Annual monitoring indicators (seed 001, section 3) and the nine effectiveness criteria (seed 004).

Everything is computed from the records of the database for one calendar year ``Y``; nothing is
typed in. Definitions (each one is unit-tested):

* **Schools under monitoring** of year Y: schools with the status ШНОР or ШНСУ for Y.
* **Positive dynamics of a school**: take the school's ВПР and ОГЭ slices (procedure, grade,
  subject, session) present in both Y and Y−1. For each slice use the коэффициент выполнения
  when both years have it, otherwise the качество (share of marks «4» and «5» among all marks).
  The school shows positive dynamics when the mean of (value in Y − value in Y−1) over these
  slices is above zero. A school with no such pair of slices has no data and is left out of
  the denominator (the note says how many).
* **Low-results index**: the share of marks «2» among all marks of the monitored schools' ВПР and
  ОГЭ in Y (the note gives Y−1 for comparison).
* **Pedagogues** of a school: people of that school with the category «учитель» or «заместитель
  руководителя» who are not marked as having left.
* **Diagnosed** in Y: a pedagogue with a record in the registry of difficulties found by
  «диагностика» dated in Y. **Positive dynamics** of a diagnosed pedagogue: one of those records
  has score_after > score_before or is marked overcome.
* **Covered by methodical work**: a visit to the school in Y marked «проведён».
  **By partnerships**: the school is Школа 2 of an agreement «действует» or «истёк» whose term
  (from term_start or the agreement date to term_end; open ends are unbounded) meets Y.
  **By addressed help**: a curator/mentor/tutor/coordinator assigned to the school, or a mentoring
  pair whose mentee is the school or one of its people, in force during Y (not cancelled).
* **Trained**: a pedagogue with a course ending (or, without an end, starting) in Y.

The nine criteria of seed 004 are evaluated per monitored school: met / not met / no data.
ЕГЭ criteria compare with the regional (республиканский) figure if it is set for the year in
the settings (``monitoring.regional``), otherwise with the district figure, and say which.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .. import russian
from ..models import (
    AssessmentResult,
    Course,
    MentoringPair,
    MethodicalVisit,
    Partnership,
    PartnershipPlanItem,
    Person,
    ProfessionalDeficit,
    School,
    SchoolContext,
    SchoolStatus,
    Setting,
    SupportAssignment,
)
from ..models.enums import (
    AgreementState,
    DeficitSource,
    PersonCategory,
    Procedure,
    SchoolStatusKind,
    VisitState,
    WorkState,
)
from ..registry.scope import district_scope, school_ids
from ..validation import Errors

MONITORED_KINDS = (SchoolStatusKind.SHNOR.value, SchoolStatusKind.SHNSU.value)
PEDAGOGUE_CATEGORIES = (PersonCategory.TEACHER.value, PersonCategory.DEPUTY.value)
DYNAMICS_PROCEDURES = (Procedure.VPR.value, Procedure.OGE.value)
REGIONAL_SETTING = "monitoring.regional"
ABSENCE_KEY = "unexcused_absence"  # SchoolContext.answers: уроков пропущено без уважительной причины
ABSENCE_SOURCE = "monitoring"

MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"
VERDICT_LABELS = {MET: "выполнен", NOT_MET: "не выполнен", NO_DATA: "нет данных"}

# Seed 004, «Критерии оценки результативности и эффективности деятельности общеобразовательных
# организаций…»: number, name, expected result — word for word.
CRITERIA: tuple[tuple[int, str, str], ...] = (
    (1, "Доля выпускников 9 кл., не получивших аттестат, %", "0"),
    (2, "Доля выпускников 11 кл., не получивших аттестат, %", "0"),
    (3, "Средний балл ЕГЭ, русский язык", "Равен среднереспубликанскому показателю или выше"),
    (4, "Средний балл ЕГЭ, математика", "Равен среднереспубликанскому показателю или выше"),
    (5, "Предметы по выбору, средний балл ЕГЭ", "Равен среднереспубликанскому показателю или выше"),
    (6, "Доля участников с результатом 80 и более баллов, %",
     "Равен среднереспубликанскому показателю или выше"),
    (7, "Наличие и реализация мероприятий в рамках выполнения партнерского(их) договора(ов) о "
        "взаимодействии и сотрудничестве со школами с высокими результатами обучения",
     "Партнерский договор, выполнение плана реализуемых мероприятий"),
    (8, "Результативность участия во всероссийских и республиканских мониторинговых исследованиях "
        "качества образования", "Аналитические материалы"),
    (9, "Уменьшение показателя непосещаемости учащимися уроков в школе по неуважительной причине",
     "Ниже среднерайонного показателя"),
)
REGIONAL_KEYS = {3: "ege_russian", 4: "ege_math", 5: "ege_elective", 6: "ege_80plus"}
REGIONAL_LABELS = {
    "ege_russian": "Средний балл ЕГЭ, русский язык",
    "ege_math": "Средний балл ЕГЭ, математика (профильная)",
    "ege_elective": "Средний балл ЕГЭ, предметы по выбору",
    "ege_80plus": "Доля участников ЕГЭ с результатом 80 и более баллов, %",
}


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    kind: str  # "share" (numerator / denominator) or "count" (numerator of denominator schools)
    numerator: int
    denominator: int
    note: str = ""

    @property
    def value(self) -> float | None:
        """A share as 0..1, a count as the count; None when there is nothing to divide by."""
        if self.kind == "count":
            return float(self.numerator)
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | int | None:
        """The value as the CLI prints it: percent with one decimal, or the count."""
        value = self.value
        if value is None:
            return None
        return round(value * 100, 1) if self.kind == "share" else self.numerator

    @property
    def unit(self) -> str:
        return "%" if self.kind == "share" else "ОО"

    def text(self) -> str:
        if self.kind == "count":
            return f"{self.numerator} из {self.denominator}"
        if not self.denominator:
            return "нет данных"
        return russian.percent(self.value)


@dataclass(frozen=True)
class SchoolRow:
    """One monitored school: its statuses, dynamics and coverage in the year."""

    school_id: int
    name: str
    kinds: tuple[str, ...]
    previous: float | None  # mean of the metric over the matched slices, Y−1
    current: float | None  # the same for Y
    slices: int  # matched slices
    methodical: bool
    partnership: bool
    addressed: bool

    @property
    def delta(self) -> float | None:
        return None if self.previous is None or self.current is None else self.current - self.previous

    @property
    def positive(self) -> bool | None:
        return None if self.delta is None else self.delta > 0

    @property
    def kinds_text(self) -> str:
        return ", ".join(SchoolStatusKind(k).label for k in self.kinds)


@dataclass(frozen=True)
class CriterionResult:
    school_id: int
    school: str
    number: int
    name: str
    expected: str
    value: str  # the school's figure, in words
    reference: str  # what it was compared with
    verdict: str  # MET / NOT_MET / NO_DATA

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


@dataclass
class MonitoringReport:
    year: int
    indicators: list[Indicator]
    schools: list[SchoolRow]
    criteria: list[CriterionResult]

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)


# --- helpers ------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _meets_year(start: dt.date | None, end: dt.date | None, year: int) -> bool:
    first, last = _year_bounds(year)
    return (start is None or start <= last) and (end is None or end >= first)


def quality(row: AssessmentResult) -> float | None:
    """Share of «4» and «5» among all marks, when all four counts are known."""
    marks = (row.mark2, row.mark3, row.mark4, row.mark5)
    if any(m is None for m in marks):
        return None
    total = sum(marks)  # type: ignore[arg-type]
    return (row.mark4 + row.mark5) / total if total else None  # type: ignore[operator]


def _marks_total(row: AssessmentResult) -> int | None:
    marks = (row.mark2, row.mark3, row.mark4, row.mark5)
    return None if any(m is None for m in marks) else sum(marks)  # type: ignore[arg-type]


def _district_ids(session: Session) -> list[int] | None:
    """The district's schools (the profile's municipality); None: every school is the district's."""
    return school_ids(session, district_scope(session))


def _in_district(stmt: Any, column: Any, ids: list[int] | None) -> Any:
    return stmt if ids is None else stmt.where(column.in_(ids))


def monitored_schools(session: Session, year: int) -> dict[int, tuple[School, tuple[str, ...]]]:
    """The district's schools with the status ШНОР or ШНСУ for ``year`` -> (school, their kinds)."""
    rows = session.execute(_in_district(
        select(SchoolStatus.school_id, SchoolStatus.kind)
        .where(SchoolStatus.year == year, SchoolStatus.kind.in_(MONITORED_KINDS)),
        SchoolStatus.school_id, _district_ids(session))
    ).all()
    kinds: dict[int, list[str]] = defaultdict(list)
    for school_id, kind in rows:
        kinds[school_id].append(kind)
    schools = {s.id: s for s in session.scalars(select(School).where(School.id.in_(kinds)))}
    order = [k.value for k in SchoolStatusKind]
    return {sid: (schools[sid], tuple(sorted(kinds[sid], key=order.index)))
            for sid in sorted(schools, key=lambda i: schools[i].short_name)}


def shnor_count(session: Session, year: int) -> int:
    return len(session.scalars(_in_district(select(SchoolStatus.school_id).where(
        SchoolStatus.year == year, SchoolStatus.kind == SchoolStatusKind.SHNOR.value),
        SchoolStatus.school_id, _district_ids(session))).all())


def district_school_count(session: Session) -> int:
    return len(session.scalars(_in_district(select(School.id).where(School.archived.is_(False)),
                                            School.id, _district_ids(session))).all())


def status_years(session: Session) -> list[int]:
    return sorted(set(session.scalars(select(SchoolStatus.year).distinct())))


def _results(session: Session, school_ids: Iterable[int] | None, years: Sequence[int],
             procedures: Sequence[str]) -> list[AssessmentResult]:
    stmt = select(AssessmentResult).where(AssessmentResult.year.in_(list(years)),
                                          AssessmentResult.procedure.in_(list(procedures)))
    if school_ids is not None:
        stmt = stmt.where(AssessmentResult.school_id.in_(list(school_ids)))
    return list(session.scalars(stmt))


# --- dynamics -----------------------------------------------------------------------------


def _percent_text(value: float) -> str:
    return f"{russian.number(value, 1)}{russian.NBSP}%"


def _number_text(value: float) -> str:
    return russian.number(value, 1)


def _year_of(day: dt.date | None) -> int | None:
    return None if day is None else day.year


def school_dynamics(rows: Iterable[AssessmentResult], year: int) -> tuple[float | None, float | None, int]:
    """(mean in Y−1, mean in Y, matched slices) for one school's ВПР/ОГЭ rows; see the module doc."""
    by_key: dict[tuple[str, int, str, str], dict[int, AssessmentResult]] = defaultdict(dict)
    for r in rows:
        if r.procedure in DYNAMICS_PROCEDURES and r.year in (year, year - 1):
            by_key[(r.procedure, r.grade, r.subject.casefold(), r.session or "")][r.year] = r
    previous, current = [], []
    for pair in by_key.values():
        if year not in pair or year - 1 not in pair:
            continue
        cur, prev = pair[year], pair[year - 1]
        before: float | None
        after: float | None
        if cur.kv is not None and prev.kv is not None:
            before, after = prev.kv, cur.kv
        else:
            before, after = quality(prev), quality(cur)
        if before is None or after is None:
            continue
        a, b = before, after
        previous.append(a)
        current.append(b)
    if not current:
        return None, None, 0
    return sum(previous) / len(previous), sum(current) / len(current), len(current)


# --- coverage -----------------------------------------------------------------------------


def _visited(session: Session, school_ids: set[int], year: int) -> set[int]:
    first, last = _year_bounds(year)
    return set(session.scalars(select(MethodicalVisit.school_id).where(
        MethodicalVisit.school_id.in_(school_ids), MethodicalVisit.state == VisitState.DONE.value,
        MethodicalVisit.date >= first, MethodicalVisit.date <= last)))


def _partnership_in_force(p: Partnership, year: int) -> bool:
    if p.state not in (AgreementState.ACTIVE.value, AgreementState.EXPIRED.value):
        return False
    return _meets_year(p.term_start or p.agreement_date, p.term_end, year)


def _partnered(session: Session, school_ids: set[int], year: int) -> set[int]:
    rows = session.scalars(select(Partnership).where(Partnership.supported_school_id.in_(school_ids)))
    return {p.supported_school_id for p in rows if _partnership_in_force(p, year)}


def _addressed(session: Session, school_ids: set[int], year: int) -> set[int]:
    out = {a.school_id for a in session.scalars(
        select(SupportAssignment).where(SupportAssignment.school_id.in_(school_ids)))
        if _meets_year(a.date_from, a.date_to, year)}
    people = dict(session.execute(select(Person.id, Person.school_id)
                                  .where(Person.school_id.in_(school_ids))).all())
    pairs = session.scalars(select(MentoringPair).where(
        MentoringPair.state != WorkState.CANCELLED.value,
        or_(MentoringPair.mentee_school_id.in_(school_ids),
            MentoringPair.mentee_person_id.in_(list(people)))))
    for pair in pairs:
        if not _meets_year(pair.date_from, pair.date_to, year):
            continue
        if pair.mentee_school_id in school_ids:
            out.add(pair.mentee_school_id)
        if pair.mentee_person_id in people:
            out.add(people[pair.mentee_person_id])
    return {i for i in out if i is not None}


# --- teachers -----------------------------------------------------------------------------


def pedagogues(session: Session, school_ids: set[int]) -> list[Person]:
    return list(session.scalars(select(Person).where(
        Person.school_id.in_(school_ids), Person.category.in_(PEDAGOGUE_CATEGORIES),
        Person.archived.is_(False))))


def _teacher_figures(session: Session, school_ids: set[int], year: int
                     ) -> tuple[int, int, int, int]:
    """(pedagogues, diagnosed in Y, of them with positive dynamics, trained in Y)."""
    people = {p.id for p in pedagogues(session, school_ids)}
    first, last = _year_bounds(year)
    deficits = session.scalars(select(ProfessionalDeficit).where(
        ProfessionalDeficit.person_id.in_(people),
        ProfessionalDeficit.found_by == DeficitSource.DIAGNOSTIC.value,
        ProfessionalDeficit.found_on >= first, ProfessionalDeficit.found_on <= last)).all()
    diagnosed = {d.person_id for d in deficits}
    improved = {d.person_id for d in deficits
                if d.overcome or (d.score_before is not None and d.score_after is not None
                                  and d.score_after > d.score_before)}
    trained = set()
    for course in session.scalars(select(Course).where(Course.person_id.in_(people))):
        when = course.date_to or course.date_from
        if when is not None and when.year == year:
            trained.add(course.person_id)
    return len(people), len(diagnosed), len(improved), len(trained)


# --- the report ---------------------------------------------------------------------------


def monitoring_report(session: Session, year: int, *, today: dt.date | None = None) -> MonitoringReport:
    today = today or dt.date.today()
    monitored = monitored_schools(session, year)
    ids = set(monitored)
    results = _results(session, ids, (year - 1, year), DYNAMICS_PROCEDURES)
    by_school: dict[int, list[AssessmentResult]] = defaultdict(list)
    for r in results:
        by_school[r.school_id].append(r)
    visited, partnered, addressed = (_visited(session, ids, year), _partnered(session, ids, year),
                                     _addressed(session, ids, year))
    schools = []
    for sid, (school, kinds) in monitored.items():
        prev, cur, n = school_dynamics(by_school[sid], year)
        schools.append(SchoolRow(sid, school.short_name, kinds, prev, cur, n,
                                 sid in visited, sid in partnered, sid in addressed))

    with_data = [s for s in schools if s.positive is not None]
    positive = sum(1 for s in with_data if s.positive)
    without = len(schools) - len(with_data)
    note = (f"сравнение с {year - 1} г. по одинаковым работам ВПР и ОГЭ (КВ или качество)"
            + (f"; без сопоставимых данных: {without} ОО" if without else ""))

    def low_index(y: int) -> tuple[int, int]:
        twos = total = 0
        for r in results:
            t = _marks_total(r)
            if r.year == y and t:
                twos += r.mark2 or 0
                total += t
        return twos, total

    twos, marks = low_index(year)
    twos_prev, marks_prev = low_index(year - 1)
    low_note = (f"у этих же школ в {year - 1} г.: {russian.percent(twos_prev / marks_prev)}" if marks_prev
                else f"у этих школ за {year - 1} г. данных нет")
    staff, diagnosed, improved, trained = _teacher_figures(session, ids, year)
    total_schools = district_school_count(session)
    shnor = shnor_count(session, year)

    n = len(schools)
    indicators = [
        Indicator("positive_dynamics", "Доля ШНОР и ШНСУ, показавших положительную динамику "
                  "образовательных результатов", "share", positive, len(with_data), note),
        Indicator("low_results_index", "Индекс низких результатов: доля отметок «2» по ВПР и ОГЭ "
                  "в ШНОР и ШНСУ", "share", twos, marks, low_note),
        Indicator("teachers_diagnosed", "Доля педагогических работников ШНОР и ШНСУ, прошедших "
                  "диагностику профессиональных дефицитов", "share", diagnosed, staff,
                  "из всех педагогов этих школ"),
        Indicator("teachers_positive", "Доля педагогов ШНОР и ШНСУ, показавших положительную "
                  "динамику по итогам диагностики", "share", improved, diagnosed,
                  "из прошедших диагностику в этом году: балл вырос или затруднение преодолено"),
        Indicator("covered_methodical", "Количество ШНОР и ШНСУ, охваченных методической работой",
                  "count", len(visited), n, "проведённый методический выезд в этом году"),
        Indicator("covered_partnership", "Количество ШНОР и ШНСУ, вовлечённых в сетевое "
                  "взаимодействие со школами-лидерами", "count", len(partnered), n,
                  "договор о сотрудничестве действовал в этом году"),
        Indicator("covered_addressed", "Количество ШНОР и ШНСУ, которым оказана адресная "
                  "методическая помощь", "count", len(addressed), n,
                  "куратор, наставник, тьютор или пара наставничества"),
        Indicator("teachers_trained", "Доля педагогов ШНОР и ШНСУ, прошедших повышение "
                  "квалификации", "share", trained, staff, "курс, завершённый в этом году"),
        Indicator("shnor_share", "Доля ШНОР среди общеобразовательных организаций района", "share",
                  shnor, total_schools, f"{shnor} ОО из {total_schools}"),
    ]
    criteria = evaluate_criteria(session, year, monitored, today=today)
    return MonitoringReport(year, indicators, schools, criteria)


# --- the nine criteria of seed 004 ---------------------------------------------------------


def regional_reference(session: Session, year: int) -> dict[str, float]:
    setting = session.get(Setting, REGIONAL_SETTING)
    values = (setting.value or {}).get(str(year), {}) if setting else {}
    return {k: float(v) for k, v in values.items() if k in REGIONAL_LABELS and v is not None}


def regional_reference_errors(values: dict[str, float | None]) -> dict[str, str]:
    """Every wrong value of the regional figures at once: field -> Russian message."""
    errors: dict[str, str] = {}
    for key, value in values.items():
        if key not in REGIONAL_LABELS:
            errors[key] = f"Неизвестный показатель: {key}."
        elif value is not None and not 0 <= value <= 100:
            errors[key] = f"{REGIONAL_LABELS[key]}: значение от 0 до 100."
    return errors


def save_regional_reference(session: Session, year: int, values: dict[str, float | None]) -> None:
    errors = Errors()
    for key, message in regional_reference_errors(values).items():
        errors.add(key, message)
    errors.raise_if_any()
    setting = session.get(Setting, REGIONAL_SETTING)
    data = dict(setting.value or {}) if setting else {}
    data[str(year)] = {k: v for k, v in values.items() if v is not None}
    if setting is None:
        session.add(Setting(key=REGIONAL_SETTING, value=data))
    else:
        setting.value = data
    session.flush()


def absence_values(session: Session, year: int) -> dict[int, float]:
    """Lessons missed without a good reason per pupil, per school, as typed for the year."""
    out: dict[int, float] = {}
    for ctx in session.scalars(select(SchoolContext).where(SchoolContext.year == year)):
        value = (ctx.answers or {}).get(ABSENCE_KEY)
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if is_number and (ctx.source == ABSENCE_SOURCE or ctx.school_id not in out):
            out[ctx.school_id] = float(value)  # type: ignore[arg-type]  # checked: int or float
    return out


def save_absence_values(session: Session, year: int, values: dict[int, float | None]) -> None:
    errors = Errors()
    for school_id, value in values.items():
        if value is not None and not 0 <= value <= 10_000:
            errors.add(str(school_id), "Число пропущенных уроков — от 0 до 10 000.")
    errors.raise_if_any()
    existing = {c.school_id: c for c in session.scalars(select(SchoolContext).where(
        SchoolContext.year == year, SchoolContext.source == ABSENCE_SOURCE))}
    for school_id, value in values.items():
        ctx = existing.get(school_id)
        if ctx is None:
            if value is None:
                continue
            ctx = SchoolContext(school_id=school_id, year=year, source=ABSENCE_SOURCE, answers={})
            session.add(ctx)
        answers = dict(ctx.answers or {})
        if value is None:
            answers.pop(ABSENCE_KEY, None)
        else:
            answers[ABSENCE_KEY] = value
        ctx.answers = answers
    session.flush()


def _subject_group(subject: str) -> str:
    s = subject.casefold()
    if s.startswith("русский"):
        return "russian"
    if s.startswith("математика"):
        return "math_base" if "баз" in s else "math"
    return "elective"


def _weighted(rows: Iterable[AssessmentResult], attr: str) -> float | None:
    num = den = 0.0
    for r in rows:
        value = getattr(r, attr)
        if value is None:
            continue
        weight = r.participants or 0
        if weight <= 0:
            continue
        num += value * weight
        den += weight
    return num / den if den else None


def _ege_figures(rows: list[AssessmentResult]) -> dict[int, float | None]:
    """Criteria 3–6 from one school's (or the district's) ЕГЭ rows."""
    groups: dict[str, list[AssessmentResult]] = defaultdict(list)
    for r in rows:
        groups[_subject_group(r.subject)].append(r)
    scored = groups["russian"] + groups["math"] + groups["elective"]
    share80 = _weighted(scored, "share_80plus")
    return {3: _weighted(groups["russian"], "mean_score"), 4: _weighted(groups["math"], "mean_score"),
            5: _weighted(groups["elective"], "mean_score"),
            6: None if share80 is None else share80 * 100}


def _no_attestat(rows: list[AssessmentResult]) -> tuple[int, int] | None:
    """(pupils without an attestat, graduates) from the row of Russian (all sit it) or the largest."""
    known = [r for r in rows if r.no_attestat is not None and (r.participants or 0) > 0]
    if not known:
        return None
    russian_rows = [r for r in known if _subject_group(r.subject) == "russian"]
    row = max(russian_rows or known, key=lambda r: r.participants or 0)
    return row.no_attestat or 0, row.participants or 0


def evaluate_criteria(session: Session, year: int,
                      monitored: dict[int, tuple[School, tuple[str, ...]]] | None = None, *,
                      today: dt.date | None = None) -> list[CriterionResult]:
    today = today or dt.date.today()
    if monitored is None:
        monitored = monitored_schools(session, year)
    ids = set(monitored)
    all_rows = _results(session, _district_ids(session), (year,),
                        (Procedure.OGE.value, Procedure.EGE.value, Procedure.VPR.value, Procedure.RDR.value))
    rows_of: dict[tuple[int, str], list[AssessmentResult]] = defaultdict(list)
    for r in all_rows:
        rows_of[(r.school_id, r.procedure)].append(r)
    district_ege = _ege_figures([r for r in all_rows if r.procedure == Procedure.EGE.value])
    regional = regional_reference(session, year)
    absences = absence_values(session, year)
    district_absence = (sum(absences.values()) / len(absences)) if len(absences) >= 2 else None
    partnerships = list(session.scalars(select(Partnership).where(or_(
        Partnership.supported_school_id.in_(ids), Partnership.leader_school_id.in_(ids)))))
    plan_items: dict[int, list[PartnershipPlanItem]] = defaultdict(list)
    for item in session.scalars(select(PartnershipPlanItem).where(
            PartnershipPlanItem.partnership_id.in_([p.id for p in partnerships]))):
        plan_items[item.partnership_id].append(item)

    out: list[CriterionResult] = []
    for sid, (school, _kinds) in monitored.items():
        def add(number: int, value: str, reference: str, verdict: str,
                _sid: int = sid, _name: str = school.short_name) -> None:
            _, name, expected = CRITERIA[number - 1]
            out.append(CriterionResult(_sid, _name, number, name, expected, value, reference, verdict))

        # 1, 2: graduates without an attestat
        for number, procedure in ((1, Procedure.OGE.value), (2, Procedure.EGE.value)):
            figures = _no_attestat(rows_of[(sid, procedure)])
            if figures is None:
                add(number, "", "0 %", NO_DATA)
            else:
                missing, graduates = figures
                add(number, f"{russian.percent(missing / graduates)} ({missing} из {graduates})", "0 %",
                    MET if missing == 0 else NOT_MET)

        # 3–6: ЕГЭ against the region (or the district)
        school_ege = _ege_figures(rows_of[(sid, Procedure.EGE.value)])
        for number in (3, 4, 5, 6):
            value, key = school_ege[number], REGIONAL_KEYS[number]
            ref: float | None
            if key in regional:
                ref, ref_label = regional[key], "по региону"
            else:
                ref, ref_label = district_ege[number], "по району"
            fmt = _percent_text if number == 6 else _number_text
            if value is None or ref is None:
                add(number, fmt(value) if value is not None else "", "" if ref is None else
                    f"{fmt(ref)} {ref_label}", NO_DATA)
            else:
                add(number, fmt(value), f"{fmt(ref)} {ref_label}",
                    MET if value >= ref - 1e-9 else NOT_MET)

        # 7: a partner agreement and its plan carried out
        own = [p for p in partnerships if sid in (p.supported_school_id, p.leader_school_id)
               and _partnership_in_force(p, year)]
        if not own:
            add(7, "действующего договора нет", "", NOT_MET)
        else:
            horizon = min(today, dt.date(year, 12, 31))
            items = [i for p in own for i in plan_items[p.id]
                     if i.state != WorkState.CANCELLED.value
                     and _year_of(i.date_to or i.date_from) == year]
            due = [i for i in items if (i.date_to or i.date_from) <= horizon]  # type: ignore[operator]
            done = [i for i in due if i.state == WorkState.DONE.value]
            numbers = ", ".join(f"№ {p.number}" if p.number else "без номера" for p in own)
            agreement = f"{plural_agreements(len(own))} ({numbers})"
            if not items:
                add(7, f"{agreement}; мероприятий плана на {year} г. нет", "", NOT_MET)
            else:
                add(7, f"{agreement}; выполнено {len(done)} из {len(due)} мероприятий, срок которых "
                       f"наступил (всего в плане {len(items)})", "",
                    MET if len(done) == len(due) else NOT_MET)

        # 8: took part in ВПР / РДР (the results are the material of the analysis)
        vpr, rdr = len(rows_of[(sid, Procedure.VPR.value)]), len(rows_of[(sid, Procedure.RDR.value)])
        district_has = any(r.procedure in (Procedure.VPR.value, Procedure.RDR.value) for r in all_rows)
        if vpr or rdr:
            add(8, f"результаты ВПР: {vpr}, РДР: {rdr}", "", MET)
        else:
            add(8, "результатов ВПР и РДР нет", "", NOT_MET if district_has else NO_DATA)

        # 9: unexcused absences below the district mean
        value = absences.get(sid)
        if value is None or district_absence is None:
            add(9, "" if value is None else russian.number(value, 1),
                "" if district_absence is None else f"{russian.number(district_absence, 1)} по району",
                NO_DATA)
        else:
            add(9, russian.number(value, 1), f"{russian.number(district_absence, 1)} по району",
                MET if value < district_absence else NOT_MET)
    return out


def plural_agreements(n: int) -> str:
    return f"{n} {russian.plural(n, 'договор', 'договора', 'договоров')}"


# --- export ---------------------------------------------------------------------------------


INDICATOR_HEADERS = ["Показатель", "Значение", "Числитель", "Знаменатель", "Пояснение"]
SCHOOL_HEADERS = ["ОО", "Статус", "Среднее за прошлый год", "Среднее за год", "Изменение",
                  "Сопоставимых работ", "Динамика", "Методический выезд", "Сетевое партнёрство",
                  "Адресная помощь"]
CRITERIA_HEADERS = ["ОО", "№", "Критерий", "Ожидаемый результат", "Значение", "Сравнение", "Итог"]


def indicator_rows(report: MonitoringReport) -> list[list[Any]]:
    return [[i.name, i.text(), i.numerator, i.denominator, i.note] for i in report.indicators]


def dynamics_text(row: SchoolRow) -> str:
    if row.positive is None:
        return "нет данных"
    return "положительная" if row.positive else "нет положительной"


def school_rows(report: MonitoringReport) -> list[list[Any]]:
    def pct(v: float | None) -> str:
        return "" if v is None else russian.percent(v)

    def pp(v: float | None) -> str:
        return "" if v is None else f"{'+' if v > 0 else ''}{russian.number(v * 100, 1)} п. п."

    return [[s.name, s.kinds_text, pct(s.previous), pct(s.current), pp(s.delta), s.slices,
             dynamics_text(s), russian.yes_no(s.methodical), russian.yes_no(s.partnership),
             russian.yes_no(s.addressed)] for s in report.schools]


def criteria_rows(report: MonitoringReport) -> list[list[Any]]:
    return [[c.school, c.number, c.name, c.expected, c.value, c.reference, c.verdict_label]
            for c in report.criteria]


def export_report(report: MonitoringReport, path: str | Path) -> Path:
    """One workbook: the indicators, the schools' dynamics and coverage, the nine criteria."""
    # heavy: openpyxl loads only for the export
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    wb = Workbook()
    sheets = (
        (f"Показатели {report.year}", INDICATOR_HEADERS, indicator_rows(report), (70, 14, 12, 12, 60)),
        ("Динамика и охват", SCHOOL_HEADERS, school_rows(report), (40, 14, 14, 14, 14, 12, 20, 12, 12, 12)),
        ("Критерии результативности", CRITERIA_HEADERS, criteria_rows(report),
         (40, 5, 60, 40, 40, 40, 14)),
    )
    for index, (title, headers, rows, widths) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = title[:31]
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append(["'" + v if isinstance(v, str) and v.startswith("=") else v for v in row])
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = width
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
