"""Hostile workbooks built in the test, imported through ``dispatch.import_file``: each is refused
with a located Russian problem that says what to do, and the database is left unchanged.

Zip bombs (declared sizes, ratios, sizes that lie), sheets that would need gigabytes (a stray
value far from the table, one long string shown by many cells), too many rows, formulas without
saved values. No timings are asserted (bench/bench_workbook_memory.py measures them)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from shnor_desktop.io import workbook, xlsx_guard
from shnor_desktop.io.dispatch import ImportOptions, import_file
from shnor_desktop.io.problems import ImportRejected, Problem
from tests.hostile_xlsx import database_snapshot, lie_about_size, repeated, write_xlsx

SHEET = "Лист1"
ZERO_ROW = "<row><c><v>0</v></c></row>"


def refused(ctx, path: Path) -> Problem:  # type: ignore[no-untyped-def]
    """The first problem of the refusal; fails if the file is imported or the database changes."""
    before = database_snapshot(ctx)
    with pytest.raises(ImportRejected) as caught:
        import_file(ctx, path, ImportOptions(all_municipalities=True, create_missing=True))
    assert database_snapshot(ctx) == before, "a refused file changed the database"
    problem = caught.value.problems[0]
    assert problem.file == path.name
    return problem


def protocol_2021(path: Path, score: str, rows: int = 3) -> Path:
    """A small ВПР protocol in the 2021 layout, written by openpyxl (formulas get no saved value)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Протокол"
    sheet.append(["логин школы", "регион", "номер обучающегося", "код обучающегося",
                  "отметка за предыдущую четверть/триместр", "пол", "класс", "вариант", "всего баллов",
                  "балл за 1", "балл за 2", "балл за 3"])
    for i in range(2, rows + 2):
        sheet.append(["sch220001", "Алтайский край", i, f"{1000 + i}", 4, "М", "5а", 1,
                      score.format(row=i), 1, 1, 1])  # within the tasks' maxima (1 point each)
    book.save(path)
    return path


# --- zip bombs ----------------------------------------------------------------------------------


def test_zip_bomb_is_refused_from_its_directory(ctx, tmp_path, monkeypatch):
    """A 2.4 MB file whose sheet unpacks to 400 MB: refused before anything is unpacked, for its
    ratio; and, were its ratio allowed, for its total size."""
    path = write_xlsx(tmp_path / "бомба.xlsx", repeated(ZERO_ROW, 400 << 20), level=1)
    assert path.stat().st_size < 5 << 20
    problem = refused(ctx, path)
    assert "часть книги «xl/worksheets/sheet1.xml» распаковывается в 400 МБ" in problem.message
    assert "запросите файл у отправителя" in problem.message.lower()
    monkeypatch.setattr(xlsx_guard, "MAX_RATIO", 1000)
    problem = refused(ctx, path)
    assert "книга распаковывается в 400 МБ — больше допустимых 300 МБ" in problem.message


def test_a_part_compressed_too_much_is_refused(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "RATIO_CHECKED_BYTES", 4 << 20)  # 50 MB in the application
    path = write_xlsx(tmp_path / "сжатая.xlsx", repeated(ZERO_ROW, 8 << 20))
    problem = refused(ctx, path)
    assert "xl/worksheets/sheet1.xml" in problem.message and "сжата в" in problem.message
    assert "zip-бомба" in problem.message


def test_a_part_that_unpacks_to_more_than_declared_is_refused(ctx, tmp_path):
    """The directory says 1 MB (with the CRC of that first megabyte, so Python's zipfile, which
    stops at the declared size, finds nothing wrong); the part really unpacks to 40 MB."""
    path = write_xlsx(tmp_path / "лжец.xlsx", repeated(ZERO_ROW, 40 << 20), zip64=False)
    lie_about_size(path, "xl/worksheets/sheet1.xml", 1 << 20)
    assert zipfile.ZipFile(path).testzip() is None  # what the old check relied on
    problem = refused(ctx, path)
    assert "больше байт, чем заявлено" in problem.message
    assert "xl/worksheets/sheet1.xml" in problem.message


