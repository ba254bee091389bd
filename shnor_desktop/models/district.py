"""The district (education authority) this installation serves."""

from __future__ import annotations

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity


class DistrictProfile(Entity):
    """One row: who we are, printed on every order and note."""

    __tablename__ = "district_profile"

    authority_full_name: Mapped[str] = mapped_column(String(500), default="")
    authority_short_name: Mapped[str] = mapped_column(String(200), default="")
    head_name: Mapped[str] = mapped_column(String(200), default="")
    head_position: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    # "Our" municipality when a file covers a whole region: its name as files write it
    # (e.g. «г. Бийск», «Целинный муниципальный район») and its ФИС ОКО code (reg22_m056).
    municipality_name: Mapped[str] = mapped_column(String(300), default="")
    municipality_code: Mapped[str] = mapped_column(String(50), default="")
    # a city district with its own list: further municipalities that are also "ours"
    extra_municipalities: Mapped[list[str]] = mapped_column(JSON, default=list)
    # the region the files cover («Алтайский край»): names the second comparison level
    region_name: Mapped[str] = mapped_column(String(300), default="")
    executor_name: Mapped[str] = mapped_column(String(200), default="")
    executor_phone: Mapped[str] = mapped_column(String(100), default="")
