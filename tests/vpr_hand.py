"""Hand computation of ВПР school aggregates straight from the raw rows of a protocol.

Deliberately independent of ``shnor_desktop.io.vpr_*``: a plain loop over the cells, with the
definitions written out (see the module docstring of ``vpr_aggregate``), used by the tests to
check the importer's numbers for a few schools of each real sample.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# per layout: login, variant, total score and journal columns, and how task columns are named
COLUMNS = {
    "vpr_2020": ("user", "var-1", "sum", "otc", re.compile(r"^a-(\d+)-grade$")),
    "vpr_2021": ("логин школы", "вариант", "всего баллов", "отметка за предыдущую четверть/триместр",
                 re.compile(r"^балл за (\d+)$")),
    "vpr_2022": ("Пользователь", "Вариант", "Итого баллов",
                 "Отметка за предыдущий триместр/ четверть/полугодие", re.compile(r"^(.+) \((\d+)б\)$")),
}
# the 2020 and 2021 mathematics protocols have no maxima in their headers; these are the
# task maxima of that work (16 items, 20 points), as the data themselves show
MATH5_MAXIMA = [1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 1, 1, 1, 1, 1, 2]


def read_rows(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """Raw rows: openpyxl for small files, python-calamine for the region-wide ones."""
    if path.stat().st_size < 1_000_000:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
        return rows
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_name(sheet or wb.sheet_names[0]).to_python()


def number(value: Any) -> float | str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return "text"


@dataclass
class Hand:
    participants: int
    absent: int
    marks: dict[int, int]
    mean: float | None
    median: float | None
    kv: float | None
    completion: list[float]
    lower: int
    same: int
    higher: int


def hand_school(rows: list[list[Any]], layout: str, login_digits: str, thresholds: tuple[float, float, float],
                maxima: list[float] | None = None) -> Hand:
    login_col, variant_col, score_col, journal_col, task_re = COLUMNS[layout]
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    li, vi, si, ji = (header.index(c) for c in (login_col, variant_col, score_col, journal_col))
    task_cols = []
    header_max = []
    for i, h in enumerate(header):
        m = task_re.match(h)
        if m:
            if task_cols and i != task_cols[-1] + 1:
                break
            task_cols.append(i)
            if layout == "vpr_2022":
                header_max.append(float(m.group(2)))
    if layout == "vpr_2022":
        maxima = header_max
    assert maxima is not None and len(maxima) == len(task_cols)
    total_max = sum(maxima)
    min3, min4, min5 = thresholds

    scores: list[float] = []
    absent = 0
    marks = {2: 0, 3: 0, 4: 0, 5: 0}
    task_points = [0.0] * len(task_cols)
    lower = same = higher = 0
    for r in rows[1:]:
        login = str(r[li] or "")
        if re.sub(r"\D", "", login) != login_digits:
            continue
        if str(r[vi] or "").strip().lower() == "отсутствовал":
            absent += 1
            continue
        points = []
        for c, top in zip(task_cols, maxima, strict=True):
            p = number(r[c])
            p = p if isinstance(p, float) and p >= 0 else 0.0  # X, «не пройд.», empty, negative: 0
            if layout == "vpr_2022":
                p = min(p, top)  # the header's maximum is the most a task can give
            points.append(p)
        total = number(r[si])
        if total is None and all(number(r[c]) is None for c in task_cols):
            absent += 1  # an empty row
            continue
        if total is None or (total == 0 and sum(points) > 0):
            total = sum(points)
        assert isinstance(total, float)
        scores.append(total)
        mark = 5 if total >= min5 else 4 if total >= min4 else 3 if total >= min3 else 2
        marks[mark] += 1
        for k, p in enumerate(points):
            task_points[k] += min(p, maxima[k])
        journal = number(r[ji])
        if isinstance(journal, float) and journal in (2.0, 3.0, 4.0, 5.0):
            if mark < journal:
                lower += 1
            elif mark == journal:
                same += 1
            else:
                higher += 1
    n = len(scores)
    return Hand(
        participants=n, absent=absent, marks=marks,
        mean=sum(scores) / n if n else None, median=statistics.median(scores) if n else None,
        kv=sum(scores) / (n * total_max) if n else None,
        completion=[task_points[k] / (n * maxima[k]) for k in range(len(maxima))] if n else [],
        lower=lower, same=same, higher=higher)
