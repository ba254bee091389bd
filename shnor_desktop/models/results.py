"""Assessment results aggregated per school × year × procedure × grade × subject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Entity


class ImportBatch(Entity):
    """One imported file: re-importing the same key replaces the batch's rows."""

    __tablename__ = "import_batch"

    kind: Mapped[str] = mapped_column(String(50))  # vpr_2021, context_2022, table…
    key: Mapped[str] = mapped_column(String(300), index=True)  # what "the same file" means
    file_name: Mapped[str] = mapped_column(String(1000))
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_written: Mapped[int] = mapped_column(Integer, default=0)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AssessmentResult(Base):
    """School-level aggregate; no pupil rows are stored. Bulk-written, so no ORM version."""

    __tablename__ = "assessment_result"
    __table_args__ = (
        UniqueConstraint(
            "school_id", "year", "procedure", "grade", "subject", "session",
            name="uq_assessment_result_slice",
        ),
        # covering index for the district-level aggregates
        Index(
            "ix_assessment_result_slice",
            "year", "procedure", "grade", "subject", "school_id", "participants",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    procedure: Mapped[str] = mapped_column(String(20))  # Procedure
    grade: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(100))
    session: Mapped[str] = mapped_column(String(30), default="")  # весна / осень / ''
    participants: Mapped[int | None] = mapped_column(Integer)
    absent: Mapped[int | None] = mapped_column(Integer)
    mark2: Mapped[int | None] = mapped_column(Integer)
    mark3: Mapped[int | None] = mapped_column(Integer)
    mark4: Mapped[int | None] = mapped_column(Integer)
    mark5: Mapped[int | None] = mapped_column(Integer)
    mean_score: Mapped[float | None] = mapped_column(Float)
    median_score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    kv: Mapped[float | None] = mapped_column(Float)  # коэффициент выполнения, 0..1
    share_below_min: Mapped[float | None] = mapped_column(Float)  # 0..1
    share_80plus: Mapped[float | None] = mapped_column(Float)  # 0..1
    no_attestat: Mapped[int | None] = mapped_column(Integer)
    journal_lower: Mapped[int | None] = mapped_column(Integer)  # понизили
    journal_same: Mapped[int | None] = mapped_column(Integer)  # подтвердили
    journal_higher: Mapped[int | None] = mapped_column(Integer)  # повысили
    # participants per primary score and journal mark ({"7|4": 3, "7.5|0": 1}; 0: no journal mark):
    # marks are recounted from it when a scale is entered or corrected later, with no re-import
    # and no pupil rows stored
    score_counts: Mapped[dict[str, int] | None] = mapped_column(JSON)
    # shares named by the user when mapping a table («доля выполнивших 50 % заданий»): name -> 0..1
    shares: Mapped[dict[str, float] | None] = mapped_column(JSON)

    tasks: Mapped[list[TaskResult]] = relationship(
        back_populates="result", cascade="all, delete-orphan", passive_deletes=True
    )


class TaskResult(Base):
    """Share of the maximum achieved on one task of a test, per school."""

    __tablename__ = "task_result"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    result_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_result.id", ondelete="CASCADE"), index=True
    )
    task: Mapped[str] = mapped_column(String(50))
    max_points: Mapped[float | None] = mapped_column(Float)
    completion: Mapped[float | None] = mapped_column(Float)  # 0..1

    result: Mapped[AssessmentResult] = relationship(back_populates="tasks")


class GradingScale(Entity):
    """Шкала перевода первичных баллов в отметки for one year × procedure × grade × subject."""

    __tablename__ = "grading_scale"
    __table_args__ = (UniqueConstraint("procedure", "year", "grade", "subject", "variant"),)

    procedure: Mapped[str] = mapped_column(String(20), default="VPR")
    year: Mapped[int] = mapped_column(Integer)
    grade: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(100))
    variant: Mapped[str] = mapped_column(String(50), default="")
    max_score: Mapped[float | None] = mapped_column(Float)
    # the lowest primary score of «3», «4», «5»; empty while only the maxima are known
    min3: Mapped[float | None] = mapped_column(Float)
    min4: Mapped[float | None] = mapped_column(Float)
    min5: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(500), default="")
    # the maximum of each task, in order ({"1": 1, "2": 2, "5.1": 1}); None when unknown
    task_max: Mapped[dict[str, float] | None] = mapped_column(JSON)


class ReferenceResult(Base):
    """A result of a level above the district (the region) for one slice, computed from a whole
    regional file when it is imported, although only the district's schools are kept."""

    __tablename__ = "reference_result"
    __table_args__ = (
        UniqueConstraint("level", "year", "procedure", "grade", "subject", "session",
                         name="uq_reference_result_slice"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(20), default="region")
    name: Mapped[str] = mapped_column(String(300), default="")  # «Алтайский край»
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    procedure: Mapped[str] = mapped_column(String(20))
    grade: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(100))
    session: Mapped[str] = mapped_column(String(30), default="")
    schools: Mapped[int] = mapped_column(Integer, default=0)
    municipalities: Mapped[int] = mapped_column(Integer, default=0)
    participants: Mapped[int | None] = mapped_column(Integer)
    absent: Mapped[int | None] = mapped_column(Integer)
    mark2: Mapped[int | None] = mapped_column(Integer)
    mark3: Mapped[int | None] = mapped_column(Integer)
    mark4: Mapped[int | None] = mapped_column(Integer)
    mark5: Mapped[int | None] = mapped_column(Integer)
    mean_score: Mapped[float | None] = mapped_column(Float)
    median_score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    kv: Mapped[float | None] = mapped_column(Float)
    score_counts: Mapped[dict[str, int] | None] = mapped_column(JSON)
