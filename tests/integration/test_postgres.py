"""The shared-server mode: the same application on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from shnor_desktop.context import AppContext
from shnor_desktop.models import Base, Partnership, School, SchoolStatus
from shnor_desktop.store.migrations import current_revision, head_revision

pytestmark = pytest.mark.postgres


def test_migrated_schema_equals_models(pg_ctx):
    assert pg_ctx.db.engine.dialect.name == "postgresql"
    assert current_revision(pg_ctx.db) == head_revision()
    with pg_ctx.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []


def test_records_roundtrip_and_constraints(pg_ctx):
    with pg_ctx.db.transaction() as s:
        a = School(full_name="МБОУ «Лицей»", short_name="Лицей", login_number="229901")
        b = School(full_name="МКОУ «ООШ»", short_name="ООШ", login_number="229902")
        s.add_all([a, b])
        s.flush()
        s.add(SchoolStatus(school_id=b.id, kind="shnor", year=2025, reason="качество ниже на 35 %"))
        s.add(Partnership(leader_school_id=a.id, supported_school_id=b.id, number="1"))
    with pg_ctx.db.session() as s:
        assert s.query(SchoolStatus).one().reason == "качество ниже на 35 %"
    # a school cannot partner itself: the database refuses it too
    with pytest.raises(IntegrityError), pg_ctx.db.transaction() as s:
        s.add(Partnership(leader_school_id=a.id, supported_school_id=a.id))


def test_concurrent_edit_of_one_record_is_detected(pg_ctx, data_dir, pg_url):
    other = AppContext.open(data_dir, pg_url)
    try:
        with pg_ctx.db.transaction() as s:
            s.add(School(full_name="А", short_name="А"))
        s1, s2 = pg_ctx.db.session(), other.db.session()
        a, b = s1.query(School).one(), s2.query(School).one()
        a.phone = "первый"
        s1.commit()
        b.phone = "второй"
        with pytest.raises(StaleDataError):
            s2.commit()
        s1.close()
        s2.close()
    finally:
        other.close()


def test_settings_file_points_the_application_at_the_server(data_dir, pg_url):
    import json

    (data_dir / "settings.json").write_text(json.dumps({"database_url": pg_url}), encoding="utf-8")
    ctx = AppContext.open(data_dir)
    try:
        assert ctx.db.engine.dialect.name == "postgresql"
        assert ctx.db.sqlite_file is None
    finally:
        ctx.close()
