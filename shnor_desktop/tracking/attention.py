"""What needs the methodist's attention today, and what is overdue. Qt-free.

The start page and ``shnor overdue`` both read from here. Visits, recommendations and
agreements are read straight from the models (their own services live elsewhere).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .. import russian
from ..models import (
    MethodicalVisit,
    Partnership,
    PartnershipPlanItem,
    Recommendation,
    RoadmapItem,
    School,
    SchoolStatus,
    Setting,
)
from ..models.enums import AgreementState, PlanItemKind, SchoolStatusKind, VisitState
from ..registry.scope import district_scope, school_ids
from ..risks.measures import days_overdue as measure_days_overdue
from ..risks.measures import overdue_measures
from ..validation import Errors
from .attention_items import Attention, AttentionItem, TargetProgress
from .roadmap import CLOSED_STATES, days_overdue

EXPIRY_WARNING_DAYS = 60
TARGET_SETTING = "shnor_target"
# The fields of a target. There is no default: the district sets its own (an empty database shows
# «Цель не задана»). Seed 001's target («с 29 % (5 ОО) в 2022 году до 5 % (1 ОО) к 2024 году») is
# quoted only as an example in the target dialog.
TARGET_FIELDS = ("base_year", "base_count", "base_percent", "target_year", "target_count", "target_percent")


# --- the target -----------------------------------------------------------------------------


def load_target(session: Session) -> dict[str, Any] | None:
    """The district's target, or None when it has not been set (or is incomplete)."""
    setting = session.get(Setting, TARGET_SETTING)
    if setting is None or not isinstance(setting.value, dict):
        return None
    if any(setting.value.get(k) is None for k in TARGET_FIELDS):
        return None
    return {k: setting.value[k] for k in TARGET_FIELDS}


def validate_target(target: dict[str, Any]) -> None:
    errors = Errors()
    for key in ("base_year", "target_year"):
        value = target.get(key)
        if not isinstance(value, int) or not 2000 <= value <= 2100:
            errors.add(key, "Год — четыре цифры, например 2024.")
    for key in ("base_count", "target_count"):
        value = target.get(key)
        if not isinstance(value, int) or value < 0:
            errors.add(key, "Число школ — целое, не меньше нуля.")
    for key in ("base_percent", "target_percent"):
        value = target.get(key)
        if not isinstance(value, (int, float)) or not 0 <= value <= 100:
            errors.add(key, "Доля — от 0 до 100 %.")
    if not errors.errors and target["target_year"] < target["base_year"]:
        errors.add("target_year", "Год цели не может быть раньше исходного года.")
    errors.raise_if_any()


def save_target(session: Session, target: dict[str, Any]) -> None:
    values = {k: target.get(k) for k in TARGET_FIELDS}
    validate_target(values)
    setting = session.get(Setting, TARGET_SETTING)
    if setting is None:
        session.add(Setting(key=TARGET_SETTING, value=values))
    else:
        setting.value = values
    session.flush()


def target_progress(session: Session) -> TargetProgress:
    """The district's ШНОР count of the latest year against the target (the district's schools only)."""
    ids = school_ids(session, district_scope(session))
    year = session.scalar(select(func.max(SchoolStatus.year))
                          .where(SchoolStatus.kind == SchoolStatusKind.SHNOR.value))
    count = 0
    if year is not None:
        query = select(func.count(func.distinct(SchoolStatus.school_id))).where(
            SchoolStatus.year == year, SchoolStatus.kind == SchoolStatusKind.SHNOR.value)
        count = int(session.scalar(query if ids is None else query.where(SchoolStatus.school_id.in_(ids)))
                    or 0)
    query = select(func.count()).select_from(School).where(School.archived.is_(False))
    schools = int(session.scalar(query if ids is None else query.where(School.id.in_(ids))) or 0)
    return TargetProgress(load_target(session), year, count, schools)


# --- the lists ---------------------------------------------------------------------------------


def _roadmap(session: Session, today: dt.date) -> list[AttentionItem]:
    rows = session.scalars(select(RoadmapItem).where(
        RoadmapItem.deadline < today, RoadmapItem.state.not_in(CLOSED_STATES))
        .order_by(RoadmapItem.deadline, RoadmapItem.position))
    return [AttentionItem("roadmap", r.id, r.measure, r.deadline, r.responsible,
                          days_overdue(r, today), r.roadmap) for r in rows]


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def _visits_this_week(session: Session, today: dt.date) -> list[AttentionItem]:
    monday, sunday = _week(today)
    rows = session.scalars(select(MethodicalVisit).options(selectinload(MethodicalVisit.school),
                                                           selectinload(MethodicalVisit.members))
                           .where(MethodicalVisit.date >= monday, MethodicalVisit.date <= sunday,
                                  MethodicalVisit.state != VisitState.CANCELLED.value)
                           .order_by(MethodicalVisit.date))
    out = []
    for v in rows:
        members = ", ".join(m.name for m in v.members if m.name)
        what = f"Выезд в {v.school.short_name}" + (f": {v.purpose}" if v.purpose else "")
        out.append(AttentionItem("visit", v.id, what, v.date, members, 0,
                                 VisitState(v.state).label if v.state in set(VisitState) else v.state))
    return out


