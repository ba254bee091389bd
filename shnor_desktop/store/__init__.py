"""Engine and sessions, migrations, backups, the demo district."""

from .database import Database, DatabaseError, DatabaseTooNew, open_database

__all__ = ["Database", "DatabaseError", "DatabaseTooNew", "open_database"]
