"""Import of a results file: detect, confirm year/grade/subject, import in the background."""

# Imports inside functions: the importers load when a file is read, not when the results page
# opens.

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..errors import show_error
from ..file_dialogs import open_file
from ..widgets.progress import run_with_progress

if TYPE_CHECKING:
    from ..page import Ui

FILE_FILTER = ("Таблицы (*.xlsx *.xls *.csv *.txt);;Книги Excel (*.xlsx *.xls);;"
               "Текст с разделителями (*.csv *.txt);;Все файлы (*)")
_NAME = re.compile(r"(?P<year>20\d\d).*?(?P<grade>\d{1,2})\s*кл[^_]*_(?P<subject>[^_.]+)", re.I)


def guess_from_name(path: Path) -> tuple[int | None, int | None, str | None]:
    """ВПР_2021_5кл_Математика.xlsx -> (2021, 5, 'Математика')."""
    match = _NAME.search(path.stem)
    if not match:
        year = re.search(r"20\d\d", path.stem)
        return (int(year.group()) if year else None, None, None)
    return int(match["year"]), int(match["grade"]), match["subject"].replace("_", " ").strip()


class ResultsImportDialog(QDialog):
    """Year, grade and subject of the file, and — for a ВПР protocol read in the background — how
    many of its schools are the district's, which are missing from the registry, and what the
    rows with errors are; «Загрузить» writes exactly what is shown."""

    def __init__(self, parent: QWidget | None, ui: Ui | None, path: Path, kind: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Загрузка результатов")
        self.path = path
        self.kind = kind
        self.ui = ui
        self.plan: Any = None
        self._protocol: Any = None
        self._generation = 0
        year, grade, subject = guess_from_name(path)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("не указан")
        self.year.setValue(year or 0)
        self.grade = QSpinBox()
        self.grade.setRange(0, 11)
        self.grade.setSpecialValueText("не указан")
        self.grade.setValue(grade or 0)
        self.subject = QLineEdit(subject or "")
        self.all_municipalities = QCheckBox("Загрузить весь регион (все муниципалитеты файла)")
        self.create_missing = QCheckBox("Добавить в реестр школы района, которых в нём нет")
        self.error_limit = QDoubleSpinBox()
        self.error_limit.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
        self.error_limit.setRange(0.0, 50.0)
        self.error_limit.setDecimals(1)
        self.error_limit.setSingleStep(0.5)
        self.error_limit.setSuffix(" %")
        self.error_limit.setValue(1.0)
        self.error_limit.setToolTip("Строки с баллами выше максимума и противоречивые повторы участников не "
                                    "учитываются. Если их больше этой доли загружаемых строк, файл не "
                                    "загружается вовсе: так выглядит не тот файл, а не опечатки.")
        form = QFormLayout()
        form.addRow("Файл:", QLabel(path.name))
        from ...io.dispatch import kind_title

        form.addRow("Вид файла:", QLabel(kind_title(kind)))
        form.addRow("Год:", self.year)
        form.addRow("Класс:", self.grade)
        form.addRow("Предмет:", self.subject)
        form.addRow("", self.all_municipalities)
        form.addRow("", self.create_missing)
        if kind.startswith("vpr"):
            form.addRow("Не загружать, если строк с ошибками больше:", self.error_limit)
        note = QLabel("Проверьте год, класс и предмет: в протоколах 2020 и 2021 годов они берутся "
                      "из имени файла. Для протоколов 2022 года они читаются из самого файла.")
        note.setWordWrap(True)
        self.scope = QLabel()
        self.scope.setObjectName("scope")
        self.scope.setWordWrap(True)
        self.scope.setTextFormat(Qt.TextFormat.PlainText)
        self.scope.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Загрузить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.scope)
        layout.addWidget(buttons)
        if ui is not None and kind.startswith("vpr"):
            self.all_municipalities.toggled.connect(lambda _: self.replan())
            self.create_missing.toggled.connect(lambda _: self.replan())
            self.error_limit.editingFinished.connect(lambda: self.replan())
            for box in (self.year, self.grade):
                box.valueChanged.connect(lambda _: self.replan(reread=True))
            self.subject.editingFinished.connect(lambda: self.replan(reread=True))
            self.replan(reread=True)

    def options(self) -> Any:
        from ...io.dispatch import ImportOptions

        return ImportOptions(
            year=self.year.value() or None, grade=self.grade.value() or None,
            subject=self.subject.text().strip() or None,
            all_municipalities=self.all_municipalities.isChecked(),
            create_missing=self.create_missing.isChecked(),
            max_error_share=self.error_limit.value() / 100 if self.kind.startswith("vpr") else None,
        )

    # --- the preview of a ВПР protocol ----------------------------------------------------------

    def replan(self, reread: bool = False) -> None:
        """Read (once) and plan the import in the background; the counts follow every choice."""
        from ...io.results_store import plan_vpr_import, read_protocol

        ui = self.ui
        assert ui is not None  # the preview runs only in the window (see __init__)
        self._generation += 1
        generation = self._generation
        self.plan = None
        self.ok_button.setEnabled(False)
        self.scope.setText("Чтение файла и подсчёт школ района…")
        self.scope.show()
        if reread:
            self._protocol = None
        options, db, path = self.options(), ui.ctx.db, self.path
        protocol = self._protocol

        def work(progress: Any) -> Any:
            parsed = protocol if protocol is not None else read_protocol(path, options)
            return parsed, plan_vpr_import(db, path, options, protocol=parsed)

        def done(result: Any) -> None:
            if generation != self._generation:
                return
            self._protocol, self.plan = result
            self.scope.setText(preview_text(self.plan))
            self.ok_button.setEnabled(bool(self.plan.aggregates))

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            from ..errors import user_message

            self.scope.setText("Файл не может быть загружен:\n" + user_message(exc))
            self.ok_button.setEnabled(False)

        ui.runner.start(work, on_done=done, on_error=failed)