def _recommendations(session: Session, today: dt.date) -> list[AttentionItem]:
    rows = session.scalars(select(Recommendation).options(
        selectinload(Recommendation.visit).selectinload(MethodicalVisit.school))
        .where(Recommendation.done.is_(False), Recommendation.deadline < today)
        .order_by(Recommendation.deadline))
    out = []
    for r in rows:
        school = r.visit.school.short_name if r.visit and r.visit.school else ""
        who = r.responsible or r.addressee
        out.append(AttentionItem("recommendation", r.id, f"{school}: {r.text}" if school else r.text,
                                 r.deadline, who, (today - r.deadline).days if r.deadline else 0,
                                 f"выезд {russian.date_short(r.visit.date)}" if r.visit else ""))
    return out


def _agreements(session: Session, today: dt.date) -> list[AttentionItem]:
    """Agreements «действует» that end within 60 days or have already ended."""
    horizon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    rows = session.scalars(select(Partnership).options(
        selectinload(Partnership.leader), selectinload(Partnership.supported))
        .where(Partnership.state == AgreementState.ACTIVE.value, Partnership.term_end.is_not(None),
               Partnership.term_end <= horizon)
        .order_by(Partnership.term_end))
    out = []
    for p in rows:
        number = f"№ {p.number} " if p.number else ""
        what = f"Договор {number}{p.leader.short_name} — {p.supported.short_name}"
        late = (today - p.term_end).days if p.term_end < today else 0  # type: ignore[operator]
        if late:
            detail = f"срок истёк {russian.date_short(p.term_end)}, а договор значится действующим"
        else:
            left = (p.term_end - today).days  # type: ignore[operator]
            detail = f"истекает через {left} {russian.plural(left, 'день', 'дня', 'дней')}"
        out.append(AttentionItem("agreement", p.id, what, p.term_end, "", late, detail))
    return out


def _plan_items(session: Session, today: dt.date) -> list[AttentionItem]:
    rows = session.scalars(select(PartnershipPlanItem).options(
        selectinload(PartnershipPlanItem.partnership).selectinload(Partnership.supported))
        .where(PartnershipPlanItem.state.not_in(CLOSED_STATES)))
    out = []
    for item in rows:
        when = item.date_to or item.date_from
        if when is None or when >= today:
            continue
        kind = PlanItemKind(item.kind).label if item.kind in set(PlanItemKind) else item.kind
        school = item.partnership.supported.short_name if item.partnership else ""
        out.append(AttentionItem("plan_item", item.id, f"{school}: {kind} «{item.title}»", when,
                                 item.responsible, (today - when).days))
    out.sort(key=lambda i: i.when or today)
    return out


def _risk_measures(session: Session, today: dt.date) -> list[AttentionItem]:
    """Overdue anti-risk measures of the schools' risk profiles (see ``risks.measures``)."""
    return [AttentionItem("risk_measure", m.id, f"{m.school.short_name}: {m.action}", m.deadline,
                          m.responsible, measure_days_overdue(m, today), f"риск «{m.factor.name}»")
            for m in overdue_measures(session, today)]


def attention_today(session: Session, today: dt.date | None = None) -> Attention:
    today = today or dt.date.today()
    return Attention(
        today=today,
        roadmap=_roadmap(session, today),
        visits=_visits_this_week(session, today),
        recommendations=_recommendations(session, today),
        agreements=_agreements(session, today),
        plan_items=_plan_items(session, today),
        target=target_progress(session),
        risk_measures=_risk_measures(session, today),
    )


def overdue(session: Session, today: dt.date | None = None) -> list[AttentionItem]:
    """Everything whose date has passed and is not done: the longest overdue first."""
    today = today or dt.date.today()
    items = [*_roadmap(session, today), *_recommendations(session, today),
             *[a for a in _agreements(session, today) if a.days_overdue > 0],
             *_plan_items(session, today), *_risk_measures(session, today)]
    items.sort(key=lambda i: (-i.days_overdue, i.kind, i.what))
    return items
