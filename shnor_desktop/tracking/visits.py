"""Methodical visits (методические выезды): the schedule, what each visit found and recommended,
and the follow-up of earlier recommendations at the next visit to the same school.

Every function takes an open session; the caller owns the transaction. Functions that depend
on the date take ``today`` so that tests and the CLI do not depend on the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import russian
from ..models import (
    MethodicalVisit,
    ObservedLesson,
    Recommendation,
    School,
    SchoolStatus,
    VisitMember,
)
from ..models.enums import SchoolStatusKind, VisitState
from ..validation import Errors, ValidationError

# --- what the form gives --------------------------------------------------------------------


@dataclass
class VisitData:
    school_id: int | None
    date: dt.date | None
    date_end: dt.date | None = None
    basis: str = ""
    purpose: str = ""
    questions: str = ""
    findings: str = ""
    state: str = VisitState.PLANNED.value
    acquainted: str = ""

    @classmethod
    def of(cls, v: MethodicalVisit) -> VisitData:
        return cls(v.school_id, v.date, v.date_end, v.basis or "", v.purpose or "",
                   v.questions or "", v.findings or "", v.state, v.acquainted or "")


@dataclass
class MemberData:
    name: str
    position: str = ""
    person_id: int | None = None
    id: int | None = None

    @classmethod
    def of(cls, m: VisitMember) -> MemberData:
        return cls(m.name or "", m.position or "", m.person_id, m.id)


@dataclass
class LessonData:
    teacher_name: str
    class_name: str = ""
    subject: str = ""
    topic: str = ""
    remarks: str = ""
    teacher_person_id: int | None = None
    id: int | None = None

    @classmethod
    def of(cls, lesson: ObservedLesson) -> LessonData:
        return cls(lesson.teacher_name or "", lesson.class_name or "", lesson.subject or "",
                   lesson.topic or "", lesson.remarks or "", lesson.teacher_person_id, lesson.id)


@dataclass
class RecommendationData:
    text: str
    addressee: str = ""
    responsible: str = ""
    deadline: dt.date | None = None
    done: bool = False
    done_on: dt.date | None = None
    check_note: str = ""
    id: int | None = None

    @classmethod
    def of(cls, r: Recommendation) -> RecommendationData:
        return cls(r.text or "", r.addressee or "", r.responsible or "", r.deadline, r.done,
                   r.done_on, r.check_note or "", r.id)


@dataclass
class FollowUp:
    """The check, at this visit, of a recommendation left by an earlier visit."""

    recommendation_id: int
    done: bool
    check_note: str = ""


@dataclass
class VisitForm:
    """Everything the visit dialog saves in one transaction."""

    visit: VisitData
    members: list[MemberData] = field(default_factory=list)
    lessons: list[LessonData] = field(default_factory=list)
    recommendations: list[RecommendationData] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)


@dataclass
class SchoolVisitGap:
    """A school and its last visit (None: never visited)."""

    school: School
    last_visit: dt.date | None
    days: int | None  # since the last visit


# --- reading ----------------------------------------------------------------------------------


def _visit_options() -> list[Any]:
    return [
        selectinload(MethodicalVisit.school),
        selectinload(MethodicalVisit.members),
        selectinload(MethodicalVisit.lessons),
        selectinload(MethodicalVisit.recommendations),
    ]


def list_visits(session: Session) -> list[MethodicalVisit]:
    """The whole schedule, newest first, with everything a table shows loaded."""
    stmt = (select(MethodicalVisit).options(*_visit_options())
            .order_by(MethodicalVisit.date.desc(), MethodicalVisit.id.desc()))
    return list(session.scalars(stmt))


def get_visit(session: Session, visit_id: int) -> MethodicalVisit:
    visit = session.get(MethodicalVisit, visit_id, options=_visit_options())
    if visit is None:
        raise ValidationError({"visit": "Выезд не найден: возможно, его уже удалили."})
    return visit


def is_overdue(rec: Recommendation | RecommendationData, today: dt.date) -> bool:
    """Open and past its deadline."""
    return not rec.done and rec.deadline is not None and rec.deadline < today


def recommendation_counts(visit: MethodicalVisit, today: dt.date) -> tuple[int, int, int]:
    """(all, open, overdue) recommendations of a visit."""
    recs = visit.recommendations
    return (len(recs), sum(1 for r in recs if not r.done), sum(1 for r in recs if is_overdue(r, today)))


def visits_of_month(session: Session, year: int, month: int) -> list[int]:
    """Visits that took place in the month (state «проведён»), by date."""
    first = dt.date(year, month, 1)
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return list(session.scalars(select(MethodicalVisit.id).where(
        MethodicalVisit.date >= first, MethodicalVisit.date <= last,
        MethodicalVisit.state == VisitState.DONE.value).order_by(MethodicalVisit.date, MethodicalVisit.id)))


def open_recommendations_before(session: Session, school_id: int, date: dt.date, *,
                                exclude_visit_id: int | None = None) -> list[Recommendation]:
    """Recommendations of earlier visits to the school that were still open on ``date``.

    "Open on that date" means not done, or marked done on or after it — so a visit that
    checked them (and saved them as done on its own date) still lists what it checked when
    it is opened again, while the next visit no longer sees them. Newest visit first.
    """
    stmt = (
        select(Recommendation)
        .join(MethodicalVisit, Recommendation.visit_id == MethodicalVisit.id)
        .options(selectinload(Recommendation.visit).selectinload(MethodicalVisit.school))
        .where(
            MethodicalVisit.school_id == school_id,
            MethodicalVisit.date < date,
            MethodicalVisit.state != VisitState.CANCELLED.value,
            (Recommendation.done.is_(False)) | (Recommendation.done_on >= date),
        )
        .order_by(MethodicalVisit.date.desc(), Recommendation.id)
    )
    if exclude_visit_id is not None:
        stmt = stmt.where(MethodicalVisit.id != exclude_visit_id)
    return list(session.scalars(stmt))


def _last_visits(session: Session, today: dt.date) -> dict[int, dt.date]:
    """school id -> date of its last visit that has taken place (not cancelled, not in the future)."""
    rows = session.execute(
        select(MethodicalVisit.school_id, func.max(MethodicalVisit.date))
        .where(MethodicalVisit.state != VisitState.CANCELLED.value, MethodicalVisit.date <= today)
        .group_by(MethodicalVisit.school_id)
    )
    return {school_id: last for school_id, last in rows}


def _gap(school: School, last: dt.date | None, today: dt.date) -> SchoolVisitGap:
    return SchoolVisitGap(school, last, None if last is None else (today - last).days)


def _gap_order(gap: SchoolVisitGap) -> tuple[int, int, str]:
    # never visited first, then the longest wait, then by name
    return (0 if gap.last_visit is None else 1, -(gap.days or 0), gap.school.short_name.casefold())


def schools_not_visited_for(session: Session, days: int, today: dt.date) -> list[SchoolVisitGap]:
    """Schools of the registry (not archived) without a visit in the last ``days`` days.

    A visit counts when it is not cancelled and its date has come (a planned visit whose
    date has passed counts: the methodist may not yet have marked it «проведён»).
    """
    last = _last_visits(session, today)
    limit = today - dt.timedelta(days=days)
    schools = session.scalars(select(School).where(School.archived.is_(False)))
    gaps = [_gap(s, last.get(s.id), today) for s in schools
            if last.get(s.id) is None or last[s.id] < limit]
    return sorted(gaps, key=_gap_order)


def shnor_status_year(session: Session, year: int) -> int | None:
    """The year whose ШНОР list applies in ``year``: that year's, else the latest before it."""
    return session.scalar(
        select(func.max(SchoolStatus.year)).where(
            SchoolStatus.kind == SchoolStatusKind.SHNOR.value, SchoolStatus.year <= year)
    )


