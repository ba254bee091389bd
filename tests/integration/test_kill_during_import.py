"""A process killed with SIGKILL in the middle of an import leaves a consistent database:
``PRAGMA integrity_check`` passes and the import is either wholly there or wholly absent.

The importing process is a real separate process on a real file. Its progress callback tells
the test when the transaction is half written (results inserted, per-task rows not yet), and
the test kills it right there, so the kill always lands inside the transaction.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

DRIVER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from shnor_desktop.context import AppContext
    from shnor_desktop.io.dispatch import ImportOptions, import_file

    data_dir, path, stop_at = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    ctx = AppContext.open(data_dir, daily_backup=False)

    def progress(done, total, text):
        print(text, flush=True)
        if text == stop_at:
            time.sleep(60)  # the test kills us here, inside the open transaction

    import_file(ctx, path, ImportOptions(all_municipalities=True, create_missing=True), progress=progress)
    print("finished", flush=True)
""")


def run_driver(data_dir, path, stop_at, kill: bool) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(data_dir), str(path), stop_at],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line.strip())
        if kill and line.strip() == stop_at:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=120)
    if kill:
        assert proc.returncode == -signal.SIGKILL, (seen, proc.stderr.read())
    else:
        assert proc.returncode == 0 and "finished" in seen, proc.stderr.read()


def counts(db_file) -> tuple[int, int, int, int]:
    con = sqlite3.connect(db_file)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        return tuple(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("school", "assessment_result", "task_result", "import_batch"))
    finally:
        con.close()


@pytest.mark.slow
def test_kill_during_first_import_leaves_nothing(samples, data_dir):
    protocol = samples / "ВПР_2021_5кл_Математика.xlsx"
    run_driver(data_dir, protocol, "запись результатов по заданиям", kill=True)
    assert counts(data_dir / "shnor.sqlite3") == (0, 0, 0, 0)
    # the same import then runs to the end on the recovered database
    run_driver(data_dir, protocol, "—", kill=False)
    schools, results, tasks, batches = counts(data_dir / "shnor.sqlite3")
    assert schools > 600 and results == schools and tasks > results and batches == 1


@pytest.mark.slow
def test_kill_during_reimport_keeps_the_previous_import(samples, data_dir):
    protocol = samples / "ВПР_2021_5кл_Математика.xlsx"
    run_driver(data_dir, protocol, "—", kill=False)
    before = counts(data_dir / "shnor.sqlite3")
    for stop_at in ("запись результатов", "запись результатов по заданиям"):
        run_driver(data_dir, protocol, stop_at, kill=True)
        assert counts(data_dir / "shnor.sqlite3") == before
