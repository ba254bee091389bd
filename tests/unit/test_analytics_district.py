"""District level: participant-weighted and the mean of schools, checked by hand."""

from __future__ import annotations

import pytest

from shnor_desktop.analytics import AnalyticsError
from shnor_desktop.analytics.district import district_levels, district_value, load_district_levels
from shnor_desktop.analytics.frame import SliceKey, load_rows

from .analytics_data import add_result, add_school, build_district


@pytest.fixture
def rows_2024(db):
    build_district(db)
    with db.session() as s:
        return load_rows(s, years=2024, procedure="VPR", grade=5, subject="Математика")


def test_weighted_quality_is_all_good_marks_over_all_marks(rows_2024):
    dv = district_value(rows_2024, "качество", "weighted")
    assert dv.value == pytest.approx((24 + 10 + 3 + 6 + 4 + 1) / 100)  # 0.48
    assert dv.mean == "weighted" and dv.requested == "weighted"
    assert dv.schools == 6 and dv.participants == 100
    assert dv.mean_label == "взвешенное по числу участников" and dv.note == ""


def test_mean_of_schools_differs_from_weighted(rows_2024):
    dv = district_value(rows_2024, "quality", "schools")
    assert dv.value == pytest.approx((0.6 + 0.5 + 0.3 + 6 / 13 + 0.4 + 1 / 7) / 6)  # 0.4007
    assert dv.mean == "schools"
    assert dv.value < 0.48 - 0.07  # the big good school A weighs more in the weighted level


def test_scores_and_lower_is_better_levels(rows_2024):
    assert district_value(rows_2024, "mean_score").value == pytest.approx(
        (40 * 15 + 20 * 12 + 10 * 10 + 13 * 13 + 10 * 12 + 7 * 8) / 100)  # 12.85
    assert district_value(rows_2024, "mean_score", "schools").value == pytest.approx(
        (15 + 12 + 10 + 13 + 12 + 8) / 6)
    assert district_value(rows_2024, "kv").value == pytest.approx(12.85 / 20)
    assert district_value(rows_2024, "share2").value == pytest.approx((2 + 2 + 2 + 1 + 1 + 3) / 100)


def test_weighted_falls_back_to_schools_when_participants_are_unknown(db):
    with db.transaction() as s:
        ids = [add_school(s, f"sch200{i}", f"Школа {i}").id for i in range(3)]
        add_result(s, ids[0], 2024, None, procedure="OGE", grade=9, mean=20.0)
        add_result(s, ids[1], 2024, None, procedure="OGE", grade=9, mean=14.0, participants=30)
        add_result(s, ids[2], 2024, None, procedure="OGE", grade=9, mean=17.0, participants=10)
    with db.session() as s:
        rows = load_rows(s, years=2024, procedure="ОГЭ")
    dv = district_value(rows, "mean_score", "weighted")
    assert dv.value == pytest.approx((20 + 14 + 17) / 3)
    assert dv.requested == "weighted" and dv.mean == "schools"
    assert "среднее по школам" in dv.note
    assert dv.participants is None
    assert district_value(rows, "quality").value is None  # no marks at all


def test_levels_for_every_slice_and_indicator(db):
    build_district(db)
    with db.session() as s:
        table = load_district_levels(s, years=[2022, 2023, 2024], indicators=["quality", "share2"])
        rows = load_rows(s, years=[2022, 2023, 2024])
    assert len(table) == 3 * 2
    by = {(d.key.year, d.indicator): d.value for d in table}
    assert by[(2023, "quality")] == pytest.approx((6 + 5 + 5 + 2) / 40)  # 0.45
    assert by[(2022, "quality")] == pytest.approx((6 + 5 + 2 + 5) / 40)
    assert by[(2024, "share2")] == pytest.approx(0.11)
    full = district_levels(rows)
    assert len(full) == 3 * 8
    key = SliceKey(2024, "VPR", 5, "Математика")
    assert full[(key, "quality")].value == pytest.approx(0.48)


def test_bad_mean_and_mixed_slices_are_refused(rows_2024, db):
    with pytest.raises(AnalyticsError, match="weighted или schools"):
        district_value(rows_2024, "quality", "median")
    with db.session() as s:
        mixed = load_rows(s, years=[2023, 2024])
    with pytest.raises(AnalyticsError, match="по одному срезу"):
        district_value(mixed, "quality")
