"""Import of a region-wide ВПР protocol (the 2021 sample, about 26,000 participant rows).

Prints, for each run, the floor — merely reading the file with python-calamine
(``CalamineWorkbook.from_path(...).get_sheet_by_name(...).to_python()``) — and the whole import
into a fresh SQLite database (read, validate, aggregate per school, write 637 results and their
per-task rows in one transaction), then the ratio of their medians. Also the parts of the
import (parse; plan = parse + scale + matching + aggregates) and the import through
``dispatch.import_file`` as the CLI and the window call it. Target (issue 3): within 2x of the
raw read. No assertions: the figures are for reading.

    .venv/bin/python bench/bench_vpr_import.py [runs] [file]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SAMPLES = REPO / "tests" / "data" / "fisoko"


def raw_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    return len(rows)


def fresh_context(path: Path):
    """A new database whose registry holds every school of the file (so all 637 are written)."""
    from sqlalchemy import insert

    from shnor_desktop.context import AppContext
    from shnor_desktop.io.vpr import parse_protocol
    from shnor_desktop.models import School

    ctx = AppContext.open(Path(tempfile.mkdtemp(prefix="bench_vpr_")))
    protocol = parse_protocol(path)
    with ctx.db.transaction() as session:
        session.execute(insert(School), [
            {"fis_login": s.login, "login_number": s.number, "full_name": s.login, "short_name": s.login,
             "version": 1} for s in protocol.schools.values()])
    return ctx


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    from shnor_desktop.io.dispatch import ImportOptions, import_file
    from shnor_desktop.io.results_store import VprOptions, import_vpr, plan_vpr_import
    from shnor_desktop.io.vpr import parse_protocol

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else SAMPLES / "ВПР_2021_5кл_Математика.xlsx"
    options = VprOptions(all_municipalities=True)
    print(f"file: {path.name}, {raw_read(path) - 1} rows; {runs} runs")

    floor, imports, parses, plans, dispatched = [], [], [], [], []
    ctx = fresh_context(path)
    try:
        import_vpr(ctx.db, path, options)  # warm-up: imports, shipped scales, SQLite caches
        for _ in range(runs):
            floor.append(timed(lambda: raw_read(path)))
            imports.append(timed(lambda: import_vpr(ctx.db, path, options)))
            parses.append(timed(lambda: parse_protocol(path)))
            plans.append(timed(lambda: plan_vpr_import(ctx.db, path, options)))
            dispatched.append(timed(lambda: import_file(ctx, path, ImportOptions(all_municipalities=True))))
            print(f"  raw read {floor[-1]:.3f} s   import {imports[-1]:.3f} s   "
                  f"(parse {parses[-1]:.3f}, plan {plans[-1]:.3f}, via dispatch {dispatched[-1]:.3f})")
    finally:
        ctx.close()

    f, i = statistics.median(floor), statistics.median(imports)
    print(f"median raw read (python-calamine): {f:.3f} s")
    print(f"median import (read, aggregate, write 637 schools): {i:.3f} s")
    print(f"  parse {statistics.median(parses):.3f} s, plan {statistics.median(plans):.3f} s, "
          f"write {i - statistics.median(plans):.3f} s; via dispatch {statistics.median(dispatched):.3f} s")
    print(f"ratio import / raw read: {i / f:.2f}  (target: 2.00 or less)")
    print(f"ratio via dispatch / raw read: {statistics.median(dispatched) / f:.2f}")


if __name__ == "__main__":
    main()
