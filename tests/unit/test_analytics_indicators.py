"""The indicator catalogue: every indicator computed by hand from one result row."""

from __future__ import annotations

import pytest

from shnor_desktop.analytics import AnalyticsError
from shnor_desktop.analytics.indicators import (
    BY_KEY,
    INDICATORS,
    Direction,
    Unit,
    indicator,
    marks_total,
    participants_of,
)
from shnor_desktop.models import AssessmentResult


def result(**kw) -> AssessmentResult:
    base = dict(participants=None, mark2=None, mark3=None, mark4=None, mark5=None, mean_score=None,
                median_score=None, max_score=None, kv=None, share_below_min=None, share_80plus=None)
    base.update(kw)
    return AssessmentResult(**base)


ROW = result(participants=25, mark2=5, mark3=8, mark4=9, mark5=3, mean_score=11.2, median_score=11.0,
             max_score=20.0, kv=None, share_below_min=0.12, share_80plus=0.04)


def test_catalogue_has_the_eight_indicators_with_russian_names_units_and_directions():
    assert [i.key for i in INDICATORS] == [
        "quality", "success", "share2", "mean_score", "median", "kv", "below_min", "share80"]
    assert BY_KEY["quality"].name == "качество"
    assert BY_KEY["success"].name == "успеваемость"
    assert BY_KEY["share2"].name == "доля «2»"
    assert BY_KEY["kv"].short == "КВ"
    lower = {i.key for i in INDICATORS if i.direction is Direction.LOWER}
    assert lower == {"share2", "below_min"}
    scores = {i.key for i in INDICATORS if i.unit is Unit.SCORE}
    assert scores == {"mean_score", "median"}


def test_values_from_a_row_by_hand():
    # 25 marks: «2» 5, «3» 8, «4» 9, «5» 3
    assert marks_total(ROW) == 25
    assert BY_KEY["quality"].value(ROW) == pytest.approx(12 / 25)  # 0.48
    assert BY_KEY["success"].value(ROW) == pytest.approx(20 / 25)  # 0.80
    assert BY_KEY["share2"].value(ROW) == pytest.approx(5 / 25)
    assert BY_KEY["mean_score"].value(ROW) == 11.2
    assert BY_KEY["median"].value(ROW) == 11.0
    assert BY_KEY["kv"].value(ROW) == pytest.approx(11.2 / 20)  # no КВ column: mean / max
    assert BY_KEY["below_min"].value(ROW) == 0.12
    assert BY_KEY["share80"].value(ROW) == 0.04


def test_kv_column_wins_over_mean_by_max():
    assert BY_KEY["kv"].value(result(kv=0.61, mean_score=11.2, max_score=20.0)) == 0.61


def test_not_computable_gives_none():
    empty = result()
    assert all(i.value(empty) is None for i in INDICATORS)
    # one count unknown: shares from marks are not computable
    partial = result(mark2=1, mark3=2, mark4=None, mark5=1)
    assert BY_KEY["quality"].value(partial) is None
    # all marks zero: nobody wrote
    zeros = result(participants=0, mark2=0, mark3=0, mark4=0, mark5=0)
    assert BY_KEY["quality"].value(zeros) is None
    assert BY_KEY["kv"].value(result(mean_score=5.0, max_score=0.0)) is None


def test_weights_marks_for_shares_of_marks_participants_for_the_rest():
    row = result(participants=30, mark2=5, mark3=8, mark4=9, mark5=3, mean_score=10.0)
    assert BY_KEY["quality"].weight(row) == 25
    assert BY_KEY["mean_score"].weight(row) == 30
    assert participants_of(row) == 30
    assert participants_of(result(mark2=1, mark3=1, mark4=1, mark5=1)) == 4
    assert BY_KEY["mean_score"].weight(result(mean_score=10.0)) is None


def test_formatting_for_people_and_machines():
    q = BY_KEY["quality"]
    assert q.format(0.31) == "31,0\u00a0%"
    assert q.plain(0.31) == 31.0
    assert BY_KEY["mean_score"].format(11.24) == "11,2"
    assert BY_KEY["mean_score"].plain(11.24) == 11.24
    assert q.format(None) == "" and q.plain(None) is None


@pytest.mark.parametrize(("spelling", "key"), [
    ("quality", "quality"), ("Качество", "quality"), ("КВ", "kv"), ("кв", "kv"),
    ("средний балл", "mean_score"), ("доля «2»", "share2"), ("доля 2", "share2"),
    ("Медиана", "median"), ("успеваемость", "success"), ("80+", "share80"),
])
def test_lookup_by_any_spelling(spelling, key):
    assert indicator(spelling).key == key


def test_unknown_indicator_is_a_russian_error():
    with pytest.raises(AnalyticsError, match="Неизвестный показатель «отличники»"):
        indicator("отличники")