def shnor_without_visit(session: Session, year: int, today: dt.date) -> list[SchoolVisitGap]:
    """ШНОР (by the status list that applies in ``year``) with no visit in calendar ``year`` so far."""
    status_year = shnor_status_year(session, year)
    if status_year is None:
        return []
    schools = session.scalars(
        select(School).join(SchoolStatus, SchoolStatus.school_id == School.id).where(
            SchoolStatus.kind == SchoolStatusKind.SHNOR.value,
            SchoolStatus.year == status_year,
            School.archived.is_(False),
        )
    )
    last = _last_visits(session, today)
    start = dt.date(year, 1, 1)
    gaps = [_gap(s, last.get(s.id), today) for s in schools
            if last.get(s.id) is None or last[s.id] < start]
    return sorted(gaps, key=_gap_order)


def week_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week that holds ``today``."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def visits_in_week(session: Session, today: dt.date) -> list[MethodicalVisit]:
    """Visits (not cancelled) from Monday to Sunday of this week, in date order."""
    monday, sunday = week_bounds(today)
    stmt = (
        select(MethodicalVisit).options(*_visit_options())
        .where(MethodicalVisit.state != VisitState.CANCELLED.value,
               MethodicalVisit.date >= monday, MethodicalVisit.date <= sunday)
        .order_by(MethodicalVisit.date, MethodicalVisit.id)
    )
    return list(session.scalars(stmt))


