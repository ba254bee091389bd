"""File dialogs that remember the last folder for each kind of file.

A methodist opens protocols from one folder, saves exports to another and backups to a third; each
dialog starts where the same kind of file was last taken from or put (the user's Documents folder
the first time, never the program's folder). The folders are kept in the data folder's
``window.ini`` once the main window has attached it (``remember_in``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

KINDS = ("imports", "exports", "backups", "attachments", "pictures", "documents")
_settings: QSettings | None = None
_memory: dict[str, str] = {}


def remember_in(settings: QSettings | None) -> None:
    """Keep the folders in ``settings`` (the main window's); None: only for this session."""
    global _settings
    _settings = settings


def _documents() -> str:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents or str(Path.home())


def last_folder(kind: str) -> str:
    value = _settings.value(f"folders/{kind}") if _settings is not None else _memory.get(kind)
    folder = str(value) if value else ""
    return folder if folder and Path(folder).is_dir() else _documents()


def _store(kind: str, chosen: str) -> None:
    if not chosen:
        return
    folder = str(Path(chosen).parent)
    _memory[kind] = folder
    if _settings is not None:
        _settings.setValue(f"folders/{kind}", folder)
        _settings.sync()


def open_file(parent: QWidget | None, kind: str, caption: str, file_filter: str = "") -> str:
    """The chosen file ('' when cancelled), starting in the kind's last folder."""
    name, _ = QFileDialog.getOpenFileName(parent, caption, last_folder(kind), file_filter)
    _store(kind, name)
    return name


def save_file(parent: QWidget | None, kind: str, caption: str, suggested: str, file_filter: str = "") -> str:
    """Where to save ('' when cancelled): the suggested name in the kind's last folder."""
    start = suggested if Path(suggested).is_absolute() else str(Path(last_folder(kind)) / suggested)
    name, _ = QFileDialog.getSaveFileName(parent, caption, start, file_filter)
    _store(kind, name)
    return name
