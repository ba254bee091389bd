"""Reading the registry."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import School, SchoolStatus


def list_schools(session: Session, *, include_archived: bool = False) -> list[School]:
    stmt = select(School).options(selectinload(School.statuses)).order_by(School.short_name)
    if not include_archived:
        stmt = stmt.where(School.archived.is_(False))
    return list(session.scalars(stmt))


def latest_status_year(session: Session) -> int | None:
    from sqlalchemy import func

    return session.scalar(select(func.max(SchoolStatus.year)))


def find_by_login(session: Session, login: str) -> School | None:
    from ..models import login_number

    number = login_number(login)
    if number is None:
        return None
    return session.scalar(select(School).where(School.login_number == number))
