"""Loading slices of results from the real temp database into plain rows."""

from __future__ import annotations

import pytest

from shnor_desktop.analytics import AnalyticsError
from shnor_desktop.analytics.frame import load_rows, one_session_per_year, parse_procedure, to_dataframe
from shnor_desktop.models.enums import Procedure

from .analytics_data import LOGINS, NAMES, add_result, add_school, build_district


def test_procedure_spellings():
    for text in ("ВПР", "впр", "VPR", "vpr"):
        assert parse_procedure(text) is Procedure.VPR
    assert parse_procedure("ОГЭ") is Procedure.OGE
    assert parse_procedure("ege") is Procedure.EGE
    assert parse_procedure("успеваемость") is Procedure.PROGRESS
    with pytest.raises(AnalyticsError, match="Неизвестная процедура «ГВЭ»"):
        parse_procedure("ГВЭ")


def test_slice_rows_carry_school_identity_statuses_participants_and_indicators(db):
    ids = build_district(db)
    with db.transaction() as s:
        from shnor_desktop.models import SchoolStatus

        s.add(SchoolStatus(school_id=ids["C"], kind="shnor", year=2024))
        s.add(SchoolStatus(school_id=ids["C"], kind="shnsu", year=2023))
    with db.session() as s:
        # Cyrillic upper case: SQLite lower() would not match it, the loader does
        rows = load_rows(s, years=2024, procedure="ВПР", grade=5, subject="МАТЕМАТИКА")
    assert len(rows) == 6
    c = next(r for r in rows if r.school_id == ids["C"])
    assert c.login == LOGINS["C"] and c.short_name == NAMES["C"]
    assert c.statuses == frozenset({"shnor"})  # only the statuses of the row's year
    assert c.participants == 10
    assert c.value("quality") == pytest.approx(0.3)
    assert c.value("kv") == pytest.approx(0.5)
    a = next(r for r in rows if r.school_id == ids["A"])
    assert a.value("kv") == pytest.approx(15 / 20)  # computed from mean / max
    assert c.key.year == 2024 and c.key.procedure == "VPR" and c.key.grade == 5


def test_several_years_and_open_filters(db):
    build_district(db)
    with db.session() as s:
        rows = load_rows(s, years=[2022, 2023, 2024], procedure="VPR", grade=5, subject="математика")
        assert len(rows) == 14
        assert len(load_rows(s, years=2023)) == 4
        assert load_rows(s, years=2024, subject="физика") == []
        assert load_rows(s, years=2024, procedure="ОГЭ") == []
        assert load_rows(s, years=[]) == []


def test_subject_spellings_are_merged_under_the_most_frequent(db):
    with db.transaction() as s:
        a = add_school(s, "sch1001", "Школа 1").id
        b = add_school(s, "sch1002", "Школа 2").id
        c = add_school(s, "sch1003", "Школа 3").id
        add_result(s, a, 2024, (1, 1, 1, 1), subject="Русский язык")
        add_result(s, b, 2024, (1, 1, 1, 1), subject="Русский язык")
        add_result(s, c, 2024, (1, 1, 1, 1), subject="русский  язык")
    with db.session() as s:
        rows = load_rows(s, years=2024, subject="РУССКИЙ ЯЗЫК")
    assert {r.key.subject for r in rows} == {"Русский язык"}
    assert len({r.key for r in rows}) == 1


def test_two_sessions_in_one_year_are_refused(db):
    with db.transaction() as s:
        a = add_school(s, "sch1001", "Школа 1").id
        add_result(s, a, 2020, (1, 1, 1, 1), session_name="весна")
        add_result(s, a, 2020, (1, 1, 1, 1), session_name="осень")
    with db.session() as s:
        rows = load_rows(s, years=2020)
        assert len(load_rows(s, years=2020, session_name="осень")) == 1
    with pytest.raises(AnalyticsError, match="несколько сессий"):
        one_session_per_year(rows)


def test_rows_as_a_dataframe(db):
    build_district(db)
    with db.session() as s:
        rows = load_rows(s, years=2024)
    frame = to_dataframe(rows)
    assert len(frame) == 6
    assert {"school_id", "login", "short_name", "participants_used", "mark2", "ind_quality",
            "ind_kv"} <= set(frame.columns)
    assert frame["ind_quality"].sum() == pytest.approx(0.6 + 0.5 + 0.3 + 6 / 13 + 0.4 + 1 / 7)
