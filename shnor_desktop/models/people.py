"""People the district works with, and corrected forms of names in cases."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Entity
from .school import School


class Person(Entity):
    """A teacher, director, methodist, mentor, curator or tutor."""

    __tablename__ = "person"

    last_name: Mapped[str] = mapped_column(String(100), index=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str | None] = mapped_column(String(1))
    category: Mapped[str] = mapped_column(String(20), default="teacher")  # PersonCategory
    position: Mapped[str] = mapped_column(String(300), default="")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"))
    organisation: Mapped[str] = mapped_column(String(300), default="")  # when not a school
    subjects: Mapped[str] = mapped_column(String(500), default="")
    qualification: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    school: Mapped[School | None] = relationship()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def __repr__(self) -> str:
        return f"Person({self.id}, {self.full_name!r})"


class NameForms(Entity):
    """Declined forms of a full name or a position, as corrected by the user.

    Keyed by the nominative text, so a correction made once (for a director in the
    registry or a person in the mentoring list) is used in every later document.
    """

    __tablename__ = "name_forms"

    nominative: Mapped[str] = mapped_column(String(300), unique=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    genitive: Mapped[str] = mapped_column(String(300), default="")
    dative: Mapped[str] = mapped_column(String(300), default="")
    accusative: Mapped[str] = mapped_column(String(300), default="")
    instrumental: Mapped[str] = mapped_column(String(300), default="")
