"""«Any results table»: an open-data CSV of unfamiliar (English) headers through `shnor import`.

Real files are written here (cp1251 with semicolons, UTF-8 with a BOM and commas, tab-separated
text), imported through the CLI into a real database with a mapping JSON; schools missing from
the registry are skipped or created; named shares are stored; an import writing nothing fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shnor_desktop.cli import main
from shnor_desktop.io.dispatch import ImportOptions, detect_kind, import_file
from shnor_desktop.io.problems import ImportRejected, ImportSummary
from shnor_desktop.io.table_import import ColumnMapping, validate
from shnor_desktop.io.table_sheet import read_table
from shnor_desktop.models import AssessmentResult, ImportBatch, School

HEADER = ["Municipality", "Login", "School name", "Participants", "Mean score", "Share50", "Share80"]
ROWS = [
    ["Северный район", "sch229901", "МБОУ «СОШ № 1»", "20", "14,5", "45,3", "0,0"],
    ["Северный район", "edu229902", 'МБОУ "СОШ № 2"; корпус 2', "10", "9,25", "66,7 %", "12,5 %"],
    ["Южный район", "sch229999", "МКОУ «Новая ООШ»", "8", "12", "50", "-"],
    ["Итого", "", "", "38", "", "", ""],
]
MAPPING = {
    "columns": {"login": "Login", "school_name": "School name", "municipality": "municipality",
                "participants": "Participants", "mean_score": "Mean score"},
    "shares": {"доля выполнивших 50 % заданий": "Share50", "доля набравших 80 % баллов": "G"},
    "constants": {"year": 2025, "procedure": "ОГЭ", "grade": 9, "subject": "Математика"},
}
SHARE50 = "доля выполнивших 50 % заданий"
SHARE80 = "доля набравших 80 % баллов"


def _quote(cell: str, separator: str) -> str:
    if separator in cell or '"' in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_csv(path: Path, *, separator: str = ";", encoding: str = "cp1251", bom: bool = False,
              rows: list[list[str]] = ROWS) -> Path:
    lines = [separator.join(_quote(c, separator) for c in row) for row in [HEADER, *rows]]
    text = ("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_mapping(path: Path, mapping: dict[str, object] = MAPPING) -> Path:
    path.write_text(json.dumps(mapping, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def registry(db):
    with db.transaction() as s:
        s.add_all([
            School(full_name="МБОУ «СОШ № 1»", short_name="МБОУ «СОШ № 1»", fis_login="sch229901",
                   login_number="229901", municipality="Северный район"),
            School(full_name="МБОУ «СОШ № 2»", short_name="МБОУ «СОШ № 2»", fis_login="sch229902",
                   login_number="229902", municipality="Северный район"),
        ])
    return db


def stored(db) -> dict[str, AssessmentResult]:
    with db.session() as s:
        return {login: r for login, r in s.execute(select(School.fis_login, AssessmentResult).join(
            AssessmentResult, AssessmentResult.school_id == School.id)).all()}


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def cli(ctx, *args: str) -> int:
    return main(["--data-dir", str(ctx.paths.data_dir), *args])


def test_cp1251_semicolon_csv_of_english_headers_with_a_mapping(capsys, ctx, registry, tmp_path: Path):
    path = write_csv(tmp_path / "ogE_2025_results.csv")
    mapping = write_mapping(tmp_path / "mapping.json")
    with pytest.raises(ImportRejected):
        detect_kind(path)  # no kind knows these headers…
    assert cli(ctx, "import", str(path), "--mapping", str(mapping)) == 0  # …the mapping says them
    out, _ = capsys.readouterr()
    assert "добавлено: 2, обновлено: 0" in out and "пропущено: 1" in out
    assert "нет в реестре, пропущены: sch229999 МКОУ «Новая ООШ» (Южный район)" in out
    assert "--create-missing" in out and "«Итого» — итоговая строка" in out
    got = stored(registry)
    assert set(got) == {"sch229901", "sch229902"}  # edu229902 is sch229902
    first, second = got["sch229901"], got["sch229902"]
    assert (first.participants, first.mean_score, first.year, first.procedure, first.grade,
            first.subject) == (20, 14.5, 2025, "OGE", 9, "Математика")
    assert second.mean_score == 9.25
    # «45,3», «66,7 %» and «50» in one column: percent; «0,0» and «12,5 %»: percent too
    assert first.shares == pytest.approx({SHARE50: 0.453, SHARE80: 0.0})
    assert second.shares == pytest.approx({SHARE50: 0.667, SHARE80: 0.125})
    assert count(registry, School) == 2  # never created without the flag


def test_without_a_mapping_the_refusal_lists_the_headers_and_shows_a_mapping(capsys, ctx, registry,
                                                                          tmp_path: Path) -> None:
    path = write_csv(tmp_path / "results.csv")
    assert cli(ctx, "import", str(path)) == 1
    _, err = capsys.readouterr()
    assert "не загружен, база не изменена" in err and "не удалось определить" in err
    assert ("«Municipality»; «Login»; «School name»; «Participants»; «Mean score»; «Share50»; «Share80»"
            in err)
    assert "--mapping" in err
    example = err[err.index("Пример файла (UTF-8): ") + len("Пример файла (UTF-8): "):]
    example = example[:example.index("}}") + 2]
    assert set(json.loads(example)) == {"columns", "shares", "constants"}  # the example is real JSON
    assert count(registry, AssessmentResult) == 0


def test_utf8_bom_comma_csv(ctx, registry, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "results.csv", separator=",", encoding="utf-8", bom=True)
    mapping = write_mapping(tmp_path / "mapping.json")
    summary = import_file(ctx, path, ImportOptions(mapping=str(mapping)))
    assert (summary.created, summary.updated) == (2, 0)
    got = stored(registry)
    assert got["sch229902"].shares == pytest.approx({SHARE50: 0.667, SHARE80: 0.125})
    assert got["sch229901"].mean_score == 14.5


def test_tab_separated_text_and_a_share_of_one(ctx, registry, tmp_path: Path) -> None:
    rows = [[*r[:5], share, "-"] for r, share in zip(ROWS[:3], ("0.453", "0,667", "0.5"), strict=True)]
    path = write_csv(tmp_path / "results.txt", separator="\t", encoding="utf-8", rows=rows)
    mapping = write_mapping(tmp_path / "mapping.json")
    summary = import_file(ctx, path, ImportOptions(mapping=str(mapping)))
    assert summary.created == 2
    got = stored(registry)  # numbers not above 1 are shares of one: the same values as 45,3 %
    assert got["sch229901"].shares == pytest.approx({SHARE50: 0.453})
    assert got["sch229902"].shares == pytest.approx({SHARE50: 0.667})


def test_create_missing_adds_schools_with_name_and_municipality(capsys, ctx, registry, tmp_path: Path):
    path = write_csv(tmp_path / "results.csv")
    mapping = write_mapping(tmp_path / "mapping.json")
    assert cli(ctx, "import", str(path), "--mapping", str(mapping), "--create-missing") == 0
    out, _ = capsys.readouterr()
    assert "в реестр добавлено ОО: 1 (названия из файла) — sch229999 МКОУ «Новая ООШ» (Южный район)" in out
    assert "пропущено: 0" in out
    with registry.session() as s:
        school = s.scalar(select(School).where(School.login_number == "229999"))
        assert (school.fis_login, school.short_name, school.full_name, school.municipality) == (
            "sch229999", "МКОУ «Новая ООШ»", "МКОУ «Новая ООШ»", "Южный район")
    assert stored(registry)["sch229999"].participants == 8
    # again: the school is in the registry now, nothing new is created and the slice is replaced
    assert cli(ctx, "import", str(path), "--mapping", str(mapping), "--create-missing") == 0
    out, _ = capsys.readouterr()
    assert "добавлено: 0, обновлено: 3" in out and "в реестр добавлено" not in out
    assert count(registry, School) == 3 and count(registry, AssessmentResult) == 3


def test_a_school_that_cannot_be_created_rejects_the_file(ctx, registry, tmp_path: Path) -> None:
    rows = [list(ROWS[0]), ["Южный район", "", "Ш" * 400, "8", "12", "50", "-"]]
    path = write_csv(tmp_path / "results.csv", rows=rows)
    mapping = write_mapping(tmp_path / "mapping.json")
    with pytest.raises(ImportRejected, match=r"не может быть добавлена в реестр.*не больше 300 знаков"):
        import_file(ctx, path, ImportOptions(mapping=str(mapping), create_missing=True))
    assert count(registry, School) == 2 and count(registry, AssessmentResult) == 0


def test_nothing_written_exits_1_with_the_reason(capsys, ctx, tmp_path: Path) -> None:
    """No school of the table in the (empty) registry: refused before anything is written."""
    path = write_csv(tmp_path / "results.csv")
    mapping = write_mapping(tmp_path / "mapping.json")
    assert cli(ctx, "import", str(path), "--mapping", str(mapping)) == 1
    _, err = capsys.readouterr()
    assert "нечего записать: ни одна школа таблицы не найдена в реестре (ОО: 3" in err
    assert "shnor schools add" in err and "--create-missing" in err
    assert count(ctx.db, ImportBatch) == 0 and count(ctx.db, AssessmentResult) == 0


def test_any_importer_writing_nothing_exits_1(capsys, ctx, tmp_path: Path, monkeypatch) -> None:
    """The CLI's rule for every kind: a summary with no row written is a failure with its reason."""
    import shnor_desktop.io.dispatch as dispatch

    empty = ImportSummary(file="контекст.xlsx", kind="контекстные данные ОО, форма 2022 г.", skipped=12,
                          details=["строк других муниципалитетов не загружается: 12"])
    monkeypatch.setattr(dispatch, "import_file", lambda *a, **k: empty)
    assert cli(ctx, "import", str(tmp_path / "контекст.xlsx")) == 1
    out, err = capsys.readouterr()
    assert "добавлено: 0" in out
    assert ("в базу не записано ни одной строки. Причина: ни одна строка файла не записана в базу; "
            "пропущено строк: 12; строк других муниципалитетов не загружается: 12") in err
    unchanged = ImportSummary(file="logins.xlsx", kind="логины", unchanged=5)
    monkeypatch.setattr(dispatch, "import_file", lambda *a, **k: unchanged)
    assert cli(ctx, "import", str(tmp_path / "logins.xlsx")) == 0  # already there: not a failure


