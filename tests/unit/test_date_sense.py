"""Dates that look like a slip: the warnings the dialogs ask about before saving."""

from __future__ import annotations

import datetime as dt

import pytest

from shnor_desktop.tracking import date_sense as ds

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(("date", "end", "state", "warned"), [
    (dt.date(2026, 11, 20), None, "planned", True),       # passed, still planned
    (dt.date(2026, 11, 20), None, "done", False),
    (dt.date(2026, 11, 20), None, "cancelled", False),
    (dt.date(2026, 11, 23), None, "planned", False),      # today is not the past
    (dt.date(2026, 11, 30), None, "planned", False),
    (dt.date(2026, 11, 20), dt.date(2026, 11, 24), "planned", False),  # still going on
    (dt.date(2026, 11, 18), dt.date(2026, 11, 20), "planned", True),
    (None, None, "planned", False),
])
def test_a_past_visit_still_planned(date, end, state, warned) -> None:
    found = ds.visit_warnings(date, end, state, TODAY)
    assert bool(found) is warned
    if warned:
        assert found == [f"Выезд {date:%d.%m.%Y} уже прошёл, а его состояние — «запланирован». "
                         "Если выезд состоялся, выберите «проведён», если нет — «отменён»."]


def test_a_recommendation_due_before_its_visit() -> None:
    assert ds.recommendation_warnings(dt.date(2026, 3, 1), False, TODAY, visit_date=dt.date(2026, 3, 12),
                                      what="Рекомендация 2") == [
        "Рекомендация 2: срок выполнения 01.03.2026 раньше даты выезда 12.03.2026."]


@pytest.mark.parametrize(("deadline", "done", "warned"), [
    (dt.date(2026, 11, 1), False, True),
    (dt.date(2026, 11, 1), True, False),      # done: its deadline no longer matters
    (TODAY, False, False),
    (dt.date(2026, 12, 15), False, False),
    (None, False, False),
])
def test_a_recommendation_already_past_its_deadline(deadline, done, warned) -> None:
    found = ds.recommendation_warnings(deadline, done, TODAY, visit_date=dt.date(2026, 10, 1))
    assert bool(found) is warned
    if warned:
        assert "срок выполнения 01.11.2026 уже прошёл" in found[0]


@pytest.mark.parametrize(("deadline", "state", "is_new", "warned"), [
    (dt.date(2026, 9, 1), "planned", True, True),
    (dt.date(2026, 9, 1), "in_progress", True, True),
    (dt.date(2026, 9, 1), "done", True, False),
    (dt.date(2026, 9, 1), "cancelled", True, False),
    (dt.date(2026, 9, 1), "planned", False, False),   # an old measure edited: overdue is shown elsewhere
    (dt.date(2026, 12, 1), "planned", True, False),
    (None, "planned", True, False),
])
def test_a_roadmap_measure_created_already_overdue(deadline, state, is_new, warned) -> None:
    found = ds.roadmap_item_warnings(deadline, state, TODAY, is_new=is_new)
    assert bool(found) is warned
    if warned:
        assert found == ["Срок мероприятия 01.09.2026 уже прошёл: мероприятие сразу окажется просроченным."]


def test_an_end_before_the_start() -> None:
    assert ds.period_warnings(dt.date(2026, 3, 12), dt.date(2026, 3, 10)) == [
        "Окончание 10.03.2026 раньше начала 12.03.2026."]
    assert ds.period_warnings(dt.date(2026, 3, 12), dt.date(2026, 3, 12)) == []
    assert ds.period_warnings(None, dt.date(2026, 3, 10)) == []
