"""The window's unit of work: the one way a page or a dialog reads or changes the database around
service calls, and shows what went wrong.

    with change(self, self.db, "Веса не сохранены") as work:
        saved = svc.save_weights(work.session, values)
    if work.failed:
        return False

``read`` opens a session (nothing is written), ``change`` a transaction (committed at the end of the
block, rolled back on any error). An error inside the block is shown by :func:`.errors.show_error`
(a refused input as a warning with its messages, anything else as an error, logged with its details),
or by another ``report`` (:func:`quietly` for a read whose failure only means a default), and the
block is left; ``work.failed`` tells the caller, ``work.error`` says what it was (for example
:func:`shnor_desktop.errors.is_conflict`: someone else changed the record, reload it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy.orm import Session

    from ..store.database import Database

log = logging.getLogger(__name__)

# how a failure reaches the user: a message box by default (show_error)
Report = Callable[["QWidget | None", str, Exception], None]


def quietly(_parent: QWidget | None, title: str, exc: Exception) -> None:
    """For a read whose failure only means a default (a remembered choice, a hint): logged, not shown."""
    log.warning("%s: %s", title, exc, exc_info=exc)


@dataclass
class Work:
    """One read or change in progress: its session, and the error that ended it, if any."""

    title: str
    _session: Session | None = field(default=None, repr=False)
    error: Exception | None = None

    @property
    def session(self) -> Session:
        assert self._session is not None, "the session exists inside the with block only"
        return self._session

    @property
    def failed(self) -> bool:
        return self.error is not None


@contextmanager
def read(parent: QWidget | None, db: Database, title: str, *, report: Report = show_error) -> Iterator[Work]:
    """A session for reading; ``title`` heads the message if the reading fails."""
    with _unit(parent, db.session(), title, report) as work:
        yield work


@contextmanager
def change(parent: QWidget | None, db: Database, title: str, *, report: Report = show_error
           ) -> Iterator[Work]:
    """A transaction: committed when the block ends, rolled back (and shown) when it raises."""
    with _unit(parent, db.transaction(), title, report) as work:
        yield work


@contextmanager
def _unit(parent: QWidget | None, opened: AbstractContextManager[Session], title: str,
          report: Report) -> Iterator[Work]:
    work = Work(title)
    try:
        with opened as session:  # a transaction is rolled back here when the block raises
            work._session = session
            yield work
    except Exception as exc:  # shown to the user and logged by report; the caller sees work.failed
        work.error = exc
        report(parent, title, exc)
    finally:
        work._session = None
