"""The journal of generated documents, and application settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Entity


class GeneratedDocument(Entity):
    __tablename__ = "generated_document"

    kind: Mapped[str] = mapped_column(String(50), index=True)  # agreement, order-partners…
    number: Mapped[str] = mapped_column(String(50), default="")
    year: Mapped[int] = mapped_column(Integer)
    doc_date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(1000), default="")
    file_path: Mapped[str] = mapped_column(String(2000), default="")  # relative to the data dir
    template: Mapped[str] = mapped_column(String(500), default="")
    sources: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"partnership": [3]}
    notes: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """A named setting with a JSON value (thresholds, indicators, mappings…)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
