"""«Документы»: the journal of generated documents, making new ones, and the templates."""

# Imports inside functions: the documents layer (docxtpl, PDF conversion) loads when a document is
# made or previewed.

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...docs_gen.kinds import KIND_KEYS
from ..confirm import ask
from ..dialogs import generate_dialog as actions
from ..errors import UserError, show_error
from ..palette import INFO_TEXT, OVERDUE_TEXT
from ..table_models.records import Column, RecordTableModel
from ..widgets import labels
from ..widgets.record_table import RecordTable

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)

MISSING_FOREGROUND = OVERDUE_TEXT
EDITED_FOREGROUND = INFO_TEXT

# Titles and templates known without importing the builders (the page opens fast).
KIND_TITLES = {
    "agreement": ("Договор о взаимодействии и сотрудничестве", "agreement.docx"),
    "order-partners": ("Приказ о рабочей группе, координаторе и школах-партнёрах", "order_partners.docx"),
    "order-monitoring": ("Приказ о проведении мониторинга", "order_monitoring.docx"),
    "order-shnor-list": ("Приказ об утверждении перечня ШНОР", "order_shnor_list.docx"),
    "analytical-note": ("Аналитическая справка", "analytical_note.docx"),
    "visit-note": ("Справка по итогам методического выезда", "visit_note.docx"),
    "joint-plan": ("План совместной работы", "joint_plan.docx"),
}
CREATE_KINDS = ("order-partners", "order-monitoring", "order-shnor-list", "analytical-note")


@dataclass(frozen=True)
class JournalRow:
    id: int
    kind: str
    number: str
    date: dt.date
    title: str
    path: Path
    exists: bool

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, (self.kind, ""))[0]

    @property
    def is_order(self) -> bool:
        return self.kind.startswith("order-")


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    title: str
    file: str
    edited: bool
    path: Path



def _has_id(record_id: int, row: Any) -> bool:
    return bool(row.id == record_id)


