"""Hostile .xlsx archives, refused before python-calamine reads them.

A workbook is a zip archive of XML parts, and python-calamine trusts it: a 3.5 MB file whose
sheet unpacks to 1.15 GB is parsed for two minutes in 5.4 GB; one stray value in cell XFD1048576
makes it allocate a grid of 17 billion cells and the process aborts; a long shared string shown
by many cells is copied once per cell. Measured with python-calamine 0.9.1, reading a sheet holds
about 40 bytes per filled cell while the cells are collected, then 32 bytes per cell of the
rectangle from A1 to the last filled cell plus a copy of the text of every shared-string cell;
the rows in Python add 8 bytes per cell of that rectangle, up to 80 bytes per filled cell and up
to four bytes per byte of text.

What is checked, in order; every refusal is an :class:`~.problems.ImportRejected` in Russian
that says what is wrong and what to do:

1. the zip directory, before anything is unpacked: how many parts, how they are compressed, their
   declared unpacked sizes and ratios (:data:`MAX_UNPACKED_BYTES`, :data:`MAX_RATIO`);
2. every part is unpacked once, as a stream (this replaces ``ZipFile.testzip``): its CRC is
   checked and unpacking stops as soon as more bytes come out than the directory declares, so a
   lying size costs at most the declared size plus one chunk;
3. while unpacking, each worksheet that may be read is scanned cheaply (byte counts and a few
   regular expressions per chunk): cells written in a way the scan does not follow, references
   beyond row 99,999 or column AZ, formulas without a saved value;
4. before a sheet is read, an upper bound of the memory the read takes is computed from those
   figures (:func:`memory_bound`); over :data:`MEMORY_BUDGET`, the sheet is measured exactly in a
   second pass (references by a regular expression, unusual XML by a streaming parser that
   follows python-calamine's rules) and refused only if the exact bound is over too.

Legacy .xls files (OLE2) are not archives and are not covered here.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NoReturn
from xml.parsers import expat

from ..russian import number, plural
from .problems import ImportRejected, Problem

MB = 1 << 20

# Limits, measured on the real samples in tests/data/fisoko: the largest workbook (the 2021
# regional ВПР protocol, 2.5 MB) unpacks to 21 MB in 10 parts, its sheet alone to 21 MB at 8.7:1;
# the most compressed real part is the 2020 protocol's shared strings at 18:1, sheets are 6:1 to
# 12:1. A real workbook never comes near these limits; a zip bomb is far beyond them.
MAX_PARTS = 10_000  # real workbooks have 10 to 12 parts; listing a million costs ~400 MB
MAX_UNPACKED_BYTES = 300 * MB  # 14 times the largest real workbook
RATIO_CHECKED_BYTES = 50 * MB  # a part bigger than this (2.4 times the largest real sheet)…
MAX_RATIO = 100  # …compressed more than this (5.5 times the most compressed real part) is a bomb
MAX_SHARED_STRINGS = 2_000_000  # real: up to 7,114 (the 2022 context form)
# a sheet written otherwise than Excel writes (no r="…" on cells, prefixes, other quoting) is parsed
# as XML to be measured, at ~6 MB/s: up to this size (~10 s), refused beyond (real sheets: ≤ 21 MB)
MAX_PARSED_BYTES = 64 * MB
# Upper bound of what reading the chosen sheets may take (see memory_bound). Files built at the
# budget's edge use at most 84% of their bound (an empty grid to column AZ: 640 MB), so with the
# process's own 64 MB (CLI) to ~200 MB (window) the peak stays under 1 GB. Bounds are pessimistic
# (the real 2021 protocol's is 694 MB, its import peaks at ~155 MB in all): a sheet over the
# budget is measured exactly before it is refused.
MEMORY_BUDGET = 780 * MB

CHUNK = 1 << 20  # unpacked bytes handled at a time
_READ = 1 << 16  # compressed bytes read at a time
_CARRY = 1 << 18  # how far back a chunk is cut at the last cell start
_COLUMNS_AZ = 52  # what the cheap scan vouches for when no reference is "far"
_SHEET_TEXT_WIDE = 4  # a sheet's own text is not looked at: any of it may be astral in Python
_STRING_TYPES = (b"str", b"inlineStr")


def _n(value: float) -> str:
    """``1234567`` -> ``1 234 567``, as Russian text writes numbers."""
    return number(round(value))


def _mb(size: int) -> str:
    return _n(size / MB)


def _times(ratio: float) -> str:
    """«в 172 раза», «в 150 раз»."""
    return f"{_n(ratio)} {plural(round(ratio), 'раз', 'раза', 'раз')}"


def _refuse(file: str, message: str, **where: object) -> NoReturn:
    raise ImportRejected([Problem(file, message, **where)])  # type: ignore[arg-type]


def _damaged(file: str, detail: str) -> NoReturn:
    _refuse(file, f"файл повреждён или обрезан ({detail}): запросите файл у отправителя ещё раз "
                  "или откройте его в Excel и сохраните заново")


# --- the zip directory ------------------------------------------------------------------------


def open_zip(path: Path, file: str) -> zipfile.ZipFile:
    """The archive, once its directory passed the checks of declared sizes (nothing unpacked)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, struct.error) as exc:
        _damaged(file, f"не читается как архив .xlsx: {exc}")
    try:
        _check_directory(archive.infolist(), file)
    except ImportRejected:
        archive.close()
        raise
    return archive


