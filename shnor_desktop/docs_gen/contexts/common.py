"""What many documents share: the request, the education authority, schools and people in words."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import russian
from ...models import DistrictProfile, NameForms, Person, School, Setting, SupportAssignment
from ...models.enums import PersonCategory, SupportRole
from ..blanks import BLANK, BLANK_DATE_AGREEMENT, BLANK_LONG, BLANK_NUMBER, Blanks, Gap
from ..declension import (
    acting_word,
    decline_position,
    forms_for,
    initials_after,
    initials_before,
    normalise_name,
)
from ..workdays import Workdays


@dataclass
class DocParams:
    """What a document is made from: a record id and/or a year, plus kind-specific options.

    Stored in the journal (``GeneratedDocument.sources["params"]``) so a document can be
    regenerated from the same request.
    """

    record_id: int | None = None
    year: int | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        options = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.options.items()}
        return {"record_id": self.record_id, "year": self.year, "options": options}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DocParams:
        data = data or {}
        return cls(data.get("record_id"), data.get("year"), dict(data.get("options") or {}))

    def option_date(self, key: str) -> dt.date | None:
        value = self.options.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class DocMeta:
    """The journal's part of a document: its number and date, the blanks it is printed with and the
    production calendar its deadlines are counted by."""

    number: str
    date: dt.date
    blanks: Blanks = field(default_factory=Blanks, compare=False)
    calendar: Workdays = field(default_factory=Workdays, compare=False)

    def deadline(self, params: DocParams, key: str, working_days: int) -> dt.date:
        """The deadline the user set (``params.options[key]``), else ``working_days`` working days
        after the document's date."""
        return params.option_date(key) or self.calendar.add(self.date, working_days)


def default_date(year: int | None, today: dt.date | None = None,
                 calendar: Workdays | None = None) -> dt.date | None:
    """The date a person would give a document about a past ``year``: its last working day (an order
    about 2025 is not dated December 2026); None for this year or a later one (the day it is made)."""
    today = today or dt.date.today()
    if year is None or year >= today.year:
        return None
    calendar = calendar or Workdays()
    day = dt.date(year, 12, 31)
    while not calendar.is_working(day):
        day -= dt.timedelta(days=1)
    return day


def region_name(session: Session) -> str:
    profile = district_profile(session)
    return (profile.region_name or "").strip() if profile is not None else ""


@dataclass(frozen=True)
class Description:
    """What the journal records before rendering: title, sources, year and preferred number/date."""

    title: str
    sources: dict[str, list[int]]
    year: int
    number: str | None = None  # e.g. the agreement's own number
    date: dt.date | None = None  # e.g. the agreement's own date
    file_stem: str = ""


# --- words -------------------------------------------------------------------------------------


def lower_first(text: str) -> str:
    """«Начальник управления» -> «начальник управления»; «МКУ «ИМЦ»» stays."""
    if len(text) >= 2 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def main_position(position: str) -> str:
    """The position without what follows a comma («методист МКУ «ИМЦ», муниципальный координатор»)."""
    return " ".join((position or "").split(",")[0].split())


def position_case(session: Session, position: str, case: str) -> str:
    """A position in a case; a form stored by the user for this exact text wins."""
    text = " ".join((position or "").split())
    if not text or case == "nomn":
        return text
    row = session.scalars(select(NameForms).where(NameForms.nominative == text)).first()
    field_name = {"gent": "genitive", "datv": "dative", "accs": "accusative", "ablt": "instrumental"}[case]
    stored = getattr(row, field_name, "") if row is not None else ""
    return stored or decline_position(text, case)


def date_words(value: dt.date | None) -> str:
    """«15» марта 2014 года — the form of dates in agreements."""
    if value is None:
        return ""
    return f"«{value.day:02d}» {russian.MONTHS_GENITIVE[value.month - 1]} {value.year} года"


def city_phrase(city: str) -> str:
    """«Краснополянск» -> «г. Краснополянск»; «г. Краснополянск», «с. Луговое» stay."""
    city = " ".join((city or "").split())
    if not city:
        return ""
    if re.match(r"^(г|с|п|пгт|рп|ст|д|пос)\.", city, re.IGNORECASE):
        return city
    return f"г. {city}"


def phone_phrase(phone: str) -> str:
    return f"тел. {phone}" if phone else ""


