"""Restoring the database from a backup: the file is checked (a sound database of this program at
a known schema version), the current state backed up first, then the copy is brought to head."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from .backup import REQUIRED_TABLES, BackupError, _copy, backup_database
from .database import Database, read_only_uri
from .migrations import known_revisions, upgrade_to_head

log = logging.getLogger(__name__)

def check_backup(backup_file: Path) -> None:
    """Refuse (BackupError) anything but a sound database of this program at a known schema version.

    The file is opened read-only: a missing path is never created as an empty database.
    """
    path = Path(backup_file)
    refused = f"База не восстановлена из «{path}»"
    if not path.is_file():
        raise BackupError(f"{refused}: файл не найден.")
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            if con.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"{refused}: файл повреждён.")
            tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not set(REQUIRED_TABLES) <= tables:
                raise BackupError(f"{refused}: это не резервная копия базы ШНОР Desktop.")
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        log.info("refused restore from %s: %s", path, exc)
        raise BackupError(f"{refused}: файл не является базой данных SQLite.") from exc
    if revision is None or revision[0] not in known_revisions():
        version = revision[0] if revision else "не указана"
        raise BackupError(f"{refused}: копия создана более новой версией программы "
                          f"(версия схемы {version}); обновите ШНОР Desktop.")


def restore_database(db: Database, backup_file: Path, backups_dir: Path) -> Path:
    """Replace the live database with a backup; the current state is backed up first.

    The backup is checked first (:func:`check_backup`): a bad file raises BackupError and
    changes nothing; so does a database that cannot be written (ReadOnlyError). A backup of an
    older schema version is upgraded after the restore.
    """
    db.require_writable()
    check_backup(backup_file)
    safety = backup_database(db, backups_dir, reason="before-restore")
    target = db.sqlite_file
    assert target is not None
    db.engine.dispose()
    _copy(backup_file, target)
    db.engine.dispose()
    upgrade_to_head(db)
    return safety
