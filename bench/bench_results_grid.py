"""Results grid at a region's scale: 1,000,000 rows.

Prints the time of sorting and filtering inside ResultsGridTableModel (with a QTableView
attached) as a ratio to the floor: numpy sorting and masking the same column in the same run.
Targets (issue 3): within 3x of numpy and under 0.5 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_results_grid.py [rows]
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def synthetic(n: int):
    from shnor_desktop.io.results_table import ResultColumns, derive_shares

    rng = np.random.default_rng(1)
    participants = rng.integers(5, 120, n).astype(float)
    m2 = np.floor(participants * rng.uniform(0, 0.3, n))
    m5 = np.floor((participants - m2) * rng.uniform(0, 0.3, n))
    m4 = np.floor((participants - m2 - m5) * rng.uniform(0, 0.6, n))
    m3 = participants - m2 - m4 - m5
    values = {
        "year": rng.integers(2019, 2026, n).astype(float),
        "grade": rng.integers(4, 12, n).astype(float),
        "procedure": rng.integers(0, 3, n).astype(np.int32),
        "subject": rng.integers(0, 12, n).astype(np.int32),
        "school": rng.integers(0, 700, n).astype(np.int32),
        "login": rng.integers(0, 700, n).astype(np.int32),
        "participants": participants, "absent": rng.integers(0, 5, n).astype(float),
        "mark2": m2, "mark3": m3, "mark4": m4, "mark5": m5,
        "mean_score": rng.uniform(5, 30, n), "median_score": rng.uniform(5, 30, n),
        "kv": rng.uniform(0.2, 0.9, n), "share_below_min": rng.uniform(0, 0.3, n),
        "share_80plus": rng.uniform(0, 0.2, n),
    }
    derive_shares(values)
    categories = {
        "procedure": ["ВПР", "ЕГЭ", "ОГЭ"],
        "subject": [f"предмет {i:02d}" for i in range(12)],
        "school": [f"ОО {i:03d}" for i in range(700)],
        "login": [f"sch22{i:04d}" for i in range(700)],
    }
    return ResultColumns(ids=np.arange(n), school_ids=values["school"].astype(np.int64),
                         values=values, categories=categories)


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from shnor_desktop.ui.table_models.results_grid import ResultsGridTableModel

    app = QApplication.instance() or QApplication([])
    cols = synthetic(n)
    model = ResultsGridTableModel(None, cols)
    view = QTableView()
    t = time.perf_counter()
    view.setModel(model)
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    shown = time.perf_counter() - t

    quality_col = model.fields.index("quality")
    floor_sort = best(lambda: np.argsort(cols.values["quality"], kind="stable"))
    grid_sort = best(lambda: view.sortByColumn(quality_col, Qt.SortOrder.DescendingOrder))

    def numpy_filter() -> None:
        mask = (cols.values["year"] == 2024) & (cols.values["subject"] == 3)
        np.flatnonzero(mask)

    floor_filter = best(numpy_filter)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    model.sort(-1)
    grid_filter = best(lambda: model.set_filter(year=2024, subject="предмет 03"))
    rows_after = model.rowCount()

    print(f"rows: {n:,}; shown in {shown * 1000:.0f} ms")
    print(f"sort   quality: grid {grid_sort:.3f} s, numpy argsort {floor_sort:.3f} s, "
          f"ratio {grid_sort / floor_sort:.2f}x (target <= 3x, < 0.5 s)")
    print(f"filter year+subject: grid {grid_filter:.3f} s, numpy mask {floor_filter:.4f} s, "
          f"ratio {grid_filter / floor_filter:.2f}x; {rows_after:,} rows shown")


if __name__ == "__main__":
    main()
