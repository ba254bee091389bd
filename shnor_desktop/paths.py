"""Every location the application uses, in one place.

The data directory comes from platformdirs unless ``--data-dir`` overrides it
(tests and portable use). Resources are found next to the package in a checkout,
a wheel, or a PyInstaller bundle.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

APP_NAME = "shnor-desktop"
APP_AUTHOR = "shnor"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def resources_dir() -> Path:
    """The shipped resources (templates, demo data), wherever the program runs from."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "shnor_desktop" / "resources"
    return Path(__file__).resolve().parent / "resources"


def writable_dir(folder: Path) -> bool:
    """Whether a file can be created in ``folder``: tried for real (permission bits say nothing
    for root, ACLs, read-only mounts or network shares), and the trial file removed."""
    try:
        handle, name = tempfile.mkstemp(prefix=".shnor-write-test-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def writable_file(path: Path) -> bool:
    """Whether an existing file can be opened for writing (it is not changed)."""
    try:
        handle = os.open(path, os.O_RDWR)
    except OSError:
        return False
    os.close(handle)
    return True


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @classmethod
    def create(cls, data_dir: str | Path | None = None) -> AppPaths:
        """The locations, with their folders made where the user may write.

        A folder that cannot be made (a read-only data folder) is not an error here: the database
        is then opened read-only or refused with a message (``store.migrations.open_database``), the
        log goes to stderr only, and whatever would write there says so when it is tried.
        """
        root = Path(data_dir).expanduser().resolve() if data_dir else default_data_dir()
        paths = cls(root)
        for folder in (root, paths.backups_dir, paths.logs_dir, paths.documents_dir,
                       paths.templates_dir, paths.attachments_dir):
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)
        return paths

    @property
    def database_file(self) -> Path:
        return self.data_dir / "shnor.sqlite3"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database_file}"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def templates_dir(self) -> Path:
        """User copies of templates; they win over the shipped ones."""
        return self.data_dir / "templates"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"


def configured_database_url(paths: AppPaths) -> str | None:
    """A shared server named in settings.json ({"database_url": "postgresql+psycopg://…"})."""
    if not paths.settings_file.exists():
        return None
    try:
        data = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.exception("settings.json is unreadable; using the local database")
        return None
    url = data.get("database_url") if isinstance(data, dict) else None
    return str(url) if url else None
