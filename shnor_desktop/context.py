"""The application context handed to the CLI, services and every widget."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .paths import AppPaths, configured_database_url
from .store.backup import daily_backup
from .store.database import Database, DatabaseError
from .store.migrations import open_database

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: AppPaths
    db: Database

    @classmethod
    def open(
        cls, data_dir: str | Path | None = None, database_url: str | None = None,
        *, daily_backup: bool = True,
    ) -> AppContext:
        paths = AppPaths.create(data_dir)
        url = database_url or configured_database_url(paths) or paths.database_url
        db = open_database(url, backups_dir=paths.backups_dir)
        ctx = cls(paths=paths, db=db)
        if daily_backup:
            ctx.make_daily_backup()
        return ctx

    def make_daily_backup(self) -> None:
        """The first start of a day keeps a copy of the database (``store.backup.daily_backup``).
        A failure does not stop the program: it is logged for support (one line on the CLI's stderr).
        The window runs this in the background once it is on screen; the CLI before its command."""
        try:
            daily_backup(self.db, self.paths.backups_dir)
        except (OSError, sqlite3.Error, DatabaseError) as exc:
            log.warning("daily backup failed: %s", exc, exc_info=True)

    def close(self) -> None:
        self.db.dispose()