def overdue_recommendations(session: Session, today: dt.date) -> list[Recommendation]:
    """Open recommendations past their deadline, the oldest deadline first."""
    stmt = (
        select(Recommendation)
        .join(MethodicalVisit, Recommendation.visit_id == MethodicalVisit.id)
        .options(selectinload(Recommendation.visit).selectinload(MethodicalVisit.school))
        .where(Recommendation.done.is_(False), Recommendation.deadline < today,
               MethodicalVisit.state != VisitState.CANCELLED.value)
        .order_by(Recommendation.deadline, Recommendation.id)
    )
    return list(session.scalars(stmt))


# --- checks -------------------------------------------------------------------------------------


def _row(section: str, index: int) -> str:
    return f"{section}, строка {index + 1}"


def validate_visit(session: Session, form: VisitForm, *, visit_id: int | None = None,
                   today: dt.date | None = None) -> None:
    """Raise :class:`ValidationError` with a Russian message per wrong field or row."""
    today = today or dt.date.today()
    v = form.visit
    errors = Errors()
    errors.require("school_id", v.school_id, "Выберите школу.")
    if v.school_id is not None and session.get(School, v.school_id) is None:
        errors.add("school_id", "Школа не найдена в реестре.")
    errors.require("date", v.date, "Укажите дату выезда.")
    errors.dates_in_order("date_end", v.date, v.date_end, "Дата окончания выезда раньше даты начала.")
    try:
        state = VisitState(v.state)
    except ValueError:
        errors.add("state", "Выберите состояние выезда.")
    else:
        if state is VisitState.DONE and v.date is not None and v.date > today:
            errors.add("state", f"Выезд на {russian.date_short(v.date)} ещё не наступил: "
                                "он не может быть отмечен как проведённый.")

    for i, m in enumerate(form.members):
        errors.require(f"members.{i}.name", m.name, f"{_row('Состав комиссии', i)}: укажите ФИО.")
    for i, lesson in enumerate(form.lessons):
        errors.require(f"lessons.{i}.teacher_name", lesson.teacher_name,
                       f"{_row('Посещённые уроки', i)}: укажите учителя.")
    for i, r in enumerate(form.recommendations):
        where = _row("Рекомендации", i)
        errors.require(f"recommendations.{i}.text", r.text, f"{where}: укажите текст рекомендации.")
        if v.date is not None:
            errors.dates_in_order(f"recommendations.{i}.deadline", v.date, r.deadline,
                                  f"{where}: срок выполнения раньше даты выезда.")
            if r.done:
                errors.dates_in_order(f"recommendations.{i}.done_on", v.date, r.done_on,
                                      f"{where}: дата выполнения раньше даты выезда.")
        if r.done_on is not None and r.done_on > today:
            errors.add(f"recommendations.{i}.done_on", f"{where}: дата выполнения ещё не наступила.")

    if form.follow_ups and v.school_id is not None and v.date is not None:
        allowed = {r.id for r in open_recommendations_before(
            session, v.school_id, v.date, exclude_visit_id=visit_id)}
        if v.date > today and any(f.done for f in form.follow_ups):
            errors.add("follow_ups", "Отметить выполнение прежних рекомендаций можно только "
                                     "в день выезда или позже.")
        for f in form.follow_ups:
            if f.recommendation_id not in allowed:
                errors.add("follow_ups", "Среди проверяемых рекомендаций есть не относящиеся к "
                                         "предыдущим выездам в эту школу. Откройте выезд заново.")
                break
    errors.raise_if_any()


# --- changes ------------------------------------------------------------------------------------


def _sync(existing: list[Any], rows: list[Any], make: type, apply: Any) -> list[Any]:
    """Keep rows with a known id (updated), add new ones, drop the rest; returns the new list."""
    by_id = {obj.id: obj for obj in existing}
    out = []
    for row in rows:
        obj = by_id.get(row.id) if row.id is not None else None
        if obj is None:
            obj = make()
        apply(obj, row)
        out.append(obj)
    return out


