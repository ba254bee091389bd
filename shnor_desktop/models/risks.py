"""Risk profiles of schools, anti-risk measures, school programmes and their expert assessment.

The federal practice («500+») describes each ШНОР by a **risk profile** — every risk factor of an
editable reference list with its level — and answers each high or medium risk with measures.
Schools also keep programmes (перехода в эффективный режим работы, антирисковая…) whose files
live in the data folder's ``attachments`` and which the district assesses.

Factors are never deleted, only renamed or retired: profiles keep pointing at the factor row, so
a profile of 2021 still shows its factor after the list changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Entity
from .enums import LabelledEnum
from .school import School

# --- vocabularies -------------------------------------------------------------------------------


class RiskLevel(LabelledEnum):
    HIGH = "high", "высокий"
    MEDIUM = "medium", "средний"
    LOW = "low", "низкий"
    NONE = "none", "нет"

    @property
    def rank(self) -> int:
        """0 for «нет» … 3 for «высокий»: a higher rank is a worse risk."""
        return {"none": 0, "low": 1, "medium": 2, "high": 3}[self.value]


class RiskSource(LabelledEnum):
    SELF_DIAGNOSIS = "self_diagnosis", "самодиагностика"
    SURVEY = "survey", "анкетирование"
    VISIT = "visit", "методический выезд"
    RESULTS = "results", "анализ результатов"


class ProgrammeKind(LabelledEnum):
    TRANSITION = "transition", "программа перехода в эффективный режим работы"
    ANTI_RISK = "anti_risk", "антирисковая программа"
    DEVELOPMENT = "development", "концепция развития"
    PARTNERSHIP_PLAN = "partnership_plan", "план партнёрства"
    OTHER = "other", "другое"


class ExpertVerdict(LabelledEnum):
    APPROVED = "approved", "одобрена"
    REVISE = "revise", "направлена на доработку"
    REJECTED = "rejected", "не одобрена"


# --- tables -------------------------------------------------------------------------------------


class RiskFactor(Entity):
    """One factor of the reference list; ``list_year`` is the edition of the list it came with."""

    __tablename__ = "risk_factor"

    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    list_year: Mapped[int] = mapped_column(Integer)  # редакция перечня (год), e.g. 2021
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    retired_year: Mapped[int | None] = mapped_column(Integer)  # the last year it was assessed
    # earlier names, oldest first: [{"name": "…", "until": "2024-09-01"}]
    former_names: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class RiskAssessment(Entity):
    """A school's level of one risk factor in one year (a row of its risk profile)."""

    __tablename__ = "risk_assessment"
    __table_args__ = (UniqueConstraint("school_id", "year", "factor_id"),)

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    factor_id: Mapped[int] = mapped_column(ForeignKey("risk_factor.id", ondelete="RESTRICT"))
    level: Mapped[str] = mapped_column(String(10))  # RiskLevel
    source: Mapped[str] = mapped_column(String(20), default="")  # RiskSource or ''
    comment: Mapped[str] = mapped_column(Text, default="")

    school: Mapped[School] = relationship()
    factor: Mapped[RiskFactor] = relationship()


class AntiRiskMeasure(Entity):
    """A measure answering a school's risk in a year (антирисковая мера)."""

    __tablename__ = "anti_risk_measure"

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    factor_id: Mapped[int] = mapped_column(ForeignKey("risk_factor.id", ondelete="RESTRICT"))
    action: Mapped[str] = mapped_column(Text)  # что делается
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(500), default="")
    indicator: Mapped[str] = mapped_column(Text, default="")  # показатель успеха
    state: Mapped[str] = mapped_column(String(20), default="planned")  # WorkState
    result: Mapped[str] = mapped_column(Text, default="")

    school: Mapped[School] = relationship()
    factor: Mapped[RiskFactor] = relationship()


class SchoolProgramme(Entity):
    """A school's programme or document; its file is kept under the data folder's attachments."""

    __tablename__ = "school_programme"

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # ProgrammeKind
    title: Mapped[str] = mapped_column(String(1000))
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    approved_by: Mapped[str] = mapped_column(String(500), default="")  # «приказ директора № 45»
    edition: Mapped[str] = mapped_column(String(50), default="")  # версия документа: «2», «2024-1»
    file_path: Mapped[str] = mapped_column(String(2000), default="")  # relative to attachments_dir
    original_name: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    school: Mapped[School] = relationship()
    assessments: Mapped[list[ExpertAssessment]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="ExpertAssessment.date"
    )


class ExpertAssessment(Entity):
    """The district's expert assessment of a school programme."""

    __tablename__ = "expert_assessment"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("school_programme.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date)
    expert: Mapped[str] = mapped_column(String(500), default="")
    verdict: Mapped[str] = mapped_column(String(20))  # ExpertVerdict
    remarks: Mapped[str] = mapped_column(Text, default="")

    programme: Mapped[SchoolProgramme] = relationship(back_populates="assessments")
