"""People, mentoring pairs, curators and the coordinator, teachers' deficits and courses. Qt-free.

Every ``create_*``/``update_*`` validates first and raises :class:`ValidationError` with a
Russian message per field; callers run them inside ``db.transaction()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    Course,
    MentoringPair,
    MethodicalVisit,
    ObservedLesson,
    Person,
    ProfessionalDeficit,
    School,
    SupportAssignment,
    VisitMember,
)
from ..models.enums import DeficitSource, MentoringKind, PersonCategory, SupportRole, WorkState
from ..registry import queries
from ..registry.validation import email_problem, phone_problem
from ..russian import plural
from ..validation import Errors, ValidationError

QUALIFICATIONS = (
    "высшая", "первая", "педагог-методист", "педагог-наставник",
    "соответствие занимаемой должности", "без категории",
)
DATES_ORDER = "Дата окончания не может быть раньше даты начала."

T = TypeVar("T")


def _clean(data: T) -> T:
    for f in fields(data):  # type: ignore[arg-type]
        value = getattr(data, f.name)
        if isinstance(value, str):
            setattr(data, f.name, value.strip())
    return data


def _values(data: Any) -> dict[str, Any]:
    return {f.name: getattr(data, f.name) for f in fields(data)}


def _get(session: Session, cls: type[T], record_id: int, version: int | None, what: str) -> T:
    obj = session.get(cls, record_id)
    if obj is None:
        raise ValidationError({"id": f"{what} уже удалена. Обновите список."})
    if version is not None and obj.version != version:  # type: ignore[attr-defined]
        raise ValidationError({"version": "Запись уже изменил другой пользователь. "
                                          "Обновите список и повторите изменение."})
    return obj


def _check_person(session: Session, errors: Errors, name: str, person_id: int | None) -> None:
    if person_id is not None and session.get(Person, person_id) is None:
        errors.add(name, "Выбранный человек удалён из списка. Обновите список.")


def _check_school(session: Session, errors: Errors, name: str, school_id: int | None) -> None:
    if school_id is not None and session.get(School, school_id) is None:
        errors.add(name, "Выбранная школа удалена из реестра. Обновите список.")


def short_name(person: Person | None) -> str:
    """Иванова М.П."""
    if person is None:
        return ""
    initials = "".join(f"{p[0]}." for p in (person.first_name, person.middle_name) if p)
    return f"{person.last_name} {initials}".strip()


# --- people -------------------------------------------------------------------------------


@dataclass
class PersonData:
    last_name: str
    first_name: str = ""
    middle_name: str = ""
    gender: str | None = None
    category: str = PersonCategory.TEACHER.value
    position: str = ""
    school_id: int | None = None
    organisation: str = ""
    subjects: str = ""
    qualification: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""
    archived: bool = False

    @classmethod
    def of(cls, person: Person) -> PersonData:
        return cls(**{f.name: getattr(person, f.name) for f in fields(cls)})


def validate_person(session: Session, data: PersonData) -> None:
    errors = Errors()
    errors.require("last_name", data.last_name, "Введите фамилию.")
    if data.category not in {c.value for c in PersonCategory}:
        errors.add("category", "Выберите категорию: учитель, руководитель ОО, методист…")
    if data.gender not in (None, "m", "f"):
        errors.add("gender", "Пол: мужской, женский или не указан.")
    if problem := email_problem(data.email):
        errors.add("email", problem)
    if problem := phone_problem(data.phone):
        errors.add("phone", problem)
    for name, limit in (("last_name", 100), ("first_name", 100), ("middle_name", 100),
                        ("position", 300), ("subjects", 500), ("qualification", 100)):
        if len(getattr(data, name)) > limit:
            errors.add(name, f"Слишком длинный текст: не больше {limit} знаков.")
    _check_school(session, errors, "school_id", data.school_id)
    errors.raise_if_any()


def create_person(session: Session, data: PersonData) -> Person:
    validate_person(session, _clean(data))
    person = Person(**_values(data))
    session.add(person)
    session.flush()
    return person


def update_person(session: Session, person_id: int, data: PersonData, *,
                  version: int | None = None) -> Person:
    validate_person(session, _clean(data))
    person = _get(session, Person, person_id, version, "Запись о человеке")
    for name, value in _values(data).items():
        setattr(person, name, value)
    session.flush()
    return person


@dataclass
class DeleteImpact:
    """What deleting a record does to the records that point to it."""

    blocking: list[str] = field(default_factory=list)  # RESTRICT: delete these first
    removed: list[str] = field(default_factory=list)  # CASCADE: deleted together
    kept: list[str] = field(default_factory=list)  # SET NULL: stay, with the name kept as text

    @property
    def allowed(self) -> bool:
        return not self.blocking


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def person_delete_impact(session: Session, person_id: int) -> DeleteImpact:
    impact = DeleteImpact()
    pairs = _count(session, select(MentoringPair.id).where(or_(
        MentoringPair.mentor_person_id == person_id, MentoringPair.mentee_person_id == person_id)))
    if pairs:
        impact.blocking.append(f"{pairs} {plural(pairs, 'пара', 'пары', 'пар')} наставничества")
    roles = _count(session, select(SupportAssignment.id).where(SupportAssignment.person_id == person_id))
    if roles:
        impact.blocking.append(
            f"{roles} {plural(roles, 'назначение', 'назначения', 'назначений')} "
            "куратором, наставником, тьютором или координатором")
    deficits = _count(session, select(ProfessionalDeficit.id)
                      .where(ProfessionalDeficit.person_id == person_id))
    if deficits:
        impact.removed.append(
            f"{deficits} {plural(deficits, 'запись', 'записи', 'записей')} в реестре затруднений")
    courses = _count(session, select(Course.id).where(Course.person_id == person_id))
    if courses:
        impact.removed.append(f"{courses} {plural(courses, 'курс', 'курса', 'курсов')} "
                              "повышения квалификации")
    members = _count(session, select(VisitMember.id).where(VisitMember.person_id == person_id))
    lessons = _count(session, select(ObservedLesson.id)
                     .where(ObservedLesson.teacher_person_id == person_id))
    if members:
        impact.kept.append(f"участие в {members} {plural(members, 'выезде', 'выездах', 'выездах')}")
    if lessons:
        words = plural(lessons, "посещённый урок", "посещённых урока", "посещённых уроков")
        impact.kept.append(f"{lessons} {words}")
    return impact


def describe_impact(name: str, impact: DeleteImpact) -> str:
    """The Russian explanation shown before deleting (or when refusing to)."""
    if impact.blocking:
        return (f"Нельзя удалить «{name}»: на эту запись ссылаются "
                + "; ".join(impact.blocking)
                + ". Сначала удалите или измените их, либо отметьте человека как выбывшего (архив).")
    lines = [f"Удалить «{name}»?"]
    if impact.removed:
        lines.append("Вместе с записью будут удалены: " + "; ".join(impact.removed) + ".")
    if impact.kept:
        lines.append("Останутся (с ФИО текстом): " + "; ".join(impact.kept) + ".")
    if len(lines) == 1:
        lines.append("Других записей, связанных с ней, нет.")
    return "\n\n".join(lines)


def delete_person(session: Session, person_id: int) -> None:
    person = session.get(Person, person_id)
    if person is None:
        return
    impact = person_delete_impact(session, person_id)
    if not impact.allowed:
        raise ValidationError({"id": describe_impact(person.full_name, impact)})
    # Visits keep the name as text when the person goes (their links become empty).
    for member in session.scalars(select(VisitMember).where(VisitMember.person_id == person_id)):
        member.name = member.name or person.full_name
        member.position = member.position or person.position
    for lesson in session.scalars(select(ObservedLesson)
                                  .where(ObservedLesson.teacher_person_id == person_id)):
        lesson.teacher_name = lesson.teacher_name or person.full_name
    session.flush()
    session.delete(person)
    session.flush()


def list_people(session: Session, *, include_archived: bool = True) -> list[Person]:
    stmt = (select(Person).options(selectinload(Person.school))
            .order_by(Person.last_name, Person.first_name, Person.middle_name))
    if not include_archived:
        stmt = stmt.where(Person.archived.is_(False))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class PersonChoice:
    """A person of the list as a pick list shows them: name, position, school."""

    id: int
    name: str
    position: str
    school: str

    @property
    def label(self) -> str:
        extra = ", ".join(x for x in (self.position, self.school) if x)
        return f"{self.name} ({extra})" if extra else self.name


def person_picks(session: Session) -> list[PersonChoice]:
    """People who have not left, by name, for the pickers of the visit forms."""
    return [PersonChoice(p.id, p.full_name, p.position or "", p.school.short_name if p.school else "")
            for p in list_people(session, include_archived=False)]


def person_choices(session: Session) -> list[tuple[int, str]]:
    """(id, «Иванова Мария Петровна, СОШ № 6») for pick lists; people who left are skipped."""
    out = []
    for p in list_people(session, include_archived=False):
        where = p.school.short_name if p.school else p.organisation
        out.append((p.id, f"{p.full_name}, {where}" if where else p.full_name))
    return out


def school_choices(session: Session) -> list[tuple[int, str]]:
    """(id, short name) of the schools in work (archived ones left out), for the mentoring forms."""
    return [(sid, name) for sid, name, _login in queries.school_choices(session, include_archived=False)]


# --- mentoring pairs ----------------------------------------------------------------------


@dataclass
class PairData:
    kind: str
    mentor_school_id: int | None = None
    mentee_school_id: int | None = None
    mentor_person_id: int | None = None
    mentee_person_id: int | None = None
    goals: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    state: str = WorkState.IN_PROGRESS.value
    result: str = ""

    @classmethod
    def of(cls, pair: MentoringPair) -> PairData:
        return cls(**{f.name: getattr(pair, f.name) for f in fields(cls)})


def validate_pair(session: Session, data: PairData) -> None:
    errors = Errors()
    if data.kind not in {k.value for k in MentoringKind}:
        errors.add("kind", "Выберите вид наставничества: школа-школе, руководитель-руководителю "
                           "или учитель-учителю.")
    elif data.kind == MentoringKind.SCHOOL.value:
        errors.require("mentor_school_id", data.mentor_school_id, "Выберите школу-наставника.")
        errors.require("mentee_school_id", data.mentee_school_id,
                       "Выберите школу, которой оказывается помощь.")
        if data.mentor_school_id is not None and data.mentor_school_id == data.mentee_school_id:
            errors.add("mentee_school_id", "Школа не может быть наставником самой себе.")
    else:
        errors.require("mentor_person_id", data.mentor_person_id, "Выберите наставника.")
        errors.require("mentee_person_id", data.mentee_person_id, "Выберите наставляемого.")
        if data.mentor_person_id is not None and data.mentor_person_id == data.mentee_person_id:
            errors.add("mentee_person_id", "Наставник и наставляемый должны быть разными людьми.")
    if data.state not in {s.value for s in WorkState}:
        errors.add("state", "Выберите состояние.")
    errors.dates_in_order("date_to", data.date_from, data.date_to, DATES_ORDER)
    for name in ("mentor_person_id", "mentee_person_id"):
        _check_person(session, errors, name, getattr(data, name))
    for name in ("mentor_school_id", "mentee_school_id"):
        _check_school(session, errors, name, getattr(data, name))
    errors.raise_if_any()


def _pair_schools_from_people(session: Session, data: PairData) -> None:
    """A person-to-person pair remembers the schools too, so it counts as help to that school."""
    if data.kind == MentoringKind.SCHOOL.value:
        return
    for person_field, school_field in (("mentor_person_id", "mentor_school_id"),
                                       ("mentee_person_id", "mentee_school_id")):
        person_id = getattr(data, person_field)
        if person_id is not None and getattr(data, school_field) is None:
            person = session.get(Person, person_id)
            setattr(data, school_field, person.school_id if person else None)


def create_pair(session: Session, data: PairData) -> MentoringPair:
    validate_pair(session, _clean(data))
    _pair_schools_from_people(session, data)
    pair = MentoringPair(**_values(data))
    session.add(pair)
    session.flush()
    return pair


def update_pair(session: Session, pair_id: int, data: PairData, *,
                version: int | None = None) -> MentoringPair:
    validate_pair(session, _clean(data))
    _pair_schools_from_people(session, data)
    pair = _get(session, MentoringPair, pair_id, version, "Пара наставничества")
    for name, value in _values(data).items():
        setattr(pair, name, value)
    session.flush()
    return pair


def set_pair_state(session: Session, pair_id: int, state: str, *, version: int | None = None
                   ) -> MentoringPair:
    if state not in {s.value for s in WorkState}:
        raise ValidationError({"state": "Неизвестное состояние."})
    pair = _get(session, MentoringPair, pair_id, version, "Пара наставничества")
    pair.state = state
    session.flush()
    return pair


def list_pairs(session: Session) -> list[MentoringPair]:
    stmt = select(MentoringPair).options(
        selectinload(MentoringPair.mentor_school), selectinload(MentoringPair.mentee_school),
        selectinload(MentoringPair.mentor).selectinload(Person.school),
        selectinload(MentoringPair.mentee).selectinload(Person.school),
    ).order_by(MentoringPair.date_from.desc(), MentoringPair.id)
    return list(session.scalars(stmt))


def pair_side(pair: MentoringPair, side: str) -> str:
    """«Иванова М.П. (СОШ № 6)» or the school's name for a school-to-school pair."""
    person = pair.mentor if side == "mentor" else pair.mentee
    school = pair.mentor_school if side == "mentor" else pair.mentee_school
    if person is not None:
        where = person.school.short_name if person.school else (school.short_name if school else "")
        return f"{short_name(person)} ({where})" if where else short_name(person)
    return school.short_name if school else ""


