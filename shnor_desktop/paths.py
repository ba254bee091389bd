"""Every location the application uses, in one place.

The data directory comes from platformdirs unless ``--data-dir`` overrides it
(tests and portable use). Resources are found next to the package in a checkout,
a wheel, or a PyInstaller bundle.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @classmethod
    def create(cls, data_dir: str | Path | None = None) -> AppPaths:
        root = Path(data_dir).expanduser().resolve() if data_dir else default_data_dir()
        paths = cls(root)
        for folder in (root, paths.backups_dir, paths.logs_dir, paths.documents_dir,
                       paths.templates_dir, paths.attachments_dir):
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
