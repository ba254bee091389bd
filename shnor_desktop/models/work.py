"""Partnerships, mentoring and support assignments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Entity
from .people import Person
from .school import School


class Partnership(Entity):
    """Школа 1 (leader) helps Школа 2 (supported) under an agreement."""

    __tablename__ = "partnership"
    __table_args__ = (CheckConstraint("leader_school_id <> supported_school_id", name="not_self"),)

    leader_school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"))
    supported_school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"))
    number: Mapped[str] = mapped_column(String(50), default="")
    agreement_date: Mapped[dt.date | None] = mapped_column(Date)
    city: Mapped[str] = mapped_column(String(200), default="")
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="draft")  # AgreementState
    notes: Mapped[str] = mapped_column(Text, default="")

    leader: Mapped[School] = relationship(foreign_keys=[leader_school_id])
    supported: Mapped[School] = relationship(foreign_keys=[supported_school_id])
    plan_items: Mapped[list[PartnershipPlanItem]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan",
        order_by="PartnershipPlanItem.date_from",
    )


class PartnershipPlanItem(Entity):
    """One measure of a partnership's joint plan."""

    __tablename__ = "partnership_plan_item"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30), default="seminar")  # PlanItemKind
    title: Mapped[str] = mapped_column(String(1000))
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(500), default="")
    participants: Mapped[str] = mapped_column(String(1000), default="")
    state: Mapped[str] = mapped_column(String(20), default="planned")  # WorkState
    result: Mapped[str] = mapped_column(Text, default="")

    partnership: Mapped[Partnership] = relationship(back_populates="plan_items")


class MentoringPair(Entity):
    """школа-школе, руководитель-руководителю or учитель-учителю."""

    __tablename__ = "mentoring_pair"

    kind: Mapped[str] = mapped_column(String(20))  # MentoringKind
    mentor_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"))
    mentee_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"))
    mentor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    mentee_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    goals: Mapped[str] = mapped_column(Text, default="")
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="in_progress")  # WorkState
    result: Mapped[str] = mapped_column(Text, default="")

    mentor_school: Mapped[School | None] = relationship(foreign_keys=[mentor_school_id])
    mentee_school: Mapped[School | None] = relationship(foreign_keys=[mentee_school_id])
    mentor: Mapped[Person | None] = relationship(foreign_keys=[mentor_person_id])
    mentee: Mapped[Person | None] = relationship(foreign_keys=[mentee_person_id])


class SupportAssignment(Entity):
    """A curator, mentor, tutor or the municipal coordinator assigned to a school."""

    __tablename__ = "support_assignment"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(20))  # SupportRole
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(500), default="")

    person: Mapped[Person] = relationship()
    school: Mapped[School | None] = relationship()


class ProfessionalDeficit(Entity):
    """A teacher's professional difficulty (реестр затруднений педагогов)."""

    __tablename__ = "professional_deficit"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(String(1000))
    found_by: Mapped[str] = mapped_column(String(20), default="diagnostic")  # DeficitSource
    found_on: Mapped[dt.date | None] = mapped_column(Date)
    score_before: Mapped[float | None] = mapped_column(Float)
    score_after: Mapped[float | None] = mapped_column(Float)
    overcome: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    overcome_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()


class Course(Entity):
    """A course of повышение квалификации taken by a person."""

    __tablename__ = "course"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(1000))
    hours: Mapped[float | None] = mapped_column(Float)
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    provider: Mapped[str] = mapped_column(String(500), default="")
    certificate: Mapped[str] = mapped_column(String(200), default="")

    person: Mapped[Person] = relationship()
