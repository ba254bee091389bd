"""Приказы (ГОСТ Р 7.0.97-2016): on the working group and partner pairs (seed 004), on monitoring
(seed 002), and on the list of ШНОР for a year with the reasons."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import russian
from ...models import Partnership, Person, School, SchoolStatus, SupportAssignment
from ...models.enums import AgreementState, PersonCategory, SchoolStatusKind, SupportRole
from ...registry.scope import district_scope
from ..blanks import BLANK, BLANK_CELL, BLANK_LONG, Gap
from ..criteria import CRITERIA_TITLE, criteria_rows
from .common import (
    Description,
    DocMeta,
    DocParams,
    authority,
    control_sentence,
    coordinator,
    default_date,
    district_profile,
    enumerate_names,
    organisations,
    person_of,
    region_name,
)

log = logging.getLogger(__name__)


def _year(params: DocParams, fallback: dt.date | None = None) -> int:
    return params.year or (fallback or dt.date.today()).year


def order_base(session: Session, meta: DocMeta) -> dict[str, Any]:
    """The requisites every order shares: authority, ПРИКАЗ, date and number, place, signature."""
    auth = authority(session, meta)
    place = meta.blanks.value(auth["city"], Gap("место издания (город)", "Сведения о районе", "district",
                                                None, "city"), BLANK)
    return {
        "authority": auth,
        "number": meta.number,
        "date": russian.date_short(meta.date),
        "place": place,
        "control": control_sentence(session),
        "signer_position": auth["head_position"],
        "signer": auth["head_signature"],
    }


def _deadline(params: DocParams, key: str, meta: DocMeta, working_days: int) -> str:
    return russian.date_short(meta.deadline(params, key, working_days))


def _statuses(session: Session, year: int, kind: SchoolStatusKind) -> list[SchoolStatus]:
    """The district's schools with the status (schools of other municipalities are not ordered)."""
    scope = district_scope(session)
    rows = session.scalars(select(SchoolStatus).join(School).where(
        SchoolStatus.year == year, SchoolStatus.kind == kind.value).order_by(School.short_name)).all()
    return [row for row in rows if scope.covers_school(row.school)]


def _school_label(school: School) -> str:
    return school.short_name or school.full_name


# --- the working group, the coordinator and the partner pairs (seed 004) ----------------------------


def _working_group(session: Session) -> list[Person]:
    """People of the authority and its methodical service (not of schools), the head excluded."""
    profile = district_profile(session)
    head = (profile.head_name if profile else "").split()
    people = session.scalars(select(Person).where(
        Person.school_id.is_(None), Person.archived.is_(False),
        Person.category.in_([PersonCategory.OFFICIAL.value, PersonCategory.METHODIST.value]))
        .order_by(Person.id)).all()
    order = {PersonCategory.OFFICIAL.value: 0, PersonCategory.METHODIST.value: 1}
    members = [p for p in people if p.full_name.split() != head]
    return sorted(members, key=lambda p: (order.get(p.category, 2), p.id))


def _pairs(session: Session, year: int) -> list[Partnership]:
    rows = session.scalars(select(Partnership).where(Partnership.state.in_(
        [AgreementState.DRAFT.value, AgreementState.ACTIVE.value]))).all()
    out = []
    for p in rows:
        start = p.term_start or p.agreement_date
        if (start is None or start.year <= year) and (p.term_end is None or p.term_end.year >= year):
            out.append(p)
    return sorted(out, key=lambda p: (p.supported.short_name, p.leader.short_name))


def describe_partners(session: Session, params: DocParams) -> Description:
    year = _year(params)
    return Description(
        title=f"Приказ о рабочей группе, муниципальном координаторе и школах-партнёрах ({year} г.)",
        sources={"partnership": [p.id for p in _pairs(session, year)]}, year=year, date=default_date(year),
        file_stem=f"Приказ о рабочей группе и партнёрах {year}")


