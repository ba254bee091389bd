"""Backups with SQLite's online backup API (never a file copy), with rotation."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .database import Database

log = logging.getLogger(__name__)

BACKUP_PREFIX = "shnor-"
BACKUP_SUFFIX = ".sqlite3"


def _copy(src: Path, dst: Path) -> None:
    source = sqlite3.connect(str(src))
    try:
        target = sqlite3.connect(str(dst))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def backup_database(db: Database, backups_dir: Path, reason: str = "manual") -> Path:
    """Write a consistent copy of the live database into ``backups_dir``."""
    src = db.sqlite_file
    if src is None:
        raise ValueError("Резервное копирование файлом доступно только для базы SQLite.")
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"{BACKUP_PREFIX}{stamp}-{reason}{BACKUP_SUFFIX}"
    if src.exists():
        _copy(src, target)
    else:
        sqlite3.connect(str(target)).close()
    return target


def list_backups(backups_dir: Path) -> list[Path]:
    """Newest first."""
    if not backups_dir.exists():
        return []
    return sorted(backups_dir.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}"), reverse=True)


def restore_database(db: Database, backup_file: Path, backups_dir: Path) -> Path:
    """Replace the live database with a backup; the current state is backed up first."""
    safety = backup_database(db, backups_dir, reason="before-restore")
    target = db.sqlite_file
    assert target is not None
    db.engine.dispose()
    _copy(backup_file, target)
    db.engine.dispose()
    return safety
