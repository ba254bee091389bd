"""Backups with SQLite's online backup API (never a file copy), with rotation."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import READ_ONLY_ADVICE
from ..paths import writable_dir
from .database import DatabaseError, ReadOnlyError, read_only_uri

if TYPE_CHECKING:
    from .database import Database

log = logging.getLogger(__name__)

BACKUP_PREFIX = "shnor-"
BACKUP_SUFFIX = ".sqlite3"
REQUIRED_TABLES = ("alembic_version", "school", "assessment_result")


class BackupError(DatabaseError):
    """A backup that cannot be restored; the message is Russian and says why (nothing was changed).

    A DatabaseError, so the window shows its text as it is."""


def _copy_from(source: sqlite3.Connection, dst: Path) -> None:
    try:
        target = sqlite3.connect(str(dst))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def _copy(src: Path, dst: Path) -> None:
    """Copy a backup file (read-only, wherever it is: a read-only disk too) onto ``dst``."""
    _copy_from(sqlite3.connect(read_only_uri(src), uri=True), dst)


def backup_database(db: Database, backups_dir: Path, reason: str = "manual") -> Path:
    """Write a consistent copy of the live database into ``backups_dir``.

    A backups folder that cannot be written raises ReadOnlyError (nothing is written); a database
    opened read-only is copied through its own read-only connection."""
    src = db.sqlite_file
    if src is None:
        raise ValueError("Резервное копирование файлом доступно только для базы SQLite.")
    with contextlib.suppress(OSError):
        backups_dir.mkdir(parents=True, exist_ok=True)
    if not writable_dir(backups_dir):
        raise ReadOnlyError(f"Резервная копия не сделана: папка «{backups_dir}» недоступна для записи. "
                            f"{READ_ONLY_ADVICE}")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"{BACKUP_PREFIX}{stamp}-{reason}{BACKUP_SUFFIX}"
    if src.exists():
        _copy_from(db.connect_sqlite(), target)
    else:
        sqlite3.connect(str(target)).close()
    return target


def list_backups(backups_dir: Path) -> list[Path]:
    """Newest first."""
    if not backups_dir.exists():
        return []
    return sorted(backups_dir.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}"), reverse=True)


def _stamp_date(path: Path) -> dt.date | None:
    try:
        return dt.datetime.strptime(path.name[len(BACKUP_PREFIX):len(BACKUP_PREFIX) + 8], "%Y%m%d").date()
    except ValueError:
        return None


def rotate_backups(backups_dir: Path, *, daily: int = 7, weekly: int = 8, monthly: int = 12) -> list[Path]:
    """Keep the newest backup of each of the last ``daily`` days, ``weekly`` ISO weeks and
    ``monthly`` months, plus every backup made before a migration or a restore; delete the rest.

    Returns the deleted files. Only files this module wrote (by name) are ever touched.
    """
    keep: set[Path] = set()
    days: dict[dt.date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    months: dict[tuple[int, int], Path] = {}
    for path in list_backups(backups_dir):  # newest first
        if "before-" in path.name:
            keep.add(path)
            continue
        day = _stamp_date(path)
        if day is None:
            keep.add(path)
            continue
        days.setdefault(day, path)
        iso = day.isocalendar()
        weeks.setdefault((iso[0], iso[1]), path)
        months.setdefault((day.year, day.month), path)
    keep |= {p for _d, p in sorted(days.items(), reverse=True)[:daily]}
    keep |= {p for _w, p in sorted(weeks.items(), reverse=True)[:weekly]}
    keep |= {p for _m, p in sorted(months.items(), reverse=True)[:monthly]}
    deleted = []
    for path in list_backups(backups_dir):
        if path not in keep:
            path.unlink()
            deleted.append(path)
    return deleted


def daily_backup(db: Database, backups_dir: Path, today: dt.date | None = None) -> Path | None:
    """Once a day on start: back up unless a backup was already made today; then rotate."""
    today = today or dt.date.today()
    if db.sqlite_file is None or not db.sqlite_file.exists():
        return None
    if db.read_only:  # this program cannot change it: nothing new to keep
        log.info("no daily backup: the database is read-only (%s)", db.read_only_reason)
        return None
    if any(_stamp_date(p) == today for p in list_backups(backups_dir)):
        return None
    path = backup_database(db, backups_dir, reason="daily")
    deleted = rotate_backups(backups_dir)
    log.info("daily backup %s; rotated away %d old copies", path, len(deleted))
    return path
