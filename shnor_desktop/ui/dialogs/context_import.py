"""«Загрузить контекстные данные ФИС ОКО»: a file, its preview, the municipality, then one load.

The file is read in the background; the dialog shows what it holds (municipalities, how many
schools would be added or updated, the problems found) and loads it on «Загрузить», again in the
background with a progress bar. logins.xlsx is accepted too (it gives the 2021 form its
municipalities). All the rules live in :mod:`shnor_desktop.io.context_forms`,
:mod:`shnor_desktop.io.context_plan` and :mod:`shnor_desktop.io.logins`; this module only asks
and shows.
"""

# Imports inside functions: the importers load when the dialog reads a form, not when the
# registry page that offers it opens.

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..errors import UserError, show_error
from ..file_dialogs import open_file
from ..table_models.records import Column, RecordTableModel
from ..widgets.progress import run_with_progress
from ..widgets.record_table import RecordTable

if TYPE_CHECKING:
    from ...io.context_plan import ContextPlan, Municipality
    from ...io.logins import LoginsFile
    from ...io.problems import ImportSummary, Problem
    from ...store.database import Database
    from ..page import Ui
    from ..tasks import Progress, Task

log = logging.getLogger(__name__)

TITLE = "Загрузка контекстных данных ФИС ОКО"
CHOOSE = "choose"  # the placeholder of the municipality list: nothing chosen yet


@dataclass
class Preview:
    """What the background read found: a context form's plan or a logins list."""

    path: Path
    title: str
    plan: ContextPlan | None = None
    logins: LoginsFile | None = None

    @property
    def warnings(self) -> list[Problem]:
        if self.plan is not None:
            return self.plan.warnings
        return self.logins.warnings if self.logins is not None else []


def read_preview(db: Database, path: Path, progress: Progress | None = None) -> Preview:
    """Detect and read the file, and compare it with the database (changes nothing)."""
    from ...io.context_forms import parse_context_form
    from ...io.context_plan import plan_context_import
    from ...io.dispatch import ImportOptions, SourceFile, UnknownKind, detect_source
    from ...io.logins import parse_logins

    source = SourceFile(path)
    try:
        kind = detect_source(source)
    except UnknownKind as exc:  # the command-line hint about --mapping means nothing here
        raise exc.without_hint() from exc
    if progress is not None:
        progress.report(1, 3, "Проверка строк…")
    if kind.key == "logins":
        return Preview(path, kind.title, logins=parse_logins(path, sheets=source.sheets()))
    if kind.key.startswith("context"):
        form = parse_context_form(path, None, sheets=source.sheets())
        if progress is not None:
            progress.report(2, 3, "Сравнение с реестром…")
        plan = plan_context_import(db, form, ImportOptions(), suggest=True)
        return Preview(path, form.title, plan=plan)
    raise UserError(f"«{path.name}» — это {kind.title}. Здесь загружаются контекстные данные ОО "
                    "и список логинов (logins.xlsx); протоколы ВПР загружаются в разделе "
                    "«Результаты».")


def start_context_import(ui: Ui, parent: QWidget) -> None:
    """Ask for the file, read its preview in the background, then show the dialog."""
    name = open_file(parent, "imports", "Контекстные данные ФИС ОКО или список логинов",
                     "Книги Excel (*.xlsx *.xls)")
    if not name:
        return
    path = Path(name)

    def opened(preview: Preview) -> None:
        dialog = ContextImportDialog(parent, ui, preview)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    run_with_progress(parent, ui.runner, f"Чтение файла {path.name}…",
                      lambda progress: read_preview(ui.ctx.db, path, progress), opened,
                      error_title="Файл не загружен")


def _problem_columns() -> list[Column]:
    return [
        Column("Лист", lambda p: p.sheet, width=190),
        Column("Строка", lambda p: p.row, align_right=True, width=60),
        Column("Столбец", lambda p: p.column, width=190),
        Column("Замечание", lambda p: p.message, tooltip=lambda p: p.message),
    ]


