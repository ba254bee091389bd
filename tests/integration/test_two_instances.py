"""Two programs on the same database file: safe, and concurrent edits of one record are detected."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError

from shnor_desktop.context import AppContext
from shnor_desktop.models import School


def test_second_instance_detects_concurrent_edit(data_dir):
    first = AppContext.open(data_dir)
    second = AppContext.open(data_dir)
    try:
        with first.db.transaction() as s:
            s.add(School(full_name="МБОУ «СОШ № 1»", short_name="СОШ № 1"))
        s1, s2 = first.db.session(), second.db.session()
        a = s1.query(School).one()
        b = s2.query(School).one()
        a.phone = "8 (38591) 3-12-88"
        s1.commit()
        b.phone = "другое значение"
        with pytest.raises(StaleDataError):
            s2.commit()
        s2.rollback()
        s1.close()
        s2.close()
        with second.db.session() as s:
            assert s.query(School).one().phone == "8 (38591) 3-12-88"
    finally:
        first.close()
        second.close()


def test_writes_from_two_instances_both_land(data_dir):
    first = AppContext.open(data_dir)
    second = AppContext.open(data_dir)
    try:
        with first.db.transaction() as s:
            s.add(School(full_name="А", short_name="А"))
        with second.db.transaction() as s:
            s.add(School(full_name="Б", short_name="Б"))
        with first.db.session() as s:
            assert sorted(x.short_name for x in s.query(School)) == ["А", "Б"]
    finally:
        first.close()
        second.close()
