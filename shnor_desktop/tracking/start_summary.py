"""A copy of the start page kept beside the database, so the window shows today's figures before the
database layer (SQLAlchemy, the models: about half a second) has loaded.

The window writes the copy when it closes, after the database file is closed, together with a stamp:
the size and modification time of the database file, the day, the program version and the migration
scripts it knows. At the next start the copy is used only when the stamp still holds: the same day,
the same program, the database file untouched since (no other program, the CLI included, has written
it; no write-ahead log or journal is left over from a crash). Anything else, and the start page is
read from the database as before. Either way the window reloads the start page from the database as
soon as the database is open, so the copy is on screen for a fraction of a second at most.

Only the standard library here: this module is imported before the database layer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

from .. import __version__
from .attention_items import Attention, attention_from_json, attention_to_json

log = logging.getLogger(__name__)

SUMMARY_FILE = "start-summary.json"
FORMAT = 1
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "store" / "alembic" / "versions"


def summary_file(data_dir: Path) -> Path:
    return data_dir / SUMMARY_FILE


def program_stamp() -> str:
    """The program version and the migration scripts it carries (a newer program migrates first)."""
    try:
        scripts = sorted(p.name for p in MIGRATIONS_DIR.glob("*.py"))
    except OSError:
        scripts = []
    return f"{__version__}|{','.join(scripts)}"


def database_stamp(database_file: Path) -> dict[str, int] | None:
    """Size and modification time of a closed, clean database file; None when there is no such file
    or a write-ahead log or journal is beside it (another program has it open, or a crash left one)."""
    for suffix in ("-wal", "-journal"):
        side = database_file.with_name(database_file.name + suffix)
        try:
            if side.stat().st_size > 0:
                return None
        except FileNotFoundError:
            pass
        except OSError:
            return None
    try:
        stat = database_file.stat()
    except OSError:
        return None
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def write_summary(data_dir: Path, database_file: Path, attention: Attention) -> bool:
    """Keep ``attention`` (computed just before the database was closed) for the next start."""
    stamp = database_stamp(database_file)
    target = summary_file(data_dir)
    if stamp is None:
        discard_summary(data_dir)
        return False
    payload = {"format": FORMAT, "program": program_stamp(), "database": stamp,
               "attention": attention_to_json(attention)}
    temporary = target.with_name(target.name + ".tmp")
    try:
        temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        log.warning("the start page's copy was not written to %s", target, exc_info=True)
        return False
    return True


def read_summary(data_dir: Path, database_file: Path, today: dt.date) -> Attention | None:
    """The kept start page if its stamp still holds today, otherwise None (the page is read from
    the database)."""
    source = summary_file(data_dir)
    try:
        payload: Any = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("the start page's copy %s is unreadable; reading the database", source, exc_info=True)
        return None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return None
    if payload.get("program") != program_stamp():
        return None
    if payload.get("database") != database_stamp(database_file):
        return None
    try:
        attention = attention_from_json(payload["attention"])
    except (KeyError, TypeError, ValueError):
        log.warning("the start page's copy %s is damaged; reading the database", source, exc_info=True)
        return None
    return attention if attention.today == today else None


def discard_summary(data_dir: Path) -> None:
    """A copy that can no longer be stamped must not outlive the state it described."""
    target = summary_file(data_dir)
    try:
        target.unlink(missing_ok=True)
    except OSError:
        log.warning("the stale start page copy %s was not removed", target, exc_info=True)
