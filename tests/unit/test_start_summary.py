"""The start page's kept copy (issue 13, start-up): used only while its stamp holds."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from pathlib import Path

import pytest

from shnor_desktop.tracking import start_summary
from shnor_desktop.tracking.attention import attention_today
from shnor_desktop.tracking.attention_items import (
    Attention,
    AttentionItem,
    TargetProgress,
    attention_from_json,
    attention_to_json,
)
from shnor_desktop.tracking.start_summary import discard_summary, read_summary, write_summary

TODAY = dt.date(2026, 12, 3)
TARGET = {"base_year": 2022, "base_count": 5, "base_percent": 29, "target_year": 2024, "target_count": 1,
          "target_percent": 5.5}


def sample() -> Attention:
    return Attention(
        today=TODAY,
        roadmap=[AttentionItem("roadmap", 3, "Анализ ВПР «по школам»", dt.date(2026, 11, 1), "Хняч И.Н.", 32,
                               "Дорожная карта 2026")],
        visits=[AttentionItem("visit", 7, "Выезд в СОШ № 6", dt.date(2026, 12, 4))],
        recommendations=[],
        agreements=[AttentionItem("agreement", 1, "Договор № 4", None, "", 0, "истекает через 28 дней")],
        plan_items=[AttentionItem("plan_item", 9, "СОШ № 6: семинар", dt.date(2026, 11, 30), "", 3)],
        target=TargetProgress(TARGET, 2025, 4, 17),
        risk_measures=[AttentionItem("risk_measure", 2, "СОШ № 6: курсы", dt.date(2026, 10, 1), "", 63,
                                     "риск «Низкая мотивация»")],
    )


@pytest.fixture
def database(tmp_path: Path) -> Path:
    file = tmp_path / "shnor.sqlite3"
    con = sqlite3.connect(file)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return file


def test_the_copy_round_trips_through_json():
    attention = sample()
    copy = attention_from_json(json.loads(json.dumps(attention_to_json(attention))))
    assert copy == attention
    assert copy.target is not None and copy.target.text() == attention.target.text()  # type: ignore[union-attr]
    empty = Attention(today=TODAY)
    assert attention_from_json(attention_to_json(empty)) == empty


def test_a_copy_is_used_the_same_day_for_the_untouched_database(tmp_path, database):
    assert write_summary(tmp_path, database, sample())
    assert read_summary(tmp_path, database, TODAY) == sample()


def test_the_next_day_reads_the_database(tmp_path, database):
    write_summary(tmp_path, database, sample())
    assert read_summary(tmp_path, database, TODAY + dt.timedelta(days=1)) is None


def test_a_database_written_since_reads_the_database(tmp_path, database):
    write_summary(tmp_path, database, sample())
    con = sqlite3.connect(database)
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    os.utime(database, ns=(1, 1))  # even with the same size, another time
    assert read_summary(tmp_path, database, TODAY) is None


def test_a_leftover_write_ahead_log_reads_the_database(tmp_path, database):
    write_summary(tmp_path, database, sample())
    wal = database.with_name(database.name + "-wal")
    wal.write_bytes(b"\0" * 32)  # another program has it open, or a crash left it
    assert read_summary(tmp_path, database, TODAY) is None
    assert not write_summary(tmp_path, database, sample())
    assert not (tmp_path / start_summary.SUMMARY_FILE).exists()  # the old copy does not outlive it


def test_another_program_version_reads_the_database(tmp_path, database, monkeypatch):
    write_summary(tmp_path, database, sample())
    monkeypatch.setattr(start_summary, "__version__", "99.0")
    assert read_summary(tmp_path, database, TODAY) is None


def test_a_new_migration_script_reads_the_database(tmp_path, database, monkeypatch):
    scripts = tmp_path / "versions"
    scripts.mkdir()
    (scripts / "0001_initial.py").write_text("")
    monkeypatch.setattr(start_summary, "MIGRATIONS_DIR", scripts)
    write_summary(tmp_path, database, sample())
    (scripts / "0002_more.py").write_text("")
    assert read_summary(tmp_path, database, TODAY) is None


@pytest.mark.parametrize("damage", ["{not json", '{"format": 1}', "[]", "null"])
def test_a_damaged_copy_reads_the_database(tmp_path, database, damage, caplog):
    write_summary(tmp_path, database, sample())
    (tmp_path / start_summary.SUMMARY_FILE).write_text(damage, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert read_summary(tmp_path, database, TODAY) is None


def test_a_copy_with_a_foreign_item_kind_reads_the_database(tmp_path, database, caplog):
    write_summary(tmp_path, database, sample())
    file = tmp_path / start_summary.SUMMARY_FILE
    payload = json.loads(file.read_text(encoding="utf-8"))
    payload["attention"]["roadmap"][0]["kind"] = "unknown"
    file.write_text(json.dumps(payload), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert read_summary(tmp_path, database, TODAY) is None
    assert "damaged" in caplog.text


def test_no_copy_and_no_database(tmp_path, database):
    assert read_summary(tmp_path, database, TODAY) is None
    assert not write_summary(tmp_path, tmp_path / "none.sqlite3", sample())
    discard_summary(tmp_path)  # nothing to remove: no error


def test_the_copy_of_a_real_database_is_what_the_database_says(ctx):
    """Written from the demo district after closing, read back equal to a fresh reading."""
    from shnor_desktop.demo import load_demo

    load_demo(ctx.db)
    with ctx.db.session() as session:
        attention = attention_today(session, TODAY)
    ctx.close()
    assert write_summary(ctx.paths.data_dir, ctx.paths.database_file, attention)
    kept = read_summary(ctx.paths.data_dir, ctx.paths.database_file, TODAY)
    assert kept == attention and kept.all_items()