def _check_directory(infos: list[zipfile.ZipInfo], file: str) -> None:
    if len(infos) > MAX_PARTS:
        _refuse(file, f"частей в архиве — {_n(len(infos))}, а в книге Excel их десятки: файл создан не "
                      "Excel или подделан. Откройте его в Excel и сохраните заново или запросите файл у "
                      "отправителя ещё раз")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            _refuse(file, f"часть книги «{info.filename}» зашифрована: снимите защиту в Excel "
                          "(«Файл» → «Сведения» → «Защита книги») и сохраните файл заново")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            _refuse(file, f"часть книги «{info.filename}» сжата способом, которым Excel не пользуется: "
                          "откройте файл в Excel и сохраните как «Книга Excel (.xlsx)»")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_BYTES and ratio > MAX_RATIO:
            _refuse(file, f"часть книги «{info.filename}» распаковывается в {_mb(info.file_size)} МБ из "
                          f"{_mb(info.compress_size)} МБ (сжата в {_times(ratio)}; настоящие книги сжаты "
                          "не больше чем в 20 раз) — это «zip-бомба», файл не загружен. Запросите файл у "
                          "отправителя ещё раз или откройте его в Excel, удалите лишние строки и "
                          "сохраните заново")
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        _refuse(file, f"книга распаковывается в {_mb(total)} МБ — больше допустимых "
                      f"{_mb(MAX_UNPACKED_BYTES)} МБ (протокол ВПР на весь край занимает около 20 МБ): "
                      "файл искусственно раздут или повреждён. Удалите в Excel лишние листы и строки "
                      "и сохраните файл заново или запросите файл у отправителя ещё раз")


def inflate(handle: IO[bytes], info: zipfile.ZipInfo, file: str, limit: int | None = None
            ) -> Iterator[bytes]:
    """The unpacked bytes of one part, in chunks of at most :data:`CHUNK`.

    The compressed data are read where the part's local header says, as python-calamine reads
    them. More bytes than the directory declares refuse the file at once; a short or unfinished
    stream or a wrong CRC refuse it at the end. With ``limit``, only the first ``limit`` bytes
    are produced and nothing past them is checked.
    """
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        _damaged(file, f"нет заголовка части «{info.filename}»")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    declared = info.file_size
    deflated = info.compress_type == zipfile.ZIP_DEFLATED
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    left = info.compress_size
    pending = b""
    produced = 0
    crc = 0
    while limit is None or produced < limit:
        if not pending and left > 0:
            pending = handle.read(min(_READ, left))
            if not pending:
                _damaged(file, f"часть «{info.filename}» обрезана")
            left -= len(pending)
        if not deflated:
            if not pending:
                break
            data, pending = pending, b""
        else:
            try:
                data = decompressor.decompress(pending, CHUNK)
            except zlib.error as exc:
                _damaged(file, f"часть «{info.filename}» не распаковывается: {exc}")
            pending = decompressor.unconsumed_tail
            if not data and not pending and left <= 0 and not decompressor.eof:
                break  # the stream ends before its end mark
        if data:
            produced += len(data)
            if produced > declared:
                _refuse(file, f"часть книги «{info.filename}» распаковывается в больше байт, чем заявлено в "
                              f"архиве ({_n(declared)}): файл подделан или повреждён, он не загружен. "
                              "Запросите файл у отправителя ещё раз")
            crc = zlib.crc32(data, crc)
            yield data if limit is None or produced <= limit else data[: limit - produced]
        if deflated and decompressor.eof:
            break
    if limit is not None and produced >= limit:
        return
    if deflated and not decompressor.eof:
        _damaged(file, f"часть «{info.filename}» обрезана")
    if produced != declared or crc != info.CRC:
        _damaged(file, f"испорчена часть «{info.filename}»")


# --- shared strings ---------------------------------------------------------------------------

_SI = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
_BELOW_F0 = bytes(range(0xF0))


def _width(chunk: bytes, width: int) -> int:
    """``width`` raised to what ``chunk``'s text may take in Python per UTF-8 byte: 2 for any
    non-ASCII byte, 4 for a lead byte of an astral character or a character reference («&#»)."""
    if width < 4 and (b"&#" in chunk or (not chunk.isascii() and chunk.translate(None, _BELOW_F0))):
        return 4
    if width < 2 and not chunk.isascii():
        return 2
    return width


