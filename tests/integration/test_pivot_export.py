"""The results pivot: the real district's schools × works × years, checked against the flags'
own figures and read back from the written workbook."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shnor_desktop.analytics.identification import IdentificationSettings, identify
from shnor_desktop.analytics.pivot import DISTRICT_ROW, results_pivot
from shnor_desktop.cli import main
from shnor_desktop.io.dispatch import ImportOptions, import_file

pytestmark = pytest.mark.slow
DATA = Path(__file__).resolve().parents[1] / "data" / "fisoko"


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    from shnor_desktop.context import AppContext

    ctx = AppContext.open(tmp_path_factory.mktemp("pivot"), daily_backup=False)
    import_file(ctx, DATA / "Контекстные_данные_ОО_2022.xlsx", ImportOptions(municipality="Первомайский"))
    for name in ("ВПР_2020_5кл_Математика.xlsx", "ВПР_2021_5кл_Математика.xlsx"):
        import_file(ctx, DATA / name, ImportOptions())
    yield ctx
    ctx.close()


def test_pivot_agrees_with_the_identification(district):
    with district.db.session() as s:
        pivot = results_pivot(s, indicator_key="kv")
        result = identify(s, year=2021, procedure="ВПР", grade=5, subject="Математика",
                          settings=IdentificationSettings())
    table = pivot.table
    assert list(table.index)[-1] == DISTRICT_ROW and len(table) == 21  # 20 schools and the district
    assert list(table.columns) == [("ВПР 5 кл., математика", 2021), ("ВПР 5 кл., математика, осень", 2020)]
    column = ("ВПР 5 кл., математика", 2021)
    assert len(result.schools) == 20
    for school in result.schools:
        assert math.isclose(table.loc[school.row.short_name, column], school.row.value("kv"))
    assert math.isclose(table.loc[DISTRICT_ROW, column], result.district["kv"].value)


def test_cli_writes_the_workbook(district, tmp_path, capsys):
    path = tmp_path / "сводная.xlsx"
    code = main(["--data-dir", str(district.paths.data_dir), "pivot", str(path), "--indicator", "КВ"])
    out = capsys.readouterr().out
    assert code == 0 and "школ: 20, работ: 2" in out
    sheet = load_workbook(path)["Сводная"]
    assert sheet.cell(1, 1).value.startswith("Общеобразовательная организация")
    assert sheet.cell(2, 2).value == 2021 and sheet.cell(23, 1).value == DISTRICT_ROW
    assert sheet.cell(23, 3).number_format == "0.0%" and 0 < sheet.cell(23, 3).value < 1
    assert main(["--data-dir", str(district.paths.data_dir), "pivot", str(path), "--indicator", "рост"]) == 1
