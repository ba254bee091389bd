"""Logging to a rotating file in the data dir (and stderr for the CLI).

A logs folder the user cannot write (a read-only data folder) is not an error: the log then
goes to stderr only (nowhere, in a windowed program on Windows, which has no stderr).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from .paths import writable_dir


class _BriefFormatter(logging.Formatter):
    """stderr is read by the user: one line per record, the traceback stays in the log file."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname}: {record.getMessage()}"


def setup_logging(logs_dir: Path, *, verbose: bool = False, to_stderr: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_shnor", False):
            root.removeHandler(handler)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    # A file that can be opened in a folder that cannot be written would still fail at rotation.
    to_file = writable_dir(logs_dir)
    if to_file:
        try:
            file_handler = logging.handlers.RotatingFileHandler(
                logs_dir / "shnor.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError:
            to_file = False
        else:
            file_handler.setFormatter(fmt)
            file_handler._shnor = True  # type: ignore[attr-defined]
            root.addHandler(file_handler)
    if (to_stderr or not to_file) and sys.stderr is not None:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s") if verbose else _BriefFormatter())
        stream._shnor = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    if not to_file:
        logging.getLogger(__name__).info("the logs folder %s is not writable: logging to stderr only",
                                         logs_dir)
