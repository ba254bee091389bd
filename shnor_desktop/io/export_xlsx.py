"""Writing any table to .xlsx (openpyxl), with a bold header and sensible widths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def export_table(
    path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, sheet: str = "Лист1"
) -> Path:
    # heavy: openpyxl loads only when a workbook is written
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = []
        for i, value in enumerate(row):
            if isinstance(value, str) and value.startswith("="):
                value = "'" + value  # never let exported text become a formula
            values.append(value)
            if i < len(widths):
                widths[i] = max(widths[i], min(len(str(value)) if value is not None else 0, 60))
        ws.append(values)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(8, width + 2)
    for col, value in enumerate(rows[0] if rows else [], start=1):
        if isinstance(value, dt.date):
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = "DD.MM.YYYY"
    ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