def build_partners(session: Session, params: DocParams, meta: DocMeta) -> dict[str, Any]:
    year = _year(params, meta.date)
    blanks = meta.blanks
    base = order_base(session, meta)
    group = _working_group(session)
    members = []
    for i, member in enumerate(group, start=1):
        words = person_of(session, member)
        members.append({"number": f"1.{i}", "short": words["short"], "position": words["position"],
                        "end": "." if i == len(group) else ","})
    if not members:
        blanks.note(Gap("состав рабочей группы (люди управления образования и методисты)",
                        "Наставничество и кадры", "people"))
        members = [{"number": f"1.{i}", "short": BLANK_LONG, "position": BLANK_LONG,
                    "end": "." if i == 3 else ","} for i in range(1, 4)]
    person = coordinator(session, meta.date)
    if person is not None:
        coord = person_of(session, person)
    else:
        blanks.note(Gap("муниципальный координатор", "Наставничество и кадры", "people"))
        coord = {"position_accs": "", "signature_accs": BLANK_LONG}
    pairs = _pairs(session, year)
    if pairs:
        supported = enumerate_names(sorted({p.supported.short_name for p in pairs}))
        pairs_text = "; ".join(f"для {p.supported.short_name} — {p.leader.short_name}" for p in pairs)
        directors = ", ".join(sorted({p.supported.short_name for p in pairs}
                                     | {p.leader.short_name for p in pairs}))
    else:
        blanks.note(Gap(f"пары школ-партнёров на {year} г.", "Сетевое взаимодействие", "partnership"))
        supported = pairs_text = directors = BLANK_LONG
    signed = [p for p in pairs if p.agreement_date is not None and p.agreement_date <= meta.date]
    return {
        **base,
        "year": year,
        "working_group": members,
        "coordinator": coord,
        "supported_schools": supported,
        "pairs": pairs_text,
        "directors_of": directors,
        # agreements already signed before the order are not ordered again
        "agreements_needed": not pairs or len(signed) < len(pairs),
        "deadline_agreements": _deadline(params, "deadline_agreements", meta, 10),
        "deadline_plans": _deadline(params, "deadline_plans", meta, 20),
        "criteria": criteria_rows(region_name(session)),
        "criteria_title": CRITERIA_TITLE,
    }


# --- monitoring (seed 002) ---------------------------------------------------------------------

# Seed 002, п. 4.3–4.4: what is monitored and where the figures come from.
_SEED_PLAN = (
    ("Результаты государственной итоговой аттестации (ОГЭ, ЕГЭ) по русскому языку и математике",
     "ФИС ГИА, протоколы результатов"),
    ("Результаты всероссийских проверочных работ", "ФИС ОКО"),
    ("Результаты участия обучающихся в олимпиадах и конкурсах", "отчёты ОО"),
    ("Доля педагогов, повысивших квалификацию по вопросам повышения качества образования",
     "реестр курсов повышения квалификации"),
    ("Доля педагогов, включённых в активные формы взаимодействия (профессиональные сообщества, "
     "наставничество)", "отчёты ОО, реестр наставнических пар"),
    ("Динамика преодоления профессиональных дефицитов педагогических работников",
     "реестр затруднений педагогов"),
)

_SOURCES = {
    "positive_dynamics": "ФИС ОКО (ВПР), результаты ОГЭ",
    "low_results_index": "ФИС ОКО (ВПР), результаты ОГЭ",
    "teachers_diagnosed": "реестр затруднений педагогов",
    "teachers_positive": "реестр затруднений педагогов",
    "covered_methodical": "справки по итогам методических выездов",
    "covered_partnership": "договоры о взаимодействии и сотрудничестве",
    "covered_addressed": "приказы о назначении кураторов, наставников, тьюторов",
    "teachers_trained": "реестр курсов повышения квалификации",
    "shnor_share": "приказ об утверждении перечня ШНОР",
}


def _plan_rows(session: Session, year: int, deadline: str, responsible: str) -> list[dict[str, str]]:
    rows: list[tuple[str, str]]
    try:
        # optional: without analytics.monitoring the plan lists seed 002's (test_generate_documents)
        from ...analytics.monitoring import monitoring_report

        report = monitoring_report(session, year)
        rows = [(i.name, _SOURCES.get(i.code, "данные ОО")) for i in report.indicators]
    except ImportError:
        log.info("analytics.monitoring is not available; the plan lists the indicators of seed 002")
        rows = list(_SEED_PLAN)
    return [{"number": str(i), "indicator": name, "source": source, "deadline": deadline,
             "responsible": responsible} for i, (name, source) in enumerate(rows, start=1)]


def _monitored(session: Session, year: int) -> list[School]:
    statuses = (_statuses(session, year, SchoolStatusKind.SHNOR)
                + _statuses(session, year, SchoolStatusKind.SHNSU))
    schools = {s.school_id: s.school for s in statuses}
    return sorted(schools.values(), key=lambda s: s.short_name)


def describe_monitoring(session: Session, params: DocParams) -> Description:
    year = _year(params)
    return Description(title=f"Приказ о проведении мониторинга реализации школьных программ ({year} г.)",
                       sources={"school": [s.id for s in _monitored(session, year)]}, year=year,
                       date=default_date(year), file_stem=f"Приказ о мониторинге {year}")


