"""A process killed with SIGKILL in the middle of a batch of documents leaves the database intact
(``PRAGMA integrity_check``), and every journal entry points to a complete, readable .docx."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import docx
import pytest

from shnor_desktop.context import AppContext
from shnor_desktop.demo import load_demo

DRIVER = textwrap.dedent("""
    import sys
    from shnor_desktop.context import AppContext
    from shnor_desktop.docs_gen.contexts.common import DocParams
    from shnor_desktop.docs_gen.journal import generate

    ctx = AppContext.open(sys.argv[1], daily_backup=False)
    for i in range(200):
        generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2025))
        print(i, flush=True)
""")


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [3, 11])
def test_kill_during_a_batch_of_documents(data_dir, kill_after):
    ctx = AppContext.open(data_dir)
    load_demo(ctx.db)
    ctx.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(data_dir)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    for made, _line in enumerate(proc.stdout, start=1):
        if made == kill_after:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()

    con = sqlite3.connect(data_dir / "shnor.sqlite3")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = con.execute("SELECT number, file_path FROM generated_document").fetchall()
    finally:
        con.close()
    assert len(rows) >= kill_after  # what was reported done is in the journal
    assert len({number for number, _ in rows}) == len(rows)  # numbers stay unique
    for _number, file_path in rows:
        document = docx.Document(str(data_dir / file_path))  # complete and readable
        assert any("ПРИКАЗ" in p.text.replace(" ", "") for p in document.paragraphs)
