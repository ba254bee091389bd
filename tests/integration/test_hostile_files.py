"""Damaged, truncated, wrong-typed and hostile files: each is refused or imported correctly,
never a crash, never a partial import."""

from __future__ import annotations

import io
import shutil
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shnor_desktop.io.dispatch import ImportOptions, import_file
from shnor_desktop.io.problems import ImportRejected

SMALL = "ВПР_2022_4кл_Математика.xlsx"  # a real 12 KB protocol


def table_counts(ctx) -> tuple[int, ...]:
    con = sqlite3.connect(ctx.paths.database_file)
    try:
        return tuple(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("school", "assessment_result", "task_result", "import_batch",
                               "school_context"))
    finally:
        con.close()


def try_import(ctx, path: Path) -> bool:
    """True if imported; False if refused with problems. Any other exception fails the test."""
    before = table_counts(ctx)
    try:
        import_file(ctx, path, ImportOptions(all_municipalities=True, create_missing=True))
    except ImportRejected as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        assert table_counts(ctx) == before, "a refused file changed the database"
        return False
    return True


def rezip(original: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    """Rewrite the xlsx container, letting ``edit(name, data)`` change each part."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, edit(info.filename, src.read(info.filename)))
    return out.getvalue()


_ORIGINAL: dict[str, bytes] = {}


class Original(bytes):
    """The sample's bytes, with a short repr for hypothesis reports."""

    def __repr__(self) -> str:
        return f"<{SMALL}: {len(self)} bytes>"


@pytest.fixture
def original(samples) -> bytes:
    return Original((samples / SMALL).read_bytes())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_bytes_are_refused_or_imported(ctx, original, tmp_path, data):
    kind = data.draw(st.sampled_from(["truncate", "flip", "insert"]))
    raw = bytearray(original)
    if kind == "truncate":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    elif kind == "flip":
        for _ in range(data.draw(st.integers(1, 20))):
            i = data.draw(st.integers(0, len(raw) - 1))
            raw[i] = data.draw(st.integers(0, 255))
    else:
        i = data.draw(st.integers(0, len(raw)))
        raw[i:i] = data.draw(st.binary(min_size=1, max_size=200))
    path = tmp_path / "повреждённый файл.xlsx"
    path.write_bytes(bytes(raw))
    try_import(ctx, path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.one_of(st.text(max_size=50), st.just("=HYPERLINK(\"http://x\")"), st.just("X"),
                      st.just("-1e308"), st.just("NaN"), st.just("отсутствовал")))
def test_wrong_typed_cells_are_refused_or_imported(ctx, original, tmp_path, junk):
    from xml.sax.saxutils import escape

    def edit(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            text = data.decode("utf-8")
            # turn every number cell of the sheet into the junk text
            return text.replace("<v>", f"<is><t>{escape(junk)}</t></is><v>", 1).encode("utf-8")
        return data

    path = tmp_path / "файл с мусором.xlsx"
    path.write_bytes(rezip(original, edit))
    try_import(ctx, path)


def test_xml_bomb_is_refused_quickly(ctx, original, tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10)
                       for i in range(1, 10))
            + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
              b"</sheetData></worksheet>")
    path = tmp_path / "бомба.xlsx"
    path.write_bytes(rezip(original, lambda n, d: bomb if n == "xl/worksheets/sheet1.xml" else d))
    start = time.perf_counter()
    assert not try_import(ctx, path)
    assert time.perf_counter() - start < 20


def test_huge_cells_and_formulas_are_handled(ctx, original, tmp_path):
    huge = "Ж" * 32_767

    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/sharedStrings.xml":
            return data.replace(b"<t>", f"<t>{huge}".encode(), 1)
        if name.startswith("xl/worksheets/"):
            return data.replace(b"<v>", b"<f>SUM(1,2)*1000000</f><v>", 3)
        return data

    path = tmp_path / "огромные ячейки.xlsx"
    path.write_bytes(rezip(original, edit))
    try_import(ctx, path)


def test_a_million_rows_sheet_is_refused_whole(ctx, tmp_path):
    """1,048,576 rows of junk: read, found to be no known kind, refused; nothing changes."""
    rows = 1_048_576
    sheet = io.StringIO()
    sheet.write('<?xml version="1.0" encoding="UTF-8"?><worksheet '
                'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    for r in range(1, rows + 1):
        sheet.write(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>')
    sheet.write("</sheetData></worksheet>")
    path = tmp_path / "миллион строк.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
                   'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                   'worksheet+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                   '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    assert not try_import(ctx, path)


def test_cyrillic_and_spaces_in_paths(ctx, samples, tmp_path):
    folder = tmp_path / "Мои документы" / "ВПР 2022 (весна)"
    folder.mkdir(parents=True)
    path = folder / "протокол 4 класс математика.xlsx"
    shutil.copy(samples / SMALL, path)
    assert try_import(ctx, path)
