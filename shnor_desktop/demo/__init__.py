"""The demo district «Краснополянский муниципальный район», made deterministically by code.

``load_demo(db)`` writes a fictional district into an empty database in one transaction: the
education authority's profile, 20 schools with full requisites and their 2025 context answers,
statuses (ШНОР, ШНСУ, школы-лидеры) for 2024 and 2025 with reasons computed from the results,
ВПР/ОГЭ/ЕГЭ results of 2023–2025 with per-task completion and the ВПР scales, people, curators,
the municipal coordinator, partnerships with their plans, mentoring pairs, professional deficits,
courses, methodical visits and the roadmap of the 2025/26 work year.

Every name and number is invented; nothing depends on today's date (the work dates run from
September 2025 to December 2026), so two loads give identical data. Qt-free: the CLI and the
window both call it.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from .. import russian
from ..errors import ShnorError
from ..models import (
    AssessmentResult,
    Base,
    Course,
    DistrictProfile,
    GradingScale,
    ImportBatch,
    MentoringPair,
    MethodicalVisit,
    ObservedLesson,
    Partnership,
    PartnershipPlanItem,
    Person,
    ProfessionalDeficit,
    Recommendation,
    RoadmapItem,
    School,
    SchoolContext,
    SchoolStatus,
    SupportAssignment,
    TaskResult,
    VisitMember,
)
from ..models.enums import Procedure, SchoolStatusKind, StatusSource
from ..store.backup import backup_database
from ..store.database import Database
from . import people as demo_people
from . import results as demo_results
from . import risks as demo_risks
from . import schools as demo_schools
from . import work as demo_work

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
D = dt.date

STAGES = (
    "Профиль района и школы",
    "Статусы школ и контекстные данные",
    "Результаты ВПР, ОГЭ и ЕГЭ",
    "Результаты по заданиям и шкалы перевода",
    "Педагоги, руководители, кураторы",
    "Партнёрства и наставничество",
    "Затруднения педагогов и курсы",
    "Методические выезды",
    "Дорожная карта",
    "Профили рисков, антирисковые меры, программы ОО",
)
KEPT_TABLES = {"setting"}  # application settings survive a forced reload


class DemoNotEmpty(ShnorError):
    """The database already holds schools; the demo is loaded only on request (force)."""

    def __init__(self, schools_count: int) -> None:
        self.schools_count = schools_count
        super().__init__(
            f"В базе данных уже есть школы ({schools_count}). Демонстрационный район загружается "
            "только в пустую базу. Чтобы заменить всё содержимое базы демонстрационными данными, "
            "запустите команду с ключом --force (перед заменой будет сделана резервная копия)."
        )


def load_demo(db: Database, *, force: bool = False,
              progress: Progress | None = None) -> dict[str, int]:
    """Write the demo district; returns counts by Russian label. One transaction."""
    db.require_writable()  # before the backup made ahead of replacing a district
    report: Progress = progress or (lambda _done, _total, _text: None)
    total = len(STAGES)
    with db.session() as session:
        existing = session.scalar(select(func.count()).select_from(School)) or 0
    if existing and not force:
        raise DemoNotEmpty(existing)
    if existing:
        _backup_before_replacing(db)

    counts: dict[str, int] = {}
    with db.transaction() as session:
        if existing:
            _clear(session)
        builder = _Builder(session, counts)
        steps = (builder.district_and_schools, builder.statuses_and_context, builder.results,
                 builder.tasks_and_scales, builder.people, builder.partnerships_and_mentoring,
                 builder.deficits_and_courses, builder.visits, builder.roadmap, builder.risks)
        for done, (text, step) in enumerate(zip(STAGES, steps, strict=True)):
            report(done, total, text)
            step()
        report(total, total, "Сохранение")
    log.info("demo district loaded: %s", counts)
    return counts


def _backup_before_replacing(db: Database) -> None:
    if db.is_sqlite and db.backups_dir is not None:
        path = backup_database(db, db.backups_dir, reason="before-demo")
        log.info("backup before replacing the database with the demo: %s", path)


def _clear(session: Session) -> None:
    """Delete every row of the domain (children first), keeping the settings."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in KEPT_TABLES:
            session.execute(table.delete())


def inn_check_digit(first9: str) -> str:
    """The control digit of a 10-digit ИНН of an organisation."""
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return str(sum(int(c) * w for c, w in zip(first9, weights, strict=True)) % 11 % 10)


def _inn(n: int) -> str:
    rng = random.Random(f"demo-inn:{n}")
    first9 = f"2299{rng.randint(0, 99999):05d}"
    return first9 + inn_check_digit(first9)


def _percent(share: float) -> str:
    return russian.percent(share, 0)


