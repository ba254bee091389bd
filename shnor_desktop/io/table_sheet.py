"""Reading an arbitrary school-level table: find its header (one or several rows) and its data rows.

Regional tables start with a title, then a header that is often two rows high: a group label
merged across columns («Отметки» over «2», «3», «4», «5») and labels merged down two rows
(«Логин», «Наименование ОО»). A merged range holds its text in the top-left cell only, so:

* the header starts at the first of the first rows with at least half as many text cells as the
  richest of them (a one-cell title is skipped);
* a following row continues the header while the first header column is empty in it (that
  column is merged down), at most :data:`MAX_HEADER_ROWS` rows in all;
* a group label is carried to the right over the empty cells of its merged range (as long as
  the row below has labels there), and the labels of a column are joined top to bottom:
  «Отметки «2»», «Отметки «3»»…;
* a row numbering the columns (1, 2, 3…) right under the header is skipped.

Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..russian import parse_number
from .problems import ImportRejected, Problem
from .sheet import Sheet
from .workbook import read_workbook

MAX_HEADER_ROWS = 3
SCAN_ROWS = 25


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _is_label(value: Any) -> bool:
    """A header-like cell: text that is not a number."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return False
    try:
        parse_number(value)
    except ValueError:
        return bool(str(value).strip())
    return False


@dataclass
class TableData:
    """One sheet as a table: joined column headers and the data rows with their Excel numbers."""

    file: str
    sheet: str
    header_row: int  # 1-based, as Excel shows it
    header_rows: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (Excel row, cells)
    sheet_names: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.headers)

    def column_letter(self, index: int) -> str:
        return column_letter(index)

    def column_title(self, index: int) -> str:
        """«C: Количество участников» — how a column is named to people."""
        header = self.headers[index] if 0 <= index < len(self.headers) else ""
        return f"{column_letter(index)}: {header}" if header else column_letter(index)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letter: str) -> int | None:
    """A -> 0, AA -> 26; None for anything that is not a column letter."""
    letter = letter.strip().upper()
    if not letter or not letter.isascii() or not letter.isalpha() or len(letter) > 3:
        return None
    value = 0
    for ch in letter:
        value = value * 26 + ord(ch) - ord("A") + 1
    return value - 1


def find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, int]:
    """(0-based index of the first header row, number of header rows); (0, 1) for an empty sheet."""
    scan = rows[:SCAN_ROWS]
    counts = [sum(1 for c in row if _is_label(c)) for row in scan]
    best = max(counts, default=0)
    if best == 0:
        return 0, 1
    wanted = max(2, (best + 1) // 2) if best >= 2 else 1
    start = next(i for i, n in enumerate(counts) if n >= wanted)
    first_col = next((c for c, v in enumerate(rows[start]) if _text(v)), 0)
    count = 1
    while count < MAX_HEADER_ROWS and start + count < len(rows):
        row = rows[start + count]
        filled = [c for c, v in enumerate(row) if _text(v)]
        if not filled or (first_col < len(row) and _text(row[first_col])):
            break
        if _is_numbering(row) or not all(_is_sublabel(row[c]) for c in filled):
            break
        count += 1
    return start, count


def _is_sublabel(value: Any) -> bool:
    """A cell of a lower header row: text, or a mark written as a number (2, 3, 4, 5)."""
    return _is_label(value) or (isinstance(value, int) and not isinstance(value, bool) and 2 <= value <= 5)


def _is_numbering(row: Sequence[Any]) -> bool:
    """1, 2, 3, … in consecutive cells: the column numbers some reports print under the header."""
    values = [v for v in row if v is not None and _text(v)]
    if len(values) < 3:
        return False
    try:
        numbers = [int(str(v).strip().rstrip(".")) for v in values]
    except ValueError:
        return False
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] in (0, 1)


def join_headers(header_rows: Sequence[Sequence[Any]], width: int) -> list[str]:
    """One text per column from one or several header rows (merged group labels carried right)."""
    grid = [[_text(row[c]) if c < len(row) else "" for c in range(width)] for row in header_rows]
    filled = [row[:] for row in grid]
    for h in range(len(grid) - 1):  # carry group labels over their merged range
        label, label_col = "", -1
        for c in range(width):
            if grid[h][c]:
                label, label_col = grid[h][c], c
                continue
            below = any(grid[k][c] for k in range(h + 1, len(grid)))
            group = label_col >= 0 and any(grid[k][label_col] for k in range(h + 1, len(grid)))
            if label and below and group:
                filled[h][c] = label
            else:
                label, label_col = "", -1
    headers: list[str] = []
    for c in range(width):
        parts: list[str] = []
        for h in range(len(filled)):
            part = filled[h][c]
            if part and part not in parts:
                parts.append(part)
        headers.append(" ".join(parts))
    seen: dict[str, int] = {}
    for c, text in enumerate(headers):
        if not text:
            continue
        seen[text] = seen.get(text, 0) + 1
        if seen[text] > 1:
            headers[c] = f"{text} ({seen[text]})"
    return headers


def _width(rows: Sequence[Sequence[Any]]) -> int:
    width = 0
    for row in rows:
        for c in range(len(row) - 1, -1, -1):
            if row[c] is not None:
                width = max(width, c + 1)
                break
    return width


def table_from_sheet(sheet: Sheet, file: str, *, header_row: int | None = None,
                     header_rows: int | None = None) -> TableData:
    """The table of one sheet; ``header_row`` (1-based) and ``header_rows`` override the detection."""
    rows = sheet.rows
    start, count = find_header(rows)
    if header_row is not None:
        start = max(header_row - 1, 0)
        if header_rows is None:
            count = 1
    if header_rows is not None:
        count = max(1, header_rows)
    width = _width(rows)
    head = rows[start:start + count]
    headers = join_headers(head, width)
    data_start = start + count
    if data_start < len(rows) and _is_numbering(rows[data_start]):
        data_start += 1
    data = [(i + 1, list(rows[i][:width]) + [None] * (width - len(rows[i])))
            for i in range(data_start, len(rows))]
    return TableData(file, sheet.name, start + 1, count, headers, data)


def read_table(path: str | Path, *, sheet: str | None = None, header_row: int | None = None,
               header_rows: int | None = None, sheets: list[Sheet] | None = None) -> TableData:
    """Read one sheet of a workbook as a table (the first non-empty sheet unless named)."""
    path = Path(path)
    all_sheets = sheets if sheets is not None else read_workbook(path)
    names = [s.name for s in all_sheets]
    if sheet is not None:
        chosen = next((s for s in all_sheets if s.name == sheet), None)
        if chosen is None:
            raise ImportRejected([Problem(path.name, f"в книге нет листа «{sheet}» (есть: "
                                                     f"{', '.join(names) or '—'})")])
    else:
        chosen = next((s for s in all_sheets if any(any(c is not None for c in r) for r in s.rows)), None)
        if chosen is None:
            raise ImportRejected([Problem(path.name, "в книге нет ни одного заполненного листа")])
    table = table_from_sheet(chosen, path.name, header_row=header_row, header_rows=header_rows)
    table.sheet_names = names
    return table