@dataclass
class SharedStrings:
    """What the shared strings cost: an upper bound of each one's UTF-8 bytes, by index."""

    lengths: array[int] = field(default_factory=lambda: array("I"))
    total: int = 0  # bytes of the part
    wide: int = 1  # Python bytes per UTF-8 byte at worst: 1 ASCII, 2 other, 4 astral or «&#»

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)

    def length(self, index: int) -> int:
        return self.lengths[index] if 0 <= index < len(self.lengths) else 0


class _StringsScan:
    """Positions of ``<si>`` starts in a stream; a string is no longer than the gap to the next."""

    def __init__(self, file: str, strings: SharedStrings) -> None:
        self.file = file
        self.strings = strings
        self.starts: list[int] = []
        self.offset = 0
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        region = self.tail + chunk
        base = self.offset - len(self.tail)
        last = self.starts[-1] if self.starts else -1
        for match in _SI.finditer(region):
            position = base + match.start()
            if position > last:
                self.starts.append(position)
                last = position
        if len(self.starts) > MAX_SHARED_STRINGS:
            _refuse(self.file, f"в книге больше {_n(MAX_SHARED_STRINGS)} разных строк текста (в настоящих "
                               "книгах их тысячи): файл создан не Excel или подделан. Откройте его в Excel "
                               "и сохраните заново")
        self.strings.wide = _width(region, self.strings.wide)
        self.tail = region[-64:]
        self.offset += len(chunk)

    def close(self) -> None:
        ends = [*self.starts[1:], self.offset]
        self.strings.lengths.extend(end - start for start, end in zip(self.starts, ends, strict=False))
        self.strings.total += self.offset


# --- worksheets: the cheap scan ---------------------------------------------------------------

# a cell start tag that does not begin with r="…" (no reference, other spacing or quotes): its
# place is not what the scan reads, so the sheet is measured exactly
_ODD_CELL = re.compile(rb'<c(?! r="|[\w.:-])')
# cells, rows, formulas or values written with a namespace prefix (python-calamine ignores prefixes)
_PREFIXED = re.compile(rb":(?:c|row|f|v|is)[\s/>]")
_ROW_TAG = re.compile(rb'<row r="(\d{1,7})"')
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
# a formula and what follows it in its cell: a saved value, an empty one, an inline string, nothing
_FORMULA = re.compile(
    rb"<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*"
    rb"(?:<v(?:\s[^>]*)?>(?P<v>[^<]*)</v>|(?P<empty><v(?:\s[^>]*)?/>)|(?P<inline><is[\s/>])|</c>)")
_ATTR_R = re.compile(rb'\sr="([^"]*)"')
_ATTR_T = re.compile(rb'\st="([^"]*)"')
_LISTED = 3  # cells named in a refusal


@dataclass
class SheetScan:
    """Cheap facts about one part that may be a worksheet."""

    index: int  # position in the archive's directory
    part: str
    size: int = 0
    cells: int = 0  # '<c' occurrences: an upper bound of the cells python-calamine stores
    odd: bool = False  # written in a way the cheap scan does not follow: measure exactly
    far: bool = False  # a reference beyond column AZ or below ``row_bound``: measure exactly
    row_bound: int = 0  # no cell reference is below this row (when not far)
    worksheet: bool = False  # has <sheetData>
    formulas: bool = False
    no_value: list[str] = field(default_factory=list)  # first cells with a formula and no saved value
    # set by an exact measurement
    rows: int | None = None
    columns: int | None = None
    strings: int | None = None  # bytes of shared strings copied for the cells
    text: int | None = None  # bytes of inline and formula text


def _cut(region: bytes) -> int:
    """Where to end the part of ``region`` scanned now: before the last cell start (so a cell is
    never split), else before the last tag."""
    cut = region.rfind(b"<c")
    if cut < len(region) - _CARRY:
        cut = region.rfind(b"<")
    return cut if cut > 0 else len(region)


