"""The window on a folder or a database file it cannot write: it opens read-only and says so, every
page reads, every change is refused with one Russian message, and the file stays byte for byte.

In this process the fault is real through tests/helpers/readonly.read_only_here (chmod; as root
chattr +i); the start of `shnor-desktop` itself runs as a real unprivileged process.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from shnor_desktop.context import AppContext
from shnor_desktop.models import School
from shnor_desktop.store.database import READ_ONLY_ADVICE
from shnor_desktop.ui.main_window import PAGES, MainWindow
from tests.helpers.readonly import read_only_here, remove_write_bits, restore_write_bits, unprivileged


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from shnor_desktop.demo import load_demo

    folder = tmp_path_factory.mktemp("demo") / "данные района"
    ctx = AppContext.open(folder)
    load_demo(ctx.db)
    ctx.close()
    return folder


@pytest.fixture
def folder(demo_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "папка на сервере"
    shutil.copytree(demo_dir, target)
    return target


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Every message box the window opens (and a «No» to every question)."""
    boxes: list[tuple[str, str, str]] = []
    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, title, text, *a, kind=kind, **k: (
            boxes.append((kind, title, text)), QMessageBox.StandardButton.No)[1])
    return boxes


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def use_the_window(ctx: AppContext, qtbot, shown: list[tuple[str, str, str]], reason: str) -> MainWindow:
    """Open the window, read every page, try to change a school; returns the window."""
    from shnor_desktop.ui.dialogs.school_card import SchoolCard

    window = MainWindow(ctx, offer_demo=True)
    qtbot.addWidget(window)
    window.show()
    assert window.read_only_banner.isVisible()
    assert window.read_only_banner.text() == (
        f"База открыта только для чтения: {reason}. Данные можно просматривать и выгружать, "
        f"изменения не сохраняются. {READ_ONLY_ADVICE}")
    assert window.statusBar().currentMessage().endswith("(только для чтения)")
    for spec in PAGES:
        assert window.show_page(spec.key) is window.current_page()
    window.runner.wait(20_000)
    qtbot.wait(50)
    assert shown == []  # no demo offer on a read-only database, no error while reading

    with ctx.db.session() as s:
        school = s.query(School).order_by(School.id).first()
        assert school is not None
        school_id, notes = school.id, school.notes
    card = SchoolCard(None, ctx, school_id)
    qtbot.addWidget(card)
    card.widgets["notes"].setPlainText("Заметка, которую некуда сохранить")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert shown == [("critical", "Карточка не сохранена",
                      f"{reason[:1].upper()}{reason[1:]}: изменения не сохранены. {READ_ONLY_ADVICE}")]
    assert card.result() == 0 and card.widgets["notes"].toPlainText().startswith("Заметка")
    with ctx.db.session() as s:
        assert s.get(School, school_id).notes == notes
    return window


def test_a_read_only_data_folder_opens_read_only_and_refuses_changes(folder, qtbot, shown, monkeypatch):
    database = folder / "shnor.sqlite3"
    before, files = digest(database), sorted(folder.rglob("*"))
    with read_only_here(folder):
        ctx = AppContext.open(folder)
        try:
            reason = f"папка данных «{folder}» недоступна для записи"
            assert ctx.db.read_only_reason == reason
            window = use_the_window(ctx, qtbot, shown, reason)
            shown.clear()

            window.backup_action.trigger()
            assert shown == [("critical", "Копия не создана",
                              f"Резервная копия не сделана: папка «{folder / 'backups'}» недоступна для "
                              f"записи. {READ_ONLY_ADVICE}")]
            shown.clear()
            backup = next((folder / "backups").glob("*.sqlite3"))
            monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
            monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
            window.restore_action.trigger()
            assert shown == [("critical", "Восстановление не выполнено",
                              f"Папка данных «{folder}» недоступна для записи: изменения не сохранены. "
                              f"{READ_ONLY_ADVICE}")]
            window.close()
        finally:
            ctx.close()
    assert digest(database) == before
    assert sorted(folder.rglob("*")) == files


def test_a_read_only_database_file_opens_read_only_and_refuses_changes(folder, qtbot, shown):
    database = folder / "shnor.sqlite3"
    before = digest(database)
    with read_only_here(database):
        ctx = AppContext.open(folder)
        try:
            reason = f"файл базы данных «{database}» доступен только для чтения"
            assert ctx.db.read_only_reason == reason
            use_the_window(ctx, qtbot, shown, reason).close()
        finally:
            ctx.close()
    assert digest(database) == before


DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

def box(_parent, title, text, *args, **kwargs):
    print(f"BOX {title}: {text}", flush=True)
    return QMessageBox.StandardButton.No
QMessageBox.critical = QMessageBox.question = QMessageBox.warning = QMessageBox.information = box

from shnor_desktop.ui import main_window
attach = main_window.MainWindow.attach
def attached(self, ctx, **kwargs):
    attach(self, ctx, **kwargs)
    def report():
        print(f"BANNER {self.read_only_banner.text()}", flush=True)
        self.close()
        QApplication.instance().quit()
    QTimer.singleShot(50, report)
main_window.MainWindow.attach = attached

from shnor_desktop.__main__ import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def start_window(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run(unprivileged([sys.executable, "-c", DRIVER, str(data_dir)]), env=env,
                          capture_output=True, text=True, timeout=180)


def test_shnor_desktop_starts_on_a_read_only_folder_with_a_banner_or_a_message(folder, tmp_path):
    empty = tmp_path / "пустая"
    empty.mkdir()
    before = digest(folder / "shnor.sqlite3")
    remove_write_bits(folder, empty)
    try:
        proc = start_window(folder)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == (f"BANNER База открыта только для чтения: папка данных «{folder}» недоступна "
                               "для записи. Данные можно просматривать и выгружать, изменения не "
                               f"сохраняются. {READ_ONLY_ADVICE}\n")
        assert "Traceback" not in proc.stderr

        proc = start_window(empty)
        assert proc.returncode == 2
        assert proc.stdout == (f"BOX Не удалось открыть базу данных: Папка данных «{empty}» недоступна для "
                               "записи: создать в ней базу данных нельзя. Укажите папку, где у вас есть "
                               "права на запись (--data-dir ПАПКА), или попросите администратора дать права "
                               "на запись.\n")
        assert "Traceback" not in proc.stderr
    finally:
        restore_write_bits(folder, empty)
    assert digest(folder / "shnor.sqlite3") == before
    assert list(empty.iterdir()) == []


def test_a_damaged_database_in_a_read_only_folder_is_reported_without_offering_a_recovery(folder):
    """Recovery moves the damaged file aside: impossible here, so it is not offered."""
    database = folder / "shnor.sqlite3"
    database.write_bytes(b"not a database " * 1000)
    damaged = digest(database)
    remove_write_bits(folder)
    try:
        proc = start_window(folder)
    finally:
        restore_write_bits(folder)
    assert proc.returncode == 2
    assert proc.stdout == ("BOX Не удалось открыть базу данных: Файл базы данных повреждён или не является "
                           "базой данных ШНОР Desktop.\n")
    assert "Traceback" not in proc.stderr
    assert digest(database) == damaged