def test_mapping_problems_of_named_shares(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "results.csv"))
    base = {"columns": {"login": "Login", "participants": "D"},
            "constants": {"year": 2025, "procedure": "ОГЭ", "grade": 9, "subject": "Математика"}}
    mapping, missing = ColumnMapping.from_json({**base, "shares": {"доля": "Nope", "": "F", "x": "Login"}},
                                               table)
    assert missing == ["доля «доля»: столбец «Nope» не найден"]
    messages = [p.message for p in validate(table, mapping).problems]
    assert any(m.startswith("у доли не задано название") for m in messages)
    assert "один столбец выбран для нескольких полей: «Логин ОО (ФИС ОКО)», доля «x»" in messages
    only_shares = ColumnMapping(columns={"login": 1}, constants=dict(mapping.constants),
                                shares={"Доля": 5, "доля": 6})
    assert "доля «доля» названа дважды" in [p.message for p in validate(table, only_shares).problems]
    alone = ColumnMapping(columns={"login": 1}, constants=dict(mapping.constants), shares={"доля": 5})
    assert not validate(table, alone).problems  # a named share alone is a result


def test_named_shares_survive_the_remembered_mapping(ctx, registry, tmp_path: Path) -> None:
    from shnor_desktop.io.table_import import remember_mapping, remembered_mapping

    path = write_csv(tmp_path / "results.csv")
    table = read_table(path)
    mapping, missing = ColumnMapping.from_json(MAPPING, table)
    assert not missing
    remember_mapping(registry, table, mapping)
    with registry.session() as s:
        again = remembered_mapping(s, read_table(path))
    assert again is not None and again.shares == {SHARE50: 5, SHARE80: 6}
    assert again.columns["municipality"] == 0
    # remembered: the CLI imports the next file of these headers without --mapping
    summary = import_file(ctx, write_csv(tmp_path / "again.csv"), ImportOptions())
    assert summary.created == 2
