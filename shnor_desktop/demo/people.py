"""People of the demo district and their support work: curators, tutors, the coordinator,
mentoring pairs, professional deficits and courses. All names are invented."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models.enums import DeficitSource, MentoringKind, PersonCategory, SupportRole, WorkState
from .schools import SCHOOLS

D = dt.date

AUTHORITY = "Управление образования администрации Краснополянского муниципального района"
AUTHORITY_SHORT = "Управление образования"
IMC = "МКУ «Информационно-методический центр Краснополянского района»"
IMC_SHORT = "МКУ «ИМЦ»"
IRO = "ГАУ ДПО «Приозёрный институт развития образования»"

HIGHEST = "высшая категория"
FIRST = "первая категория"
CONFORMS = "соответствие занимаемой должности"
NONE = "без категории"


@dataclass(frozen=True)
class PersonSpec:
    key: str
    last_name: str
    first_name: str
    middle_name: str
    gender: str
    category: str
    position: str
    school_n: int | None = None
    organisation: str = ""
    subjects: str = ""
    qualification: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""

    @property
    def initials_name(self) -> str:
        """Шевчук О.В."""
        return f"{self.last_name} {self.first_name[0]}.{self.middle_name[0]}."


T = PersonCategory.TEACHER.value
OFFICIAL = PersonCategory.OFFICIAL.value
METHODIST = PersonCategory.METHODIST.value
DEPUTY = PersonCategory.DEPUTY.value

STAFF: tuple[PersonSpec, ...] = (
    PersonSpec("head", "Воронцова", "Елена", "Викторовна", "f", OFFICIAL,
               "начальник управления образования", organisation=AUTHORITY,
               phone="8 (38599) 2-10-01"),
    PersonSpec("deputy_head", "Морозов", "Павел", "Андреевич", "m", OFFICIAL,
               "заместитель начальника управления образования", organisation=AUTHORITY,
               phone="8 (38599) 2-10-05"),
    PersonSpec("specialist", "Лебедева", "Анастасия", "Игоревна", "f", OFFICIAL,
               "главный специалист отдела общего образования", organisation=AUTHORITY,
               phone="8 (38599) 2-14-36", email="lebedeva@edu-krasnopolyansk.ru"),
    PersonSpec("imc_director", "Корнилова", "Вера", "Степановна", "f", METHODIST,
               "директор МКУ «ИМЦ»", organisation=IMC, phone="8 (38599) 2-22-40"),
    PersonSpec("coordinator", "Самойлова", "Юлия", "Валерьевна", "f", METHODIST,
               "методист МКУ «ИМЦ», муниципальный координатор", organisation=IMC,
               subjects="управление качеством образования", phone="8 (38599) 2-22-43",
               email="samoylova@edu-krasnopolyansk.ru"),
    PersonSpec("m_math", "Рахимова", "Алия", "Фаритовна", "f", METHODIST,
               "методист МКУ «ИМЦ» по математике", organisation=IMC, subjects="математика",
               phone="8 (38599) 2-22-44"),
    PersonSpec("m_rus", "Денисов", "Артём", "Олегович", "m", METHODIST,
               "методист МКУ «ИМЦ» по русскому языку и литературе", organisation=IMC,
               subjects="русский язык, литература", phone="8 (38599) 2-22-45"),
    PersonSpec("m_primary", "Орлова", "Кристина", "Евгеньевна", "f", METHODIST,
               "методист МКУ «ИМЦ» по начальному образованию", organisation=IMC,
               subjects="начальные классы", phone="8 (38599) 2-22-46"),
    PersonSpec("dep1", "Степанова", "Ирина", "Владимировна", "f", DEPUTY,
               "заместитель директора по учебно-воспитательной работе", 1,
               qualification=HIGHEST),
    PersonSpec("dep2", "Ковалёв", "Максим", "Юрьевич", "m", DEPUTY,
               "заместитель директора по учебно-воспитательной работе", 2,
               qualification=HIGHEST),
    PersonSpec("dep18", "Никитина", "Оксана", "Леонидовна", "f", DEPUTY,
               "заместитель директора по учебно-воспитательной работе", 18,
               qualification=HIGHEST),
    # leaders' teachers (tutors and mentors)
    PersonSpec("t1_math", "Полякова", "Марина", "Сергеевна", "f", T, "учитель математики", 1,
               subjects="математика", qualification=HIGHEST),
    PersonSpec("t1_rus", "Ершова", "Дарья", "Алексеевна", "f", T,
               "учитель русского языка и литературы", 1, subjects="русский язык, литература",
               qualification=HIGHEST),
    PersonSpec("t2_math", "Тихонов", "Алексей", "Викторович", "m", T, "учитель математики", 2,
               subjects="математика", qualification=HIGHEST),
    PersonSpec("t2_rus", "Мухаметова", "Лилия", "Ринатовна", "f", T,
               "учитель русского языка и литературы", 2, subjects="русский язык, литература",
               qualification=HIGHEST),
    PersonSpec("t18_prim", "Захарова", "Елена", "Олеговна", "f", T, "учитель начальных классов", 18,
               subjects="начальные классы", qualification=HIGHEST),
    # teachers of the supported schools
    PersonSpec("t5_math", "Кудрявцева", "Анна", "Викторовна", "f", T, "учитель математики", 5,
               subjects="математика", qualification=FIRST),
    PersonSpec("t5_math2", "Панов", "Денис", "Игоревич", "m", T, "учитель математики", 5,
               subjects="математика", qualification=NONE, notes="молодой специалист, стаж 2 года"),
    PersonSpec("t5_rus", "Широкова", "Валентина", "Петровна", "f", T,
               "учитель русского языка и литературы", 5, subjects="русский язык, литература",
               qualification=CONFORMS),
    PersonSpec("t5_prim", "Волкова", "Яна", "Сергеевна", "f", T, "учитель начальных классов", 5,
               subjects="начальные классы", qualification=FIRST),
    PersonSpec("t7_math", "Галиева", "Эльвира", "Маратовна", "f", T, "учитель математики", 7,
               subjects="математика", qualification=CONFORMS),
    PersonSpec("t7_rus", "Сергеева", "Нина", "Фёдоровна", "f", T,
               "учитель русского языка и литературы", 7, subjects="русский язык, литература",
               qualification=FIRST),
    PersonSpec("t9_math", "Титова", "Людмила", "Андреевна", "f", T, "учитель математики", 9,
               subjects="математика", qualification=FIRST),
    PersonSpec("t10_math", "Бондарь", "Татьяна", "Андреевна", "f", T, "учитель математики и физики",
               10, subjects="математика, физика", qualification=CONFORMS),
    PersonSpec("t10_rus", "Кириллова", "Ольга", "Васильевна", "f", T,
               "учитель русского языка и литературы", 10, subjects="русский язык, литература",
               qualification=NONE),
    PersonSpec("t15_math", "Макаров", "Евгений", "Сергеевич", "m", T, "учитель математики", 15,
               subjects="математика", qualification=FIRST),
    PersonSpec("t15_rus", "Лукина", "Ирина", "Олеговна", "f", T, "учитель русского языка и литературы",
               15, subjects="русский язык, литература", qualification=CONFORMS),
    PersonSpec("t16_prim", "Нуриева", "Айгуль", "Ильдаровна", "f", T, "учитель начальных классов", 16,
               subjects="начальные классы", qualification=FIRST),
    PersonSpec("t16_math", "Гусев", "Павел", "Николаевич", "m", T, "учитель математики", 16,
               subjects="математика", qualification=CONFORMS),
)


def director_specs() -> list[PersonSpec]:
    out = []
    for s in SCHOOLS:
        last, first, middle = s.director.split(" ")
        out.append(PersonSpec(f"dir{s.n}", last, first, middle, s.gender,
                              PersonCategory.DIRECTOR.value, s.director_position, s.n,
                              qualification=HIGHEST if s.n in (1, 2, 3, 18) else ""))
    return out


def all_people() -> list[PersonSpec]:
    return [*STAFF[:8], *director_specs(), *STAFF[8:]]


def by_key() -> dict[str, PersonSpec]:
    return {p.key: p for p in all_people()}


# --- support assignments ------------------------------------------------------------------

ORDER_2025 = "Приказ управления образования от 10.09.2025 № 299 «О школах-лидерах и партнёрских парах»"
SUPPORT_BASIS = ("Приказ управления образования от 12.09.2025 № 301 «О кураторах и тьюторах школ "
                 "с низкими образовательными результатами»")

# (person key, school n or None, role, from, to, basis)
ASSIGNMENTS: tuple[tuple[str, int | None, str, dt.date, dt.date | None, str], ...] = (
    ("coordinator", None, SupportRole.COORDINATOR.value, D(2025, 9, 12), None, SUPPORT_BASIS),
    ("dep1", 5, SupportRole.CURATOR.value, D(2025, 9, 12), D(2026, 12, 31), SUPPORT_BASIS),
    ("dep2", 7, SupportRole.CURATOR.value, D(2025, 9, 12), D(2026, 12, 31), SUPPORT_BASIS),
    ("dep18", 10, SupportRole.CURATOR.value, D(2025, 9, 12), D(2026, 12, 31), SUPPORT_BASIS),
    ("dir3", 15, SupportRole.CURATOR.value, D(2025, 9, 12), D(2026, 12, 31), SUPPORT_BASIS),
    ("m_math", 16, SupportRole.CURATOR.value, D(2025, 9, 12), D(2026, 12, 31), SUPPORT_BASIS),
    ("t1_math", 5, SupportRole.TUTOR.value, D(2025, 9, 12), D(2026, 5, 31), SUPPORT_BASIS),
    ("t2_rus", 7, SupportRole.TUTOR.value, D(2025, 9, 12), D(2026, 5, 31), SUPPORT_BASIS),
    ("t18_prim", 16, SupportRole.TUTOR.value, D(2025, 9, 12), D(2026, 5, 31), SUPPORT_BASIS),
    ("dir1", 5, SupportRole.MENTOR.value, D(2025, 9, 12), D(2026, 12, 31), ORDER_2025),
    ("dir2", 7, SupportRole.MENTOR.value, D(2025, 9, 12), D(2026, 12, 31), ORDER_2025),
)


# --- mentoring --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PairSpec:
    kind: str
    mentor: str  # school n as "s5" or a person key
    mentee: str
    goals: str
    date_from: dt.date
    date_to: dt.date
    state: str
    result: str = ""


S, H, TT = MentoringKind.SCHOOL.value, MentoringKind.HEAD.value, MentoringKind.TEACHER.value
IN_PROGRESS, DONE, PLANNED = WorkState.IN_PROGRESS.value, WorkState.DONE.value, WorkState.PLANNED.value

PAIRS: tuple[PairSpec, ...] = (
    PairSpec(S, "s1", "s5", "Повышение качества обучения математике и русскому языку в 5–9 классах; "
             "объективность оценивания", D(2025, 9, 15), D(2026, 12, 31), IN_PROGRESS),
    PairSpec(S, "s2", "s7", "Программа перехода в эффективный режим работы; работа с обучающимися "
             "группы риска", D(2025, 9, 22), D(2026, 12, 31), IN_PROGRESS),
    PairSpec(S, "s3", "s15", "Внутришкольная система оценки качества; подготовка к ОГЭ",
             D(2025, 10, 1), D(2026, 6, 30), DONE,
             "Разработано положение о ВСОКО; доля «2» на ОГЭ по математике снизилась"),
    PairSpec(S, "s18", "s10", "Организация обучения в малокомплектной школе; дистанционные "
             "консультации для учителей", D(2026, 12, 1), D(2027, 5, 31), PLANNED),
    PairSpec(H, "dir2", "dir7", "Управление качеством образования; анализ результатов ВПР на "
             "педагогическом совете", D(2025, 9, 22), D(2026, 12, 31), IN_PROGRESS),
    PairSpec(H, "dir1", "dir5", "Управленческие решения по итогам ВПР; организация "
             "внутришкольного контроля", D(2025, 9, 15), D(2026, 12, 31), IN_PROGRESS),
    PairSpec(H, "dir3", "dir15", "Программа перехода в эффективный режим работы",
             D(2025, 10, 1), D(2026, 6, 30), DONE, "Программа утверждена 27.02.2026"),
    PairSpec(TT, "t1_math", "t5_math2", "Методика обучения решению текстовых задач; подготовка к ВПР "
             "в 5–6 классах", D(2025, 9, 15), D(2026, 5, 31), DONE,
             "Доля выполнивших задание 8 ВПР в 5 классе выросла с 18 % до 41 %"),
    PairSpec(TT, "t1_rus", "t5_rus", "Подготовка к ОГЭ по русскому языку: сочинение-рассуждение",
             D(2025, 9, 15), D(2026, 12, 31), IN_PROGRESS),
    PairSpec(TT, "t2_math", "t7_math", "Задания с развёрнутым ответом ОГЭ по математике",
             D(2025, 9, 22), D(2026, 12, 31), IN_PROGRESS),
    PairSpec(TT, "t2_rus", "t7_rus", "Смысловое чтение и работа с текстом", D(2025, 9, 22),
             D(2026, 5, 31), DONE, "Проведено 6 совместных занятий, 2 открытых урока"),
    PairSpec(TT, "t18_prim", "t16_prim", "Обучение русскому языку детей, для которых он не родной",
             D(2025, 10, 6), D(2026, 12, 31), IN_PROGRESS),
)


# --- professional deficits (реестр затруднений педагогов) -------------------------------------

VPR, VISIT, DIAG, SELF = (DeficitSource.VPR_ANALYSIS.value, DeficitSource.VISIT.value,
                          DeficitSource.DIAGNOSTIC.value, DeficitSource.SELF.value)

# (person, subject, topic, found by, found on, before, after, overcome on)
DEFICITS: tuple[tuple[str, str, str, str, dt.date, float | None, float | None, dt.date | None], ...] = (
    ("t5_math2", "математика", "Методика обучения решению текстовых задач (ВПР 5 кл., задание 8)",
     VPR, D(2025, 9, 25), 38, 72, D(2026, 4, 9)),
    ("t5_math", "математика", "Формирующее оценивание и критериальный подход к выставлению отметок",
     VISIT, D(2025, 10, 16), 45, 68, D(2026, 3, 25)),
    ("t5_rus", "русский язык", "Обучение пунктуационному анализу предложения (причастный и "
     "деепричастный обороты)", VISIT, D(2025, 10, 16), 40, None, None),
    ("t5_prim", "начальные классы", "Формирование читательской грамотности младших школьников",
     DIAG, D(2025, 10, 2), 52, 81, D(2026, 5, 20)),
    ("t7_math", "математика", "Подготовка обучающихся к заданиям с развёрнутым ответом ОГЭ",
     DIAG, D(2025, 10, 2), 35, 49, None),
    ("t7_rus", "русский язык", "Работа с текстом: основная мысль, микротемы, средства связи",
     VPR, D(2025, 9, 25), 48, 74, D(2026, 2, 27)),
    ("t10_math", "математика", "Дифференцированное обучение в классе-комплекте", SELF,
     D(2025, 11, 10), None, None, None),
    ("t10_rus", "русский язык", "Подготовка к итоговому собеседованию по русскому языку", DIAG,
     D(2025, 10, 2), 41, 70, D(2026, 2, 10)),
    ("t15_math", "математика", "Использование цифровых образовательных ресурсов на уроках",
     SELF, D(2025, 12, 1), 55, None, None),
    ("t15_rus", "русский язык", "Система работы над орфографической зоркостью в 5–6 классах",
     VPR, D(2025, 9, 25), 43, 52, None),
    ("t16_prim", "начальные классы", "Преодоление языкового барьера у обучающихся, для которых "
     "русский язык не родной", DIAG, D(2025, 10, 2), 39, 66, D(2026, 5, 15)),
    ("t16_math", "математика", "Вероятность и статистика: содержание и методика преподавания",
     DIAG, D(2025, 10, 2), 30, None, None),
    ("t9_math", "математика", "Оценивание работ по критериям ВПР", VPR, D(2025, 9, 25), 50, 78,
     D(2026, 1, 20)),
)


# --- courses (повышение квалификации) ---------------------------------------------------------

# (person, title, hours, from, to, provider, certificate)
COURSES: tuple[tuple[str, str, float, dt.date, dt.date, str, str], ...] = (
    ("t5_math2", "Методика обучения решению текстовых задач в 5–6 классах", 36,
     D(2026, 3, 2), D(2026, 3, 20), IRO, "удостоверение № 2026-0143"),
    ("t5_math", "Формирующее оценивание в основной школе", 36, D(2025, 11, 10), D(2025, 11, 28),
     IRO, "удостоверение № 2025-1187"),
    ("t5_rus", "Подготовка к ОГЭ по русскому языку: задания с развёрнутым ответом", 72,
     D(2026, 1, 12), D(2026, 2, 20), IRO, "удостоверение № 2026-0032"),
    ("t5_prim", "Функциональная грамотность младших школьников", 36, D(2025, 10, 20),
     D(2025, 11, 7), IRO, "удостоверение № 2025-0954"),
    ("t7_math", "Реализация требований обновлённых ФГОС ООО в работе учителя математики", 36,
     D(2025, 11, 17), D(2025, 12, 5), IRO, "удостоверение № 2025-1240"),
    ("t7_rus", "Смысловое чтение и работа с текстом на уроках русского языка", 24,
     D(2025, 10, 13), D(2025, 10, 24), IMC, "сертификат № 118"),
    ("t10_math", "Организация обучения в малокомплектной школе", 72, D(2026, 2, 2),
     D(2026, 3, 13), IRO, "удостоверение № 2026-0211"),
    ("t10_rus", "Итоговое собеседование по русскому языку: подготовка и оценивание", 16,
     D(2025, 12, 8), D(2025, 12, 12), IMC, "сертификат № 131"),
    ("t16_prim", "Обучение русскому языку как неродному в начальной школе", 72, D(2025, 11, 5),
     D(2025, 12, 15), IRO, "удостоверение № 2025-1302"),
    ("t16_math", "Вероятность и статистика в 7–9 классах", 36, D(2026, 10, 5), D(2026, 10, 23),
     IRO, "удостоверение № 2026-0987"),
    ("dir5", "Управление качеством образования в школе с низкими результатами", 72,
     D(2025, 10, 6), D(2025, 11, 14), IRO, "удостоверение № 2025-1011"),
    ("dir7", "Программа перехода школы в эффективный режим работы", 36, D(2025, 11, 10),
     D(2025, 11, 28), IRO, "удостоверение № 2025-1190"),
    ("coordinator", "Наставничество в образовании: муниципальный уровень", 36, D(2025, 9, 22),
     D(2025, 10, 10), IRO, "удостоверение № 2025-0877"),
)