class _SheetCheap:
    def __init__(self, scan: SheetScan) -> None:
        self.scan = scan
        self.carry = b""
        self.first = True

    def feed(self, chunk: bytes) -> None:
        scan = self.scan
        if self.first:
            self.first = False
            head = chunk[:4096]
            if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
                scan.odd = True  # not UTF-8: the byte patterns below would not see anything
        region = self.carry + chunk
        cut = _cut(region)
        self._scan(region[:cut])
        self.carry = region[cut:]
        scan.size += len(chunk)

    def close(self) -> None:
        self._scan(self.carry)
        self.carry = b""

    def _scan(self, body: bytes) -> None:
        scan = self.scan
        cells = body.count(b"<c")
        scan.cells += cells
        if not scan.worksheet and b"sheetData" in body:
            scan.worksheet = True
        if scan.odd:
            return
        # every '<c' a cell starting with r="…" (the usual case), or other elements (<cols>, <cfRule>)
        # or cells written otherwise: only then is each '<c' looked at
        if (cells != body.count(b'<c r="') and _ODD_CELL.search(body)) or _PREFIXED.search(body):
            scan.odd = True
            return
        if not scan.far:
            # rows come in order: the last row of the chunk bounds its cells (if they come out of
            # order, the bound is too small and the sheet is measured exactly: slower, not wrong)
            last = body.rfind(b'<row r="')
            row = _ROW_TAG.match(body, last) if last >= 0 else None
            if row:
                scan.row_bound = max(scan.row_bound, _round_up(int(row.group(1))))
            if _far_refs(scan.row_bound).search(body):
                scan.far = True
        if len(scan.no_value) < _LISTED and _FORMULA_TAG.search(body):
            scan.formulas = True
            _formulas_without_values(body, scan.no_value)


def _round_up(row: int) -> int:
    """The largest row with as many digits as ``row`` and a first digit one higher:
    26140 -> 29999, 950 -> 999, 7 -> 9 (fewer regular expressions to build, a looser bound)."""
    digits = str(row)
    first = int(digits[0])
    return int((first + 1) * 10 ** (len(digits) - 1) - 1 if first < 9 else 10 ** len(digits) - 1)


_FAR: dict[int, re.Pattern[bytes]] = {}


def _far_refs(bound: int) -> re.Pattern[bytes]:
    """A reference r="…" beyond column AZ or below row ``bound`` (a :func:`_round_up` value).

    Decided letter by letter without backtracking (one look at each of the sheet's hundreds of
    thousands of references): a third letter, or a second one after B-Z, is beyond AZ; after A or
    AA-AZ the digits are below ``bound`` if there are more of them than in ``bound``, or as many
    with a higher first digit. A leading zero makes a row look longer: measured exactly then,
    never missed."""
    pattern = _FAR.get(bound)
    if pattern is None:
        text = str(bound)
        rows = rf"\d{{{len(text) + 1}}}"  # more digits than the bound
        if text[0] != "9":  # as many digits, a higher first digit
            rows += rf"|[{int(text[0]) + 1}-9]\d{{{len(text) - 1}}}\""
        if bound == 0:
            rows = r"\d"
        pattern = _FAR[bound] = re.compile(
            rb' r="[A-Za-z](?:[A-Za-z](?:[A-Za-z]|(?<=[Aa].)(?:' + rows.encode() + rb")|(?<=[B-Zb-z].))|"
            + rows.encode() + rb")")
    return pattern


def _formulas_without_values(body: bytes, found: list[str]) -> None:
    for match in _FORMULA.finditer(body):
        if match["inline"] is not None:
            continue
        value = match["v"] if match["v"] is not None else (b"" if match["empty"] is not None else None)
        start = body.rfind(b"<c", 0, match.start())
        attrs = body[start:match.start()] if start >= 0 else b""
        kind = _ATTR_T.search(attrs)
        if value is None or (not value.strip() and (kind is None or kind.group(1) not in _STRING_TYPES)):
            ref = _ATTR_R.search(attrs)
            found.append(ref.group(1).decode("ascii", "replace") if ref else "?")
            if len(found) >= _LISTED:
                return


# --- worksheets: exact measurements -----------------------------------------------------------

_REF_COLUMN = re.compile(rb'<c r="([A-Za-z]+)\d')
_REF_ROW = re.compile(rb'<c r="[A-Za-z]+(\d+)"')
_ODD_VALUE = re.compile(rb"<v(?!>|[\w.:-])|<v>(?:\s|\+|0\d)")
_REF = re.compile(r"([A-Za-z]*)(\d*)")


def column_number(letters: str | bytes) -> int:
    """``A`` -> 1, ``AZ`` -> 52, ``XFD`` -> 16384 (case ignored, as python-calamine does)."""
    column = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        column = column * 26 + (ord(ch) - 64)
    return column


