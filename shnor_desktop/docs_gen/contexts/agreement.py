"""Договор о взаимодействии и сотрудничестве (seed 004): Школа 1 (лидер) and Школа 2 (supported).

Seed 004 is itself a form with blanks: whatever the registry lacks (licence details, the director,
a draft's number and date) prints as the blank of the form, and the window lists those blanks.
The nine criteria of effectiveness of seed 004 are attached as an appendix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ... import russian
from ...models import Partnership
from ..blanks import BLANK_DATE_AGREEMENT, BLANK_LONG, BLANK_NUMBER, Gap
from ..criteria import CRITERIA_TITLE, criteria_rows
from ..rendering import MissingData
from .common import (
    Description,
    DocMeta,
    DocParams,
    city_phrase,
    date_words,
    district_profile,
    region_genitive,
    region_name,
    school_words,
)


def _partnership(session: Session, params: DocParams) -> Partnership:
    if params.record_id is None:
        raise MissingData(["не выбрано партнёрство (укажите его номер: --id N)"])
    partnership = session.get(Partnership, params.record_id)
    if partnership is None:
        raise MissingData([f"партнёрство № {params.record_id} не найдено"])
    return partnership


def term_phrase(p: Partnership, agreement_date: dt.date | None) -> str:
    """«на 2026 год», «на период с 01.09.2025 по 31.08.2026» (after «заключен сроком»)."""
    start, end = p.term_start, p.term_end
    if start and end:
        if start.year == end.year and (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
            return f"на {start.year} год"
        return f"на период с {russian.date_short(start)} по {russian.date_short(end)}"
    if end:
        return f"на период по {russian.date_short(end)}"
    when = start or agreement_date
    return f"на {when.year} год" if when else "на _____ год"


def describe(session: Session, params: DocParams) -> Description:
    p = _partnership(session, params)
    when = p.agreement_date or p.term_start
    year = when.year if when else dt.date.today().year
    title = f"Договор о взаимодействии и сотрудничестве: {p.leader.short_name} — {p.supported.short_name}"
    return Description(title=title, sources={"partnership": [p.id], "school": [p.leader_school_id,
                                                                             p.supported_school_id]},
                       year=year, number=p.number or None, date=p.agreement_date,
                       file_stem=f"Договор {p.leader.short_name} — {p.supported.short_name}")


def build(session: Session, params: DocParams, meta: DocMeta) -> dict[str, Any]:
    p = _partnership(session, params)
    blanks = meta.blanks
    owner = f"Партнёрство {p.leader.short_name} — {p.supported.short_name}"
    city = (p.city or "").strip()
    if not city:
        profile = district_profile(session)
        city = (profile.city if profile is not None else "").strip()
    city = blanks.value(city_phrase(city), Gap("место заключения договора (город)", owner, "partnership",
                                               p.id, "city"), BLANK_LONG)
    number = blanks.value(p.number, Gap("номер договора", owner, "partnership", p.id, "number"), BLANK_NUMBER)
    if p.agreement_date is None:
        blanks.note(Gap("дата договора", owner, "partnership", p.id, "agreement_date"))
    date = date_words(p.agreement_date) if p.agreement_date else BLANK_DATE_AGREEMENT
    when = p.term_start or p.agreement_date
    return {
        "number": number,
        "city": city,
        "date": date,
        "year": when.year if when else (p.term_end.year if p.term_end else meta.date.year),
        "term": term_phrase(p, p.agreement_date),
        "region_gent": region_genitive(session),
        "school1": school_words(session, p.leader, blanks),
        "school2": school_words(session, p.supported, blanks),
        "criteria": criteria_rows(region_name(session)),
        "criteria_title": CRITERIA_TITLE,
    }