# --- curators, tutors, the coordinator ---------------------------------------------------


@dataclass
class SupportData:
    person_id: int | None
    role: str
    school_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    basis: str = ""

    @classmethod
    def of(cls, a: SupportAssignment) -> SupportData:
        return cls(**{f.name: getattr(a, f.name) for f in fields(cls)})


def validate_support(session: Session, data: SupportData) -> None:
    errors = Errors()
    errors.require("person_id", data.person_id, "Выберите человека.")
    if data.role not in {r.value for r in SupportRole}:
        errors.add("role", "Выберите роль: куратор, наставник, муниципальный тьютор "
                           "или муниципальный координатор.")
    elif data.role != SupportRole.COORDINATOR.value:
        errors.require("school_id", data.school_id,
                       "Выберите школу, к которой прикреплён куратор (наставник, тьютор).")
    errors.dates_in_order("date_to", data.date_from, data.date_to, DATES_ORDER)
    _check_person(session, errors, "person_id", data.person_id)
    _check_school(session, errors, "school_id", data.school_id)
    errors.raise_if_any()


def create_support(session: Session, data: SupportData) -> SupportAssignment:
    validate_support(session, _clean(data))
    assignment = SupportAssignment(**_values(data))
    session.add(assignment)
    session.flush()
    return assignment


