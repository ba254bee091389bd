"""Start-up budget: `shnor-desktop --smoke` against a bare PySide6 window with tabs.

Both are started as fresh processes in the same run (best of N); the ratio is printed with
the peak memory of each, for an empty database and for a filled one (a real region: the 2022
context form of every municipality, the spring-2021 grade-5 mathematics protocol of the region,
ten partnerships). Target (issues 7 and 13): the start page with today's figures within 4x of the
bare window for both; stretch 2x.

Three moments of each start are printed (a start on the same day as the last one, the database
untouched since), and the start page's time without the kept copy (the first start of a day, or
after the CLI changed the database): the window frame on screen; the start page with today's
figures (from the copy the last session kept, ``tracking.start_summary``, when it still holds,
otherwise from the database); the end of the smoke run (the database layer loaded, the database
open, the start page reloaded from it: the window answers every click from then on).

    .venv/bin/python bench/bench_startup.py [runs] [--command "path/to/frozen/shnor-desktop"]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

BARE = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget
app = QApplication(sys.argv[:1])
w = QMainWindow()
tabs = QTabWidget()
for i in range(8):
    tabs.addTab(QLabel(f"Страница {i}"), f"Раздел {i}")
w.setCentralWidget(tabs)
w.show()
QTimer.singleShot(0, app.quit)
app.exec()
print("smoke ok")
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(seconds to the end, until the window was shown, until the start page showed figures)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    shown = page = None
    out = []
    assert proc.stdout is not None
    for line in proc.stdout:
        out.append(line)
        if line.startswith("window shown") and shown is None:
            shown = time.perf_counter() - t
        if "start page shown" in line and page is None:
            page = time.perf_counter() - t
    proc.wait(timeout=120)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0 or not any(line.startswith("smoke ok") for line in out):
        raise SystemExit(f"{cmd} failed: {proc.returncode}\n{''.join(out)}\n{proc.stderr.read()}")
    return elapsed, shown if shown is not None else elapsed, page if page is not None else elapsed


def filled_data_dir(env: dict[str, str]) -> str:
    """A data folder holding a region's registry, one regional protocol and ten partnerships."""
    from pathlib import Path

    samples = Path(__file__).resolve().parents[1] / "tests" / "data" / "fisoko"
    data = tempfile.mkdtemp(prefix="shnor-bench-filled-")
    shnor = [sys.executable, "-m", "shnor_desktop.cli", "--data-dir", data]
    steps = [["import", str(samples / "Контекстные_данные_ОО_2022.xlsx"), "--all-municipalities"],
             ["import", str(samples / "ВПР_2021_5кл_Математика.xlsx"), "--all-municipalities",
              "--max-error-share", "5"]]
    for step in steps:
        subprocess.run(shnor + step, env=env, check=True, capture_output=True)
    logins = subprocess.run([*shnor, "schools", "--csv"], env=env, check=True, capture_output=True,
                            text=True).stdout.splitlines()[1:21]
    codes = [line.split(",")[0] for line in logins]
    for leader, school in zip(codes[0::2], codes[1::2], strict=False):
        subprocess.run([*shnor, "partner", "add", "--leader", leader, "--school", school], env=env,
                       check=True, capture_output=True)
    return data


def without_copy(app_cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """A start without the kept start page (the first start of a day, or after the CLI changed the
    database): the copy is removed first."""
    from pathlib import Path

    (Path(app_cmd[-1]) / "start-summary.json").unlink(missing_ok=True)
    return run(app_cmd, env)


def measure(app_cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float, float, str]:
    run(app_cmd, env)  # the first start creates and migrates the database (and keeps the start page)
    app = [run(app_cmd, env) for _ in range(runs)]
    cold = [without_copy(app_cmd, env) for _ in range(runs)]
    mem = subprocess.run([sys.executable, "-c", "import resource,subprocess,sys;"
                          f"subprocess.run({app_cmd!r},capture_output=True);"
                          "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"],
                         env=env, capture_output=True, text=True).stdout.strip()
    return (min(a[0] for a in app), min(a[1] for a in app), min(a[2] for a in app),
            min(c[2] for c in cold), mem)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="?", type=int, default=5)
    parser.add_argument("--command", help="the program to measure (default: this checkout)")
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    data = tempfile.mkdtemp(prefix="shnor-bench-")
    app_cmd = (args.command.split() if args.command
               else [sys.executable, "-m", "shnor_desktop"]) + ["--smoke", "--data-dir", data]
    bare = [run([sys.executable, "-c", BARE], env) for _ in range(args.runs)]
    bare_t = min(b[0] for b in bare)
    app_t, shown_t, page_t, cold_t, app_mem = measure(app_cmd, env, args.runs)
    filled = filled_data_dir(env)
    filled_cmd = [*app_cmd[:-1], filled]
    filled_t, filled_shown, filled_page, filled_cold, filled_mem = measure(filled_cmd, env, args.runs)
    # ru_maxrss of children is a running maximum, so measure memory once each in isolation
    bare_mem = subprocess.run([sys.executable, "-c", "import resource,subprocess,sys;"
                               f"subprocess.run([sys.executable,'-c',{BARE!r}],capture_output=True);"
                               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"],
                              env=env, capture_output=True, text=True).stdout.strip()
    print(f"bare PySide6 window with tabs: {bare_t:.3f} s, peak {int(bare_mem) / 1024:.0f} MB; "
          f"best of {args.runs}")
    for name, (end, shown, page, cold, mem) in (
            ("empty database", (app_t, shown_t, page_t, cold_t, app_mem)),
            ("filled database (region registry, a regional protocol, 10 partnerships)",
             (filled_t, filled_shown, filled_page, filled_cold, filled_mem))):
        print(f"{name}:")
        print(f"  window on screen          {shown:.3f} s = {shown / bare_t:.2f}x")
        print(f"  start page with figures   {page:.3f} s = {page / bare_t:.2f}x (target <= 4x)")
        print(f"    without the kept copy   {cold:.3f} s = {cold / bare_t:.2f}x (first start of a day)")
        print(f"  database layer loaded     {end:.3f} s = {end / bare_t:.2f}x (end of the smoke run), "
              f"peak {int(mem) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