class _Builder:
    """Writes one part of the demo per call; keeps the ids later parts refer to."""

    def __init__(self, session: Session, counts: dict[str, int]) -> None:
        self.s = session
        self.counts = counts
        self.school: dict[int, School] = {}
        self.person: dict[str, Person] = {}
        self.simulated: list[demo_results.DemoResult] = []
        self.result_ids: list[int] = []

    def _count(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n

    # --- district and schools ------------------------------------------------------------

    def district_and_schools(self) -> None:
        profile = self.s.scalar(select(DistrictProfile).order_by(DistrictProfile.id).limit(1))
        if profile is None:
            profile = DistrictProfile()
            self.s.add(profile)
        profile.authority_full_name = demo_people.AUTHORITY
        profile.authority_short_name = demo_people.AUTHORITY_SHORT
        profile.head_name = "Воронцова Елена Викторовна"
        profile.head_position = "Начальник управления образования"
        profile.city = demo_schools.CITY
        profile.address = "659800, Приозёрный край, г. Краснополянск, ул. Ленина, д. 12"
        profile.phone = "8 (38599) 2-10-01"
        profile.email = f"uo@{demo_schools.EMAIL_DOMAIN}"
        profile.municipality_name = demo_schools.MUNICIPALITY
        profile.municipality_code = demo_schools.MUNICIPALITY_CODE
        profile.executor_name = "Лебедева Анастасия Игоревна"
        profile.executor_phone = "8 (38599) 2-14-36"

        for spec in demo_schools.SCHOOLS:
            school = self._school(spec)
            self.s.add(school)
            self.school[spec.n] = school
        self.s.flush()
        self._count("школ", len(self.school))

    def _school(self, spec: demo_schools.SchoolSpec) -> School:
        rng = random.Random(f"demo-school:{spec.n}")
        place = (f"Приозёрный край, {spec.settlement}" if spec.is_city
                 else f"Приозёрный край, Краснополянский район, {spec.settlement}")
        exchange = "2" if spec.is_city else "3"
        licence_date = D(rng.randint(2012, 2016), rng.randint(1, 12), rng.randint(1, 28))
        accreditation_date = D(rng.randint(2014, 2019), rng.randint(1, 12), rng.randint(1, 28))
        return School(
            fis_login=spec.login,
            login_number=spec.login[3:],
            full_name=spec.full_name,
            short_name=spec.short_name,
            legal_form=spec.legal_form,
            kind=spec.kind,
            inn=_inn(spec.n),
            municipality=demo_schools.MUNICIPALITY,
            postal_code=spec.postal_code,
            address=f"{place}, {spec.street}",
            settlement=spec.settlement,
            phone=f"8 (38599) {exchange}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            email=f"{demo_schools.EMAIL_NAMES[spec.n]}@{demo_schools.EMAIL_DOMAIN}",
            director_name=spec.director,
            director_position=spec.director_position,
            director_gender=spec.gender,
            director_basis="Устава",
            licence_date=licence_date,
            licence_series="22Л01",
            licence_number=f"{rng.randint(1000, 9999):07d}",
            licence_reg_number=str(rng.randint(100, 2999)),
            licence_issuer=demo_schools.REGION_MINISTRY,
            accreditation_date=accreditation_date,
            accreditation_series="22А01",
            accreditation_number=f"{rng.randint(100, 9999):07d}",
            accreditation_reg_number=str(rng.randint(100, 1999)),
            accreditation_issuer=demo_schools.REGION_MINISTRY,
            accreditation_valid_until=accreditation_date.replace(year=accreditation_date.year + 12),
            is_rural=spec.is_rural,
            pupils=spec.pupils,
            teachers=spec.teachers,
            notes="",
        )

    # --- statuses and context --------------------------------------------------------------

    def statuses_and_context(self) -> None:
        # the reasons quote the results, so simulate them first (written in the next stage)
        self.simulated = demo_results.simulate_results(demo_schools.SCHOOLS)
        n = 0
        for year, numbers in demo_schools.SHNOR.items():
            source = StatusSource.REGION if year == 2024 else StatusSource.DECISION
            for number in numbers:
                self._status(number, SchoolStatusKind.SHNOR, year,
                             demo_results.shnor_reason(self.simulated, number, year), source,
                             demo_schools.SHNOR_BASIS[year])
                n += 1
        specs = {s.n: s for s in demo_schools.SCHOOLS}
        for year, shnsu in demo_schools.SHNSU.items():
            for number in shnsu:
                self._status(number, SchoolStatusKind.SHNSU, year, _shnsu_reason(specs[number]),
                             StatusSource.REGION, demo_schools.SHNSU_BASIS[year])
                n += 1
        for year, leaders in demo_schools.LEADERS.items():
            for number in leaders:
                self._status(number, SchoolStatusKind.LEADER, year, demo_schools.LEADER_REASON,
                             StatusSource.DECISION, demo_schools.LEADER_BASIS[year])
                n += 1
        self._count("статусов", n)

        left = demo_schools.LEFT_SHNOR_2025
        before = demo_results.mean_quality(self.simulated, left, 2024, Procedure.VPR.value)
        after = demo_results.mean_quality(self.simulated, left, 2025, Procedure.VPR.value)
        self.school[left].notes = (
            "В 2025 г. выведена из перечня ШНОР: положительная динамика результатов — качество "
            f"по ВПР {_percent(before)} в 2024 г. и {_percent(after)} в 2025 г."
        )
        self.school[8].notes = "Малокомплектная школа: в классах от 3 до 6 обучающихся."

        for spec in demo_schools.SCHOOLS:
            self.s.add(SchoolContext(
                school_id=self.school[spec.n].id,
                year=demo_schools.CONTEXT_YEAR,
                source="Контекстные данные ОО 2025 (демонстрационные)",
                settlement_type=spec.settlement_type,
                settlement_size=spec.settlement_size,
                transport=spec.transport,
                pupils=spec.pupils,
                teachers=spec.teachers,
                answers=dict(spec.social),
            ))
        self._count("контекстных анкет", len(demo_schools.SCHOOLS))

    def _status(self, number: int, kind: SchoolStatusKind, year: int, reason: str,
                source: StatusSource, basis: str) -> None:
        self.s.add(SchoolStatus(school_id=self.school[number].id, kind=kind.value, year=year,
                                reason=reason, source=source.value, basis_document=basis))

    # --- results -----------------------------------------------------------------------------

    def results(self) -> None:
        batch = ImportBatch(kind="demo", key="demo:results",
                            file_name="Демонстрационный район (данные созданы программой)",
                            rows_read=len(self.simulated), rows_written=len(self.simulated),
                            params={"years": list(demo_schools.RESULT_YEARS)})
        self.s.add(batch)
        self.s.flush()
        rows = [{**r.values, "school_id": self.school[r.school_n].id, "batch_id": batch.id}
                for r in self.simulated]
        stmt = insert(AssessmentResult).returning(AssessmentResult.id, sort_by_parameter_order=True)
        self.result_ids = list(self.s.scalars(stmt, rows))
        self._count("результатов", len(rows))

    def tasks_and_scales(self) -> None:
        rows = [{"result_id": rid, "task": task, "max_points": points, "completion": completion}
                for rid, r in zip(self.result_ids, self.simulated, strict=True)
                for task, points, completion in r.tasks]
        self.s.execute(insert(TaskResult), rows)
        self._count("результатов по заданиям", len(rows))
        scales = demo_results.grading_scales()
        self.s.add_all(GradingScale(**row) for row in scales)
        self._count("шкал перевода", len(scales))

    # --- people --------------------------------------------------------------------------------

    def people(self) -> None:
        for spec in demo_people.all_people():
            person = Person(
                last_name=spec.last_name, first_name=spec.first_name, middle_name=spec.middle_name,
                gender=spec.gender, category=spec.category, position=spec.position,
                school_id=self.school[spec.school_n].id if spec.school_n else None,
                organisation=spec.organisation, subjects=spec.subjects,
                qualification=spec.qualification, phone=spec.phone, email=spec.email,
                notes=spec.notes,
            )
            self.s.add(person)
            self.person[spec.key] = person
        self.s.flush()
        self._count("людей", len(self.person))
        for key, number, role, date_from, date_to, basis in demo_people.ASSIGNMENTS:
            self.s.add(SupportAssignment(
                person_id=self.person[key].id,
                school_id=self.school[number].id if number else None,
                role=role, date_from=date_from, date_to=date_to, basis=basis,
            ))
        self._count("назначений (кураторы, тьюторы, координатор)", len(demo_people.ASSIGNMENTS))

    # --- partnerships and mentoring ----------------------------------------------------------

    def partnerships_and_mentoring(self) -> None:
        items = 0
        for spec in demo_work.PARTNERSHIPS:
            partnership = Partnership(
                leader_school_id=self.school[spec.leader].id,
                supported_school_id=self.school[spec.supported].id,
                number=spec.number, agreement_date=spec.agreement_date, city=demo_schools.CITY,
                term_start=spec.term_start, term_end=spec.term_end, state=spec.state,
                notes=spec.notes,
            )
            partnership.plan_items = [
                PartnershipPlanItem(kind=i.kind, title=i.title, date_from=i.date_from,
                                    date_to=i.date_to, responsible=i.responsible,
                                    participants=i.participants, state=i.state, result=i.result)
                for i in spec.items
            ]
            items += len(spec.items)
            self.s.add(partnership)
        self._count("партнёрств", len(demo_work.PARTNERSHIPS))
        self._count("пунктов планов партнёрств", items)

        for pair in demo_people.PAIRS:
            row = MentoringPair(kind=pair.kind, goals=pair.goals, date_from=pair.date_from,
                                date_to=pair.date_to, state=pair.state, result=pair.result)
            if pair.mentor.startswith("s"):
                row.mentor_school_id = self.school[int(pair.mentor[1:])].id
                row.mentee_school_id = self.school[int(pair.mentee[1:])].id
            else:
                mentor, mentee = self.person[pair.mentor], self.person[pair.mentee]
                row.mentor_person_id, row.mentee_person_id = mentor.id, mentee.id
                row.mentor_school_id, row.mentee_school_id = mentor.school_id, mentee.school_id
            self.s.add(row)
        self._count("наставнических пар", len(demo_people.PAIRS))

    # --- deficits and courses ------------------------------------------------------------------

    def deficits_and_courses(self) -> None:
        for key, subject, topic, found_by, found_on, before, after, overcome_on in demo_people.DEFICITS:
            self.s.add(ProfessionalDeficit(
                person_id=self.person[key].id, subject=subject, topic=topic, found_by=found_by,
                found_on=found_on, score_before=before, score_after=after,
                overcome=overcome_on is not None, overcome_on=overcome_on,
            ))
        self._count("профессиональных затруднений", len(demo_people.DEFICITS))
        for key, title, hours, date_from, date_to, provider, certificate in demo_people.COURSES:
            self.s.add(Course(person_id=self.person[key].id, title=title, hours=hours,
                              date_from=date_from, date_to=date_to, provider=provider,
                              certificate=certificate))
        self._count("курсов повышения квалификации", len(demo_people.COURSES))

    # --- visits ----------------------------------------------------------------------------------

    def _member_position(self, person: Person) -> str:
        if person.school_id is None:
            return person.position
        school = next(s for s in self.school.values() if s.id == person.school_id)
        return f"{person.position}, {school.short_name}"

    def visits(self) -> None:
        recommendations = 0
        for spec in demo_work.VISITS:
            visit = MethodicalVisit(
                school_id=self.school[spec.school].id, date=spec.date, date_end=spec.date,
                basis=spec.basis, purpose=spec.purpose, questions=spec.questions,
                findings=spec.findings, state=spec.state, acquainted=spec.acquainted,
            )
            visit.members = [
                VisitMember(person_id=self.person[k].id, name=self.person[k].full_name,
                            position=self._member_position(self.person[k]))
                for k in spec.members
            ]
            visit.lessons = [
                ObservedLesson(teacher_person_id=self.person[lesson.teacher].id,
                               teacher_name=self.person[lesson.teacher].full_name,
                               class_name=lesson.class_name, subject=lesson.subject,
                               topic=lesson.topic, remarks=lesson.remarks)
                for lesson in spec.lessons
            ]
            visit.recommendations = [
                Recommendation(text=r.text, addressee=r.addressee, responsible=r.responsible,
                               deadline=r.deadline, done=r.done_on is not None, done_on=r.done_on,
                               check_note=r.check_note)
                for r in spec.recommendations
            ]
            recommendations += len(spec.recommendations)
            self.s.add(visit)
        self._count("методических выездов", len(demo_work.VISITS))
        self._count("рекомендаций по итогам выездов", recommendations)

    # --- roadmap ---------------------------------------------------------------------------------

    def roadmap(self) -> None:
        for position, row in enumerate(demo_work.ROADMAP, start=1):
            task, measure, method, periodicity, deadline, responsible, state, evidence = row
            self.s.add(RoadmapItem(
                roadmap=demo_work.ROADMAP_NAME, position=position, task=task, measure=measure,
                info_method=method, deadline=deadline, periodicity=periodicity,
                responsible=responsible, state=state, evidence=evidence,
            ))
        self._count("пунктов дорожной карты", len(demo_work.ROADMAP))

    # --- risk profiles ---------------------------------------------------------------------------

    def risks(self) -> None:
        demo_risks.build(self.s, self.school, self._count)


def _shnsu_reason(spec: demo_schools.SchoolSpec) -> str:
    social: dict[str, Any] = spec.social
    place = "сельская школа" if spec.is_rural else "городская школа"
    return (
        f"Неблагоприятные социальные условия: {place}, {social['distance_to_centre_km']} км до "
        f"районного центра; обучающихся из малообеспеченных семей {_percent(social['share_low_income'])}, "
        f"из неполных семей {_percent(social['share_single_parent'])}; родителей с высшим "
        f"образованием {_percent(social['share_parents_higher_education'])}."
    )
