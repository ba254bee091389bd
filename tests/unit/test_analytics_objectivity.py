"""Signs of non-objective ВПР results, checked by hand."""

from __future__ import annotations

import pytest

from shnor_desktop.analytics import AnalyticsError
from shnor_desktop.analytics.frame import ResultNumbers
from shnor_desktop.analytics.objectivity import (
    ObjectivitySettings,
    SignKind,
    find_signs,
    journal_shares,
    load_settings,
    save_settings,
)

from .analytics_data import add_result, add_school

NB = "\u00a0"
# school: ВПР marks, journal (понизили, подтвердили, повысили), year marks (успеваемость), ОГЭ marks
DATA = {
    "P": ((2, 8, 8, 2), (4, 12, 4), (2, 8, 8, 2), (2, 8, 8, 2)),  # повысили 4/20 = 20 %
    "Q": ((2, 8, 8, 2), (12, 8, 0), (0, 6, 10, 4), (2, 8, 8, 2)),  # понизили 12/20 = 60 %
    "R": ((0, 4, 10, 6), (2, 16, 2), (2, 10, 6, 2), (4, 10, 5, 1)),  # ВПР 80 %, год 40 %, ОГЭ 30 %
    "S": ((4, 8, 6, 2), (5, 14, 1), (1, 9, 8, 2), (2, 8, 8, 2)),
    "T": ((0, 1, 2, 2), (0, 0, 5), (0, 2, 2, 1), None),  # 5 participants: not judged
}


@pytest.fixture
def ids(db):
    out = {}
    with db.transaction() as s:
        for i, (letter, (vpr, journal, year, oge)) in enumerate(DATA.items()):
            sid = add_school(s, f"sch50000{i}", f"Школа {letter}").id
            out[letter] = sid
            lower, same, higher = journal
            add_result(s, sid, 2024, vpr, journal_lower=lower, journal_same=same, journal_higher=higher)
            add_result(s, sid, 2024, year, procedure="PROGRESS")
            if oge:
                add_result(s, sid, 2024, oge, procedure="OGE", grade=9)
    return out


def test_journal_shares():
    full = ResultNumbers(journal_lower=4, journal_same=12, journal_higher=4)
    assert journal_shares(full) == (0.2, 0.6, 0.2)
    # no «подтвердили» column: the number of marks is the total
    n = ResultNumbers(mark2=1, mark3=4, mark4=4, mark5=1, journal_lower=2, journal_higher=3)
    assert journal_shares(n) == (0.2, 0.5, 0.3)
    assert journal_shares(ResultNumbers(mark2=1, mark3=1, mark4=1, mark5=1)) is None


def test_signs_against_the_journal_and_the_school_picture(db, ids):
    with db.session() as s:
        signs = find_signs(s, year=2024, grade=5, subject="МАТЕМАТИКА")
    found = {(sg.row.school_id, sg.kind) for sg in signs}
    assert found == {(ids["P"], SignKind.ABOVE_JOURNAL), (ids["Q"], SignKind.BELOW_JOURNAL),
                     (ids["R"], SignKind.ABOVE_REFERENCE)}
    by = {sg.kind: sg for sg in signs}
    assert by[SignKind.ABOVE_JOURNAL].value == pytest.approx(0.2)
    assert by[SignKind.ABOVE_JOURNAL].sentence == (
        f"ВПР 5 кл., математика, 2024: отметку выше журнальной получили 20,0{NB}% участников "
        f"(порог 15{NB}%) — проверьте объективность проведения и проверки ВПР")
    assert by[SignKind.BELOW_JOURNAL].sentence == (
        f"ВПР 5 кл., математика, 2024: отметку ниже журнальной получили 60,0{NB}% участников "
        f"(порог 50{NB}%) — проверьте объективность текущего оценивания")
    # district ВПР quality 48/85, year marks 45/85: the district gap is 3/85 = 3,5 п.п.
    # R: (0.8 − 0.4) − 3/85 = 0.3647
    r = by[SignKind.ABOVE_REFERENCE]
    assert r.value == pytest.approx(0.4 - 3 / 85)
    assert r.reference is not None and r.reference.key.procedure == "PROGRESS"
    assert r.sentence == (
        f"ВПР 5 кл., математика, 2024: качество по ВПР 80,0{NB}% при 40,0{NB}% по итогам года (журнал); "
        f"разрыв 40,0{NB}п.{NB}п. при районном 3,5{NB}п.{NB}п. — больше на 36,5{NB}п.{NB}п. "
        f"(порог 20{NB}п.{NB}п.)")


def test_oge_as_the_reference_and_thresholds_as_settings(db, ids):
    settings = ObjectivitySettings(reference_procedures=("OGE",), higher_share_max=0.10)
    with db.session() as s:
        signs = find_signs(s, year=2024, settings=settings)
    # ОГЭ district 36/80 = 0.45 (T has no ОГЭ); ВПР district 48/85
    r = next(sg for sg in signs if sg.kind is SignKind.ABOVE_REFERENCE)
    assert r.row.school_id == ids["R"]
    assert r.value == pytest.approx((0.8 - 0.3) - (48 / 85 - 0.45))
    assert "при 30,0\u00a0% по ОГЭ" in r.sentence
    above = {sg.row.school_id for sg in signs if sg.kind is SignKind.ABOVE_JOURNAL}
    assert above == {ids["P"], ids["R"]}  # R: 2/20 = 10 % reaches the lowered threshold
    # T (5 participants, 100 % повысили) is judged only when the minimum allows it
    small = ObjectivitySettings(min_participants=5)
    with db.session() as s:
        assert ids["T"] in {sg.row.school_id for sg in find_signs(s, year=2024, settings=small)}


def test_settings_round_trip(db):
    with db.session() as s:
        assert load_settings(s) == ObjectivitySettings()
    custom = ObjectivitySettings(higher_share_max=0.1, lower_share_max=0.4, quality_gap_max=0.3)
    save_settings(db, custom)
    with db.session() as s:
        assert load_settings(s) == custom
    with pytest.raises(AnalyticsError, match="доли от 0 до 1"):
        ObjectivitySettings(higher_share_max=15)


def test_oge_is_no_reference_for_primary_school(db):
    with db.transaction() as s:
        for i, (vpr, oge) in enumerate((((0, 2, 5, 3), (4, 4, 2, 0)), ((2, 4, 3, 1), (2, 4, 3, 1)),
                                        ((2, 4, 3, 1), (2, 4, 3, 1)))):
            sid = add_school(s, f"sch60000{i}", f"Школа {i}").id
            add_result(s, sid, 2024, vpr, grade=4)
            add_result(s, sid, 2024, vpr, grade=6)
            add_result(s, sid, 2024, oge, procedure="OGE", grade=9)
    with db.session() as s:
        signs = find_signs(s, year=2024)
    # school 0: ВПР 80 %, ОГЭ 20 %; district ВПР 16/30, ОГЭ 10/30: excess 0.6 − 0.2 = 0.4
    assert [(sg.row.key.grade, sg.kind) for sg in signs] == [(6, SignKind.ABOVE_REFERENCE)]
    assert signs[0].value == pytest.approx(0.6 - (16 / 30 - 10 / 30))
