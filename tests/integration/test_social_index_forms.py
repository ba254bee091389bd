"""The social-well-being index computed from the real ФИС ОКО context forms of one district."""

from __future__ import annotations

from shnor_desktop.io.dispatch import ImportOptions, import_file
from shnor_desktop.risks import social_index as si


def test_index_from_the_2021_and_2022_forms_of_a_district(ctx, samples):
    for name in ("Контекстные_данные_ОО_2021.xlsx", "Контекстные_данные_ОО_2022.xlsx"):
        import_file(ctx, samples / name, ImportOptions(all_municipalities=True))
    with ctx.db.session() as s:
        rows_2021 = si.social_indices(s, 2021)
        rows_2022 = si.social_indices(s, 2022)
        mapping = si.social_index_by_school(s, 2022)
    assert len(rows_2021) > 700
    assert all(r.index is not None and 0 <= r.index <= 1 for r in rows_2021)
    assert set(mapping) == {r.school_id for r in rows_2022}
    with_2022 = [r for r in rows_2022 if r.context_year == 2022]
    assert len(with_2022) > 650
    # 2021 has the parents' question and the pupils on АОП of one birth year; 2022 has АОП of two
    share = lambda rows, key: sum(r.scores[key] is not None for r in rows) / len(rows)  # noqa: E731
    assert share(rows_2021, "parents_engagement") > 0.95 and share(with_2022, "parents_engagement") == 0
    assert share(rows_2021, "ovz") > 0.95 and share(with_2022, "ovz") > 0.95
    for key in ("settlement_type", "settlement_size", "transport"):
        assert share(with_2022, key) > 0.99
    # a rural school under 1 000 inhabitants is worse off than a school in the regional capital
    rural = [r for r in with_2022 if r.scores["settlement_type"] == 0 and r.scores["settlement_size"] == 0]
    capital = [r for r in with_2022 if r.scores["settlement_type"] == 1]
    assert rural and capital
    mean = lambda rows: sum(r.index for r in rows) / len(rows)  # noqa: E731
    assert mean(rural) < 0.4 < 0.7 < mean(capital)
