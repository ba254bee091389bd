"""The program's settings kept as JSON in the ``setting`` table (analytics, import limits, the window)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..models import Setting
from .database import Database


def read_setting(session: Session, key: str) -> Any | None:
    row = session.get(Setting, key)
    return None if row is None else row.value


def write_setting(db: Database, key: str, value: Any) -> None:
    """Insert or replace one setting in its own transaction."""
    with db.transaction() as session:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value
