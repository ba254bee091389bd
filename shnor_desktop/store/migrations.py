"""Schema migrations with Alembic, shipped as package data.

A new database is migrated from empty to head. An existing one written by an
older version is backed up (SQLite backup API) and then upgraded. A database
whose revision this program does not know was written by a newer version: it is
refused, untouched. So is an older one that cannot be written (read-only file or
folder): it can be neither backed up nor upgraded.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import READ_ONLY_ADVICE
from .backup import backup_database
from .database import Database, DatabaseError, DatabaseTooNew, ReadOnlyError, connect

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

ALEMBIC_DIR = Path(__file__).resolve().parent / "alembic"

# The newest revision in alembic/versions. Checked against Alembic by a test; lets a start
# on an up-to-date database skip importing Alembic at all (~0.1 s of the start-up budget).
HEAD_REVISION = "0003"


def alembic_config(url: str | None = None) -> Config:
    # heavy: Alembic loads only when the schema needs it (start-up budget)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    # heavy: Alembic loads only when the schema needs it (start-up budget)
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision this program's migrations know (a database at any other was written by a newer one)."""
    # heavy: Alembic loads only when the schema needs it (start-up budget)
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    # heavy: Alembic loads only when the schema needs it (start-up budget)
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _has_tables(db: Database) -> bool:
    return bool(inspect(db.engine).get_table_names())


def _fast_revision(db: Database) -> str | None:
    """The stored revision read with plain SQL (no Alembic import); None if not readable."""
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def upgrade_to_head(db: Database) -> None:
    if _fast_revision(db) == HEAD_REVISION:
        return
    # heavy: Alembic loads only when the schema needs it (start-up budget)
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    try:
        current = current_revision(db)
    except Exception as exc:  # sqlite3.DatabaseError: file is not a database
        raise DatabaseError(
            "Файл базы данных повреждён или не является базой данных ШНОР Desktop."
        ) from exc
    if current == head:
        return
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise DatabaseTooNew(
                "База данных создана более новой версией программы "
                f"(версия схемы {current}). Обновите ШНОР Desktop; база не изменена."
            )
    if db.read_only:  # neither the backup before migrating nor the migration can be written
        state = ("записана более ранней версией программы, и её структуру нужно обновить"
                 if current is not None or _has_tables(db) else "пуста, и в ней нужно создать таблицы")
        raise ReadOnlyError(f"База данных «{db.sqlite_file}» {state}, но {db.read_only_reason}: "
                            f"сделать копию и обновить базу нельзя, база не изменена. {READ_ONLY_ADVICE}")
    backup = None
    if (current is not None or _has_tables(db)) and db.is_sqlite and db.backups_dir is not None:
        backup = backup_database(db, db.backups_dir, reason="before-migration")
        log.info("backed up before migrating %s -> %s: %s", current, head, backup)
    log.info("migrating database from %s to %s", current, head)
    config = alembic_config(db.url)
    try:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except Exception as exc:
        log.exception("migration failed")
        where = f" Копия базы до обновления: {backup}." if backup else ""
        raise DatabaseError(
            f"Не удалось обновить структуру базы данных: {exc.__class__.__name__}.{where} "
            "База не изменена; обратитесь к разработчикам, приложив журнал программы."
        ) from exc


def open_database(url: str, backups_dir: Path | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and bring the schema to head, backing up first.

    A SQLite file that cannot be written is opened read-only (``Database.read_only_reason``);
    one that cannot be read, or created, is refused with :class:`ReadOnlyError`.
    """
    db = connect(url, backups_dir)
    if migrate:
        upgrade_to_head(db)
    return db