def column_letters(column: int) -> str:
    """``1`` -> ``A``, ``16384`` -> ``XFD``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _digits_pattern(numbers: Iterable[int]) -> bytes:
    """A regular expression matching exactly the given non-negative integers, as a digit trie
    (one step per digit, whatever their count)."""
    trie: dict[str, Any] = {}
    for value in numbers:
        node = trie
        for digit in str(value):
            node = node.setdefault(digit, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [digit + emit(child) for digit, child in sorted(node.items()) if digit]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie).encode("ascii")


class _SheetReferences:
    """For a sheet whose cells all start with r="…": its exact extent (with ``extent``), the
    shared-string bytes its cells may copy, strings longer than ``threshold`` counted one by one
    (with ``strings``), and whether it has text of its own (inline strings, formula text; without
    any ``<is`` or ``str`` in the sheet there is none)."""

    def __init__(self, scan: SheetScan, extent: bool, strings: SharedStrings | None, threshold: int
                 ) -> None:
        self.scan = scan
        self.extent = extent
        self.columns: set[bytes] = set()
        self.rows: set[bytes] = set()
        self.carry = b""
        self.long: dict[bytes, int] = {}
        self.pattern: re.Pattern[bytes] | None = None
        self.threshold = threshold
        self.odd_values = False
        if strings is not None:
            long = [i for i, n in enumerate(strings.lengths) if n > threshold]
            self.long = {str(i).encode(): strings.lengths[i] for i in long}
            if long:
                self.pattern = re.compile(rb"<v>(" + _digits_pattern(long) + rb")</v>")
        self.copied = 0
        self.text = False

    def feed(self, chunk: bytes) -> None:
        region = self.carry + chunk
        cut = _cut(region)
        self._scan(region[:cut])
        self.carry = region[cut:]

    def close(self) -> None:
        self._scan(self.carry)
        if not self.text:
            self.scan.text = 0
        if self.extent:
            scan = self.scan
            scan.columns = max((column_number(c) for c in self.columns), default=0)
            scan.rows = max((int(r) for r in self.rows), default=0)

    def _scan(self, body: bytes) -> None:
        if not self.text and (b"<is" in body or b"str" in body):
            self.text = True
        if self.extent:
            self.columns.update(_REF_COLUMN.findall(body))
            self.rows.update(_REF_ROW.findall(body))
        if self.pattern is not None:
            if _ODD_VALUE.search(body):
                self.odd_values = True
            long = self.long
            self.copied += sum(long[i] for i in self.pattern.findall(body))


class _StopParse(Exception):
    pass


class _SheetExact:
    """A streaming XML parse that places cells as python-calamine does (a cell's r="…", else the
    row's r="…" and the count of cells before it) and measures what reading them takes."""

    def __init__(self, scan: SheetScan, strings: SharedStrings, file: str) -> None:
        self.scan = scan
        self.strings = strings
        self.file = file
        self.row = 0
        self.col = 0
        self.rows = 0
        self.columns = 0
        self.cells = 0
        self.copied = 0
        self.text = 0
        self.no_value: list[str] = []
        self.in_cell = False
        self.place = (0, 0)
        self.ref = ""
        self.kind = ""
        self.formula = False
        self.inline = False
        self.value: list[str] | None = None
        self.collect = False
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        parser.StartDoctypeDeclHandler = self.doctype
        self.parser = parser

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as exc:
            _damaged(self.file, f"лист «{self.scan.part}» не читается как XML: {exc}")

    def close(self) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            _damaged(self.file, f"лист «{self.scan.part}» не читается как XML: {exc}")
        scan = self.scan
        scan.rows, scan.columns, scan.cells = self.rows, self.columns, self.cells
        scan.strings, scan.text = self.copied, self.text
        scan.no_value = self.no_value[:_LISTED]
        scan.formulas = scan.formulas or bool(self.no_value)

    def doctype(self, *args: object) -> None:
        _refuse(self.file, "в листе книги есть объявление DOCTYPE, какого Excel не пишет: файл подделан "
                           "или создан не Excel. Откройте его в Excel и сохраните заново")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            ref = attrs.get("r")
            if ref is not None:
                match = _REF.fullmatch(ref)
                if match and match.group(2):
                    self.row = int(match.group(2)) - 1
        elif local == "c":
            ref = attrs.get("r")
            match = _REF.fullmatch(ref) if ref is not None else None
            if match and match.group(1) and match.group(2):
                self.col = column_number(match.group(1)) - 1
                self.place = (int(match.group(2)) - 1, self.col)
            else:
                self.place = (self.row, self.col)
            self.ref = ref or f"{column_letters(self.place[1] + 1)}{self.place[0] + 1}"
            self.kind = attrs.get("t", "")
            self.in_cell, self.formula, self.inline, self.value = True, False, False, None
        elif not self.in_cell:
            return
        elif local == "f":
            self.formula = True
        elif local == "v":
            self.value = []
            self.collect = True
        elif local == "is":
            self.inline = True
            self.collect = True

    def chars(self, data: str) -> None:
        if self.collect:
            if self.inline:
                self.text += len(data.encode("utf-8", "surrogatepass"))
            elif self.value is not None:
                self.value.append(data)

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            self.row += 1
            self.col = 0
        elif local in ("v", "is"):
            self.collect = False
        elif local == "c" and self.in_cell:
            self.in_cell = False
            self.col += 1
            value = "".join(self.value) if self.value is not None else None
            if self.formula and not self.inline and (
                    value is None or (not value.strip() and self.kind not in ("str", "inlineStr"))):
                self.no_value.append(self.ref)
            if not (self.inline or value):
                return
            self.cells += 1
            self.rows = max(self.rows, self.place[0] + 1)
            self.columns = max(self.columns, self.place[1] + 1)
            if self.kind == "s" and value is not None:
                text = value.strip()
                self.copied += (self.strings.length(int(text)) if text.isdigit() and text.isascii()
                                else self.strings.longest)
            elif value is not None:
                self.text += len(value.encode("utf-8", "surrogatepass"))


# --- the archive ------------------------------------------------------------------------------


def memory_bound(rows: int, columns: int, cells: int, strings: int, strings_wide: int, text: int,
                 text_wide: int) -> int:
    """Bytes reading one sheet may take at most, from measurements of python-calamine 0.9.1 and
    of imports through dispatch.import_file (bench/bench_workbook_memory.py):

    * 48 per cell of the rectangle from A1 to the last filled cell: 32 in python-calamine's grid,
      8 for the slot in a row's list and up to 8 more for the spare room of a list built by a
      comprehension; and 96 per row (the list itself);
    * 128 per filled cell: a Python object (a str's header is up to 76 bytes) and the allocation
      of python-calamine's copy of a text (the 40 bytes per cell of its list of cells are freed
      before the rows are made);
    * every byte of text once in python-calamine and ``*_wide`` times in Python (1 for ASCII, 2
      for other text such as Cyrillic, 4 when astral characters may occur): ``strings`` are the
      shared strings copied into the cells, ``text`` the sheet's own (inline strings, formulas).
    """
    return (48 * rows * columns + 96 * rows + 128 * cells + (1 + strings_wide) * strings
            + (1 + text_wide) * text)


@dataclass
class Archive:
    """A checked archive: what python-calamine will find in it, and what reading costs."""

    path: Path
    file: str
    infos: list[zipfile.ZipInfo]
    sheet_parts: dict[str, list[int]]  # sheet name -> directory positions it may be read from
    sheet_names: list[str]
    scans: dict[int, SheetScan]
    strings: SharedStrings

    def base_bound(self) -> int:
        """What opening the workbook costs: python-calamine keeps every shared string."""
        return 24 * len(self.strings.lengths) + self.strings.total

    def check_sheets(self, names: Iterable[str]) -> None:
        """Refuse the chosen sheets if reading them needs too much memory or their formulas have no
        saved values; measured exactly when the cheap bound is over the budget."""
        chosen = list(names)
        bounds: dict[str, int] = {}
        for name in chosen:
            scans = self._scans_of(name)
            for scan in scans:
                if scan.no_value:
                    self._refuse_formulas(name, scan)
            bounds[name] = max((self._bound(scan) for scan in scans), default=0)
        total = self.base_bound() + sum(bounds.values())
        if total <= MEMORY_BUDGET:
            return
        for name in sorted(chosen, key=lambda n: -bounds[n]):
            for scan in self._scans_of(name):
                self._measure(scan, name)
                if scan.no_value:
                    self._refuse_formulas(name, scan)
            bounds[name] = max((self._bound(scan) for scan in self._scans_of(name)), default=0)
            total = self.base_bound() + sum(bounds.values())
            if total <= MEMORY_BUDGET:
                return
        worst = max(chosen, key=lambda n: bounds[n])
        self._refuse_memory(worst, max(self._scans_of(worst), key=self._bound), total)

    def _scans_of(self, name: str) -> list[SheetScan]:
        parts = self.sheet_parts.get(name)
        if parts is None:  # the workbook's own list did not resolve: any worksheet part may be it
            return [s for s in self.scans.values() if s.worksheet]
        return [self.scans[i] for i in parts if i in self.scans]

    def _bound(self, scan: SheetScan) -> int:
        strings = self.strings
        if scan.rows is None and (scan.far or scan.odd):
            return MEMORY_BUDGET + 1  # unknown until measured
        rows = scan.rows if scan.rows is not None else scan.row_bound
        columns = scan.columns if scan.columns is not None else _COLUMNS_AZ
        copied = scan.strings if scan.strings is not None else scan.cells * strings.longest
        text = scan.text if scan.text is not None else scan.size
        return memory_bound(rows, columns, scan.cells, copied, strings.wide, text, _SHEET_TEXT_WIDE)

    def _pass(self, scan: SheetScan, consumer: _SheetReferences | _SheetExact) -> None:
        with self.path.open("rb") as handle:
            for chunk in inflate(handle, self.infos[scan.index], self.file):
                consumer.feed(chunk)
        consumer.close()

    def _measure(self, scan: SheetScan, name: str) -> None:
        """Replace the cheap figures of ``scan`` (part of sheet ``name``) by exact ones or tighter
        bounds."""
        if scan.strings is not None:
            return  # measured already
        strings = self.strings
        if not scan.odd:
            # the strings shorter than this are bounded all together, the longer ones one by one
            room = MEMORY_BUDGET - self.base_bound() - memory_bound(
                scan.row_bound, _COLUMNS_AZ, scan.cells, 0, strings.wide, scan.size, _SHEET_TEXT_WIDE)
            threshold = max(16, room // max(1, 2 * (1 + strings.wide) * scan.cells))
            # the extent is read exactly when the cheap scan could not bound it, or when its bound
            # alone is a good part of the budget
            extent = scan.far or 48 * scan.row_bound * _COLUMNS_AZ > MEMORY_BUDGET // 4
            references = _SheetReferences(scan, extent, strings if strings.lengths else None, threshold)
            self._pass(scan, references)
            if not references.odd_values and len(references.long) <= 5000:
                scan.strings = scan.cells * min(threshold, strings.longest) + references.copied
                return
            scan.rows = scan.columns = scan.text = None  # values written oddly: parse the sheet
        if scan.size > MAX_PARSED_BYTES:
            _refuse(self.file, f"лист записан не так, как его записывает Excel, и слишком велик "
                               f"({_mb(scan.size)} МБ), чтобы проверить его перед чтением: откройте файл в "
                               "Excel и сохраните его заново", sheet=name)
        self._pass(scan, _SheetExact(scan, strings, self.file))

    def _refuse_formulas(self, name: str, scan: SheetScan) -> NoReturn:
        cells = ", ".join(scan.no_value[:_LISTED])
        first = _REF.fullmatch(scan.no_value[0])
        row = int(first.group(2)) if first and first.group(2) else None
        column = first.group(1).upper() if first else ""
        more = " и другие" if len(scan.no_value) >= _LISTED else ""
        _refuse(self.file, f"в ячейках {cells}{more} формулы без сохранённых значений (файл записан "
                           "программой и ни разу не открывался в Excel; без значений участники "
                           "оказались бы отсутствующими): откройте файл в Excel и сохраните его, чтобы в "
                           "нём были значения", sheet=name, row=row, column=column)

    def _refuse_memory(self, name: str, scan: SheetScan, total: int) -> NoReturn:
        rows, columns = scan.rows or 0, scan.columns or 0  # measured: the grid may be the cause
        grid = 48 * rows * columns
        copied = (1 + self.strings.wide) * (scan.strings or 0)
        need = f"для чтения понадобилось бы до {_mb(total)} МБ памяти (допустимо {_mb(MEMORY_BUDGET)} МБ)"
        if grid >= copied and grid >= 128 * scan.cells:
            _refuse(self.file, f"лист занимает {_n(rows)} {plural(rows, 'строку', 'строки', 'строк')} × "
                               f"{_n(columns)} {plural(columns, 'столбец', 'столбца', 'столбцов')} (до "
                               f"столбца {column_letters(columns)} и строки {_n(rows)}) — {need}. Вероятно, "
                               "далеко от таблицы осталось случайное значение: удалите в Excel лишние "
                               "строки и столбцы за таблицей и сохраните файл", sheet=name)
        if copied >= 128 * scan.cells:
            _refuse(self.file, f"длинные строки текста повторяются в ячейках листа столько раз, что {need}: "
                               "файл создан не Excel или подделан. Откройте его в Excel и сохраните "
                               "заново или запросите файл у отправителя ещё раз", sheet=name)
        _refuse(self.file, f"заполненных ячеек на листе — до {_n(scan.cells)}: {need}. Разделите таблицу "
                           "на несколько файлов", sheet=name)


# --- the workbook's own list of sheets --------------------------------------------------------

MAX_LISTED_ELEMENTS = 10_000  # sheets or relationships a workbook may list (real: a handful)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _XmlSink:
    """A small part fed to a streaming parser chunk by chunk; ``ok`` is False once it is not
    well-formed XML (the part is still unpacked to the end and checked)."""

    def __init__(self, start: Callable[[str, dict[str, str]], None]) -> None:
        self.ok = True
        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = start
        parser.StartDoctypeDeclHandler = self._doctype
        self.parser = parser

    @staticmethod
    def _doctype(*args: object) -> None:
        raise _StopParse

    def feed(self, chunk: bytes) -> None:
        if self.ok:
            try:
                self.parser.Parse(chunk, False)
            except (expat.ExpatError, _StopParse):
                self.ok = False

    def close(self) -> None:
        self.feed(b"")
        if self.ok:
            try:
                self.parser.Parse(b"", True)
            except (expat.ExpatError, _StopParse):
                self.ok = False


def _targets(target: str) -> set[str]:
    """Where a relationship's target may be read from, lower-cased (python-calamine's versions
    resolve it differently and look names up ignoring case)."""
    stripped = target.lstrip("/")
    found = {stripped if target.startswith(("/xl/", "xl/")) else f"xl/{target}", stripped}
    if not target.startswith("/"):
        found.add(posixpath.normpath(posixpath.join("xl", target)))
    return {t.lower() for t in found}


def check_archive(path: Path, file: str) -> Archive:
    """Check the directory, unpack and check every part, scan the worksheets on the way;
    ImportRejected when the archive is a bomb, lies about its sizes or is damaged."""
    with open_zip(path, file) as archive, path.open("rb") as handle:
        try:
            return _check_parts(archive.infolist(), handle, path, file)
        except (OSError, EOFError, ValueError, struct.error) as exc:
            _damaged(file, str(exc))


def _check_parts(infos: list[zipfile.ZipInfo], handle: IO[bytes], path: Path, file: str) -> Archive:
    by_name: dict[str, list[int]] = {}
    for i, info in enumerate(infos):
        by_name.setdefault(info.filename.lower(), []).append(i)
    done: set[int] = set()

    def named(name: str) -> list[int]:
        return by_name.get(name, [])

    def read(i: int, feed: Callable[[bytes], None] | None = None) -> None:
        done.add(i)
        for chunk in inflate(handle, infos[i], file):
            if feed is not None:
                feed(chunk)

    def too_many() -> NoReturn:
        _refuse(file, f"книга перечисляет больше {_n(MAX_LISTED_ELEMENTS)} листов или связей между "
                      "частями (в настоящих книгах их единицы): файл создан не Excel или подделан. "
                      "Откройте его в Excel и сохраните заново")

    # the relationships and the workbook's list of sheets first: they say which parts are sheets
    relations: dict[str, tuple[str, str]] = {}
    sheets: list[tuple[str, str]] = []

    def on_relation(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and "Id" in attrs:
            if len(relations) >= MAX_LISTED_ELEMENTS:
                too_many()
            relations[attrs["Id"]] = (attrs.get("Target", ""), attrs.get("Type", ""))

    def on_sheet(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            if len(sheets) >= MAX_LISTED_ELEMENTS:
                too_many()
            rid = next((v for k, v in attrs.items() if ":" in k and _local(k) == "id"), "")
            sheets.append((attrs.get("name", ""), rid))

    resolved = bool(named("xl/workbook.xml"))
    for i in named("xl/_rels/workbook.xml.rels") + named("xl/workbook.xml"):
        sink = _XmlSink(on_relation if i in named("xl/_rels/workbook.xml.rels") else on_sheet)
        read(i, sink.feed)
        sink.close()
        resolved = resolved and sink.ok
    sheet_parts: dict[str, list[int]] = {}
    for sheet_name, rid in sheets:
        target = relations.get(rid)
        parts = sorted({i for t in _targets(target[0]) for i in named(t)}) if target else []
        if parts:
            sheet_parts[sheet_name] = parts

    # the shared strings, whose lengths the sheets' bounds need
    strings = SharedStrings()
    string_parts = set(named("xl/sharedstrings.xml"))
    for strings_target, kind in relations.values():
        if kind.endswith("/sharedStrings"):
            string_parts |= {i for t in _targets(strings_target) for i in named(t)}
    for i in sorted(string_parts - done, key=lambda j: infos[j].header_offset):
        counter = _StringsScan(file, strings)
        read(i, counter.feed)
        counter.close()

    # every other part, unpacked and checked; the sheets scanned on the way
    wanted = {i for parts in sheet_parts.values() for i in parts}
    scan_all = not resolved or len(sheet_parts) < len(sheets)
    scans: dict[int, SheetScan] = {}
    for i in sorted(set(range(len(infos))) - done, key=lambda j: infos[j].header_offset):
        if i in wanted or (scan_all and not infos[i].is_dir()):
            scans[i] = SheetScan(i, infos[i].filename, worksheet=i in wanted)
            cheap = _SheetCheap(scans[i])
            read(i, cheap.feed)
            cheap.close()
        else:
            read(i)
    return Archive(path, file, infos, sheet_parts, [n for n, _ in sheets], scans, strings)


# --- bounded looks into an archive ------------------------------------------------------------


@dataclass
class ArchiveHeads:
    """The part names of an archive whose directory passed the checks, and the first bytes of
    any part (for sniffing what a file is without reading it)."""

    zip: zipfile.ZipFile
    handle: IO[bytes]
    file: str

    @property
    def names(self) -> list[str]:
        return self.zip.namelist()

    def head(self, name: str, limit: int) -> bytes:
        """At most ``limit`` unpacked bytes from the start of part ``name`` (KeyError if absent)."""
        info = self.zip.getinfo(name)
        try:
            return b"".join(inflate(self.handle, info, self.file, limit=limit))
        except (OSError, EOFError, ValueError, struct.error) as exc:
            _damaged(self.file, str(exc))


@contextmanager
def archive_heads(path: Path, file: str) -> Iterator[ArchiveHeads]:
    """``path`` opened after the checks of its directory (sizes, ratios, parts), for bounded reads."""
    with open_zip(path, file) as archive, path.open("rb") as handle:
        yield ArchiveHeads(archive, handle, file)
