"""Monitoring indicators and the nine criteria, each recomputed by hand from tests/monitoring_data.py."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from shnor_desktop import cli
from shnor_desktop.analytics import monitoring as mon
from shnor_desktop.models import AssessmentResult
from shnor_desktop.validation import ValidationError
from tests.monitoring_data import TODAY, YEAR, build_district


@pytest.fixture
def district(db):
    return build_district(db)


@pytest.fixture
def report(db, district):
    with db.session() as s:
        return mon.monitoring_report(s, YEAR, today=TODAY)


def test_monitored_schools_are_shnor_and_shnsu_of_the_year(report):
    assert [(s.name, s.kinds_text) for s in report.schools] == [
        ("Школа A", "ШНОР"), ("Школа B", "ШНОР"), ("Школа C", "ШНОР"), ("Школа D", "ШНСУ")]


def test_positive_dynamics_by_hand(report):
    rows = {s.name: s for s in report.schools}
    # A: КВ математика 0.40 -> 0.50, русский 0.50 -> 0.45
    assert rows["Школа A"].previous == pytest.approx((0.40 + 0.50) / 2)
    assert rows["Школа A"].current == pytest.approx((0.50 + 0.45) / 2)
    assert rows["Школа A"].delta == pytest.approx(0.025)
    assert rows["Школа A"].slices == 2 and rows["Школа A"].positive is True
    # B: качество ОГЭ математика (4+1)/20 -> (3+1)/20; биология 2024 has no pair
    assert (rows["Школа B"].previous, rows["Школа B"].current) == pytest.approx((5 / 20, 4 / 20))
    assert rows["Школа B"].slices == 1 and rows["Школа B"].positive is False
    # C: nothing to compare
    assert rows["Школа C"].positive is None and rows["Школа C"].slices == 0
    # D: КВ missing in 2024, so качество in both years: 5/10 -> 6/10
    assert (rows["Школа D"].previous, rows["Школа D"].current) == pytest.approx((0.5, 0.6))
    ind = report.indicator("positive_dynamics")
    assert (ind.numerator, ind.denominator) == (2, 3)
    assert ind.value == pytest.approx(2 / 3)
    assert ind.text() == "66,7\u00a0%"
    assert "без сопоставимых данных: 1 ОО" in ind.note


def test_low_results_index_by_hand(report):
    # marks «2» / all marks of A, B, C, D in 2024 (F is not monitored in 2024; ЕГЭ is not counted)
    twos = 2 + 5 + 6 + 1 + 2 + 0
    total = 20 + 20 + 20 + 10 + 12 + 10
    ind = report.indicator("low_results_index")
    assert (ind.numerator, ind.denominator) == (twos, total)
    # 2023: A 4 + 3 of 40, B 5 of 20, D 1 of 10
    assert ind.note == "у этих же школ в 2023 г.: 18,6\u00a0%"
    assert round(13 / 70 * 100, 1) == 18.6


def test_teacher_indicators_by_hand(report):
    # pedagogues: T1, T2 (teachers), T3 (deputy) of A and T7 of D; T4 is a director, T5 has left,
    # T6 works at the leader school.
    diagnosed = report.indicator("teachers_diagnosed")
    assert (diagnosed.numerator, diagnosed.denominator) == (2, 4)  # T1 and T2 by diagnostic in 2024
    positive = report.indicator("teachers_positive")
    assert (positive.numerator, positive.denominator) == (1, 2)  # T1: 40 -> 60
    trained = report.indicator("teachers_trained")
    assert (trained.numerator, trained.denominator) == (1, 4)  # T2's course ended in June 2024


def test_coverage_counts_by_hand(report):
    assert (report.indicator("covered_methodical").numerator,
            report.indicator("covered_methodical").denominator) == (1, 4)  # A: done visit in 2024
    assert report.indicator("covered_partnership").numerator == 1  # A; B's is a draft, D's ended 2023
    assert report.indicator("covered_addressed").numerator == 2  # B curator, D's teacher mentored
    rows = {s.name: (s.methodical, s.partnership, s.addressed) for s in report.schools}
    assert rows == {"Школа A": (True, True, False), "Школа B": (False, False, True),
                    "Школа C": (False, False, False), "Школа D": (False, False, True)}
    shnor = report.indicator("shnor_share")
    assert (shnor.numerator, shnor.denominator) == (3, 6)


def _criteria(report, school):
    return {c.number: c for c in report.criteria if c.school == school}


def test_nine_criteria_for_school_a(report):
    a = _criteria(report, "Школа A")
    assert [a[n].name for n in range(1, 10)] == [c[1] for c in mon.CRITERIA]
    assert a[1].verdict == mon.NO_DATA  # no ОГЭ rows
    assert a[2].verdict == mon.NOT_MET and a[2].value == "10,0\u00a0% (1 из 10)"
    # district ЕГЭ русский: (65·10 + 75·30) / 40 = 72.5
    assert a[3].verdict == mon.NOT_MET
    assert a[3].value == "65,0" and a[3].reference.startswith("72,5 по району")
    # математика (профильная): (50·5 + 60·10) / 15 = 56.7; the base level is not counted
    assert a[4].verdict == mon.NOT_MET and a[4].reference.startswith("56,7")
    # предметы по выбору: A физика 55; district (55·4 + 50·6) / 10 = 52
    assert a[5].verdict == mon.MET and a[5].reference.startswith("52,0")
    # 80+: A 3/19 = 15.8 %; district 13/65 = 20 %
    assert a[6].value == "15,8\u00a0%" and a[6].reference.startswith("20,0\u00a0%")
    assert a[6].verdict == mon.NOT_MET
    # the partnership's plan: the seminar is done, the master class is not due yet, a cancelled one
    assert a[7].verdict == mon.MET and "выполнено 1 из 1" in a[7].value
    assert a[8].verdict == mon.MET
    # absences: 5 against the district (5 + 3 + 1 + 0.5) / 4 = 2.375
    assert a[9].verdict == mon.NOT_MET and a[9].reference == "2,4 по району"
    assert a[9].expected == "Ниже среднерайонного показателя"


def test_criteria_for_other_schools(report):
    b, c, d = (_criteria(report, n) for n in ("Школа B", "Школа C", "Школа D"))
    assert b[1].verdict == mon.MET and b[1].value.startswith("0,0")
    assert c[1].verdict == mon.NOT_MET and c[1].value == "16,7\u00a0% (2 из 12)"
    assert all(x[n].verdict == mon.NO_DATA for x in (b, c, d) for n in (2, 3, 4, 5, 6))
    assert b[7].verdict == mon.NOT_MET  # a draft agreement only
    assert d[7].verdict == mon.NOT_MET and d[7].value == "действующего договора нет"  # ended 2023
    assert c[8].verdict == mon.NOT_MET  # no ВПР or РДР while the district has them
    assert (b[9].verdict, c[9].verdict, d[9].verdict) == (mon.NOT_MET, mon.NO_DATA, mon.MET)


def test_regional_reference_replaces_the_district(db, district):
    with db.transaction() as s:
        mon.save_regional_reference(s, YEAR, {"ege_russian": 60.0, "ege_math": None})
    with db.session() as s:
        a = _criteria(mon.monitoring_report(s, YEAR, today=TODAY), "Школа A")
    assert a[3].verdict == mon.MET and a[3].reference == "60,0 по региону"
    assert a[4].reference == "56,7 по району"
    with pytest.raises(ValidationError, match="от 0 до 100"), db.transaction() as s:
        mon.save_regional_reference(s, YEAR, {"ege_russian": 160.0})


def test_absence_values_can_be_typed_and_cleared(db, district):
    a, c = district.schools["A"], district.schools["C"]
    with db.transaction() as s:
        mon.save_absence_values(s, YEAR, {a: None, c: 1.5})
    with db.session() as s:
        assert mon.absence_values(s, YEAR) == {district.schools["B"]: 3.0, district.schools["E"]: 1.0,
                                               district.schools["D"]: 0.5, c: 1.5}
    with pytest.raises(ValidationError), db.transaction() as s:
        mon.save_absence_values(s, YEAR, {a: -1.0})


def test_year_without_statuses_has_no_data(db, district):
    with db.session() as s:
        report = mon.monitoring_report(s, 2030, today=TODAY)
    assert report.schools == [] and report.criteria == []
    assert report.indicator("positive_dynamics").text() == "нет данных"
    assert report.indicator("covered_methodical").text() == "0 из 0"


def test_quality_needs_all_marks():
    assert mon.quality(AssessmentResult(mark2=1, mark3=1, mark4=1, mark5=1)) == 0.5
    assert mon.quality(AssessmentResult(mark2=None, mark3=1, mark4=1, mark5=1)) is None
    assert mon.quality(AssessmentResult(mark2=0, mark3=0, mark4=0, mark5=0)) is None


def test_export_workbook_has_three_sheets(report, tmp_path):
    path = mon.export_report(report, tmp_path / "мониторинг.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Показатели 2024", "Динамика и охват", "Критерии результативности"]
    assert wb["Показатели 2024"]["A2"].value.startswith("Доля ШНОР и ШНСУ")
    assert wb["Критерии результативности"].max_row == 1 + 4 * 9


def test_cli_monitoring_csv_matches_hand_counts(district, data_dir, capsys):
    assert cli.main(["--data-dir", str(data_dir), "monitoring", "--year", str(YEAR), "--csv",
                     "--today", "15.12.2024"]) == 0
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["positive_dynamics"]["value"] == "66.7"
    assert (rows["positive_dynamics"]["numerator"], rows["positive_dynamics"]["denominator"]) == ("2", "3")
    assert rows["teachers_diagnosed"]["value"] == "50.0"
    assert rows["covered_addressed"]["value"] == "2" and rows["covered_addressed"]["unit"] == "ОО"
    assert rows["low_results_index"]["value"] == str(round(16 / 92 * 100, 1))
    assert rows["positive_dynamics"]["indicator"].startswith("Доля ШНОР и ШНСУ")


def test_cli_monitoring_text(district, data_dir, capsys):
    assert cli.main(["--data-dir", str(data_dir), "monitoring", "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "Показатели мониторинга ШНОР и ШНСУ за 2024 г. (ОО под наблюдением: 4)" in out
    assert "Количество ШНОР и ШНСУ, охваченных методической работой: 1 из 4 (1 / 4)" in out
