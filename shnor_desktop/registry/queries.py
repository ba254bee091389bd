"""Reading the registry."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..models import DistrictProfile, School, SchoolContext, SchoolStatus, login_number


def list_schools(session: Session, *, include_archived: bool = False) -> list[School]:
    stmt = select(School).options(selectinload(School.statuses)).order_by(School.short_name)
    if not include_archived:
        stmt = stmt.where(School.archived.is_(False))
    return list(session.scalars(stmt))


def latest_status_year(session: Session) -> int | None:
    return session.scalar(select(func.max(SchoolStatus.year)))


def find_by_login(session: Session, login: str) -> School | None:
    number = login_number(login)
    if number is None:
        return None
    return session.scalar(select(School).where(School.login_number == number))


def school_count(session: Session) -> int:
    """Every school of the registry, archived ones included (0: an empty database)."""
    return int(session.scalar(select(func.count()).select_from(School)) or 0)


def school_choices(session: Session, *, include_archived: bool = True) -> list[tuple[int, str, str | None]]:
    """(id, short name, ФИС ОКО login) of the schools, by name: for pick lists."""
    stmt = select(School.id, School.short_name, School.fis_login).order_by(School.short_name)
    if not include_archived:
        stmt = stmt.where(School.archived.is_(False))
    return [(sid, name, login) for sid, name, login in session.execute(stmt)]


def latest_context_year(session: Session) -> int | None:
    """The newest year of the schools' context data (ФИС ОКО forms), None when none is loaded."""
    return session.scalar(select(func.max(SchoolContext.year)))


def district_city(session: Session) -> str:
    """The city of the district profile (the place of signing of documents), "" when not set."""
    profile = session.scalar(select(DistrictProfile).limit(1))
    return profile.city if profile and profile.city else ""


def schools_with_status(session: Session, year: int, kind: str, school_ids: list[int]) -> set[int]:
    """Those of ``school_ids`` that already have a status of ``kind`` for ``year``."""
    return set(session.scalars(select(SchoolStatus.school_id).where(
        SchoolStatus.year == year, SchoolStatus.kind == kind, SchoolStatus.school_id.in_(school_ids))))

