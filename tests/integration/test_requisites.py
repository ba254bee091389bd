"""«Реквизиты ОО» in bulk: the template for the district's schools, filled as a school would, loaded
in one step; a wrong value refuses the file whole; then the agreement has no blanks for them."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from shnor_desktop.cli import main
from shnor_desktop.docs_gen.contexts.common import DocParams
from shnor_desktop.docs_gen.journal import generate
from shnor_desktop.io.dispatch import ImportOptions, detect_kind, import_file
from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.models import School
from shnor_desktop.tracking.partnerships import add_partnership_by_logins

pytestmark = pytest.mark.slow


@pytest.fixture
def district(ctx, samples):
    import_file(ctx, samples / "Контекстные_данные_ОО_2022.xlsx", ImportOptions(municipality="Целинный"))
    return ctx


def fill(path, rows: dict[str, dict[str, object]]) -> None:
    """Type values into the template as a school would (by column title)."""
    book = load_workbook(path)
    sheet = book["Реквизиты ОО"]
    titles = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        login = row[0].value
        for title, value in rows.get(login, {}).items():
            row[titles.index(title)].value = value
    book.save(path)


def test_template_fill_and_load(district, tmp_path, capsys):
    path = tmp_path / "реквизиты.xlsx"
    assert main(["--data-dir", str(district.paths.data_dir), "requisites", str(path)]) == 0
    assert "школ: 13" in capsys.readouterr().out
    sheet = load_workbook(path)["Реквизиты ОО"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 13 and all(r[0] for r in rows)  # the district's schools, logins filled in
    assert detect_kind(path) == "requisites"
    login = rows[0][0]
    fill(path, {login: {"Лицензия: номер (запись в реестре лицензий)": "Л035-01234-22/00567890",
                        "Лицензия: дата": "12.03.2016",
                        "Лицензия: кем выдана": "Министерство образования и науки Алтайского края",
                        "Аккредитация: номер записи в реестре": "А007-01234-22/01234567",
                        "Аккредитация: дата": dt.datetime(2016, 5, 20),
                        "Руководитель: должность": "директор"}})
    summary = import_file(district, path, ImportOptions())
    assert summary.updated == 1 and summary.unchanged == 12
    with district.db.session() as s:
        school = s.scalars(select(School).where(School.fis_login == login)).one()
        assert school.licence_reg_number == "Л035-01234-22/00567890"
        assert school.licence_date == dt.date(2016, 3, 12)
        assert school.accreditation_date == dt.date(2016, 5, 20)
        assert school.inn  # an empty cell never clears what the registry has

    # the agreement of this school with another has no blanks for its licence
    other = rows[1][0]
    with district.db.transaction() as s:
        partnership = add_partnership_by_logins(s, login, other, number="3",
                                                agreement_date=dt.date(2026, 9, 1), city="с. Целинное")
        partnership_id = partnership.id
    result = generate(district.paths, district.db, "agreement", DocParams(partnership_id))
    owners = {g.owner for g in result.gaps}
    names = {g.owner: g.what for g in result.gaps}
    assert not any(g.what.startswith("дата лицензии") and g.record_id == school.id for g in result.gaps)
    assert owners and all(owner != school.short_name or "лиценз" not in names[owner] for owner in owners)


def test_a_wrong_value_refuses_the_whole_file(district, tmp_path):
    path = tmp_path / "реквизиты.xlsx"
    with district.db.session() as s:
        from shnor_desktop.io.requisites import write_template

        write_template(s, path)
    rows = list(load_workbook(path)["Реквизиты ОО"].iter_rows(min_row=2, values_only=True))
    fill(path, {rows[0][0]: {"Лицензия: номер (запись в реестре лицензий)": "Л035-1"},
                rows[1][0]: {"ИНН": "1234567890", "Лицензия: дата": "32.13.2016"}})
    with district.db.session() as s:
        before = [(x.licence_reg_number, x.inn) for x in s.scalars(select(School).order_by(School.id))]
    with pytest.raises(ImportRejected) as info:
        import_file(district, path, ImportOptions())
    problems = info.value.problems
    assert {(p.sheet, p.row, p.column) for p in problems} >= {("Реквизиты ОО", 3, "ИНН"),
                                                              ("Реквизиты ОО", 3, "Лицензия: дата")}
    with district.db.session() as s:
        after = [(x.licence_reg_number, x.inn) for x in s.scalars(select(School).order_by(School.id))]
    assert after == before  # the good row was not written either
