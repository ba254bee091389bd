"""Protocols that arrive one file per school (or per group of schools) for the same slice.

Importing the second school's file must not delete the first school's results: only the schools
of the file, and the rows of an earlier import of the same file, are replaced.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from shnor_desktop.io.results_store import VprOptions, import_vpr
from shnor_desktop.models import AssessmentResult, School

F2022_4 = "ВПР_2022_4кл_Математика.xlsx"
PART_A = {"edu223379", "edu224258"}
PART_B = {"edu223744", "edu223318"}


def _part(samples: Path, keep: set[str], path: Path) -> Path:
    wb = load_workbook(samples / F2022_4)
    for ws in wb.worksheets:
        for row in reversed(list(ws.iter_rows(min_row=2))):
            if row[0].value not in keep:
                ws.delete_rows(row[0].row)
    wb.save(path)
    return path


def _results(db) -> dict[str, int]:
    with db.session() as session:
        return dict(session.execute(
            select(School.fis_login, AssessmentResult.participants)
            .join(School, School.id == AssessmentResult.school_id)).all())


def test_second_school_file_keeps_the_first_schools_results(db, samples: Path, tmp_path: Path) -> None:
    options = VprOptions(all_municipalities=True, create_missing=True)
    file_a = _part(samples, PART_A, tmp_path / "ВПР_2022_4кл_Математика_школа_А.xlsx")
    file_b = _part(samples, PART_B, tmp_path / "ВПР_2022_4кл_Математика_школа_Б.xlsx")

    import_vpr(db, file_a, options)
    after_a = _results(db)
    assert set(after_a) == PART_A
    second = import_vpr(db, file_b, options)

    got = _results(db)
    assert set(got) == PART_A | PART_B
    assert {k: got[k] for k in PART_A} == after_a
    assert (second.created, second.updated) == (2, 0)
    assert "заменены" not in second.text()


def test_reimport_of_the_same_file_still_replaces_its_rows(db, samples: Path, tmp_path: Path) -> None:
    options = VprOptions(all_municipalities=True, create_missing=True)
    whole = tmp_path / F2022_4
    whole.write_bytes((samples / F2022_4).read_bytes())
    import_vpr(db, whole, options)
    assert set(_results(db)) == PART_A | PART_B
    # a corrected file under the same name without two of the schools: their old rows go
    _part(samples, PART_A, whole)
    again = import_vpr(db, whole, options)
    assert set(_results(db)) == PART_A
    assert (again.created, again.updated) == (0, 2)
