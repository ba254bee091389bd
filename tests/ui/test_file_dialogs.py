"""File dialogs start in the last folder used for the same kind of file, after a restart too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from shnor_desktop.ui import file_dialogs


def test_each_kind_remembers_its_folder_across_restarts(tmp_path, monkeypatch):
    ini = str(tmp_path / "window.ini")
    imports, exports = tmp_path / "протоколы", tmp_path / "выгрузки"
    imports.mkdir()
    exports.mkdir()
    started: list[str] = []

    def fake_open(_parent, _caption, start, _filter):
        started.append(start)
        return str(imports / "ВПР.xlsx"), ""

    def fake_save(_parent, _caption, start, _filter):
        started.append(start)
        return str(exports / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    file_dialogs.remember_in(QSettings(ini, QSettings.Format.IniFormat))
    file_dialogs.open_file(None, "imports", "Файл", "*.xlsx")
    file_dialogs.save_file(None, "exports", "Экспорт", "мониторинг.xlsx", "*.xlsx")
    assert Path(started[0]) != imports  # the first time: the Documents folder, not the program's
    file_dialogs.remember_in(QSettings(ini, QSettings.Format.IniFormat))  # a restart
    file_dialogs.open_file(None, "imports", "Файл", "*.xlsx")
    file_dialogs.save_file(None, "exports", "Экспорт", "мониторинг.xlsx", "*.xlsx")
    assert Path(started[2]) == imports and Path(started[3]) == exports / "мониторинг.xlsx"
    file_dialogs.remember_in(None)
