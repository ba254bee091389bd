"""The registry's read functions the window calls instead of writing queries itself (issue 13)."""

from __future__ import annotations

from shnor_desktop.models import DistrictProfile, School, SchoolContext, SchoolStatus
from shnor_desktop.registry import queries


def test_reading_an_empty_registry(db):
    with db.session() as s:
        assert queries.school_count(s) == 0
        assert queries.school_choices(s) == []
        assert queries.latest_context_year(s) is None
        assert queries.district_city(s) == ""
        assert queries.schools_with_status(s, 2025, "shnor", [1, 2]) == set()


def test_reading_a_registry(db):
    with db.transaction() as s:
        b = School(full_name="МБОУ «СОШ № 2»", short_name="СОШ № 2", fis_login="sch000002", archived=True)
        a = School(full_name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
        s.add_all([a, b, DistrictProfile(city="Кировск")])
        s.flush()
        s.add_all([SchoolStatus(school_id=a.id, kind="shnor", year=2025),
                   SchoolStatus(school_id=b.id, kind="shnsu", year=2025),
                   SchoolContext(school_id=a.id, year=2021), SchoolContext(school_id=a.id, year=2022)])
        ids = (a.id, b.id)
    with db.session() as s:
        assert queries.school_count(s) == 2  # the archived school counts: the database is not empty
        assert queries.school_choices(s) == [(ids[0], "СОШ № 1", None), (ids[1], "СОШ № 2", "sch000002")]
        assert queries.latest_context_year(s) == 2022
        assert queries.district_city(s) == "Кировск"
        assert queries.schools_with_status(s, 2025, "shnor", list(ids)) == {ids[0]}
        assert queries.schools_with_status(s, 2024, "shnor", list(ids)) == set()
