"""ФИС ОКО files in layouts the samples do not show: imported right, or refused with a message
naming what is missing; a refused file changes nothing.

The protocols are synthetic (tests/fisoko_layouts.py) but use the header texts, sheet shapes and
cell conventions of real exports found in other projects (see that module's docstring). The
same pupils are written in every layout, so every import must give the per-school numbers that
:func:`tests.fisoko_layouts.expected` computes with plain loops.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from shnor_desktop.io.dispatch import ImportOptions, detect_kind, import_file
from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.io.scales import save_scale
from shnor_desktop.io.vpr import hints_from_name, hints_from_text, parse_protocol
from shnor_desktop.models import AssessmentResult, School, Setting, TaskResult
from tests.fisoko_layouts import (
    Pupil,
    Work,
    expected,
    make_pupils,
    write_individual_results,
    write_login_with_name,
    write_merged_header,
    write_rows,
    write_shuffled,
    write_words_subtasks,
)

LOGINS = ["sch220101", "sch220102", "sch220103"]
ALL = ImportOptions(all_municipalities=True, create_missing=True)

RUSSIAN = Work(["1К1", "1К2", "1К3", "2(1)", "2(2)", "3", "4", "5"], [4, 3, 2, 1, 1, 2, 1, 3],
               2021, 6, "Русский язык")
PHYSICS = Work(["1", "2", "3", "9.1", "9.2", "10К1", "10К2"], [1, 2, 1, 1, 1, 2, 3], 2024, 8, "Физика")
GEOGRAPHY = Work([str(n) for n in range(1, 9)], [2, 1, 3, 2, 1, 2, 3, 1], 2019, 10, "География")
MATH7 = Work(["1", "2", "3", "4(1)", "4(2)", "5"], [1, 1, 2, 1, 1, 3], 2023, 7, "Математика")
HISTORY = Work([str(n) for n in range(1, 7)], [2, 1, 1, 3, 2, 2], 2025, 11, "История")

LAYOUTS = [
    # id, work, writer, relative path, the scale is needed (no marks in the file), layout family
    ("words_subtasks", RUSSIAN, write_words_subtasks,
     "Проведение работы по русскому языку, 6 класс. ВПР 2021.xlsx", True, "vpr_2021"),
    ("individual_results", PHYSICS, write_individual_results, "Индивидуальные результаты.xlsx", False,
     "vpr_2022"),
    ("merged_header", GEOGRAPHY, write_merged_header, "ВПР_2019_10кл_География.xlsx", True, "vpr_2021"),
    ("login_with_name", MATH7, write_login_with_name, "2023/7/Математика.xlsx", True, "vpr_2022"),
    ("shuffled", HISTORY, write_shuffled, "ВПР 2025 История 11 класс.xlsx", True, "vpr_2021"),
]


def _save_scale(ctx, work: Work) -> None:
    min3, min4, min5 = work.scale
    with ctx.db.transaction() as session:
        save_scale(session, year=work.year, grade=work.grade, subject=work.subject, min3=min3, min4=min4,
                   min5=min5, max_score=work.total, source="проверка")


def _results(ctx) -> dict[str, tuple[AssessmentResult, list[TaskResult]]]:
    with ctx.db.session() as session:
        rows = session.execute(select(School.login_number, AssessmentResult)
                               .join(School, School.id == AssessmentResult.school_id)).all()
        result = {}
        for number, row in rows:
            tasks = list(session.execute(select(TaskResult).where(TaskResult.result_id == row.id)
                                         .order_by(TaskResult.id)).scalars())
            result[number] = (row, tasks)
        return result


def _counts(ctx) -> tuple[int, int, int]:
    with ctx.db.session() as session:
        return tuple(session.execute(select(func.count()).select_from(m)).scalar_one()
                     for m in (School, AssessmentResult, TaskResult))  # type: ignore[return-value]


@pytest.mark.parametrize(("key", "work", "writer", "relative", "needs_scale", "family"), LAYOUTS,
                         ids=[layout[0] for layout in LAYOUTS])
def test_layout_imports_the_same_numbers(ctx, tmp_path: Path, key, work, writer, relative, needs_scale,
                                         family):
    pupils = make_pupils(work, LOGINS)
    path = writer(tmp_path / relative, work, pupils)
    assert detect_kind(path) == family
    if needs_scale:
        _save_scale(ctx, work)
    summary = import_file(ctx, path, ALL)
    assert summary.created == len(LOGINS), summary.text()
    got = _results(ctx)
    for digits, hand in expected(work, pupils).items():
        row, tasks = got[digits]
        assert (row.year, row.grade, row.subject) == (work.year, work.grade, work.subject)
        assert (row.participants, row.absent) == (hand.participants, hand.absent), (key, digits)
        assert (row.mark2, row.mark3, row.mark4, row.mark5) == hand.marks
        assert row.mean_score == pytest.approx(hand.mean)
        assert row.median_score == pytest.approx(hand.median)
        assert row.max_score == work.total
        assert row.kv == pytest.approx(hand.kv)
        assert [t.task for t in tasks] == work.labels
        assert [t.max_points for t in tasks] == [float(m) for m in work.maxima]
        assert [t.completion for t in tasks] == pytest.approx(hand.completion)
        assert (row.journal_lower, row.journal_same, row.journal_higher) == hand.journal
    # importing again replaces, never duplicates
    import_file(ctx, path, ALL)
    assert _counts(ctx) == (3, 3, 3 * len(work.labels))


def test_individual_results_details(tmp_path: Path):
    """Title rows give the slice; headings and signatures are skipped; marks come from the file."""
    pupils = make_pupils(PHYSICS, LOGINS)
    path = write_individual_results(tmp_path / "export.xlsx", PHYSICS, pupils)
    p = parse_protocol(path)
    assert (p.year, p.grade, p.subject, p.session) == (2024, 8, "Физика", "весна")
    assert p.marks is not None and p.header_row == 7
    assert p.schools["220101"].name == 'МБОУ "СОШ 101"'
    assert p.schools["220101"].municipality == "Целинный муниципальный район"
    text = "\n".join(p.details)
    assert "без логина и без результатов" in text and "отметки ВПР взяты из файла" in text
    assert "строки 7" not in text and "строка 7" in text


SPELLINGS = [
    # login, primary score, journal mark, ВПР mark (None: not in the file)
    ("Логин ОО", "Первичный балл", "Отметка по журналу", "Отметка за работу"),
    ("логин  школы", "Всего\nбаллов", "Отметка за предыдущую четверть", "Оценка"),
    ("Пользователь", "Итого баллов", "Отметка за предыдущий триместр/ четверть/полугодие", "Отметка ВПР"),
    ("user", "sum", "otc", None),
    ("ОО", "Сумма баллов", "Годовая отметка", "Отметка"),
    ("Код ОО", "Итоговый балл", "Отметка за год", None),
    ("1. Логин", "2. Итого", "3. Оценка за предыдущий период", None),
    ("ЛОГИН ШКОЛЫ:", "ПЕРВИЧНЫЙ БАЛЛ", "ОТМЕТКА В ЖУРНАЛЕ", "ОТМЕТКА"),
]


@pytest.mark.parametrize(("login", "score", "journal", "mark"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
@pytest.mark.parametrize("order", ["as_read", "reversed"])
def test_header_spellings_find_their_columns(tmp_path: Path, login, score, journal, mark, order):
    """Whatever the spelling and the order of the columns, each value lands in its own field
    («Отметка» and «Отметка по журналу» are never confused)."""
    header = [login, "Вариант", "1 (1б)", "2 (2б)", score, journal] + ([mark] if mark else [])
    row = ["sch220101", "1", 1, 2, 3, 5] + ([4] if mark else [])
    if order == "reversed":  # the task block stays a block
        pairs = list(zip(header, row, strict=True))
        rest = [pair for pair in pairs if "(" not in pair[0]][::-1]
        pairs = rest[:2] + pairs[2:4] + rest[2:]
        header, row = [h for h, _ in pairs], [v for _, v in pairs]
    path = write_rows(tmp_path / "ВПР_2023_5кл_Математика.xlsx", [header, row])
    assert parse_protocol(path).rows("220101") == [(3.0, 4 if mark else None, 5, (1.0, 2.0), False)]


def test_a_region_code_in_a_code_column_is_not_taken_for_a_login(tmp_path: Path):
    path = write_rows(tmp_path / "ВПР_2023_5кл_Математика.xlsx", [
        ["Код ОО", "Вариант", "1 (1б)", "Итого баллов"], [220101, "1", 1, 1]])
    with pytest.raises(ImportRejected, match="нужен логин вида sch223144"):
        parse_protocol(path)


def test_files_pasted_together_and_merged_login_cells(tmp_path: Path):
    header = ["Логин ОО", "Вариант", "1 (1б)", "2 (2б)", "Итого баллов"]
    path = write_rows(tmp_path / "ВПР_2023_5кл_Математика.xlsx", [
        header, ["edu220101", "1", 1, 2, 3], header, ["edu220102", "2", 0, 1, 1]])
    p = parse_protocol(path)
    assert sorted(p.schools) == ["220101", "220102"] and p.rows_read == 2
    assert any("повторы строки заголовка" in d for d in p.details)
    merged = write_rows(tmp_path / "ВПР_2023_6кл_Математика.xlsx", [
        header, ["edu220101", "1", 1, 2, 3], [None, "2", 0, 1, 1], [None, "1", 1, 1, 2]])
    with pytest.raises(ImportRejected) as exc:
        parse_protocol(merged)
    assert [p.row for p in exc.value.problems] == [3, 4]
    assert "ячейки логина объединены" in exc.value.problems[0].message


def test_blank_rows_with_a_formula_total_are_absent(tmp_path: Path):
    """A total of 0 from a formula, no variant, no task cell: not there. «X» everywhere: present."""
    path = write_rows(tmp_path / "ВПР_2023_5кл_Математика.xlsx", [
        ["Пользователь", "Вариант", "1 (1б)", "2 (2б)", "Итого баллов"],
        ["edu220101", "1", 1, 2, 3],
        ["edu220101", None, None, None, 0],
        ["edu220101", "2", "X", "X", 0],
    ])
    rows = parse_protocol(path).rows("220101")
    assert [r[4] for r in rows] == [False, True, False]
    assert rows[2][0] == 0.0


def test_individual_results_with_the_login_only_above_the_table(ctx, tmp_path: Path):
    pupils = [p for p in make_pupils(PHYSICS, LOGINS) if p.login == LOGINS[0]]
    path = write_individual_results(tmp_path / "ВПР физика.xlsx", PHYSICS, pupils, with_school_column=False)
    p = parse_protocol(path)
    assert list(p.schools) == ["220101"]
    assert any("логин ОО взят из заголовка" in d for d in p.details)
    hand = expected(PHYSICS, pupils)["220101"]
    import_file(ctx, path, ALL)
    row, _ = _results(ctx)["220101"]
    assert (row.participants, row.absent, row.mean_score) == (hand.participants, hand.absent,
                                                              pytest.approx(hand.mean))


def test_marks_in_the_file_are_checked_against_the_scale(ctx, tmp_path: Path):
    pupils = make_pupils(PHYSICS, LOGINS)
    path = write_individual_results(tmp_path / "export.xlsx", PHYSICS, pupils)
    with ctx.db.transaction() as session:  # a scale one point stricter for «5»
        min3, min4, min5 = PHYSICS.scale
        save_scale(session, year=2024, grade=8, subject="Физика", min3=min3, min4=min4, min5=min5 + 1)
    summary = import_file(ctx, path, ALL)
    differ = sum(1 for p in pupils if p.present and sum(p.points) == min5)
    assert differ > 0
    assert any(f"расходятся со шкалой перевода у {differ} участников" in w.message
               for w in summary.warnings)


# --- refused, with what is missing named; nothing changes -------------------------------------


def _refused(ctx, path: Path, *needles: str, options: ImportOptions = ALL) -> str:
    before = _counts(ctx)
    with pytest.raises(ImportRejected) as exc:
        import_file(ctx, path, options)
    text = str(exc.value)
    for needle in needles:
        assert needle in text, text
    assert _counts(ctx) == before
    return text


def test_a_schools_own_results_form_is_refused_for_its_missing_login(ctx, tmp_path: Path):
    """The school's «форма сбора результатов»: names instead of logins."""
    path = write_rows(tmp_path / "ВПР_2024_4кл_Математика.xlsx", [
        ["Ф.И.", "Пол", "Класс", "Наименование класса", "Код", "Вариант", "1 (1б)", "2 (2б)",
         "Отметка за предыдущий год"],
        ["Иванов И.", "м", 4, "4А", 10001, 1, 1, 2, 5],
    ], title="Протокол")
    assert detect_kind(path) == "vpr_2022"
    _refused(ctx, path, "нет столбца с логином ОО", "«Логин ОО»", "строка 1")


