"""`shnor flags` on the real temp database: every number against a computation written here."""

from __future__ import annotations

import csv
import io

import pytest

from shnor_desktop.cli import main
from tests.unit.analytics_data import LOGINS, NAMES, Y2024, build_district

NB = "\u00a0"


@pytest.fixture
def district(ctx, data_dir):
    ids = build_district(ctx.db)
    return ids


def flags(data_dir, capsys, *extra: str) -> tuple[int, list[dict[str, str]], str]:
    code = main(["--data-dir", str(data_dir), "flags", "--year", "2024", "--grade", "5", *extra])
    out = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out))) if "--csv" in extra else []
    return code, rows, out.out + out.err


def by_login(rows):
    return {r["login"]: r for r in rows}


def test_csv_quality_matches_a_computation_by_hand(district, data_dir, capsys):
    code, rows, _ = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "МАТЕМАТИКА",
                          "--indicator", "качество", "--csv")
    assert code == 0
    assert list(rows[0])[:8] == ["login", "name", "participants", "value", "district value", "ratio",
                                 "flag", "reason"]
    # independent computation: quality = («4» + «5») / marks; district = all good marks / all marks
    good = {k: m[2] + m[3] for k, (_, m, _) in Y2024.items()}
    n = {k: sum(m) for k, (_, m, _) in Y2024.items()}
    level = sum(good.values()) / sum(n.values())
    assert level == 0.48
    got = by_login(rows)
    assert len(got) == 6
    for letter in "ABCDEF":
        r = got[LOGINS[letter]]
        value = good[letter] / n[letter]
        assert r["name"] == NAMES[letter]
        assert int(r["participants"]) == n[letter]
        assert float(r["value"]) == pytest.approx(value * 100)
        assert float(r["district value"]) == pytest.approx(48.0)
        assert float(r["ratio"]) == pytest.approx(value / level, abs=1e-6)
        expected_flag = value / level <= 0.85  # the regulation names no minimum of participants
        assert r["flag"] == ("1" if expected_flag else "0"), letter
        assert r["mean"] == "weighted" and r["indicator"] == "quality" and r["unit"] == "%"
    c = got[LOGINS["C"]]
    assert c["value"] == "30.0" and c["district value"] == "48.0" and c["ratio"] == "0.625"
    assert c["reason"] == (
        f"ВПР 5 кл., математика, 2024: качество 30,0{NB}% при районном 48,0{NB}% — ниже на 38{NB}%")
    assert c["group"] == "risk"
    f = got[LOGINS["F"]]
    assert f["participants"] == "7" and f["flag"] == "1" and f["group"] == "risk"
    assert f["reason"] == (f"ВПР 5 кл., математика, 2024: качество 14,3{NB}% при районном 48,0{NB}% — "
                           f"ниже на 70{NB}%; (мало участников: 7; вывод по одному году ненадёжен, "
                           "смотрите динамику)")
    assert f["min participants"] == "0"
    # the worst first
    assert [r["login"] for r in rows][:3] == [LOGINS["F"], LOGINS["C"], LOGINS["E"]]


def test_mean_of_schools_changes_the_flags_and_is_written_in_the_output(district, data_dir, capsys):
    code, rows, _ = flags(data_dir, capsys, "--procedure", "впр", "--subject", "математика",
                          "--indicator", "quality", "--mean", "schools", "--csv")
    assert code == 0
    level = (0.6 + 0.5 + 0.3 + 6 / 13 + 0.4 + 1 / 7) / 6
    got = by_login(rows)
    assert float(got[LOGINS["E"]]["district value"]) == pytest.approx(level * 100, abs=1e-6)
    assert got[LOGINS["E"]]["flag"] == "0" and got[LOGINS["E"]]["group"] == "control"
    assert got[LOGINS["E"]]["reason"] == "ВПР 5 кл., математика, 2024: была в группе риска в 2023 г."
    assert got[LOGINS["C"]]["flag"] == "1"
    assert {r["mean"] for r in rows} == {"schools"}