class ContextImportDialog(QDialog):
    """The preview of one file and the «Загрузить» button."""

    def __init__(self, parent: QWidget | None, ui: Ui, preview: Preview) -> None:
        super().__init__(parent)
        self.setObjectName("contextImportDialog")
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(900, 600)
        self.ui = ui
        self.preview = preview
        self.plan = preview.plan
        self.summary: ImportSummary | None = None
        self._task: Task | None = None
        self._generation = 0

        form = QFormLayout()
        form.addRow("Файл:", QLabel(preview.path.name))
        form.addRow("Содержимое:", QLabel(preview.title))
        self.municipality = QComboBox()
        self.municipality.setMinimumWidth(420)
        if self.plan is not None:
            form.addRow("Муниципалитет:", self.municipality)
            self._fill_municipalities()
            self.municipality.currentIndexChanged.connect(self._replan)
        else:
            self.municipality.hide()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        self.counts.setStyleSheet("font-weight: bold")
        self.problems_title = QLabel()
        self.problems = RecordTableModel(_problem_columns())
        self.problems_table = RecordTable(self.problems, export_name="замечания к файлу")
        self.progress = QProgressBar()
        self.progress.hide()
        self.outcome = QLabel()
        self.outcome.setObjectName("result")
        self.outcome.setWordWrap(True)
        self.outcome.hide()

        self.buttons = QDialogButtonBox()
        self.load_button: QPushButton = self.buttons.addButton(
            "Загрузить", QDialogButtonBox.ButtonRole.AcceptRole)
        self.load_button.setDefault(True)
        self.close_button: QPushButton = self.buttons.addButton(
            "Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        self.load_button.clicked.connect(self.load)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.counts)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems_table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self._show_preview()
        if not self.problems.all_objects():
            self.resize(700, self.sizeHint().height())  # nothing to list: no empty space

    # --- preview ---------------------------------------------------------------------------

    def _fill_municipalities(self) -> None:
        from ...io.context_plan import WHOLE_FILE

        plan = self.plan
        assert plan is not None
        total = len(plan.form.records)
        self.municipality.blockSignals(True)
        if plan.choice.needs_choice:  # no district yet: the user names hers, nothing is preselected
            self.municipality.addItem("— выберите муниципалитет своего района —", CHOOSE)
        elif plan.choice.profile_missing and plan.municipalities:
            # the profile's municipality is not in this file: nothing is preselected, not another one
            self.municipality.addItem("— муниципалитета района в файле нет, выберите —", CHOOSE)
        self.municipality.addItem(f"{WHOLE_FILE}: весь регион, {total} ОО", None)
        for m in plan.municipalities:
            self.municipality.addItem(m.label, m)
        chosen = plan.choice.municipality
        index = next((i for i in range(self.municipality.count())
                      if self.municipality.itemData(i) == chosen), 0) if chosen else 0
        self.municipality.setCurrentIndex(index)
        self.municipality.setEnabled(bool(plan.municipalities))
        self.municipality.blockSignals(False)

    def selected_municipality(self) -> Municipality | None:
        data = self.municipality.currentData()
        return None if data == CHOOSE else data

    def _choice_pending(self) -> bool:
        return self.plan is not None and self.municipality.currentData() == CHOOSE

    def _show_preview(self) -> None:
        if self.plan is not None:
            plan = self.plan
            # the year is in the title, the rows of other municipalities in the counts
            notes = [line for line in plan.details()[1:] if "других муниципалитетов" not in line]
            if not plan.municipalities:
                notes.append("Чтобы выбрать свой муниципалитет, загрузите сначала logins.xlsx.")
            self.note.setText("\n".join(notes))
            parts = [f"Будет добавлено ОО: {plan.to_create}", f"обновлено: {plan.to_update}",
                     f"без изменений: {plan.unchanged}"]
            if plan.skipped:
                parts.append(f"строк пропущено: {plan.skipped}")
            if plan.outside:
                parts.append(f"в других муниципалитетах: {plan.outside}")
            self.counts.setText(" · ".join(parts))
            if plan.choice.needs_choice and self.municipality.currentData() == CHOOSE:
                self.counts.setText(f"В файле {len(plan.form.records)} ОО из {len(plan.municipalities)} "
                                    "муниципалитетов. Выберите свой: загрузятся только его школы, и он "
                                    "запишется в «Сведения о районе» для всех следующих загрузок и "
                                    "расчётов.")
            elif plan.choice.profile_missing and self.municipality.currentData() == CHOOSE:
                self.counts.setText(f"{plan.choice.note[:1].upper()}{plan.choice.note[1:]}. Выберите "
                                    "муниципалитет из списка или весь файл.")
            elif plan.choice.needs_choice and self.selected_municipality() is not None:
                self.note.setText(self.note.text() + "\nЭтот муниципалитет запишется в «Сведения о районе».")
            self.load_button.setEnabled(bool(plan.selected) and not self._choice_pending())
        elif self.preview.logins is not None:
            logins = self.preview.logins
            places = len(set(logins.municipalities.values()))
            self.note.setText("Список связывает логины ФИС ОКО с муниципалитетами: по нему школам "
                              "из формы 2021 года (где муниципалитета нет) он будет указан.")
            self.counts.setText(f"Логинов: {len(logins.municipalities)} · муниципалитетов: "
                                f"{places}" + (f" · строк пропущено: {logins.skipped}"
                                               if logins.skipped else ""))
        warnings = self.plan.warnings if self.plan is not None else self.preview.warnings
        if warnings:
            self.problems_title.setText(
                f"Замечания ({len(warnings)}). Строки с ошибками пропускаются, неверные значения "
                "не загружаются, всё остальное загрузится.")
        else:
            self.problems_title.setText("Замечаний к файлу нет.")
        self.problems.set_rows(warnings)
        self.problems_table.setVisible(bool(warnings))

    def _replan(self) -> None:
        from ...io.context_plan import plan_context_import
        from ...io.dispatch import ImportOptions

        assert self.plan is not None
        if self.municipality.currentData() == CHOOSE:
            self._show_preview()
            return
        chosen = self.selected_municipality()
        options = (ImportOptions(all_municipalities=True) if chosen is None
                   else ImportOptions(municipality=chosen.code or chosen.name))
        form = self.plan.form
        db = self.ui.ctx.db
        self._generation += 1
        generation = self._generation
        self.load_button.setEnabled(False)
        self.counts.setText("Подсчёт…")

        needs_choice = self.plan.choice.needs_choice
        profile_missing = self.plan.choice.profile_missing

        def done(plan: ContextPlan) -> None:
            if generation == self._generation:
                plan.choice.needs_choice = needs_choice  # the placeholder stays in the list
                plan.choice.profile_missing = profile_missing
                self.plan = plan
                self._show_preview()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                show_error(self, "Не удалось подсчитать", exc)

        self.ui.runner.start(lambda _p: plan_context_import(db, form, options),
                             on_done=done, on_error=failed)

    # --- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        if self._task is not None:
            return
        db = self.ui.ctx.db
        if self.plan is not None:
            plan = self.plan
            total = len(plan.selected)

            def work(progress: Progress) -> ImportSummary:
                from ...io.context_plan import apply_context_plan

                return apply_context_plan(db, plan, progress.report)
        else:
            logins = self.preview.logins
            assert logins is not None
            total = len(logins.municipalities)

            def work(progress: Progress) -> ImportSummary:
                from ...io.logins import apply_logins

                return apply_logins(db, logins, progress.report)

        self.municipality.setEnabled(False)
        self.load_button.setEnabled(False)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.progress.show()
        self._task = self.ui.runner.start(work, on_done=self._loaded, on_error=self._failed,
                                          on_progress=self._progress,
                                          on_cancel=self._cancelled)

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        if text:
            self.progress.setFormat(f"{text} — %p %")

    def _loaded(self, summary: ImportSummary) -> None:
        self._task = None
        self.summary = summary
        self.progress.hide()
        self.load_button.hide()
        self.close_button.setText("Закрыть")
        self.outcome.setText(
            f"Загрузка завершена: добавлено {summary.created}, обновлено "
            f"{summary.updated}, без изменений {summary.unchanged}"
            + (f", пропущено строк {summary.skipped}" if summary.skipped else "") + ".")
        self.outcome.show()
        window = getattr(self.ui, "window", None)
        if window is not None:
            window.refresh_all()
            window.statusBar().showMessage(
                f"{self.preview.path.name}: добавлено {summary.created}, "
                f"обновлено {summary.updated}", 10_000)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.progress.hide()
        self.load_button.setEnabled(True)
        self.municipality.setEnabled(self.plan is not None and bool(self.plan.municipalities))
        show_error(self, "Файл не загружен", exc)

    def _cancelled(self) -> None:
        self._task = None
        self.progress.hide()
        self.outcome.setText("Загрузка отменена, база не изменена.")
        self.outcome.show()
        self.load_button.setEnabled(True)
        self.municipality.setEnabled(self.plan is not None and bool(self.plan.municipalities))

    # --- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        if self._task is not None:
            self._task.cancel()  # the transaction is rolled back; the dialog stays to say so
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._task is not None:
            self._task.cancel()
            event.ignore()
            return
        super().closeEvent(event)