def test_no_primary_score_column_is_refused(ctx, tmp_path: Path):
    path = write_rows(tmp_path / "ВПР_2024_5кл_Математика.xlsx", [
        ["Логин ОО", "Вариант", "1 (1б)", "2 (1б)"], ["sch220101", "1", 1, 0]])
    _refused(ctx, path, "нет столбца с первичным баллом", "«Итого баллов»")


def test_task_columns_split_by_another_column_are_refused(ctx, tmp_path: Path):
    path = write_rows(tmp_path / "ВПР_2021_5кл_Математика.xlsx", [
        ["логин школы", "вариант", "всего баллов", "балл за 1", "балл за 2", "Учебник", "балл за 3",
         "балл за 4"],
        *[["sch220101", "1", 4, 1, 1, "Моро", 1, 1] for _ in range(5)]])
    _refused(ctx, path, "столбцы заданий идут не подряд", "«Учебник»", "«балл за 3»")


def test_several_protocol_sheets_are_refused(ctx, tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    for n, name in enumerate(("5А", "5Б")):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = name
        ws.append(["Логин ОО", "Вариант", "Итого баллов", "балл за 1", "балл за 2"])
        ws.append(["sch220101", "1", 2, 1, 1])
    path = tmp_path / "ВПР_2021_5кл_Математика.xlsx"
    wb.save(path)
    _refused(ctx, path, "несколько листов с протоколами", "«5А», «5Б»")


def test_bad_marks_and_rows_without_a_login_are_located(ctx, tmp_path: Path):
    path = write_rows(tmp_path / "ВПР_2024_5кл_Математика.xlsx", [
        ["Логин ОО", "Код участника", "Вариант", "1 (1б)", "2 (2б)", "Первичный балл", "Отметка"],
        ["sch220101", 1, 1, 1, 2, 3, 6],
        [None, 2, 1, 1, 1, 2, 4],
        ["sch220101", 3, 2, 0, 1, 1, None],
    ])
    text = _refused(ctx, path, "отметка «6» — не 2, 3, 4 или 5", "нет логина ОО", "нет отметки")
    assert "строка 2, столбец «Отметка»" in text and "строка 3, столбец «Логин ОО»" in text
    assert "строка 4, столбец «Отметка»" in text


def test_a_results_table_by_school_is_not_taken_for_a_protocol(tmp_path: Path):
    """ФИС ОКО «Выполнение заданий» by school: task columns, but no variant and no primary score."""
    path = write_rows(tmp_path / "Выполнение заданий.xlsx", [
        ["Логин ОО", "Наименование ОО", "Кол-во участников", "1", "2", "3", "4"],
        ["sch220101", "МБОУ СОШ №1", 25, 88.0, 76.5, 40.0, 12.3]])
    assert not detect_kind(path).startswith("vpr")


def test_web_pages_named_as_excel_are_refused(ctx, tmp_path: Path):
    path = tmp_path / "Статистика по отметкам.xls"
    path.write_bytes(b"<html><body><table><tr><td>2</td></tr></table></body></html>")
    _refused(ctx, path, "веб-страница (HTML или XML)", "сохраните как «Книга Excel (.xlsx)»")


def test_text_named_as_excel_is_read_as_csv(ctx, tmp_path: Path):
    """A CSV export named .xlsx is read as the text it is: here no kind of file, its headers listed."""
    path = tmp_path / "ВПР_2021_5кл_Математика.xlsx"
    path.write_bytes("логин школы;вариант;всего баллов\nsch220101;1;5\n".encode("cp1251"))
    text = _refused(ctx, path, "не удалось определить", "«логин школы»; «вариант»; «всего баллов»",
                    "--mapping")
    assert "Книга Excel" not in text


# --- names, titles and folders --------------------------------------------------------------


@pytest.mark.parametrize(("text", "year", "grade", "subject", "session"), [
    # file names of shekeldini/Flask excel/vpr_results
    ("Проведение работы по русскому языку, 6 класс. ВПР 2021", 2021, 6, "Русский язык", None),
    ("Проведение работы по биологии, 7 класс (по образцу 8 класса). ВПР 2021", 2021, 7, "Биология", None),
    ("Проведение работы по окружающему миру, 4 класс. ВПР 2021", 2021, 4, "Окружающий мир", None),
    ("Русскому языку", None, None, "Русский язык", None),
    # title rows of the «Индивидуальные результаты» export and of ФИС ОКО reports
    ("ВПР 2024 Математика 5 класс\nДата 18.04.2024", 2024, 5, "Математика", "весна"),
    ("Всероссийские проверочные работы (4 класс)\nПредмет: Окружающий мир\nДата: 21.09.2020", 2020, 4,
     "Окружающий мир", "осень"),
    ("Класс: 7\nУчебный год 2022/2023", 2023, 7, None, None),
    ("ВПР_осень_2020_5кл_Математика", 2020, 5, "Математика", "осень"),
    ("ВПР 2022 Иностранный язык (английский) 7 класс", 2022, 7, "Английский язык", None),
    # another work with its own scale: never the basic one
    ("ВПР 2024 Математика (углублённый уровень) 8 класс", 2024, 8, "Математика (углублённый уровень)", None),
], ids=["flask-ru6", "flask-bio7", "flask-okr4", "flask-2022-folder", "individual-title", "report-title",
        "class-and-school-year", "autumn-name", "foreign-language", "advanced"])
def test_slice_from_names_and_titles(text, year, grade, subject, session):
    hints = hints_from_text(text)
    assert (hints.year, hints.grade, hints.subject, hints.session) == (year, grade, subject, session)


def test_folders_name_the_year_and_grade_only_when_named_by_nothing_else(tmp_path: Path):
    pupils = make_pupils(MATH7, LOGINS)
    p = parse_protocol(write_login_with_name(tmp_path / "2023" / "7" / "Математика.xlsx", MATH7, pupils))
    assert (p.year, p.grade, p.subject, p.session) == (2023, 7, "Математика", "осень")
    assert any("класс «7» взят из имени папки «2023/7»" in d for d in p.details)
    # «Документы 2021» does not say the year; the class names («7А», «7Б») say the grade
    path = write_login_with_name(tmp_path / "Документы 2021" / "Математика.xlsx", MATH7, pupils)
    p = parse_protocol(path)
    assert (p.year, p.grade) == (2023, 7)  # the year from «Дата загрузки»
    assert any("названий классов" in d for d in p.details)
    assert hints_from_name("Математика.xlsx").year is None


# --- context forms and login lists of other years --------------------------------------------


def test_context_form_with_title_rows_and_other_spellings(ctx, tmp_path: Path):
    header = ["Логин ОО", "Муниципальное образование", "1. Полное наименование ОО (по уставу)",
              "2. Краткое наименование ОО", "3. ФИО руководителя", "4. Контактный телефон",
              "5. Адрес электронной почты", "6. ИНН ОО", "7. Почтовый индекс", "8. Адрес",
              "9. Где расположена ОО?", "10. Количество обучающихся в ОО"]
    path = write_rows(tmp_path / "Сбор контекстных данных.xlsx", [
        ["Сбор контекстных данных об ОО (2023)"],
        [],
        header,
        header,  # the header repeated as the first data row
        ["edu220101", "Целинный муниципальный район",
         'Муниципальное бюджетное общеобразовательное учреждение "Воеводская средняя '
         'общеобразовательная школа"', 'МБОУ "Воеводская СОШ"', "Хороброва Наталья Витальевна",
         "8(38596)38316", "voevodsk_school@mail.ru", "2287003893", "659444",
         "с. Воеводское, пер. Школьный, 5",
         "4) Населенный пункт сельского типа", 163],
    ])
    assert detect_kind(path) == "context_2022"
    summary = import_file(ctx, path, ImportOptions(all_municipalities=True))
    assert summary.created == 1 and summary.skipped == 0, summary.text()
    assert "2023 год" in summary.kind
    with ctx.db.session() as session:
        school = session.execute(select(School)).scalar_one()
        assert (school.login_number, school.short_name, school.inn, school.postal_code) == (
            "220101", "МБОУ «Воеводская СОШ»", "2287003893", "659444")
        assert school.director_name == "Хороброва Наталья Витальевна"
        assert school.email == "voevodsk_school@mail.ru" and school.phone == "8(38596)38316"
        assert school.municipality == "Целинный муниципальный район" and school.is_rural is True
        assert school.pupils == 163


def test_context_data_without_school_names_is_refused_naming_the_column(ctx, tmp_path: Path):
    """The ФИОКО research extract: «Логин ОО» and the questionnaire, but no school names."""
    path = write_rows(tmp_path / "cont_data_2020.xlsx", [
        ["Логин ОО", "Где расположена образовательная организация?", "Наименование населенного пункта",
         "Размер населенного пункта", "Количество обучающихся в ОО (в сумме по всем классам)"],
        ["sch220101", "Город", "Барнаул", "более 500 тыс.", 900]])
    with pytest.raises(ImportRejected) as exc:
        from shnor_desktop.io.context_plan import import_context_form

        import_context_form(ctx.db, path, ImportOptions())
    assert "в заголовке нет столбцов: название ОО" in str(exc.value)


def test_login_list_with_other_titles(ctx, tmp_path: Path):
    path = write_rows(tmp_path / "логины.xlsx", [
        ["Логин ОО", "Наименование ОО", "Муниципалитет"], ["edu220101", "МБОУ СОШ №1", "г. Бийск"]])
    assert detect_kind(path) == "logins"
    import_file(ctx, path, ImportOptions())
    with ctx.db.session() as session:
        assert session.get(Setting, "fis_logins").value == {"edu220101": "г. Бийск"}
    # a results table that also has a login and a municipality is not a login list
    table = write_rows(tmp_path / "средние.xlsx", [
        ["Логин ОО", "Муниципалитет", "Средний балл"], ["edu220101", "г. Бийск", 14.5]])
    assert detect_kind(table) != "logins"


def test_pupil_helper_is_consistent():
    """The expected numbers of the helper on a case small enough to check by eye."""
    work = Work(["1", "2"], [1, 2], 2021, 5, "Математика")  # scale «3» from 1, «4» from 2, «5» from 2
    pupils = [Pupil("sch220001", True, [1, 2], 5), Pupil("sch220001", True, [0, 1], 4),
              Pupil("sch220001", False)]
    hand = expected(work, pupils)["220001"]
    assert (hand.participants, hand.absent, hand.marks) == (2, 1, (0, 1, 0, 1))
    assert hand.kv == pytest.approx(4 / 6) and hand.completion == pytest.approx([0.5, 0.75])
    assert hand.journal == (1, 1, 0)


# --- ФИС ОКО «Статистика по отметкам» by school, through the generic table importer ----------


def _statistics_of_marks(path: Path) -> Path:
    """The report as ФИС ОКО lays it out: title rows, «Распределение групп баллов в %» merged
    over «2»…«5», rows for the whole sample, the region, the municipality and each school."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Статистика по отметкам"
    for line in ("Всероссийские проверочные работы 2023 (5 класс)", "Дата: 18.04.2023", "Предмет: Математика",
                 "Статистика по отметкам", "Максимальный первичный балл: 20"):
        ws.append([line])
    ws.append(["Группы участников", "Кол-во ОО", "Кол-во участников", "Распределение групп баллов в %"])
    ws.append([None, None, None, 2, 3, 4, 5])
    ws.merge_cells("D6:G6")
    for cell in ("A6:A7", "B6:B7", "C6:C7"):
        ws.merge_cells(cell)
    ws.append(["Вся выборка", 37921, 1432523, 4.51, 28.46, 44.92, 22.12])
    ws.append(["Алтайский край", 658, 22345, 5.1, 30.2, 43.1, 21.6])
    ws.append(["Целинный муниципальный район", 12, 234, 6.0, 31.0, 40.0, 23.0])
    ws.append(['(sch220101) МБОУ "Воеводская СОШ"', None, 27, 0, 22.22, 51.85, 25.93])
    ws.append(['(sch220102) МБОУ "Побединская СОШ"', None, 9, 11.11, 33.33, 33.33, 22.22])
    wb.save(path)
    return path


def test_statistics_of_marks_is_mapped_automatically(ctx, tmp_path: Path):
    from sqlalchemy import insert

    from shnor_desktop.io.table_import import apply_table_plan, plan_table_import, suggest_mapping
    from shnor_desktop.io.table_sheet import read_table

    path = _statistics_of_marks(tmp_path / "Статистика по отметкам.xlsx")
    assert detect_kind(path) == "table"
    table = read_table(path)
    mapping = suggest_mapping(table.headers)
    named = {key: table.headers[i] for key, i in mapping.columns.items()}
    assert named == {"school_name": "Группы участников", "participants": "Кол-во участников",
                     **{f"share{m}": f"Распределение групп баллов в % {m}" for m in (2, 3, 4, 5)}}
    mapping.constants.update(year="2023", procedure="ВПР", grade="5", subject="Математика")
    with ctx.db.transaction() as session:
        session.execute(insert(School), [
            {"fis_login": login, "login_number": login[3:], "full_name": login, "short_name": login,
             "version": 1} for login in ("sch220101", "sch220102")])
    plan = plan_table_import(ctx.db, table, mapping, path=path)
    assert not plan.problems, plan.problems
    assert {m.how for m in plan.matches if m.school_id} == {"login"}  # the login inside the name
    assert sorted(m.file_text for m in plan.unmatched) == ["Алтайский край", "Целинный муниципальный район"]
    apply_table_plan(ctx.db, plan)
    got = _results(ctx)
    first, second = got["220101"][0], got["220102"][0]
    assert (first.participants, first.mark2, first.mark3, first.mark4, first.mark5) == (27, 0, 6, 14, 7)
    assert (second.participants, second.mark2, second.mark3, second.mark4, second.mark5) == (9, 1, 3, 3, 2)
    assert (first.year, first.grade, first.subject, first.procedure) == (2023, 5, "Математика", "VPR")
