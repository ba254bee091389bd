"""Opening the database: engine, pragmas, backup-then-migrate, sessions.

SQLite is the default (one file in the data dir, WAL, foreign keys on); a
PostgreSQL URL works the same way for a shared regional server.

A SQLite file the user cannot write (a read-only file, or a folder where SQLite cannot keep its
-wal and -shm files) is opened read-only: reading works, and every change is refused with one
Russian message (:class:`ReadOnlyError`) that names the file or folder and what to do.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import READ_ONLY_ADVICE, ShnorError
from ..paths import writable_dir, writable_file

log = logging.getLogger(__name__)



class DatabaseError(ShnorError):
    """A problem of the environment (locked, corrupt, too new): shown to the user as is."""


class DatabaseTooNew(DatabaseError):
    pass


class ReadOnlyError(DatabaseError):
    """The database file or its folder cannot be written: nothing was changed; the message names
    the file or folder and what to do."""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def read_only_reason(file: Path) -> str | None:
    """Why the SQLite ``file`` cannot be written (Russian, lower case), or None if it can."""
    folder = file.parent
    if not writable_dir(folder):
        return f"папка данных «{folder}» недоступна для записи"
    if file.exists() and not writable_file(file):
        return f"файл базы данных «{file}» доступен только для чтения"
    for side in (Path(f"{file}-wal"), Path(f"{file}-shm")):  # SQLite writes these too
        if side.exists() and not writable_file(side):
            return f"файл «{side}» рядом с базой данных доступен только для чтения"
    return None


def changes_refused(reason: str) -> str:
    """The one message for a change that a read-only database refused."""
    return f"{_sentence(reason)}: изменения не сохранены. {READ_ONLY_ADVICE}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_pragmas_read_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()  # journal_mode would write the file header: not set here
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str, *, read_only_uri: str | None = None) -> Engine:
    """``read_only_uri``: a SQLite URI (``file:…?mode=ro``) every connection opens instead of the
    file named by ``url`` (which stays the engine's URL, so ``Database.sqlite_file`` is the file)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 5})
        if read_only_uri is None:
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine

        def connect_read_only(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
            cargs[:] = [read_only_uri]
            cparams["uri"] = True

        event.listen(engine, "do_connect", connect_read_only)
        event.listen(engine, "connect", _sqlite_pragmas_read_only)
        return engine
    return create_engine(url, pool_pre_ping=True)


def read_only_uri(file: Path, reason: str | None = None) -> str:
    """The URI that opens ``file`` read-only, leaving no file behind (the database, a backup).

    Without a -wal or -shm file (no program has the database open, nothing left unsaved)
    ``immutable=1`` reads the file as it is: no locks, no -shm, nothing created. (``mode=ro``
    would make a -shm file the owner of the database then cannot write, and in a read-only folder
    it cannot open a WAL database at all: SQLITE_READONLY_DIRECTORY.) With them, ``mode=ro`` reads
    through the -wal as SQLite does; where it cannot, a -wal holding changes not yet in the
    database (immutable would silently ignore them) makes the database refused.
    """
    base = file.resolve().as_uri()
    immutable = f"{base}?mode=ro&immutable=1"
    wal, shm = Path(f"{file}-wal"), Path(f"{file}-shm")
    if not wal.exists() and not shm.exists():
        return immutable
    uri = f"{base}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error:
        return uri  # the first real read says what is wrong
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        log.info("read-only open of %s with mode=ro failed (%s)", file, exc)
    except sqlite3.DatabaseError:
        return uri  # not a database: the migration step says so
    else:
        return uri
    finally:
        con.close()
    if wal.exists() and wal.stat().st_size > 0:
        reason = reason or read_only_reason(file) or f"файл «{file}» доступен только для чтения"
        raise ReadOnlyError(
            f"База данных «{file}» не открыта: {reason}, а последние изменения базы остались в файле "
            f"«{wal.name}» рядом с ней (программа была закрыта аварийно или база открыта на другом "
            f"компьютере), и без права записи их не прочитать. {READ_ONLY_ADVICE}")
    return immutable


def _refused_write(exc: OperationalError) -> tuple[bool, bool]:
    """(SQLite refused a write as read-only, SQLite could not open a file it needs to write)."""
    orig = exc.orig
    name = str(getattr(orig, "sqlite_errorname", ""))
    text = str(orig)
    read_only = name.startswith("SQLITE_READONLY") or "readonly database" in text
    cannot_open = name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in text
    return read_only, cannot_open


@dataclass
class Database:
    """The opened database: hand it to services, the CLI and the window."""

    url: str
    engine: Engine
    backups_dir: Path | None = None
    read_only_reason: str | None = None  # set when opened read-only: why (Russian, lower case)
    read_only_uri: str | None = None
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from . import audit  # start-up: audit loads the models, which `import shnor_desktop.cli` must not

        # session.info["read_only"]: lazy seeding of reference data (is_read_only) skips itself
        self._sessions = sessionmaker(self.engine, expire_on_commit=False,
                                      info={"read_only": self.read_only_reason is not None})
        audit.install(self._sessions)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_file(self) -> Path | None:
        if not self.is_sqlite:
            return None
        name = self.engine.url.database
        return Path(name) if name and name != ":memory:" else None

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def read_only_error(self) -> ReadOnlyError:
        """The message for a refused change: why (the file or the folder) and what to do."""
        file = self.sqlite_file
        reason = self.read_only_reason or (read_only_reason(file) if file else None)
        if reason is None:  # the files are writable, yet SQLite refused (PRAGMA query_only, a lock)
            reason = f"база данных «{file}» доступна только для чтения"
        return ReadOnlyError(changes_refused(reason))

    def require_writable(self) -> None:
        """Refuse up front, before a change that also writes files (documents, a restore)."""
        if self.read_only:
            raise self.read_only_error()

    def connect_sqlite(self) -> sqlite3.Connection:
        """A plain sqlite3 connection to the file, opened the way the engine opens it."""
        file = self.sqlite_file
        if file is None:
            raise ValueError("not a SQLite file database")
        if self.read_only_uri:
            return sqlite3.connect(self.read_only_uri, uri=True, timeout=5)
        return sqlite3.connect(str(file), timeout=5)

    def _refused_as_read_only(self, exc: OperationalError) -> bool:
        file = self.sqlite_file
        if file is None:
            return False
        read_only, cannot_open = _refused_write(exc)
        # "unable to open" is a read-only folder only if it is one (not a vanished network drive)
        return read_only or (cannot_open and (self.read_only or read_only_reason(file) is not None))

    def session(self) -> Session:
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any exception.

        Every change starts here, so this is where SQLite's refusal to write (a read-only file or
        folder) becomes :class:`ReadOnlyError` with its Russian message.
        """
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            if self._refused_as_read_only(exc):
                log.info("a change was refused: the database is read-only (%s)", exc.orig)
                raise self.read_only_error() from exc
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _readable(file: Path) -> bool:
    try:
        with file.open("rb"):
            return True
    except OSError:
        return False


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).absolute()


def is_read_only(session: Session) -> bool:
    """Whether ``session`` belongs to a database opened read-only: what would seed reference data
    on first use (shipped scales, the default risk factors) then reads what there is instead."""
    return bool(session.info.get("read_only"))


def connect(url: str, backups_dir: Path | None = None) -> Database:
    """Open (creating if needed) without touching the schema: ``migrations.open_database`` brings it
    to head. A SQLite file that cannot be written is opened read-only (``Database.read_only_reason``);
    one that cannot be read, or created, is refused with :class:`ReadOnlyError`.
    """
    reason = read_uri = None
    file = _sqlite_file(url)
    if file is not None and not file.is_file():
        if not writable_dir(file.parent):
            raise ReadOnlyError(
                f"Папка данных «{file.parent}» недоступна для записи: создать в ней базу данных нельзя. "
                "Укажите папку, где у вас есть права на запись (--data-dir ПАПКА), или попросите "
                "администратора дать права на запись.")
    elif file is not None:
        if not _readable(file):
            raise ReadOnlyError(f"Нет доступа к файлу базы данных «{file}»: его нельзя прочитать. "
                                "Попросите администратора дать права на чтение и запись.")
        reason = read_only_reason(file)
        if reason is not None:
            read_uri = read_only_uri(file, reason)
            log.info("the database is opened read-only: %s (%s)", reason, read_uri)
    engine = make_engine(url, read_only_uri=read_uri)
    return Database(url=url, engine=engine, backups_dir=backups_dir, read_only_reason=reason,
                    read_only_uri=read_uri)
