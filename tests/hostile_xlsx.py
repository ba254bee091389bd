"""Hand-built .xlsx files for the hostile-file tests: written part by part with zipfile streaming,
so a sheet of hundreds of megabytes costs the test a few megabytes of memory."""

from __future__ import annotations

import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>")
ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
             f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
             "</Relationships>")
WORKBOOK_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
                 f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
                 "</Relationships>")
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def workbook_xml(sheet: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
            f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>')


def write_xlsx(path: Path, rows: Iterable[str], *, strings: Iterable[str] = (), sheet: str = "Лист1",
               level: int = 6, batch: int = 1 << 20, zip64: bool = True) -> Path:
    """A one-sheet workbook: ``rows`` are ``<row>`` elements (text), ``strings`` the shared strings
    (plain text, already XML-safe). The sheet is deflated as it is written, ``batch`` bytes at a
    time (``zip64=False`` for a sheet under 4 GB whose sizes :func:`lie_about_size` may change)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook_xml(sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml",
                         f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
                         + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as out:
            out.write(SHEET_HEAD.encode())
            pending: list[str] = []
            size = 0
            for row in rows:
                pending.append(row)
                size += len(row)
                if size >= batch:
                    out.write("".join(pending).encode())
                    pending, size = [], 0
            out.write("".join(pending).encode())
            out.write(SHEET_TAIL.encode())
    return path


def repeated(row: str, total_bytes: int) -> Iterable[str]:
    """The same row again and again, about ``total_bytes`` of them (a zip bomb's sheet)."""
    block = row * max(1, (1 << 20) // len(row))
    for _ in range(max(1, total_bytes // len(block))):
        yield block


def lie_about_size(path: Path, part: str, declared: int) -> None:
    """Make the archive declare ``declared`` unpacked bytes for ``part`` (with the CRC of that many
    first bytes, so that Python's zipfile, which stops at the declared size, finds nothing wrong)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        with archive.open(info) as fh:
            crc = zlib.crc32(fh.read(declared))
    raw = bytearray(path.read_bytes())
    # the local header
    offset = info.header_offset
    assert raw[offset:offset + 4] == b"PK\x03\x04"
    if raw[offset + 18:offset + 26] == b"\xff" * 8:
        raise ValueError("write the part without zip64 for this helper")
    struct.pack_into("<I", raw, offset + 14, crc)
    struct.pack_into("<I", raw, offset + 22, declared)
    # its entry in the central directory
    name = part.encode()
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46:at + 46 + name_length] == name:
            struct.pack_into("<I", raw, at + 16, crc)
            struct.pack_into("<I", raw, at + 24, declared)
            break
        at = raw.find(b"PK\x01\x02", at + 4)
    else:
        raise ValueError(f"{part} not in the central directory")
    path.write_bytes(bytes(raw))


def database_snapshot(ctx) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Row counts of every table: what a refused import must leave unchanged."""
    con = sqlite3.connect(ctx.paths.database_file)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