def update_support(session: Session, assignment_id: int, data: SupportData, *,
                   version: int | None = None) -> SupportAssignment:
    validate_support(session, _clean(data))
    assignment = _get(session, SupportAssignment, assignment_id, version, "Запись о назначении")
    for name, value in _values(data).items():
        setattr(assignment, name, value)
    session.flush()
    return assignment


def list_support(session: Session) -> list[SupportAssignment]:
    stmt = select(SupportAssignment).options(
        selectinload(SupportAssignment.person).selectinload(Person.school),
        selectinload(SupportAssignment.school),
    ).order_by(SupportAssignment.role, SupportAssignment.id)
    return list(session.scalars(stmt))


# --- the registry of teachers' difficulties -------------------------------------------------


@dataclass
class DeficitData:
    person_id: int | None
    topic: str
    subject: str = ""
    found_by: str = DeficitSource.DIAGNOSTIC.value
    found_on: dt.date | None = None
    score_before: float | None = None
    score_after: float | None = None
    overcome: bool = False
    overcome_on: dt.date | None = None
    notes: str = ""

    @classmethod
    def of(cls, d: ProfessionalDeficit) -> DeficitData:
        return cls(**{f.name: getattr(d, f.name) for f in fields(cls)})


def validate_deficit(session: Session, data: DeficitData, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    errors = Errors()
    errors.require("person_id", data.person_id, "Выберите педагога.")
    errors.require("topic", data.topic, "Опишите затруднение (тему).")
    if data.found_by not in {s.value for s in DeficitSource}:
        errors.add("found_by", "Выберите, как выявлено затруднение.")
    if data.found_on is not None and data.found_on > today:
        errors.add("found_on", "Дата выявления не может быть позже сегодняшнего дня.")
    errors.dates_in_order("overcome_on", data.found_on, data.overcome_on,
                          "Дата преодоления не может быть раньше даты выявления.")
    if data.overcome_on is not None and not data.overcome:
        errors.add("overcome", "Указана дата преодоления: отметьте «Преодолено» или очистите дату.")
    for name in ("score_before", "score_after"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors.add(name, "Балл диагностики не может быть отрицательным.")
    _check_person(session, errors, "person_id", data.person_id)
    errors.raise_if_any()


def create_deficit(session: Session, data: DeficitData, *, today: dt.date | None = None
                   ) -> ProfessionalDeficit:
    validate_deficit(session, _clean(data), today)
    deficit = ProfessionalDeficit(**_values(data))
    session.add(deficit)
    session.flush()
    return deficit


def update_deficit(session: Session, deficit_id: int, data: DeficitData, *,
                   version: int | None = None, today: dt.date | None = None) -> ProfessionalDeficit:
    validate_deficit(session, _clean(data), today)
    deficit = _get(session, ProfessionalDeficit, deficit_id, version, "Запись о затруднении")
    for name, value in _values(data).items():
        setattr(deficit, name, value)
    session.flush()
    return deficit


def mark_overcome(session: Session, deficit_id: int, overcome: bool = True, *,
                  on: dt.date | None = None, version: int | None = None) -> ProfessionalDeficit:
    deficit = _get(session, ProfessionalDeficit, deficit_id, version, "Запись о затруднении")
    deficit.overcome = overcome
    deficit.overcome_on = (on or dt.date.today()) if overcome else None
    if deficit.overcome_on and deficit.found_on and deficit.overcome_on < deficit.found_on:
        raise ValidationError({"overcome_on": "Дата преодоления не может быть раньше даты выявления."})
    session.flush()
    return deficit


def list_deficits(session: Session, person_id: int | None = None) -> list[ProfessionalDeficit]:
    stmt = select(ProfessionalDeficit).options(
        selectinload(ProfessionalDeficit.person).selectinload(Person.school)
    ).order_by(ProfessionalDeficit.found_on.desc(), ProfessionalDeficit.id)
    if person_id is not None:
        stmt = stmt.where(ProfessionalDeficit.person_id == person_id)
    return list(session.scalars(stmt))


# --- courses --------------------------------------------------------------------------------


@dataclass
class CourseData:
    person_id: int | None
    title: str
    hours: float | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    provider: str = ""
    certificate: str = ""

    @classmethod
    def of(cls, c: Course) -> CourseData:
        return cls(**{f.name: getattr(c, f.name) for f in fields(cls)})


def validate_course(session: Session, data: CourseData) -> None:
    errors = Errors()
    errors.require("person_id", data.person_id, "Выберите педагога.")
    errors.require("title", data.title, "Введите название курса.")
    if data.hours is not None and not 0 < data.hours <= 3000:
        errors.add("hours", "Объём курса — от 1 до 3000 часов (или оставьте поле пустым).")
    errors.dates_in_order("date_to", data.date_from, data.date_to, DATES_ORDER)
    _check_person(session, errors, "person_id", data.person_id)
    errors.raise_if_any()


def create_course(session: Session, data: CourseData) -> Course:
    validate_course(session, _clean(data))
    course = Course(**_values(data))
    session.add(course)
    session.flush()
    return course


def update_course(session: Session, course_id: int, data: CourseData, *,
                  version: int | None = None) -> Course:
    validate_course(session, _clean(data))
    course = _get(session, Course, course_id, version, "Запись о курсе")
    for name, value in _values(data).items():
        setattr(course, name, value)
    session.flush()
    return course


def list_courses(session: Session, person_id: int | None = None) -> list[Course]:
    stmt = select(Course).options(selectinload(Course.person).selectinload(Person.school)).order_by(
        Course.date_from.desc(), Course.id)
    if person_id is not None:
        stmt = stmt.where(Course.person_id == person_id)
    return list(session.scalars(stmt))


def delete_records(session: Session, cls: type, ids: list[int]) -> int:
    """Pairs, assignments, deficits and courses: nothing else points to them."""
    count = 0
    for record_id in ids:
        obj = session.get(cls, record_id)
        if obj is not None:
            session.delete(obj)
            count += 1
    session.flush()
    return count


# --- a person's development map (карта профессионального развития) ------------------------


@dataclass
class DevelopmentMap:
    person: Person
    school_name: str
    as_mentor: list[MentoringPair]
    as_mentee: list[MentoringPair]
    assignments: list[SupportAssignment]
    deficits: list[ProfessionalDeficit]
    courses: list[Course]
    lessons: list[ObservedLesson]

    @property
    def open_deficits(self) -> list[ProfessionalDeficit]:
        return [d for d in self.deficits if not d.overcome]

    @property
    def course_hours(self) -> float:
        return sum(c.hours or 0 for c in self.courses)


def development_map(session: Session, person_id: int) -> DevelopmentMap:
    person = session.get(Person, person_id)
    if person is None:
        raise ValidationError({"id": "Запись о человеке уже удалена. Обновите список."})
    pairs = list_pairs(session)
    lessons = list(session.scalars(
        select(ObservedLesson).options(selectinload(ObservedLesson.visit)
                                       .selectinload(MethodicalVisit.school))
        .where(ObservedLesson.teacher_person_id == person_id)))
    lessons.sort(key=lambda lesson: lesson.visit.date)
    return DevelopmentMap(
        person=person,
        school_name=person.school.short_name if person.school else person.organisation,
        as_mentor=[p for p in pairs if p.mentor_person_id == person_id],
        as_mentee=[p for p in pairs if p.mentee_person_id == person_id],
        assignments=[a for a in list_support(session) if a.person_id == person_id],
        deficits=list_deficits(session, person_id),
        courses=list_courses(session, person_id),
        lessons=lessons,
    )
