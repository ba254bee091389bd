"""Reading Excel files safely and fast (python-calamine), with clear refusals.

Every reader of the application goes through :func:`read_workbook`, which
refuses files that are not real .xlsx/.xls workbooks (a renamed .docx, a
truncated download) with a :class:`~.problems.ImportRejected` in Russian.
Cells are normalised: ``''`` -> ``None``, ``60001.0`` -> ``60001``, strings stripped.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import ImportRejected, Problem

MAX_ROWS = 1_100_000
MAX_CELL_CHARS = 32_767  # Excel's own limit


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]

    @property
    def header(self) -> list[str]:
        return [str(c).strip() if c is not None else "" for c in self.rows[0]] if self.rows else []


def normalise_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _check_container(path: Path) -> None:
    name = path.name
    if not path.exists():
        raise ImportRejected([Problem(name, "файл не найден")])
    if path.stat().st_size == 0:
        raise ImportRejected([Problem(name, "файл пуст")])
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        return  # legacy .xls (OLE2)
    if not magic.startswith(b"PK"):
        raise ImportRejected([Problem(name, _not_excel(path))])
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            bad = zf.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError,
            ValueError, NotImplementedError) as exc:
        raise ImportRejected(
            [Problem(name, f"файл повреждён или обрезан (не читается как архив .xlsx: {exc})")]
        ) from exc
    if bad is not None:
        raise ImportRejected([Problem(name, f"файл повреждён: испорчена часть «{bad}»")])
    if "word/document.xml" in names:
        raise ImportRejected([Problem(name, "это документ Word (.docx), а не таблица Excel")])
    if "xl/workbook.xml" not in names:
        raise ImportRejected([Problem(name, "в архиве нет книги Excel (xl/workbook.xml)")])


def _not_excel(path: Path) -> str:
    """What a file that is not a workbook is, and what to do with it: ФИС ОКО reports saved from a
    browser are web pages named .xls, some exports are text (CSV) named .xlsx."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return "это не файл Excel (.xlsx): содержимое другого формата"
    low = text.lstrip().lower()
    if low.startswith("<") and any(tag in low for tag in ("<html", "<table", "<!doctype", "<?xml")):
        return ("это веб-страница (HTML или XML), сохранённая с расширением Excel, а не книга Excel: "
                "откройте её в Excel и сохраните как «Книга Excel (.xlsx)»")
    first = text.splitlines()[0] if text.splitlines() else ""
    if "\x00" not in text and any(sep in first for sep in (";", "\t", ",")):
        return ("это текстовый файл с разделителями (CSV), а не книга Excel: откройте его в Excel и "
                "сохраните как «Книга Excel (.xlsx)»")
    return "это не файл Excel (.xlsx): содержимое другого формата"


def read_workbook(path: str | Path, sheets: list[str] | None = None) -> list[Sheet]:
    """All (or the named) sheets as lists of normalised rows."""
    from .csv_reader import is_text_table, read_text_table

    path = Path(path)
    if is_text_table(path):  # CSV (also when named .xlsx): one sheet named after the file
        return read_text_table(path, sheets)
    from python_calamine import CalamineWorkbook

    _check_container(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        result = []
        for sheet_name in workbook.sheet_names:
            if sheets is not None and sheet_name not in sheets:
                continue
            raw = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            if len(raw) > MAX_ROWS:
                raise ImportRejected(
                    [Problem(path.name, f"слишком много строк ({len(raw)})", sheet=sheet_name)]
                )
            rows = [[normalise_cell(c) for c in row] for row in raw]
            result.append(Sheet(sheet_name, rows))
    except ImportRejected:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise ImportRejected(
            [Problem(path.name, f"файл Excel не читается: {exc}")]
        ) from exc
    return result
