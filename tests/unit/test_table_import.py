"""The generic table importer on real .xlsx files made here with openpyxl, through a real database."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, insert, select

from shnor_desktop.cli import main
from shnor_desktop.io.dispatch import ImportOptions, detect_kind, import_file
from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.io.table_import import (
    ColumnMapping,
    apply_table_plan,
    header_set_key,
    plan_table_import,
    remember_mapping,
    remembered_mapping,
    school_name_key,
    suggest_mapping,
    validate,
)
from shnor_desktop.io.table_sheet import find_header, join_headers, read_table
from shnor_desktop.models import AssessmentResult, ImportBatch, School

HEADER_TOP = ["Логин", "Наименование ОО", "Кол-во участников", "Отметки", None, None, None,
              "Средний балл", "% качества"]
HEADER_LOW = [None, None, None, "«2»", "«3»", "«4»", "«5»", None, None]
ROWS = [
    ["sch229901", "МБОУ «СОШ № 1»", 20, 2, 6, 8, 4, 14.5, "60,0%"],
    [None, 'МБОУ "СОШ №2"', 10, 4, 4, 2, 0, 9.25, "20%"],
    ["edu229903", "Другая запись имени", 15, 0, 5, 5, 5, 17.0, 66.7],
    [None, "МКОУ «Неизвестная ООШ»", 8, 1, 3, 3, 1, 12.0, 50],
    ["Итого по району", None, 53, 7, 18, 18, 10, 13.6, 52.8],
]


def write_two_row_table(path: Path, rows: list[list[object]] = ROWS, *, title: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ОГЭ математика"
    start = 3 if title else 1
    if title:
        ws["A1"] = "Результаты ОГЭ по математике по ОО, 2025 г."
    for offset, header in enumerate((HEADER_TOP, HEADER_LOW)):
        for col, value in enumerate(header, start=1):
            ws.cell(row=start + offset, column=col, value=value)
    for first, last in (("A", "A"), ("B", "B"), ("C", "C"), ("H", "H"), ("I", "I")):
        ws.merge_cells(f"{first}{start}:{last}{start + 1}")
    ws.merge_cells(f"D{start}:G{start}")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def registry(db):
    """Three schools of the district; one already has an ОГЭ row of the same slice."""
    with db.transaction() as s:
        schools = [
            School(full_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя "
                             "общеобразовательная школа № 1»", short_name="МБОУ «СОШ № 1»",
                   fis_login="sch229901", login_number="229901"),
            School(full_name="МБОУ «СОШ № 2»", short_name="МБОУ «СОШ № 2»", fis_login="sch229902",
                   login_number="229902"),
            School(full_name="МБОУ «СОШ № 3»", short_name="МБОУ «СОШ № 3»", fis_login="sch229903",
                   login_number="229903"),
        ]
        s.add_all(schools)
        s.flush()
        s.execute(insert(AssessmentResult), [dict(
            school_id=schools[2].id, year=2025, procedure="OGE", grade=9, subject="Математика", session="",
            participants=99, mark2=9, mark3=30, mark4=30, mark5=30, mean_score=1.0)])
    return db


def constants(**extra: str) -> dict[str, str]:
    return {"year": "2025", "procedure": "ОГЭ", "grade": "9", "subject": "математика", **extra}


def mapping_for(table) -> ColumnMapping:
    mapping = suggest_mapping(table.headers)
    mapping.constants.update(constants())
    return mapping


def results(db) -> dict[str, dict[str, object]]:
    with db.session() as s:
        rows = s.execute(select(School.fis_login, AssessmentResult).join(
            AssessmentResult, AssessmentResult.school_id == School.id)).all()
        return {login: {c: getattr(r, c) for c in ("participants", "mark2", "mark3", "mark4", "mark5",
                                                   "mean_score", "kv", "share_below_min", "year",
                                                   "procedure", "grade", "subject", "batch_id")}
                for login, r in rows}


def count_rows(db, model=AssessmentResult) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- reading the header ----------------------------------------------------------------------------


def test_merged_two_row_header_after_a_title(tmp_path: Path) -> None:
    table = read_table(write_two_row_table(tmp_path / "огэ.xlsx"))
    assert (table.sheet, table.header_row, table.header_rows) == ("ОГЭ математика", 3, 2)
    assert table.headers == ["Логин", "Наименование ОО", "Кол-во участников", "Отметки «2»", "Отметки «3»",
                             "Отметки «4»", "Отметки «5»", "Средний балл", "% качества"]
    assert [r for r, _ in table.rows] == [5, 6, 7, 8, 9]
    assert table.column_title(2) == "C: Кол-во участников"


def test_column_numbering_row_is_skipped_and_single_header() -> None:
    rows = [["ОО", "Участников", "Средний балл"], [1, 2, 3], ["СОШ № 1", 25, 14.2]]
    assert find_header(rows) == (0, 1)
    assert join_headers(rows[:1], 3) == ["ОО", "Участников", "Средний балл"]


def test_group_label_is_not_carried_over_a_vertically_merged_column() -> None:
    top = ["ОО", "Отметки", None, "Средний балл"]
    low = [None, "«4»", "«5»", None]
    assert join_headers([top, low], 4) == ["ОО", "Отметки «4»", "Отметки «5»", "Средний балл"]


# --- suggesting a mapping --------------------------------------------------------------------------


def test_suggestion_from_russian_header_words() -> None:
    headers = ["№", "Логин ОО", "ОО", "Кол-во участников", "Отсутствовали", "«2»", "«3»", "«4»", "«5»",
               "Средний балл", "Медиана", "КВ, %", "Доля не преодолевших минимальный порог, %",
               "Доля 80+ баллов", "% качества", "% успеваемости", "Год", "Предмет", "Класс"]
    m = suggest_mapping(headers)
    assert m.columns == {
        "login": 1, "school_name": 2, "participants": 3, "absent": 4, "mark2": 5, "mark3": 6, "mark4": 7,
        "mark5": 8, "mean_score": 9, "median_score": 10, "kv": 11, "share_below_min": 12, "share_80plus": 13,
        "quality": 14, "success": 15, "year": 16, "subject": 17, "grade": 18,
    }


def test_suggestion_for_an_ege_table() -> None:
    headers = ["№ п/п", "Предмет", "Код ОО", "Наименование ОО", "Кол-во сдававших", "Средний тестовый балл",
               "Не преодолели минимальный порог, %", "Доля 80-100 баллов, %", "Максимальный балл"]
    m = suggest_mapping(headers)
    # «Максимальный балл» of a school table is its best pupil, not the maximum of the test: not suggested
    assert m.columns == {"subject": 1, "login": 2, "school_name": 3, "participants": 4, "mean_score": 5,
                         "share_below_min": 6, "share_80plus": 7}


def test_suggestion_keeps_counts_and_shares_apart() -> None:
    m = suggest_mapping(["Наименование ОО", "Получили «2», чел.", "Получили «2», %", "Не преодолели порог"])
    assert m.columns == {"school_name": 0, "mark2": 1}  # «%» is no count; a count is no share


# --- values ----------------------------------------------------------------------------------------


def test_percent_written_three_ways_gives_shares(tmp_path: Path) -> None:
    path = tmp_path / "кв.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ОО", "Участников", "КВ, %", "Не преодолели минимум, %", "Доля 80+"])
    ws.append(["МБОУ «СОШ № 1»", 20, "45,3", "10,5 %", 0.25])
    ws.append(["МБОУ «СОШ № 2»", 10, 60, "0%", 0.5])
    ws["E3"].number_format = "0.0%"  # a cell formatted as percent holds 0.5
    wb.save(path)
    table = read_table(path)
    checked = validate(table, mapping_for(table))
    assert not checked.problems
    first, second = checked.records
    assert first.values["kv"] == pytest.approx(0.453)
    assert first.values["share_below_min"] == pytest.approx(0.105)
    assert first.values["share_80plus"] == pytest.approx(0.25)
    assert second.values["kv"] == pytest.approx(0.60)
    assert second.values["share_80plus"] == pytest.approx(0.5)
    assert "«КВ, %» — в процентах" in checked.notes and "«Доля 80+» — в долях единицы" in checked.notes


def test_school_names_normalised() -> None:
    assert school_name_key('МБОУ "СОШ №5"') == school_name_key("МБОУ «СОШ № 5»")
    assert school_name_key("Муниципальное казённое общеобразовательное учреждение «Основная "
                           "общеобразовательная школа № 3»") == school_name_key("МКОУ «ООШ №3»")
    assert school_name_key("МБОУ «СОШ № 1»") != school_name_key("МБОУ «СОШ № 11»")


# --- the whole import ------------------------------------------------------------------------------


def test_import_matches_by_login_and_name_lists_unknown_and_skips_totals(registry, tmp_path: Path) -> None:
    path = write_two_row_table(tmp_path / "огэ.xlsx")
    table = read_table(path)
    plan = plan_table_import(registry, table, mapping_for(table), path=path)
    assert plan.ok, plan.problems
    how = {m.file_text: (m.how, m.school_name) for m in plan.matches}
    assert how["sch229901 МБОУ «СОШ № 1»"] == ("login", "МБОУ «СОШ № 1»")
    assert how['МБОУ "СОШ №2"'] == ("name", "МБОУ «СОШ № 2»")  # "" in the file, «» in the registry
    assert how["edu229903 Другая запись имени"] == ("login", "МБОУ «СОШ № 3»")  # edu = sch
    assert how["МКОУ «Неизвестная ООШ»"] == ("", "")
    assert [m.file_text for m in plan.unmatched] == ["МКОУ «Неизвестная ООШ»"]
    assert any("Итого по району" in s and "итоговая строка" in s for s in plan.skipped)

    schools_before = count_rows(registry, School)
    summary = apply_table_plan(registry, plan)
    assert count_rows(registry, School) == schools_before  # never created silently
    assert (summary.created, summary.updated, summary.skipped) == (2, 1, 1)
    text = summary.text()
    assert "сопоставлены по названию: МБОУ \"СОШ №2\" → МБОУ «СОШ № 2»" in text
    assert "нет в реестре, пропущены: МКОУ «Неизвестная ООШ»" in text

    got = results(registry)
    assert got["sch229901"] | {"batch_id": None} == {
        "participants": 20, "mark2": 2, "mark3": 6, "mark4": 8, "mark5": 4, "mean_score": 14.5, "kv": None,
        "share_below_min": None, "year": 2025, "procedure": "OGE", "grade": 9, "subject": "Математика",
        "batch_id": None}
    assert got["sch229903"]["participants"] == 15  # the earlier row of the same slice replaced
    assert got["sch229902"]["mean_score"] == 9.25
    assert count_rows(registry) == 3


def test_reimport_replaces_the_same_batch(registry, tmp_path: Path) -> None:
    path = write_two_row_table(tmp_path / "огэ.xlsx")
    table = read_table(path)
    apply_table_plan(registry, plan_table_import(registry, table, mapping_for(table), path=path))
    corrected = [list(r) for r in ROWS]
    corrected[0][2] = 21
    corrected[0][4] = 7
    del corrected[1]  # СОШ № 2 is gone from the corrected table
    path2 = write_two_row_table(tmp_path / "огэ исправленный.xlsx", corrected)
    table2 = read_table(path2)
    summary = apply_table_plan(registry, plan_table_import(registry, table2, mapping_for(table2), path=path2))
    assert (summary.created, summary.updated) == (0, 2)
    assert "прежние результаты заменены: 3" in summary.text()
    got = results(registry)
    assert set(got) == {"sch229901", "sch229903"}
    assert got["sch229901"]["participants"] == 21
    assert count_rows(registry, ImportBatch) == 1


def test_bad_number_cell_rejects_the_whole_file(registry, tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][7] = "17;0"  # a typo in the mean score of the third school
    rows[0][3] = 2.5  # half a pupil
    path = write_two_row_table(tmp_path / "огэ.xlsx", rows)
    table = read_table(path)
    plan = plan_table_import(registry, table, mapping_for(table), path=path)
    assert not plan.ok
    located = {(p.sheet, p.row, p.column, p.message) for p in plan.problems}
    assert ("ОГЭ математика", 7, "H: Средний балл", "«17;0» — не число") in located
    assert ("ОГЭ математика", 5, "D: Отметки «2»", "«2.5» — не целое число человек") in located
    before = results(registry)
    with pytest.raises(ImportRejected) as caught:
        apply_table_plan(registry, plan)
    assert "строка 7, столбец «H: Средний балл»" in str(caught.value)
    assert results(registry) == before
    assert count_rows(registry, ImportBatch) == 0


def test_mapping_problems_are_told(registry, tmp_path: Path) -> None:
    table = read_table(write_two_row_table(tmp_path / "огэ.xlsx"))
    mapping = suggest_mapping(table.headers)  # no year, procedure, grade or subject
    messages = [p.message for p in validate(table, mapping).problems]
    assert len([m for m in messages if m.startswith("не задано поле")]) == 4
    mapping.constants.update(constants(year="двадцать пятый"))
    assert [p.message for p in validate(table, mapping).problems] == [
        "постоянное значение поля «Год»: «двадцать пятый» — не год"]
    mapping.constants["year"] = "2024/2025"
    assert not validate(table, mapping).problems
    assert validate(table, mapping).records[0].year == 2025


def test_inconsistent_rows_and_duplicates(registry, tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS[:2]]
    rows[0][2] = 10  # 20 marks, 10 participants
    rows.append(list(ROWS[0]))
    path = write_two_row_table(tmp_path / "огэ.xlsx", rows)
    table = read_table(path)
    problems = validate(table, mapping_for(table)).problems
    assert [(p.row, p.message) for p in problems] == [
        (5, "сумма отметок 20 больше числа участников 10"),
        (7, "школа и срез повторяются (уже в строке 5)"),
    ]


def test_quality_column_checked_against_marks(registry, tmp_path: Path) -> None:
    rows = [list(ROWS[0])]
    rows[0][8] = "35%"  # the marks give 60 %
    path = write_two_row_table(tmp_path / "огэ.xlsx", rows)
    table = read_table(path)
    warnings = validate(table, mapping_for(table)).warnings
    assert [w.message for w in warnings] == ["качество в файле 35,0\u00a0%, по отметкам 60,0\u00a0%; "
                                             "в базу идут отметки"]


# --- remembered mappings, dispatch and the CLI -----------------------------------------------------


def test_remembered_mapping_by_header_set(registry, tmp_path: Path) -> None:
    table = read_table(write_two_row_table(tmp_path / "огэ.xlsx"))
    with registry.session() as s:
        assert remembered_mapping(s, table) is None
    key = remember_mapping(registry, table, mapping_for(table))
    assert key.endswith(header_set_key(table.headers))
    assert header_set_key(["Средний  балл", "логин"]) == header_set_key(["Логин", "Средний балл"])

    # the same headers in another order, without the title: found by header text, not position
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Наименование ОО", "Логин", "Средний балл", "Кол-во участников", "Отметки", None, None, None,
               "% качества"])
    ws.append([None, None, None, None, "«2»", "«3»", "«4»", "«5»", None])
    for col in "ABCDI":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("E1:H1")
    ws.append(["МБОУ «СОШ № 1»", "sch229901", 14.5, 20, 2, 6, 8, 4, 0.6])
    wb.save(tmp_path / "другой порядок.xlsx")
    other = read_table(tmp_path / "другой порядок.xlsx")
    with registry.session() as s:
        found = remembered_mapping(s, other)
    assert found is not None
    assert found.columns["login"] == 1 and found.columns["mean_score"] == 2 and found.columns["mark5"] == 7
    assert found.constants["procedure"] == "ОГЭ"


def test_dispatch_needs_a_mapping_then_imports(ctx, registry, tmp_path: Path) -> None:
    path = write_two_row_table(tmp_path / "огэ.xlsx")
    assert detect_kind(path) == "table"
    with pytest.raises(ImportRejected, match=r"нет запомненного сопоставления.*--mapping"):
        import_file(ctx, path, ImportOptions())
    table = read_table(path)
    remember_mapping(registry, table, mapping_for(table))
    summary = import_file(ctx, path, ImportOptions())
    assert (summary.created, summary.updated) == (2, 1)


def test_cli_with_a_mapping_file(capsys, ctx, registry, tmp_path: Path) -> None:
    path = write_two_row_table(tmp_path / "огэ.xlsx")
    mapping = {
        "columns": {"login": "логин", "school_name": "B", "participants": "Кол-во участников",
                    "mark2": "Отметки «2»", "mark3": "Отметки \"3\"", "mark4": "F", "mark5": "Отметки «5»",
                    "mean_score": "средний балл"},
        "constants": {"procedure": "ОГЭ", "grade": 9},
    }
    mapping_path = tmp_path / "сопоставление.json"
    mapping_path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    data_dir = ctx.paths.data_dir
    code = main(["--data-dir", str(data_dir), "import", str(path), "--mapping", str(mapping_path)])
    _, err = capsys.readouterr()
    assert code == 1 and "не задано поле «Год»" in err and "«Предмет»" in err
    code = main(["--data-dir", str(data_dir), "import", str(path), "--mapping", str(mapping_path),
                 "--year", "2025", "--subject", "Математика"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "добавлено: 2, обновлено: 1" in out and "МКОУ «Неизвестная ООШ»" in out
    assert results(registry)["sch229901"]["mark4"] == 8


def test_a_list_of_people_is_still_no_table(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Фамилия", "Имя", "Отчество"])
    wb.active.append(["Иванов", "Иван", "Иванович"])
    wb.save(tmp_path / "люди.xlsx")
    with pytest.raises(ImportRejected, match="не удалось определить"):
        detect_kind(tmp_path / "люди.xlsx")
