"""On the demo district, `shnor monitoring --year Y --csv` equals a recount by hand in plain SQL."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections import defaultdict

import pytest

from shnor_desktop import cli


@pytest.fixture
def demo(ctx):
    from shnor_desktop.demo import load_demo

    load_demo(ctx.db)
    return sqlite3.connect(ctx.db.sqlite_file)


def _ids(con, sql, *args) -> set[int]:
    return {r[0] for r in con.execute(sql, args)}


def _overlaps(start: str | None, end: str | None, year: int) -> bool:
    return (start is None or start <= f"{year}-12-31") and (end is None or end >= f"{year}-01-01")


def recount(con: sqlite3.Connection, year: int) -> dict[str, tuple[int, int]]:
    monitored = _ids(con, "SELECT school_id FROM school_status WHERE year=? AND kind IN ('shnor','shnsu')",
                     year)
    marks = "mark2 IS NOT NULL AND mark3 IS NOT NULL AND mark4 IS NOT NULL AND mark5 IS NOT NULL"

    # dynamics: same procedure/grade/subject/session in both years; КВ if both have it, else качество
    rows: dict[tuple, dict[int, tuple]] = defaultdict(dict)
    for sid, proc, grade, subject, sess, y, kv, m2, m3, m4, m5 in con.execute(
            "SELECT school_id, procedure, grade, subject, session, year, kv, mark2, mark3, mark4, mark5 "
            "FROM assessment_result WHERE procedure IN ('VPR','OGE') AND year IN (?, ?)", (year - 1, year)):
        if sid in monitored:
            rows[(sid, proc, grade, subject.casefold(), sess or "")][y] = (kv, m2, m3, m4, m5)
    deltas: dict[int, list[float]] = defaultdict(list)
    for key, pair in rows.items():
        if year not in pair or year - 1 not in pair:
            continue
        (kv1, *m1), (kv0, *m0) = pair[year], pair[year - 1]
        if kv1 is not None and kv0 is not None:
            deltas[key[0]].append(kv1 - kv0)
        elif None not in m1 and None not in m0 and sum(m1) and sum(m0):
            deltas[key[0]].append((m1[2] + m1[3]) / sum(m1) - (m0[2] + m0[3]) / sum(m0))
    positive = sum(1 for d in deltas.values() if sum(d) / len(d) > 0)

    placeholders = ",".join("?" * len(monitored)) or "NULL"
    twos, total = con.execute(
        f"SELECT SUM(mark2), SUM(mark2+mark3+mark4+mark5) FROM assessment_result WHERE year=? "
        f"AND procedure IN ('VPR','OGE') AND {marks} AND school_id IN ({placeholders})",
        (year, *monitored)).fetchone()

    staff = _ids(con, f"SELECT id FROM person WHERE archived=0 AND category IN ('teacher','deputy') "
                      f"AND school_id IN ({placeholders})", *monitored)
    staff_in = ",".join(str(i) for i in staff) or "NULL"
    diagnosed = _ids(con, f"SELECT person_id FROM professional_deficit WHERE found_by='diagnostic' "
                          f"AND substr(found_on,1,4)=? AND person_id IN ({staff_in})", str(year))
    improved = _ids(con, f"SELECT person_id FROM professional_deficit WHERE found_by='diagnostic' "
                         f"AND substr(found_on,1,4)=? AND person_id IN ({staff_in}) "
                         f"AND (overcome=1 OR score_after > score_before)", str(year))
    trained = _ids(con, f"SELECT person_id FROM course WHERE person_id IN ({staff_in}) "
                        f"AND substr(COALESCE(date_to, date_from),1,4)=?", str(year))

    visited = _ids(con, "SELECT school_id FROM methodical_visit WHERE state='done' AND substr(date,1,4)=?",
                   str(year)) & monitored
    partnered = {sid for sid, state, start, agreed, end in con.execute(
        "SELECT supported_school_id, state, term_start, agreement_date, term_end FROM partnership")
        if sid in monitored and state in ("active", "expired") and _overlaps(start or agreed, end, year)}
    school_of = dict(con.execute("SELECT id, school_id FROM person"))
    addressed = {sid for sid, start, end in con.execute(
        "SELECT school_id, date_from, date_to FROM support_assignment")
        if sid in monitored and _overlaps(start, end, year)}
    for mentee_school, mentee, start, end, state in con.execute(
            "SELECT mentee_school_id, mentee_person_id, date_from, date_to, state FROM mentoring_pair"):
        if state == "cancelled" or not _overlaps(start, end, year):
            continue
        addressed |= {s for s in (mentee_school, school_of.get(mentee)) if s in monitored}

    shnor = _ids(con, "SELECT school_id FROM school_status WHERE year=? AND kind='shnor'", year)
    schools = con.execute("SELECT COUNT(*) FROM school WHERE archived=0").fetchone()[0]
    return {
        "positive_dynamics": (positive, len(deltas)),
        "low_results_index": (twos or 0, total or 0),
        "teachers_diagnosed": (len(diagnosed), len(staff)),
        "teachers_positive": (len(improved), len(diagnosed)),
        "covered_methodical": (len(visited), len(monitored)),
        "covered_partnership": (len(partnered), len(monitored)),
        "covered_addressed": (len(addressed), len(monitored)),
        "teachers_trained": (len(trained), len(staff)),
        "shnor_share": (len(shnor), schools),
    }


def test_demo_monitoring_csv_equals_a_recount(demo, data_dir, capsys):
    years = sorted(_ids(demo, "SELECT year FROM school_status WHERE kind IN ('shnor','shnsu')"))
    assert years, "the demo district has ШНОР"
    for year in years:
        assert cli.main(["--data-dir", str(data_dir), "monitoring", "--year", str(year), "--csv"]) == 0
        rows = {r["code"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
        expected = recount(demo, year)
        assert set(rows) == set(expected)
        for code, (numerator, denominator) in expected.items():
            row = rows[code]
            assert (int(row["numerator"]), int(row["denominator"])) == (numerator, denominator), (year, code)
            if row["unit"] == "%":
                value = round(numerator / denominator * 100, 1) if denominator else None
                assert row["value"] == ("" if value is None else str(value)), (year, code)
            else:
                assert row["value"] == str(numerator)
    latest = recount(demo, years[-1])
    # the demo is rich enough for the comparison to mean something
    assert latest["positive_dynamics"][1] > 0 and latest["covered_addressed"][0] > 0
    assert latest["teachers_diagnosed"][0] > 0 and latest["low_results_index"][1] > 0
