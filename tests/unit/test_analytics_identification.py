"""Deviation, the 15 % rule, small schools, groups, stability and dynamics on the hand-made district."""

from __future__ import annotations

import pytest

from shnor_desktop.analytics import AnalyticsError
from shnor_desktop.analytics.identification import (
    CheckState,
    Group,
    IdentificationSettings,
    Trend,
    classify,
    compare,
    identify,
    load_settings,
    save_settings,
)
from shnor_desktop.models import Setting

from .analytics_data import build_district

SLICE = dict(year=2024, procedure="ВПР", grade=5, subject="математика")


@pytest.fixture
def ids(db):
    return build_district(db)


def run(db, **settings):
    with db.session() as s:
        return identify(s, **SLICE, settings=IdentificationSettings(**settings))


def test_deviation_is_relative_and_sign_corrected():
    ratio, dev = compare(0.3, 0.48, "quality")
    assert ratio == pytest.approx(0.625) and dev == pytest.approx(-0.375)
    # доля «2»: twice the district is worse, so negative
    ratio, dev = compare(0.24, 0.12, "share2")
    assert ratio == pytest.approx(2.0) and dev == pytest.approx(-1.0)
    ratio, dev = compare(0.06, 0.12, "share2")
    assert dev == pytest.approx(0.5)
    assert compare(None, 0.5, "quality") == (None, None)
    assert compare(0.1, 0.0, "share2") == (None, None)


def test_exactly_fifteen_percent_below_is_on_the_list():
    _, dev = compare(0.408, 0.48, "quality")  # 0.408 / 0.48 = 0.85
    assert classify(dev, 0.15, 0.05) is CheckState.BELOW
    _, dev = compare(0.409, 0.48, "quality")
    assert classify(dev, 0.15, 0.05) is CheckState.NEAR
    assert classify(-0.10, 0.15, 0.05) is CheckState.NEAR
    assert classify(-0.099, 0.15, 0.05) is CheckState.OK
    assert classify(None, 0.15, 0.05) is CheckState.NO_DATA


FOUR = ("quality", "kv", "mean_score", "median")  # the regulation's three and качество


def test_the_default_set_is_the_regulations():
    # seed 000, п. 1: «медианы результатов, коэффициенты выполнения работы, среднее значение»
    assert IdentificationSettings().indicators == ("median", "kv", "mean_score")
    assert IdentificationSettings().min_participants == 0


def test_default_rule_weighted(db, ids):
    result = run(db, indicators=FOUR)
    assert result.district["quality"].value == pytest.approx(0.48)
    assert result.district["kv"].value == pytest.approx(12.85 / 20)
    assert result.mean_used == "weighted"
    groups = {s.school_id: s.group for s in result.schools}
    assert groups == {ids["A"]: Group.NONE, ids["B"]: Group.NONE, ids["C"]: Group.RISK,
                      ids["D"]: Group.NONE, ids["E"]: Group.RISK, ids["F"]: Group.RISK}
    c = result.school(ids["C"])
    assert {ch.indicator.key for ch in c.flagged_checks} == {"quality", "kv", "mean_score", "median"}
    assert c.check("quality").deviation == pytest.approx(0.3 / 0.48 - 1)
    assert c.check("mean_score").deviation == pytest.approx(10 / 12.85 - 1)
    e = result.school(ids["E"])
    assert [ch.indicator.key for ch in e.flagged_checks] == ["quality"]  # 0.4 / 0.48 − 1 = −16.7 %
    assert e.check("kv").deviation == pytest.approx(0.6 / 0.6425 - 1)  # −6.6 %: not flagged
    assert e.worst.indicator.key == "quality"
    assert [s.school_id for s in result.risk_group] == [ids["C"], ids["E"], ids["F"]]
    assert result.control_group == []


def test_school_with_seven_participants_is_flagged_with_a_caveat_unless_the_district_sets_a_minimum(db, ids):
    result = run(db, indicators=("quality",))
    f = result.school(ids["F"])
    assert f.row.participants == 7
    assert f.check("quality").state is CheckState.BELOW  # 1/7 vs 0.48: −70 %
    # the regulation names no minimum: flagged, the sentence carries the caveat
    assert f.flagged and f.caveat and not f.small and f.group is Group.RISK
    assert "мало участников: 7; вывод по одному году ненадёжен" in f.reason
    # a district's own minimum: marked «мало участников», neither risk nor control group
    hidden = run(db, indicators=("quality",), min_participants=10)
    f = hidden.school(ids["F"])
    assert f.small and not f.flagged and f.group is Group.SMALL
    assert ids["F"] not in {s.school_id for s in hidden.risk_group + hidden.control_group}
    assert run(db, indicators=("quality",), min_participants=7).school(ids["F"]).group is Group.RISK


def test_weighted_and_schools_mean_give_different_flags(db, ids):
    weighted = run(db, indicators=("quality",))
    schools = run(db, indicators=("quality",), mean="schools")
    s_level = (0.6 + 0.5 + 0.3 + 6 / 13 + 0.4 + 1 / 7) / 6
    assert schools.district["quality"].value == pytest.approx(s_level)
    assert schools.mean_used == "schools" and schools.mean_label == "среднее по школам"
    # E: 0.40 is 16.7 % below the weighted 0.48 but at the mean of schools (0.4007)
    assert weighted.school(ids["E"]).group is Group.RISK
    e = schools.school(ids["E"])
    assert e.check("quality").deviation == pytest.approx(0.4 / s_level - 1)
    assert not e.flagged
    assert e.group is Group.CONTROL  # flagged in 2023
    assert schools.school(ids["C"]).group is Group.RISK  # 0.3 / 0.4007 − 1 = −25 %


