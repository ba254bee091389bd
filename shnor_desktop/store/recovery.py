"""Recovering from a damaged database file without losing anything.

The damaged file is never deleted: it is renamed aside (``*.damaged-<time>``) together with
its WAL and SHM files, and the chosen backup is copied in with the SQLite backup API.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from .backup import list_backups
from .database import DatabaseError, read_only_uri

log = logging.getLogger(__name__)


def is_healthy(path: Path) -> bool:
    """True when SQLite opens the file and ``PRAGMA quick_check`` says ok (read-only, wherever
    the file is: a backup on a read-only disk is as healthy as any)."""
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return bool(con.execute("PRAGMA quick_check").fetchone() == ("ok",))
        finally:
            con.close()
    except (sqlite3.DatabaseError, DatabaseError):
        return False


def latest_good_backup(backups_dir: Path) -> Path | None:
    for path in list_backups(backups_dir):
        if is_healthy(path):
            return path
    return None


def recover_from_backup(database_file: Path, backup_file: Path) -> Path:
    """Move the damaged database aside and put the backup in its place. Returns the moved file."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = database_file.with_name(f"{database_file.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm"):
        extra = database_file.with_name(database_file.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    if database_file.exists():
        database_file.rename(aside)
    source = sqlite3.connect(read_only_uri(backup_file), uri=True)
    try:
        target = sqlite3.connect(str(database_file))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    log.warning("database %s restored from %s; damaged file kept as %s", database_file, backup_file, aside)
    return aside
