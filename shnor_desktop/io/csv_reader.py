"""Reading text tables (CSV): the same :class:`~.workbook.Sheet` objects as an Excel workbook.

Open-data tables and exports of regional systems come as text with separators: UTF-8 (with or
without the byte-order mark), Windows-1251, or UTF-16 («Текст в Юникоде» of Excel); separated by
``;`` (Russian Excel), ``,`` or a tab; fields may be quoted. The separator is told by which of the
three splits the first lines into the same number of fields, the header included; a first line
``sep=;`` (written by Excel) says it outright.

A file is one sheet named after the file. Cells are normalised like an Excel cell
(:func:`~.workbook.normalise_cell`: stripped, ``''`` -> ``None``) and stay text: «45,3» is read
by the importers' own number parsing, and codes such as an ИНН keep their leading zeros.
:func:`is_text_table` tells a text table from a workbook by name (.csv, .txt, .tsv) or, for a
file named .xlsx/.xls, by content; a web page saved as .xls is left to the workbook reader,
which refuses it with its own message. Qt-free.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .problems import ImportRejected, Problem
from .sheet import MAX_CELL_CHARS, MAX_ROWS, Sheet, normalise_cell

TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
SEPARATORS = (";", "\t", ",")  # preferred in this order when the lines fit more than one
SEPARATOR_NAMES = {";": "точка с запятой", "\t": "табуляция", ",": "запятая"}
SNIFF_LINES = 60
MAX_BYTES = 1 << 30  # a text file this large is no table of results by school
_SEP_LINE = re.compile(r'^"?sep=(.)"?\s*$', re.IGNORECASE)
_WORKBOOK_MAGIC = (b"PK", b"\xd0\xcf\x11\xe0")


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return None


def is_text_table(path: str | Path) -> bool:
    """True for a text table: a .csv/.txt/.tsv file, or text with separators named .xlsx/.xls.

    A real workbook (whatever its name), a missing or empty file named as a workbook and a web
    page saved as .xls are not text tables: the workbook reader takes them, or refuses them with
    its own messages.
    """
    path = Path(path)
    named_as_text = path.suffix.lower() in TEXT_SUFFIXES
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return named_as_text  # either reader says the file is not there
    if head.startswith(_WORKBOOK_MAGIC):
        return False  # a workbook named .csv is read as the workbook it is
    if named_as_text or not head:
        return named_as_text
    encoding = _bom_encoding(head)
    if encoding is None:
        if b"\x00" in head:
            return False
        encoding = "utf-8"
    try:  # the first 4 KB may end inside a character
        text = head.decode(encoding, errors="ignore" if encoding != "utf-8" else "strict")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1251")
        except UnicodeDecodeError:
            return False
    if "\x00" in text:
        return False
    low = text.lstrip().lower()
    if low.startswith("<"):  # HTML or XML saved with an Excel name: the workbook reader says so
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and any(sep in lines[0] for sep in SEPARATORS)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, the encoding's Russian name): UTF-8 or UTF-16 by the byte-order mark, else UTF-8,
    else Windows-1251; ImportRejected for anything else."""
    encoding = _bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), "UTF-8" if encoding == "utf-8-sig" else "UTF-16"
        except UnicodeDecodeError as exc:
            raise ImportRejected([Problem(name, f"текст испорчен: не читается как {encoding.upper()} "
                                                f"(байт {exc.start})")]) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "Windows-1251"
    except UnicodeDecodeError as exc:
        raise ImportRejected([Problem(
            name, "кодировка текста не распознана: нужна UTF-8 или Windows-1251 (сохраните файл в Excel "
                  "как «CSV UTF-8»)")]) from exc


def _rows(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"',
                           doublequote=True, strict=False))


def sniff_separator(text: str) -> str:
    """The separator of the first lines: the one that splits them, the header line included, into
    the same number of fields most often; ``;`` then tab then ``,`` when they fit equally."""
    lines: list[str] = []
    for line in io.StringIO(text, newline=None):
        if line.strip():
            lines.append(line)
        if len(lines) >= SNIFF_LINES:
            break
    sample = "".join(lines)
    best: tuple[Any, ...] | None = None
    chosen = SEPARATORS[0]
    for rank, separator in enumerate(SEPARATORS):
        try:
            rows = [r for r in _rows(sample, separator) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        counts = [len(r) for r in rows]
        if not counts or max(counts) < 2:
            continue
        mode, frequency = Counter(counts).most_common(1)[0]
        score = (counts[0] == mode and mode > 1, frequency / len(counts), -rank)
        if best is None or score > best:
            best, chosen = score, separator
    return chosen


def parse_text_table(text: str, name: str, sheet_name: str) -> Sheet:
    """A decoded text table as one sheet of normalised, rectangular rows."""
    if "\x00" in text:
        raise ImportRejected([Problem(name, "это не текстовая таблица: в файле двоичные данные")])
    first_line, _, rest = text.partition("\n")
    if (declared := _SEP_LINE.match(first_line.strip())) is not None:
        separator, text = declared.group(1), rest
    else:
        separator = sniff_separator(text)
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"',
                        doublequote=True, strict=False)
    try:
        for raw in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportRejected([Problem(name, f"слишком много строк (больше {MAX_ROWS})",
                                              sheet=sheet_name)])
            for cell in raw:
                if len(cell) > MAX_CELL_CHARS:
                    raise ImportRejected([Problem(
                        name, f"слишком длинная ячейка ({len(cell)} знаков): похоже, в файле непарная "
                              "кавычка", sheet=sheet_name, row=len(rows) + 1)])
            rows.append([normalise_cell(cell) for cell in raw])
    except csv.Error as exc:
        raise ImportRejected([Problem(name, f"текст с разделителями не читается: {exc}", sheet=sheet_name,
                                      row=len(rows) + 1)]) from exc
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    return Sheet(sheet_name, rows)


def read_text_table(path: str | Path, sheets: Sequence[str] | None = None) -> list[Sheet]:
    """A text table as a one-sheet workbook (the sheet named after the file)."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ImportRejected([Problem(name, "файл не найден")])
    size = path.stat().st_size
    if size == 0:
        raise ImportRejected([Problem(name, "файл пуст")])
    if size > MAX_BYTES:
        raise ImportRejected([Problem(name, f"файл слишком велик для таблицы ({size // (1 << 20)} МБ)")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected([Problem(name, f"файл не читается: {exc}")]) from exc
    text, _encoding = decode(data, name)
    sheet_name = path.stem or name
    if sheets is not None and sheet_name not in sheets:
        return []
    sheet = parse_text_table(text, name, sheet_name)
    if not sheet.rows:
        raise ImportRejected([Problem(name, "в файле нет ни одной заполненной строки")])
    return [sheet]
