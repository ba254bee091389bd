"""The schools of the fictional demo district «Краснополянский муниципальный район».

Every name, person, address, login and number here is invented. Each school carries, besides its
requisites, the knobs that shape its simulated results (``ability`` per result year) and its
social context, so that the demo shows every case the application must handle: ШНОР well below
the district, leaders well above, borderline schools, a school that left the ШНОР list, a very
small school, a resilient school in adverse conditions and a school with suspicious ВПР marks.

Context ``answers`` keys (shares are 0..1):
``share_low_income`` обучающиеся из малообеспеченных семей; ``share_single_parent`` из неполных
семей; ``share_parents_higher_education`` родители с высшим образованием;
``share_non_russian_home`` дома говорят не на русском языке; ``share_ovz`` обучающиеся с ОВЗ /
по АОП; ``share_registered_families`` семьи на учёте (социально опасное положение);
``distance_to_centre_km`` расстояние до районного центра; ``teacher_vacancies`` вакансии учителей;
``share_teachers_55plus`` учителя 55 лет и старше.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RESULT_YEARS = (2023, 2024, 2025)
CONTEXT_YEAR = 2025

MUNICIPALITY = "Краснополянский муниципальный район"
MUNICIPALITY_CODE = "reg22_m099"
CITY = "г. Краснополянск"
REGION_MINISTRY = "Министерство образования и науки Приозёрного края"
EMAIL_DOMAIN = "edu-krasnopolyansk.ru"

LEGAL_FORMS = {
    "МБОУ": "Муниципальное бюджетное общеобразовательное учреждение",
    "МКОУ": "Муниципальное казённое общеобразовательное учреждение",
    "МАОУ": "Муниципальное автономное общеобразовательное учреждение",
}
KINDS = {
    "СОШ": "средняя общеобразовательная школа",
    "ООШ": "основная общеобразовательная школа",
    "НОШ": "начальная общеобразовательная школа",
    "гимназия": "гимназия",
    "лицей": "лицей",
}

# ФИС ОКО context-form answers (questions 14–16) without their numbers «4) », as the importer keeps them
CITY_TYPE = "Город"
TOWNSHIP_TYPE = "Населенный пункт городского типа (рабочий поселок, поселок городского типа и пр.)"
RURAL_TYPE = "Населенный пункт сельского типа (поселок, село, деревня, станица, хутор и пр.)"
SIZE_UNDER_1K = "Менее 1 тыс. человек"
SIZE_1_5K = "1–5 тыс. человек"
SIZE_5_10K = "5–10 тыс. человек"
SIZE_10_50K = "10–50 тыс. человек"
TRANSPORT_DAILY = ("Регулярность транспортного сообщения и близость крупного города позволяет "
                   "ежедневно ездить туда на работу, учебу")
TRANSPORT_DAY_TRIP = ("Каждый день ездить сложно, но класс, например, может побывать в крупном городе "
                      "на выставке, экскурсии, спектакле или другом мероприятии и в тот же день "
                      "вернуться")
TRANSPORT_TWO_DAYS = ("Чтобы съездить в ближайший крупный город на какое-либо мероприятие и "
                      "вернуться, требуется не менее двух дней")
TRANSPORT_HARD = ("Удаленность населенного пункта и/или отсутствие регулярного транспортного "
                  "сообщения делают подобные поездки затруднительными, а иногда практически "
                  "невозможными")


@dataclass(frozen=True)
class SchoolSpec:
    n: int  # 1..20: login sch2299NN
    legal_form: str
    kind: str
    stem: str  # «Берёзовская» or «№ 5» for the city schools
    settlement: str  # «г. Краснополянск», «с. Берёзовка»
    postal_code: str
    street: str
    pupils: int
    teachers: int
    director: str  # Фамилия Имя Отчество
    gender: str  # 'm' / 'f'
    ability: tuple[float, float, float]  # results of 2023, 2024, 2025 relative to the district
    settlement_type: str
    settlement_size: str
    transport: str
    social: dict[str, Any] = field(default_factory=dict)
    gia_factor: float = 1.0  # ОГЭ/ЕГЭ relative to ВПР (below 1 where ВПР marks are inflated)
    suspicious: bool = False  # ВПР marks far above the journal marks
    director_position: str = "директор"

    @property
    def login(self) -> str:
        return f"sch2299{self.n:02d}"

    @property
    def is_city(self) -> bool:
        return self.stem.startswith("№")

    @property
    def is_rural(self) -> bool:
        return self.settlement_type == RURAL_TYPE

    @property
    def short_name(self) -> str:
        if self.kind in ("гимназия", "лицей"):
            return f"{self.legal_form} «{self.kind.capitalize()} {self.stem}»"
        if self.is_city:
            return f"{self.legal_form} «{self.kind} {self.stem}»"
        return f"{self.legal_form} «{self.stem} {self.kind}»"

    @property
    def full_name(self) -> str:
        form = LEGAL_FORMS[self.legal_form]
        kind = KINDS[self.kind]
        if self.is_city:
            return f"{form} «{kind.capitalize()} {self.stem}» города Краснополянска"
        return f"{form} «{self.stem} {kind}» Краснополянского района"

    @property
    def grades(self) -> tuple[int, ...]:
        if self.kind == "НОШ":
            return (1, 2, 3, 4)
        if self.kind == "ООШ":
            return tuple(range(1, 10))
        return tuple(range(1, 12))


def _social(low_income: float, single: float, higher_ed: float, non_russian: float, ovz: float,
            registered: float, distance: int, vacancies: int, old: float) -> dict[str, Any]:
    return {
        "share_low_income": low_income,
        "share_single_parent": single,
        "share_parents_higher_education": higher_ed,
        "share_non_russian_home": non_russian,
        "share_ovz": ovz,
        "share_registered_families": registered,
        "distance_to_centre_km": distance,
        "teacher_vacancies": vacancies,
        "share_teachers_55plus": old,
    }


SCHOOLS: tuple[SchoolSpec, ...] = (
    SchoolSpec(1, "МАОУ", "гимназия", "№ 1", CITY, "659800", "ул. Ленина, д. 24", 1040, 68,
               "Соболева Татьяна Николаевна", "f", (1.22, 1.23, 1.21),
               CITY_TYPE, SIZE_10_50K, TRANSPORT_DAY_TRIP,
               _social(0.06, 0.14, 0.58, 0.01, 0.02, 0.005, 0, 0, 0.22)),
    SchoolSpec(2, "МБОУ", "лицей", "№ 2", CITY, "659802", "ул. Советская, д. 57", 860, 55,
               "Лаптев Андрей Геннадьевич", "m", (1.19, 1.18, 1.20),
               CITY_TYPE, SIZE_10_50K, TRANSPORT_DAY_TRIP,
               _social(0.08, 0.15, 0.52, 0.01, 0.03, 0.006, 0, 0, 0.25)),
    SchoolSpec(3, "МБОУ", "СОШ", "№ 3", CITY, "659804", "ул. Школьная, д. 3", 720, 44,
               "Белова-Ярцева Ирина Сергеевна", "f", (1.09, 1.08, 1.10),
               CITY_TYPE, SIZE_10_50K, TRANSPORT_DAY_TRIP,
               _social(0.12, 0.18, 0.41, 0.02, 0.04, 0.01, 0, 1, 0.30)),
    SchoolSpec(4, "МБОУ", "СОШ", "№ 4", CITY, "659806", "ул. Механизаторов, д. 11", 640, 40,
               "Гончаренко Виталий Петрович", "m", (1.08, 1.07, 1.09),
               CITY_TYPE, SIZE_10_50K, TRANSPORT_DAY_TRIP,
               _social(0.15, 0.21, 0.33, 0.02, 0.05, 0.012, 0, 1, 0.34)),
    SchoolSpec(5, "МБОУ", "СОШ", "№ 5", CITY, "659809", "мкр. Заречный, ул. Береговая, д. 2", 530, 33,
               "Шевчук Оксана Викторовна", "f", (0.86, 0.85, 0.88),
               CITY_TYPE, SIZE_10_50K, TRANSPORT_DAY_TRIP,
               _social(0.31, 0.34, 0.16, 0.06, 0.09, 0.04, 6, 3, 0.44)),
    SchoolSpec(6, "МБОУ", "СОШ", "№ 6", CITY, "659811", "ул. Вокзальная, д. 19", 580, 36,
               "Мельникова Светлана Юрьевна", "f", (1.02, 1.01, 1.01),
               CITY_TYPE, SIZE_10_50K, TRANSPORT_DAY_TRIP,
               _social(0.19, 0.24, 0.27, 0.03, 0.06, 0.02, 0, 2, 0.38)),
    SchoolSpec(7, "МКОУ", "СОШ", "Берёзовская", "с. Берёзовка", "659821", "ул. Центральная, д. 14",
               190, 19, "Хайруллина Гульнара Рашитовна", "f", (0.85, 0.84, 0.86),
               RURAL_TYPE, SIZE_1_5K, TRANSPORT_TWO_DAYS,
               _social(0.46, 0.31, 0.09, 0.18, 0.11, 0.07, 54, 2, 0.52)),
    SchoolSpec(8, "МКОУ", "ООШ", "Сосновская", "д. Сосновка", "659834", "ул. Лесная, д. 5",
               42, 9, "Черных Виктор Павлович", "m", (0.99, 0.97, 1.00),
               RURAL_TYPE, SIZE_UNDER_1K, TRANSPORT_HARD,
               _social(0.52, 0.29, 0.05, 0.04, 0.12, 0.10, 87, 2, 0.60)),
    SchoolSpec(9, "МБОУ", "СОШ", "Заречная", "с. Заречное", "659825", "ул. Молодёжная, д. 8",
               260, 22, "Кравцова Елена Анатольевна", "f", (0.86, 0.86, 1.05),
               RURAL_TYPE, SIZE_1_5K, TRANSPORT_DAY_TRIP,
               _social(0.27, 0.22, 0.18, 0.02, 0.06, 0.03, 18, 1, 0.41)),
    SchoolSpec(10, "МКОУ", "ООШ", "Ключевская", "с. Ключи", "659838", "ул. Набережная, д. 1",
               120, 14, "Дурново Николай Ильич", "m", (0.85, 0.84, 0.84),
               RURAL_TYPE, SIZE_UNDER_1K, TRANSPORT_HARD,
               _social(0.49, 0.33, 0.07, 0.09, 0.13, 0.09, 72, 3, 0.57)),
    SchoolSpec(11, "МБОУ", "СОШ", "Каменская", "с. Каменка", "659827", "ул. Садовая, д. 21",
               310, 25, "Фёдоров Игорь Викторович", "m", (1.01, 1.01, 1.02),
               RURAL_TYPE, SIZE_1_5K, TRANSPORT_DAY_TRIP,
               _social(0.24, 0.20, 0.20, 0.03, 0.05, 0.02, 25, 1, 0.40)),
    SchoolSpec(12, "МБОУ", "СОШ", "Полянская", "рп. Полянский", "659815", "ул. Мира, д. 6",
               410, 30, "Ткаченко Людмила Михайловна", "f", (1.09, 1.10, 1.08),
               TOWNSHIP_TYPE, SIZE_5_10K, TRANSPORT_DAY_TRIP,
               _social(0.17, 0.21, 0.26, 0.02, 0.05, 0.015, 12, 1, 0.35)),
    SchoolSpec(13, "МКОУ", "НОШ", "Озёрская", "с. Озёрное", "659841", "ул. Школьная, д. 2",
               28, 4, "Зуева Надежда Петровна", "f", (1.02, 1.04, 1.03),
               RURAL_TYPE, SIZE_UNDER_1K, TRANSPORT_TWO_DAYS,
               _social(0.38, 0.26, 0.08, 0.03, 0.07, 0.04, 63, 0, 0.50),
               director_position="заведующий"),
    SchoolSpec(14, "МБОУ", "СОШ", "Михайловская", "с. Михайловка", "659829", "ул. Советская, д. 30",
               280, 24, "Астахов Роман Сергеевич", "m", (1.13, 1.14, 1.15),
               RURAL_TYPE, SIZE_1_5K, TRANSPORT_DAY_TRIP,
               _social(0.23, 0.19, 0.19, 0.02, 0.05, 0.02, 31, 1, 0.39),
               gia_factor=0.84, suspicious=True),
    SchoolSpec(15, "МБОУ", "СОШ", "Троицкая", "с. Троицкое", "659831", "ул. Кирова, д. 12",
               230, 21, "Ильина Марина Викторовна", "f", (1.01, 0.98, 0.86),
               RURAL_TYPE, SIZE_1_5K, TRANSPORT_DAY_TRIP,
               _social(0.29, 0.25, 0.15, 0.04, 0.07, 0.03, 38, 2, 0.47)),
    SchoolSpec(16, "МКОУ", "ООШ", "Верхнеполянская", "с. Верхняя Поляна", "659843",
               "ул. Луговая, д. 4", 130, 15, "Сафин Ринат Ильдарович", "m", (0.86, 0.84, 0.85),
               RURAL_TYPE, SIZE_UNDER_1K, TRANSPORT_TWO_DAYS,
               _social(0.41, 0.27, 0.08, 0.34, 0.10, 0.06, 66, 2, 0.48)),
    SchoolSpec(17, "МБОУ", "СОШ", "Николаевская", "с. Николаевка", "659845", "ул. Партизанская, д. 9",
               170, 18, "Гаврилова Ольга Николаевна", "f", (1.07, 1.08, 1.09),
               RURAL_TYPE, SIZE_UNDER_1K, TRANSPORT_HARD,
               _social(0.44, 0.30, 0.10, 0.12, 0.10, 0.07, 81, 2, 0.46)),
    SchoolSpec(18, "МАОУ", "СОШ", "№ 8", CITY, "659813", "ул. Строителей, д. 40", 1120, 70,
               "Кузнецов Дмитрий Александрович", "m", (1.16, 1.15, 1.17),
               CITY_TYPE, SIZE_10_50K, TRANSPORT_DAY_TRIP,
               _social(0.09, 0.16, 0.47, 0.02, 0.03, 0.008, 0, 0, 0.27)),
    SchoolSpec(19, "МБОУ", "СОШ", "Ивановская", "с. Ивановка", "659836", "ул. Новая, д. 7",
               240, 21, "Рябова Галина Ивановна", "f", (1.08, 1.09, 1.08),
               RURAL_TYPE, SIZE_1_5K, TRANSPORT_DAILY,
               _social(0.21, 0.20, 0.22, 0.02, 0.05, 0.02, 9, 1, 0.37)),
    SchoolSpec(20, "МКОУ", "ООШ", "Дубровская", "д. Дубровка", "659847", "ул. Школьная, д. 1",
               95, 12, "Павлюк Сергей Остапович", "m", (1.07, 1.06, 1.09),
               RURAL_TYPE, SIZE_UNDER_1K, TRANSPORT_DAY_TRIP,
               _social(0.33, 0.24, 0.12, 0.03, 0.08, 0.04, 29, 1, 0.45)),
)

EMAIL_NAMES = {
    1: "gymnasium1", 2: "licey2", 3: "school3", 4: "school4", 5: "school5", 6: "school6",
    7: "berezovka", 8: "sosnovka", 9: "zarechnoe", 10: "klyuchi", 11: "kamenka", 12: "polyanskiy",
    13: "ozernoe", 14: "mikhailovka", 15: "troitskoe", 16: "vpolyana", 17: "nikolaevka",
    18: "school8", 19: "ivanovka", 20: "dubrovka",
}

# Statuses: which schools, in which years (numbers are SchoolSpec.n)
SHNOR = {2024: (5, 7, 9, 10, 16), 2025: (5, 7, 10, 15, 16)}
SHNSU = {2024: (7, 10, 17), 2025: (7, 10, 17)}
LEADERS = {2024: (1, 2, 18), 2025: (1, 2, 18)}
LEFT_SHNOR_2025 = 9  # positive dynamics: on the 2024 list, not on the 2025 one

SHNOR_BASIS = {
    2024: ("Приказ министерства образования и науки Приозёрного края от 14.03.2024 № 512 "
           "«Об утверждении перечня общеобразовательных организаций с низкими образовательными "
           "результатами»"),
    2025: ("Приказ управления образования от 10.09.2025 № 298 «Об утверждении перечня школ с "
           "низкими образовательными результатами на 2025/26 учебный год»"),
}
SHNSU_BASIS = {
    2024: ("Приказ министерства образования и науки Приозёрного края от 14.03.2024 № 513 "
           "«Об утверждении перечня школ, функционирующих в неблагоприятных социальных условиях»"),
    2025: ("Приказ министерства образования и науки Приозёрного края от 12.03.2025 № 447 "
           "«Об утверждении перечня школ, функционирующих в неблагоприятных социальных условиях»"),
}
LEADER_BASIS = {
    2024: "Приказ управления образования от 11.09.2024 № 276 «О школах-лидерах и партнёрских парах»",
    2025: "Приказ управления образования от 10.09.2025 № 299 «О школах-лидерах и партнёрских парах»",
}
LEADER_REASON = ("Стабильно высокие результаты ВПР, ОГЭ и ЕГЭ: качество и коэффициент выполнения "
                 "выше районного уровня три года подряд; опыт наставничества и сетевого "
                 "взаимодействия")
