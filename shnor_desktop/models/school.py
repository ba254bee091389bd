"""Schools of the registry, their status history and yearly context answers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Entity

_LOGIN_DIGITS = re.compile(r"([a-z]*)(\d{4,})", re.IGNORECASE)
# sch (until 2021) and edu (since 2022) number the same general-education schools; other
# prefixes are separate numberings reusing the same digits (ksh220028, a special boarding
# school, is not sch220028; spo220002 is a college), so they stay part of the key.
_SAME_SCHOOL_PREFIXES = {"", "sch", "edu"}


def login_number(login: str | None) -> str | None:
    """The key of a ФИС ОКО login: ``sch223144`` and ``edu223144`` are one school (``223144``);
    ``ksh220028`` keeps its prefix."""
    if not login:
        return None
    match = _LOGIN_DIGITS.search(str(login).strip())
    if not match:
        return None
    prefix, digits = match.group(1).lower(), match.group(2)
    return digits if prefix in _SAME_SCHOOL_PREFIXES else prefix + digits


class School(Entity):
    __tablename__ = "school"

    fis_login: Mapped[str | None] = mapped_column(String(50))
    login_number: Mapped[str | None] = mapped_column(String(20), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(1000))
    short_name: Mapped[str] = mapped_column(String(300), index=True)
    # the names as the imported file wrote them (МБОУ "СОШ №12"), kept for matching; the names
    # above are typeset once, at import (МБОУ «СОШ № 12»)
    full_name_source: Mapped[str] = mapped_column(String(1000), default="")
    short_name_source: Mapped[str] = mapped_column(String(300), default="")
    legal_form: Mapped[str] = mapped_column(String(20), default="")  # МБОУ, МКОУ, МАОУ…
    kind: Mapped[str] = mapped_column(String(30), default="")  # СОШ, ООШ, НОШ, гимназия, лицей…
    inn: Mapped[str] = mapped_column(String(12), default="")
    municipality: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    address: Mapped[str] = mapped_column(String(1000), default="")
    settlement: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    director_name: Mapped[str] = mapped_column(String(300), default="")
    director_position: Mapped[str] = mapped_column(String(300), default="директор")
    director_gender: Mapped[str | None] = mapped_column(String(1))  # 'm' / 'f' / unknown
    director_basis: Mapped[str] = mapped_column(String(300), default="Устава")

    licence_date: Mapped[dt.date | None] = mapped_column(Date)
    licence_series: Mapped[str] = mapped_column(String(50), default="")
    licence_number: Mapped[str] = mapped_column(String(50), default="")
    licence_reg_number: Mapped[str] = mapped_column(String(50), default="")
    licence_issuer: Mapped[str] = mapped_column(String(500), default="")
    accreditation_date: Mapped[dt.date | None] = mapped_column(Date)
    accreditation_series: Mapped[str] = mapped_column(String(50), default="")
    accreditation_number: Mapped[str] = mapped_column(String(50), default="")
    accreditation_reg_number: Mapped[str] = mapped_column(String(50), default="")
    accreditation_issuer: Mapped[str] = mapped_column(String(500), default="")
    accreditation_valid_until: Mapped[dt.date | None] = mapped_column(Date)

    is_rural: Mapped[bool | None] = mapped_column(Boolean)
    pupils: Mapped[int | None] = mapped_column(Integer)
    teachers: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    statuses: Mapped[list[SchoolStatus]] = relationship(
        back_populates="school", cascade="all, delete-orphan", order_by="SchoolStatus.year"
    )
    contexts: Mapped[list[SchoolContext]] = relationship(
        back_populates="school", cascade="all, delete-orphan", order_by="SchoolContext.year"
    )

    def statuses_in(self, year: int) -> list[SchoolStatus]:
        return [s for s in self.statuses if s.year == year]

    def __repr__(self) -> str:
        return f"School({self.id}, {self.fis_login}, {self.short_name!r})"


class SchoolStatus(Entity):
    """ШНОР / ШНСУ / школа-лидер for one year, with the reason and who decided it."""

    __tablename__ = "school_status"
    __table_args__ = (UniqueConstraint("school_id", "kind", "year"),)

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # SchoolStatusKind
    year: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="decision")  # StatusSource
    basis_document: Mapped[str] = mapped_column(String(500), default="")

    school: Mapped[School] = relationship(back_populates="statuses")


class SchoolContext(Entity):
    """A school's context-form answers for one year (social conditions, counts)."""

    __tablename__ = "school_context"
    __table_args__ = (UniqueConstraint("school_id", "year", "source"),)

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(100), default="")  # file or form the answers came from
    settlement_type: Mapped[str] = mapped_column(String(300), default="")
    settlement_size: Mapped[str] = mapped_column(String(100), default="")
    transport: Mapped[str] = mapped_column(String(500), default="")
    pupils: Mapped[int | None] = mapped_column(Integer)
    teachers: Mapped[int | None] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    school: Mapped[School] = relationship(back_populates="contexts")
