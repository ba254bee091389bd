"""The application context handed to the CLI, services and every widget."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .paths import AppPaths
from .store.database import Database, open_database

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
        url = database_url or paths.database_url
        db = open_database(url, backups_dir=paths.backups_dir)
        if daily_backup:
            from .store.backup import daily_backup as make_daily_backup

            try:
                make_daily_backup(db, paths.backups_dir)
            except OSError:
                log.exception("daily backup failed")  # the program still opens; logged for support
        return cls(paths=paths, db=db)

    def close(self) -> None:
        self.db.dispose()
