"""Making documents from the window: one document in the background and opened at once, the
parameters of orders and of the analytical note, and a cancellable batch of справки for a month.

Other pages call :func:`generate_and_open` (imported when the button is pressed).
"""

# Imports inside functions: the documents layer (docxtpl, declension, PDF conversion) and the
# forms it may open load when a document is made: the pages offering «Сформировать» open without them.

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QUrl
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

if TYPE_CHECKING:
    from ..page import Ui

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


def _refresh_documents(ui: Ui) -> None:
    """The journal changed: the window reloads the documents page (if it was built)."""
    changed = getattr(ui.window, "data_changed", None)  # tests may give a window without signals
    if changed is not None:
        changed.emit("documents")


def generate_and_open(ui: Ui, kind: str, record_id: int | None, parent: QWidget, *,
                      params: Any = None, number: str | None = None, doc_date: dt.date | None = None,
                      open_after: bool = True, on_done: Callable[[Any], None] | None = None,
                      ask_blanks: bool = True) -> Any:
    """Make a document: first the list of details it would print as blanks (with «Заполнить сейчас»
    and «Сформировать с пропусками»), then the document in the background, recorded in the journal,
    and a confirmation with «Открыть», «Показать в папке», «Печать».

    Errors (a broken template, a visit not held) reach the user as a Russian message; the journal
    is then unchanged.
    """
    from ...docs_gen.contexts.common import DocParams

    request = params or DocParams(record_id=record_id)

    def make() -> Any:
        return _generate(ui, kind, request, parent, number=number, doc_date=doc_date, open_after=open_after,
                         on_done=on_done)

    if not ask_blanks:
        return make()

    def checked(gaps: list[Any]) -> None:
        if not gaps:
            make()
            return
        dialog = BlanksDialog(parent, ui, kind, request, gaps, doc_date=doc_date)
        dialog.accepted.connect(make)
        dialog.open()

    def failed(exc: BaseException) -> None:
        from ..errors import show_error

        show_error(parent, "Документ не сформирован", exc)

    def preview(_progress: Progress) -> list[Any]:
        from ...docs_gen.journal import preview_gaps

        gaps: list[Any] = _user_errors(lambda: preview_gaps(ui.ctx.paths, ui.ctx.db, kind, request,
                                                             doc_date=doc_date))
        return gaps

    return ui.runner.start(preview, on_done=checked, on_error=failed)


def _generate(ui: Ui, kind: str, request: Any, parent: QWidget, *, number: str | None,
              doc_date: dt.date | None, open_after: bool, on_done: Callable[[Any], None] | None) -> Any:
    from ...docs_gen.kinds import kind as kind_of
    from ..widgets.progress import run_with_progress

    document_kind = kind_of(kind)

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
            DocumentMadeDialog(parent, result).open()
        if on_done is not None:
            on_done(result)

    return run_with_progress(parent, ui.runner, f"Формируется документ «{document_kind.title}»…", work,
                             on_done=done, error_title="Документ не сформирован")


