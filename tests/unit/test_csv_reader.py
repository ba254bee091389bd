"""Text tables (CSV) read into the same sheets as a workbook: encodings, separators, quotes, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from shnor_desktop.io import csv_reader
from shnor_desktop.io.csv_reader import is_text_table, sniff_separator
from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.io.workbook import read_workbook

HEADER = ["Login", "School name", "Participants", "Mean score", "Share50"]
EXPECTED = [
    HEADER,
    ["sch229901", "МБОУ «СОШ № 1»", "20", "14,5", "45,3"],
    ["edu229903", 'МБОУ "СОШ № 3"; корпус 2', "15", "17", "66,7 %"],
    ["sch229904", None, "8", None, "0.5"],
]


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_cp1251_semicolons_quotes_and_decimal_commas(tmp_path: Path) -> None:
    text = ("Login;School name;Participants;Mean score;Share50\r\n"
            "sch229901;МБОУ «СОШ № 1»;20;14,5;45,3\r\n"
            '"edu229903";"МБОУ ""СОШ № 3""; корпус 2";15; 17 ;66,7 %\r\n'
            "sch229904;;8;;0.5\r\n"
            ";;;;\r\n\r\n")
    sheets = read_workbook(write(tmp_path / "Results by school.csv", text, "cp1251"))
    assert [s.name for s in sheets] == ["Results by school"]
    assert sheets[0].rows == EXPECTED  # trailing empty lines dropped, cells stripped, '' -> None
    assert sheets[0].header == HEADER


def test_utf8_bom_commas_with_quoted_decimal_commas(tmp_path: Path) -> None:
    text = ("\ufeffLogin,School name,Participants,Mean score,Share50\n"
            'sch229901,МБОУ «СОШ № 1»,20,"14,5","45,3"\n'
            'edu229903,"МБОУ ""СОШ № 3""; корпус 2",15,17,"66,7 %"\n'
            "sch229904,,8,,0.5\n")
    assert read_workbook(write(tmp_path / "results.csv", text, "utf-8"))[0].rows == EXPECTED


def test_utf8_without_bom_tabs_and_a_ragged_row(tmp_path: Path) -> None:
    text = ("Login\tSchool name\tParticipants\tMean score\tShare50\n"
            "sch229901\tМБОУ «СОШ № 1»\t20\t14,5\t45,3\n"
            'edu229903\t"МБОУ ""СОШ № 3""; корпус 2"\t15\t17\t66,7 %\n'
            "sch229904\t\t8\t\t0.5\n"
            "Итого\n")
    rows = read_workbook(write(tmp_path / "results.txt", text, "utf-8"))[0].rows
    assert rows[:4] == EXPECTED
    assert rows[4] == ["Итого", None, None, None, None]  # padded: every row as wide as the table


def test_utf16_unicode_text_of_excel(tmp_path: Path) -> None:
    text = "Login\tSchool name\nsch229901\tМБОУ «СОШ № 1»\n"
    assert read_workbook(write(tmp_path / "results.txt", text, "utf-16"))[0].rows == [
        ["Login", "School name"], ["sch229901", "МБОУ «СОШ № 1»"]]


def test_excel_separator_line(tmp_path: Path) -> None:
    text = "sep=,\nA;B,C\n1;2,3\n"
    assert read_workbook(write(tmp_path / "a.csv", text, "utf-8"))[0].rows == [["A;B", "C"], ["1;2", "3"]]


@pytest.mark.parametrize(("text", "separator"), [
    ("a;b;c\n1,5;2,5;3\n4,5;5;6,25\n", ";"),  # decimal commas in a semicolon file
    ('a,b,c\n"1,5","2,5",3\n"4,5",5,"6,25"\n', ","),
    ("a\tb, c\tc\n1\t2,5\t3\n", "\t"),
    ("одно поле\nещё\n", ";"),
])
def test_separator_sniffing(text: str, separator: str) -> None:
    assert sniff_separator(text) == separator


def test_text_named_xlsx_is_read_but_web_pages_and_workbooks_are_not_text(tmp_path: Path) -> None:
    named = write(tmp_path / "выгрузка.xlsx", "Login;Mean\nsch229901;14,5\n", "cp1251")
    assert is_text_table(named)
    assert read_workbook(named)[0].rows == [["Login", "Mean"], ["sch229901", "14,5"]]
    page = write(tmp_path / "отчёт.xls", "<html><table><tr><td>1;2</td></tr></table></html>", "utf-8")
    assert not is_text_table(page)
    with pytest.raises(ImportRejected, match="веб-страница"):
        read_workbook(page)
    binary = tmp_path / "книга.xlsx"
    binary.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert not is_text_table(binary)


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Лист1"
    book.active.append(["Login", "Mean"])
    book.active.append(["sch229901", 14.5])
    path = tmp_path / "выгрузка.csv"
    book.save(path)
    assert not is_text_table(path)
    sheets = read_workbook(path)
    assert sheets[0].name == "Лист1" and sheets[0].rows == [["Login", "Mean"], ["sch229901", 14.5]]


@pytest.mark.parametrize(("content", "needle"), [
    (b"", "файл пуст"),
    (b"\r\n\r\n;;\r\n", "нет ни одной заполненной строки"),
    (b"a;b\n\x00\x01;2\n", "двоичные данные"),
    (b"a;b\n\x98\x98;2\n", "кодировка текста не распознана"),
])
def test_bad_text_is_refused(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "плохой.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match=needle):
        read_workbook(path)


def test_row_limit_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_reader, "MAX_ROWS", 5)
    path = write(tmp_path / "много.csv", "a;b\n" + "1;2\n" * 5, "utf-8")
    with pytest.raises(ImportRejected, match="слишком много строк"):
        read_workbook(path)
    assert len(read_workbook(write(tmp_path / "в меру.csv", "a;b\n" + "1;2\n" * 4, "utf-8"))[0].rows) == 5


def test_an_unpaired_quote_does_not_swallow_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_reader, "MAX_CELL_CHARS", 50)
    path = write(tmp_path / "кавычка.csv", 'a;b\n"1;2\n' + "3;4\n" * 30, "utf-8")
    with pytest.raises(ImportRejected, match="непарная кавычка"):
        read_workbook(path)


def test_named_sheets_filter(tmp_path: Path) -> None:
    path = write(tmp_path / "results.csv", "a;b\n1;2\n", "utf-8")
    assert read_workbook(path, sheets=["Лист1"]) == []
    assert len(read_workbook(path, sheets=["results"])) == 1
