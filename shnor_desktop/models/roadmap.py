"""The district roadmap (дорожная карта) of measures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity


class RoadmapItem(Entity):
    __tablename__ = "roadmap_item"

    roadmap: Mapped[str] = mapped_column(String(300), default="")  # e.g. «Дорожная карта 2024/25»
    position: Mapped[int] = mapped_column(Integer, default=0)
    task: Mapped[str] = mapped_column(Text, default="")  # задача / раздел
    measure: Mapped[str] = mapped_column(Text)  # мероприятие
    info_method: Mapped[str] = mapped_column(Text, default="")  # метод сбора информации
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    periodicity: Mapped[str] = mapped_column(String(300), default="")  # «ежегодно, сентябрь»
    responsible: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[str] = mapped_column(String(20), default="planned")  # WorkState
    evidence: Mapped[str] = mapped_column(String(1000), default="")  # приказ, протокол, справка
    evidence_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("generated_document.id", ondelete="SET NULL")
    )