class DocumentMadeDialog(QDialog):
    """«Документ сформирован»: where it is, how many blanks it has, and what to do with it now."""

    def __init__(self, parent: QWidget | None, result: Any) -> None:
        from ... import russian

        super().__init__(parent)
        self.made = result
        self.setWindowTitle("Документ сформирован")
        title = QLabel(f"<b>{result.kind_title}</b>" + (f" № {result.number}" if result.number else "")
                       + f" от {russian.date_short(result.date)}")
        title.setWordWrap(True)
        where = QLabel(f"Сохранён: {result.path}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        if result.gaps:
            n = len(result.gaps)
            blanks = QLabel(f"В документе {n} {russian.plural(n, 'пропуск', 'пропуска', 'пропусков')} для "
                            "заполнения от руки: " + "; ".join(g.text() for g in result.gaps[:5])
                            + ("…" if n > 5 else ""))
            blanks.setWordWrap(True)
            layout.addWidget(blanks)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Открыть", QDialogButtonBox.ButtonRole.AcceptRole)
        self.folder_button = buttons.addButton("Показать в папке", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = buttons.addButton("Печать", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._act(open_path))
        self.folder_button.clicked.connect(lambda: self._act(show_in_folder))
        self.print_button.clicked.connect(lambda: self._act(print_file))
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _act(self, action: Callable[[Path], Any]) -> None:
        from ..errors import show_error

        try:
            action(self.made.path)
        except Exception as exc:
            show_error(self, "Не получилось", exc)
            return
        self.accept()


class BlanksDialog(QDialog):
    """The details a document would print as blanks, before it is made: each can be filled now in
    its card («Заполнить сейчас»), or the document made with blanks to fill in by hand."""

    FILLABLE = ("school", "district", "partnership", "visit")

    def __init__(self, parent: QWidget | None, ui: Ui, kind: str, params: Any, gaps: list[Any], *,
                 doc_date: dt.date | None = None) -> None:
        from PySide6.QtWidgets import QListWidget

        from ...docs_gen.kinds import kind as kind_of

        super().__init__(parent)
        self.ui = ui
        self.kind = kind
        self.params = params
        self.doc_date = doc_date
        self.gaps = list(gaps)
        self.setWindowTitle(f"Пропуски в документе: {kind_of(kind).title}")
        intro = QLabel("Этих сведений в программе нет — в документе на их месте будут пропуски, как в "
                       "бланке, для заполнения от руки. Можно заполнить их сейчас или сформировать документ "
                       "с пропусками.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.hint = labels.hint("")
        buttons = QDialogButtonBox()
        self.fill_button = buttons.addButton("Заполнить сейчас", QDialogButtonBox.ButtonRole.ActionRole)
        self.make_button = buttons.addButton("Сформировать с пропусками",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.fill_button.clicked.connect(self.fill_now)
        self.make_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self._show()

    def _show(self) -> None:
        self.list.clear()
        for gap in self.gaps:
            self.list.addItem(gap.text())
        if self.gaps:
            self.list.setCurrentRow(0)
        self.make_button.setText("Сформировать с пропусками" if self.gaps else "Сформировать")
        self._update()

    def current_gap(self) -> Any:
        row = self.list.currentRow()
        return self.gaps[row] if 0 <= row < len(self.gaps) else None

    def _update(self) -> None:
        gap = self.current_gap()
        fillable = gap is not None and gap.target in self.FILLABLE and (
            gap.record_id is not None or gap.target == "district")
        self.fill_button.setEnabled(fillable)
        where = {"people": "в разделе «Наставничество и кадры»",
                 "partnership": "в карточке партнёрства (раздел «Сетевое взаимодействие»)",
                 "school": "в карточке школы (раздел «Реестр ОО»)",
                 "district": "в «Сведениях о районе» (раздел «Реестр ОО»)"}.get(gap.target if gap else "", "")
        self.hint.setText(f"Заполняется {where}." if where else "")

    def fill_now(self) -> None:
        """Open the card at the missing field; when it is saved, the list is made again."""
        from ...docs_gen.journal import preview_gaps

        gap = self.current_gap()
        if gap is None:
            return
        if _edit_gap(self.ui, gap, self):
            self.gaps = preview_gaps(self.ui.ctx.paths, self.ui.ctx.db, self.kind, self.params,
                                     doc_date=self.doc_date)
            self._show()


def _edit_gap(ui: Ui, gap: Any, parent: QWidget) -> bool:
    """The editor of the record that lacks the detail, opened at the field; True when saved."""
    if gap.target == "school":
        from .school_card import SchoolCard

        card = SchoolCard(parent, ui.ctx, gap.record_id)
        card.focus_field(gap.field)
        return card.exec() == QDialog.DialogCode.Accepted
    if gap.target == "district":
        from .district_profile import DistrictProfileDialog

        profile = DistrictProfileDialog(parent, ui.ctx)
        edit = profile.edits.get(gap.field)
        if edit is not None:
            edit.setFocus()
        return profile.exec() == QDialog.DialogCode.Accepted
    if gap.target == "partnership":
        from .partnership_dialog import PartnershipDialog

        schools = detached_schools(ui.ctx.db)
        dialog = PartnershipDialog(parent, ui.ctx.db, schools, partnership_id=gap.record_id)
        return dialog.exec() == QDialog.DialogCode.Accepted
    if gap.target == "visit":
        from .visit_dialog import VisitDialog

        schools = detached_schools(ui.ctx.db)
        visit = VisitDialog(parent, ui.ctx.db, schools, visit_id=gap.record_id)
        return visit.exec() == QDialog.DialogCode.Accepted
    return False


def detached_schools(db: Any) -> list[Any]:
    """The registry's schools, loaded for a record dialog's school list."""
    from ...registry.queries import list_schools

    with db.session() as s:
        schools = list_schools(s, include_archived=True)  # a record may name an archived school
        s.expunge_all()
    return schools


# --- parameters of orders and of the analytical note ------------------------------------------------------


def _buttons() -> QDialogButtonBox:
    return QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)


# the deadlines of each order: (option, label, working days after the document's date)
DEADLINES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "order-partners": (("deadline_agreements", "Срок заключения договоров", 10),
                       ("deadline_plans", "Срок утверждения совместных планов", 20)),
    "order-monitoring": (("period_start", "Мониторинг с", 0), ("period_end", "Мониторинг по", 20),
                         ("deadline_report", "Срок представления информации", 15)),
    "order-shnor-list": (("deadline_programs", "Срок утверждения программ", 20),),
}


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class GenerateDialog(QDialog):
    """Year, date, number and deadlines of an order; year and slice of the analytical note.

    The date of a document about a past year defaults to that year's last working day; deadlines
    default to working days after the date by the production calendar; all of them are shown and
    can be changed before the document is made."""

    def __init__(self, parent: QWidget | None, ui: Ui, kind: str, *,
                 today: dt.date | None = None) -> None:
        from ...docs_gen.kinds import kind as kind_of
        from ...docs_gen.workdays import workdays

        super().__init__(parent)
        self.ui = ui
        self.kind = kind
        self.document_kind = kind_of(kind)
        self.today = today or dt.date.today()
        self.calendar = workdays(ui.ctx.paths)
        self._touched: set[str] = set()
        self._filling = False
        self.setWindowTitle(self.document_kind.title)
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today.year)
        form.addRow("Год:", self.year)
        self.date = QDateEdit(_qdate(self.today))
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
        self.deadlines: dict[str, QDateEdit] = {}
        for key, label, _days in DEADLINES.get(kind, ()):
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.dateChanged.connect(lambda _d, k=key: self._touched.add(k) if not self._filling else None)
            self.deadlines[key] = edit
            form.addRow(f"{label}:", edit)
        if kind == "analytical-note":
            self._fill_slices()
            form.addRow("Процедура:", self.procedure)
            form.addRow("Класс:", self.grade)
            form.addRow("Предмет:", self.subject)
        self.year.valueChanged.connect(lambda _y: self._year_changed())
        self.date.dateChanged.connect(lambda _d: self._fill_deadlines())
        self._year_changed()
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

    def _year_changed(self) -> None:
        """A document about a past year is dated in it (its last working day)."""
        from ...docs_gen.contexts.common import default_date

        date = default_date(self.year.value(), self.today, self.calendar) or self.today
        self.date.setDate(_qdate(date))
        self._fill_deadlines()

    def _fill_deadlines(self) -> None:
        """Working days after the document's date; a deadline the user set is kept."""
        base = _pydate(self.date.date())
        self._filling = True
        try:
            for key, _label, days in DEADLINES.get(self.kind, ()):
                if key in self._touched:
                    continue
                value = self.calendar.next_working(base) if days == 0 else self.calendar.add(base, days)
                self.deadlines[key].setDate(_qdate(value))
        finally:
            self._filling = False

    def _hint(self) -> str:
        return {
            "order-partners": "Состав рабочей группы — специалисты управления и методисты; координатор и "
                              "пары школ — из разделов «Наставничество и кадры» и «Сетевое взаимодействие». "
                              "Сроки — в рабочих днях по производственному календарю.",
            "order-monitoring": "Школы — со статусом ШНОР или ШНСУ на выбранный год; ответственный — "
                                "муниципальный координатор.",
            "order-shnor-list": "Перечень и основания — из статусов ШНОР на выбранный год (реестр ОО).",
            "analytical-note": "Таблицы, диаграммы и динамика — по загруженным результатам школ района; "
                               "разделы, для которых данных нет, в справку не включаются.",
        }.get(self.kind, "")

    def _fill_slices(self) -> None:
        from ...analytics.frame import results_catalogue
        from ...models.enums import Procedure

        with self.ui.ctx.db.session() as s:
            latest, procedures, grades, subjects = results_catalogue(s)
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
        for key, edit in self.deadlines.items():
            options[key] = _pydate(edit.date()).isoformat()
        return DocParams(year=self.year.value(), options=options)

    def doc_date(self) -> dt.date:
        return _pydate(self.date.date())

    def start(self, parent: QWidget, *, open_after: bool = True) -> Any:
        """Generate with the chosen parameters (after the dialog was accepted)."""
        return generate_and_open(self.ui, self.kind, None, parent, params=self.params(),
                                 number=self.number.text().strip() or None, doc_date=self.doc_date(),
                                 open_after=open_after)


# --- a month of справки ----------------------------------------------------------------------------


class BatchVisitNotesDialog(QDialog):
    """Choose a month (and whether to save PDF too): справки for all its visits in the background."""

    def __init__(self, parent: QWidget | None, ui: Ui, *, today: dt.date | None = None) -> None:
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
        from ...tracking.visits import visits_of_month

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


def run_batch(ui: Ui, visit_ids: list[int], parent: QWidget, *, with_pdf: bool = False,
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
            made.append(_user_errors(partial(generate, ui.ctx.paths, ui.ctx.db, "visit-note",
                                             DocParams(record_id=visit_id))))
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
