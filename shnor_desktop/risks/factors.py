"""The reference list of risk factors: the 2021 list shipped, renamed, added to, retired. Qt-free.

A factor is never deleted: profiles and measures point at its row, so renaming changes what every
year shows (the former names are kept on the row) and retiring only takes it out of new profiles.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .. import russian
from ..models import AntiRiskMeasure, RiskAssessment, RiskFactor
from ..store.database import is_read_only
from ..validation import Errors

log = logging.getLogger(__name__)

DEFAULT_LIST_YEAR = 2021
# The risk factors used in practice since 2021 (the federal project «500+»), in their order.
DEFAULT_FACTORS: tuple[str, ...] = (
    "Низкий уровень оснащения школы",
    "Дефицит педагогических кадров",
    "Недостаточная предметная и методическая компетентность педагогических работников",
    "Риски низкой адаптивности учебного процесса",
    "Несформированность внутришкольной системы повышения квалификации",
    "Высокая доля обучающихся с рисками учебной неуспешности",
    "Низкая учебная мотивация обучающихся",
    "Пониженный уровень качества школьной образовательной и воспитательной среды",
    "Низкое качество преодоления языковых и культурных барьеров",
    "Низкий уровень вовлеченности родителей",
)
NAME_MAX = 500


def ensure_default_factors(session: Session) -> int:
    """Insert the 2021 list when the reference list is empty; returns how many were added.

    Idempotent: a list that has any factor (shipped or the user's own) is left as it is; so is
    the empty list of a database opened read-only.
    """
    if is_read_only(session) or session.scalar(select(func.count()).select_from(RiskFactor)):
        return 0
    for position, name in enumerate(DEFAULT_FACTORS, start=1):
        session.add(RiskFactor(name=name, list_year=DEFAULT_LIST_YEAR, position=position,
                               description="", retired=False, former_names=[]))
    session.flush()
    log.info("risk factors: the %d factors of %d added", len(DEFAULT_FACTORS), DEFAULT_LIST_YEAR)
    return len(DEFAULT_FACTORS)


def list_factors(session: Session, *, include_retired: bool = True) -> list[RiskFactor]:
    stmt = select(RiskFactor).order_by(RiskFactor.retired, RiskFactor.position, RiskFactor.id)
    if not include_retired:
        stmt = stmt.where(RiskFactor.retired.is_(False))
    return list(session.scalars(stmt))


def factors_for_year(session: Session, year: int) -> list[RiskFactor]:
    """The factors a profile of ``year`` shows: those of the list in that year (added in an
    edition not later than ``year`` and not retired before it), plus any factor some school has a
    level of in that year."""
    used = set(session.scalars(select(RiskAssessment.factor_id).where(RiskAssessment.year == year)))
    out = []
    for factor in list_factors(session):
        in_list = factor.list_year <= year and (
            not factor.retired or (factor.retired_year is not None and factor.retired_year >= year))
        if in_list or factor.id in used:
            out.append(factor)
    out.sort(key=lambda f: (f.position, f.id))
    return out


def usage(session: Session, factor_id: int) -> tuple[int, int]:
    """(assessments, measures) that point at the factor."""
    assessments = session.scalar(select(func.count()).select_from(RiskAssessment)
                                 .where(RiskAssessment.factor_id == factor_id)) or 0
    measures = session.scalar(select(func.count()).select_from(AntiRiskMeasure)
                              .where(AntiRiskMeasure.factor_id == factor_id)) or 0
    return int(assessments), int(measures)


def _clean_name(name: str) -> str:
    return " ".join((name or "").split())


def _check_name(session: Session, name: str, *, own_id: int | None = None) -> None:
    errors = Errors()
    if not name:
        errors.add("name", "Укажите название фактора риска.")
    elif len(name) > NAME_MAX:
        errors.add("name", f"Название длиннее {NAME_MAX} знаков.")
    else:
        for factor in list_factors(session):
            if factor.id != own_id and factor.name.casefold() == name.casefold():
                state = " (выведен из перечня)" if factor.retired else ""
                errors.add("name", f"Фактор «{factor.name}»{state} уже есть в справочнике.")
                break
    errors.raise_if_any()


def _check_year(year: int | None, field: str = "list_year") -> None:
    errors = Errors()
    if year is None or not 2000 <= year <= 2100:
        errors.add(field, "Год — четыре цифры, например 2025.")
    errors.raise_if_any()


def add_factor(session: Session, name: str, *, list_year: int, description: str = "") -> RiskFactor:
    name = _clean_name(name)
    _check_name(session, name)
    _check_year(list_year)
    position = (session.scalar(select(func.max(RiskFactor.position))) or 0) + 1
    factor = RiskFactor(name=name, list_year=list_year, position=position,
                        description=(description or "").strip(), retired=False, former_names=[])
    session.add(factor)
    session.flush()
    return factor


def _get(session: Session, factor_id: int, version: int | None) -> RiskFactor:
    factor = session.get(RiskFactor, factor_id)
    if factor is None:
        raise StaleDataError("risk factor removed")
    if version is not None and factor.version != version:
        raise StaleDataError("risk factor changed by someone else")
    return factor


def rename_factor(session: Session, factor_id: int, name: str, *, description: str | None = None,
                  version: int | None = None, today: dt.date | None = None) -> RiskFactor:
    """A new name for the same factor; the old one is kept in ``former_names``."""
    factor = _get(session, factor_id, version)
    name = _clean_name(name)
    _check_name(session, name, own_id=factor.id)
    if name != factor.name:
        former = list(factor.former_names or [])
        former.append({"name": factor.name, "until": (today or dt.date.today()).isoformat()})
        factor.former_names = former
        factor.name = name
    if description is not None:
        factor.description = description.strip()
    session.flush()
    return factor


def retire_factor(session: Session, factor_id: int, *, last_year: int,
                  version: int | None = None) -> RiskFactor:
    """Take the factor out of new profiles; ``last_year`` is the last year it is assessed."""
    _check_year(last_year, "retired_year")
    factor = _get(session, factor_id, version)
    factor.retired = True
    factor.retired_year = last_year
    session.flush()
    return factor


def restore_factor(session: Session, factor_id: int, *, version: int | None = None) -> RiskFactor:
    factor = _get(session, factor_id, version)
    factor.retired = False
    factor.retired_year = None
    session.flush()
    return factor


def former_names_text(factor: RiskFactor) -> str:
    """«прежде: «…» (до 01.09.2024)» for a tooltip; empty when never renamed."""
    parts = []
    for entry in factor.former_names or []:
        until = entry.get("until")
        when = ""
        if until:
            try:
                when = f" (до {russian.date_short(dt.date.fromisoformat(until))})"
            except ValueError:
                when = ""
        parts.append(f"«{entry.get('name', '')}»{when}")
    return ("прежние названия: " + "; ".join(parts)) if parts else ""


def factor_names(factors: Sequence[RiskFactor]) -> list[str]:
    return [f.name for f in factors]
