"""One real district on the region's real files: the registry, the flags, the dynamics, the regional
level and the analytical note, each against an independent computation with pandas from the raw
protocol rows.

The district is «Первомайский муниципальный район» of the Алтайский край samples: 20 schools in the
2022 context form, with results in the autumn-2020 and spring-2021 grade-5 mathematics protocols.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from shnor_desktop.analytics.identification import IdentificationSettings, identify
from shnor_desktop.cli import main
from shnor_desktop.models import School, login_number

pytestmark = pytest.mark.slow

DISTRICT = "Первомайский муниципальный район"
F2020 = "ВПР_2020_5кл_Математика.xlsx"
F2021 = "ВПР_2021_5кл_Математика.xlsx"
CONTEXT = "Контекстные_данные_ОО_2022.xlsx"
TASK_MAX = [1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 1, 1, 1, 1, 1, 2]  # the work's 16 tasks, 20 points
THRESHOLDS = (7, 11, 15)  # «3», «4», «5» of both years' grade-5 work


def shnor(data_dir: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture(scope="module")
def district(tmp_path_factory, samples_dir):
    """A data folder with the district's registry and both protocols loaded through the CLI."""
    data_dir = tmp_path_factory.mktemp("район")
    outputs = []
    for args in (["import", str(samples_dir / CONTEXT), "--municipality", "Первомайский"],
                 ["import", str(samples_dir / F2020)],
                 ["import", str(samples_dir / F2021)]):
        code = main(["--data-dir", str(data_dir), *args])
        assert code == 0, args
        outputs.append(args)
    return data_dir


@pytest.fixture(scope="module")
def samples_dir():
    return Path(__file__).resolve().parents[1] / "data" / "fisoko"


# --- the independent computation ---------------------------------------------------------------


def raw_rows(path: Path, year: int) -> pd.DataFrame:
    """Participants of the protocol as pandas reads them: login number, present, score, tasks."""
    df = pd.read_excel(path, engine="calamine", dtype=object)
    if year == 2020:
        login, variant, total = "user", "var-1", "sum"
        tasks = [f"a-{k}-grade" for k in range(1, 17)]
    else:
        login, variant, total = "логин школы", "вариант", "всего баллов"
        tasks = [f"балл за {k}" for k in range(1, 17)]
    out = pd.DataFrame({"number": df[login].map(lambda v: login_number(str(v)))})
    points = df[tasks].apply(pd.to_numeric, errors="coerce").fillna(0).clip(lower=0)
    score = pd.to_numeric(df[total], errors="coerce")
    absent = df[variant].astype(str).str.lower().str.startswith("отсут")
    no_result = score.isna() & df[tasks].isna().all(axis=1)
    out["present"] = ~absent & ~no_result
    out["score"] = score.fillna(points.sum(axis=1))
    # a value above a task's maximum or a total above 20: an error, left out of every figure
    out["error"] = out["present"] & ((points > TASK_MAX).any(axis=1) | (out["score"] > 20))
    return out


def school_figures(rows: pd.DataFrame) -> pd.DataFrame:
    ok = rows[rows["present"] & ~rows["error"]].copy()
    low, mid, _ = THRESHOLDS
    ok["good"] = ok["score"] >= mid
    ok["two"] = ok["score"] < low
    grouped = ok.groupby("number")
    return pd.DataFrame({
        "n": grouped.size(), "good": grouped["good"].sum(), "two": grouped["two"].sum(),
        "sum": grouped["score"].sum(), "median": grouped["score"].median()})


def district_numbers(data_dir: Path) -> set[str]:
    from shnor_desktop.context import AppContext

    ctx = AppContext.open(data_dir, daily_backup=False)
    try:
        with ctx.db.session() as session:
            return {s.login_number for s in session.query(School).all()}
    finally:
        ctx.close()


# --- the tests ----------------------------------------------------------------------------------


