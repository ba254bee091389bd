"""Folders and files the program cannot write, end to end through `shnor` in a real process.

The faults are real: write bits removed, and as root the process runs without the capability that
lets root ignore them (tests/helpers/readonly.py). Every command runs first on a writable copy of
the same demo district, then on the read-only one: reading gives the same output, every change is
refused with one Russian message and exit code 1, and the database file stays byte for byte.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.readonly import remove_write_bits, restore_write_bits, unprivileged

ADVICE = ("Скопируйте базу в папку, где у вас есть права на запись, и запустите программу "
          "с --data-dir ПАПКА, или попросите администратора дать права на запись.")
READS = [
    ["schools", "--csv", "--all"],
    ["flags", "--year", "2025", "--grade", "5", "--procedure", "VPR", "--subject", "МАТЕМАТИКА", "--csv"],
    ["monitoring", "--year", "2025", "--csv"],
    ["overdue", "--today", "2026-11-23"],
    ["risks", "--year", "2025"],
]


def shnor(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`shnor --data-dir DATA_DIR ARGS…` as a process that file permissions apply to."""
    cmd = [sys.executable, "-m", "shnor_desktop.cli", "--data-dir", str(data_dir), *args]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(unprivileged(cmd), capture_output=True, text=True, timeout=180, env=env)


