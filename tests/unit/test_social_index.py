"""The social-well-being index: each component's rule, the weighted mean with its weights, the
weights kept in the settings, the choice of the year, the quadrant's social axis."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shnor_desktop.analytics.ior import IorValue, Quadrant, quadrants
from shnor_desktop.models import School, SchoolContext, Setting, login_number
from shnor_desktop.risks import social_index as si
from shnor_desktop.risks.social_index import ContextFacts, combine, scores_of
from shnor_desktop.validation import ValidationError

RURAL = "Населенный пункт сельского типа (поселок, село, деревня, станица, хутор и пр.)"
HARD = ("Удаленность населенного пункта и/или отсутствие регулярного транспортного сообщения делают "
        "подобные поездки затруднительными, а иногда практически невозможными")
DAY_TRIP = ("Каждый день ездить сложно, но класс, например, может побывать в крупном городе на "
            "выставке, экскурсии, спектакле или другом мероприятии и в тот же день вернуться")


@pytest.mark.parametrize(("text", "score"), [
    ("1. Столица субъекта РФ", 1.0), ("1) Административный центр субъекта РФ", 1.0),
    ("Город", 0.75), ("2. Город", 0.75),
    ("Населенный пункт городского типа (рабочий поселок, поселок городского типа и пр.)", 0.5),
    (RURAL, 0.0), ("4. Населенный пункт сельского типа (село, хутор, деревня и пр.)", 0.0),
    ("", None), ("на луне", None),
])
def test_settlement_type(text, score):
    assert si.settlement_type_score(ContextFacts(2025, settlement_type=text)) == score


@pytest.mark.parametrize(("text", "score"), [
    ("1. Менее 1 тыс. человек", 0.0), ("2) 1–5 тыс. человек", 0.2), ("3. 5–10 тыс. чел", 0.35),
    ("10–50 тыс. человек", 0.5), ("5) 50–100 тыс. человек", 0.65), ("100–450 тыс. человек", 0.8),
    ("7. 450–680 тыс. человек", 0.9), ("8) Более 680 тыс. человек", 1.0), ("", None),
])
def test_settlement_size(text, score):
    assert si.settlement_size_score(ContextFacts(2025, settlement_size=text)) == score


def test_transport_including_a_big_city_that_skipped_the_question():
    def score(transport: str, size: str = "") -> float | None:
        return si.transport_score(ContextFacts(2025, transport=transport, settlement_size=size))

    assert score("1) Регулярность транспортного сообщения и близость крупного города позволяет "
                 "ежедневно ездить туда на работу, учебу") == 1.0
    assert score(DAY_TRIP) == pytest.approx(2 / 3)
    assert score("Чтобы съездить в ближайший крупный город на какое-либо мероприятие и вернуться, "
                 "требуется не менее двух дней") == pytest.approx(1 / 3)
    assert score(HARD) == 0.0
    assert score("", "6. 100–450 тыс. человек") == 1.0
    assert score("", "1. Менее 1 тыс. человек") is None


@pytest.mark.parametrize(("value", "share"), [
    (0.31, 0.31), ("0,31", 0.31), (31, 0.31), ("31 %", 0.31), ("31,5%", 0.315), (0, 0.0),
    ("много", None), (150, None), (-0.1, None), (None, None), (True, None),
])
def test_share_values(value, share):
    result = si.share_value(value)
    assert result == (pytest.approx(share) if share is not None else None)


def test_shares_are_scaled_to_their_caps():
    facts = ContextFacts(2025, answers={
        "share_low_income": 0.25, "share_single_parent": 0.5, "share_registered_families": 0.02,
        "share_parents_higher_education": 0.1, "share_non_russian_home": 0.0, "share_ovz": 0.3,
        "distance_to_centre_km": 40,
    })
    scores = scores_of(facts)
    assert scores["low_income"] == pytest.approx(0.5)  # 25 % of a 50 % cap
    assert scores["single_parent"] == 0.0  # beyond the 40 % cap
    assert scores["registered_families"] == pytest.approx(0.8)
    assert scores["parents_higher_education"] == pytest.approx(0.2)  # favourable: 10 % of 50 %
    assert scores["non_russian_home"] == 1.0
    assert scores["ovz"] == 0.0
    assert scores["distance"] == pytest.approx(0.6)
    assert scores["settlement_type"] is None and scores["parents_engagement"] is None


def test_aop_share_from_the_fis_oko_forms():
    form_2021 = ContextFacts(2021, answers={
        '"Общее количество обучающихся 2005 года рождения"': 20,
        "из них обучаются по адаптированным образовательным программам": 3,
        '"Общее количество обучающихся 2006 года рождения"': 25,
    })
    assert si.aop_share(form_2021) == pytest.approx(3 / 20)
    form_2022 = ContextFacts(2022, answers={
        "21. Общее количество обучающихся в 2021/2022 учебном году 2006 года рождения": 10,
        "22. Количество обучающихся в 2021/2022 учебном году 2006 г. р., обучающихся по АОП, с "
        "ограниченными возможностями здоровья и/или инвалидов (всего)": 1,
        "23. Общее количество обучающихся в 2021/2022 учебном году 2007 года рождения": 30,
        "24. Количество обучающихся в 2021/2022 учебном году 2007 г. р., обучающихся по АОП, с "
        "ограниченными возможностями здоровья и/или инвалидов (всего)": 3,
    })
    assert si.aop_share(form_2022) == pytest.approx(4 / 40)
    assert si.ovz_score(form_2022) == pytest.approx(1 - 0.1 / 0.15)


def test_parents_engagement_from_the_2021_form():
    key = ("Исходя из имеющегося опыта, как много родителей обучающихся обычно откликаются на "
           "приглашение и приходят в качестве зрителей на общешкольное мероприятие")
    assert si.parents_score(ContextFacts(2021, answers={key: "1.Почти все, значительное большинство"})) == 1
    assert si.parents_score(ContextFacts(2021, answers={key: "2.Примерно половина"})) == 0.5
    assert si.parents_score(ContextFacts(2021, answers={key: "3.Лишь некоторые родители"})) == 0


# --- the weighted mean --------------------------------------------------------------------------


def test_index_is_the_weighted_mean_of_the_present_scores():
    scores = {"a": 1.0, "b": 0.0, "c": None}
    assert combine(scores, {"a": 1, "b": 1, "c": 2}) == (pytest.approx(0.5), pytest.approx(0.5))
    assert combine(scores, {"a": 3, "b": 1, "c": 0}) == (pytest.approx(0.75), pytest.approx(1.0))
    assert combine(scores, {"a": 0, "b": 2, "c": 1}) == (0.0, pytest.approx(2 / 3))
    assert combine({"a": None}, {"a": 1}) == (None, 0.0)


def test_demo_like_school_index_by_hand():
    facts = ContextFacts(2025, settlement_type=RURAL, settlement_size="1–5 тыс. человек",
                         transport=DAY_TRIP, answers={"share_low_income": 0.46,
                                                      "share_parents_higher_education": 0.09})
    index, coverage = combine(scores_of(facts), si.DEFAULT_WEIGHTS)
    # (1·0 + 1·0.2 + 1·2/3 + 2·(1 − 0.46/0.5) + 2·(0.09/0.5)) / (1 + 1 + 1 + 2 + 2)
    expected = (0 + 0.2 + 2 / 3 + 2 * 0.08 + 2 * 0.18) / 7
    assert index == pytest.approx(expected)
    assert coverage == pytest.approx(7 / sum(si.DEFAULT_WEIGHTS.values()))
    only_income = {k: (1.0 if k == "low_income" else 0.0) for k in si.DEFAULT_WEIGHTS}
    assert combine(scores_of(facts), only_income)[0] == pytest.approx(0.08)


# --- weights in the settings --------------------------------------------------------------------


def test_weights_are_saved_in_the_setting_table_and_validated(db):
    with db.session() as s:
        assert si.load_weights(s) == si.DEFAULT_WEIGHTS
    with db.transaction() as s:
        si.save_weights(s, {**si.DEFAULT_WEIGHTS, "low_income": 5, "transport": 0})
    with db.session() as s:
        stored = s.get(Setting, si.WEIGHTS_SETTING).value
        assert stored["low_income"] == 5.0 and stored["transport"] == 0.0
        assert si.load_weights(s)["low_income"] == 5.0
    with pytest.raises(ValidationError) as raised, db.transaction() as s:
        si.save_weights(s, {**si.DEFAULT_WEIGHTS, "ovz": -1})
    assert raised.value.errors["ovz"] == ("Обучающиеся с ОВЗ / по адаптированным программам: вес — "
                                          "число от 0 до 100.")
    with pytest.raises(ValidationError, match="Хотя бы одна составляющая"), db.transaction() as s:
        si.save_weights(s, dict.fromkeys(si.DEFAULT_WEIGHTS, 0))
    with db.transaction() as s:
        assert si.reset_weights(s) == si.DEFAULT_WEIGHTS
        assert s.get(Setting, si.WEIGHTS_SETTING) is None


# --- schools, years, the quadrant ---------------------------------------------------------------


def _school(session, n: int, *contexts: SchoolContext) -> int:
    login = f"sch2211{n:02d}"
    school = School(fis_login=login, login_number=login_number(login), full_name=f"Школа {n}",
                    short_name=f"Школа {n}")
    school.contexts = list(contexts)
    session.add(school)
    session.flush()
    return school.id


def test_the_form_hints_are_the_imported_answers_only(db):
    with db.transaction() as s:
        b = _school(s, 2, SchoolContext(year=2025, source="ФИС ОКО", settlement_type="Город", answers={}))
        si.save_manual_context(s, b, 2025, {"settlement_type": RURAL})
    with db.session() as s:
        facts = si.imported_facts(s, b, 2025)
        assert facts is not None and facts.settlement_type == "Город"  # not the methodist's entry
        assert si.imported_facts(s, b, 2024) is None


def test_year_fallback_and_the_manual_entry_first(db):
    with db.transaction() as s:
        a = _school(s, 1, SchoolContext(year=2022, source="ФИС ОКО", settlement_type="Город",
                                        answers={}),
                    SchoolContext(year=2024, source="ФИС ОКО", settlement_type=RURAL, answers={}))
        b = _school(s, 2, SchoolContext(year=2025, source="ФИС ОКО", settlement_type="Город",
                                        answers={"share_low_income": 0.4}))
        c = _school(s, 3)
    with db.session() as s:
        rows = {r.school_id: r for r in si.social_indices(s, 2023)}
    assert rows[a].context_year == 2022 and rows[a].scores["settlement_type"] == 0.75
    assert rows[b].context_year == 2025  # nothing earlier: the nearest later year
    assert rows[c].index is None and rows[c].context_year is None
    with db.transaction() as s:
        si.save_manual_context(s, b, 2025, {"settlement_type": RURAL, "share_low_income": 0.1,
                                            "distance_to_centre_km": 50})
    with db.session() as s:
        row = next(r for r in si.social_indices(s, 2025) if r.school_id == b)
        assert row.scores["settlement_type"] == 0.0  # the methodist's entry wins over the form
        assert row.scores["low_income"] == pytest.approx(0.8)
        assert row.scores["distance"] == pytest.approx(0.5)
        assert len(row.sources) == 2
        form = s.scalar(select(SchoolContext).where(SchoolContext.source == "ФИС ОКО",
                                                    SchoolContext.school_id == b))
        assert form.settlement_type == "Город"  # the imported answers stay as they were
    with pytest.raises(ValidationError, match="доля от 0 до 100 %"), db.transaction() as s:
        si.save_manual_context(s, b, 2025, {"share_low_income": 1.5})
    with db.transaction() as s:  # an emptied entry is removed
        assert si.save_manual_context(s, b, 2025, {}) is None
        assert si.manual_context(s, b, 2025) is None


def test_the_index_is_the_quadrants_social_axis(db):
    with db.transaction() as s:
        ids = [
            _school(s, n, SchoolContext(year=2025, source="форма", settlement_type=t,
                                        answers={"share_low_income": inc}))
            for n, (t, inc) in enumerate([("Город", 0.05), ("Город", 0.1), (RURAL, 0.45),
                                          (RURAL, 0.5), ("Город", 0.2)], start=1)
        ]
    with db.session() as s:
        mapping = si.social_index_by_school(s, 2025)
        axis = si.social_axis(s, 2025)
    assert set(mapping) == set(ids) and all(0 <= v <= 1 for v in mapping.values())
    assert mapping[ids[0]] > mapping[ids[2]]
    assert axis.adverse(ids[3]) is True and axis.adverse(ids[0]) is False
    assert axis.source == "индекс социального благополучия (2025 г.)"
    ior = [IorValue(sid, f"l{sid}", f"Школа {sid}", value, 3, "z")
           for sid, value in zip(ids, [1.0, 0.5, -1.5, 1.2, -1.0], strict=True)]
    result = quadrants(ior, axis)
    by_id = {p.school_id: p.quadrant for p in result.points}
    assert by_id[ids[2]] is Quadrant.LOW_ADVERSE and by_id[ids[3]] is Quadrant.RESILIENT
    with db.session() as s:
        among = si.quadrant_social_axis(s, 2025, ids[:4])
        few = si.quadrant_social_axis(s, 2025, [*ids[:2], 10_001, 10_002, 10_003])
    assert set(among.values) == set(ids[:4]) and among.adverse(ids[3]) is True
    assert few.source == "статус ШНСУ в 2025 г."  # too few answers: the statuses instead
