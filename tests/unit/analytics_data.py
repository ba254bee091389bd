"""A small district written into the real temp database for the analytics tests.

ВПР, 5 класс, «Математика»; max score 20. Marks are («2», «3», «4», «5»).

2024 (100 participants in all)
    school  n   marks          качество       доля «2»   средний = медиана   КВ
    A       40  (2, 14, 16, 8)  24/40 = 0.60   2/40       15.0                0.75
    B       20  (2, 8, 8, 2)    10/20 = 0.50   2/20       12.0                0.60
    C       10  (2, 5, 2, 1)     3/10 = 0.30   2/10       10.0                0.50
    D       13  (1, 6, 4, 2)     6/13          1/13       13.0                0.65
    E       10  (1, 5, 3, 1)     4/10 = 0.40   1/10       12.0                0.60
    F        7  (3, 3, 1, 0)     1/7           3/7         8.0                0.40

    district качество: weighted 48/100 = 0.48; mean of schools (0.6+0.5+0.3+6/13+0.4+1/7)/6
    district средний балл: weighted (600+240+100+169+120+56)/100 = 12.85
    district доля «2»: weighted 11/100 = 0.11

2023 (10 participants each): A (0,4,4,2) 0.6; B (1,4,4,1) 0.5; C (1,4,4,1) 0.5; E (4,4,1,1) 0.2
    district качество 0.45 -> E flagged (0.2/0.45 − 1 = −55.6 %)
2022 (10 participants each): A (0,4,4,2) 0.6; B (1,4,4,1) 0.5; C (3,5,2,0) 0.2; E (1,4,4,1) 0.5
    district качество 0.45 -> C flagged
"""

from __future__ import annotations

from collections.abc import Iterable

from shnor_desktop.models import AssessmentResult, School, SchoolStatus, login_number
from shnor_desktop.store.database import Database

MAX_SCORE = 20.0

Y2024 = {
    # letter: (participants, marks, mean score)
    "A": (40, (2, 14, 16, 8), 15.0),
    "B": (20, (2, 8, 8, 2), 12.0),
    "C": (10, (2, 5, 2, 1), 10.0),
    "D": (13, (1, 6, 4, 2), 13.0),
    "E": (10, (1, 5, 3, 1), 12.0),
    "F": (7, (3, 3, 1, 0), 8.0),
}
Y2023 = {"A": (0, 4, 4, 2), "B": (1, 4, 4, 1), "C": (1, 4, 4, 1), "E": (4, 4, 1, 1)}
Y2022 = {"A": (0, 4, 4, 2), "B": (1, 4, 4, 1), "C": (3, 5, 2, 0), "E": (1, 4, 4, 1)}

LOGINS = {letter: f"sch22310{i}" for i, letter in enumerate("ABCDEF", start=1)}
NAMES = {letter: f"МБОУ СОШ № {i}" for i, letter in enumerate("ABCDEF", start=1)}


def add_school(session, login: str, name: str, statuses: Iterable[tuple[str, int]] = ()) -> School:
    school = School(fis_login=login, login_number=login_number(login), full_name=name, short_name=name)
    session.add(school)
    session.flush()
    for kind, year in statuses:
        session.add(SchoolStatus(school_id=school.id, kind=kind, year=year))
    return school


def add_result(
    session, school_id: int, year: int, marks: tuple[int, int, int, int] | None = None, *,
    procedure: str = "VPR", grade: int = 5, subject: str = "Математика", participants: int | None = None,
    mean: float | None = None, median: float | None = None, max_score: float | None = None,
    kv: float | None = None, session_name: str = "", **extra,
) -> AssessmentResult:
    m2, m3, m4, m5 = marks if marks is not None else (None, None, None, None)
    if participants is None and marks is not None:
        participants = sum(marks)
    result = AssessmentResult(
        school_id=school_id, year=year, procedure=procedure, grade=grade, subject=subject,
        session=session_name, participants=participants, mark2=m2, mark3=m3, mark4=m4, mark5=m5,
        mean_score=mean, median_score=median, max_score=max_score, kv=kv, **extra,
    )
    session.add(result)
    return result


def build_district(db: Database, *, with_history: bool = True) -> dict[str, int]:
    """Write the district above; returns school ids by letter."""
    with db.transaction() as session:
        ids = {letter: add_school(session, LOGINS[letter], NAMES[letter]).id for letter in "ABCDEF"}
        for letter, (n, marks, mean) in Y2024.items():
            # КВ of A is left to be computed from mean / max (15 / 20 = 0.75)
            kv = None if letter == "A" else mean / MAX_SCORE
            add_result(session, ids[letter], 2024, marks, participants=n, mean=mean, median=mean,
                       max_score=MAX_SCORE, kv=kv)
        if with_history:
            for year, table in ((2023, Y2023), (2022, Y2022)):
                for letter, marks in table.items():
                    add_result(session, ids[letter], year, marks)
    return ids
