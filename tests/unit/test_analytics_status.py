"""«Записать как ШНОР за год»: one transaction, updates instead of duplicates."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shnor_desktop.analytics import AnalyticsError
from shnor_desktop.analytics.identification import IdentificationSettings, identify
from shnor_desktop.analytics.status import reasons_from, record_identified, record_shnor
from shnor_desktop.errors import ValidationError
from shnor_desktop.models import SchoolStatus

from .analytics_data import build_district

NB = "\u00a0"


def statuses(db):
    with db.session() as s:
        return list(s.scalars(select(SchoolStatus).order_by(SchoolStatus.school_id)))


def test_record_the_risk_group_with_its_sentences(db):
    ids = build_district(db)
    with db.session() as s:
        result = identify(s, year=2024, procedure="ВПР", grade=5, subject="Математика",
                          settings=IdentificationSettings(indicators=("quality", "mean_score"),
                                                          min_participants=10))
    summary = record_identified(db, 2025, [result])
    assert (summary.created, summary.updated) == (2, 0)
    assert summary.text() == "ШНОР за 2025 г.: добавлено 2, обновлено 0"
    rows = statuses(db)
    assert [(r.school_id, r.kind, r.year, r.source) for r in rows] == [
        (ids["C"], "shnor", 2025, "rule"), (ids["E"], "shnor", 2025, "rule")]
    assert rows[0].reason == (
        f"ВПР 5 кл., математика, 2024: качество 30,0{NB}% при районном 48,0{NB}% — ниже на 38{NB}%\n"
        f"ВПР 5 кл., математика, 2024: средний балл 10,0 при районном 12,9 — ниже на 22{NB}%")
    assert rows[1].reason == (
        f"ВПР 5 кл., математика, 2024: качество 40,0{NB}% при районном 48,0{NB}% — ниже на 17{NB}%")


def test_recording_again_updates_rather_than_duplicates(db):
    ids = build_district(db)
    with db.transaction() as s:
        s.add(SchoolStatus(school_id=ids["C"], kind="shnor", year=2025, reason="решение совета",
                           source="decision", basis_document="приказ № 12"))
        s.add(SchoolStatus(school_id=ids["C"], kind="shnsu", year=2025))
    summary = record_shnor(db, 2025, {ids["C"]: "новая причина", ids["A"]: "ещё одна"})
    assert (summary.created, summary.updated) == (1, 1)
    summary = record_shnor(db, 2025, {ids["C"]: "третья причина"})
    assert (summary.created, summary.updated) == (0, 1)
    rows = [r for r in statuses(db) if r.kind == "shnor"]
    assert len(rows) == 2
    c = next(r for r in rows if r.school_id == ids["C"])
    assert (c.reason, c.source, c.basis_document) == ("третья причина", "rule", "приказ № 12")
    assert len([r for r in statuses(db) if r.kind == "shnsu"]) == 1


def test_the_school_cards_checks_hold_here_too(db):
    """Issue 13: statuses written by the analysis pass the same checks as the school card's."""
    ids = build_district(db)
    with pytest.raises(ValidationError, match="Укажите причину") as refused:
        record_shnor(db, 2025, {ids["A"]: "причина", ids["C"]: "  "})
    assert refused.value.fields() == ["reason"]
    with pytest.raises(ValidationError, match="Год статуса"):
        record_shnor(db, 1990, {ids["A"]: "причина"})
    assert statuses(db) == []
    assert record_shnor(db, 2025, {}).created == 0  # nothing chosen: nothing to check or write


def test_unknown_school_changes_nothing(db):
    ids = build_district(db)
    with pytest.raises(AnalyticsError, match="не найдены"):
        record_shnor(db, 2025, {ids["A"]: "причина", 99999: "нет такой"})
    assert statuses(db) == []


def test_a_chosen_school_outside_the_risk_group_gets_its_own_reason(db):
    ids = build_district(db)
    with db.session() as s:
        result = identify(s, year=2024, procedure="ВПР", grade=5, subject="Математика",
                          settings=IdentificationSettings(indicators=("quality",), mean="schools"))
    reasons = reasons_from([result], [ids["E"], ids["C"]])
    assert reasons[ids["E"]] == "ВПР 5 кл., математика, 2024: была в группе риска в 2023 г."
    assert reasons[ids["C"]].startswith("ВПР 5 кл., математика, 2024: качество 30,0")
    # chosen although well above the district: the numbers are still written down
    assert reasons_from([result], [ids["A"]]) == {ids["A"]: (
        f"ВПР 5 кл., математика, 2024: качество 60,0{NB}% при районном 40,1{NB}% — выше на 50{NB}%")}
