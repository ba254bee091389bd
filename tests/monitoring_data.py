"""A small district for the monitoring tests: every figure below is counted by hand in the tests.

Schools: A, B, C are ШНОР in 2024; D is ШНСУ in 2024; E is a школа-лидер; F was ШНОР in 2023 only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shnor_desktop.models import (
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
    SupportAssignment,
)

YEAR = 2024
TODAY = dt.date(2024, 12, 15)


@dataclass
class District:
    schools: dict[str, int]
    people: dict[str, int]


def _result(school: School, year: int, procedure: str, grade: int, subject: str, **kw) -> AssessmentResult:
    return AssessmentResult(school_id=school.id, year=year, procedure=procedure, grade=grade,
                            subject=subject, session="", **kw)


def build_district(db) -> District:
    with db.transaction() as s:
        schools = {}
        for key in "ABCDEF":
            school = School(full_name=f"МБОУ «Школа {key}»", short_name=f"Школа {key}",
                            fis_login=f"sch00010{ord(key)}")
            s.add(school)
            schools[key] = school
        s.flush()
        A, B, C, D, E, F = (schools[k] for k in "ABCDEF")  # noqa: N806
        for key in "ABC":
            s.add(SchoolStatus(school_id=schools[key].id, kind="shnor", year=YEAR, reason="ВПР"))
        s.add(SchoolStatus(school_id=D.id, kind="shnsu", year=YEAR, reason="контекст"))
        s.add(SchoolStatus(school_id=E.id, kind="leader", year=YEAR, reason="высокие результаты"))
        s.add(SchoolStatus(school_id=F.id, kind="shnor", year=YEAR - 1, reason="ВПР"))

        # dynamics -------------------------------------------------------------------------
        # A: КВ in both years: математика .40 -> .50, русский .50 -> .45: mean change +0.025
        s.add_all([
            _result(A, 2023, "VPR", 5, "Математика", participants=20, kv=0.40,
                    mark2=4, mark3=8, mark4=6, mark5=2),
            _result(A, 2024, "VPR", 5, "Математика", participants=20, kv=0.50,
                    mark2=2, mark3=8, mark4=8, mark5=2),
            _result(A, 2023, "VPR", 5, "Русский язык", participants=20, kv=0.50,
                    mark2=3, mark3=9, mark4=6, mark5=2),
            _result(A, 2024, "VPR", 5, "Русский язык", participants=20, kv=0.45,
                    mark2=5, mark3=9, mark4=5, mark5=1),
        ])
        # B: marks only; ОГЭ математика качество 5/20 -> 4/20 (falls); ВПР 6 биология only in 2024
        s.add_all([
            _result(B, 2023, "OGE", 9, "Математика", participants=20, mark2=5, mark3=10, mark4=4, mark5=1),
            _result(B, 2024, "OGE", 9, "Математика", participants=20, mark2=6, mark3=10, mark4=3, mark5=1,
                    no_attestat=0),
            _result(B, 2024, "VPR", 6, "Биология", participants=10, mark2=1, mark3=5, mark4=3, mark5=1),
        ])
        # C: only 2024 (no dynamics), ОГЭ only (no ВПР/РДР)
        s.add(_result(C, 2024, "OGE", 9, "Русский язык", participants=12, mark2=2, mark3=6, mark4=3,
                      mark5=1, no_attestat=2))
        # D: КВ only in 2023, so качество is used: 5/10 -> 6/10
        s.add_all([
            _result(D, 2023, "VPR", 4, "Русский язык", participants=10, kv=0.6,
                    mark2=1, mark3=4, mark4=4, mark5=1),
            _result(D, 2024, "VPR", 4, "Русский язык", participants=10, mark2=0, mark3=4, mark4=5, mark5=1),
        ])
        # F (not monitored in 2024) would change the index if it were counted
        s.add(_result(F, 2024, "VPR", 5, "Математика", participants=10, mark2=9, mark3=1, mark4=0, mark5=0))

        # ЕГЭ 2024 for the criteria: A and E
        s.add_all([
            _result(A, 2024, "EGE", 11, "Русский язык", participants=10, mean_score=65.0,
                    share_80plus=0.2, no_attestat=1),
            _result(A, 2024, "EGE", 11, "Математика (профильная)", participants=5, mean_score=50.0,
                    share_80plus=0.0),
            _result(A, 2024, "EGE", 11, "Математика (базовая)", participants=5, mean_score=4.0),
            _result(A, 2024, "EGE", 11, "Физика", participants=4, mean_score=55.0, share_80plus=0.25),
            _result(E, 2024, "EGE", 11, "Русский язык", participants=30, mean_score=75.0,
                    share_80plus=0.3, no_attestat=0),
            _result(E, 2024, "EGE", 11, "Математика (профильная)", participants=10, mean_score=60.0,
                    share_80plus=0.1),
            _result(E, 2024, "EGE", 11, "Химия", participants=6, mean_score=50.0, share_80plus=0.0),
        ])

        # people -------------------------------------------------------------------------------
        def person(key: str, school: School, category: str, archived: bool = False) -> Person:
            p = Person(last_name=f"Педагог{key}", first_name="Анна", middle_name="Ивановна",
                       category=category, school_id=school.id, archived=archived)
            s.add(p)
            return p

        T1, T2, T3 = person("1", A, "teacher"), person("2", A, "teacher"), person("3", A, "deputy")  # noqa: N806
        T4, T5 = person("4", A, "director"), person("5", A, "teacher", archived=True)  # noqa: N806
        T6, T7 = person("6", E, "teacher"), person("7", D, "teacher")  # noqa: N806
        s.flush()
        s.add_all([
            ProfessionalDeficit(person_id=T1.id, topic="Функциональная грамотность", found_by="diagnostic",
                                found_on=dt.date(2024, 3, 1), score_before=40, score_after=60),
            ProfessionalDeficit(person_id=T1.id, topic="Оценивание", found_by="diagnostic",
                                found_on=dt.date(2023, 3, 1)),
            ProfessionalDeficit(person_id=T2.id, topic="Дроби", found_by="diagnostic",
                                found_on=dt.date(2024, 5, 1)),
            ProfessionalDeficit(person_id=T3.id, topic="Урок", found_by="visit", found_on=dt.date(2024, 4, 1),
                                overcome=True, overcome_on=dt.date(2024, 6, 1)),
            ProfessionalDeficit(person_id=T6.id, topic="Дроби", found_by="diagnostic",
                                found_on=dt.date(2024, 5, 1), overcome=True),
            Course(person_id=T2.id, title="Формирующее оценивание", hours=36,
                   date_from=dt.date(2024, 5, 20), date_to=dt.date(2024, 6, 10)),
            Course(person_id=T3.id, title="Управление качеством", hours=72,
                   date_from=dt.date(2023, 10, 1), date_to=dt.date(2023, 11, 1)),
            Course(person_id=T6.id, title="Курс", hours=16, date_to=dt.date(2024, 2, 1)),
        ])

        # coverage -----------------------------------------------------------------------------
        s.add_all([
            MethodicalVisit(school_id=A.id, date=dt.date(2024, 10, 10), state="done"),
            MethodicalVisit(school_id=B.id, date=dt.date(2024, 12, 20), state="planned"),
            MethodicalVisit(school_id=C.id, date=dt.date(2023, 10, 10), state="done"),
        ])
        pa = Partnership(leader_school_id=E.id, supported_school_id=A.id, number="7", state="active",
                         agreement_date=dt.date(2023, 8, 25), term_start=dt.date(2023, 9, 1),
                         term_end=dt.date(2025, 6, 30))
        pb = Partnership(leader_school_id=E.id, supported_school_id=B.id, state="draft")
        pd = Partnership(leader_school_id=E.id, supported_school_id=D.id, number="3", state="expired",
                         term_start=dt.date(2022, 1, 1), term_end=dt.date(2023, 12, 31))
        s.add_all([pa, pb, pd])
        s.flush()
        s.add_all([
            PartnershipPlanItem(partnership_id=pa.id, title="Семинар", date_from=dt.date(2024, 2, 1),
                                state="done"),
            PartnershipPlanItem(partnership_id=pa.id, title="Педсовет", date_from=dt.date(2024, 4, 1),
                                state="cancelled"),
            PartnershipPlanItem(partnership_id=pa.id, title="Мастер-класс", date_from=dt.date(2024, 12, 20),
                                state="planned"),
            PartnershipPlanItem(partnership_id=pa.id, title="Стажировка", date_from=dt.date(2025, 3, 1),
                                state="planned"),
        ])
        s.add_all([
            SupportAssignment(person_id=T4.id, school_id=B.id, role="curator", date_from=dt.date(2024, 1, 1)),
            SupportAssignment(person_id=T4.id, school_id=C.id, role="curator",
                              date_from=dt.date(2022, 1, 1), date_to=dt.date(2023, 6, 1)),
            MentoringPair(kind="teacher", mentor_person_id=T6.id, mentee_person_id=T7.id,
                          date_from=dt.date(2024, 9, 1), state="in_progress"),
            MentoringPair(kind="school", mentor_school_id=E.id, mentee_school_id=C.id,
                          date_from=dt.date(2024, 9, 1), state="cancelled"),
        ])

        # unexcused absences (criterion 9): district mean (5 + 3 + 1 + 0.5) / 4 = 2.375
        for school, value in ((A, 5.0), (B, 3.0), (E, 1.0), (D, 0.5)):
            s.add(SchoolContext(school_id=school.id, year=YEAR, source="monitoring",
                                answers={"unexcused_absence": value}))
        s.flush()
        return District({k: v.id for k, v in schools.items()},
                        {f"T{i}": p.id for i, p in enumerate((T1, T2, T3, T4, T5, T6, T7), start=1)})
