"""Writing the results pivot (school × work × year) to .xlsx: the work merged over its years, the
district row in bold, shares as Excel percents and scores with one decimal (Excel shows them
with a comma on a Russian Windows)."""

from __future__ import annotations

import math
from pathlib import Path

from ..analytics.indicators import Unit
from ..analytics.pivot import DISTRICT_ROW, Pivot


def write_pivot(pivot: Pivot, path: str | Path) -> Path:
    # heavy: openpyxl loads only when a workbook is written
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Сводная"
    ind = pivot.indicator
    ws.cell(1, 1, f"Общеобразовательная организация ({ind.short})")
    ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=1)
    columns = list(pivot.table.columns)
    start = 2
    for offset, (work, year) in enumerate(columns):
        col = start + offset
        ws.cell(2, col, int(year))
        first = offset == 0 or columns[offset - 1][0] != work
        if first:
            ws.cell(1, col, work)
            span = sum(1 for w, _y in columns if w == work)
            if span > 1:
                ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + span - 1)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in ws.iter_rows(min_row=1, max_row=2):
        for cell in row:
            cell.font, cell.alignment = bold, wrap
    number_format = "0.0%" if ind.unit is Unit.SHARE else "0.0"
    for r, (school, values) in enumerate(pivot.table.iterrows(), start=3):
        ws.cell(r, 1, str(school)).font = bold if school == DISTRICT_ROW else Font()
        for offset, value in enumerate(values.tolist()):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            cell = ws.cell(r, start + offset, float(value))
            cell.number_format = number_format
            if school == DISTRICT_ROW:
                cell.font = bold
    ws.column_dimensions["A"].width = 42
    for offset in range(len(columns)):
        ws.column_dimensions[get_column_letter(start + offset)].width = 11
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "B3"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
