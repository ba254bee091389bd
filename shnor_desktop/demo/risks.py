"""The demo district's risk profiles (2024, 2025), anti-risk measures and school programmes.

Profiles exist for the schools with a ШНОР or ШНСУ status in the year (and for Заречная СОШ in
2025, which left the ШНОР list: its risks fell). High and medium risks of 2025 are answered by
measures, except three left without one on purpose so that the page has something to flag; the
deadlines run from December 2025 to May 2027, so against 23.11.2026 some measures are done, some
overdue and some still ahead. Deterministic: no randomness, no dependence on today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from ..models import (
    AntiRiskMeasure,
    ExpertAssessment,
    RiskAssessment,
    RiskFactor,
    School,
    SchoolProgramme,
)
from ..models.enums import WorkState
from ..models.risks import ExpertVerdict, ProgrammeKind, RiskLevel, RiskSource
from ..risks.factors import ensure_default_factors

D = dt.date
DONE, IN_PROGRESS, PLANNED, CANCELLED = (WorkState.DONE.value, WorkState.IN_PROGRESS.value,
                                         WorkState.PLANNED.value, WorkState.CANCELLED.value)
CODES = {"H": RiskLevel.HIGH.value, "M": RiskLevel.MEDIUM.value, "L": RiskLevel.LOW.value,
         "N": RiskLevel.NONE.value}

# school number -> year -> levels of the ten factors of 2021, in the list's order:
# оснащение, дефицит кадров, компетентность, адаптивность, внутришкольное ПК,
# доля неуспешных, мотивация, среда, языковые барьеры, вовлечённость родителей
PROFILES: dict[int, dict[int, str]] = {
    5: {2024: "MMHMMHHMLM", 2025: "LMMMLHMMLM"},
    7: {2024: "HHHMMHHMMH", 2025: "MHHMLHMMMH"},
    9: {2024: "MLHMMHMLNM", 2025: "LLMLLMLLNL"},
    10: {2024: "HHMHMHHMLH", 2025: "HHMMMHHMLM"},
    15: {2025: "MMHHMHMLNM"},
    16: {2024: "MHMMMHMMHM", 2025: "MHMLMHMMHM"},
    17: {2024: "HMLLLMLLMH", 2025: "MMLNLLLLMM"},
}

# (school, factor number) of 2025 risks deliberately left without a measure
UNCOVERED_2025 = {(16, 9), (15, 4), (10, 8)}

SOURCES = {3: RiskSource.VISIT.value, 6: RiskSource.RESULTS.value, 7: RiskSource.SURVEY.value,
           8: RiskSource.SURVEY.value, 10: RiskSource.SURVEY.value}

COMMENTS = {
    1: "Компьютеры в кабинетах устарели, проекторов нет в половине кабинетов.",
    2: "Вакансии учителей математики и английского языка; часы распределены совместителям.",
    3: "На уроках, посещённых при выезде, преобладает фронтальная работа; диагностика "
       "предметных компетенций не пройдена.",
    4: "Нет индивидуальных планов для обучающихся с трудностями в обучении.",
    5: "Методическое объединение не работает, взаимопосещений уроков нет.",
    6: "По ВПР доля отметок «2» по математике выше районной почти вдвое.",
    7: "По анкетированию половина обучающихся 7–9 классов не видит смысла в учёбе.",
    8: "Жалобы на конфликты между обучающимися, школьная служба примирения не работает.",
    9: "Треть обучающихся говорит дома не на русском языке.",
    10: "На родительские собрания приходит меньше трети родителей.",
}

# factor number -> (what, success indicator, responsible)
MEASURES: dict[int, tuple[str, str, str]] = {
    1: ("Обновление компьютерного класса и оснащение кабинетов проекторами за счёт субвенции",
        "рабочее место учителя с компьютером и проектором — не менее чем в 80 % кабинетов",
        "директор"),
    2: ("Привлечение молодых специалистов (программа «Земский учитель»), целевое обучение "
        "выпускников школы в педагогическом вузе",
        "вакансии учителей закрыты к 1 сентября", "директор"),
    3: ("Диагностика профессиональных дефицитов учителей математики и русского языка и "
        "индивидуальные образовательные маршруты по её итогам",
        "диагностику прошли не менее 80 % учителей, у половины — положительная динамика",
        "заместитель директора по УВР"),
    4: ("Разноуровневые задания и курсы внеурочной деятельности для обучающихся с трудностями "
        "в обучении", "индивидуальные планы выполнили не менее 70 % обучающихся группы риска",
        "заместитель директора по УВР"),
    5: ("Школьное методическое объединение: взаимопосещение уроков и разбор результатов ВПР",
        "не менее 6 заседаний за год, каждый учитель посетил 4 урока коллег",
        "заместитель директора по УВР"),
    6: ("Индивидуальные планы работы с обучающимися группы риска по математике и русскому языку",
        "доля отметок «2» по ВПР снизилась не менее чем на 5 процентных пунктов",
        "заместитель директора по УВР"),
    7: ("Проектная неделя и профориентационные экскурсии с партнёрами, школьный клуб "
        "интеллектуальных игр", "во внеурочной деятельности заняты не менее 80 % обучающихся",
        "заместитель директора по ВР"),
    8: ("Обновление программы воспитания: школьные традиции, школьная служба примирения",
        "по анкетированию не менее 70 % обучающихся чувствуют себя в школе комфортно",
        "заместитель директора по ВР"),
    9: ("Дополнительные занятия по русскому языку для обучающихся, говорящих дома на другом языке",
        "все обучающиеся группы справились с итоговой диагностикой по русскому языку",
        "учитель русского языка"),
    10: ("Родительский университет: ежемесячные встречи и консультации по вопросам учёбы",
         "на родительские собрания приходят не менее 60 % родителей", "заместитель директора по ВР"),
}

# the deadline and state of the k-th measure of a school in 2025 (cycled): against 23.11.2026
# the fifth is overdue (one per school with five measures or more), the rest done or ahead
SCHEDULE_2025: tuple[tuple[dt.date, str], ...] = (
    (D(2025, 12, 25), DONE),
    (D(2026, 3, 31), DONE),
    (D(2026, 5, 29), DONE),
    (D(2026, 12, 25), IN_PROGRESS),
    (D(2026, 9, 30), PLANNED),
    (D(2027, 5, 31), PLANNED),
    (D(2026, 6, 30), DONE),
)
RESULT_DONE = "Выполнено; показатель достигнут (отчёт школы, справка МКУ «ИМЦ»)."

PROGRAMMES: tuple[tuple[int, str, str, dt.date, dt.date, dt.date | None, str, str], ...] = (
    (5, ProgrammeKind.TRANSITION.value,
     "Программа перехода в эффективный режим работы МБОУ «СОШ № 5» на 2025–2027 годы",
     D(2025, 9, 1), D(2027, 8, 31), D(2025, 9, 20), "приказ директора от 20.09.2025 № 112", "2"),
    (5, ProgrammeKind.ANTI_RISK.value, "Антирисковая программа «Высокая доля обучающихся с рисками "
     "учебной неуспешности»", D(2025, 10, 1), D(2026, 12, 31), D(2025, 10, 6),
     "приказ директора от 06.10.2025 № 118", "1"),
    (7, ProgrammeKind.TRANSITION.value, "Программа перехода в эффективный режим работы МКОУ "
     "«Берёзовская СОШ» на 2025–2027 годы", D(2025, 9, 1), D(2027, 8, 31), D(2025, 9, 25),
     "приказ директора от 25.09.2025 № 87", "1"),
    (10, ProgrammeKind.ANTI_RISK.value, "Антирисковая программа «Дефицит педагогических кадров»",
     D(2025, 10, 1), D(2026, 12, 31), None, "", "1"),
    (16, ProgrammeKind.TRANSITION.value, "Программа перехода в эффективный режим работы МКОУ "
     "«Верхнеполянская ООШ» на 2024–2026 годы", D(2024, 9, 1), D(2026, 8, 31), D(2024, 9, 30),
     "приказ директора от 30.09.2024 № 64", "3"),
    (17, ProgrammeKind.DEVELOPMENT.value, "Концепция развития МБОУ «Николаевская СОШ» до 2028 года",
     D(2024, 1, 1), D(2028, 12, 31), D(2024, 1, 15), "решение управляющего совета, протокол № 2",
     "1"),
    (15, ProgrammeKind.PARTNERSHIP_PLAN.value, "План партнёрства с МАОУ «СОШ № 8» на 2025/26 учебный "
     "год", D(2025, 10, 1), D(2026, 6, 30), D(2025, 10, 10), "директора обеих школ", "1"),
)
EXPERTISE: dict[int, tuple[tuple[dt.date, str, str, str], ...]] = {
    0: ((D(2025, 9, 12), "Рабочая группа управления образования (Лебедева А.И., Ершова Д.А.)",
         ExpertVerdict.REVISE.value, "Уточнить показатели результативности: указать целевые "
         "значения доли отметок «2» по ВПР на 2026 и 2027 годы."),
        (D(2025, 9, 18), "Рабочая группа управления образования (Лебедева А.И., Ершова Д.А.)",
         ExpertVerdict.APPROVED.value, "Замечания учтены.")),
    2: ((D(2025, 9, 22), "Рабочая группа управления образования (Лебедева А.И.)",
         ExpertVerdict.APPROVED.value, ""),),
    3: ((D(2025, 10, 20), "Муниципальный координатор Лебедева А.И.", ExpertVerdict.REVISE.value,
         "Мероприятия не связаны с выявленными рисками: добавить меры по закреплению молодых "
         "педагогов и наставничество."),),
    4: ((D(2024, 9, 26), "Рабочая группа управления образования", ExpertVerdict.APPROVED.value,
         "Рекомендовано дополнить разделом о работе с обучающимися, для которых русский язык "
         "не родной."),),
}


def build(session: Session, school: dict[int, School], count: Callable[[str, int], None]) -> None:
    """Write the factors (the 2021 list), profiles, measures and programmes."""
    ensure_default_factors(session)
    factors = {f.position: f for f in session.query(RiskFactor).filter(RiskFactor.list_year == 2021)}
    assessments = measures = 0
    for number, years in PROFILES.items():
        for year, codes in years.items():
            for position, code in enumerate(codes, start=1):
                level = CODES[code]
                session.add(RiskAssessment(
                    school_id=school[number].id, year=year, factor_id=factors[position].id,
                    level=level,
                    source=SOURCES.get(position, RiskSource.SELF_DIAGNOSIS.value),
                    comment=COMMENTS[position] if code == "H" else ""))
                assessments += 1
            measures += _measures(session, school[number], year, codes, factors)
    count("оценок рисков", assessments)
    count("антирисковых мер", measures)

    programmes = []
    for spec in PROGRAMMES:
        number, kind, title, date_from, date_to, approved_on, approved_by, edition = spec
        programme = SchoolProgramme(school_id=school[number].id, kind=kind, title=title,
                                    date_from=date_from, date_to=date_to, approved_on=approved_on,
                                    approved_by=approved_by, edition=edition, notes="",
                                    file_path="", original_name="")
        session.add(programme)
        programmes.append(programme)
    session.flush()
    reviews = 0
    for index, rows in EXPERTISE.items():
        for date, expert, verdict, remarks in rows:
            session.add(ExpertAssessment(programme_id=programmes[index].id, date=date, expert=expert,
                                         verdict=verdict, remarks=remarks))
            reviews += 1
    count("программ и документов ОО", len(programmes))
    count("экспертных заключений", reviews)


def _measures(session: Session, school: School, year: int, codes: str,
              factors: dict[int, RiskFactor]) -> int:
    made = 0
    for position, code in enumerate(codes, start=1):
        if code not in "HM":
            continue
        if year == 2025 and (_number(school), position) in UNCOVERED_2025:
            continue
        if year == 2024 and code != "H":
            continue  # last year's measures: only the high risks had them
        action, indicator, responsible = MEASURES[position]
        if year == 2024:
            deadline, state = D(2025, 5, 30), DONE if position % 4 else CANCELLED
        else:
            deadline, state = SCHEDULE_2025[made % len(SCHEDULE_2025)]
        result = RESULT_DONE if state == DONE else (
            "Отменена: мера вошла в программу перехода в эффективный режим работы."
            if state == CANCELLED else "")
        session.add(AntiRiskMeasure(
            school_id=school.id, year=year, factor_id=factors[position].id, action=action,
            deadline=deadline, responsible=responsible, indicator=indicator, state=state,
            result=result))
        made += 1
    return made


def _number(school: School) -> int:
    return int((school.fis_login or "sch229900")[-2:])
