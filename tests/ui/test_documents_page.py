"""The documents page and the buttons in context, driven on the demo district in a real window."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import func, select

from shnor_desktop.demo import load_demo
from shnor_desktop.docs_gen.rendering import has_user_copy, make_user_copy
from shnor_desktop.models import GeneratedDocument, MethodicalVisit
from shnor_desktop.ui.dialogs import generate_dialog as actions
from shnor_desktop.ui.main_window import MainWindow
from shnor_desktop.ui.pages.documents import DocumentsPage
from tests.docs_helpers import full_text


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """The OS side (Word, Explorer, the printer) is replaced by a list of what was asked."""
    calls: list[Path] = []
    monkeypatch.setattr(actions, "open_path", lambda path: calls.append(Path(path)) or True)
    monkeypatch.setattr(actions, "show_in_folder",
                        lambda path: calls.append(Path("folder:") / Path(path).name))
    monkeypatch.setattr(actions, "print_file", lambda path: calls.append(Path("print:") / Path(path).name))
    return calls


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda _parent, title, text, *a, **k: shown.append(f"{title}: {text}"))
    return shown


@pytest.fixture
def window(ctx, qtbot) -> MainWindow:
    load_demo(ctx.db)
    win = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.runner.wait(30_000)


@pytest.fixture
def page(window) -> DocumentsPage:
    page = window.show_page("documents")
    assert isinstance(page, DocumentsPage)
    return page


def journal_count(ctx) -> int:
    with ctx.db.session() as s:
        return s.scalar(select(func.count()).select_from(GeneratedDocument))


def create(page, qtbot, kind: str, **values) -> None:
    dialog = page.make_generate_dialog(kind)
    for name, value in values.items():
        widget = getattr(dialog, name)
        if name == "year":
            widget.setValue(value)
        elif name == "date":
            widget.setDate(QDate(value.year, value.month, value.day))
        elif name == "number":
            widget.setText(value)
        else:
            widget.setCurrentIndex(widget.findData(value))
    before = page.journal.rowCount()
    dialog.start(page)

    def made_or_asked() -> bool:
        blanks = [d for d in page.findChildren(actions.BlanksDialog) if d.isVisible()]
        if blanks:  # details printed as blanks: «Сформировать с пропусками»
            blanks[0].make_button.click()
        return page.journal.rowCount() == before + 1

    qtbot.waitUntil(made_or_asked, timeout=30_000)


def made_dialog(page, qtbot):  # type: ignore[no-untyped-def]
    """The confirmation shown after a document is made («Открыть», «Показать в папке», «Печать»)."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in page.findChildren(actions.DocumentMadeDialog)),
                    timeout=10_000)
    return [d for d in page.findChildren(actions.DocumentMadeDialog) if d.isVisible()][-1]


def test_create_an_order_and_use_the_journal(page, qtbot, ctx, opened, monkeypatch, errors):
    create(page, qtbot, "order-shnor-list", year=2025, date=dt.date(2026, 11, 23), number="41")
    row = page.journal.row_object(0)
    assert (row.kind, row.number, row.date) == ("order-shnor-list", "41", dt.date(2026, 11, 23))
    confirmation = made_dialog(page, qtbot)  # said plainly, not only in the status bar
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in confirmation.findChildren(QLabel))
    assert "№ 41" in texts and str(row.path) in texts
    assert row.exists and opened == []
    confirmation.open_button.click()
    assert opened == [row.path] and not confirmation.isVisible()

    page.select_document(row.id)
    assert page.open_button.isEnabled() and page.number_button.isEnabled()
    page.open_button.click()
    page.folder_button.click()
    page.print_button.click()
    assert opened[1:] == [row.path, Path("folder:") / row.path.name, Path("print:") / row.path.name]

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("42", True))
    page.number_button.click()
    assert page.journal.row_object(0).number == "42"
    assert "№ 42" in full_text(row.path)
    assert errors == []


def test_analytical_note_with_a_slice(page, qtbot, ctx, opened):
    create(page, qtbot, "analytical-note", year=2025, procedure="VPR", grade=6)
    row = page.journal.row_object(0)
    assert row.kind == "analytical-note" and "ВПР, 6 класс" in row.title
    text = full_text(row.path)
    assert "2.1. ВПР 6 кл." in text and not re.search(r"2\.\d+\. ВПР [^6]", text)


def test_regenerate_and_pdf(page, qtbot, ctx, opened):
    create(page, qtbot, "order-partners", year=2026)
    row = page.journal.row_object(0)
    page.select_document(row.id)
    row.path.unlink()
    page.refresh()
    page.select_document(row.id)
    assert not page.journal.row_object(0).exists
    assert not page.open_button.isEnabled() and page.regenerate_button.isEnabled()
    page.regenerate_button.click()
    qtbot.waitUntil(lambda: page.journal.rowCount() == 1 and page.journal.row_object(0).exists,
                    timeout=30_000)
    page.select_document(row.id)
    page.pdf_button.click()
    pdf = row.path.with_suffix(".pdf")
    qtbot.waitUntil(lambda: pdf in opened, timeout=60_000)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_broken_user_template_shows_the_problem_and_keeps_the_journal(page, qtbot, ctx, opened, errors,
                                                                      monkeypatch):
    copy = make_user_copy(ctx.paths, "order_partners.docx")
    tmp = copy.with_suffix(".tmp")
    with zipfile.ZipFile(copy) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace("{{ пары }}".encode(), "{{ пары_школ }}".encode())
            dst.writestr(item, data)
    tmp.replace(copy)
    page.refresh()
    dialog = page.make_generate_dialog("order-partners")
    dialog.year.setValue(2026)
    dialog.start(page)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert "Документ не сформирован" in errors[0]
    assert "«order_partners.docx»" in errors[0] and "поле «пары_школ» программе неизвестно" in errors[0]
    assert journal_count(ctx) == 0 and opened == []

    # «Вернуть исходный»: one click (and a confirmation)
    page.templates_table.select_where(lambda r: r.kind == "order-partners")
    assert page.templates_table.current_object().edited
    assert page.restore_template_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.restore_template_button.click()
    assert not has_user_copy(ctx.paths, "order_partners.docx")
    assert not page.templates_table.current_object().edited


