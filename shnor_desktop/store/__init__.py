"""Engine and sessions, migrations, backups and restore, settings."""

from .database import Database, DatabaseError, DatabaseTooNew
from .migrations import open_database

__all__ = ["Database", "DatabaseError", "DatabaseTooNew", "open_database"]
