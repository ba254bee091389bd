"""План совместной работы of a partnership: its plan items as a table, approved by both directors,
and seed 004's criteria as the section on evaluating the results. An empty plan prints blank rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ... import russian
from ...models import PartnershipPlanItem
from ...models.enums import PlanItemKind, WorkState
from ...tracking.partnerships import sorted_plan
from ..blanks import BLANK_DATE, BLANK_NUMBER, Gap
from ..criteria import criteria_rows
from .agreement import _partnership
from .common import Description, DocMeta, DocParams, region_name, school_words, upper_first


def _label(vocabulary: Any, value: str) -> str:
    try:
        return str(vocabulary(value).label)
    except ValueError:
        return value


def _when(item: PartnershipPlanItem) -> str:
    if item.date_from and item.date_to and item.date_to != item.date_from:
        # spaced, so that a narrow «Сроки» column breaks between the dates, never inside one
        return f"{russian.date_short(item.date_from)} – {russian.date_short(item.date_to)}"
    return russian.date_short(item.date_from or item.date_to) or "в течение срока договора"


def _mark(item: PartnershipPlanItem) -> str:
    state = _label(WorkState, item.state)
    if item.result:
        return f"{upper_first(state)}. {item.result.strip()}"
    return upper_first(state)


def period_text(start: dt.date | None, end: dt.date | None, fallback: dt.date) -> str:
    """«2025/26 учебный год», «2026 год» or «период с … по …»."""
    if start and end:
        if start.month >= 8 and end.year == start.year + 1 and end.month <= 8:
            return f"{start.year}/{str(end.year)[2:]} учебный год"
        if start.year == end.year:
            return f"{start.year} год"
        return f"период с {russian.date_short(start)} по {russian.date_short(end)}"
    return f"{(start or fallback).year} год"


def describe(session: Session, params: DocParams) -> Description:
    p = _partnership(session, params)
    year = (p.term_start or p.agreement_date or dt.date.today()).year
    return Description(
        title=f"План совместной работы: {p.leader.short_name} — {p.supported.short_name}",
        sources={"partnership": [p.id]}, year=year,
        file_stem=f"План совместной работы {p.leader.short_name} — {p.supported.short_name}")


BLANK_ROWS = 8  # an empty plan is a form: rows to fill in by hand


def build(session: Session, params: DocParams, meta: DocMeta) -> dict[str, Any]:
    p = _partnership(session, params)
    items = [i for i in sorted_plan(p)]
    rows = [{
        "number": str(n),
        "title": item.title,
        "kind": upper_first(_label(PlanItemKind, item.kind)),
        "when": _when(item),
        "responsible": item.responsible or "",
        "participants": item.participants or "",
        "mark": _mark(item),
    } for n, item in enumerate(items, start=1)]
    if not rows:
        meta.blanks.note(Gap("мероприятия совместного плана (печатаются пустые строки для заполнения)",
                             f"Партнёрство {p.leader.short_name} — {p.supported.short_name}",
                             "partnership", p.id, "plan"))
        rows = [{"number": str(n), "title": "", "kind": "", "when": "", "responsible": "", "participants": "",
                 "mark": ""} for n in range(1, BLANK_ROWS + 1)]
    number = p.number or BLANK_NUMBER
    date = russian.date_short(p.agreement_date) if p.agreement_date else BLANK_DATE
    return {
        "number": meta.number,
        "date": russian.date_short(meta.date),
        "period": period_text(p.term_start, p.term_end, p.agreement_date or meta.date),
        "agreement": f"к договору о взаимодействии и сотрудничестве № {number} от {date}",
        "school1": school_words(session, p.leader, meta.blanks),
        "school2": school_words(session, p.supported, meta.blanks),
        "items": rows,
        "criteria": criteria_rows(region_name(session)),
        "year": (p.term_start or p.agreement_date or meta.date).year,
    }
