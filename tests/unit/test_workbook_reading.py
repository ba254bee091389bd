"""io/workbook.py and io/xlsx_guard.py on small files: rows made one at a time are exactly what
python-calamine's whole-sheet read gives; the guard's byte patterns agree with an XML parse."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shnor_desktop.io import xlsx_guard
from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.io.vpr import sniff_layout
from shnor_desktop.io.workbook import normalise_cell, read_raw_sheets, read_workbook
from tests.hostile_xlsx import repeated, write_xlsx

SMALL_SAMPLES = ["ВПР_2022_4кл_Математика.xlsx", "ВПР_2022_11кл_История.xlsx", "logins.xlsx",
                 "Контекстные_данные_ОО_2022.xlsx"]


def whole_sheets(path: Path) -> dict[str, list[list]]:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}


@pytest.mark.parametrize("name", SMALL_SAMPLES)
def test_rows_are_what_a_whole_sheet_read_gives(samples, name):
    path = samples / name
    expected = whole_sheets(path)
    raw = read_raw_sheets(path, lambda names: names)
    assert {s.name: s.rows for s in raw} == expected
    normalised = read_workbook(path)
    assert {s.name: s.rows for s in normalised} == {
        n: [[normalise_cell(c) for c in row] for row in rows] for n, rows in expected.items()}


def test_a_table_below_and_right_of_a1_and_an_empty_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["C3"] = "логин"
    sheet["D4"] = 5
    sheet["E6"] = " текст "
    book.create_sheet("Пустой")
    path = tmp_path / "сдвиг.xlsx"
    book.save(path)
    raw = {s.name: s.rows for s in read_raw_sheets(path, lambda names: names)}
    assert raw == whole_sheets(path)
    assert raw["Пустой"] == []
    assert raw[sheet.title][2] == ["", "", "логин", "", ""]
    assert read_workbook(path, [sheet.title])[0].rows[5] == [None, None, None, None, "текст"]


def test_choose_picks_sheets_and_problems_name_the_given_file(samples, tmp_path):
    path = samples / "ВПР_2022_4кл_Математика.xlsx"
    chosen = read_raw_sheets(path, lambda names: [n for n in names if n == "Протокол"])
    assert [s.name for s in chosen] == ["Протокол"]
    broken = tmp_path / "копия.xlsx"
    broken.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(ImportRejected) as caught:
        read_raw_sheets(broken, lambda names: names, file_name="протокол.xlsx")
    assert caught.value.problems[0].file == "протокол.xlsx"


def test_an_empty_list_of_shared_strings_is_fine(tmp_path):
    path = write_xlsx(tmp_path / "числа.xlsx", ['<row r="1"><c r="A1"><v>1</v></c></row>'])
    assert read_workbook(path)[0].rows == [[1]]


def test_the_sniff_of_a_bomb_unpacks_nothing(tmp_path):
    path = write_xlsx(tmp_path / "бомба.xlsx", repeated("<row><c><v>0</v></c></row>", 400 << 20), level=1)
    assert sniff_layout(path) is None
    with pytest.raises(ImportRejected):
        read_workbook(path)


# --- the guard's pieces -------------------------------------------------------------------------


def test_columns_both_ways():
    for column in (1, 26, 27, 52, 53, 702, 703, 16384):
        assert xlsx_guard.column_number(xlsx_guard.column_letters(column)) == column
    assert xlsx_guard.column_letters(16384) == "XFD" and xlsx_guard.column_number(b"az") == 52


@pytest.mark.parametrize(("row", "bound"), [(7, 7), (9, 9), (950, 999), (26140, 29999), (99999, 99999),
                                            (1048576, 1999999)])
def test_references_beyond_a_row_bound_or_column_az(row, bound):
    assert xlsx_guard._round_up(row) == bound
    far = xlsx_guard._far_refs(bound)
    for near in (f"A{row}", f"AZ{bound}", f"z{bound}", f"Aa{row}", "B1"):
        assert not far.search(f' r="{near}"'.encode()), near
    for beyond in (f"A{bound + 1}", f"ab{bound * 10}", f"A0{bound}", "BA1", "AAA1", "XFD1", "ba1", "ZZ1"):
        assert far.search(f' r="{beyond}"'.encode()), beyond
    assert xlsx_guard._far_refs(0).search(b' r="A1"')  # no row seen yet: any reference is far


@settings(max_examples=50, deadline=None)
@given(st.sets(st.integers(0, 100_000), min_size=1, max_size=60), st.integers(0, 100_000))
def test_digit_trie_matches_exactly_its_numbers(numbers, other):
    pattern = re.compile(rb"<v>(" + xlsx_guard._digits_pattern(sorted(numbers)) + rb")</v>")
    for n in [*numbers, other]:
        assert bool(pattern.fullmatch(f"<v>{n}</v>".encode())) == (n in numbers)


def test_inflate_stops_at_a_limit_and_checks_the_whole(samples, tmp_path):
    path = samples / "ВПР_2022_4кл_Математика.xlsx"
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
        whole = archive.read(info)
    with path.open("rb") as handle:
        assert b"".join(xlsx_guard.inflate(handle, info, path.name)) == whole
        assert b"".join(xlsx_guard.inflate(handle, info, path.name, limit=1000)) == whole[:1000]
    raw = bytearray(path.read_bytes())
    raw[info.header_offset + 30 + len(info.filename.encode()) + 200] ^= 0xFF  # inside the deflated data
    damaged = tmp_path / "испорчен.xlsx"
    damaged.write_bytes(bytes(raw))
    with damaged.open("rb") as handle, pytest.raises(ImportRejected) as caught:
        b"".join(xlsx_guard.inflate(handle, info, damaged.name))
    assert "повреждён" in caught.value.problems[0].message


CELLS = {
    # a formula with a saved value, as Excel writes it
    '<c r="A1"><f>1+2</f><v>3</v></c>': [],
    # a formula whose saved value is an empty string
    '<c r="A1" t="str"><f>""</f><v></v></c>': [],
    # openpyxl: a formula and an empty value
    '<c r="B2"><f>SUM(A1:A3)</f><v></v></c>': ["B2"],
    # a shared formula's other cells, no value
    '<c r="C3"><f t="shared" si="0"/></c>': ["C3"],
    '<c r="C3" t="n"><f t="shared" si="0"/><v/></c>': ["C3"],
    '<c r="D4" t="inlineStr"><f>X</f><is><t>x</t></is></c>': [],
}


@pytest.mark.parametrize(("cell", "expected"), list(CELLS.items()))
def test_formulas_without_values_cheap_and_exact_agree(tmp_path, cell, expected):
    path = write_xlsx(tmp_path / "ф.xlsx", [f'<row r="1">{cell}</row>'])
    archive = xlsx_guard.check_archive(path, path.name)
    (scan,) = archive.scans.values()
    assert scan.no_value == expected and not scan.odd
    exact = xlsx_guard._SheetExact(xlsx_guard.SheetScan(scan.index, scan.part), archive.strings, path.name)
    archive._pass(exact.scan, exact)
    assert exact.scan.no_value == expected


@pytest.mark.parametrize("name", ["ВПР_2022_11кл_История.xlsx", "Контекстные_данные_ОО_2022.xlsx"])
def test_cheap_and_exact_measures_agree_with_python_calamine(samples, name):
    path = samples / name
    archive = xlsx_guard.check_archive(path, path.name)
    grids = whole_sheets(path)
    for sheet, (index,) in archive.sheet_parts.items():
        cheap = archive.scans[index]
        rows, columns = len(grids[sheet]), len(grids[sheet][0])
        assert not cheap.far and not cheap.odd and rows <= cheap.row_bound and columns <= 52
        references = xlsx_guard.SheetScan(index, cheap.part, far=True)
        archive._pass(references, xlsx_guard._SheetReferences(references, True, None, 0))
        exact = xlsx_guard.SheetScan(index, cheap.part)
        archive._pass(exact, xlsx_guard._SheetExact(exact, archive.strings, path.name))
        assert (references.rows, references.columns) == (exact.rows, exact.columns) == (rows, columns)
        assert exact.cells <= cheap.cells


def rewritten(source: Path, target: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, edit(data) if info.filename.startswith("xl/worksheets/") else data)
    return target


def test_a_sheet_in_unusual_xml_is_measured_exactly_and_read_the_same(samples, tmp_path):
    """Prefixed elements, as some libraries write: the byte patterns step aside, an XML parse
    measures the sheet, the rows are those of the original."""
    source = samples / "ВПР_2022_4кл_Математика.xlsx"

    def prefixed(data: bytes) -> bytes:
        data = re.sub(rb"<(/?)(row|c|v|f|is|t)([\s/>])", rb"<\1x:\2\3", data)
        return data.replace(b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/'
                                             b'spreadsheetml/2006/main" ', 1)

    odd = rewritten(source, tmp_path / "префиксы.xlsx", prefixed)
    archive = xlsx_guard.check_archive(odd, odd.name)
    assert all(scan.odd for scan in archive.scans.values())
    assert ({s.name: s.rows for s in read_raw_sheets(odd, lambda names: names)}
            == {s.name: s.rows for s in read_raw_sheets(source, lambda names: names)})


def test_a_big_sheet_in_unusual_xml_is_refused_unparsed(samples, tmp_path, monkeypatch):
    source = samples / "ВПР_2022_11кл_История.xlsx"
    odd = rewritten(source, tmp_path / "пробелы.xlsx", lambda data: data.replace(b'<c r="', b'<c  r="'))
    monkeypatch.setattr(xlsx_guard, "MAX_PARSED_BYTES", 1 << 20)
    with pytest.raises(ImportRejected) as caught:
        read_raw_sheets(odd, lambda names: names)
    problem = caught.value.problems[0]
    assert problem.sheet == "Протокол" and "записан не так, как его записывает Excel" in problem.message
