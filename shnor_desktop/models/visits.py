"""Methodical visits (методические выезды) and what they leave behind."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Entity
from .people import Person
from .school import School


class MethodicalVisit(Entity):
    __tablename__ = "methodical_visit"

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(1000), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="planned")  # VisitState
    acquainted: Mapped[str] = mapped_column(String(300), default="")  # «Со справкой ознакомлен(а)»

    school: Mapped[School] = relationship()
    members: Mapped[list[VisitMember]] = relationship(
        back_populates="visit", cascade="all, delete-orphan"
    )
    lessons: Mapped[list[ObservedLesson]] = relationship(
        back_populates="visit", cascade="all, delete-orphan"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="visit", cascade="all, delete-orphan"
    )


class VisitMember(Entity):
    __tablename__ = "visit_member"

    visit_id: Mapped[int] = mapped_column(ForeignKey("methodical_visit.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[str] = mapped_column(String(300), default="")

    visit: Mapped[MethodicalVisit] = relationship(back_populates="members")
    person: Mapped[Person | None] = relationship()


class ObservedLesson(Entity):
    __tablename__ = "observed_lesson"

    visit_id: Mapped[int] = mapped_column(ForeignKey("methodical_visit.id", ondelete="CASCADE"))
    teacher_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    teacher_name: Mapped[str] = mapped_column(String(300), default="")
    class_name: Mapped[str] = mapped_column(String(20), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(String(1000), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")

    visit: Mapped[MethodicalVisit] = relationship(back_populates="lessons")
    teacher: Mapped[Person | None] = relationship()


class Recommendation(Entity):
    __tablename__ = "recommendation"

    visit_id: Mapped[int] = mapped_column(ForeignKey("methodical_visit.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    addressee: Mapped[str] = mapped_column(String(300), default="")
    responsible: Mapped[str] = mapped_column(String(300), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    check_note: Mapped[str] = mapped_column(Text, default="")

    visit: Mapped[MethodicalVisit] = relationship(back_populates="recommendations")
