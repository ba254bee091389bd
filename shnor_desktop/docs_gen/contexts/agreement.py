"""Договор о взаимодействии и сотрудничестве (seed 004): Школа 1 (лидер) and Школа 2 (supported)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ... import russian
from ...models import Partnership
from ..rendering import MissingData
from .common import (
    Description,
    DocMeta,
    DocParams,
    city_phrase,
    date_words,
    region_genitive,
    require_school_fields,
    school_words,
)


def _partnership(session: Session, params: DocParams) -> Partnership:
    if params.record_id is None:
        raise MissingData(["не выбрано партнёрство (укажите его номер: --id N)"])
    partnership = session.get(Partnership, params.record_id)
    if partnership is None:
        raise MissingData([f"партнёрство № {params.record_id} не найдено"])
    return partnership


def _agreement_date(p: Partnership, fallback: dt.date) -> dt.date:
    return p.agreement_date or fallback


def term_phrase(p: Partnership, agreement_date: dt.date) -> str:
    """«на 2026 год», «на период с 01.09.2025 по 31.08.2026» (after «заключен сроком»)."""
    start, end = p.term_start, p.term_end
    if start and end:
        if start.year == end.year and (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
            return f"на {start.year} год"
        return f"на период с {russian.date_short(start)} по {russian.date_short(end)}"
    if end:
        return f"на период по {russian.date_short(end)}"
    return f"на {(start or agreement_date).year} год"


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
    problems = (require_school_fields(p.leader, licence=True)
                + require_school_fields(p.supported, licence=True))
    if not (p.city or "").strip():
        from .common import district_profile

        profile = district_profile(session)
        city = profile.city if profile is not None else ""
    else:
        city = p.city
    if not city.strip():
        problems.append("город (место заключения договора) — в карточке партнёрства или в профиле района")
    if problems:
        raise MissingData(problems)
    signed = _agreement_date(p, meta.date)
    work_year = (p.term_start or signed).year
    return {
        "number": meta.number,
        "city": city_phrase(city),
        "date": date_words(signed),
        "year": work_year,
        "term": term_phrase(p, signed),
        "region_gent": region_genitive(session),
        "school1": school_words(session, p.leader),
        "school2": school_words(session, p.supported),
    }