def preview_text(plan: Any) -> str:
    """What «Загрузить» will write, in a methodist's words."""
    protocol = plan.protocol
    inside = len(plan.school_ids) + len(plan.missing)
    lines = [f"В файле {len(protocol.schools)} ОО. {plan.scope[:1].upper()}{plan.scope[1:]}."]
    lines.append(f"Будет загружено ОО: {len(plan.aggregates)}"
                 + (f" (из {inside} школ района)" if inside != len(plan.aggregates) else "")
                 + (f"; других муниципалитетов не загружается: {plan.out_of_scope}" if plan.out_of_scope
                    else "") + ".")
    if plan.missing and not plan.create_missing:
        lines.append(f"Школ района нет в реестре: {len(plan.missing)} — отметьте «Добавить в реестр…», "
                     "чтобы загрузить и их.")
    if plan.error_rows:
        lines.append(f"Строк с ошибками (не учитываются ни в одном показателе): {plan.error_rows}.")
    if not plan.has_marks:
        lines.append("Шкалы перевода нет: отметки появятся, когда шкала будет введена.")
    return "\n".join(lines)


def show_import_report(parent: QWidget | None, text: str) -> QMessageBox:
    """The report of a finished import; long reports scroll in «Подробнее»."""
    box = QMessageBox(QMessageBox.Icon.Information, "Загрузка завершена", "", parent=parent)
    head, _sep, rest = text.partition("\n\n")
    box.setText(head)
    if rest:
        box.setInformativeText(rest if len(rest) < 1500 else rest[:1500].rsplit("\n", 1)[0]
                               + "\n… полный отчёт — в «Показать подробности».")
        if len(rest) >= 1500:
            box.setDetailedText(rest)
    box.exec()
    return box


def start_results_import(ui: Ui, parent: QWidget, on_done: Callable[[], None] | None = None,
                         path: Path | None = None) -> ResultsImportDialog | None:
    if path is None:
        name = open_file(parent, "imports", "Файл с результатами", FILE_FILTER)
        if not name:
            return None
        path = Path(name)
    from ...io.dispatch import UnknownKind, detect_kind
    from ...io.problems import ImportRejected

    try:
        kind = detect_kind(path)
    except UnknownKind:
        kind = "table"  # read, but of unfamiliar headers: the person says which column is what
    except ImportRejected as exc:
        show_error(parent, "Файл не распознан", exc)
        return None
    if kind == "table":  # a table of results by school: the column-mapping step instead
        from .table_mapping import start_table_mapping

        start_table_mapping(ui, parent, path, on_done)
        return None
    dialog = ResultsImportDialog(parent, ui, path, kind)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return dialog
    options, plan = dialog.options(), dialog.plan

    def work(progress: Any) -> Any:
        if plan is not None:  # exactly what the preview showed
            from ...io.results_store import apply_vpr_plan

            return apply_vpr_plan(ui.ctx.db, plan, progress=progress.report)
        from ...io.dispatch import import_file

        return import_file(ui.ctx, path, options, progress=progress.report)

    def done(summary: Any) -> None:
        from ...io.import_report import methodist_report

        show_import_report(parent, methodist_report(summary))
        if on_done:
            on_done()
        ui.window.refresh_all()

    run_with_progress(parent, ui.runner, f"Загрузка {path.name}…", work, done,
                      error_title="Файл не загружен")
    return dialog
