"""ИОР (z-score and rank variants) on a 3-school case, and the quadrant with the social context."""

from __future__ import annotations

import math

import pytest

from shnor_desktop.analytics import AnalyticsError
from shnor_desktop.analytics.ior import (
    IorValue,
    Quadrant,
    compute_ior,
    ior_from_rows,
    percentile_ranks,
    quadrants,
    quantile,
    slice_scores,
    z_scores,
)
from shnor_desktop.risks.social_axis import social_axis_from_mapping, social_axis_from_statuses

from .analytics_data import add_result, add_school

SQRT_1_5 = math.sqrt(1.5)  # z of 2 above the mean when sd = sqrt(8/3); and of 6 when sd = sqrt(24)


@pytest.fixture
def three(db):
    """X, Y, Z: ВПР 5 математика means 10, 12, 14; ОГЭ математика 20, 26, 14; X and Z are ШНСУ."""
    with db.transaction() as s:
        x = add_school(s, "sch300001", "Школа X", statuses=[("shnsu", 2024)]).id
        y = add_school(s, "sch300002", "Школа Y").id
        z = add_school(s, "sch300003", "Школа Z", statuses=[("shnsu", 2024), ("shnsu", 2023)]).id
        for sid, vpr, oge in ((x, 10.0, 20.0), (y, 12.0, 26.0), (z, 14.0, 14.0)):
            add_result(s, sid, 2024, None, participants=20, mean=vpr)
            add_result(s, sid, 2024, None, procedure="OGE", grade=9, participants=15, mean=oge)
    return {"X": x, "Y": y, "Z": z}


def test_z_scores_and_ranks_by_hand():
    # mean 12, population sd sqrt((4 + 0 + 4) / 3)
    z = z_scores({1: 10.0, 2: 12.0, 3: 14.0})
    assert z[1] == pytest.approx(-2 / math.sqrt(8 / 3)) == pytest.approx(-SQRT_1_5)
    assert z[2] == pytest.approx(0.0) and z[3] == pytest.approx(SQRT_1_5)
    assert z_scores({1: 5.0, 2: 5.0}) == {}
    assert percentile_ranks({1: 10.0, 2: 12.0, 3: 14.0}) == {1: 0.0, 2: 0.5, 3: 1.0}
    # ties share the average rank: ranks 1, 2.5, 2.5, 4 -> 0, 0.5, 0.5, 1
    assert percentile_ranks({1: 1.0, 2: 2.0, 3: 2.0, 4: 3.0}) == {1: 0.0, 2: 0.5, 3: 0.5, 4: 1.0}
    assert quantile([3.0, 1.0, 2.0], 0.25) == pytest.approx(1.5)
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == pytest.approx(2.5)


def test_ior_z_over_two_procedures(db, three):
    with db.session() as s:
        values = {v.school_id: v for v in compute_ior(s, years=2024)}
    # ВПР z: X −√1.5, Y 0, Z +√1.5; ОГЭ (mean 20, sd √24): X 0, Y +√1.5, Z −√1.5
    assert values[three["X"]].value == pytest.approx((-SQRT_1_5 + 0) / 2)
    assert values[three["Y"]].value == pytest.approx((0 + SQRT_1_5) / 2)
    assert values[three["Z"]].value == pytest.approx(0.0)
    assert all(v.slices == 2 and v.method == "z" for v in values.values())
    # sorted highest first
    with db.session() as s:
        assert [v.short_name for v in compute_ior(s, years=2024)] == ["Школа Y", "Школа Z", "Школа X"]


def test_ior_rank_variant(db, three):
    with db.session() as s:
        values = {v.school_id: v.value for v in compute_ior(s, years=2024, method="rank")}
    # ВПР ranks X 0, Y 0.5, Z 1; ОГЭ ranks X 0.5, Y 1, Z 0
    assert values == {three["X"]: 0.25, three["Y"]: 0.75, three["Z"]: 0.5}


