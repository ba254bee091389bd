"""Making documents from the window: one document in the background and opened at once, the
parameters of orders and of the analytical note, and a cancellable batch of справки for a month.

Other pages call :func:`generate_and_open` (imported when the button is pressed).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..errors import UserError
from ..tasks import Progress
from ..widgets import labels

log = logging.getLogger(__name__)

ORDER_KINDS = ("order-partners", "order-monitoring", "order-shnor-list")


# --- the operating system: open, show, print (tests replace these) -----------------------------------------


def open_path(path: Path) -> bool:
    """Open a file or folder with the program the system associates with it (Word, Explorer)."""
    if not path.exists():
        raise UserError(f"Файл не найден: {path}. Сформируйте документ заново.")
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> None:
    """Explorer with the file selected on Windows; elsewhere the folder that holds it."""
    if sys.platform == "win32" and path.exists():
        subprocess.Popen(["explorer", "/select,", str(path)])
        return
    open_path(path.parent if path.parent.exists() else path)


def print_file(path: Path) -> None:
    """Send the document to the default printer (Windows: the «Печать» verb of Word/LibreOffice)."""
    if not path.exists():
        raise UserError(f"Файл не найден: {path}. Сформируйте документ заново.")
    if sys.platform == "win32":
        os.startfile(str(path), "print")  # type: ignore[attr-defined]
        return
    lp = shutil.which("lp") or shutil.which("lpr")
    if lp is None:
        raise UserError("Принтер не найден. Откройте документ и напечатайте его из текстового редактора.")
    from ...docs_gen.pdf import convert_to_pdf

    pdf = convert_to_pdf([path])[0]
    subprocess.run([lp, str(pdf)], check=True, capture_output=True)


# --- generating in the background ------------------------------------------------------------------


def _user_errors(fn: Callable[[], Any]) -> Any:
    """Documents' own errors (template, missing data, taken number, no PDF converter) as UserError."""
    from ...docs_gen.journal import DocumentError
    from ...docs_gen.pdf import PdfFailed, PdfUnavailable
    from ...docs_gen.rendering import MissingData, TemplateProblem

    try:
        return fn()
    except (TemplateProblem, MissingData, DocumentError, PdfUnavailable, PdfFailed) as exc:
        raise UserError(str(exc)) from exc


def _refresh_documents(ui: Any) -> None:
    window = getattr(ui, "window", None)
    pages = getattr(window, "_pages", {}) if window is not None else {}
    page = pages.get("documents")
    if page is not None:
        page.refresh()


def generate_and_open(ui: Any, kind: str, record_id: int | None, parent: QWidget, *,
                      params: Any = None, number: str | None = None, doc_date: dt.date | None = None,
                      open_after: bool = True, on_done: Callable[[Any], None] | None = None) -> Any:
    """Make a document in the background, record it in the journal and open it in Word.

    Errors (a broken template, missing data) reach the user as a Russian message; the journal is
    then unchanged.
    """
    from ...docs_gen.contexts.common import DocParams
    from ...docs_gen.kinds import kind as kind_of
    from ..widgets.progress import run_with_progress

    document_kind = kind_of(kind)
    request = params or DocParams(record_id=record_id)

    def work(progress: Progress) -> Any:
        from ...docs_gen.journal import generate

        progress.report(0, 0, f"Формируется: {document_kind.title}…")
        return _user_errors(lambda: generate(ui.ctx.paths, ui.ctx.db, kind, request, number=number,
                                             doc_date=doc_date))

    def done(result: Any) -> None:
        _refresh_documents(ui)
        window = getattr(ui, "window", None)
        if window is not None:
            window.statusBar().showMessage(f"Документ сохранён: {result.path}", 10_000)
        if open_after:
            open_path(result.path)
        if on_done is not None:
            on_done(result)

    return run_with_progress(parent, ui.runner, f"Формируется документ «{document_kind.title}»…", work,
                             on_done=done, error_title="Документ не сформирован")


