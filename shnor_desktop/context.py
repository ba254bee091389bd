"""The application context handed to the CLI, services and every widget."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .paths import AppPaths, configured_database_url
from .store.database import Database, DatabaseError
from .store.migrations import open_database

log = logging.getLogger(__name__)

__all__ = ["AppContext", "configured_database_url"]


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
        if daily_backup:
            from .store.backup import daily_backup as make_daily_backup

            try:
                make_daily_backup(db, paths.backups_dir)
            except (OSError, sqlite3.Error, DatabaseError) as exc:
                # the program still opens; logged for support (one line on the CLI's stderr)
                log.warning("daily backup failed: %s", exc, exc_info=True)
        return cls(paths=paths, db=db)

    def close(self) -> None:
        self.db.dispose()
