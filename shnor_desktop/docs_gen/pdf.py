"""Saving .docx documents as PDF with LibreOffice (or Microsoft Word on Windows), found automatically.

LibreOffice costs about a second per start, and converts many files in one start, so a batch of
documents is converted in one call per output folder. A private LibreOffice profile is used, so
a LibreOffice window the user has open does not swallow the request.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ShnorError

log = logging.getLogger(__name__)

NOT_INSTALLED = (
    "Для сохранения в PDF нужен LibreOffice (бесплатный, libreoffice.org) или Microsoft Word, "
    "но ни один из них не найден на этом компьютере. Установите LibreOffice и повторите. "
    "Документ в формате Word (.docx) уже сохранён: его можно открыть и сохранить в PDF вручную."
)


class PdfUnavailable(ShnorError):
    """Neither LibreOffice nor Word is installed: the message (Russian) says what to do."""

    def __init__(self, message: str = NOT_INSTALLED) -> None:
        super().__init__(message)


class PdfFailed(ShnorError):
    """The converter ran but did not produce the PDF: the message (Russian) names the files."""


@dataclass(frozen=True)
class Converter:
    kind: str  # "libreoffice" or "word"
    program: Path

    @property
    def label(self) -> str:
        return "LibreOffice" if self.kind == "libreoffice" else "Microsoft Word"


def _program_files() -> tuple[str, str]:
    return (os.environ.get("PROGRAMFILES", r"C:\Program Files"),
            os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))


def _libreoffice_candidates() -> list[Path]:
    found = [shutil.which(name) for name in ("soffice", "libreoffice", "soffice.exe")]
    out = [Path(p) for p in found if p]
    if sys.platform == "win32":
        for root in _program_files():
            out.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        out.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return out


def _word_candidates() -> list[Path]:
    if sys.platform != "win32":
        return []
    out = []
    for root in _program_files():
        for version in ("root\\Office16", "Office16", "root\\Office15", "Office15"):
            out.append(Path(root) / "Microsoft Office" / version / "WINWORD.EXE")
    return out


def find_converter() -> Converter | None:
    """LibreOffice first (it converts a batch in one start), then Word; None when neither is found."""
    for path in _libreoffice_candidates():
        if path.is_file():
            return Converter("libreoffice", path)
    for path in _word_candidates():
        if path.is_file():
            return Converter("word", path)
    return None


def _pdf_of(source: Path, out_dir: Path) -> Path:
    return out_dir / (source.stem + ".pdf")


def _run_libreoffice(program: Path, files: Sequence[Path], out_dir: Path, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="shnor-lo-") as profile:
        command = [
            str(program), f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf",
            "--outdir", str(out_dir), *[str(f) for f in files],
        ]
        log.info("LibreOffice converts %d file(s) to %s", len(files), out_dir)
        completed = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        if completed.returncode != 0:
            log.error("LibreOffice failed (%s): %s", completed.returncode,
                      completed.stderr.decode(errors="replace"))


_WORD_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
$word = New-Object -ComObject Word.Application
$word.Visible = $false
try {
  foreach ($pair in $args) {
    $parts = $pair -split '\|', 2
    $doc = $word.Documents.Open($parts[0], $false, $true)
    $doc.SaveAs([ref]$parts[1], [ref]17)
    $doc.Close([ref]0)
  }
} finally { $word.Quit() }
"""


def _run_word(files: Sequence[Path], out_dir: Path, timeout: float) -> None:
    pairs = [f"{f.resolve()}|{_pdf_of(f, out_dir).resolve()}" for f in files]
    command = ["powershell", "-NoProfile", "-NonInteractive", "-Command", _WORD_SCRIPT, *pairs]
    completed = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    if completed.returncode != 0:
        log.error("Word failed (%s): %s", completed.returncode, completed.stderr.decode(errors="replace"))


def convert_to_pdf(files: Iterable[Path], out_dir: Path | None = None, *,
                   converter: Converter | None = None, timeout: float = 300) -> list[Path]:
    """Convert the files to PDF (next to each file unless ``out_dir``); one converter start per folder.

    Returns the PDF paths in the order of ``files``. Raises :class:`PdfUnavailable` when no
    converter is installed and :class:`PdfFailed` naming the files that did not convert.
    """
    sources = [Path(f).resolve() for f in files]
    if not sources:
        return []
    converter = converter or find_converter()
    if converter is None:
        raise PdfUnavailable()
    groups: dict[Path, list[Path]] = {}
    for source in sources:
        groups.setdefault(Path(out_dir).resolve() if out_dir else source.parent, []).append(source)
    for folder, group in groups.items():
        folder.mkdir(parents=True, exist_ok=True)
        for source in group:
            _pdf_of(source, folder).unlink(missing_ok=True)
        try:
            if converter.kind == "libreoffice":
                _run_libreoffice(converter.program, group, folder, timeout)
            else:
                _run_word(group, folder, timeout)
        except subprocess.TimeoutExpired as exc:
            raise PdfFailed(f"{converter.label} не ответил за {int(timeout)} с; PDF не создан.") from exc
        except OSError as exc:
            raise PdfFailed(f"{converter.label} не запустился: {exc}") from exc
    results = [_pdf_of(s, Path(out_dir).resolve() if out_dir else s.parent) for s in sources]
    missing = [s.name for s, pdf in zip(sources, results, strict=True) if not pdf.is_file()]
    if missing:
        raise PdfFailed(f"{converter.label} не создал PDF для: {', '.join(missing)}. "
                        "Закройте эти файлы, если они открыты, и повторите.")
    return results