def _apply_member(m: VisitMember, d: MemberData) -> None:
    m.name, m.position, m.person_id = d.name.strip(), (d.position or "").strip(), d.person_id


def _apply_lesson(lesson: ObservedLesson, d: LessonData) -> None:
    lesson.teacher_name = d.teacher_name.strip()
    lesson.teacher_person_id = d.teacher_person_id
    lesson.class_name = (d.class_name or "").strip()
    lesson.subject = (d.subject or "").strip()
    lesson.topic = (d.topic or "").strip()
    lesson.remarks = (d.remarks or "").strip()


def _apply_rec(r: Recommendation, d: RecommendationData) -> None:
    r.text = d.text.strip()
    r.addressee = (d.addressee or "").strip()
    r.responsible = (d.responsible or "").strip()
    r.deadline = d.deadline
    r.done = bool(d.done)
    r.done_on = d.done_on if d.done else None
    r.check_note = (d.check_note or "").strip()


def save_visit(session: Session, form: VisitForm, *, visit_id: int | None = None,
               version: int | None = None, today: dt.date | None = None) -> MethodicalVisit:
    """Create (``visit_id`` None) or update a visit with all its lists and the follow-up checks."""
    validate_visit(session, form, visit_id=visit_id, today=today)
    if visit_id is None:
        visit = MethodicalVisit()
        session.add(visit)
    else:
        visit = get_visit(session, visit_id)
        if version is not None and visit.version != version:
            raise StaleDataError(f"MethodicalVisit {visit_id}: version {visit.version} != {version}")
    v = form.visit
    visit.school_id = int(v.school_id)  # type: ignore[arg-type]
    visit.date = v.date  # type: ignore[assignment]
    visit.date_end = v.date_end
    visit.basis = v.basis.strip()
    visit.purpose = v.purpose.strip()
    visit.questions = v.questions.strip()
    visit.findings = v.findings.strip()
    visit.state = v.state
    visit.acquainted = v.acquainted.strip()
    visit.members = _sync(visit.members, form.members, VisitMember, _apply_member)
    visit.lessons = _sync(visit.lessons, form.lessons, ObservedLesson, _apply_lesson)
    visit.recommendations = _sync(visit.recommendations, form.recommendations, Recommendation,
                                  _apply_rec)
    for f in form.follow_ups:
        rec = session.get(Recommendation, f.recommendation_id)
        assert rec is not None  # checked by validate_visit
        if f.done and not rec.done:
            rec.done_on = v.date  # confirmed at this visit
        rec.done = f.done
        if not f.done:
            rec.done_on = None
        rec.check_note = f.check_note.strip()
    session.flush()
    return visit


def set_recommendation_done(session: Session, recommendation_id: int, done: bool,
                            done_on: dt.date | None = None, note: str | None = None) -> Recommendation:
    rec = session.get(Recommendation, recommendation_id)
    if rec is None:
        raise ValidationError({"recommendation": "Рекомендация не найдена."})
    rec.done = done
    rec.done_on = (done_on or dt.date.today()) if done else None
    if note is not None:
        rec.check_note = note.strip()
    session.flush()
    return rec


def describe_deletion(session: Session, visit_id: int) -> str:
    """What deleting a visit removes, said before it is done."""
    v = get_visit(session, visit_id)
    parts = []
    for n, forms in ((len(v.members), ("член комиссии", "члена комиссии", "членов комиссии")),
                     (len(v.lessons), ("посещённый урок", "посещённых урока", "посещённых уроков")),
                     (len(v.recommendations), ("рекомендация", "рекомендации", "рекомендаций"))):
        if n:
            parts.append(f"{n} {russian.plural(n, *forms)}")
    text = f"Удалить выезд в «{v.school.short_name}» {russian.date_short(v.date)}?"
    if parts:
        text += "\n\nВместе с ним будут удалены: " + ", ".join(parts) + "."
    return text


def delete_visit(session: Session, visit_id: int, *, version: int | None = None) -> None:
    v = get_visit(session, visit_id)
    if version is not None and v.version != version:
        raise StaleDataError(f"MethodicalVisit {visit_id}: version {v.version} != {version}")
    session.delete(v)
    session.flush()
