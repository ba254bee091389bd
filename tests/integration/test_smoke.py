"""`shnor-desktop --smoke`: start, open the database, show the main window, exit 0."""

from __future__ import annotations

import os
import subprocess
import sys


def test_smoke_run_creates_the_database_and_exits_zero(data_dir):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "shnor_desktop", "--smoke", "--data-dir", str(data_dir)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["window shown", "database open, start page shown", "smoke ok"]
    assert (data_dir / "shnor.sqlite3").stat().st_size > 0
    # the day's copy, made in the background once the window is usable (closing waits for it)
    assert [p.name.endswith("-daily.sqlite3") for p in (data_dir / "backups").iterdir()] == [True]


def test_the_next_start_shows_the_kept_start_page_before_the_database_opens(data_dir):
    """Issue 13 (start-up): the first run keeps today's start page beside the database; the next
    shows it first, then opens the database; a change by the CLI in between makes it read the database."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    app = [sys.executable, "-m", "shnor_desktop", "--smoke", "--data-dir", str(data_dir)]
    first = subprocess.run(app, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert (data_dir / "start-summary.json").is_file()
    second = subprocess.run(app, env=env, capture_output=True, text=True, timeout=120)
    assert second.stdout.splitlines() == ["window shown", "start page shown (kept copy)",
                                          "database open, start page shown", "smoke ok"], second.stderr
    cli = [sys.executable, "-m", "shnor_desktop.cli", "--data-dir", str(data_dir)]
    subprocess.run([*cli, "schools", "add", "--login", "sch000001", "--name", "СОШ № 1",
                    "--municipality", "Район"], env=env,
                   capture_output=True, timeout=120, check=True)
    third = subprocess.run(app, env=env, capture_output=True, text=True, timeout=120)
    assert third.stdout.splitlines() == ["window shown", "database open, start page shown", "smoke ok"]


def test_smoke_run_refuses_a_database_from_a_newer_version(data_dir):
    import sqlite3

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, "-m", "shnor_desktop", "--smoke", "--data-dir", str(data_dir)]
    subprocess.run(cmd, env=env, capture_output=True, timeout=120, check=True)
    con = sqlite3.connect(data_dir / "shnor.sqlite3")
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "более новой версией" in proc.stderr


def test_an_error_during_a_smoke_run_ends_it_with_code_1_instead_of_a_dialog(data_dir):
    """Nobody is there to close a message box in a build check: the run must not hang."""
    driver = (
        "import sys\n"
        "from shnor_desktop.ui import main_window\n"
        "def broken(self, ctx, **kw):\n"
        "    raise RuntimeError('страница не открылась')\n"
        "main_window.MainWindow.attach = broken\n"
        "from shnor_desktop.__main__ import main\n"
        f"sys.exit(main(['--smoke', '--data-dir', {str(data_dir)!r}]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", driver], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert "страница не открылась" in proc.stderr
    assert "smoke ok" not in proc.stdout


def test_smoke_run_without_stdout_works(data_dir):
    """A windowed program on Windows has sys.stdout = None."""
    driver = (
        "import sys\n"
        "sys.stdout = None\n"
        "from shnor_desktop.__main__ import main\n"
        f"code = main(['--smoke', '--data-dir', {str(data_dir)!r}])\n"
        "sys.stderr.write(f'code={code}')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", driver], env=env, capture_output=True, text=True,
                          timeout=120)
    assert "code=0" in proc.stderr, proc.stderr


def test_the_kept_start_page_needs_no_database_layer(data_dir):
    """The point of the copy: SQLAlchemy and the models are not loaded when it is on screen."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-m", "shnor_desktop", "--smoke", "--data-dir", str(data_dir)], env=env,
                   capture_output=True, timeout=120, check=True)
    driver = (
        "import sys\n"
        "from shnor_desktop.ui import main_window\n"
        "shown = main_window.MainWindow.show_kept_start\n"
        "def spy(self, kept):\n"
        "    shown(self, kept)\n"
        "    loaded = sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'shnor_desktop.models',"
        " 'shnor_desktop.store')))\n"
        "    sys.stderr.write(f'loaded={loaded}\\n')\n"
        "main_window.MainWindow.show_kept_start = spy\n"
        "from shnor_desktop.__main__ import main\n"
        f"sys.exit(main(['--smoke', '--data-dir', {str(data_dir)!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", driver], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "loaded=[]" in proc.stderr
