"""«Программы и документы ОО»: the registry of school programmes with their files (kept in the
data folder, opened with the system's program) and the district's expert assessments."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...models import ExpertAssessment, SchoolProgramme
from ...models.risks import ExpertVerdict
from ...registry.queries import list_schools
from ...risks import attachments
from ...risks import programmes as svc
from ..confirm import ask
from ..errors import show_error
from ..file_dialogs import open_file
from ..table_models.records import Column, RecordTableModel
from ..widgets.crud import chosen_id, confirm_and_delete, open_form
from ..widgets.labels import bold, hint
from ..widgets.record_table import RecordTable
from ..work import read
from .common import fill_combo
from .dialogs import AssessmentDialog, ProgrammeDialog

if TYPE_CHECKING:
    from ...context import AppContext

log = logging.getLogger(__name__)


def _verdict_text(p: SchoolProgramme) -> str | None:
    last = svc.latest_assessment(p)
    if last is None:
        return None

    when = f" ({russian.date_short(last.date)})" if last.date else ""
    return svc.verdict_label(last.verdict) + when


class ProgrammesTab(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.attachments_dir = ctx.paths.attachments_dir

        self.school = QComboBox()
        self.school.setMinimumWidth(260)
        self.school.currentIndexChanged.connect(self._apply_filter)
        self.add_button = QPushButton("Добавить…")
        self.edit_button = QPushButton("Изменить…")
        self.delete_button = QPushButton("Удалить…")
        self.attach_button = QPushButton("Прикрепить файл…")
        self.open_button = QPushButton("Открыть файл")
        self.add_button.clicked.connect(self.add_programme)
        self.edit_button.clicked.connect(lambda: self.edit_programme())
        self.delete_button.clicked.connect(self.delete_programme)
        self.attach_button.clicked.connect(self.attach_dialog)
        self.open_button.clicked.connect(lambda: self.open_file())
        top = QHBoxLayout()
        top.addWidget(QLabel("Школа:"))
        top.addWidget(self.school, 1)
        for button in (self.add_button, self.edit_button, self.delete_button, self.attach_button,
                       self.open_button):
            top.addWidget(button)

        self.model = RecordTableModel([
            Column("ОО", lambda p: p.school.short_name, width=170),
            Column("Вид", lambda p: svc.kind_label(p.kind), width=180,
                   tooltip=lambda p: svc.kind_label(p.kind)),
            Column("Название", lambda p: p.title, width=260, tooltip=lambda p: p.title),
            Column("Срок с", lambda p: p.date_from, width=85),
            Column("по", lambda p: p.date_to, width=85),
            Column("Утверждён", lambda p: p.approved_on, width=85),
            Column("Кем утверждён", lambda p: p.approved_by or None, width=170,
                   tooltip=lambda p: p.approved_by),
            Column("Версия", lambda p: p.edition or None, width=60),
            Column("Файл", lambda p: p.original_name or None, width=170,
                   tooltip=lambda p: p.original_name),
            Column("Экспертиза", lambda p: _verdict_text(p)),
        ])
        self.table = RecordTable(self.model, export_name="Программы и документы ОО")
        self.table.view.setObjectName("programmes")
        self.table.activated.connect(lambda p: self.edit_programme(p.id))
        self.table.selection_changed.connect(self._show_assessments)
        for text, slot in (("Изменить…", lambda: self.edit_programme()),
                           ("Открыть файл", lambda: self.open_file()),
                           ("Удалить…", self.delete_programme)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.table.add_action(action)

        self.assessments_title = bold()
        self.add_review_button = QPushButton("Добавить заключение…")
        self.edit_review_button = QPushButton("Изменить…")
        self.delete_review_button = QPushButton("Удалить…")
        self.add_review_button.clicked.connect(self.add_assessment)
        self.edit_review_button.clicked.connect(lambda: self.edit_assessment())
        self.delete_review_button.clicked.connect(self.delete_assessment)
        bar = QHBoxLayout()
        bar.addWidget(self.assessments_title, 1)
        for button in (self.add_review_button, self.edit_review_button, self.delete_review_button):
            bar.addWidget(button)
        self.assessments_model = RecordTableModel([
            Column("Дата", lambda a: a.date, width=90),
            Column("Эксперт", lambda a: a.expert, width=320, tooltip=lambda a: a.expert),
            Column("Заключение", lambda a: svc.verdict_label(a.verdict), width=170),
            Column("Замечания", lambda a: a.remarks or None, tooltip=lambda a: a.remarks),
        ])
        self.assessments = RecordTable(self.assessments_model, export_name="Экспертные заключения")
        self.assessments.view.setObjectName("assessments")
        self.assessments.activated.connect(lambda a: self.edit_assessment(a.id))
        self.assessments.selection_changed.connect(self._update_buttons)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(hint("Файл программы хранится в папке данных программы (вложения) и "
                                    "открывается программой, назначенной в системе для его типа."))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(bar)
        lower_layout.addWidget(self.assessments, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.open_url = QDesktopServices.openUrl  # replaced in tests

    # --- data ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.current_programme()
        with read(self, self.db, "Программы ОО не загружены") as work:
            rows = svc.list_programmes(work.session)
        if work.failed:
            return
        schools = sorted({(p.school.short_name, p.school_id) for p in rows},
                         key=lambda s: s[0].casefold())
        fill_combo(self.school, [("все школы", None), *schools])
        self.model.set_rows(rows)
        self._apply_filter()
        if keep is None or not self.table.select_where(lambda p: p.id == keep.id):
            self._show_assessments()

    def _apply_filter(self) -> None:
        school = self.school.currentData()
        self.model.set_predicate(None if school is None else (lambda p: p.school_id == school))
        self._show_assessments()

    def current_programme(self) -> SchoolProgramme | None:
        return self.table.current_object()

    def current_assessment(self) -> ExpertAssessment | None:
        return self.assessments.current_object()

    def _show_assessments(self) -> None:
        p = self.current_programme()
        if p is None:
            self.assessments_title.setText("Экспертные заключения: выберите документ в таблице выше")
            self.assessments_model.set_rows([])
        else:
            self.assessments_title.setText(f"Экспертные заключения: {p.title}")
            self.assessments_model.set_rows(sorted(p.assessments, key=lambda a: (a.date is None, a.date)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        p = self.current_programme()
        self.edit_button.setEnabled(p is not None)
        self.delete_button.setEnabled(p is not None)
        self.attach_button.setEnabled(p is not None)
        self.open_button.setEnabled(p is not None and bool(p.file_path))
        self.add_review_button.setEnabled(p is not None)
        has_review = self.current_assessment() is not None
        self.edit_review_button.setEnabled(has_review)
        self.delete_review_button.setEnabled(has_review)

    def _after_save(self, programme_id: int | None) -> None:
        self.refresh()
        if programme_id is not None and not self.table.select_where(lambda p: p.id == programme_id):
            self.school.setCurrentIndex(0)
            self.table.select_where(lambda p: p.id == programme_id)
        self.changed.emit()

    # --- programmes ------------------------------------------------------------------------------

    def make_dialog(self, programme_id: int | None = None) -> ProgrammeDialog:
        with self.db.session() as session:
            schools = list_schools(session)
        return ProgrammeDialog(self, self.db, self.attachments_dir, schools, programme_id=programme_id,
                               school_id=self.school.currentData())

    def add_programme(self) -> None:
        open_form(self, self.make_dialog, "Документ не открыт",
                  lambda dialog: self._after_save(dialog.saved_id))

    def edit_programme(self, programme_id: int | None = None) -> None:
        programme_id = chosen_id(programme_id, self.current_programme())
        if programme_id is not None:
            open_form(self, lambda: self.make_dialog(programme_id), "Документ не открыт",
                      lambda dialog: self._after_save(dialog.saved_id), on_error=self.refresh)

    def delete_programme(self) -> None:
        p = self.current_programme()
        if p is None:
            return
        extra = f"\nЭкспертных заключений: {len(p.assessments)} — они тоже будут удалены." \
            if p.assessments else ""
        extra += "\nФайл документа будет удалён из папки данных." if p.file_path else ""
        question = f"Удалить «{p.title}» ({p.school.short_name})?{extra}"
        confirm_and_delete(
            self, "Удаление документа", lambda: question,
            lambda: svc.delete_with_file(self.db, self.attachments_dir, p.id, version=p.version),
            self._after_delete, error_title="Документ не удалён")

    def _after_delete(self) -> None:
        self.refresh()
        self.changed.emit()

    def attach_dialog(self) -> None:
        p = self.current_programme()
        if p is None:
            return
        name = open_file(self, "attachments", "Прикрепить файл", "Все файлы (*)")
        if name:
            self.attach(name)

    def attach(self, path: str) -> bool:
        p = self.current_programme()
        if p is None:
            return False
        if p.file_path and not ask(self, "Замена файла",
                                   f"К документу уже прикреплён файл «{p.original_name}». Заменить его?"):
            return False
        try:
            svc.attach_file(self.db, self.attachments_dir, p.id, path, version=p.version)
        except attachments.AttachmentError as exc:
            QMessageBox.warning(self, "Файл не прикреплён", str(exc))
            return False
        except Exception as exc:
            show_error(self, "Файл не прикреплён", exc)
            self.refresh()
            return False
        self._after_save(p.id)
        return True

    def open_file(self, programme_id: int | None = None) -> bool:
        if programme_id is None:
            p = self.current_programme()
            if p is None:
                return False
            programme_id = p.id
        try:
            path = svc.file_of(self.db, self.attachments_dir, programme_id)
        except attachments.AttachmentError as exc:
            QMessageBox.warning(self, "Файл не открыт", str(exc))
            return False
        except Exception as exc:
            show_error(self, "Файл не открыт", exc)
            return False
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, "Файл не открыт",
                                f"В системе нет программы для открытия файла:\n{path}")
            return False
        return True

    # --- expert assessments ----------------------------------------------------------------------

    def make_assessment_dialog(self, assessment_id: int | None = None) -> AssessmentDialog | None:
        p = self.current_programme()
        if p is None:
            return None
        return AssessmentDialog(self, self.db, p.id, assessment_id=assessment_id,
                                heading=f"{p.school.short_name}: {p.title}")

    def add_assessment(self) -> None:
        open_form(self, self.make_assessment_dialog, "Заключение не открыто",
                  lambda dialog: self._after_review(dialog.saved_id))

    def edit_assessment(self, assessment_id: int | None = None) -> None:
        assessment_id = chosen_id(assessment_id, self.current_assessment())
        if assessment_id is not None:
            open_form(self, lambda: self.make_assessment_dialog(assessment_id), "Заключение не открыто",
                      lambda dialog: self._after_review(dialog.saved_id), on_error=self.refresh)

    def _after_review(self, assessment_id: int | None) -> None:
        p = self.current_programme()
        self._after_save(p.id if p else None)
        if assessment_id is not None:
            self.assessments.select_where(lambda a: a.id == assessment_id)

    def delete_assessment(self) -> None:
        a = self.current_assessment()
        if a is None:
            return
        verdict = ExpertVerdict(a.verdict).label if a.verdict in set(ExpertVerdict) else a.verdict

        def delete() -> None:
            with self.db.transaction() as session:
                svc.delete_assessment(session, a.id, version=a.version)

        def after() -> None:
            p = self.current_programme()
            self._after_save(p.id if p else None)

        confirm_and_delete(self, "Удаление заключения", lambda: f"Удалить экспертное заключение «{verdict}»?",
                           delete, after, error_title="Заключение не удалено")