def build_monitoring(session: Session, params: DocParams, meta: DocMeta) -> dict[str, Any]:
    year = _year(params, meta.date)
    blanks = meta.blanks
    base = order_base(session, meta)
    schools = _monitored(session, year)
    if schools:
        names = enumerate_names([_school_label(s) for s in schools])
        names_list = ", ".join(_school_label(s) for s in schools)
    else:
        blanks.note(Gap(f"школы со статусом ШНОР или ШНСУ на {year} г.", "Реестр ОО", "school"))
        names = names_list = BLANK_LONG
    person = coordinator(session, meta.date)
    if person is not None:
        coord = person_of(session, person)
    else:
        blanks.note(Gap("муниципальный координатор — ответственный за мониторинг",
                        "Наставничество и кадры", "people"))
        coord = {"position_accs": "", "signature_accs": BLANK_LONG, "short": BLANK_CELL}
    start = params.option_date("period_start") or meta.calendar.next_working(meta.date)
    end = params.option_date("period_end") or meta.calendar.add(start, 20)
    deadline = _deadline(params, "deadline_report", meta, 15)
    basis = str(params.options.get("basis") or "").strip()
    return {
        **base,
        "year": year,
        "basis": basis,
        "schools": names,
        "schools_list": names_list,
        "period_start": russian.date_short(start),
        "period_end": russian.date_short(end),
        "deadline_report": deadline,
        "responsible": coord,
        "plan": _plan_rows(session, year, russian.date_short(end), coord["short"]),
    }


# --- the list of ШНОР for a year -------------------------------------------------------------------


def _curators(session: Session, school_ids: list[int], on: dt.date) -> dict[int, str]:
    rows = session.scalars(select(SupportAssignment).where(
        SupportAssignment.role == SupportRole.CURATOR.value, SupportAssignment.school_id.in_(school_ids))
        .order_by(SupportAssignment.id)).all()
    out: dict[int, list[str]] = {}
    for row in rows:
        if row.date_to is not None and row.date_to < on:
            continue
        words = person_of(session, row.person)
        out.setdefault(row.school_id or 0, []).append(f"{words['short']}, {words['position']}")
    return {k: "; ".join(v) for k, v in out.items()}


def describe_shnor_list(session: Session, params: DocParams) -> Description:
    year = _year(params)
    ids = [s.school_id for s in _statuses(session, year, SchoolStatusKind.SHNOR)]
    return Description(title=f"Приказ об утверждении перечня ШНОР на {year} год",
                       sources={"school": ids}, year=year, date=default_date(year),
                       file_stem=f"Приказ о перечне ШНОР {year}")


def build_shnor_list(session: Session, params: DocParams, meta: DocMeta) -> dict[str, Any]:
    year = _year(params, meta.date)
    blanks = meta.blanks
    base = order_base(session, meta)
    statuses = _statuses(session, year, SchoolStatusKind.SHNOR)
    curators = _curators(session, [s.school_id for s in statuses], meta.date)
    rows = []
    for i, status in enumerate(statuses, start=1):
        reason_lines = [line.strip() for line in (status.reason or "").splitlines() if line.strip()]
        if not reason_lines:
            blanks.note(Gap(f"основание включения в перечень ШНОР на {year} г.", status.school.short_name,
                            "school", status.school_id, "statuses"))
        rows.append({
            "number": str(i),
            "name": status.school.full_name or status.school.short_name,
            "short_name": status.school.short_name,
            "reasons": reason_lines or [BLANK_CELL],
            "basis": status.basis_document or "",
            "curator": curators.get(status.school_id, BLANK_CELL),
        })
    if not rows:
        blanks.note(Gap(f"школы со статусом ШНОР на {year} г.", "Реестр ОО", "school"))
        rows = [{"number": str(i), "name": BLANK_CELL, "short_name": "", "reasons": [BLANK_CELL],
                 "basis": "", "curator": BLANK_CELL} for i in range(1, 4)]
    person = coordinator(session, meta.date)
    coord = person_of(session, person) if person is not None else None
    basis = str(params.options.get("basis") or "").strip()
    return {
        **base,
        "year": year,
        "basis": basis,
        "count_text": organisations(len(statuses)) if statuses else BLANK,
        "schools": rows,
        "has_coordinator": coord is not None,
        "coordinator": coord or {"signature_datv": ""},
        "deadline_programs": _deadline(params, "deadline_programs", meta, 20),
    }
