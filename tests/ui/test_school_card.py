"""The school card's «Контекстные данные» tab: Russian labels with units, never program keys."""

from __future__ import annotations


def test_context_tab_speaks_russian():
    from shnor_desktop.models import SchoolContext
    from shnor_desktop.ui.dialogs.school_card import SchoolCard

    context = SchoolContext(settlement_type="село", answers={
        "share_low_income": 0.31, "distance_to_centre_km": 12.0, "teacher_vacancies": 2})
    rows = dict(SchoolCard._context_rows(context))
    assert rows["Расстояние до районного центра, км"] == "12"
    assert not any("_" in label for label in rows), rows
    assert any(value.endswith("%") for value in rows.values())
