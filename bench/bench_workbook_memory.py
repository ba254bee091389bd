"""Peak memory and time of reading workbooks, each case in a fresh process.

The floor, measured in the same run, is a bare ``python -c 'import shnor_desktop.io.workbook'``.
Cases (best of N runs; peak RSS of the whole process):

* the largest real protocol (tests/data/fisoko/ВПР_2021_5кл_Математика.xlsx, 26,000 rows):
  read alone (``read_raw_sheets``) and imported through ``dispatch.import_file`` into a fresh
  database, as the CLI and the window import it;
* a zip bomb built here: a valid .xlsx whose sheet is about 1 GB of repeated rows deflated to
  about a megabyte (written with zipfile streaming, so this bench stays small), imported through
  ``import_file``; targets (issue «A real district on real files»): refused in under 2 s and
  under 300 MB;
* the same bomb's sheet declared as 1 MB (sizes that lie), a stray value in cell XFD1048576
  (python-calamine alone would abort), one 32,000-character string shown by 30,000 cells.

Every figure is printed as a ratio to the floor. No assertions: the figures are for reading.

    .venv/bin/python bench/bench_workbook_memory.py [runs]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
REAL = REPO / "tests" / "data" / "fisoko" / "ВПР_2021_5кл_Математика.xlsx"

# run in a child: prints {"seconds": …, "peak_mb": …, "outcome": …} for one case
CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
case, path = sys.argv[2], sys.argv[3]


def peak_mb():
    try:
        import resource
    except ImportError:  # Windows
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                        ("a", ctypes.c_size_t), ("b", ctypes.c_size_t), ("c", ctypes.c_size_t),
                        ("d", ctypes.c_size_t), ("e", ctypes.c_size_t), ("f", ctypes.c_size_t)]
        counters = Counters()
        counters.cb = ctypes.sizeof(counters)
        ctypes.windll.psapi.GetProcessMemoryInfo(ctypes.windll.kernel32.GetCurrentProcess(),
                                                 ctypes.byref(counters), counters.cb)
        return counters.PeakWorkingSetSize / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


start = time.perf_counter()
import shnor_desktop.io.workbook  # noqa: E402,F401
outcome = "imported"
if case == "read":
    from shnor_desktop.io.workbook import read_raw_sheets
    rows = sum(len(s.rows) for s in read_raw_sheets(path, lambda names: names))
    outcome = f"{rows} rows read"
elif case == "import":
    import tempfile
    from pathlib import Path
    from shnor_desktop.context import AppContext
    from shnor_desktop.io.dispatch import ImportOptions, import_file
    from shnor_desktop.io.problems import ImportRejected
    ctx = AppContext.open(Path(tempfile.mkdtemp(prefix="bench_wb_")))
    try:
        summary = import_file(ctx, Path(path), ImportOptions(all_municipalities=True, create_missing=True))
        outcome = f"imported: {summary.created} created"
    except ImportRejected as exc:
        outcome = "refused: " + str(exc.problems[0])[:150]
    finally:
        ctx.close()
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "outcome": outcome}))
"""


def run(case: str, path: Path | str = "") -> dict:
    wall = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(REPO), case, str(path)], capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"{case} {path} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - wall
    return result


def best(case: str, path: Path | str, runs: int) -> dict:
    results = [run(case, path) for _ in range(runs)]
    return {"seconds": min(r["seconds"] for r in results), "wall": min(r["wall"] for r in results),
            "peak_mb": min(r["peak_mb"] for r in results), "outcome": results[0]["outcome"]}


def build_bomb(path: Path, sheet_bytes: int, declared: int | None = None) -> Path:
    """A valid one-sheet .xlsx whose sheet is ``sheet_bytes`` of one repeated row, written as a
    stream; with ``declared``, the archive then claims the sheet unpacks to only that many bytes."""
    from tests.hostile_xlsx import lie_about_size, repeated, write_xlsx

    write_xlsx(path, repeated("<row><c><v>0</v></c></row>", sheet_bytes), level=6, zip64=declared is None)
    if declared is not None:
        lie_about_size(path, "xl/worksheets/sheet1.xml", declared)
    return path


def build_far_cell(path: Path) -> Path:
    from tests.hostile_xlsx import write_xlsx

    return write_xlsx(path, ['<row r="1"><c r="A1"><v>1</v></c></row>',
                             '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'])


def build_repeated_string(path: Path) -> Path:
    from tests.hostile_xlsx import write_xlsx

    rows = (f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 30_001))
    return write_xlsx(path, rows, strings=["Ж" * 32_000])


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    folder = Path(tempfile.mkdtemp(prefix="bench_workbook_"))
    t = time.perf_counter()
    bomb = build_bomb(folder / "бомба.xlsx", 1 << 30)
    liar = build_bomb(folder / "лжец.xlsx", 200 << 20, declared=1 << 20)
    far = build_far_cell(folder / "далёкая ячейка.xlsx")
    strings = build_repeated_string(folder / "повторы.xlsx")
    print(f"built the hostile files in {time.perf_counter() - t:.1f} s: bomb "
          f"{bomb.stat().st_size / 2**20:.1f} MB (sheet 1024 MB), liar {liar.stat().st_size / 2**20:.2f} MB "
          "(sheet 200 MB, declared 1 MB)")

    floor = best("floor", "", runs)
    print(f"floor (python -c 'import shnor_desktop.io.workbook'): {floor['wall']:.3f} s, "
          f"peak {floor['peak_mb']:.0f} MB; best of {runs}")
    cases = [
        ("real protocol, read_raw_sheets", "read", REAL),
        ("real protocol, import_file", "import", REAL),
        ("1 GB zip bomb, import_file", "import", bomb),
        ("sizes that lie (200 MB as 1 MB)", "import", liar),
        ("stray value in XFD1048576", "import", far),
        ("one long string in 30,000 cells", "import", strings),
    ]
    for title, case, path in cases:
        r = best(case, path, runs)
        print(f"{title}: {r['wall']:.3f} s ({r['wall'] / floor['wall']:.1f}x floor; "
              f"{r['seconds']:.3f} s after start-up), peak {r['peak_mb']:.0f} MB "
              f"({r['peak_mb'] / floor['peak_mb']:.1f}x floor)\n    {r['outcome']}")
    print("targets: the bomb refused in under 2 s and 300 MB; any file up to 50 MB read in under 1 GB")


if __name__ == "__main__":
    main()