def test_templates_copy_and_folder(page, ctx, opened):
    page.templates_table.select_where(lambda r: r.kind == "agreement")
    page.copy_template_button.click()
    copy = ctx.paths.templates_dir / "agreement.docx"
    assert copy.is_file() and opened == [copy]
    assert page.templates_table.current_object().edited
    page.templates_folder_button.click()
    assert opened[-1] == ctx.paths.templates_dir


def test_month_of_visit_notes_in_the_background(page, qtbot, ctx, opened):
    with ctx.db.session() as s:
        dates = s.scalars(select(MethodicalVisit.date).where(MethodicalVisit.state == "done")).all()
    months = {(d.year, d.month) for d in dates}
    month = max(months, key=lambda ym: sum((d.year, d.month) == ym for d in dates))
    expected = sum((d.year, d.month) == month for d in dates)
    dialog = page.make_batch_dialog()
    dialog.month.setDate(QDate(month[0], month[1], 1))
    assert dialog.count.property("visits") == expected and dialog.ok_button.isEnabled()
    dialog.pdf.setChecked(True)
    done: list = []
    dialog.start(page, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert len(done[0]) == expected
    assert journal_count(ctx) == expected and page.journal.rowCount() == expected
    assert all(m.path.with_suffix(".pdf").is_file() for m in done[0])
    assert opened == []  # a batch does not open every file


def test_batch_can_be_cancelled(page, qtbot, ctx):
    with ctx.db.session() as s:
        ids = s.scalars(select(MethodicalVisit.id)).all()
    cancelled: list = []
    task = actions.run_batch(page.ui, list(ids) * 3, page)
    task.signals.cancelled.connect(lambda: cancelled.append(True))
    task.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=30_000)
    assert journal_count(ctx) < len(ids) * 3


def _open_made(owner, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Answer the questions after a button: blanks (if any) — made with them; then «Открыть»."""
    def confirmation():  # type: ignore[no-untyped-def]
        for blanks in owner.findChildren(actions.BlanksDialog):
            if blanks.isVisible():
                blanks.make_button.click()
        shown = [d for d in owner.findChildren(actions.DocumentMadeDialog) if d.isVisible()]
        return shown[-1] if shown else None

    qtbot.waitUntil(lambda: confirmation() is not None, timeout=30_000)
    confirmation().open_button.click()


def test_buttons_in_context(window, qtbot, ctx, opened):
    partnerships = window.show_page("partnerships")
    partnerships.refresh()
    assert partnerships.current_partnership() is not None
    partnerships.agreement_button.click()
    _open_made(partnerships, qtbot)
    assert len(opened) == 1 and "Договор" in opened[0].name
    partnerships.plan_document_button.click()
    _open_made(partnerships, qtbot)
    assert len(opened) == 2 and "План совместной работы" in opened[1].name

    visits = window.show_page("visits")
    visits.refresh()
    with ctx.db.session() as s:
        visit_id = s.scalars(select(MethodicalVisit.id).where(MethodicalVisit.state == "done")).first()
    assert visits.table.select_where(lambda v: v.id == visit_id)
    assert visits.note_button.isEnabled()
    visits.note_button.click()
    _open_made(visits, qtbot)
    assert len(opened) == 3 and opened[2].name.startswith("Справка")

    documents = window.show_page("documents")
    assert documents.journal.rowCount() == 3


def test_screenshot(page, qtbot, ctx, opened, tmp_path):
    create(page, qtbot, "order-shnor-list", year=2025)
    page.select_document(page.journal.row_object(0).id)
    image = page.grab()
    assert not image.isNull()
    image.save(str(tmp_path / "documents.png"))


def test_template_fields_list_russian_names_with_examples_from_the_data(page, qtbot, ctx):
    from shnor_desktop.models import Partnership

    page.templates_table.select_where(lambda r: r.kind == "agreement")
    dialog = page.make_fields_dialog()
    qtbot.addWidget(dialog)
    fields = {f.path: f.example for f in dialog.fields}
    with ctx.db.session() as s:
        latest = s.scalar(select(Partnership).order_by(Partnership.id.desc()).limit(1))
        leader_name = latest.leader.full_name
    assert fields["школа1.полное_наименование"] == leader_name[:80]
    assert "школа2.лицензия.кем_выдана" in fields
    assert "критерии[].критерий" in fields
    assert not any(re.search("[a-z]", path) for path in fields), "every field is Russian"
    # a row field is written with the loop variable, double click copies it
    row = next(f for f in dialog.fields if f.path == "критерии[].критерий")
    dialog.copy_field(row)
    from PySide6.QtWidgets import QApplication
    assert QApplication.clipboard().text() == "{{ строка.критерий }}"

    page.templates_table.select_where(lambda r: r.kind == "visit-note")
    visit_fields = {f.path for f in page.make_fields_dialog().fields}
    assert {"школа.полное_наименование", "рекомендации[].текст"} <= visit_fields