def join_nonempty(parts: list[str], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def enumerate_names(names: list[str]) -> str:
    """«А», «А и Б», «А, Б и В»."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " и " + names[-1]


def organisations(n: int, case: str = "nomn") -> str:
    """«5 общеобразовательных организаций»; case "datv": «по 20 общеобразовательным организациям»."""
    forms = {
        "nomn": ("общеобразовательная организация", "общеобразовательные организации",
                 "общеобразовательных организаций"),
        "datv": ("общеобразовательной организации", "общеобразовательным организациям",
                 "общеобразовательным организациям"),
    }[case]
    return f"{n} {russian.plural(n, *forms)}"


# --- people ------------------------------------------------------------------------------------


def person_words(session: Session, name: str, position: str = "",
                 gender: str | None = None) -> dict[str, Any]:
    """A person in the forms documents need (corrections stored by the user are respected)."""
    cases = forms_for(session, name, gender)
    pos = main_position(position)
    return {
        "name": cases.nominative,
        "name_gent": cases.genitive,
        "name_datv": cases.dative,
        "name_accs": cases.accusative,
        "name_ablt": cases.instrumental,
        "short": initials_after(cases.nominative),  # Иванова М.П.
        "signature": initials_before(cases.nominative),  # М.П. Иванова
        "short_accs": initials_after(cases.accusative) if cases.accusative else "",
        "signature_accs": initials_before(cases.accusative) if cases.accusative else "",
        "signature_datv": initials_before(cases.dative) if cases.dative else "",
        "gender": cases.gender or "",
        "acting": acting_word(cases.gender),
        "position": lower_first(position or ""),
        "position_title": upper_first(pos),
        "position_gent": lower_first(position_case(session, pos, "gent")),
        "position_accs": lower_first(position_case(session, pos, "accs")),
        "position_datv": lower_first(position_case(session, pos, "datv")),
        "position_ablt": lower_first(position_case(session, pos, "ablt")),
    }


def person_of(session: Session, person: Person) -> dict[str, Any]:
    return person_words(session, person.full_name, person.position, person.gender)


# --- the education authority ---------------------------------------------------------------------


def district_profile(session: Session) -> DistrictProfile | None:
    return session.scalar(select(DistrictProfile).order_by(DistrictProfile.id).limit(1))


def authority(session: Session, meta: DocMeta | None = None, *, need_head: bool = True) -> dict[str, Any]:
    """The authority as printed on orders and notes; a detail the profile lacks prints as a blank."""
    profile = district_profile(session)
    blanks = meta.blanks if meta is not None else Blanks()

    def gap(what: str, field_name: str) -> Gap:
        return Gap(what, "Сведения о районе", "district", profile.id if profile else None, field_name)

    full_name = blanks.value(profile.authority_full_name if profile else "",
                             gap("наименование органа управления образованием", "authority_full_name"),
                             BLANK_LONG)
    head_name = " ".join((profile.head_name if profile else "").split())
    head_position = " ".join((profile.head_position if profile else "").split())
    if need_head:
        head_name = blanks.value(head_name, gap("ФИО руководителя", "head_name"), "")
        head_position = blanks.value(head_position, gap("должность руководителя", "head_position"), "")
    head = person_words(session, head_name, head_position) if head_name else {}
    short_source = (profile.authority_short_name or profile.authority_full_name) if profile else ""
    short_name = " ".join(short_source.split()) or full_name
    executor_name = normalise_name(profile.executor_name if profile else "")
    executor_position = ""
    if executor_name:
        parts = executor_name.split()
        match = session.scalars(select(Person).where(Person.last_name == parts[0]).order_by(Person.id)).all()
        for person in match:
            if person.full_name == executor_name and person.position:
                executor_position = upper_first(main_position(person.position))
                break
    return {
        "name": full_name,
        "name_upper": full_name.upper() if full_name != BLANK_LONG else BLANK_LONG,
        "short_name": short_name,
        "short_name_in_sentence": lower_first(short_name),
        "short_name_gent": (lower_first(position_case(session, short_name, "gent"))
                            if short_name != BLANK_LONG else BLANK_LONG),
        "city": city_phrase(profile.city if profile else ""),
        "address": profile.address if profile else "",
        "phone": profile.phone if profile else "",
        "email": profile.email if profile else "",
        "head": head,
        "head_position": upper_first(head_position) if head_position else BLANK_LONG,
        "head_signature": head.get("signature", "") or BLANK,
        "executor_name": executor_name,
        "executor_short": initials_after(executor_name) if executor_name else "",
        "executor_signature": initials_before(executor_name) if executor_name else "",
        "executor_phone": profile.executor_phone if profile else "",
        "executor_position": executor_position or "Исполнитель",
        "has_executor": bool(executor_name),
        "region_gent": region_genitive(session, profile),
    }


_REGION_AFTER_MINISTRY = re.compile(
    r"(?:образования|просвещения|науки|образованию)\s+(?:и\s+(?:науки|молодёжной политики|молодежной "
    r"политики)\s+)?((?:Республики|[А-ЯЁ][а-яё-]+(?:ого|ой|ей)\s+(?:края|области|автономного округа|"
    r"Республики))"
    r"(?:\s+[А-ЯЁ][а-яё-]+(?:\s*[-–]\s*[А-ЯЁ][а-яё]+)?)?)")


def region_genitive(session: Session, profile: DistrictProfile | None = None) -> str:
    """The region in the genitive («Республики Татарстан», «Приозёрного края») for the agreement.

    Taken from the licence issuer of the schools («Министерство образования и науки Приозёрного
    края»); when it cannot be found, «субъекта Российской Федерации».
    """
    setting = session.get(Setting, "documents.region_genitive")
    if setting is not None and isinstance(setting.value, str) and setting.value.strip():
        return setting.value.strip()
    issuers = session.scalars(select(School.licence_issuer).where(School.licence_issuer != "")).all()
    for issuer in issuers:
        match = _REGION_AFTER_MINISTRY.search(issuer)
        if match:
            return " ".join(match.group(1).split())
    return "субъекта Российской Федерации"


def control_sentence(session: Session) -> str:
    """«Контроль за исполнением настоящего приказа возложить на заместителя начальника … П.А. Морозова.»

    The deputy head of the authority when there is one in the list of people, else «оставляю за собой».
    """
    deputies = session.scalars(
        select(Person).where(Person.category == PersonCategory.OFFICIAL.value, Person.school_id.is_(None),
                             Person.archived.is_(False)).order_by(Person.id)).all()
    for person in deputies:
        if person.position.lower().startswith("заместитель начальника"):
            words = person_of(session, person)
            return (f"Контроль за исполнением настоящего приказа возложить на {words['position_accs']} "
                    f"{words['signature_accs']}.")
    return "Контроль за исполнением настоящего приказа оставляю за собой."


def coordinator(session: Session, on: dt.date) -> Person | None:
    """The municipal coordinator in force on the date (the latest assignment)."""
    rows = session.scalars(
        select(SupportAssignment).where(SupportAssignment.role == SupportRole.COORDINATOR.value)
        .order_by(SupportAssignment.date_from.desc().nulls_last(), SupportAssignment.id.desc())).all()
    for row in rows:
        if (row.date_from is None or row.date_from <= on) and (row.date_to is None or row.date_to >= on):
            return row.person
    return rows[0].person if rows else None


# --- schools -----------------------------------------------------------------------------------

_LOWERCASE_LEAD = {"муниципальное", "государственное", "частное", "негосударственное", "федеральное",
                   "краевое", "областное", "автономное", "бюджетное", "казённое", "казенное"}


def name_in_sentence(full_name: str) -> str:
    """«Муниципальное бюджетное … учреждение …» in the middle of a sentence: «муниципальное …»."""
    words = full_name.split(" ", 1)
    if words and words[0].lower() in _LOWERCASE_LEAD:
        return full_name[:1].lower() + full_name[1:]
    return full_name


def postal_address(school: School) -> str:
    address = " ".join((school.address or "").split())
    if school.postal_code and school.postal_code not in address:
        return f"{school.postal_code}, {address}" if address else school.postal_code
    return address


def _school_gap(blanks: Blanks, school: School, what: str, field_name: str) -> Gap:
    return Gap(what, school.short_name or school.full_name or f"школа № {school.id}", "school", school.id,
               field_name)


def licence_clause(session: Session, school: School, blanks: Blanks) -> str:
    """The licence as today's practice writes it.

    A licence issued before 2021 on a form has a series and a number («серия 16Л01 № 0001234»);
    since 2021 a licence is a record in the register of licences: its registration number, the
    date of the record and the issuing body. Series and form number are printed only when the
    card has them; a missing detail prints as a blank, never as «серия — № —».
    """
    date = date_words(school.licence_date) if school.licence_date else ""
    if not date:
        blanks.note(_school_gap(blanks, school, "дата лицензии", "licence_date"))
        date = BLANK_DATE_AGREEMENT
    number = blanks.value(school.licence_reg_number,
                          _school_gap(blanks, school, "регистрационный номер лицензии", "licence_reg_number"),
                          BLANK_NUMBER)
    issuer = (decline_position(school.licence_issuer, "ablt") if school.licence_issuer.strip() else "")
    issuer = blanks.value(issuer, _school_gap(blanks, school, "кем выдана лицензия", "licence_issuer"),
                          BLANK_LONG)
    if school.licence_series.strip() and school.licence_number.strip():
        return (f"имеющее лицензию на право ведения образовательной деятельности от {date} серия "
                f"{school.licence_series.strip()} № {school.licence_number.strip()}, регистрационный № "
                f"{number}, выданную {issuer}")
    return (f"имеющее лицензию на осуществление образовательной деятельности от {date} № {number} "
            f"(запись в реестре лицензий), выданную {issuer}")


def accreditation_clause(school: School, blanks: Blanks) -> str:
    """State accreditation: a certificate when the card has its series and number; otherwise (no
    certificates are issued since 1 September 2022) a record in the state register of accreditation."""
    if school.accreditation_series.strip() and school.accreditation_number.strip():
        date = (date_words(school.accreditation_date) if school.accreditation_date
                else BLANK_DATE_AGREEMENT)
        number = school.accreditation_reg_number.strip() or BLANK_NUMBER
        return (f"и свидетельство о государственной аккредитации от {date} серия "
                f"{school.accreditation_series.strip()} № {school.accreditation_number.strip()}, "
                f"регистрационный № {number}")
    gap = _school_gap(blanks, school, "номер записи о государственной аккредитации",
                      "accreditation_reg_number")
    number = blanks.value(school.accreditation_reg_number, gap, BLANK_NUMBER)
    date = date_words(school.accreditation_date) if school.accreditation_date else ""
    if not date:
        blanks.note(_school_gap(blanks, school, "дата записи о государственной аккредитации",
                                "accreditation_date"))
        date = BLANK_DATE_AGREEMENT
    return (f"и государственную аккредитацию образовательной деятельности (запись в государственном "
            f"реестре аккредитации от {date} № {number})")


def school_words(session: Session, school: School, blanks: Blanks | None = None) -> dict[str, Any]:
    """A school in the words documents need, with its director in cases; a missing detail is a blank."""
    blanks = blanks if blanks is not None else Blanks()
    director_name = blanks.value(school.director_name, _school_gap(blanks, school, "ФИО директора",
                                                                   "director_name"), "")
    director = person_words(session, director_name, school.director_position or "директор",
                            school.director_gender)
    if not director_name:
        for key in ("name", "name_gent", "name_datv", "name_accs", "name_ablt", "short", "signature"):
            director[key] = BLANK_LONG if key.startswith("name") else BLANK
    full_name = " ".join((school.full_name or school.short_name).split())
    address = blanks.value(postal_address(school), _school_gap(blanks, school, "почтовый адрес", "address"),
                           BLANK_LONG)
    return {
        "id": school.id,
        "full_name": full_name,
        "full_name_in_sentence": name_in_sentence(full_name),
        "short_name": school.short_name,
        "address": address,
        "phone": school.phone or BLANK,
        "email": school.email,
        "director": director,
        "basis": school.director_basis or "Устава",
        "licence": licence_clause(session, school, blanks),
        "accreditation": accreditation_clause(school, blanks),
        "licence_date": date_words(school.licence_date) or BLANK_DATE_AGREEMENT,
        "licence_series": school.licence_series,
        "licence_number": school.licence_number,
        "licence_reg_number": school.licence_reg_number or BLANK_NUMBER,
        "licence_issuer": school.licence_issuer or BLANK_LONG,
        "licence_issuer_ablt": (decline_position(school.licence_issuer, "ablt")
                                if school.licence_issuer else BLANK_LONG),
        "accreditation_date": date_words(school.accreditation_date) or BLANK_DATE_AGREEMENT,
        "accreditation_series": school.accreditation_series,
        "accreditation_number": school.accreditation_number,
        "accreditation_reg_number": school.accreditation_reg_number or BLANK_NUMBER,
    }
