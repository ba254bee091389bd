"""Checking what a person typed into a school card or the district profile. Qt-free.

Every check returns a list of ``(field, message)`` pairs: the field is the model
attribute (``inn``, ``email``…), the message a complete Russian sentence that makes
sense both next to the field and in a summary list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from .. import russian
from ..models import DistrictProfile, School, login_number
from ..models.enums import Gender, SchoolStatusKind, StatusSource

FieldError = tuple[str, str]

# The usual vocabularies, offered in the card; other values may be typed.
LEGAL_FORMS = ("МБОУ", "МКОУ", "МАОУ", "ГБОУ", "ГКОУ", "ЧОУ", "АНОО")
SCHOOL_KINDS = ("СОШ", "ООШ", "НОШ", "гимназия", "лицей", "школа-интернат", "центр образования")

SCHOOL_TEXT_FIELDS = (
    "fis_login", "full_name", "short_name", "legal_form", "kind", "inn", "municipality",
    "postal_code", "address", "settlement", "phone", "email",
    "director_name", "director_position", "director_basis",
    "licence_series", "licence_number", "licence_reg_number", "licence_issuer",
    "accreditation_series", "accreditation_number", "accreditation_reg_number", "accreditation_issuer",
    "notes",
)
SCHOOL_DATE_FIELDS = ("licence_date", "accreditation_date", "accreditation_valid_until")
SCHOOL_INT_FIELDS = ("pupils", "teachers")
SCHOOL_FIELDS = (
    *SCHOOL_TEXT_FIELDS, *SCHOOL_DATE_FIELDS, *SCHOOL_INT_FIELDS, "is_rural", "director_gender",
)
REQUIRED_SCHOOL_FIELDS = ("full_name", "short_name")

# Names of the fields as the card shows them (also used in summaries and logs).
FIELD_LABELS: dict[str, str] = {
    "fis_login": "Логин ФИС ОКО",
    "full_name": "Полное наименование (по уставу)",
    "short_name": "Краткое наименование",
    "legal_form": "Организационно-правовая форма",
    "kind": "Вид ОО",
    "inn": "ИНН",
    "municipality": "Муниципалитет",
    "postal_code": "Почтовый индекс",
    "address": "Адрес",
    "settlement": "Населённый пункт",
    "phone": "Телефон",
    "email": "Электронная почта",
    "director_name": "ФИО руководителя",
    "director_position": "Должность руководителя",
    "director_gender": "Пол руководителя",
    "director_basis": "Действует на основании",
    "licence_date": "Дата выдачи лицензии",
    "licence_series": "Серия лицензии",
    "licence_number": "Номер лицензии",
    "licence_reg_number": "Регистрационный номер лицензии",
    "licence_issuer": "Кем выдана лицензия",
    "accreditation_date": "Дата выдачи свидетельства об аккредитации",
    "accreditation_series": "Серия свидетельства об аккредитации",
    "accreditation_number": "Номер свидетельства об аккредитации",
    "accreditation_reg_number": "Регистрационный номер свидетельства об аккредитации",
    "accreditation_issuer": "Кем выдано свидетельство об аккредитации",
    "accreditation_valid_until": "Аккредитация действительна до",
    "is_rural": "Город / село",
    "pupils": "Число обучающихся",
    "teachers": "Число педагогов",
    "notes": "Примечания",
    # district profile
    "authority_full_name": "Полное наименование органа управления образованием",
    "authority_short_name": "Краткое наименование органа управления образованием",
    "head_name": "ФИО руководителя",
    "head_position": "Должность руководителя",
    "city": "Город (место издания документов)",
    "municipality_name": "Наш муниципалитет (как в файлах)",
    "municipality_code": "Код муниципалитета в ФИС ОКО",
    "extra_municipalities": "Другие муниципалитеты района",
    "region_name": "Регион",
    "executor_name": "Исполнитель (ФИО)",
    "executor_phone": "Телефон исполнителя",
    # statuses
    "year": "Год",
    "status_kind": "Статус",
    "source": "Источник",
    "reason": "Причина",
}

DISTRICT_FIELDS = (
    "authority_full_name", "authority_short_name", "head_name", "head_position", "city",
    "address", "phone", "email", "municipality_name", "municipality_code", "region_name",
    "executor_name", "executor_phone",
)
# a list in the database, one line of text («Бийский район; г. Бийск») in the dialog
DISTRICT_LIST_FIELDS = ("extra_municipalities",)

MAX_COUNT = 100_000  # no school has more pupils or teachers than this
EARLIEST_DATE = dt.date(1950, 1, 1)
EARLIEST_STATUS_YEAR = 2015

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]{2,}$")
_PHONE_WORDS = re.compile(r"(доб|факс|тел|моб|сот)\.?", re.IGNORECASE)
_PHONE_CHARS = re.compile(r"^[\d\s+()\-.,;/]*$")


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(inn: str) -> bool:
    """The checksum of a Russian ИНН: 10 digits (organisation) or 12 digits (person)."""
    inn = (inn or "").strip()
    if not inn.isascii() or not inn.isdigit():
        return False
    if len(inn) == 10:
        return _check_digit(inn, _INN10_WEIGHTS) == int(inn[9])
    if len(inn) == 12:
        return (_check_digit(inn, _INN11_WEIGHTS) == int(inn[10])
                and _check_digit(inn, _INN12_WEIGHTS) == int(inn[11]))
    return False


def inn_problem(inn: str) -> str | None:
    inn = (inn or "").strip()
    if not inn:
        return None
    if not inn.isascii() or not inn.isdigit() or len(inn) not in (10, 12):
        return "ИНН состоит из 10 цифр (у организации) или 12 цифр (у физического лица)."
    if not inn_is_valid(inn):
        return "ИНН с ошибкой: не сходится контрольное число. Проверьте цифры."
    return None


def email_problem(email: str) -> str | None:
    email = (email or "").strip()
    if not email:
        return None
    if not _EMAIL.match(email):
        return "Адрес электронной почты записан неверно: нужен вид school@mail.ru (один адрес)."
    return None


def phone_problem(phone: str) -> str | None:
    """Several numbers may be listed with commas; each needs 5 to 15 digits."""
    phone = (phone or "").strip()
    if not phone:
        return None
    bare = _PHONE_WORDS.sub(" ", phone)
    if not _PHONE_CHARS.match(bare):
        return "В номере телефона допустимы цифры, пробелы, скобки, дефисы и «+»."
    for part in re.split(r"[,;]", bare):
        digits = re.sub(r"\D", "", part)
        if part.strip() and not 5 <= len(digits) <= 15:
            return "Номер телефона слишком короткий или слишком длинный: проверьте цифры."
    return None


def _max_length(field: str) -> int | None:
    for table in (School.__table__, DistrictProfile.__table__):
        if field in table.columns:
            return getattr(table.columns[field].type, "length", None)
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _clean_text_fields(raw: Mapping[str, Any], fields: tuple[str, ...],
                       values: dict[str, Any], errors: list[FieldError]) -> None:
    for field in fields:
        if field not in raw:
            continue
        text = _as_text(raw[field])
        limit = _max_length(field)
        if limit and len(text) > limit:
            errors.append((field, f"Слишком длинное значение: не больше {limit} знаков."))
        values[field] = text


def _clean_date(field: str, value: Any, errors: list[FieldError]) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return russian.parse_date(str(value))
    except ValueError:
        errors.append((field, f"«{_as_text(value)}» — не дата: введите в виде ДД.ММ.ГГГГ."))
        return None


def _clean_count(field: str, value: Any, errors: list[FieldError]) -> int | None:
    text = _as_text(value).replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        errors.append((field, "Введите целое число (или оставьте поле пустым)."))
        return None
    if number < 0:
        errors.append((field, "Число не может быть отрицательным."))
    elif number > MAX_COUNT:
        errors.append((field, f"Слишком большое число: не больше {russian.number(MAX_COUNT)}."))
    return number


def clean_school(raw: Mapping[str, Any], *, today: dt.date | None = None
                 ) -> tuple[dict[str, Any], list[FieldError]]:
    """Normalise the card's values (strings stripped, dates and numbers parsed) and check them.

    Only the fields present in ``raw`` are returned and checked, except the required
    ones, which are always checked when creating (pass them as empty strings).
    """
    today = today or dt.date.today()
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    _clean_text_fields(raw, SCHOOL_TEXT_FIELDS, values, errors)

    if "full_name" in raw and not values["full_name"]:
        errors.append(("full_name", "Введите полное наименование школы (как в уставе)."))
    if "short_name" in raw and not values["short_name"]:
        errors.append(("short_name", "Введите краткое наименование школы."))
    if values.get("fis_login") and login_number(values["fis_login"]) is None:
        errors.append(("fis_login", "В логине ФИС ОКО нет номера школы: нужен вид edu223144 или sch223144."))
    if problem := inn_problem(values.get("inn", "")):
        errors.append(("inn", problem))
    if problem := email_problem(values.get("email", "")):
        errors.append(("email", problem))
    if problem := phone_problem(values.get("phone", "")):
        errors.append(("phone", problem))
    postal = values.get("postal_code", "")
    if postal and not (postal.isascii() and postal.isdigit() and len(postal) == 6):
        errors.append(("postal_code", "Почтовый индекс состоит из 6 цифр."))

    for field in SCHOOL_DATE_FIELDS:
        if field in raw:
            values[field] = _clean_date(field, raw[field], errors)
    for field in ("licence_date", "accreditation_date"):
        date = values.get(field)
        if date is not None and date > today:
            errors.append(
                (field, f"Дата не может быть позже сегодняшнего дня ({russian.date_short(today)}).")
            )
        elif date is not None and date < EARLIEST_DATE:
            errors.append((field, f"Дата слишком ранняя: проверьте год ({russian.date_short(date)})."))
    issued, until = values.get("accreditation_date"), values.get("accreditation_valid_until")
    if issued and until and until < issued:
        errors.append(("accreditation_valid_until", "Срок действия не может кончаться раньше даты выдачи."))

    for field in SCHOOL_INT_FIELDS:
        if field in raw:
            values[field] = _clean_count(field, raw[field], errors)

    if "is_rural" in raw:
        value = raw["is_rural"]
        values["is_rural"] = None if value is None or value == "" else bool(value)
    if "director_gender" in raw:
        gender = raw["director_gender"] or None
        if gender is not None and gender not in {g.value for g in Gender}:
            errors.append(("director_gender", "Пол руководителя: «мужской», «женский» или не указан."))
            gender = None
        values["director_gender"] = gender
    return values, errors


def validate_school(raw: Mapping[str, Any], *, today: dt.date | None = None) -> list[FieldError]:
    """Only the problems of :func:`clean_school`."""
    return clean_school(raw, today=today)[1]


def clean_district(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    _clean_text_fields(raw, DISTRICT_FIELDS, values, errors)
    if "extra_municipalities" in raw:
        value = raw["extra_municipalities"]
        items = value if isinstance(value, list | tuple) else re.split(r"\s*[;\n]\s*", _as_text(value))
        values["extra_municipalities"] = [t for t in (_as_text(i) for i in items) if t]
    if problem := email_problem(values.get("email", "")):
        errors.append(("email", problem))
    for field in ("phone", "executor_phone"):
        if problem := phone_problem(values.get(field, "")):
            errors.append((field, problem))
    return values, errors


def validate_status(kind: str, year: int | None, reason: str, source: str, *,
                    today: dt.date | None = None) -> list[FieldError]:
    today = today or dt.date.today()
    errors: list[FieldError] = []
    if kind not in {k.value for k in SchoolStatusKind}:
        errors.append(("status_kind", "Выберите статус: ШНОР, ШНСУ или школа-лидер."))
    if year is None or not EARLIEST_STATUS_YEAR <= year <= today.year + 1:
        errors.append(("year", f"Год статуса — от {EARLIEST_STATUS_YEAR} до {today.year + 1}."))
    if source not in {s.value for s in StatusSource}:
        errors.append(("source", "Выберите источник: расчёт, решение управления или перечень региона."))
    if not (reason or "").strip():
        errors.append(("reason", "Укажите причину (основание) статуса."))
    return errors


def summary(errors: list[FieldError]) -> str:
    """All messages, one per line, each led by its field's name."""
    lines = []
    for field, message in errors:
        label = FIELD_LABELS.get(field)
        lines.append(f"• {label}: {message}" if label else f"• {message}")
    return "\n".join(lines)
