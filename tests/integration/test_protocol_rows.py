"""Rows that must not poison the numbers: values above the maxima, repeated participants,
«отсутствовал» with a score, a work without a scale. Each case is a real .xlsx built here in the
2021 ФИС ОКО layout and imported through the same entry as the CLI and the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from shnor_desktop.analytics.identification import IdentificationSettings, identify
from shnor_desktop.cli import main
from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.io.results_store import VprOptions, import_vpr
from shnor_desktop.models import AssessmentResult, ImportBatch, School

TASKS = [1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 1, 1, 1, 1, 1, 2]  # ВПР 2021, 5 класс, математика: 20 points
HEADER = ["логин школы", "регион", "номер обучающегося", "код обучающегося",
          "отметка за предыдущую четверть/триместр", "пол", "класс", "вариант", "всего баллов",
          *[f"балл за {k}" for k in range(1, 17)]]
OPTIONS = VprOptions(all_municipalities=True, create_missing=True)


def pupil(login: str, code: int, score: int, *, variant: object = "1", klass: str = "5а",
          total: object = None, tasks: list[object] | None = None) -> list[object]:
    """A participant whose tasks add up to ``score`` (filled from the first task on)."""
    if tasks is None:
        tasks, left = [], score
        for top in TASKS:
            got = min(top, left)
            tasks.append(got)
            left -= got
    total = score if total is None else total
    return [login, "город Тест", code, code, 4, "м", klass, variant, total, *tasks]


def protocol(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def district(n_per_school: int = 100) -> list[list[object]]:
    """Three schools, scores 5…16 in turn: the same mean everywhere."""
    rows = []
    for s, login in enumerate(("sch990001", "sch990002", "sch990003")):
        for k in range(n_per_school):
            rows.append(pupil(login, 10000 * (s + 1) + k, 5 + k % 12))
    return rows


def count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def result_of(db, login: str) -> AssessmentResult:
    with db.session() as session:
        return session.execute(select(AssessmentResult).join(School).where(
            School.fis_login == login)).scalar_one()


def test_a_total_of_a_billion_is_left_out_and_listed(db, tmp_path):
    rows = district()
    rows[7][8] = 1_000_000_000  # the total of one pupil of the first school (Excel row 9)
    summary = import_vpr(db, protocol(tmp_path / "ВПР_2021_5кл_Математика.xlsx", rows), OPTIONS)
    text = summary.text()
    assert "строка 9, столбец «всего баллов»: итоговый балл 1000000000 больше максимального 20" in text
    assert "строк с ошибками не учтено ни в одном показателе: 1" in text
    first, second = result_of(db, "sch990001"), result_of(db, "sch990002")
    assert first.participants == 99 and second.participants == 100
    assert first.mean_score < 20 and first.kv <= 1
    with db.session() as session:
        ident = identify(session, year=2021, procedure="ВПР", grade=5, subject="Математика",
                         settings=IdentificationSettings(indicators=("mean_score",)))
    assert ident.district["mean_score"].value == pytest.approx(10.34, abs=0.01)
    assert ident.risk_group == []  # nobody flagged by a typing error


def test_more_than_one_percent_of_wrong_rows_refuses_the_file_whole(db, tmp_path):
    rows = district()
    for i in range(0, 20, 5):
        rows[i][9] = 7  # task 1 is worth one point
    path = protocol(tmp_path / "ВПР_2021_5кл_Математика.xlsx", rows)
    with pytest.raises(ImportRejected) as exc:
        import_vpr(db, path, OPTIONS)
    message = str(exc.value)
    assert "строк с ошибками 4 из 300 (1,3 %) — больше 1 %" in message
    assert "строка 2, столбец «балл за 1»: балл за задание 7 больше максимума 1" in message
    assert (count(db, AssessmentResult), count(db, School), count(db, ImportBatch)) == (0, 0, 0)


def test_a_task_above_its_maximum_from_the_shipped_table(db, tmp_path):
    rows = district()
    rows[0][14] = 2  # task 6 is worth two: allowed
    rows[1][13] = 2  # task 5 is worth one: an error
    summary = import_vpr(db, protocol(tmp_path / "ВПР_2021_5кл_Математика.xlsx", rows), OPTIONS)
    text = summary.text()
    assert "максимумы заданий из таблицы шкал" in text
    assert "строка 3, столбец «балл за 5»: балл за задание 2 больше максимума 1" in text
    assert "«балл за 6»: балл за задание" not in text
    assert result_of(db, "sch990001").participants == 99


def test_repeated_participants_are_counted_once_and_conflicting_ones_not_at_all(db, tmp_path):
    rows = district()
    rows.append(list(rows[3]))  # the same pupil again, the same results
    rows.append(pupil("sch990002", 20005, 3))  # code 20005 again, other results
    summary = import_vpr(db, protocol(tmp_path / "ВПР_2021_5кл_Математика.xlsx", rows), OPTIONS)
    text = summary.text()
    assert "участник с кодом 10003 записан 2 раза (строки 5, 302) — учтён один раз" in text
    assert "участник с кодом 20005 записан 2 раза с разными результатами (строки 107, 303) — не учтён" in text
    assert result_of(db, "sch990001").participants == 100
    assert result_of(db, "sch990002").participants == 99
    # the same code in another class is another pupil
    rows = district()
    rows.append(pupil("sch990001", 10003, 9, klass="5б"))
    import_vpr(db, protocol(tmp_path / "ВПР_2021_5кл_Математика.xlsx", rows), OPTIONS)
    assert result_of(db, "sch990001").participants == 101


def test_absent_with_a_score_is_absent_with_a_warning(db, tmp_path):
    rows = district()
    rows[10][7] = "отсутствовал"  # a score of 15 stays in the row
    summary = import_vpr(db, protocol(tmp_path / "ВПР_2021_5кл_Математика.xlsx", rows), OPTIONS)
    text = summary.text()
    assert ("строка 12, столбец «вариант»: участник отмечен «отсутствовал», но у него есть баллы (15) — "
            "строка считается неявкой") in text
    first = result_of(db, "sch990001")
    assert (first.participants, first.absent) == (99, 1)


def test_a_work_without_a_scale_is_loaded_and_gets_marks_when_the_scale_is_set(db, ctx, tmp_path, capsys):
    path = protocol(tmp_path / "ВПР_2025_5кл_Математика.xlsx", district())
    summary = import_vpr(db, path, OPTIONS)
    text = summary.text()
    assert "шкалы перевода для ВПР 2025, 5 класс, Математика нет" in text
    assert "максимумов заданий и максимального балла этой работы нет ни в файле, ни в таблице шкал" in text
    first = result_of(db, "sch990001")
    scores = [5 + k % 12 for k in range(100)]
    assert first.participants == 100 and first.mark2 is None
    assert first.mean_score == pytest.approx(sum(scores) / 100)
    code = main(["--data-dir", str(ctx.paths.data_dir), "scales", "set", "--year", "2025", "--grade", "5",
                 "--subject", "Математика", "--min3", "7", "--min4", "11", "--min5", "15", "--max", "20"])
    assert code == 0, capsys.readouterr().err
    first = result_of(db, "sch990001")
    # scores 5…16 in turn: «2» for 5 and 6, «3» for 7–10, «4» for 11–14, «5» for 15 and 16
    per_cycle = (2, 4, 4, 2)
    cycles, rest = divmod(100, 12)
    expected = [cycles * n for n in per_cycle]
    for k in range(rest):
        score = 5 + k
        expected[0 if score < 7 else 1 if score < 11 else 2 if score < 15 else 3] += 1
    assert [first.mark2, first.mark3, first.mark4, first.mark5] == expected
    assert first.kv == pytest.approx(first.mean_score / 20)