def test_lower_is_better_share_of_twos(db, ids):
    result = run(db, indicators=("share2",))
    assert result.district["share2"].value == pytest.approx(0.11)
    c = result.school(ids["C"])
    assert c.check("share2").ratio == pytest.approx(0.2 / 0.11)
    assert c.check("share2").deviation == pytest.approx(1 - 0.2 / 0.11)  # −81.8 %: worse
    assert c.group is Group.RISK
    a = result.school(ids["A"])
    assert a.check("share2").deviation == pytest.approx(1 - 0.05 / 0.11)  # +54.5 %: better
    assert a.group is Group.NONE
    # E had 40 % «2» in 2023 against 6/40 = 15 % in the district: control group now
    assert result.school(ids["E"]).group is Group.CONTROL
    assert [s.school_id for s in result.risk_group] == [ids["C"], ids["F"]]


def test_control_group_close_to_the_line(db, ids):
    # threshold 5 %, margin 5/3 %: D's quality 6/13 is 3.8 % below 0.48 — close to the line
    result = run(db, indicators=("quality", "kv"), threshold=0.05)
    d = result.school(ids["D"])
    assert d.check("quality").deviation == pytest.approx((6 / 13) / 0.48 - 1)
    assert d.check("quality").state is CheckState.NEAR
    assert d.stability.flagged_years == () and d.group is Group.CONTROL
    b = result.school(ids["B"])
    assert b.check("kv").deviation == pytest.approx(0.6 / 0.6425 - 1)  # −6.6 %
    assert b.group is Group.RISK
    assert {s.school_id for s in result.control_group} == {ids["D"]}


def test_stability_k_of_m_years(db, ids):
    result = run(db, indicators=("quality",))
    c = result.school(ids["C"])
    assert result.window == (2022, 2023, 2024)
    assert c.stability.data_years == (2022, 2023, 2024)
    assert c.stability.flagged_years == (2022, 2024)  # 2022: 0.2 vs 0.45
    assert c.stability.count == 2 and c.stability.stable
    e = result.school(ids["E"])
    assert e.stability.flagged_years == (2023, 2024) and e.stability.stable
    d = result.school(ids["D"])
    assert d.stability.data_years == (2024,) and not d.stability.stable
    # 3 of 3 required: nobody is stable
    strict = run(db, indicators=("quality",), stability_min_flagged=3)
    assert not any(s.stability.stable for s in strict.schools)
    # a window of 2 years (2023–2024): C only in 2024
    short = run(db, indicators=("quality",), stability_years=2)
    assert short.school(ids["C"]).stability.flagged_years == (2024,)
    assert not short.school(ids["C"]).stability.stable
    assert short.school(ids["E"]).stability.stable


def test_dynamics_against_the_previous_year(db, ids):
    result = run(db, indicators=("quality", "share2"))
    c = {d.indicator.key: d for d in result.school(ids["C"]).dynamics}
    assert c["quality"].value == pytest.approx(0.3) and c["quality"].previous == pytest.approx(0.5)
    assert c["quality"].change == pytest.approx(-0.2) and c["quality"].trend is Trend.WORSENED
    assert c["quality"].previous_deviation == pytest.approx(0.5 / 0.45 - 1)
    assert c["share2"].change == pytest.approx(0.1) and c["share2"].trend is Trend.WORSENED
    e = {d.indicator.key: d for d in result.school(ids["E"]).dynamics}
    assert e["quality"].change == pytest.approx(0.2) and e["quality"].trend is Trend.IMPROVED
    assert e["share2"].change == pytest.approx(-0.3) and e["share2"].trend is Trend.IMPROVED
    b = {d.indicator.key: d for d in result.school(ids["B"]).dynamics}
    assert b["quality"].trend is Trend.SAME
    d = {x.indicator.key: x for x in result.school(ids["D"]).dynamics}
    assert d["quality"].previous is None and d["quality"].trend is None


def test_no_history_still_works(db):
    ids = build_district(db, with_history=False)
    result = run(db, indicators=FOUR)
    assert {s.school_id for s in result.risk_group} == {ids["C"], ids["E"], ids["F"]}
    assert all(s.stability.data_years == (2024,) for s in result.schools)


def test_settings_stored_in_the_setting_table(db, ids):
    with db.session() as s:
        assert load_settings(s) == IdentificationSettings()
    custom = IdentificationSettings(threshold=0.2, indicators=("КВ", "качество"), min_participants=5,
                                    mean="schools")
    assert custom.indicators == ("kv", "quality")
    save_settings(db, custom)
    save_settings(db, custom)  # replaces, no duplicate key
    with db.session() as s:
        assert load_settings(s) == custom
        assert s.get(Setting, "analytics.identification").value["threshold"] == 0.2
        result = identify(s, **SLICE)  # uses the stored settings
    assert result.settings == custom and result.mean_used == "schools"
    assert "порог 20\u00a0%" in custom.describe()


def test_bad_settings_and_missing_slices_are_russian_errors(db, ids):
    with pytest.raises(AnalyticsError, match="Порог"):
        IdentificationSettings(threshold=1.5)
    with pytest.raises(AnalyticsError, match="k ≤ m"):
        IdentificationSettings(stability_years=2, stability_min_flagged=3)
    with db.transaction() as s:
        s.add(Setting(key="analytics.identification", value={"threshold": "много"}))
    with db.session() as s, pytest.raises(AnalyticsError, match="повреждены"):
        load_settings(s)
    missing = "Нет результатов: ВПР, 5 класс, «физика», 2024"
    with db.session() as s, pytest.raises(AnalyticsError, match=missing):
        identify(s, year=2024, procedure="VPR", grade=5, subject="физика",
                 settings=IdentificationSettings())
