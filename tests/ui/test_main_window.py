"""The main window as a whole: every page opens, and none pushes the window off a laptop screen."""

from __future__ import annotations

from shnor_desktop.demo import load_demo
from shnor_desktop.ui.main_window import PAGES, MainWindow


def test_every_page_opens_on_the_demo_district_and_fits_a_laptop(ctx, qtbot):
    load_demo(ctx.db)
    window = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(window)
    window.show()
    for spec in PAGES:
        page = window.show_page(spec.key)
        assert window.current_page() is page
        assert window.nav.currentItem().text() == spec.title
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 700, hint  # 1366×768 minus the taskbar


def test_window_state_is_remembered(ctx, qtbot):
    window = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(window)
    window.show_page("roadmap")
    window.close()
    again = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(again)
    assert again.nav.currentItem().text() == "Дорожная карта"


def test_the_remembered_page_is_built_on_attach_even_if_already_current(ctx, qtbot):
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(0)  # as focus does before the database is attached
    window.attach(ctx, offer_demo=False)
    assert window.current_page() is not None
    assert window.current_page() is window.page(PAGES[0].key)


def test_backup_and_restore_from_the_file_menu(ctx, qtbot, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from shnor_desktop.models import School
    from shnor_desktop.store.backup import list_backups

    window = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    with ctx.db.transaction() as s:
        s.add(School(full_name="МБОУ «СОШ № 1»", short_name="СОШ № 1"))
    before = set(list_backups(ctx.paths.backups_dir))
    window.backup_action.trigger()
    made = set(list_backups(ctx.paths.backups_dir)) - before
    assert len(made) == 1 and next(iter(made)).name.endswith("-manual.sqlite3")
    with ctx.db.transaction() as s:
        s.add(School(full_name="МБОУ «СОШ № 2»", short_name="СОШ № 2"))

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(next(iter(made))), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.restore_action.trigger()
    with ctx.db.session() as s:
        assert [x.short_name for x in s.query(School)] == ["СОШ № 1"]
    assert any(p.name.endswith("-before-restore.sqlite3") for p in list_backups(ctx.paths.backups_dir))


def test_first_start_offers_the_demo_district(ctx, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from shnor_desktop.models import School

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Yes)
    window = MainWindow(ctx, offer_demo=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert asked == ["Первый запуск"]

    def loaded() -> bool:
        with ctx.db.session() as s:
            return s.query(School).count() == 20

    qtbot.waitUntil(loaded, timeout=30_000)  # loaded in the background, window responsive
    assert window.runner.wait(30_000)


def test_first_start_declined_keeps_the_database_empty(ctx, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from shnor_desktop.models import School

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.No)
    window = MainWindow(ctx, offer_demo=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    with ctx.db.session() as s:
        assert s.query(School).count() == 0
    # with schools in the database there is no question at all
    with ctx.db.transaction() as s:
        s.add(School(full_name="Школа", short_name="Школа"))
    asked.clear()
    again = MainWindow(ctx, offer_demo=True)
    qtbot.addWidget(again)
    qtbot.wait(200)
    assert asked == []


def test_the_kept_start_page_shows_before_the_database_and_is_reloaded_from_it(ctx, qtbot):
    """Issue 13 (start-up): the copy the last session kept is on screen while the database layer
    loads; nothing opens from it until then; attach() reloads it from the database."""
    import datetime as dt

    from shnor_desktop.tracking.attention_items import Attention, AttentionItem, TargetProgress

    kept = Attention(today=dt.date.today(), target=TargetProgress(None, 2025, 2, 10),
                     roadmap=[AttentionItem("roadmap", 99, "Анализ ВПР", dt.date(2026, 1, 9), "", 5)])
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.show_kept_start(kept)
    start = window.current_page()
    assert start is not None and start.model.rowCount() == 1
    assert start.cards["roadmap"].text().endswith("\n1")
    assert start.target_label.text().startswith("ШНОР в 2025 г.: 2 ОО")
    assert start.open_page("registry") is None and not start.edit_target()  # the database is not open yet
    assert window.loaded_page("registry") is None
    window.attach(ctx, offer_demo=False)
    assert window.current_page() is start
    assert start.model.rowCount() == 0  # reloaded from the (empty) database
    assert start.target_label.text().startswith("Статусы ШНОР ещё не присвоены")
    assert start.open_page("registry") is window.loaded_page("registry") is not None