class DocumentsPage(QWidget):
    def __init__(self, ui: Ui) -> None:
        super().__init__()
        self.ui = ui
        self.paths = ui.ctx.paths

        # --- the journal ---
        self.journal = RecordTableModel(self._journal_columns(), row_foreground=self._journal_foreground)
        self.journal_table = RecordTable(self.journal, export_name="Журнал документов")
        self.journal_table.view.setObjectName("journal")
        self.journal_table.view.setWordWrap(False)

        self.create_button = QPushButton()  # with a menu: Qt reserves room for the arrow
        self.create_button.setText("Создать документ")
        self.create_menu = QMenu(self)
        self.create_actions: dict[str, QAction] = {}
        for key in CREATE_KINDS:
            action = self.create_menu.addAction(KIND_TITLES[key][0] + "…")
            action.triggered.connect(lambda _=False, k=key: self.create_document(k))
            self.create_actions[key] = action
        self.create_menu.addSeparator()
        self.batch_action = self.create_menu.addAction("Справки по выездам за месяц…")
        self.batch_action.triggered.connect(self.batch_visit_notes)
        self.create_button.setMenu(self.create_menu)

        self.open_button = QPushButton("Открыть")
        self.folder_button = QPushButton("Показать в папке")
        self.print_button = QPushButton("Печать")
        self.regenerate_button = QPushButton("Сформировать заново")
        self.pdf_button = QPushButton("Сохранить в PDF")
        self.number_button = QPushButton("Изменить номер…")
        self.delete_button = QPushButton("Удалить из журнала…")
        self.open_button.clicked.connect(self.open_selected)
        self.folder_button.clicked.connect(self.show_selected_in_folder)
        self.print_button.clicked.connect(self.print_selected)
        self.regenerate_button.clicked.connect(self.regenerate_selected)
        self.pdf_button.clicked.connect(self.save_selected_as_pdf)
        self.number_button.clicked.connect(self.renumber_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.journal_buttons = (self.open_button, self.folder_button, self.print_button,
                                self.regenerate_button, self.pdf_button, self.number_button,
                                self.delete_button)

        title = QLabel("Журнал документов")
        title.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.create_button)
        actions_row = QHBoxLayout()
        for button in self.journal_buttons:
            actions_row.addWidget(button)
        actions_row.addStretch(1)
        for text, slot in (("Открыть", self.open_selected),
                           ("Показать в папке", self.show_selected_in_folder),
                           ("Печать", self.print_selected), ("Сформировать заново", self.regenerate_selected),
                           ("Сохранить в PDF", self.save_selected_as_pdf),
                           ("Изменить номер…", self.renumber_selected)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.journal_table.add_action(action)
        self.journal_table.activated.connect(lambda _row: self.open_selected())
        self.journal_table.selection_changed.connect(self._update_buttons)

        journal_box = QWidget()
        journal_layout = QVBoxLayout(journal_box)
        journal_layout.setContentsMargins(0, 0, 0, 0)
        journal_layout.addLayout(top)
        journal_layout.addWidget(self.journal_table, 1)
        journal_layout.addLayout(actions_row)
        hint = labels.hint(
            "Номер документа — по журналу, отдельно для каждого года (у приказов общая нумерация; "
            "номер приказа можно изменить на присвоенный при регистрации). Красным — документы, "
            "файл которых удалён или перемещён: сформируйте их заново.")
        journal_layout.addWidget(hint)

        # --- templates ---
        self.templates = RecordTableModel(self._template_columns(), row_foreground=self._template_foreground)
        self.templates_table = RecordTable(self.templates, export_name="Шаблоны документов")
        self.templates_table.view.setObjectName("templates")
        self.templates_table.selection_changed.connect(self._update_buttons)
        self.templates_table.activated.connect(lambda _row: self.edit_template())
        self.templates_folder_button = QPushButton("Открыть папку шаблонов")
        self.copy_template_button = QPushButton("Создать редактируемую копию")
        self.restore_template_button = QPushButton("Вернуть исходный")
        self.fields_button = QPushButton("Поля шаблона…")
        self.fields_button.setToolTip("Русские поля выбранного шаблона с примерами из ваших данных")
        self.fields_button.clicked.connect(self.show_template_fields)
        self.templates_folder_button.clicked.connect(self.open_templates_folder)
        self.copy_template_button.clicked.connect(self.edit_template)
        self.restore_template_button.clicked.connect(self.restore_template)
        template_buttons = QHBoxLayout()
        for button in (self.templates_folder_button, self.copy_template_button, self.restore_template_button,
                       self.fields_button):
            template_buttons.addWidget(button)
        template_buttons.addStretch(1)
        template_hint = labels.hint(
            "Шаблоны — обычные документы Word с полями в двойных фигурных скобках "
            "({{ … }}). Изменённая копия хранится в папке данных и используется вместо "
            "исходного шаблона; «Вернуть исходный» удаляет копию.")
        templates_box = QGroupBox("Шаблоны")
        templates_layout = QVBoxLayout(templates_box)
        templates_layout.addWidget(self.templates_table, 1)
        templates_layout.addLayout(template_buttons)
        templates_layout.addWidget(template_hint)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(journal_box)
        splitter.addWidget(templates_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([430, 330])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    # --- columns -------------------------------------------------------------------------------------

    def _journal_columns(self) -> list[Column]:
        return [
            Column("Дата", lambda r: r.date, width=90),
            Column("Вид", lambda r: r.kind_title, width=260),
            Column("№", lambda r: r.number, width=70),
            Column("Название", lambda r: r.title, width=420, tooltip=lambda r: r.title),
            Column("Файл", lambda r: r.path.name if r.exists else f"нет файла: {r.path.name}",
                   tooltip=lambda r: str(r.path)),
        ]

    def _template_columns(self) -> list[Column]:
        return [
            Column("Документ", lambda r: r.title, width=380),
            Column("Файл шаблона", lambda r: r.file, width=180),
            Column("Используется", lambda r: "копия пользователя (изменена)" if r.edited else "исходный",
                   tooltip=lambda r: str(r.path)),
        ]

    def _journal_foreground(self, row: JournalRow) -> QColor | None:
        return None if row.exists else MISSING_FOREGROUND

    def _template_foreground(self, row: TemplateRow) -> QColor | None:
        return EDITED_FOREGROUND if row.edited else None

    # --- data ----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        from ...docs_gen.journal import absolute_path, list_documents
        from ...docs_gen.rendering import has_user_copy, template_path

        selected = {r.id for r in self.journal_table.selected_objects()}
        with self.ui.ctx.db.session() as s:
            rows = []
            for d in list_documents(s):
                path = absolute_path(self.paths, d)
                rows.append(JournalRow(d.id, d.kind, d.number, d.doc_date, d.title, path, path.is_file()))
        self.journal.set_rows(rows)
        for row_id in selected:
            self.journal_table.select_where(partial(_has_id, row_id))
        templates = []
        for key in KIND_KEYS:
            title, file = KIND_TITLES[key]
            templates.append(TemplateRow(key, title, file, has_user_copy(self.paths, file),
                                         template_path(self.paths, file)))
        self.templates.set_rows(templates)
        self._update_buttons()

    def selected_documents(self) -> list[JournalRow]:
        return list(self.journal_table.selected_objects())

    def select_document(self, document_id: int) -> bool:
        return self.journal_table.select_where(lambda r: r.id == document_id)

    def _update_buttons(self) -> None:
        rows = self.selected_documents()
        one = len(rows) == 1
        for button in (self.open_button, self.folder_button, self.print_button):
            button.setEnabled(one and rows[0].exists)
        self.regenerate_button.setEnabled(bool(rows))
        self.pdf_button.setEnabled(bool(rows) and all(r.exists for r in rows))
        self.number_button.setEnabled(one and rows[0].is_order)
        self.delete_button.setEnabled(bool(rows))
        template = self.templates_table.current_object()
        self.copy_template_button.setEnabled(template is not None)
        self.restore_template_button.setEnabled(template is not None and template.edited)

    def _one(self) -> JournalRow | None:
        rows = self.selected_documents()
        return rows[0] if len(rows) == 1 else None

    # --- journal actions -----------------------------------------------------------------------------

    def _guard(self, title: str, fn: Any) -> Any:
        try:
            return fn()
        except Exception as exc:
            show_error(self, title, exc)
            return None

    def open_selected(self) -> None:
        row = self._one()
        if row is not None:
            self._guard("Документ не открыт", lambda: actions.open_path(row.path))

    def show_selected_in_folder(self) -> None:
        row = self._one()
        if row is not None:
            self._guard("Папка не открыта", lambda: actions.show_in_folder(row.path))

    def print_selected(self) -> None:
        row = self._one()
        if row is None:
            return
        try:
            actions.print_file(row.path)
        except Exception as exc:
            show_error(self, "Документ не напечатан", exc)
            return
        self.ui.window.statusBar().showMessage(f"Отправлено на печать: {row.path.name}", 10_000)

    def regenerate_selected(self) -> None:
        rows = self.selected_documents()
        if not rows:
            return
        from ..widgets.progress import run_with_progress

        ids = [r.id for r in rows]

        def work(progress: Any) -> list[Any]:
            from ...docs_gen.journal import regenerate

            done = []
            for index, document_id in enumerate(ids):
                progress.report(index, len(ids), f"Документ {index + 1} из {len(ids)}…")
                redo = partial(regenerate, self.paths, self.ui.ctx.db, document_id)
                done.append(actions._user_errors(redo))
            return done

        def finished(done: list[Any]) -> None:
            self.refresh()
            self.ui.window.statusBar().showMessage(f"Сформировано заново: {len(done)}", 10_000)

        run_with_progress(self, self.ui.runner, "Документы формируются заново…", work, on_done=finished,
                          error_title="Документ не сформирован")

    def save_selected_as_pdf(self) -> None:
        rows = [r for r in self.selected_documents() if r.exists]
        if not rows:
            return
        from ..widgets.progress import run_with_progress

        files = [r.path for r in rows]

        def work(progress: Any) -> list[Path]:
            from ...docs_gen.pdf import convert_to_pdf

            progress.report(0, 0, f"Сохранение в PDF ({len(files)})…")
            return list(actions._user_errors(lambda: convert_to_pdf(files)))

        def finished(pdfs: list[Path]) -> None:
            self.ui.window.statusBar().showMessage(f"Сохранено в PDF: {len(pdfs)} — {pdfs[0].parent}", 10_000)
            if len(pdfs) == 1:
                self._guard("PDF не открыт", lambda: actions.open_path(pdfs[0]))

        run_with_progress(self, self.ui.runner, "Сохранение в PDF…", work, on_done=finished,
                          error_title="PDF не сохранён")

    def renumber_selected(self) -> None:
        row = self._one()
        if row is None or not row.is_order:
            return
        number, ok = QInputDialog.getText(self, "Номер приказа",
                                          "Номер, присвоенный приказу при регистрации:", text=row.number)
        if not ok or not number.strip() or number.strip() == row.number:
            return
        from ...docs_gen.journal import renumber

        result = self._guard("Номер не изменён", lambda: actions._user_errors(
            lambda: renumber(self.paths, self.ui.ctx.db, row.id, number)))
        if result is not None:
            self.refresh()
            self.select_document(row.id)
            self.ui.window.statusBar().showMessage(f"Приказу присвоен № {result.number}; файл обновлён",
                                                   10_000)

    def delete_selected(self) -> None:
        rows = self.selected_documents()
        if not rows:
            return
        if not ask(self, "Удалить из журнала",
                   f"Удалить из журнала записей: {len(rows)}?\n\n"
                   "Файлы документов останутся в папке документов."):
            return
        from ...docs_gen.journal import delete_entry

        for row in rows:
            self._guard("Запись не удалена", lambda r=row: actions._user_errors(
                lambda: delete_entry(self.paths, self.ui.ctx.db, r.id)))
        self.refresh()

    # --- making documents ----------------------------------------------------------------------------

    def make_generate_dialog(self, kind: str) -> actions.GenerateDialog:
        return actions.GenerateDialog(self, self.ui, kind)

    def create_document(self, kind: str) -> None:
        dialog = self.make_generate_dialog(kind)
        if dialog.exec() == actions.GenerateDialog.DialogCode.Accepted:
            dialog.start(self)

    def make_batch_dialog(self) -> actions.BatchVisitNotesDialog:
        return actions.BatchVisitNotesDialog(self, self.ui)

    def batch_visit_notes(self) -> None:
        dialog = self.make_batch_dialog()
        if dialog.exec() == actions.BatchVisitNotesDialog.DialogCode.Accepted:
            dialog.start(self)

    # --- templates -----------------------------------------------------------------------------------

    def open_templates_folder(self) -> None:
        self.paths.templates_dir.mkdir(parents=True, exist_ok=True)
        self._guard("Папка не открыта", lambda: actions.open_path(self.paths.templates_dir))

    def edit_template(self) -> None:
        """Make (or keep) the user's copy of the chosen template and open it in Word."""
        row = self.templates_table.current_object()
        if row is None:
            return
        from ...docs_gen.rendering import make_user_copy

        copy = self._guard("Копия не создана", lambda: make_user_copy(self.paths, row.file))
        if copy is None:
            return
        self.refresh()
        self.templates_table.select_where(lambda r: r.kind == row.kind)
        self._guard("Шаблон не открыт", lambda: actions.open_path(copy))

    def make_fields_dialog(self) -> Any:
        """The «Поля шаблона» list of the chosen template (the first one when none is chosen)."""
        from ...docs_gen.journal import preview_fields
        from ..dialogs.template_fields import TemplateFieldsDialog

        row = self.templates_table.current_object()
        key = row.kind if row is not None else KIND_KEYS[0]
        title, _file = KIND_TITLES[key]
        fields = self._guard("Поля не показаны", lambda: preview_fields(self.paths, self.ui.ctx.db, key))
        return TemplateFieldsDialog(self, title, fields or [])

    def show_template_fields(self) -> None:
        self.make_fields_dialog().exec()

    def restore_template(self) -> None:
        row = self.templates_table.current_object()
        if row is None or not row.edited:
            return
        if not ask(self, "Вернуть исходный шаблон",
                   f"Удалить изменённую копию шаблона «{row.title}» и вернуть исходный?\n\nИзменения в копии "
                   "будут потеряны."):
            return
        from ...docs_gen.rendering import restore_original

        try:
            restore_original(self.paths, row.file)
        except OSError as exc:
            show_error(self, "Шаблон не восстановлен", UserError(
                f"Копия шаблона не удалена ({exc.strerror or exc}). Закройте её в Word и повторите."))
            return
        self.refresh()
        self.templates_table.select_where(lambda r: r.kind == row.kind)
