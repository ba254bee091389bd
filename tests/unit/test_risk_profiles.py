"""Risk factors, profiles, their comparison with last year, risks without measures, overdue
measures — through the ORM on a real temporary SQLite file."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from shnor_desktop.models import AntiRiskMeasure, RiskAssessment, RiskFactor, School, login_number
from shnor_desktop.models.enums import WorkState
from shnor_desktop.risks import factors as fsvc
from shnor_desktop.risks import measures as msvc
from shnor_desktop.risks import profiles as psvc
from shnor_desktop.risks.profiles import Change, compare_levels
from shnor_desktop.tracking.attention import attention_today, overdue
from shnor_desktop.validation import ValidationError

TODAY = dt.date(2026, 11, 23)
H, M, L, N = "high", "medium", "low", "none"


def _school(session, n: int, name: str) -> int:
    login = f"sch2200{n:02d}"
    school = School(fis_login=login, login_number=login_number(login), full_name=f"МБОУ «{name}»",
                    short_name=f"МБОУ «{name}»")
    session.add(school)
    session.flush()
    return school.id


@pytest.fixture
def base(db):
    """Two schools and the 2021 factor list; returns (school ids, factor ids by position)."""
    with db.transaction() as s:
        ids = [_school(s, 1, "СОШ № 5"), _school(s, 2, "Берёзовская СОШ")]
        fsvc.ensure_default_factors(s)
        factors = {f.position: f.id for f in fsvc.list_factors(s)}
    return ids, factors


def _profile(db, school_id: int, year: int, levels: dict[int, str | None], source: str = "") -> None:
    with db.transaction() as s:
        profile = psvc.load_profile(s, school_id, year)
        for e in profile.entries:
            if e.position in levels:
                e.level = levels[e.position]
                e.source = source if e.level else ""
        psvc.save_profile(s, school_id, year, profile.entries)


# --- the comparison (pure) ----------------------------------------------------------------------


@pytest.mark.parametrize(("previous", "current", "expected"), [
    (H, M, Change.FELL), (M, L, Change.FELL), (H, L, Change.FELL),
    (L, M, Change.ROSE), (M, H, Change.ROSE),
    (N, L, Change.NEW), (None, H, Change.NEW),
    (M, N, Change.GONE), (L, N, Change.GONE),
    (H, H, Change.SAME), (N, N, Change.SAME), (None, N, Change.SAME),
    (H, None, Change.NOT_ASSESSED), (None, None, None),
])
def test_compare_levels(previous, current, expected):
    assert compare_levels(previous, current) is expected


def test_comparison_lists_the_factors_that_fell_rose_appeared_and_went(db, base):
    (school, _), _f = base
    _profile(db, school, 2024, {1: H, 2: M, 3: L, 4: N, 5: M, 6: H})
    _profile(db, school, 2025, {1: M, 2: H, 3: L, 4: M, 5: N})
    with db.session() as s:
        profile = psvc.load_profile(s, school, 2025)
    c = profile.comparison
    names = {f.position: f.name for f in _factors(db)}
    assert c.has_previous and c.previous_year == 2024
    assert c.fell == [names[1]] and c.rose == [names[2]] and c.new == [names[4]]
    assert c.gone == [names[5]] and c.not_assessed == [names[6]]
    text = c.text()
    assert text.startswith("По сравнению с 2024 г.: выросли (1): Дефицит педагогических кадров")
    assert "снизились (1): Низкий уровень оснащения школы" in text
    assert "сняты (1): Несформированность внутришкольной системы повышения квалификации" in text


def test_comparison_without_last_years_profile_says_so(db, base):
    (school, _), _f = base
    _profile(db, school, 2025, {1: H})
    with db.session() as s:
        profile = psvc.load_profile(s, school, 2025)
    assert not profile.has_previous
    assert profile.comparison.text() == "Профиля за 2024 г. нет — сравнивать не с чем."
    assert profile.entries[0].change is Change.NEW  # no row last year counts as no risk


def _factors(db) -> list[RiskFactor]:
    with db.session() as s:
        return fsvc.list_factors(s)


# --- the factor list ----------------------------------------------------------------------------


def test_default_factors_are_the_2021_list_and_seeding_is_idempotent(db):
    with db.transaction() as s:
        assert fsvc.ensure_default_factors(s) == 10
    with db.transaction() as s:
        assert fsvc.ensure_default_factors(s) == 0
    factors = _factors(db)
    assert [f.name for f in factors] == list(fsvc.DEFAULT_FACTORS)
    assert {f.list_year for f in factors} == {2021}
    assert factors[5].name == "Высокая доля обучающихся с рисками учебной неуспешности"  # seed 003
    assert factors[9].name == "Низкий уровень вовлеченности родителей"


def test_rename_keeps_the_row_and_the_former_name(db, base):
    (school, _), f = base
    _profile(db, school, 2024, {7: H})
    with db.transaction() as s:
        fsvc.rename_factor(s, f[7], "Низкая мотивация обучающихся к обучению", today=dt.date(2025, 9, 1))
    with db.session() as s:
        factor = s.get(RiskFactor, f[7])
        assert factor.name == "Низкая мотивация обучающихся к обучению"
        assert factor.former_names == [{"name": "Низкая учебная мотивация обучающихся",
                                        "until": "2025-09-01"}]
        assert fsvc.former_names_text(factor) == \
            "прежние названия: «Низкая учебная мотивация обучающихся» (до 01.09.2025)"
        entry = next(e for e in psvc.load_profile(s, school, 2024).entries if e.factor_id == f[7])
        assert entry.level == H and entry.factor_name == "Низкая мотивация обучающихся к обучению"


def test_names_must_be_given_and_unique(db, base):
    _ids, f = base
    with db.transaction() as s, pytest.raises(ValidationError) as raised:
        fsvc.add_factor(s, "  дефицит   педагогических кадров ", list_year=2025)
    assert raised.value.errors["name"] == "Фактор «Дефицит педагогических кадров» уже есть в справочнике."
    with db.transaction() as s, pytest.raises(ValidationError, match="Укажите название"):
        fsvc.rename_factor(s, f[1], "   ")
    with db.transaction() as s, pytest.raises(ValidationError, match="четыре цифры"):
        fsvc.add_factor(s, "Новый фактор", list_year=25)


def test_retired_and_added_factors_appear_only_in_their_years(db, base):
    (school, _), f = base
    _profile(db, school, 2024, {3: M})
    with db.transaction() as s:
        fsvc.retire_factor(s, f[3], last_year=2024)
        new = fsvc.add_factor(s, "Высокая доля обучающихся из семей мигрантов", list_year=2025).id
    with db.session() as s:
        in_2024 = [x.id for x in fsvc.factors_for_year(s, 2024)]
        in_2025 = [x.id for x in fsvc.factors_for_year(s, 2025)]
    assert f[3] in in_2024 and new not in in_2024
    assert f[3] not in in_2025 and new in in_2025
    with db.transaction() as s:
        fsvc.restore_factor(s, f[3])
        assert f[3] in [x.id for x in fsvc.factors_for_year(s, 2026)]


# --- saving profiles ----------------------------------------------------------------------------


def test_profile_round_trip_and_removing_a_level(db, base):
    (school, _), f = base
    _profile(db, school, 2025, {1: H, 2: L}, source="self_diagnosis")
    with db.session() as s:
        rows = {r.factor_id: r for r in s.scalars(select(RiskAssessment))}
    assert rows[f[1]].level == H and rows[f[1]].source == "self_diagnosis" and rows[f[2]].level == L
    _profile(db, school, 2025, {2: None})
    with db.session() as s:
        assert {r.factor_id for r in s.scalars(select(RiskAssessment))} == {f[1]}


def test_invalid_entries_are_refused_whole(db, base):
    (school, _), _f = base
    with db.transaction() as s:
        profile = psvc.load_profile(s, school, 2025)
    profile.entries[0].level = H
    profile.entries[1].comment = "комментарий без уровня"
    profile.entries[2].level = "очень высокий"
    with pytest.raises(ValidationError) as raised, db.transaction() as s:
        psvc.save_profile(s, school, 2025, profile.entries)
    messages = raised.value.messages
    assert any("указан источник или комментарий, но не уровень риска" in m for m in messages)
    assert any("уровень «очень высокий» неизвестен" in m for m in messages)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(RiskAssessment)) == 0


def test_a_profile_changed_meanwhile_is_not_overwritten(db, base):
    (school, _), _f = base
    _profile(db, school, 2025, {1: M})
    with db.session() as s:
        mine = psvc.load_profile(s, school, 2025)
    _profile(db, school, 2025, {1: H})  # someone else
    mine.entries[0].level = L
    with pytest.raises(StaleDataError), db.transaction() as s:
        psvc.save_profile(s, school, 2025, mine.entries)
    with db.session() as s:
        assert s.scalar(select(RiskAssessment.level)) == H


# --- risks without measures ---------------------------------------------------------------------


def _measure(db, school: int, year: int, factor: int, *, deadline: dt.date | None = None,
             state: str = WorkState.PLANNED.value, result: str = "") -> int:
    with db.transaction() as s:
        return msvc.add_measure(s, msvc.MeasureData(
            school_id=school, year=year, factor_id=factor, action="Индивидуальные планы",
            deadline=deadline, responsible="заместитель директора", indicator="доля «2» ниже",
            state=state, result=result)).id


def test_high_and_medium_risks_without_a_measure_are_flagged(db, base):
    (a, b), f = base
    _profile(db, a, 2025, {1: H, 2: M, 3: L, 4: N, 5: H})
    _profile(db, b, 2025, {1: M})
    _measure(db, a, 2025, f[1])
    _measure(db, a, 2025, f[5], state=WorkState.CANCELLED.value)  # a cancelled one does not count
    _measure(db, a, 2024, f[2])  # last year's does not count
    with db.session() as s:
        uncovered = psvc.risks_without_measures(s, 2025)
        profile = psvc.load_profile(s, a, 2025)
    assert [(r.school_id, r.factor_id, r.level) for r in uncovered] == [
        (a, f[5], H), (b, f[1], M), (a, f[2], M)]  # high first, then by school name
    assert [e.factor_id for e in profile.without_measures] == [f[2], f[5]]
    assert next(e for e in profile.entries if e.factor_id == f[1]).measures == 1
    with db.session() as s:
        assert [r.factor_id for r in psvc.risks_without_measures(s, 2025, a)] == [f[5], f[2]]


# --- measures -----------------------------------------------------------------------------------


def test_measure_validation_messages(db, base):
    (a, _), f = base
    bad = msvc.MeasureData(school_id=None, year=25, factor_id=None, action=" ",
                           state=WorkState.DONE.value)
    with db.session() as s, pytest.raises(ValidationError) as raised:
        msvc.validate(s, bad)
    assert raised.value.errors == {
        "school_id": "Выберите школу.", "year": "Год — четыре цифры, например 2025.",
        "factor_id": "Выберите фактор риска, на который направлена мера.",
        "action": "Опишите меру: что будет сделано.",
        "result": "Для выполненной меры укажите результат (значение показателя).",
    }
    far = msvc.MeasureData(school_id=a, year=2025, factor_id=f[1], action="x",
                           deadline=dt.date(2035, 1, 1))
    with db.session() as s, pytest.raises(ValidationError, match="далёк от года профиля 2025"):
        msvc.validate(s, far)


def test_measure_for_a_low_risk_gets_a_warning(db, base):
    (a, _), f = base
    _profile(db, a, 2025, {1: L, 2: H})
    with db.session() as s:
        low = msvc.warnings(s, msvc.MeasureData(a, 2025, f[1], ""))
        high = msvc.warnings(s, msvc.MeasureData(a, 2025, f[2], ""))
        none = msvc.warnings(s, msvc.MeasureData(a, 2025, f[3], ""))
    assert low == ["В профиле рисков школы за 2025 г. уровень этого риска — «низкий»: меры обычно "
                   "планируют для высоких и средних рисков."]
    assert high == [] and none == ["В профиле рисков школы за 2025 г. этот фактор не оценён."]


def test_overdue_measures_and_the_attention_list(db, base):
    (a, b), f = base
    late = _measure(db, a, 2025, f[1], deadline=dt.date(2026, 9, 30))
    late_in_progress = _measure(db, b, 2025, f[2], deadline=dt.date(2026, 5, 29),
                                state=WorkState.IN_PROGRESS.value)
    _measure(db, a, 2025, f[3], deadline=TODAY)  # due today: not yet overdue
    _measure(db, a, 2025, f[4], deadline=dt.date(2026, 3, 1), state=WorkState.DONE.value, result="да")
    _measure(db, a, 2025, f[5], deadline=dt.date(2026, 3, 1), state=WorkState.CANCELLED.value)
    _measure(db, a, 2025, f[6])  # no deadline
    with db.session() as s:
        rows = msvc.overdue_measures(s, TODAY)
        assert [m.id for m in rows] == [late_in_progress, late]
        assert [msvc.days_overdue(m, TODAY) for m in rows] == [178, 54]
        attention = attention_today(s, TODAY)
        items = overdue(s, TODAY)
    assert [(i.kind, i.record_id, i.days_overdue) for i in attention.risk_measures] == [
        ("risk_measure", late_in_progress, 178), ("risk_measure", late, 54)]
    first = attention.risk_measures[0]
    assert first.kind_label == "Антирисковая мера" and first.page == "risks"
    assert first.what == "МБОУ «Берёзовская СОШ»: Индивидуальные планы"
    assert first.detail == "риск «Дефицит педагогических кадров»"
    assert first in attention.all_items()
    assert [i.record_id for i in items if i.kind == "risk_measure"] == [late_in_progress, late]


def test_update_and_delete_check_the_version(db, base):
    (a, _), f = base
    measure_id = _measure(db, a, 2025, f[1])
    data = msvc.MeasureData(a, 2025, f[1], "Другая мера")
    with db.transaction() as s:
        msvc.update_measure(s, measure_id, data, version=1)
    with pytest.raises(StaleDataError), db.transaction() as s:
        msvc.update_measure(s, measure_id, data, version=1)
    with db.transaction() as s:
        msvc.delete_measure(s, measure_id, version=2)
        assert s.get(AntiRiskMeasure, measure_id) is None


# --- the district matrix ------------------------------------------------------------------------


def test_matrix_has_one_row_per_profiled_school_and_one_column_per_factor(db, base):
    (a, b), _f = base
    _profile(db, a, 2025, {1: H, 10: N})
    with db.session() as s:
        matrix = psvc.risk_matrix(s, 2025)
        everyone = psvc.risk_matrix(s, 2025, all_schools=True)
    assert matrix.header()[:3] == ["login", "name", "Низкий уровень оснащения школы"]
    assert len(matrix.header()) == 12
    assert matrix.table() == [["sch220001", "МБОУ «СОШ № 5»", "высокий", *[""] * 8, "нет"]]
    assert [r.school_id for r in everyone.rows] == [b, a]  # Берёзовская before СОШ № 5
    assert everyone.table()[0][2:] == [""] * 10