# --- parameters of orders and of the analytical note ------------------------------------------------------


def _buttons() -> QDialogButtonBox:
    return QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)


class GenerateDialog(QDialog):
    """Year, date and number of an order; year and slice of the analytical note."""

    def __init__(self, ui: Any, kind: str, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        from ...docs_gen.kinds import kind as kind_of

        super().__init__(parent)
        self.ui = ui
        self.kind = kind
        self.document_kind = kind_of(kind)
        today = today or dt.date.today()
        self.setWindowTitle(self.document_kind.title)
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        form.addRow("Год:", self.year)
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        form.addRow("Дата документа:", self.date)
        self.number = QLineEdit()
        self.number.setPlaceholderText("следующий номер по журналу")
        self.procedure = QComboBox()
        self.grade = QComboBox()
        self.subject = QComboBox()
        if kind in ORDER_KINDS:
            form.addRow("Номер приказа:", self.number)
        if kind == "analytical-note":
            self._fill_slices()
            form.addRow("Процедура:", self.procedure)
            form.addRow("Класс:", self.grade)
            form.addRow("Предмет:", self.subject)
        hint = labels.hint(self._hint())
        buttons = _buttons()
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Сформировать")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _hint(self) -> str:
        return {
            "order-partners": "Состав рабочей группы — специалисты управления и методисты; координатор и "
                              "пары школ — из разделов «Наставничество» и «Сетевое взаимодействие».",
            "order-monitoring": "Школы — со статусом ШНОР или ШНСУ на выбранный год; ответственный — "
                                "муниципальный координатор.",
            "order-shnor-list": "Перечень и основания — из статусов ШНОР на выбранный год (реестр ОО).",
            "analytical-note": "Таблицы, диаграммы и динамика — по загруженным результатам; разделы без "
                               "данных так и будут подписаны: «Данные отсутствуют».",
        }.get(self.kind, "")

    def _fill_slices(self) -> None:
        from sqlalchemy import func, select

        from ...models import AssessmentResult
        from ...models.enums import Procedure

        with self.ui.ctx.db.session() as s:
            latest = s.scalar(select(func.max(AssessmentResult.year)))
            procedures = sorted(set(s.scalars(select(AssessmentResult.procedure).distinct())))
            grades = sorted(set(s.scalars(select(AssessmentResult.grade).distinct())))
            subjects = sorted(set(s.scalars(select(AssessmentResult.subject).distinct())), key=str.casefold)
        if latest:
            self.year.setValue(latest)
        self.procedure.addItem("все", None)
        for code in procedures:
            try:
                self.procedure.addItem(Procedure(code).label, code)
            except ValueError:
                self.procedure.addItem(code, code)
        self.grade.addItem("все", None)
        for grade in grades:
            self.grade.addItem(f"{grade} класс", grade)
        self.subject.addItem("все", None)
        for subject in dict.fromkeys(x for x in subjects if x):
            self.subject.addItem(subject, subject)

    def params(self) -> Any:
        from ...docs_gen.contexts.common import DocParams

        options: dict[str, Any] = {}
        if self.kind == "analytical-note":
            combos = (("procedure", self.procedure), ("grade", self.grade), ("subject", self.subject))
            for key, combo in combos:
                if combo.currentData() is not None:
                    options[key] = combo.currentData()
        return DocParams(year=self.year.value(), options=options)

    def doc_date(self) -> dt.date:
        value = self.date.date()
        return dt.date(value.year(), value.month(), value.day())

    def start(self, parent: QWidget, *, open_after: bool = True) -> Any:
        """Generate with the chosen parameters (after the dialog was accepted)."""
        return generate_and_open(self.ui, self.kind, None, parent, params=self.params(),
                                 number=self.number.text().strip() or None, doc_date=self.doc_date(),
                                 open_after=open_after)


# --- a month of справки ----------------------------------------------------------------------------


def visits_of_month(session: Any, year: int, month: int) -> list[int]:
    """Visits that took place in the month (state «проведён»), by date."""
    from sqlalchemy import select

    from ...models import MethodicalVisit
    from ...models.enums import VisitState

    first = dt.date(year, month, 1)
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return list(session.scalars(select(MethodicalVisit.id).where(
        MethodicalVisit.date >= first, MethodicalVisit.date <= last,
        MethodicalVisit.state == VisitState.DONE.value).order_by(MethodicalVisit.date, MethodicalVisit.id)))


class BatchVisitNotesDialog(QDialog):
    """Choose a month (and whether to save PDF too): справки for all its visits in the background."""

    def __init__(self, ui: Any, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        today = today or dt.date.today()
        self.setWindowTitle("Справки по выездам за месяц")
        self.month = QDateEdit(QDate(today.year, today.month, 1))
        self.month.setDisplayFormat("MM.yyyy")
        self.month.setCalendarPopup(True)
        self.month.dateChanged.connect(self._update_count)
        self.pdf = QCheckBox("Сохранить также в PDF (одним пакетом)")
        self.count = QLabel()
        form = QFormLayout()
        form.addRow("Месяц:", self.month)
        form.addRow("", self.pdf)
        form.addRow("", self.count)
        buttons = _buttons()
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Сформировать")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._update_count()

    def visit_ids(self) -> list[int]:
        value = self.month.date()
        with self.ui.ctx.db.session() as s:
            return visits_of_month(s, value.year(), value.month())

    def _update_count(self) -> None:
        n = len(self.visit_ids())
        self.count.setText(f"Проведённых выездов в месяце: {n}" if n
                           else "В этом месяце проведённых выездов нет")
        self.count.setProperty("visits", n)
        self.ok_button.setEnabled(n > 0)

    def start(self, parent: QWidget, on_done: Callable[[Any], None] | None = None) -> Any:
        return run_batch(self.ui, self.visit_ids(), parent, with_pdf=self.pdf.isChecked(), on_done=on_done)


def run_batch(ui: Any, visit_ids: list[int], parent: QWidget, *, with_pdf: bool = False,
              on_done: Callable[[Any], None] | None = None) -> Any:
    """Справки for the visits, one journal entry each, with a progress bar and «Отмена»."""
    from ... import russian
    from ..widgets.progress import run_with_progress

    def work(progress: Progress) -> list[Any]:
        from ...docs_gen.contexts.common import DocParams
        from ...docs_gen.journal import generate

        made = []
        total = len(visit_ids) + (1 if with_pdf else 0)
        for index, visit_id in enumerate(visit_ids):
            progress.report(index, total, f"Справка {index + 1} из {len(visit_ids)}…")
            made.append(_user_errors(lambda v=visit_id: generate(ui.ctx.paths, ui.ctx.db, "visit-note",
                                                                 DocParams(record_id=v))))
        if with_pdf and made:
            from ...docs_gen.pdf import convert_to_pdf

            progress.report(len(visit_ids), total, "Сохранение в PDF…")
            _user_errors(lambda: convert_to_pdf([m.path for m in made]))
        progress.report(total, total, "Готово")
        return made

    def done(made: list[Any]) -> None:
        _refresh_documents(ui)
        window = getattr(ui, "window", None)
        if window is not None:
            n = len(made)
            window.statusBar().showMessage(
                f"Сформировано {n} {russian.plural(n, 'справка', 'справки', 'справок')}", 10_000)
        if on_done is not None:
            on_done(made)

    def cancelled_or_failed_refresh() -> None:
        _refresh_documents(ui)

    task = run_with_progress(parent, ui.runner, "Формируются справки по итогам выездов…", work,
                             on_done=done, error_title="Справки не сформированы")
    task.signals.cancelled.connect(cancelled_or_failed_refresh)
    task.signals.failed.connect(lambda _exc: cancelled_or_failed_refresh())
    return task
