"""ВПР protocol import into a real SQLite file: aggregates, re-import, municipality, registry, scale."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, func, insert, select

from shnor_desktop import cli
from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.io.results_store import VprOptions, import_vpr, plan_vpr_import
from shnor_desktop.io.scales import save_scale, seed_shipped_scales
from shnor_desktop.models import (
    AssessmentResult,
    DistrictProfile,
    GradingScale,
    ImportBatch,
    School,
    Setting,
    TaskResult,
    login_number,
)
from tests.vpr_hand import MATH5_MAXIMA, hand_school, read_rows

SHIPPED_MATH5_2021 = (7.0, 11.0, 15.0)  # the shipped scale for ВПР 2021, 5 класс, Математика
F2021 = "ВПР_2021_5кл_Математика.xlsx"
F2020 = "ВПР_2020_5кл_Математика.xlsx"
F2022_4 = "ВПР_2022_4кл_Математика.xlsx"
F2022_11 = "ВПР_2022_11кл_История.xlsx"


def _logins(samples: Path) -> list[tuple[str, str, str]]:
    ws = load_workbook(samples / "logins.xlsx", read_only=True).active
    return [(str(r[0]), str(r[1]), str(r[2])) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]


def _register(db, samples: Path, numbers: set[str] | None = None) -> int:
    """Registry schools from logins.xlsx (all, or those whose login number is given)."""
    rows, seen = [], set()
    for login, name, municipality in _logins(samples):
        number = login_number(login)
        if number in seen or (numbers is not None and number not in numbers):
            continue
        seen.add(number)
        rows.append({"fis_login": login, "login_number": number, "full_name": name, "short_name": name,
                     "municipality": municipality, "version": 1})
    with db.transaction() as session:
        session.execute(insert(School), rows)
    return len(rows)


def _count(db, model) -> int:
    with db.session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def _result(db, number: str) -> tuple[AssessmentResult, list[TaskResult]]:
    with db.session() as session:
        result = session.execute(
            select(AssessmentResult).join(School, School.id == AssessmentResult.school_id)
            .where(School.login_number == number)).scalar_one()
        tasks = list(session.execute(select(TaskResult).where(TaskResult.result_id == result.id)
                                     .order_by(TaskResult.id)).scalars())
        return result, tasks


def _set_municipality(db, name: str = "", code: str = "") -> None:
    with db.transaction() as session:
        session.add(DistrictProfile(municipality_name=name, municipality_code=code))


def test_region_file_matches_hand_and_reimport_replaces(db, samples: Path):
    assert _register(db, samples) > 600
    summary = import_vpr(db, samples / F2021, VprOptions(all_municipalities=True))
    assert (summary.created, summary.updated, summary.skipped) == (637, 0, 0)
    assert _count(db, AssessmentResult) == 637
    assert _count(db, TaskResult) == 637 * 16

    rows = read_rows(samples / F2021)
    for number in ("223279", "223729", "220178"):
        hand = hand_school(rows, "vpr_2021", number, SHIPPED_MATH5_2021, MATH5_MAXIMA)
        result, tasks = _result(db, number)
        assert (result.year, result.procedure, result.grade, result.subject, result.session) == (
            2021, "VPR", 5, "Математика", "весна")
        assert (result.participants, result.absent) == (hand.participants, hand.absent)
        marks = [result.mark2, result.mark3, result.mark4, result.mark5]
        assert marks == [hand.marks[m] for m in (2, 3, 4, 5)]
        assert result.mean_score == pytest.approx(hand.mean)
        assert result.median_score == pytest.approx(hand.median)
        assert result.kv == pytest.approx(hand.kv)
        assert result.max_score == 20
        assert result.share_below_min == pytest.approx(hand.marks[2] / hand.participants)
        assert (result.journal_lower, result.journal_same, result.journal_higher) == (
            hand.lower, hand.same, hand.higher)
        assert [t.task for t in tasks] == [str(k) for k in range(1, 17)]
        assert [t.max_points for t in tasks] == MATH5_MAXIMA
        assert [t.completion for t in tasks] == pytest.approx(hand.completion)

    again = import_vpr(db, samples / F2021, VprOptions(all_municipalities=True))
    assert (again.created, again.updated) == (0, 637)
    assert _count(db, AssessmentResult) == 637
    assert _count(db, TaskResult) == 637 * 16
    assert _count(db, ImportBatch) == 1
    assert _result(db, "223279")[0].participants == hand_school(
        rows, "vpr_2021", "223279", SHIPPED_MATH5_2021, MATH5_MAXIMA).participants


def test_only_our_municipality_missing_listed_then_created(db, samples: Path):
    _set_municipality(db, "Шипуновский район")
    # three of the eight Шипуновский schools of the file, and one Barnaul school of our registry:
    # a school of another municipality is not ours even when it is in the registry
    _register(db, samples, {"224102", "224119", "224120", "220206"})
    summary = import_vpr(db, samples / F2021)
    assert summary.created == 3
    text = summary.text()
    assert "нет в реестре, пропущено ОО: 5" in text
    for login in ("sch224121", "sch224122", "sch224123", "sch224125", "sch224126"):
        assert login in text
    assert "ОО других муниципалитетов пропущено: 629" in text
    assert "оставлены школы района: Шипуновский район" in text
    assert _count(db, School) == 4  # never created silently

    summary = import_vpr(db, samples / F2021, VprOptions(create_missing=True))
    assert (summary.created, summary.updated) == (5, 3)
    assert _count(db, AssessmentResult) == 8
    with db.session() as session:
        school = session.execute(select(School).where(School.login_number == "224126")).scalar_one()
        assert (school.fis_login, school.municipality) == ("sch224126", "Шипуновский муниципальный район")


def test_2022_names_from_file_and_municipality_code(db, samples: Path):
    _register(db, samples, {"223705"})
    plan = plan_vpr_import(db, samples / F2022_11, VprOptions(municipality="reg22_m037"))
    assert sorted(m.name for m in plan.missing) == [
        'МБОУ "Гуселетовская СОШ"', 'МБОУ "Сидоровская СОШ"', 'МБОУ "Тамбовская СОШ"']
    assert list(plan.school_ids) == ["223705"]
    assert _count(db, AssessmentResult) == 0  # a plan changes nothing

    summary = import_vpr(db, samples / F2022_11, VprOptions(municipality="reg22_m037", create_missing=True))
    assert summary.created == 4
    rows = read_rows(samples / F2022_11, "Протокол")
    with db.session() as session:
        scale = session.execute(select(GradingScale).where(
            GradingScale.year == 2022, GradingScale.grade == 11, GradingScale.subject == "История")
        ).scalar_one()
        thresholds = (scale.min3, scale.min4, scale.min5)
        created = session.execute(select(School).where(School.login_number == "223709")).scalar_one()
        assert created.short_name == "МБОУ «Тамбовская СОШ»"  # typeset, the original kept
        assert created.municipality == "Романовский муниципальный район"
    for number in ("223705", "223709"):
        hand = hand_school(rows, "vpr_2022", number, thresholds)
        result, tasks = _result(db, number)
        assert (result.participants, result.absent) == (hand.participants, hand.absent)
        marks = [result.mark2, result.mark3, result.mark4, result.mark5]
        assert marks == [hand.marks[m] for m in (2, 3, 4, 5)]
        assert result.kv == pytest.approx(hand.kv)
        assert result.max_score == 21  # the sum of the maxima in the headers
        assert [t.completion for t in tasks] == pytest.approx(hand.completion)


def test_a_protocol_without_a_scale_is_imported_and_gets_its_marks_when_the_scale_is_entered(
        db, samples: Path):
    with db.transaction() as session:
        seed_shipped_scales(session)
        session.execute(delete(GradingScale).where(
            GradingScale.year == 2022, GradingScale.grade == 4, GradingScale.subject == "Математика"))
    summary = import_vpr(db, samples / F2022_4, VprOptions(all_municipalities=True, create_missing=True))
    assert summary.created == 4
    text = summary.text()
    assert "шкалы перевода для ВПР 2022, 4 класс, Математика нет" in text
    assert "загружать файл снова не нужно" in text
    result, _ = _result(db, "224258")  # its totals are 0 in the file: the task points count
    assert result.participants == 27 and result.mean_score > 0 and result.kv is not None
    assert (result.mark2, result.mark3, result.mark4, result.mark5) == (None, None, None, None)
    assert sum(result.score_counts.values()) == 27

    with db.transaction() as session:  # the scale entered later: the marks are counted, no re-import
        save_scale(session, year=2022, grade=4, subject="Математика", min3=6, min4=10, min5=15,
                   max_score=20, source="введено в тесте")
    recounted = {n: _result(db, n)[0] for n in ("224258", "223379", "223744", "223318")}
    assert all(r.mark2 is not None for r in recounted.values())
    assert sum((recounted["224258"].mark2, recounted["224258"].mark3, recounted["224258"].mark4,
                recounted["224258"].mark5)) == 27

    summary = import_vpr(db, samples / F2022_4, VprOptions(all_municipalities=True, create_missing=True))
    assert not any("не сверена" in str(w) for w in summary.warnings)  # the user's own scale
    for number, before in recounted.items():  # a re-import with the scale gives the same figures
        after, _ = _result(db, number)
        assert (after.mark2, after.mark3, after.mark4, after.mark5, after.journal_lower, after.journal_same,
                after.journal_higher) == (before.mark2, before.mark3, before.mark4, before.mark5,
                                          before.journal_lower, before.journal_same, before.journal_higher)


def test_2020_file_uses_the_logins_map_for_municipalities(db, samples: Path):
    _set_municipality(db, "Шипуновский район")
    _register(db, samples, {"224126"})
    summary = import_vpr(db, samples / F2020)
    assert summary.created == 1
    assert "соответствие логинов (logins.xlsx) не загружено" in summary.text()
    result, _ = _result(db, "224126")
    assert (result.year, result.grade, result.session) == (2020, 5, "осень")

    logins = {login: municipality for login, _, municipality in _logins(samples)}
    with db.transaction() as session:
        session.add(Setting(key="fis_logins", value=logins))
    plan = plan_vpr_import(db, samples / F2020)
    ours = {login_number(k) for k, v in logins.items() if v == "Шипуновский район"}
    in_file = ours & set(plan.protocol.schools)
    assert len(in_file) > 3
    assert {m.number for m in plan.missing} == in_file - {"224126"}
    assert all(m.municipality == "Шипуновский район" for m in plan.missing)


def test_bad_file_changes_nothing(db, tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["логин школы", "регион", "вариант", "всего баллов", "балл за 1", "балл за 2"])
    ws.append(["sch220001", "город Барнаул", "1", "2", "1", "1"])
    ws.append(["sch220001", "город Барнаул", "1", "много", "1", "1"])
    path = tmp_path / "ВПР_2021_6кл_Математика.xlsx"
    wb.save(path)
    with pytest.raises(ImportRejected) as exc:
        import_vpr(db, path, VprOptions(all_municipalities=True, create_missing=True))
    (problem,) = exc.value.problems
    assert (problem.row, problem.column) == (3, "всего баллов")
    assert (_count(db, ImportBatch), _count(db, School)) == (0, 0)

    fake = tmp_path / "ВПР_2021_5кл_Математика.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportRejected):
        import_vpr(db, fake, VprOptions(all_municipalities=True))
    assert _count(db, ImportBatch) == 0


def test_cli_import_through_dispatch(data_dir: Path, samples: Path, capsys):
    path = str(samples / F2022_4)
    # an empty registry: nothing written, which is a failure with its reason
    assert cli.main(["--data-dir", str(data_dir), "import", "--all-municipalities", path]) == 1
    out, err = capsys.readouterr()
    assert "протокол ВПР ФИС ОКО (формат 2022 г.)" in out
    assert "нет в реестре, пропущено ОО: 4" in out and "edu223379" in out
    assert "в базу не записано ни одной строки. Причина: ни одной ОО файла своего муниципалитета нет в " \
           "реестре" in err and "--create-missing" in err
    assert cli.main(["--data-dir", str(data_dir), "import", "--all-municipalities", "--create-missing",
                     path]) == 0
    assert "добавлено: 4" in capsys.readouterr().out


def test_cli_scales_set_then_list(data_dir: Path, capsys):
    args = ["--data-dir", str(data_dir), "scales"]
    assert cli.main([*args, "set", "--year", "2023", "--grade", "5", "--subject", "математика",
                     "--min3", "5", "--min4", "10", "--min5", "14", "--max", "20"]) == 0
    assert "«2»: 0–4, «3»: 5–9, «4»: 10–13, «5»: 14–20" in capsys.readouterr().out
    assert cli.main([*args, "set", "--year", "2023", "--grade", "5", "--subject", "Математика",
                     "--min3", "5", "--min4", "4", "--min5", "14"]) == 1
    assert "пороги должны возрастать" in capsys.readouterr().err
    assert cli.main([*args, "--year", "2023", "--csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == ["year,grade,subject,min3,min4,min5,max,tasks,source",
                     "2023,5,Математика,5,10,14,20,,введено пользователем"]
    # the maxima of the tasks, and a work whose thresholds are not known yet
    assert cli.main([*args, "set", "--year", "2024", "--grade", "6", "--subject", "Математика",
                     "--tasks", "1 1 2 2"]) == 0
    assert "пороги отметок не заданы; максимальный балл 6" in capsys.readouterr().out
    assert cli.main([*args, "--year", "2024", "--csv"]) == 0
    assert "2024,6,Математика,,,,6,1: 1; 2: 1; 3: 2; 4: 2,введено пользователем" in capsys.readouterr().out
    assert cli.main([*args, "--year", "2021", "--grade", "5"]) == 0  # the shipped scales are listed
    assert "Математика" in capsys.readouterr().out


def test_the_real_regional_history_file_has_1_3_percent_wrong_rows_refused_by_default(db, samples: Path):
    """43 of its 3,279 rows give 2 points to task 12, whose header says «(1б)»: over the default
    1 % the file is refused whole with the rows listed; a raised limit loads the rest without them."""
    options = VprOptions(all_municipalities=True, create_missing=True)
    with pytest.raises(ImportRejected) as exc:
        import_vpr(db, samples / F2022_11, options)
    message = str(exc.value)
    assert "строк с ошибками 43 из 3279 (1,3 %) — больше 1 %" in message
    assert "строка 87, столбец «12 (1б)»: балл за задание 2 больше максимума 1" in message
    assert _count(db, AssessmentResult) == 0
    options.max_error_share = 0.02
    summary = import_vpr(db, samples / F2022_11, options)
    assert "строк с ошибками не учтено ни в одном показателе: 43" in summary.text()
    assert summary.created == 266
