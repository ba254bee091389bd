"""Partnerships (сетевое взаимодействие): a школа-лидер (Школа 1) helps a supported school
(Школа 2) under an agreement with a joint plan of measures.

Every function takes an open session; the caller owns the transaction
(``with db.transaction() as s: create_partnership(s, data)``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import russian
from ..models import Partnership, PartnershipPlanItem, School, SchoolStatus
from ..models.enums import AgreementState, PlanItemKind, SchoolStatusKind, WorkState
from ..registry.queries import find_by_login, latest_status_year
from ..validation import Errors, ValidationError


@dataclass
class PartnershipData:
    """What the form (or the CLI) gives for one agreement."""

    leader_school_id: int | None
    supported_school_id: int | None
    number: str = ""
    agreement_date: dt.date | None = None
    city: str = ""
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    state: str = AgreementState.DRAFT.value
    notes: str = ""

    @classmethod
    def of(cls, p: Partnership) -> PartnershipData:
        return cls(p.leader_school_id, p.supported_school_id, p.number or "", p.agreement_date,
                   p.city or "", p.term_start, p.term_end, p.state, p.notes or "")


@dataclass
class PlanItemData:
    """One measure of the joint plan, as the form gives it."""

    title: str
    kind: str = PlanItemKind.SEMINAR.value
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    responsible: str = ""
    participants: str = ""
    state: str = WorkState.PLANNED.value
    result: str = ""

    @classmethod
    def of(cls, item: PartnershipPlanItem) -> PlanItemData:
        return cls(item.title, item.kind, item.date_from, item.date_to, item.responsible or "",
                   item.participants or "", item.state, item.result or "")


@dataclass
class PlanCounts:
    total: int = 0
    done: int = 0


# --- reading ----------------------------------------------------------------------------------


def list_partnerships(session: Session) -> list[Partnership]:
    """All agreements with both schools and the plan loaded (usable after the session closes)."""
    stmt = (
        select(Partnership)
        .options(
            selectinload(Partnership.leader),
            selectinload(Partnership.supported),
            selectinload(Partnership.plan_items),
        )
        .order_by(Partnership.agreement_date.desc(), Partnership.id.desc())
    )
    return list(session.scalars(stmt))


def get_partnership(session: Session, partnership_id: int) -> Partnership:
    p = session.get(Partnership, partnership_id)
    if p is None:
        raise ValidationError({"partnership": "Договор не найден: возможно, его уже удалили."})
    return p


def effective_state(p: Partnership, today: dt.date) -> AgreementState:
    """The state to show: an agreement «действует» whose term has ended is «истёк»."""
    state = AgreementState(p.state)
    if state is AgreementState.ACTIVE and p.term_end is not None and p.term_end < today:
        return AgreementState.EXPIRED
    return state


def is_expired(p: Partnership, today: dt.date) -> bool:
    return effective_state(p, today) is AgreementState.EXPIRED


def sorted_plan(p: Partnership) -> list[PartnershipPlanItem]:
    """The joint plan in date order, undated measures last."""
    return sorted(p.plan_items, key=lambda i: (i.date_from is None, i.date_from or dt.date.min, i.id))


def plan_counts(p: Partnership) -> PlanCounts:
    items = [i for i in p.plan_items if i.state != WorkState.CANCELLED.value]
    return PlanCounts(total=len(items), done=sum(1 for i in items if i.state == WorkState.DONE.value))


def term_text(p: Partnership) -> str:
    start, end = russian.date_short(p.term_start), russian.date_short(p.term_end)
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"с {start}"
    if end:
        return f"по {end}"
    return ""


def pair_title(p: Partnership) -> str:
    """«СОШ №6 — СОШ №10, договор № 3 от 01.02.2026» for headings and questions."""
    text = f"{p.leader.short_name} — {p.supported.short_name}"
    agreement = agreement_text(p)
    return f"{text}, {agreement}" if agreement else text


def agreement_text(p: Partnership) -> str:
    parts = []
    if p.number:
        parts.append(f"№ {p.number}")
    if p.agreement_date:
        parts.append(f"от {russian.date_short(p.agreement_date)}")
    return ("договор " + " ".join(parts)) if parts else ""


def expiring_agreements(session: Session, today: dt.date, within_days: int = 30) -> list[Partnership]:
    """Agreements in force whose term ends within ``within_days`` days from today."""
    limit = today + dt.timedelta(days=within_days)
    return [
        p for p in list_partnerships(session)
        if p.state == AgreementState.ACTIVE.value and p.term_end is not None
        and today <= p.term_end <= limit
    ]


# --- checks -------------------------------------------------------------------------------------


def validate_partnership(session: Session, data: PartnershipData) -> None:
    """Raise :class:`ValidationError` with a Russian message per wrong field."""
    errors = Errors()
    errors.require("leader_school_id", data.leader_school_id, "Выберите школу-лидера (Школа 1).")
    errors.require("supported_school_id", data.supported_school_id,
                   "Выберите поддерживаемую школу (Школа 2).")
    if data.leader_school_id is not None and session.get(School, data.leader_school_id) is None:
        errors.add("leader_school_id", "Школа-лидер не найдена в реестре.")
    if data.supported_school_id is not None and session.get(School, data.supported_school_id) is None:
        errors.add("supported_school_id", "Поддерживаемая школа не найдена в реестре.")
    if (data.leader_school_id is not None
            and data.leader_school_id == data.supported_school_id):
        errors.add("supported_school_id", "Школа не может быть партнёром самой себе: "
                                          "выберите две разные школы.")
    try:
        AgreementState(data.state)
    except ValueError:
        errors.add("state", "Выберите состояние договора.")
    errors.dates_in_order("term_end", data.term_start, data.term_end,
                          "Окончание срока договора раньше его начала.")
    errors.dates_in_order("agreement_date", data.agreement_date, data.term_end,
                          "Дата договора позже окончания его срока.")
    if data.state == AgreementState.ACTIVE.value and data.agreement_date is None:
        errors.add("agreement_date", "У действующего договора должна быть дата заключения.")
    if len(data.number or "") > 50:
        errors.add("number", "Номер договора длиннее 50 знаков.")
    errors.raise_if_any()


def leader_warning(session: Session, leader_school_id: int | None) -> str | None:
    """A non-blocking warning when the chosen leader is itself ШНОР in the latest status year."""
    if leader_school_id is None:
        return None

    year = latest_status_year(session)
    if year is None:
        return None
    flagged = session.scalar(
        select(SchoolStatus.id).where(
            SchoolStatus.school_id == leader_school_id,
            SchoolStatus.kind == SchoolStatusKind.SHNOR.value,
            SchoolStatus.year == year,
        )
    )
    if flagged is None:
        return None
    school = session.get(School, leader_school_id)
    name = school.short_name if school else "Выбранная школа"
    return (f"Школа-лидер «{name}» сама отнесена к ШНОР в {year} году. "
            "Обычно лидером выбирают школу с высокими результатами; сохранить можно.")


def partnership_warnings(session: Session, data: PartnershipData,
                         partnership_id: int | None = None) -> list[str]:
    """Everything worth a second look that does not block saving."""
    warnings = []
    leader = leader_warning(session, data.leader_school_id)
    if leader:
        warnings.append(leader)
    if data.leader_school_id is not None and data.supported_school_id is not None:
        same = session.scalars(
            select(Partnership).where(
                Partnership.leader_school_id == data.leader_school_id,
                Partnership.supported_school_id == data.supported_school_id,
                Partnership.state == AgreementState.ACTIVE.value,
            )
        ).all()
        for other in same:
            if other.id != partnership_id:
                text = agreement_text(other) or "договор без номера"
                warnings.append(f"У этой пары уже есть действующий {text}.")
    return warnings


def _check_version(obj: Partnership | PartnershipPlanItem, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise StaleDataError(f"{type(obj).__name__} {obj.id}: version {obj.version} != {version}")


# --- changes ------------------------------------------------------------------------------------


def _apply(p: Partnership, data: PartnershipData) -> None:
    p.leader_school_id = int(data.leader_school_id)  # type: ignore[arg-type]
    p.supported_school_id = int(data.supported_school_id)  # type: ignore[arg-type]
    p.number = (data.number or "").strip()
    p.agreement_date = data.agreement_date
    p.city = (data.city or "").strip()
    p.term_start = data.term_start
    p.term_end = data.term_end
    p.state = data.state
    p.notes = (data.notes or "").strip()


def create_partnership(session: Session, data: PartnershipData) -> Partnership:
    validate_partnership(session, data)
    p = Partnership()
    _apply(p, data)
    session.add(p)
    session.flush()
    return p


def update_partnership(session: Session, partnership_id: int, data: PartnershipData,
                       *, version: int | None = None) -> Partnership:
    p = get_partnership(session, partnership_id)
    _check_version(p, version)
    validate_partnership(session, data)
    _apply(p, data)
    session.flush()
    return p


def set_state(session: Session, partnership_id: int, state: AgreementState) -> Partnership:
    p = get_partnership(session, partnership_id)
    data = PartnershipData.of(p)
    data.state = state.value
    return update_partnership(session, partnership_id, data)


def describe_deletion(session: Session, partnership_id: int) -> str:
    """What «Удалить» removes, said before it is done."""
    p = get_partnership(session, partnership_id)
    n = len(p.plan_items)
    text = f"Удалить партнёрство «{pair_title(p)}»?"
    if n:
        text += (f"\n\nВместе с ним будет удалён совместный план: {n} "
                 f"{russian.plural(n, 'мероприятие', 'мероприятия', 'мероприятий')}.")
    else:
        text += "\n\nМероприятий в совместном плане нет."
    return text + "\nШколы в реестре останутся."


def delete_partnership(session: Session, partnership_id: int, *, version: int | None = None) -> int:
    """Delete the agreement and its plan; returns how many plan items went with it."""
    p = get_partnership(session, partnership_id)
    _check_version(p, version)
    n = len(p.plan_items)
    session.delete(p)
    session.flush()
    return n


def add_partnership_by_logins(session: Session, leader_login: str, school_login: str, *,
                              number: str = "", agreement_date: dt.date | None = None,
                              city: str = "") -> Partnership:
    """The CLI's way in: both schools found in the registry by their ФИС ОКО login number.

    An agreement given a date has been signed, so it is recorded as «действует»; without a
    date it is a «проект».
    """
    errors = Errors()
    leader = find_by_login(session, leader_login)
    if leader is None:
        errors.add("leader_school_id", f"Школа с логином «{leader_login}» не найдена в реестре.")
    school = find_by_login(session, school_login)
    if school is None:
        errors.add("supported_school_id", f"Школа с логином «{school_login}» не найдена в реестре.")
    errors.raise_if_any()
    assert leader is not None and school is not None
    state = AgreementState.ACTIVE if agreement_date else AgreementState.DRAFT
    return create_partnership(session, PartnershipData(
        leader.id, school.id, number=number, agreement_date=agreement_date, city=city,
        state=state.value,
    ))


# --- the joint plan -----------------------------------------------------------------------------


def validate_plan_item(data: PlanItemData) -> None:
    errors = Errors()
    errors.require("title", data.title, "Укажите тему мероприятия.")
    try:
        PlanItemKind(data.kind)
    except ValueError:
        errors.add("kind", "Выберите вид мероприятия.")
    try:
        WorkState(data.state)
    except ValueError:
        errors.add("state", "Выберите состояние мероприятия.")
    errors.dates_in_order("date_to", data.date_from, data.date_to,
                          "Дата окончания мероприятия раньше даты начала.")
    if data.state == WorkState.DONE.value and data.date_from is None:
        errors.add("date_from", "У выполненного мероприятия должна быть дата проведения.")
    errors.raise_if_any()


def _apply_item(item: PartnershipPlanItem, data: PlanItemData) -> None:
    item.title = data.title.strip()
    item.kind = data.kind
    item.date_from = data.date_from
    item.date_to = data.date_to
    item.responsible = (data.responsible or "").strip()
    item.participants = (data.participants or "").strip()
    item.state = data.state
    item.result = (data.result or "").strip()


def add_plan_item(session: Session, partnership_id: int, data: PlanItemData) -> PartnershipPlanItem:
    get_partnership(session, partnership_id)
    validate_plan_item(data)
    item = PartnershipPlanItem(partnership_id=partnership_id)
    _apply_item(item, data)
    session.add(item)
    session.flush()
    return item


def _get_item(session: Session, item_id: int) -> PartnershipPlanItem:
    item = session.get(PartnershipPlanItem, item_id)
    if item is None:
        raise ValidationError({"plan_item": "Мероприятие не найдено: возможно, его уже удалили."})
    return item


def update_plan_item(session: Session, item_id: int, data: PlanItemData,
                     *, version: int | None = None) -> PartnershipPlanItem:
    item = _get_item(session, item_id)
    _check_version(item, version)
    validate_plan_item(data)
    _apply_item(item, data)
    session.flush()
    return item


def delete_plan_item(session: Session, item_id: int, *, version: int | None = None) -> None:
    item = _get_item(session, item_id)
    _check_version(item, version)
    session.delete(item)
    session.flush()
