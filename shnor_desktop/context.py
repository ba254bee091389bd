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
    def open(cls, data_dir: str | Path | None = None, database_url: str | None = None) -> AppContext:
        paths = AppPaths.create(data_dir)
        url = database_url or paths.database_url
        db = open_database(url, backups_dir=paths.backups_dir)
        return cls(paths=paths, db=db)

    def close(self) -> None:
        self.db.dispose()
