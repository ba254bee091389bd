"""ВПР protocols: layout detection, parsing and per-school aggregates, checked by hand.

The aggregates of a few schools of every real sample are compared with a plain loop over the
raw cells (tests/vpr_hand.py, read with openpyxl or python-calamine, not with the importer).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from openpyxl import Workbook

from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.io.scales import ScaleError, ScaleSpec, canonical_subject, save_scale, shipped_scales
from shnor_desktop.io.vpr import (
    Protocol,
    ProtocolOptions,
    hints_from_name,
    layout_of_header,
    parse_protocol,
    sniff_layout,
)
from shnor_desktop.io.vpr_aggregate import aggregate, task_maxima
from tests.vpr_hand import MATH5_MAXIMA, hand_school, read_rows

MATH5 = (7.0, 11.0, 15.0)  # test thresholds: «3» from 7, «4» from 11, «5» from 15
MATH4 = (6.0, 10.0, 15.0)
HIST11 = (7.0, 13.0, 18.0)

CASES = [
    # file, sheet for the hand reader, layout, thresholds, maxima, schools (login digits)
    ("ВПР_2021_5кл_Математика.xlsx", None, "vpr_2021", MATH5, MATH5_MAXIMA,
     ["223279", "223729", "220178"]),
    ("ВПР_2020_5кл_Математика.xlsx", None, "vpr_2020", MATH5, MATH5_MAXIMA,
     ["224386", "223173", "224239"]),
    ("ВПР_2022_4кл_Математика.xlsx", "Протокол", "vpr_2022", MATH4, None, ["223379", "224258"]),
    ("ВПР_2022_11кл_История.xlsx", "Протокол", "vpr_2022", HIST11, None,
     ["223705", "226047", "224335"]),
]


@functools.lru_cache(maxsize=8)
def _parsed(path: Path) -> Protocol:
    """The real samples are parsed once for all tests of this module (read-only use)."""
    return parse_protocol(path)


def _scale(protocol, thresholds) -> ScaleSpec:
    return ScaleSpec(protocol.year, protocol.grade, protocol.subject, *thresholds)


@pytest.mark.parametrize(("file", "sheet", "layout", "thresholds", "maxima", "schools"), CASES,
                         ids=[c[0] for c in CASES])
def test_aggregates_match_hand_computation(samples: Path, file, sheet, layout, thresholds, maxima, schools):
    path = samples / file
    protocol = _parsed(path)
    assert protocol.layout == layout
    found = task_maxima(protocol, None)
    if maxima is not None:
        assert found.tasks == [float(m) for m in maxima]
    aggregates = {a.number: a for a in aggregate(protocol, _scale(protocol, thresholds), found)}
    rows = read_rows(path, sheet)
    for digits in schools:
        hand = hand_school(rows, layout, digits, thresholds, maxima)
        got = aggregates[digits]
        assert hand.participants > 0
        assert (got.participants, got.absent) == (hand.participants, hand.absent), digits
        assert (got.mark2, got.mark3, got.mark4, got.mark5) == tuple(hand.marks[m] for m in (2, 3, 4, 5))
        assert got.mean_score == pytest.approx(hand.mean)
        assert got.median_score == pytest.approx(hand.median)
        assert got.kv == pytest.approx(hand.kv)
        assert [t.completion for t in got.tasks] == pytest.approx(hand.completion)
        journal = (got.journal_lower, got.journal_same, got.journal_higher)
        assert journal == (hand.lower, hand.same, hand.higher)
        assert got.success == pytest.approx(sum(hand.marks[m] for m in (3, 4, 5)) / hand.participants)
        assert got.quality == pytest.approx((hand.marks[4] + hand.marks[5]) / hand.participants)


def test_layouts_and_slices_of_the_samples(samples: Path):
    expected = {
        "ВПР_2020_5кл_Математика.xlsx": ("vpr_2020", 2020, 5, "Математика", "осень", 16),
        "ВПР_2021_5кл_Математика.xlsx": ("vpr_2021", 2021, 5, "Математика", "весна", 16),
        "ВПР_2022_4кл_Математика.xlsx": ("vpr_2022", 2022, 4, "Математика", "весна", 15),
        "ВПР_2022_11кл_История.xlsx": ("vpr_2022", 2022, 11, "История", "весна", 13),
    }
    for file, (layout, year, grade, subject, session, tasks) in expected.items():
        assert sniff_layout(samples / file) == layout
        p = _parsed(samples / file)
        assert (p.layout, p.year, p.grade, p.subject, p.session, len(p.tasks)) == (
            layout, year, grade, subject, session, tasks)
    assert sniff_layout(samples / "logins.xlsx") is None
    assert layout_of_header(["логин", "имя", "регион"]) is None


def test_2022_headers_give_task_labels_and_maxima(samples: Path):
    p = _parsed(samples / "ВПР_2022_4кл_Математика.xlsx")
    assert p.tasks[4:6] == ["5(1)", "5(2)"]
    assert p.task_max[:3] == [1.0, 1.0, 2.0]
    assert sum(p.task_max) == 20
    # the school's municipality and name come from the «код | название» cells
    school = p.schools["223379"]
    assert school.municipality_code == "reg22_m019"
    assert school.municipality == "Красногорский муниципальный район"
    assert school.name == 'МКОУ "Усть-Кажинская СОШ"'


def test_rows_view_of_one_school(samples: Path):
    p = parse_protocol(samples / "ВПР_2022_4кл_Математика.xlsx")
    rows = p.rows("223379")
    assert rows[0] == (None, None, None, (), True)  # «отсутствовал»
    score, mark, journal, points, absent = rows[1]
    assert (score, mark, journal, absent) == (10.0, None, 4, False)
    assert points == (1, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 2, 2, 0)


def test_names_give_year_grade_subject():
    h = hints_from_name("ВПР_2021_5кл_Математика.xlsx")
    assert (h.year, h.grade, h.subject) == (2021, 5, "Математика")
    h = hints_from_name("впр 2022 7 класс Русский_язык (итог).xlsx")
    assert (h.year, h.grade, h.subject) == (2022, 7, "Русский язык")
    h = hints_from_name("protocol.xlsx")
    assert (h.year, h.grade, h.subject) == (None, None, None)
    assert canonical_subject("ma") == "Математика"
    assert canonical_subject("обществознанию") == "Обществознание"


def _write_2020(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["groups", "user", "id", "code", "otc", "gender", "klass", "var-1", "var-2", "sum",
               "a-1-grade", "a-2-grade", "a-3-grade", "a-4-grade", "Учебник", "a-6-grade"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_2020_layout_without_name_needs_options(tmp_path: Path):
    path = _write_2020(tmp_path / "protocol.xlsx", [
        ["22-RU-ALT,vpr2020.ma5", "sch220001", 1.0, 60001.0, "4", "м", "а", "1", "", 3.0,
         "1", "2", "X", "", "", ""],
        ["22-RU-ALT,vpr2020.ma5", "sch220001", 2.0, 60002.0, "", "", "", "отсутствовал", "", "",
         "", "", "", "", "", ""],
    ])
    with pytest.raises(ImportRejected) as exc:
        parse_protocol(path)
    text = str(exc.value)
    assert "--year/--grade/--subject" in text and "год, класс, предмет" in text
    p = parse_protocol(path, ProtocolOptions(year=2020, grade=5, subject="математика"))
    assert (p.year, p.grade, p.subject, p.session) == (2020, 5, "Математика", "осень")
    assert p.tasks == ["1", "2", "3"]  # «a-4-grade» is empty throughout; «Учебник» ends the tasks
    assert p.rows("220001") == [(3.0, None, 4, (1.0, 2.0, 0.0), False), (None, None, None, (), True)]
    with pytest.raises(ImportRejected) as exc:
        parse_protocol(path, ProtocolOptions(year=2020, grade=5))
    assert "предмет" in str(exc.value) and "--subject" in str(exc.value)


def test_option_contradicting_the_content_is_rejected(samples: Path):
    with pytest.raises(ImportRejected) as exc:
        parse_protocol(samples / "ВПР_2022_4кл_Математика.xlsx", ProtocolOptions(grade=5))
    assert "в файле указано «4», а задано «5»" in str(exc.value)


def _write_2021(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(["логин школы", "регион", "номер обучающегося", "код обучающегося",
               "отметка за предыдущую четверть/триместр", "пол", "класс", "вариант", "всего баллов",
               "балл за 1", "балл за 2", "балл за 3", "Учебник"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_x_absent_and_empty_rows(tmp_path: Path):
    path = _write_2021(tmp_path / "ВПР_2021_6кл_Математика.xlsx", [
        ["sch220001", "город Барнаул", "1", "60001", "4", "м", "а", "1", "3", "X", "1", "2", ""],
        ["sch220001", "город Барнаул", "2", "60002", "", "", "", "отсутствовал", "", "", "", "", ""],
        ["sch220001", "город Барнаул", "3", "60003", "5", "ж", "а", "2", "1", "не пройд.", "x", "1", ""],
        ["sch220001", "город Барнаул", "4", "60004", "", "", "", "", "", "", "", "", ""],  # empty: absent
        ["edu220001", "город Барнаул", "5", "60005", "3", "ж", "а", "1", "", "1", "Х", "2", ""],
    ])
    p = parse_protocol(path)
    assert list(p.schools) == ["220001"]  # sch… and edu… are one school
    rows = p.rows("220001")
    assert [r[4] for r in rows] == [False, True, False, True, False]
    assert rows[0][3] == (0.0, 1.0, 2.0)  # X -> 0
    assert rows[2][3] == (0.0, 0.0, 1.0)  # «не пройд.», lower-case x -> 0
    assert rows[4][0] == 3.0  # empty total: the sum of the tasks (Cyrillic Х counts 0)
    scale = ScaleSpec(2021, 6, "Математика", 2, 4, 5, max_score=5)
    (agg,) = aggregate(p, scale)
    assert (agg.participants, agg.absent) == (3, 2)
    assert (agg.mark2, agg.mark3, agg.mark4, agg.mark5) == (1, 2, 0, 0)  # scores 3, 1, 3
    assert agg.mean_score == pytest.approx(7 / 3)
    assert agg.kv == pytest.approx(7 / (3 * 5))  # the scale's maximum: no maxima in this layout
    # journal 4 -> «3» lower; journal 5 -> «2» lower; journal 3 -> «3» same
    assert (agg.journal_lower, agg.journal_same, agg.journal_higher) == (2, 1, 0)
    assert any("не пройд." in d for d in p.details)


def test_bad_cells_are_rejected_with_their_place(tmp_path: Path):
    path = _write_2021(tmp_path / "ВПР_2021_6кл_Математика.xlsx", [
        ["sch220001", "город Барнаул", "1", "60001", "4", "м", "а", "1", "abc", "1", "1", "1", ""],
        ["школа", "город Барнаул", "2", "60002", "4", "м", "а", "1", "3", "1", "1", "1", ""],
    ])
    with pytest.raises(ImportRejected) as exc:
        parse_protocol(path)
    problems = {(p.row, p.column): p.message for p in exc.value.problems}
    assert "не число" in problems[(2, "всего баллов")]
    assert "не похож на логин" in problems[(3, "логин школы")]
    assert all(p.sheet == "Sheet" for p in exc.value.problems)


def test_missing_columns_are_named(tmp_path: Path):
    wb = Workbook()
    wb.active.append(["логин школы", "вариант", "всего баллов", "балл за 1"])
    wb.active.append(["sch220001", "1", "1", "1"])
    path = tmp_path / "ВПР_2021_6кл_Математика.xlsx"
    wb.save(path)
    p = parse_protocol(path)  # the required columns are there; the journal is optional
    assert p.rows("220001")[0][2] is None
    wb = Workbook()
    wb.active.append(["логин школы", "вариант", "балл за 1"])
    wb.save(path)
    with pytest.raises(ImportRejected) as exc:
        parse_protocol(path)
    assert "не протокол ВПР" in str(exc.value)


def test_scale_marks_and_validation(db):
    scale = ScaleSpec(2021, 5, "Математика", 7, 11, 15, max_score=20)
    assert [scale.mark(s) for s in (0, 6, 7, 10, 11, 14, 15, 20)] == [2, 2, 3, 3, 4, 4, 5, 5]
    assert scale.text() == "«2»: 0–6, «3»: 7–10, «4»: 11–14, «5»: 15–20"
    with db.transaction() as session, pytest.raises(ScaleError, match="возрастать"):
        save_scale(session, year=2021, grade=5, subject="Математика", min3=7, min4=6, min5=15)
    with db.transaction() as session:
        row = save_scale(session, year=2023, grade=5, subject="математика", min3=5, min4=10, min5=14,
                         max_score=20, source="проверка")
        assert (row.subject, row.min3) == ("Математика", 5.0)
        again = save_scale(session, year=2023, grade=5, subject="Математика", min3=6, min4=10, min5=14)
        assert again.id == row.id and again.min3 == 6.0


def test_shipped_scales_name_their_source():
    scales = shipped_scales()
    assert scales
    for spec in scales:
        assert spec.source and len(spec.source) <= 500
        assert spec.has_marks or spec.max_score is not None  # at least the work's maximum
        if spec.has_marks:
            assert spec.min3 < spec.min4 < spec.min5 <= (spec.max_score or 1000)
        if spec.task_max:
            assert sum(spec.task_max.values()) == spec.max_score
        assert spec.verified == ("Не сверено" not in spec.source)
    keys = [(s.year, s.grade, s.subject) for s in scales]
    assert len(keys) == len(set(keys))
    assert (2021, 5, "Математика") in keys and (2022, 11, "История") in keys