def test_lower_is_better_indicator(district, data_dir, capsys):
    code, rows, _ = flags(data_dir, capsys, "--procedure", "ВПР", "--subject", "Математика",
                          "--indicator", "доля 2", "--csv")
    assert code == 0
    c = by_login(rows)[LOGINS["C"]]
    assert (c["value"], c["district value"], c["flag"]) == ("20.0", "11.0", "1")
    assert float(c["ratio"]) == pytest.approx(0.2 / 0.11, abs=1e-6)
    assert c["reason"] == (
        f"ВПР 5 кл., математика, 2024: доля «2» 20,0{NB}% при районной 11,0{NB}% — выше на 82{NB}%")
    a = by_login(rows)[LOGINS["A"]]
    assert a["flag"] == "0"  # 5 % «2» against 11 %: better, not worse
    # F: 3 «2» of 7 (no minimum of participants in the regulation)
    assert [r["login"] for r in rows if r["flag"] == "1"] == [LOGINS["F"], LOGINS["C"]]


def test_threshold_and_minimum_participants_options(district, data_dir, capsys):
    _, rows, _ = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика",
                       "--indicator", "качество", "--threshold", "0.4", "--csv")
    # C is 37,5 % below: not 40 %; F (1 of 7, −70 %) is
    assert [r["login"] for r in rows if r["flag"] == "1"] == [LOGINS["F"]]
    assert {r["threshold"] for r in rows} == {"0.4"}
    _, rows, _ = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика",
                       "--indicator", "качество", "--threshold", "35%", "--csv")
    assert [r["login"] for r in rows if r["flag"] == "1"] == [LOGINS["F"], LOGINS["C"]]
    _, rows, _ = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика",
                       "--indicator", "качество", "--min-participants", "5", "--csv")
    assert by_login(rows)[LOGINS["F"]]["flag"] == "1"
    _, rows, _ = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика",
                       "--indicator", "качество", "--min-participants", "10", "--csv")
    f = by_login(rows)[LOGINS["F"]]
    assert (f["flag"], f["group"], f["min participants"]) == ("0", "small", "10")


def test_default_set_of_indicators_shows_the_deciding_one(district, data_dir, capsys):
    _, rows, _ = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика", "--csv")
    got = by_login(rows)
    # regulation 000: медиана, коэффициент выполнения, среднее значение
    assert got[LOGINS["C"]]["indicator"] == "median" and got[LOGINS["C"]]["flag"] == "1"
    assert got[LOGINS["C"]]["reason"].count("ниже на") == 3 and "качество" not in got[LOGINS["C"]]["reason"]
    _, rows, _ = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика", "--csv",
                       "--indicator", "kv")
    b = by_login(rows)[LOGINS["B"]]
    assert b["indicator"] == "kv" and b["unit"] == "%"  # 0.60 vs 12.85/20
    assert float(b["district value"]) == pytest.approx(64.25)
    assert float(b["ratio"]) == pytest.approx(0.6 / 0.6425, abs=1e-6)


def test_text_output_is_russian(district, data_dir, capsys):
    code, _, text = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика",
                          "--indicator", "качество")
    assert code == 0
    assert text.splitlines()[0].startswith("ВПР 5 кл., математика, 2024. Правило: порог 15")
    assert f"Районный уровень, качество: 48,0{NB}% — взвешенное по числу участников" in text
    assert "Группа риска: 3; контрольная группа: 0; порог 15" in text
    assert "минимальное число участников не задано (как в положении): отмечаются все школы" in text
    code, _, text = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика",
                          "--indicator", "качество", "--min-participants", "10")
    assert "Группа риска: 2; контрольная группа: 0; мало участников (меньше 10, не отмечаются): 1" in text
    assert "школы, где участников меньше 10, не отмечаются (решение района)" in text


def test_errors_are_russian_and_change_nothing(district, data_dir, capsys):
    code, _, text = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "физика")
    assert code == 1 and "Нет результатов: ВПР, 5 класс, «физика», 2024 г." in text
    code, _, text = flags(data_dir, capsys, "--procedure", "ГВЭ", "--subject", "математика")
    assert code == 1 and "Неизвестная процедура «ГВЭ»" in text
    code, _, text = flags(data_dir, capsys, "--procedure", "VPR", "--subject", "математика",
                          "--indicator", "отличники")
    assert code == 1 and "Неизвестный показатель «отличники»" in text