def shnor_here(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    """The same command in this process, on a writable folder: what the output should be."""
    from shnor_desktop.cli import main

    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    assert code == 0, (args, err)
    return code, out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def assert_refused(proc: subprocess.CompletedProcess[str], message: str, code: int = 1) -> None:
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert proc.stderr == message + "\n"  # one line, nothing else: no traceback, no log noise
    assert proc.stdout == ""


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the demo district, copied by each test."""
    from shnor_desktop.context import AppContext
    from shnor_desktop.demo import load_demo

    folder = tmp_path_factory.mktemp("demo") / "данные района"
    ctx = AppContext.open(folder)
    load_demo(ctx.db)
    ctx.close()
    return folder


@pytest.fixture
def copies(demo_dir: Path, tmp_path: Path):
    """(writable copy, copy to be made read-only); write bits are given back after the test."""
    writable, locked = tmp_path / "можно писать", tmp_path / "только чтение"
    shutil.copytree(demo_dir, writable)
    shutil.copytree(demo_dir, locked)
    yield writable, locked
    restore_write_bits(locked)


def logins(text: str) -> list[str]:
    return [row["login"] for row in csv.DictReader(io.StringIO(text))]


def write_commands(capsys: pytest.CaptureFixture[str], writable: Path, samples: Path) -> list[list[str]]:
    leader, school = logins(shnor_here(capsys, writable, "schools", "--csv")[1])[-2:]
    return [
        ["import", str(samples / "logins.xlsx"), "--create-missing"],
        ["partner", "add", "--leader", leader, "--school", school, "--number", "99"],
        ["scales", "set", "--year", "2025", "--grade", "5", "--subject", "Математика",
         "--min3", "7", "--min4", "12", "--min5", "17"],
        ["generate", "order-partners", "--year", "2025"],
        ["demo", "--force"],
    ]


def test_a_read_only_data_folder_reads_as_usual_and_refuses_every_change(copies, samples, capsys):
    writable, locked = copies
    remove_write_bits(locked)
    before, files = digest(locked / "shnor.sqlite3"), listing(locked)
    message = f"Папка данных «{locked}» недоступна для записи: изменения не сохранены. {ADVICE}"

    for args in READS:
        _, expected = shnor_here(capsys, writable, *args)
        got = shnor(locked, *args)
        assert (got.returncode, got.stderr, got.stdout) == (0, "", expected), args
    assert len(logins(shnor(locked, "schools", "--csv").stdout)) == 20
    assert shnor(locked, "scales").returncode == 0  # lists what the database has (no seeding)

    for args in write_commands(capsys, writable, samples):
        shnor_here(capsys, writable, *args)  # the command itself works on a writable folder
        assert_refused(shnor(locked, *args), message)

    backup = shnor(locked, "backup")
    assert_refused(backup, f"Резервная копия не сделана: папка «{locked / 'backups'}» недоступна для "
                           f"записи. {ADVICE}")
    some_backup = next((writable / "backups").glob("*.sqlite3"))
    assert_refused(shnor(locked, "restore", str(some_backup)), message)

    assert digest(locked / "shnor.sqlite3") == before
    assert listing(locked) == files  # not even a log, a -wal or a -shm file


def test_a_read_only_database_file_in_a_writable_folder(copies, samples, capsys):
    writable, locked = copies
    database = locked / "shnor.sqlite3"
    remove_write_bits(database)
    before = digest(database)
    message = f"Файл базы данных «{database}» доступен только для чтения: изменения не сохранены. {ADVICE}"

    for args in READS[:2]:
        got = shnor(locked, *args)
        assert (got.returncode, got.stderr, got.stdout) == (0, "", shnor_here(capsys, writable, *args)[1])
    commands = write_commands(capsys, writable, samples)
    for args in commands[:2]:
        assert_refused(shnor(locked, *args), message)
    backup = shnor(locked, "backup")  # the folder is writable: a copy of the read-only file works
    assert backup.returncode == 0, backup.stderr
    assert Path(backup.stdout.strip()).stat().st_size > 0

    assert digest(database) == before
    assert not Path(f"{database}-wal").exists() and not Path(f"{database}-shm").exists()
    restore_write_bits(database)  # the owner gives the write right back: everything works again
    assert shnor(locked, *commands[0]).returncode == 0


def test_a_read_only_folder_without_a_database_says_so(tmp_path):
    empty = tmp_path / "пустая папка"
    empty.mkdir()
    remove_write_bits(empty)
    try:
        for folder in (empty, empty / "новая"):
            proc = shnor(folder, "schools")
            assert_refused(proc, f"Папка данных «{folder}» недоступна для записи: создать в ней базу данных "
                                 "нельзя. Укажите папку, где у вас есть права на запись (--data-dir ПАПКА), "
                                 "или попросите администратора дать права на запись.", code=2)
        assert list(empty.iterdir()) == []
    finally:
        restore_write_bits(empty)


def test_an_older_database_in_a_read_only_folder_is_refused_not_migrated(tmp_path):
    from alembic import command

    from shnor_desktop.store.migrations import alembic_config

    folder = tmp_path / "старая база"
    folder.mkdir()
    database = folder / "shnor.sqlite3"
    command.upgrade(alembic_config(f"sqlite:///{database}"), "0001")
    remove_write_bits(folder)
    before = digest(database)
    try:
        proc = shnor(folder, "schools")
        assert_refused(proc, f"База данных «{database}» записана более ранней версией программы, и её "
                             f"структуру нужно обновить, но папка данных «{folder}» недоступна для записи: "
                             f"сделать копию и обновить базу нельзя, база не изменена. {ADVICE}", code=2)
        assert digest(database) == before
    finally:
        restore_write_bits(folder)


def _snapshot_with_changes_in_wal(source: Path, target: Path, *, with_shm: bool) -> None:
    """``target``: the data folder as a crash (or a copy taken while the program ran) leaves it:
    the last change only in shnor.sqlite3-wal."""
    shutil.copytree(source, target)
    database = target / "shnor.sqlite3"
    con = sqlite3.connect(database)
    try:
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("UPDATE school SET short_name = 'Изменено в журнале WAL' WHERE id = "
                    "(SELECT min(id) FROM school)")
        con.commit()
        frozen = target.parent / f"{target.name} копия"
        frozen.mkdir()
        for suffix in ("", "-wal", *(("-shm",) if with_shm else ())):
            shutil.copy2(f"{database}{suffix}", frozen / f"shnor.sqlite3{suffix}")
    finally:
        con.close()
    shutil.rmtree(target)
    frozen.rename(target)


def test_a_read_only_folder_is_read_through_its_wal_or_refused_rather_than_shown_stale(demo_dir, tmp_path):
    with_shm, without_shm = tmp_path / "с shm", tmp_path / "без shm"
    _snapshot_with_changes_in_wal(demo_dir, with_shm, with_shm=True)
    _snapshot_with_changes_in_wal(demo_dir, without_shm, with_shm=False)
    assert (without_shm / "shnor.sqlite3-wal").stat().st_size > 0
    remove_write_bits(with_shm, without_shm)
    try:
        proc = shnor(with_shm, "schools", "--all")
        assert proc.returncode == 0, proc.stderr
        assert "Изменено в журнале WAL" in proc.stdout

        database = without_shm / "shnor.sqlite3"
        proc = shnor(without_shm, "schools")
        assert_refused(proc, f"База данных «{database}» не открыта: папка данных «{without_shm}» недоступна "
                             "для записи, а последние изменения базы остались в файле «shnor.sqlite3-wal» "
                             "рядом с ней (программа была закрыта аварийно или база открыта на другом "
                             f"компьютере), и без права записи их не прочитать. {ADVICE}", code=2)
    finally:
        restore_write_bits(with_shm, without_shm)


def test_an_unwritable_logs_or_backups_folder_does_not_stop_the_program(copies):
    writable, _ = copies
    for name in ("logs", "backups"):
        shutil.rmtree(writable / name)
        (writable / name).mkdir()
    remove_write_bits(writable / "logs", writable / "backups")
    try:
        proc = shnor(writable, "schools")
        assert proc.returncode == 0
        assert proc.stdout.endswith("Всего: 20\n")
        # the daily backup could not be made: one line saying why, no traceback
        assert proc.stderr == (f"WARNING: daily backup failed: Резервная копия не сделана: папка "
                               f"«{writable / 'backups'}» недоступна для записи. {ADVICE}\n")
        assert list((writable / "logs").iterdir()) == []
    finally:
        restore_write_bits(writable / "logs", writable / "backups")


def test_a_backup_on_a_read_only_disk_restores_into_a_writable_folder(copies, tmp_path):
    writable, _ = copies
    disk = tmp_path / "флешка только для чтения"
    disk.mkdir()
    backup = disk / "shnor-20261101-120000-000000-manual.sqlite3"
    shutil.copy2(next((writable / "backups").glob("*.sqlite3")), backup)
    remove_write_bits(disk)
    try:
        proc = shnor(writable, "restore", str(backup))
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith(f"Восстановлено из {backup}")
        assert sorted(p.name for p in disk.iterdir()) == [backup.name]  # nothing made beside it
    finally:
        restore_write_bits(disk)
