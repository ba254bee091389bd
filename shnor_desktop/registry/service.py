"""Changing the registry: schools, their statuses and the district profile. Qt-free.

Each function is one transaction (``db.transaction()``): it either changes
everything it says or nothing. Schools are never deleted, only archived.
Returned ORM objects are detached but fully loaded, ready for a table or a card.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import russian
from ..errors import ShnorError
from ..models import DistrictProfile, School, SchoolStatus, login_number
from ..models.enums import SchoolStatusKind, StatusSource
from ..store.database import Database
from ..validation import ValidationError
from .queries import latest_status_year
from .scope import district_scope, others_in_registry
from .validation import (
    DISTRICT_FIELDS,
    SCHOOL_FIELDS,
    FieldError,
    clean_district,
    clean_school,
    summary,
    validate_status,
)

log = logging.getLogger(__name__)

STATUS_ORDER = {kind.value: i for i, kind in enumerate(SchoolStatusKind)}


def _invalid(errors: list[FieldError]) -> ValidationError:
    """The registry's refusal: its text leads each message with the field's name in the card."""
    return ValidationError(errors, summary="Изменения не сохранены:\n" + summary(errors))


class NotFound(ShnorError):
    """The record was removed or never existed."""


# --- reading ---------------------------------------------------------------------------------------

def load_school(db: Database, school_id: int) -> School:
    """One school with its statuses and context answers, detached from the session."""
    with db.session() as session:
        school = session.scalar(
            select(School).where(School.id == school_id)
            .options(selectinload(School.statuses), selectinload(School.contexts))
        )
        if school is None:
            raise NotFound(f"Школа не найдена (id {school_id}): возможно, база была заменена.")
        return school


def school_values(school: School) -> dict[str, Any]:
    """Every editable field of a school, as the card fills its widgets."""
    return {field: getattr(school, field) for field in SCHOOL_FIELDS}


def status_text(school: School, year: int) -> str:
    """«ШНОР, ШНСУ» for the year (empty when the school had no status)."""
    kinds = sorted({s.kind for s in school.statuses if s.year == year}, key=lambda k: STATUS_ORDER.get(k, 99))
    labels = []
    for kind in kinds:
        try:
            labels.append(SchoolStatusKind(kind).label)
        except ValueError:
            labels.append(kind)
    return ", ".join(labels)


def default_status_year(db: Database, today: dt.date | None = None) -> int:
    """The latest year that has statuses, else the current year."""
    with db.session() as session:
        year = latest_status_year(session)
    return year or (today or dt.date.today()).year


# --- schools ---------------------------------------------------------------------------------------

def _check_login_unique(session: Session, values: Mapping[str, Any], school_id: int | None,
                        errors: list[FieldError]) -> None:
    number = login_number(values.get("fis_login"))
    if number is None:
        return
    other = session.scalar(select(School).where(School.login_number == number))
    if other is not None and other.id != school_id:
        archived = " (в архиве)" if other.archived else ""
        errors.append(("fis_login", f"Школа с этим логином ФИС ОКО (номер {number}) уже есть в реестре: "
                                    f"«{other.short_name}»{archived}."))


def _apply(school: School, values: Mapping[str, Any]) -> None:
    for field, value in values.items():
        setattr(school, field, value)
    if "fis_login" in values:
        school.fis_login = values["fis_login"] or None
        school.login_number = login_number(values["fis_login"])


def create_school(db: Database, raw: Mapping[str, Any], *, today: dt.date | None = None) -> School:
    """A new school from the card's values; raises :class:`ValidationError`."""
    raw = {"full_name": "", "short_name": "", **raw}
    values, errors = clean_school(raw, today=today)
    with db.transaction() as session:
        _check_login_unique(session, values, None, errors)
        if errors:
            raise _invalid(errors)
        school = School(full_name="", short_name="")
        _apply(school, values)
        session.add(school)
        session.flush()
        school_id = school.id
    log.info("school %s created: %s", school_id, values.get("short_name"))
    return load_school(db, school_id)


def update_school(db: Database, school_id: int, raw: Mapping[str, Any], *,
                  expected_version: int | None = None, today: dt.date | None = None) -> School:
    """Save changed fields of a school; raises :class:`ValidationError`.

    ``expected_version`` is the version the card loaded: if someone changed the school
    since, StaleDataError is raised and nothing is written.
    """
    values, errors = clean_school(raw, today=today)
    with db.transaction() as session:
        school = session.get(School, school_id)
        if school is None:
            raise NotFound(f"Школа не найдена (id {school_id}).")
        if expected_version is not None and school.version != expected_version:
            raise StaleDataError(f"school {school_id}: version {school.version} != {expected_version}")
        _check_login_unique(session, values, school_id, errors)
        if errors:
            raise _invalid(errors)
        _apply(school, values)
    log.info("school %s updated", school_id)
    return load_school(db, school_id)


