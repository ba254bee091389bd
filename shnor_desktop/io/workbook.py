"""Reading Excel files safely and fast (python-calamine), with clear refusals.

Every reader of the application goes through this module: :func:`read_workbook` (normalised
rows), :func:`read_raw_sheets` (cells exactly as python-calamine gives them, for the ВПР protocol
parser) and :func:`open_archive` (the first bytes of an .xlsx's parts, for sniffing what a file
is). They refuse, with a :class:`~.problems.ImportRejected` in Russian, files that are not real
.xlsx/.xls workbooks (a renamed .docx, a truncated download) and hostile .xlsx archives: zip
bombs, sizes that lie, sheets that would need gigabytes of memory, formulas without saved values
(:mod:`.xlsx_guard`). Rows are made one at a time and a sheet over :data:`MAX_ROWS` rows is
refused before any of its rows is made.
Normalised cells: ``''`` -> ``None``, ``60001.0`` -> ``60001``, strings stripped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..russian import number, plural
from . import xlsx_guard
from .csv_reader import is_text_table, read_text_table
from .problems import ImportRejected, Problem
from .sheet import MAX_ROWS, Sheet, normalise_cell
from .xlsx_guard import archive_heads

if TYPE_CHECKING:
    from .xlsx_guard import Archive, ArchiveHeads

def _check_container(path: Path, file: str | None = None) -> Archive | None:
    """Refuse what is not a workbook; for an .xlsx, check the archive (:mod:`.xlsx_guard`) and
    return what reading its sheets will cost. None for a legacy .xls."""
    name = file or path.name
    if not path.exists():
        raise ImportRejected([Problem(name, "файл не найден")])
    if path.stat().st_size == 0:
        raise ImportRejected([Problem(name, "файл пуст")])
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        return None  # legacy .xls (OLE2)
    if not magic.startswith(b"PK"):
        raise ImportRejected([Problem(name, _not_excel(path))])
    with xlsx_guard.open_zip(path, name) as archive:  # declared sizes checked, nothing unpacked
        names = set(archive.namelist())
    if "word/document.xml" in names:
        raise ImportRejected([Problem(name, "это документ Word (.docx), а не таблица Excel")])
    if "xl/workbook.xml" not in names:
        raise ImportRejected([Problem(name, "в архиве нет книги Excel (xl/workbook.xml)")])
    return xlsx_guard.check_archive(path, name)


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
    path = Path(path)
    if is_text_table(path):  # CSV (also when named .xlsx): one sheet named after the file
        return read_text_table(path, sheets)
    return _read_excel(path, path.name, lambda names: [n for n in names if sheets is None or n in sheets],
                       normalise=True)


def read_raw_sheets(path: str | Path, choose: Callable[[list[str]], Sequence[str]], *,
                    file_name: str | None = None) -> list[Sheet]:
    """The sheets ``choose`` picks from the workbook's sheet names, with cells exactly as
    python-calamine gives them (``''`` for empty, floats for numbers), as rectangles from A1;
    the same checks as :func:`read_workbook`. Problems name ``file_name`` (default: the file's)."""
    path = Path(path)
    return _read_excel(path, file_name or path.name, choose, normalise=False)


@contextmanager
def open_archive(path: str | Path, file_name: str | None = None) -> Iterator[ArchiveHeads]:
    """An .xlsx opened for bounded looks at its parts (``names``, ``head(part, limit)``), after the
    checks of its directory: sizes and ratios, not its content. ImportRejected if it fails them."""
    path = Path(path)
    with archive_heads(path, file_name or path.name) as heads:
        yield heads


def _read_excel(path: Path, name: str, choose: Callable[[list[str]], Sequence[str]], *,
                normalise: bool) -> list[Sheet]:
    # heavy: python-calamine loads only when a workbook is read
    from python_calamine import CalamineWorkbook

    archive = _check_container(path, name)
    result = []
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            chosen = list(choose(list(workbook.sheet_names)))
            if archive is not None:
                archive.check_sheets(chosen)  # before python-calamine parses any of them
            for sheet_name in chosen:
                sheet = workbook.get_sheet_by_name(sheet_name)
                result.append(Sheet(sheet_name, _sheet_rows(sheet, name, normalise)))
    except ImportRejected:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise ImportRejected([Problem(name, f"файл Excel не читается: {exc}")]) from exc
    except BaseException as exc:  # a panic inside python-calamine is not an Exception
        if type(exc).__name__ != "PanicException":
            raise
        raise ImportRejected([Problem(name, f"файл Excel не читается: {exc}")]) from exc
    return result


def _sheet_rows(sheet: Any, name: str, normalise: bool) -> list[list[Any]]:
    """The rows of a python-calamine sheet from A1 to its last cell (what
    ``to_python(skip_empty_area=False)`` gives), made one at a time; refused over :data:`MAX_ROWS`
    before any row is made."""
    start, end = sheet.start, sheet.end
    if start is None or end is None:
        return []  # an empty sheet (iter_rows would fail on it)
    height, width = end[0] + 1, end[1] + 1
    if height > MAX_ROWS:
        raise ImportRejected([Problem(
            name, f"на листе {number(height)} {plural(height, 'строка', 'строки', 'строк')} — больше "
                  f"допустимых {number(MAX_ROWS)}: вероятно, далеко внизу осталось случайное значение. "
                  "Удалите в Excel лишние строки под таблицей или разделите таблицу на несколько файлов",
            sheet=sheet.name, row=MAX_ROWS + 1)])
    first_row, first_column = start
    pad = [""] * first_column
    rows: list[list[Any]] = []
    for i, row in enumerate(sheet.iter_rows()):
        if i < first_row:
            row = [""] * width  # python-calamine gives these rows only the used columns
        elif first_column:
            row = pad + row  # …and the used rows without the empty columns on the left
        rows.append([normalise_cell(c) for c in row] if normalise else row)
    return rows
