"""Recording every ORM change of an editable record into the audit trail.

Installed on the session factory: after each flush, inserts, updates (with old and new
values of the changed fields) and deletes of :class:`~..models.Entity` rows are written in
the same transaction, with the OS user name. Bulk Core writes (result imports) are recorded
by their ImportBatch instead.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from ..models import AuditEntry, Entity

log = logging.getLogger(__name__)
_SKIP = {"created_at", "updated_at", "version"}


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment (services, containers)
        return "неизвестный пользователь"


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


def _changes(obj: Entity) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIP:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                out[attr.key] = [_plain(old), _plain(new)]
    return out


def _snapshot(obj: Entity) -> dict[str, list[Any]]:
    state = inspect(obj)
    return {a.key: [None, _plain(getattr(obj, a.key))] for a in state.mapper.column_attrs
            if a.key not in _SKIP and getattr(obj, a.key) not in (None, "")}


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.dirty:
        if isinstance(obj, Entity) and session.is_modified(obj, include_collections=False):
            changes = _changes(obj)
            if changes:
                pending.append(("update", obj, changes))
    for obj in session.deleted:
        if isinstance(obj, Entity):
            pending.append(("delete", obj, {k: [v[1], None] for k, v in _snapshot(obj).items()}))
    session.info["audit_new"] = [o for o in session.new if isinstance(o, Entity)]


def _after_flush(session: Session, _context: Any) -> None:
    now = dt.datetime.now()
    user = session.info.get("audit_user") or os_user()
    rows = []
    for obj in session.info.pop("audit_new", []):
        rows.append(dict(at=now, user=user, table_name=obj.__tablename__, record_id=obj.id,
                         action="insert", changes=_snapshot(obj)))
    for action, obj, changes in session.info.pop("audit_pending", []):
        rows.append(dict(at=now, user=user, table_name=obj.__tablename__,
                         record_id=inspect(obj).identity[0] if inspect(obj).identity else None,
                         action=action, changes=changes))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)


def history(session: Session, table_name: str, record_id: int) -> list[AuditEntry]:
    """Newest first."""
    stmt = (select(AuditEntry).where(AuditEntry.table_name == table_name,
                                     AuditEntry.record_id == record_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))
    return list(session.scalars(stmt))