def _set_archived(db: Database, school_ids: list[int], archived: bool) -> int:
    changed = 0
    with db.transaction() as session:
        for school in session.scalars(select(School).where(School.id.in_(school_ids))):
            if school.archived != archived:
                school.archived = archived
                changed += 1
    log.info("%s %d schools", "archived" if archived else "restored", changed)
    return changed


def archive_schools(db: Database, school_ids: list[int]) -> int:
    """Hide schools from the registry (never deleted); returns how many changed."""
    return _set_archived(db, school_ids, True)


def restore_schools(db: Database, school_ids: list[int]) -> int:
    return _set_archived(db, school_ids, False)


def archive_other_municipalities(db: Database) -> int:
    """Archive, in one transaction, the schools of the registry that are not the district's
    (loaded from a regional file before the district was named). Nothing is deleted; the schools
    come back with «Восстановить». Returns how many were archived; 0 when no district is named."""
    with db.transaction() as session:
        others = others_in_registry(session, district_scope(session))
        for school in others:
            school.archived = True
    log.info("archived %d schools of other municipalities", len(others))
    return len(others)


def archive_school(db: Database, school_id: int) -> None:
    archive_schools(db, [school_id])


def restore_school(db: Database, school_id: int) -> None:
    restore_schools(db, [school_id])


# --- statuses --------------------------------------------------------------------------------------

def set_status(db: Database, school_id: int, kind: SchoolStatusKind | str, year: int, *,
               reason: str, source: StatusSource | str = StatusSource.DECISION,
               basis_document: str = "", today: dt.date | None = None) -> SchoolStatus:
    """Give a school a status for a year (or change the reason of the one it has)."""
    kind, source = str(kind), str(source)
    reason, basis_document = (reason or "").strip(), (basis_document or "").strip()
    errors = validate_status(kind, year, reason, source, today=today)
    if errors:
        raise _invalid(errors)
    with db.transaction() as session:
        if session.get(School, school_id) is None:
            raise NotFound(f"Школа не найдена (id {school_id}).")
        status = session.scalar(select(SchoolStatus).where(
            SchoolStatus.school_id == school_id, SchoolStatus.kind == kind, SchoolStatus.year == year))
        if status is None:
            status = SchoolStatus(school_id=school_id, kind=kind, year=year)
            session.add(status)
        status.reason = reason
        status.source = source
        status.basis_document = basis_document
        session.flush()
    log.info("school %s: status %s %s set (%s)", school_id, kind, year, source)
    return status


def remove_status(db: Database, status_id: int, *, reason: str,
                  today: dt.date | None = None) -> str:
    """Take a status away; the reason is kept in the school's notes. Returns the note line."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid([("reason", "Укажите, почему статус снимается.")])
    today = today or dt.date.today()
    with db.transaction() as session:
        status = session.get(SchoolStatus, status_id)
        if status is None:
            raise NotFound("Статус уже снят (запись не найдена).")
        school = status.school
        try:
            label = SchoolStatusKind(status.kind).label
        except ValueError:
            label = status.kind
        line = f"{russian.date_short(today)}: снят статус {label} за {status.year} г. Причина: {reason}"
        school.notes = f"{school.notes.rstrip()}\n{line}".lstrip("\n") if school.notes else line
        session.delete(status)
    log.info("status %s removed: %s", status_id, reason)
    return line


# --- district profile ------------------------------------------------------------------------------

def load_district_profile(db: Database) -> DistrictProfile:
    """The one profile row, or a new unsaved one with empty fields."""
    with db.session() as session:
        profile = session.scalar(select(DistrictProfile).order_by(DistrictProfile.id).limit(1))
        if profile is None:
            profile = DistrictProfile(**{field: "" for field in DISTRICT_FIELDS}, extra_municipalities=[])
        return profile


def save_district_profile(db: Database, raw: Mapping[str, Any]) -> DistrictProfile:
    """Create or update the district profile; raises :class:`ValidationError`."""
    values, errors = clean_district(raw)
    if errors:
        raise _invalid(errors)
    with db.transaction() as session:
        profile = session.scalar(select(DistrictProfile).order_by(DistrictProfile.id).limit(1))
        if profile is None:
            profile = DistrictProfile()
            session.add(profile)
        for field, value in values.items():
            setattr(profile, field, value)
    log.info("district profile saved")
    return profile
