"""Import of a results file: detect, confirm year/grade/subject, import in the background."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..errors import show_error
from ..widgets.progress import run_with_progress

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
    def __init__(self, path: Path, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Загрузка результатов")
        self.path = path
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
        self.all_municipalities = QCheckBox("Загрузить все муниципалитеты файла")
        self.create_missing = QCheckBox("Добавить в реестр школы, которых в нём нет")
        form = QFormLayout()
        form.addRow("Файл:", QLabel(path.name))
        from ...io.dispatch import kind_title

        form.addRow("Вид файла:", QLabel(kind_title(kind)))
        form.addRow("Год:", self.year)
        form.addRow("Класс:", self.grade)
        form.addRow("Предмет:", self.subject)
        form.addRow("", self.all_municipalities)
        form.addRow("", self.create_missing)
        note = QLabel("Проверьте год, класс и предмет: в протоколах 2020 и 2021 годов они берутся "
                      "из имени файла. Для протоколов 2022 года они читаются из самого файла.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Загрузить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def options(self) -> Any:
        from ...io.dispatch import ImportOptions

        options = ImportOptions(
            year=self.year.value() or None, grade=self.grade.value() or None,
            subject=self.subject.text().strip() or None,
            all_municipalities=self.all_municipalities.isChecked(),
        )
        if hasattr(options, "create_missing"):
            options.create_missing = self.create_missing.isChecked()
        return options


def start_results_import(ui: Any, parent: QWidget, on_done: Callable[[], None] | None = None,
                         path: Path | None = None) -> ResultsImportDialog | None:
    if path is None:
        name, _ = QFileDialog.getOpenFileName(parent, "Файл с результатами", "", FILE_FILTER)
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
    dialog = ResultsImportDialog(path, kind, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return dialog
    options = dialog.options()

    def work(progress: Any) -> Any:
        from ...io.dispatch import import_file

        return import_file(ui.ctx, path, options, progress=progress.report)

    def done(summary: Any) -> None:
        QMessageBox.information(parent, "Загрузка завершена", summary.text())
        if on_done:
            on_done()
        ui.window.refresh_all()

    run_with_progress(parent, ui.runner, f"Загрузка {path.name}…", work, done,
                      error_title="Файл не загружен")
    return dialog