def test_too_many_parts_and_strange_compression_are_refused(ctx, tmp_path, monkeypatch):
    source = write_xlsx(tmp_path / "обычная.xlsx", ['<row r="1"><c r="A1"><v>1</v></c></row>'])
    many = tmp_path / "много частей.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(many, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        for i in range(30):
            dst.writestr(f"xl/media/image{i}.png", b"x")
    monkeypatch.setattr(xlsx_guard, "MAX_PARTS", 20)
    assert "частей" in refused(ctx, many).message

    bz = tmp_path / "bzip2.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(bz, "w", zipfile.ZIP_BZIP2) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    assert "сжата способом" in refused(ctx, bz).message


# --- sheets that would need gigabytes -----------------------------------------------------------


def test_a_stray_value_in_the_last_cell_is_refused_not_a_crash(ctx, tmp_path):
    """python-calamine would allocate a grid of 17 billion cells for this 6 KB file and abort."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["логин", "имя", "регион"])
    sheet.append(["sch220001", "МБОУ СОШ № 1", "Алтайский край"])
    sheet["XFD1048576"] = "забыли"
    path = tmp_path / "логины.xlsx"
    book.save(path)
    problem = refused(ctx, path)
    assert problem.sheet == sheet.title
    assert "1\u00a0048\u00a0576 строк × 16\u00a0384 столбца" in problem.message
    assert "удалите в Excel лишние строки и столбцы" in problem.message


def test_a_stray_value_a_million_rows_down_is_refused(ctx, tmp_path):
    """Z1000000: a grid of 26 million cells (about 1 GB once read) from a 2 KB file."""
    path = write_xlsx(tmp_path / "далеко.xlsx", ['<row r="1"><c r="A1"><v>1</v></c></row>',
                                                  '<row r="1000000"><c r="Z1000000"><v>1</v></c></row>'])
    problem = refused(ctx, path)
    assert problem.sheet == SHEET and "до столбца Z и строки 1\u00a0000\u00a0000" in problem.message


def test_a_far_cell_written_in_unusual_xml_is_found(ctx, tmp_path):
    """Single quotes instead of double: the byte patterns do not follow it, the XML parser does."""
    path = write_xlsx(tmp_path / "кавычки.xlsx", ["<row r='1'><c r='A1'><v>1</v></c></row>",
                                                   "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"])
    problem = refused(ctx, path)
    assert "16\u00a0384 столбца" in problem.message


def test_one_long_string_shown_by_many_cells_is_refused(ctx, tmp_path):
    """30,000 cells showing one 32,000-character string: 2 GB of copies from a 60 KB file."""
    rows = (f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 30_001))
    path = write_xlsx(tmp_path / "повторы.xlsx", rows, strings=["Ж" * 32_000])
    problem = refused(ctx, path)
    assert problem.sheet == SHEET and "длинные строки текста повторяются" in problem.message


def test_a_sheet_over_the_row_limit_is_refused_before_its_rows_are_made(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 50)
    rows = (f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="s"><v>0</v></c></row>'
            for r in range(1, 61))
    path = write_xlsx(tmp_path / "длинный.xlsx", rows, strings=["логин"])
    problem = refused(ctx, path)
    assert problem.sheet == SHEET and problem.row == 51
    assert "на листе 60 строк — больше допустимых 50" in problem.message


# --- formulas without saved values --------------------------------------------------------------


def test_formulas_without_saved_values_are_refused_not_absentees(ctx, tmp_path):
    path = protocol_2021(tmp_path / "ВПР_2021_5кл_Математика.xlsx", "=SUM(J{row}:L{row})")
    problem = refused(ctx, path)
    assert problem.sheet == "Протокол" and problem.row == 2 and problem.column == "I"
    assert "в ячейках I2, I3, I4 и другие формулы без сохранённых значений" in problem.message
    assert "откройте файл в Excel и сохраните его, чтобы в нём были значения" in problem.message


def test_the_same_protocol_with_values_is_imported(ctx, tmp_path):
    path = protocol_2021(tmp_path / "ВПР_2021_5кл_Математика.xlsx", "3")
    summary = import_file(ctx, path, ImportOptions(all_municipalities=True, create_missing=True))
    assert summary.created or summary.updated


def test_formulas_in_a_table_of_another_kind_are_refused(ctx, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Логины"
    sheet.append(["логин", "имя", "регион"])
    sheet.append(["sch220001", '=CONCATENATE("МБОУ ", "СОШ")', "Алтайский край"])
    path = tmp_path / "logins.xlsx"
    book.save(path)
    problem = refused(ctx, path)
    assert problem.sheet == "Логины" and problem.row == 2 and problem.column == "B"
    assert "в ячейках B2 формулы без сохранённых значений" in problem.message