def test_the_registry_holds_the_district_only(district, capsys):
    code, text = shnor(district, capsys, "schools", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 20
    assert {r["municipality"] for r in rows} == {DISTRICT}


def test_flags_equal_an_independent_computation_on_each_indicator(district, samples_dir, capsys):
    ours = district_numbers(district)
    figures = school_figures(raw_rows(samples_dir / F2021, 2021)).loc[sorted(ours)]
    assert len(figures) == 20
    level = {
        "quality": figures["good"].sum() / figures["n"].sum(),
        "mean_score": figures["sum"].sum() / figures["n"].sum(),
        "kv": figures["sum"].sum() / (figures["n"].sum() * 20),
    }
    value = {
        "quality": figures["good"] / figures["n"],
        "mean_score": figures["sum"] / figures["n"],
        "kv": figures["sum"] / (figures["n"] * 20),
    }
    scale = {"quality": 100, "mean_score": 1, "kv": 100}
    for key in ("quality", "mean_score", "kv"):
        code, text = shnor(district, capsys, "flags", "--year", "2021", "--procedure", "ВПР", "--grade", "5",
                           "--subject", "Математика", "--indicator", key, "--csv")
        assert code == 0
        got = {login_number(r["login"]): r for r in csv.DictReader(io.StringIO(text))}
        assert set(got) == ours
        for number, row in got.items():
            assert float(row["district value"]) == pytest.approx(level[key] * scale[key], abs=1e-5)
            assert float(row["value"]) == pytest.approx(value[key][number] * scale[key], abs=1e-5)
            expected = value[key][number] / level[key] - 1 <= -0.15 + 1e-9  # no minimum of participants
            assert (row["flag"] == "1") == expected, (key, number)
            assert row["municipality"] == DISTRICT and row["min participants"] == "0"


def test_the_rule_on_the_median_and_the_whole_set(district, samples_dir, capsys):
    ours = district_numbers(district)
    figures = school_figures(raw_rows(samples_dir / F2021, 2021)).loc[sorted(ours)]
    code, text = shnor(district, capsys, "flags", "--year", "2021", "--procedure", "ВПР", "--grade", "5",
                       "--subject", "Математика", "--csv")
    assert code == 0
    got = {login_number(r["login"]): r for r in csv.DictReader(io.StringIO(text))}
    mean = figures["sum"] / figures["n"]
    level_m = figures["sum"].sum() / figures["n"].sum()
    # the district median: weighted by participants, as the program's district level of a median
    level_median = (figures["median"] * figures["n"]).sum() / figures["n"].sum()
    for number in ours:
        # regulation 000's set: median, КВ and mean (КВ = mean / 20 here: the same ratio)
        below = (mean[number] / level_m - 1 <= -0.15 + 1e-9
                 or figures["median"][number] / level_median - 1 <= -0.15 + 1e-9)
        assert (got[number]["flag"] == "1") == below, number


def test_dynamics_against_the_previous_year_of_the_same_district(district, samples_dir):
    from shnor_desktop.context import AppContext

    ours = district_numbers(district)
    before = school_figures(raw_rows(samples_dir / F2020, 2020))
    ctx = AppContext.open(district, daily_backup=False)
    try:
        with ctx.db.session() as session:
            result = identify(session, year=2021, procedure="ВПР", grade=5, subject="Математика",
                              settings=IdentificationSettings(indicators=("quality",)))
            logins = {s.id: s.login_number for s in session.query(School).all()}
    finally:
        ctx.close()
    assert result.scope_label == DISTRICT
    compared = 0
    for school in result.schools:
        number = logins[school.school_id]
        dynamics = school.dynamics[0]
        if number in before.index:
            assert dynamics.previous == pytest.approx(before["good"][number] / before["n"][number])
            compared += 1
        else:
            assert dynamics.previous is None
    assert compared >= 15
    assert set(logins.values()) == ours


def test_the_region_is_a_second_level_from_the_whole_file(district, samples_dir, capsys):
    figures = school_figures(raw_rows(samples_dir / F2021, 2021))
    region_quality = figures["good"].sum() / figures["n"].sum()
    code, text = shnor(district, capsys, "flags", "--year", "2021", "--procedure", "ВПР", "--grade", "5",
                       "--subject", "Математика", "--indicator", "качество", "--csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 20
    for row in rows:
        assert float(row["region value"]) == pytest.approx(region_quality * 100, abs=1e-5)
    code, text = shnor(district, capsys, "flags", "--year", "2021", "--procedure", "ВПР", "--grade", "5",
                       "--subject", "Математика", "--indicator", "качество")
    assert code == 0
    assert f"Районный уровень ({DISTRICT}), качество" in text
    assert "уровень: " in text and "по протоколу всего региона" in text


def test_the_analytical_note_is_about_the_district(district, samples_dir, capsys, tmp_path):
    from shnor_desktop.context import AppContext
    from shnor_desktop.registry.service import save_district_profile

    ctx = AppContext.open(district, daily_backup=False)
    try:
        save_district_profile(ctx.db, {"authority_full_name": "Комитет по образованию"})
    finally:
        ctx.close()
    target = tmp_path / "справка.docx"
    code, text = shnor(district, capsys, "generate", "analytical-note", "--year", "2021", "--procedure",
                       "ВПР", "--grade", "5", "--subject", "Математика", "-o", str(target))
    assert code == 0, text
    body = "\n".join(p.text for p in Document(str(target)).paragraphs)
    cells = "\n".join(c.text for t in Document(str(target)).tables for r in t.rows for c in r.cells)
    assert f"районным уровнем ({DISTRICT})" in body
    ours = district_numbers(district)
    figures = school_figures(raw_rows(samples_dir / F2021, 2021)).loc[sorted(ours)]
    quality = figures["good"] / figures["n"]
    level = figures["good"].sum() / figures["n"].sum()
    with_names = pd.read_excel(samples_dir / CONTEXT, engine="calamine", sheet_name=0, dtype=str)
    assert len(with_names) > 600  # the region's form: other districts' schools are in it, not in the note
    flagged = [n for n in ours if quality[n] / level - 1 <= -0.15 + 1e-9]
    assert flagged
    ctx = AppContext.open(district, daily_backup=False)
    try:
        with ctx.db.session() as session:
            names = {s.login_number: s.short_name for s in session.query(School).all()}
    finally:
        ctx.close()
    for number in flagged:
        assert names[number] in cells
    assert "Барнаул" not in cells and "Бийск" not in cells


def test_a_regional_user_gets_every_district_and_the_table_of_districts(tmp_path, samples_dir, capsys):
    data_dir = tmp_path / "цоко"
    code, text = shnor(data_dir, capsys, "import", str(samples_dir / F2021), "--all-municipalities",
                       "--create-missing")
    assert code == 0, text
    code, text = shnor(data_dir, capsys, "flags", "--year", "2021", "--procedure", "ВПР", "--grade", "5",
                       "--subject", "Математика", "--indicator", "качество", "--each-municipality",
                       "--districts", "--csv")
    assert code == 0, text
    table = {r["municipality"]: r for r in csv.DictReader(io.StringIO(text))}
    # independent: the municipality of each school is the protocol's «регион» column
    df = pd.read_excel(samples_dir / F2021, engine="calamine", dtype=object)
    places = dict(zip(df["логин школы"].map(lambda v: login_number(str(v))), df["регион"], strict=False))
    rows = raw_rows(samples_dir / F2021, 2021)
    rows["municipality"] = rows["number"].map(places)
    ok = rows[rows["present"] & ~rows["error"]]
    by_place = ok.groupby("municipality")["score"].agg(n="size", good=lambda s: (s >= 11).sum())
    assert set(table) == set(by_place.index)
    region = by_place["good"].sum() / by_place["n"].sum()
    for place, row in table.items():
        assert float(row["district value"]) == pytest.approx(
            by_place["good"][place] / by_place["n"][place] * 100, abs=1e-5), place
        assert float(row["region value"]) == pytest.approx(region * 100, abs=1e-5)
    code, text = shnor(data_dir, capsys, "flags", "--year", "2021", "--procedure", "ВПР", "--grade", "5",
                       "--subject", "Математика", "--indicator", "качество", "--each-municipality")
    assert code == 0
    assert "== Первомайский муниципальный район ==" in text and "Районы региона, качество" in text
    assert f"Районов: {len(table)}" in text