def test_ior_only_one_procedure_and_slices_too_small(db, three):
    with db.session() as s:
        only_oge = {v.school_id: v.value for v in compute_ior(s, years=2024, procedures=["ОГЭ"])}
        assert only_oge[three["Y"]] == pytest.approx(SQRT_1_5)
        assert compute_ior(s, years=2024, min_schools=4) == []
        assert compute_ior(s, years=2023) == []


def test_lower_is_better_turns_the_sign(db):
    with db.transaction() as s:
        ids = [add_school(s, f"sch40000{i}", f"Школа {i}").id for i in range(3)]
        # доля «2»: 0.1, 0.2, 0.3 -> the first school is the best
        for sid, m2 in zip(ids, (1, 2, 3), strict=True):
            add_result(s, sid, 2024, (m2, 7 - m2, 2, 1))
    with db.session() as s:
        rows_ior = compute_ior(s, years=2024, indicators=("share2",))
    by = {v.school_id: v.value for v in rows_ior}
    assert by[ids[0]] == pytest.approx(SQRT_1_5) and by[ids[2]] == pytest.approx(-SQRT_1_5)


def test_ior_needs_a_known_method():
    with pytest.raises(AnalyticsError, match="z или rank"):
        ior_from_rows([], method="median")  # type: ignore[arg-type]
    with pytest.raises(AnalyticsError, match="z или rank"):
        slice_scores([], method="median")  # type: ignore[arg-type]


def test_quadrant_with_the_default_social_axis_from_statuses(db, three):
    with db.session() as s:
        ior = compute_ior(s, years=2024)
        social = social_axis_from_statuses(s, 2024, [v.school_id for v in ior])
    assert social.values == {three["X"]: 0.0, three["Y"]: 1.0, three["Z"]: 0.0}
    result = quadrants(ior, social)
    # ИОР −0.612, 0, +0.612: low cut = lower quartile = −0.306, good cut = median = 0
    assert result.low_at_most == pytest.approx(-SQRT_1_5 / 4)
    assert result.good_at_least == pytest.approx(0.0)
    by = {p.school_id: p.quadrant for p in result.points}
    assert by[three["X"]] is Quadrant.LOW_ADVERSE  # low results, ШНСУ
    assert by[three["Z"]] is Quadrant.RESILIENT  # ШНСУ, results at the median
    assert by[three["Y"]] is Quadrant.OTHER
    assert Quadrant.LOW_ADVERSE.label == "ШНОР + ШНСУ"
    assert result.social_source == "статус ШНСУ в 2024 г."


def test_quadrant_with_an_index_mapping():
    ior = [IorValue(1, "", "A", -1.0, 2, "z"), IorValue(2, "", "B", -0.8, 2, "z"),
           IorValue(3, "", "C", 0.5, 2, "z"), IorValue(4, "", "D", 0.9, 2, "z"),
           IorValue(5, "", "E", 0.1, 2, "z")]
    social = social_axis_from_mapping({1: 0.2, 2: 0.9, 3: 0.1, 4: 0.8, 5: 0.5}, adverse_at_most=0.3)
    result = quadrants(ior, social, low_at_most=-0.5, good_at_least=0.3)
    by = {p.school_id: p.quadrant for p in result.points}
    assert by == {1: Quadrant.LOW_ADVERSE, 2: Quadrant.LOW_ONLY, 3: Quadrant.RESILIENT,
                  4: Quadrant.OTHER, 5: Quadrant.OTHER}
    assert [p.short_name for p in result.members(Quadrant.RESILIENT)] == ["C"]
    # by default the adverse cut is the lower quartile of the index: 0.2 here
    assert social_axis_from_mapping({1: 0.2, 2: 0.9, 3: 0.1, 4: 0.8, 5: 0.5}).adverse_at_most == 0.2
    # a school without a social value is not placed
    partial = quadrants(ior, social_axis_from_mapping({1: 0.2}, adverse_at_most=0.3))
    assert [p.quadrant for p in partial.points if p.school_id != 1] == [None] * 4
    with pytest.raises(AnalyticsError):
        quadrants([], social)
