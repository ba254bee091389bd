"""Anti-risk measures: what a school does about a risk, by when, who answers, how success shows.

Qt-free. A measure is **overdue** when its deadline has passed (deadline < today) and it is neither
done nor cancelled; overdue measures join the start page's attention list
(:func:`shnor_desktop.tracking.attention.attention_today`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..models import AntiRiskMeasure, RiskAssessment, RiskFactor, School
from ..models.enums import WorkState
from ..validation import Errors
from .profiles import SERIOUS_LEVELS, level_label

CLOSED_STATES = frozenset({WorkState.DONE.value, WorkState.CANCELLED.value})
ACTION_MAX = 4000


def is_overdue(measure: AntiRiskMeasure, today: dt.date) -> bool:
    return (measure.deadline is not None and measure.deadline < today
            and measure.state not in CLOSED_STATES)


def days_overdue(measure: AntiRiskMeasure, today: dt.date) -> int:
    return (today - measure.deadline).days if is_overdue(measure, today) and measure.deadline else 0


def state_label(state: str) -> str:
    try:
        return WorkState(state).label
    except ValueError:
        return state


@dataclass
class MeasureData:
    """What the measure form holds."""

    school_id: int | None
    year: int | None
    factor_id: int | None
    action: str
    deadline: dt.date | None = None
    responsible: str = ""
    indicator: str = ""
    state: str = WorkState.PLANNED.value
    result: str = ""

    @classmethod
    def of(cls, measure: AntiRiskMeasure) -> MeasureData:
        return cls(**{f.name: getattr(measure, f.name) for f in fields(cls)})

    def clean(self) -> MeasureData:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                setattr(self, f.name, value.strip())
        return self


def validate(session: Session, data: MeasureData) -> None:
    errors = Errors()
    if data.school_id is None:
        errors.add("school_id", "Выберите школу.")
    elif session.get(School, data.school_id) is None:
        errors.add("school_id", "Школа не найдена: возможно, её удалили.")
    if data.year is None or not 2000 <= data.year <= 2100:
        errors.add("year", "Год — четыре цифры, например 2025.")
    if data.factor_id is None:
        errors.add("factor_id", "Выберите фактор риска, на который направлена мера.")
    elif session.get(RiskFactor, data.factor_id) is None:
        errors.add("factor_id", "Фактор риска не найден в справочнике.")
    errors.require("action", data.action, "Опишите меру: что будет сделано.")
    if len(data.action) > ACTION_MAX:
        errors.add("action", f"Описание меры длиннее {ACTION_MAX} знаков.")
    if data.state not in {s.value for s in WorkState}:
        errors.add("state", "Выберите состояние меры.")
    if data.deadline is not None and data.year is not None and 2000 <= data.year <= 2100 \
            and not data.year - 1 <= data.deadline.year <= data.year + 3:
        errors.add("deadline", f"Срок {data.deadline.strftime('%d.%m.%Y')} далёк от года профиля "
                               f"{data.year}: проверьте год срока.")
    if data.state == WorkState.DONE.value and not data.result:
        errors.add("result", "Для выполненной меры укажите результат (значение показателя).")
    errors.raise_if_any()


def warnings(session: Session, data: MeasureData) -> list[str]:
    """Non-blocking remarks: the risk the measure answers is not high or medium (or not assessed)."""
    if data.school_id is None or data.year is None or data.factor_id is None:
        return []
    level = session.scalar(select(RiskAssessment.level).where(
        RiskAssessment.school_id == data.school_id, RiskAssessment.year == data.year,
        RiskAssessment.factor_id == data.factor_id))
    if level in SERIOUS_LEVELS:
        return []
    if level is None:
        return [f"В профиле рисков школы за {data.year} г. этот фактор не оценён."]
    return [f"В профиле рисков школы за {data.year} г. уровень этого риска — «{level_label(level)}»: "
            "меры обычно планируют для высоких и средних рисков."]


def _get(session: Session, measure_id: int, version: int | None) -> AntiRiskMeasure:
    measure = session.get(AntiRiskMeasure, measure_id)
    if measure is None:
        raise StaleDataError("anti-risk measure removed")
    if version is not None and measure.version != version:
        raise StaleDataError("anti-risk measure changed by someone else")
    return measure


def add_measure(session: Session, data: MeasureData) -> AntiRiskMeasure:
    data.clean()
    validate(session, data)
    measure = AntiRiskMeasure(**{f.name: getattr(data, f.name) for f in fields(data)})
    session.add(measure)
    session.flush()
    return measure


def update_measure(session: Session, measure_id: int, data: MeasureData, *,
                   version: int | None = None) -> AntiRiskMeasure:
    data.clean()
    measure = _get(session, measure_id, version)
    validate(session, data)
    for f in fields(data):
        setattr(measure, f.name, getattr(data, f.name))
    session.flush()
    return measure


def delete_measure(session: Session, measure_id: int, *, version: int | None = None) -> None:
    session.delete(_get(session, measure_id, version))
    session.flush()


def list_measures(session: Session, *, year: int | None = None,
                  school_id: int | None = None) -> list[AntiRiskMeasure]:
    stmt = (select(AntiRiskMeasure)
            .options(selectinload(AntiRiskMeasure.school), selectinload(AntiRiskMeasure.factor)))
    if year is not None:
        stmt = stmt.where(AntiRiskMeasure.year == year)
    if school_id is not None:
        stmt = stmt.where(AntiRiskMeasure.school_id == school_id)
    rows = list(session.scalars(stmt))
    rows.sort(key=lambda m: (m.school.short_name.casefold(), m.factor.position,
                             m.deadline or dt.date.max, m.id))
    return rows


def overdue_measures(session: Session, today: dt.date) -> list[AntiRiskMeasure]:
    """Measures past their deadline and not closed, the longest overdue first."""
    rows = session.scalars(
        select(AntiRiskMeasure)
        .options(selectinload(AntiRiskMeasure.school), selectinload(AntiRiskMeasure.factor))
        .where(AntiRiskMeasure.deadline < today, AntiRiskMeasure.state.not_in(CLOSED_STATES))
        .order_by(AntiRiskMeasure.deadline, AntiRiskMeasure.id))
    return list(rows)


def measure_years(session: Session) -> list[int]:
    return sorted(set(session.scalars(select(AntiRiskMeasure.year).distinct())), reverse=True)


def describe(measure: AntiRiskMeasure) -> str:
    """«МБОУ «СОШ № 5»: <action> (риск «…»)» for lists and questions."""
    return f"{measure.school.short_name}: {measure.action} (риск «{measure.factor.name}»)"


def bulk_state(measures: Sequence[AntiRiskMeasure]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in measures:
        counts[m.state] = counts.get(m.state, 0) + 1
    return counts
