"""The context-form import dialog driven like a person would (only the OS file dialog is faked)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from shnor_desktop.models import DistrictProfile, School, Setting
from shnor_desktop.ui.dialogs.context_import import ContextImportDialog, start_context_import
from shnor_desktop.ui.main_window import MainWindow

F2021 = "Контекстные_данные_ОО_2021.xlsx"
F2022 = "Контекстные_данные_ОО_2022.xlsx"


def count_schools(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(School))


@pytest.fixture
def window(ctx, qtbot) -> MainWindow:
    win = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(win)
    win.show()
    return win


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def open_dialog(window: MainWindow, qtbot) -> ContextImportDialog:
    start_context_import(window.ui, window)
    qtbot.waitUntil(lambda: window.findChild(ContextImportDialog) is not None, timeout=20_000)
    dialog = window.findChild(ContextImportDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_preview_choose_municipality_and_load(window, qtbot, monkeypatch, ctx, samples) -> None:
    with ctx.db.transaction() as s:
        s.add(DistrictProfile(municipality_name="Целинный район"))
    refreshed: list[bool] = []
    monkeypatch.setattr(window, "refresh_all", lambda: refreshed.append(True))
    choose_file(monkeypatch, samples / F2022)
    dialog = open_dialog(window, qtbot)

    # ours is chosen from the district profile; the counts and the problem list are shown
    assert dialog.selected_municipality().name == "Целинный муниципальный район"
    assert dialog.municipality.currentText() == "Целинный муниципальный район (13)"
    assert dialog.municipality.count() == 73  # «весь файл» and 72 municipalities
    assert "Будет добавлено ОО: 13" in dialog.counts.text()
    assert "в других муниципалитетах: 665" in dialog.counts.text()
    # only our rows' problems: row 3 (edu224058, a 12-digit ИНН) is Целинный's
    [problem] = dialog.problems.all_objects()
    assert (problem.sheet, problem.row, problem.column) == ("Общая информация об ОО", 3, "6. ИНН")
    if os.environ.get("SHNOR_SCREENSHOTS"):
        dialog.grab().save(os.path.join(os.environ["SHNOR_SCREENSHOTS"], "context_import.png"))

    # another municipality: recounted in the background
    index = dialog.municipality.findText("город Бийск (26)")
    dialog.municipality.setCurrentIndex(index)
    qtbot.waitUntil(lambda: "Будет добавлено ОО: 26" in dialog.counts.text(), timeout=10_000)
    dialog.municipality.setCurrentIndex(0)  # «весь файл»
    qtbot.waitUntil(lambda: "Будет добавлено ОО: 678" in dialog.counts.text(), timeout=10_000)
    assert dialog.problems.rowCount() == 8  # the whole file's
    assert count_schools(ctx.db) == 0  # the preview changed nothing

    dialog.municipality.setCurrentIndex(dialog.municipality.findText("город Бийск (26)"))
    qtbot.waitUntil(lambda: "Будет добавлено ОО: 26" in dialog.counts.text(), timeout=10_000)
    qtbot.waitUntil(dialog.load_button.isEnabled)
    dialog.load_button.click()
    qtbot.waitUntil(dialog.outcome.isVisible, timeout=20_000)
    assert "добавлено 26" in dialog.outcome.text()
    if os.environ.get("SHNOR_SCREENSHOTS"):
        dialog.grab().save(os.path.join(os.environ["SHNOR_SCREENSHOTS"], "context_import_done.png"))
    assert count_schools(ctx.db) == 26
    assert refreshed == [True]
    assert dialog.close_button.text() == "Закрыть" and not dialog.load_button.isVisible()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_without_a_district_the_user_names_hers_and_it_is_kept(window, qtbot, monkeypatch, ctx,
                                                                samples) -> None:
    choose_file(monkeypatch, samples / F2022)
    dialog = open_dialog(window, qtbot)
    # nothing preselected: the whole region is not loaded by accident
    assert dialog.municipality.currentText() == "— выберите муниципалитет своего района —"
    assert not dialog.load_button.isEnabled()
    assert "Выберите свой" in dialog.counts.text() and "678 ОО из 72" in dialog.counts.text()
    dialog.municipality.setCurrentIndex(dialog.municipality.findText("Целинный муниципальный район (13)"))
    qtbot.waitUntil(lambda: "Будет добавлено ОО: 13" in dialog.counts.text(), timeout=10_000)
    assert "запишется в «Сведения о районе»" in dialog.note.text()
    qtbot.waitUntil(dialog.load_button.isEnabled)
    dialog.load_button.click()
    qtbot.waitUntil(dialog.outcome.isVisible, timeout=20_000)
    assert count_schools(ctx.db) == 13
    with ctx.db.session() as s:
        assert s.scalar(select(DistrictProfile.municipality_name)) == "Целинный муниципальный район"
    dialog.close_button.click()


def test_2021_form_without_logins_offers_the_whole_file(window, qtbot, monkeypatch, ctx,
                                                       samples) -> None:
    choose_file(monkeypatch, samples / F2021)
    dialog = open_dialog(window, qtbot)
    assert dialog.municipality.currentText() == "весь файл: весь регион, 733 ОО"
    assert not dialog.municipality.isEnabled()
    assert "logins.xlsx" in dialog.note.text()
    dialog.close_button.click()  # «Отмена»: nothing is loaded
    assert count_schools(ctx.db) == 0


def test_logins_file_through_the_same_dialog(window, qtbot, monkeypatch, ctx, samples) -> None:
    choose_file(monkeypatch, samples / "logins.xlsx")
    dialog = open_dialog(window, qtbot)
    assert dialog.counts.text() == "Логинов: 692 · муниципалитетов: 70"
    assert not dialog.municipality.isVisible()
    dialog.load_button.click()
    qtbot.waitUntil(dialog.outcome.isVisible, timeout=20_000)
    with ctx.db.session() as s:
        assert len(s.get(Setting, "fis_logins").value) == 692


def test_damaged_file_shows_the_reason_and_changes_nothing(window, qtbot, monkeypatch, ctx,
                                                          samples, tmp_path) -> None:
    truncated = tmp_path / F2022
    data = (samples / F2022).read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append(text))
    choose_file(monkeypatch, truncated)
    start_context_import(window.ui, window)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "Файл не загружен, база не изменена" in shown[0]
    assert "повреждён или обрезан" in shown[0]
    assert window.findChild(ContextImportDialog) is None
    assert count_schools(ctx.db) == 0


def test_a_protocol_is_sent_to_the_results_page(window, qtbot, monkeypatch, samples) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append(text))
    choose_file(monkeypatch, samples / "ВПР_2022_4кл_Математика.xlsx")
    start_context_import(window.ui, window)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "протоколы ВПР загружаются в разделе «Результаты»" in shown[0]


def test_no_file_chosen_does_nothing(window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    start_context_import(window.ui, window)
    assert window.findChild(ContextImportDialog) is None


def test_an_unknown_file_is_refused_without_the_command_line_hint(db, tmp_path: Path) -> None:
    from shnor_desktop.io.problems import ImportRejected
    from shnor_desktop.ui.dialogs.context_import import read_preview

    path = tmp_path / "open data.csv"
    path.write_bytes("Login;Participants\nsch229901;20\n".encode("cp1251"))
    with pytest.raises(ImportRejected) as caught:
        read_preview(db, path)
    text = str(caught.value)
    assert "не удалось определить" in text and "«Login»; «Participants»" in text
    assert "--mapping" not in text


def test_a_profile_municipality_missing_from_the_file_preselects_none(window, qtbot, monkeypatch, ctx,
                                                                      samples) -> None:
    """The demo district's invented code reg22_m099 is a real, different municipality of the file:
    it must not be offered as «из профиля»; nothing is preselected and nothing loads until chosen."""
    with ctx.db.transaction() as s:
        s.add(DistrictProfile(municipality_name="Краснополянский муниципальный район",
                              municipality_code="reg22_m099"))
    choose_file(monkeypatch, samples / F2022)
    dialog = open_dialog(window, qtbot)
    assert dialog.selected_municipality() is None and dialog._choice_pending()
    assert "Алтайский край" not in dialog.municipality.currentText()
    assert "в файле не найден" in dialog.counts.text()
    assert not dialog.load_button.isEnabled()
    index = next(i for i in range(dialog.municipality.count())
                 if dialog.municipality.itemText(i).startswith("Целинный"))
    dialog.municipality.setCurrentIndex(index)
    qtbot.waitUntil(lambda: dialog.load_button.isEnabled(), timeout=20_000)
    assert dialog.selected_municipality().name == "Целинный муниципальный район"
