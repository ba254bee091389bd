"""Files of school programmes kept in the data folder (``AppPaths.attachments_dir``). Qt-free.

A file is copied, never moved: the original stays where the user had it. The copy gets a name
that cannot collide (``programmes/<date>-<8 hex of the content>-<original name>``) and the
database keeps the path relative to the attachments folder, so the data folder can be moved or
restored from a backup as a whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ShnorError

log = logging.getLogger(__name__)

SUBFOLDER = "programmes"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
MAX_NAME = 120


class AttachmentError(ShnorError):
    """A file that cannot be attached or found; the message is Russian."""


def safe_name(name: str) -> str:
    """A file name that every file system accepts (Windows rules), keeping the extension."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE.sub("_", stem).strip(" .") or "файл"
    ext = _UNSAFE.sub("", ext).strip(" .")
    stem = stem[: MAX_NAME - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


@dataclass(frozen=True)
class StoredFile:
    relative: str  # the path to keep in the database
    created: bool  # False when the very same file was already kept


def store(attachments_dir: Path, source: str | Path, *, today: dt.date | None = None) -> StoredFile:
    """Copy ``source`` into the attachments folder."""
    src = Path(source)
    if not src.is_file():
        raise AttachmentError(f"Файл не найден: {src}")
    try:
        digest = _digest(src)
    except OSError as exc:
        raise AttachmentError(f"Файл не читается: {src} ({exc.strerror or exc})") from exc
    when = (today or dt.date.today()).strftime("%Y%m%d")
    relative = PurePosixPath(SUBFOLDER) / f"{when}-{digest[:8]}-{safe_name(src.name)}"
    target = attachments_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    created = not target.exists()
    if created:
        try:
            shutil.copy2(src, target)
        except OSError as exc:
            target.unlink(missing_ok=True)
            raise AttachmentError(f"Файл не скопирован в папку данных: {exc.strerror or exc}") from exc
    log.info("attachment %s stored as %s", src, relative)
    return StoredFile(str(relative), created)


def resolve(attachments_dir: Path, relative: str) -> Path:
    """The absolute path of a kept file; refuses paths leading out of the attachments folder."""
    if not relative:
        raise AttachmentError("К записи не прикреплён файл.")
    root = attachments_dir.resolve()
    path = (root / relative).resolve()
    if root != path and root not in path.parents:
        raise AttachmentError(f"Путь к файлу «{relative}» ведёт за пределы папки вложений.")
    return path


def existing(attachments_dir: Path, relative: str) -> Path:
    path = resolve(attachments_dir, relative)
    if not path.is_file():
        raise AttachmentError(
            f"Файл «{relative}» не найден в папке данных ({attachments_dir}). Возможно, его "
            "удалили вручную; прикрепите файл заново.")
    return path


def remove(attachments_dir: Path, relative: str) -> bool:
    """Delete a kept file (after the record pointing at it is gone); True when deleted."""
    if not relative:
        return False
    try:
        path = resolve(attachments_dir, relative)
        if path.is_file():
            path.unlink()
            return True
    except (AttachmentError, OSError):
        log.exception("attachment %s not removed", relative)
    return False
