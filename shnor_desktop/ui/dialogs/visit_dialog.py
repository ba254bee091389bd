"""The methodical visit dialog: the visit, its commission, observed lessons, findings,
recommendations, and the check of earlier recommendations left at the same school."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...models import School
from ...models.enums import VisitState
from ...store.database import Database
from ...tracking import date_sense
from ...tracking import visits as svc
from ...tracking.mentoring import PersonChoice, person_picks
from ...validation import ValidationError
from ..palette import OVERDUE_TEXT
from ..table_models.records import Column, RecordTableModel
from ..widgets import labels
from ..widgets.forms import DateField, FormDialog, combo_id, enum_combo, school_combo, select_data
from ..widgets.record_table import RecordTable

log = logging.getLogger(__name__)

OVERDUE = OVERDUE_TEXT
TAB_VISIT, TAB_MEMBERS, TAB_LESSONS, TAB_FINDINGS, TAB_RECOMMENDATIONS, TAB_FOLLOW_UP = range(6)
FOLLOW_UP_TITLE = "Контроль предыдущих рекомендаций"


def _text_box(height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    return box


# --- people ------------------------------------------------------------------------------------


class PersonPicker(QComboBox):
    """Pick a person of the list (their name, with position and school shown) or type any name."""

    def __init__(self, people: list[PersonChoice], placeholder: str) -> None:
        super().__init__()
        self.people = {p.id: p for p in people}
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        for p in people:
            self.addItem(p.label, p.id)
        edit = self.lineEdit()
        assert edit is not None  # made editable above
        edit.setPlaceholderText(placeholder)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setMinimumWidth(360)

    def chosen(self) -> PersonChoice | None:
        index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        person_id = self.itemData(index) if index > 0 else None
        return self.people.get(person_id) if person_id is not None else None

    def name(self) -> str:
        person = self.chosen()
        return person.name if person else self.currentText().strip()

    def set_value(self, person_id: int | None, name: str) -> None:
        if person_id is not None and person_id in self.people:
            self.setCurrentIndex(self.findData(person_id))
        else:
            self.setCurrentIndex(0)
            self.setEditText(name)


# --- row dialogs -------------------------------------------------------------------------------


class MemberDialog(FormDialog):
    def __init__(self, parent: QWidget | None, people: list[PersonChoice],
                 row: svc.MemberData | None) -> None:
        super().__init__(parent, "Член комиссии")
        self.result_row: svc.MemberData | None = None
        self._id = row.id if row else None
        self.person = PersonPicker(people, "Выберите из списка людей или введите ФИО")
        self.position = QLineEdit()
        form = QFormLayout()
        self.add_row(form, "name", "ФИО", self.person)
        self.add_row(form, "position", "Должность", self.position)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        if row:
            self.person.set_value(row.person_id, row.name)
            self.position.setText(row.position)
        self.person.currentIndexChanged.connect(self._fill_position)
        self.resize(560, self.sizeHint().height())

    def _fill_position(self) -> None:
        person = self.person.chosen()
        if person and person.position and not self.position.text().strip():
            self.position.setText(person.position)

    def save(self) -> None:
        name = self.person.name()
        if not name:
            raise ValidationError({"name": "Укажите ФИО члена комиссии."})
        person = self.person.chosen()
        self.result_row = svc.MemberData(name, self.position.text().strip(),
                                         person.id if person else None, self._id)


class LessonDialog(FormDialog):
    def __init__(self, parent: QWidget | None, people: list[PersonChoice],
                 row: svc.LessonData | None) -> None:
        super().__init__(parent, "Посещённый урок")
        self.result_row: svc.LessonData | None = None
        self._id = row.id if row else None
        self.teacher = PersonPicker(people, "Выберите учителя из списка или введите ФИО")
        self.class_name = QLineEdit()
        self.class_name.setMaxLength(20)
        self.class_name.setPlaceholderText("например, 5Б")
        self.subject = QLineEdit()
        self.topic = QLineEdit()
        self.remarks = _text_box(100)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "teacher_name", "Учитель", self.teacher)
        self.add_row(form, "class_name", "Класс", self.class_name)
        self.add_row(form, "subject", "Предмет", self.subject)
        self.add_row(form, "topic", "Тема урока", self.topic)
        self.add_row(form, "remarks", "Замечания", self.remarks)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        if row:
            self.teacher.set_value(row.teacher_person_id, row.teacher_name)
            self.class_name.setText(row.class_name)
            self.subject.setText(row.subject)
            self.topic.setText(row.topic)
            self.remarks.setPlainText(row.remarks)
        self.resize(600, self.sizeHint().height())

    def save(self) -> None:
        name = self.teacher.name()
        if not name:
            raise ValidationError({"teacher_name": "Укажите учителя, чей урок посещён."})
        person = self.teacher.chosen()
        self.result_row = svc.LessonData(name, self.class_name.text().strip(),
                                         self.subject.text().strip(), self.topic.text().strip(),
                                         self.remarks.toPlainText().strip(),
                                         person.id if person else None, self._id)


class RecommendationDialog(FormDialog):
    def __init__(self, parent: QWidget | None, row: svc.RecommendationData | None,
                 today: dt.date) -> None:
        super().__init__(parent, "Рекомендация")
        self.result_row: svc.RecommendationData | None = None
        self._id = row.id if row else None
        self._today = today
        self.text = _text_box(80)
        self.addressee = QLineEdit()
        self.addressee.setPlaceholderText("например, учителям математики")
        self.responsible = QLineEdit()
        self.deadline = DateField()
        self.done_box = QCheckBox("выполнено")
        self.done_on = DateField()
        self.check_note = QLineEdit()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "text", "Рекомендация", self.text)
        self.add_row(form, "addressee", "Кому", self.addressee)
        self.add_row(form, "responsible", "Ответственный", self.responsible)
        self.add_row(form, "deadline", "Срок выполнения", self.deadline)
        self.add_row(form, "done", "Выполнение", self.done_box)
        self.add_row(form, "done_on", "Дата выполнения", self.done_on)
        self.add_row(form, "check_note", "Примечание", self.check_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        if row:
            self.text.setPlainText(row.text)
            self.addressee.setText(row.addressee)
            self.responsible.setText(row.responsible)
            self.deadline.set_date(row.deadline)
            self.done_box.setChecked(row.done)
            self.done_on.set_date(row.done_on)
            self.check_note.setText(row.check_note)
        self.done_box.toggled.connect(self._done_toggled)
        self._done_toggled(self.done_box.isChecked())
        self.resize(600, self.sizeHint().height())

    def _done_toggled(self, done: bool) -> None:
        self.done_on.setEnabled(done)
        if done and not self.done_on.text():
            self.done_on.set_date(self._today)

    def save(self) -> None:
        deadline = self.read_date("deadline", "Срок выполнения")
        done_on = self.read_date("done_on", "Дата выполнения")
        text = self.text.toPlainText().strip()

        def check() -> None:
            if not text:
                raise ValidationError({"text": "Введите текст рекомендации."})

        self.raise_errors(check)
        done = self.done_box.isChecked()
        self.result_row = svc.RecommendationData(
            text, self.addressee.text().strip(), self.responsible.text().strip(), deadline, done,
            done_on if done else None, self.check_note.text().strip(), self._id)


# --- list tabs ---------------------------------------------------------------------------------


class RowsTab(QWidget):
    """A list of rows shown in a RecordTable, edited one row at a time in a small dialog."""

    def __init__(self, columns: list[Column], editor: Callable[[Any | None], Any | None], *,
                 noun: str, export_name: str, hint: str = "",
                 row_foreground: Callable[[Any], QColor | None] | None = None) -> None:
        super().__init__()
        self.editor = editor
        self.rows: list[Any] = []
        self.model = RecordTableModel(columns, row_foreground=row_foreground)
        self.table = RecordTable(self.model, export_name=export_name)
        self.add_button = QPushButton(f"Добавить {noun}…")
        self.edit_button = QPushButton("Изменить…")
        self.remove_button = QPushButton("Удалить")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(self.remove)
        self.table.activated.connect(lambda _row: self.edit())
        self.table.selection_changed.connect(self._update_buttons)
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        if hint:
            layout.addWidget(labels.hint(hint))
        self._update_buttons()

    def set_rows(self, rows: list[Any]) -> None:
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        self._update_buttons()

    def add(self) -> None:
        row = self.editor(None)
        if row is not None:
            self.set_rows([*self.rows, row])
            self.table.select_where(lambda r: r is row)

    def edit(self) -> None:
        current = self.table.current_object()
        if current is None:
            return
        row = self.editor(current)
        if row is not None:
            self.set_rows([row if r is current else r for r in self.rows])
            self.table.select_where(lambda r: r is row)

    def remove(self) -> None:
        chosen = self.table.selected_objects()
        if chosen:
            self.set_rows([r for r in self.rows if all(r is not c for c in chosen)])

    def _update_buttons(self) -> None:
        has = self.table.current_object() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)


@dataclass
class FollowUpRow:
    recommendation_id: int
    visit_date: dt.date
    text: str
    addressee: str
    responsible: str
    deadline: dt.date | None
    done: bool
    note: str


class FollowUpTableModel(RecordTableModel):
    """Earlier recommendations: «Выполнено» is a checkbox and «Примечание» is typed in the cell."""

    DONE_COLUMN = 5
    NOTE_COLUMN = 6

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.DONE_COLUMN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == self.NOTE_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.DONE_COLUMN:
            row: FollowUpRow = self.row_object(index.row())
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.done else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "выполнено" if row.done else "не выполнено"
        if (index.isValid() and index.column() == self.NOTE_COLUMN
                and role == Qt.ItemDataRole.EditRole):
            return self.row_object(index.row()).note
        return super().data(index, role)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row: FollowUpRow = self.row_object(index.row())
        if index.column() == self.DONE_COLUMN and role == Qt.ItemDataRole.CheckStateRole:
            row.done = Qt.CheckState(value) == Qt.CheckState.Checked
        elif index.column() == self.NOTE_COLUMN and role == Qt.ItemDataRole.EditRole:
            row.note = str(value or "").strip()
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        return True


# --- the dialog --------------------------------------------------------------------------------


class VisitDialog(FormDialog):
    """Create (``visit_id=None``) or edit a visit; everything is saved in one transaction."""

    error_title = "Выезд не сохранён"

    def __init__(self, parent: QWidget | None, db: Database, schools: list[School], *,
                 visit_id: int | None = None, school_id: int | None = None,
                 today: Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent, "Методический выезд" if visit_id is None
                         else "Методический выезд — изменение")
        self.db = db
        self.visit_id = visit_id
        self.today = today or dt.date.today
        self.saved_id: int | None = None
        self._version: int | None = None
        with db.session() as session:
            self.people = person_picks(session)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._visit_tab(schools), "Выезд")
        self.members = RowsTab(
            [Column("ФИО", lambda m: m.name, width=300), Column("Должность", lambda m: m.position)],
            self._edit_member, noun="члена комиссии", export_name="Состав комиссии",
            hint="Людей из списка (раздел наставничества) можно выбрать; любого другого — вписать.")
        self.tabs.addTab(self.members, "Состав комиссии")
        self.lessons = RowsTab(
            [Column("Учитель", lambda x: x.teacher_name, width=220),
             Column("Класс", lambda x: x.class_name, width=60),
             Column("Предмет", lambda x: x.subject, width=140),
             Column("Тема урока", lambda x: x.topic, width=220),
             Column("Замечания", lambda x: x.remarks, tooltip=lambda x: x.remarks)],
            self._edit_lesson, noun="урок", export_name="Посещённые уроки")
        self.tabs.addTab(self.lessons, "Посещённые уроки")
        self.findings = _text_box(200)
        findings_tab = QWidget()
        findings_layout = QVBoxLayout(findings_tab)
        findings_layout.addWidget(QLabel("Выводы по итогам выезда (войдут в справку):"))
        findings_layout.addWidget(self.findings)
        self.widgets["findings"] = self.findings
        self.tabs.addTab(findings_tab, "Выводы")
        self.recommendations = RowsTab(
            [Column("Рекомендация", lambda r: r.text, width=250, tooltip=lambda r: r.text),
             Column("Кому", lambda r: r.addressee, width=120),
             Column("Ответственный", lambda r: r.responsible, width=120),
             Column("Срок", lambda r: r.deadline, width=85),
             Column("Выполнено", lambda r: r.done, width=80),
             Column("Дата выполнения", lambda r: r.done_on, width=115),
             Column("Примечание", lambda r: r.check_note)],
            self._edit_recommendation, noun="рекомендацию", export_name="Рекомендации",
            hint="Красным — невыполненные рекомендации, срок которых прошёл.",
            row_foreground=lambda r: OVERDUE if svc.is_overdue(r, self.today()) else None)
        self.tabs.addTab(self.recommendations, "Рекомендации")
        self.tabs.addTab(self._follow_up_tab(), FOLLOW_UP_TITLE)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        self.footer(layout)
        self.resize(980, 640)

        if visit_id is not None:
            self._load(visit_id)
        elif school_id is not None:
            select_data(self.school, school_id)
        self.school.currentTextChanged.connect(lambda _t: self.reload_follow_ups())
        self.date.edit.textChanged.connect(lambda _t: self.reload_follow_ups())
        self.reload_follow_ups()

    # --- tabs -----------------------------------------------------------------------------------

    def _visit_tab(self, schools: list[School]) -> QWidget:
        self.school = school_combo(schools, "Начните вводить название школы")
        self.date = DateField()
        self.date_end = DateField()
        self.basis = QLineEdit()
        self.basis.setPlaceholderText("например, план методических выездов на 2026 год, приказ УО")
        self.purpose = _text_box(60)
        self.questions = _text_box(80)
        self.state = enum_combo([(s.value, s.label) for s in VisitState])
        self.acquainted = QLineEdit()
        self.acquainted.setPlaceholderText("ФИО руководителя школы")
        tab = QWidget()
        form = QFormLayout(tab)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "school_id", "Школа", self.school)
        self.add_row(form, "date", "Дата выезда", self.date)
        self.add_row(form, "date_end", "Окончание", self.date_end,
                     "Только если выезд длится несколько дней.")
        self.add_row(form, "basis", "Основание", self.basis)
        self.add_row(form, "purpose", "Цель", self.purpose)
        self.add_row(form, "questions", "Изучаемые вопросы", self.questions)
        self.add_row(form, "state", "Состояние", self.state)
        self.add_row(form, "acquainted", "Со справкой ознакомлен(а)", self.acquainted)
        return tab

    def _follow_up_tab(self) -> QWidget:
        self.follow_up_note = labels.hint("")
        self.follow_up_model = FollowUpTableModel(
            [Column("Выезд", lambda r: r.visit_date, width=85),
             Column("Рекомендация", lambda r: r.text, width=260, tooltip=lambda r: r.text),
             Column("Кому", lambda r: r.addressee, width=120),
             Column("Ответственный", lambda r: r.responsible, width=120),
             Column("Срок", lambda r: r.deadline, width=85),
             Column("Выполнено", lambda r: r.done, width=120),
             Column("Примечание", lambda r: r.note)],
            row_foreground=lambda r: OVERDUE if svc.is_overdue(r, self.today()) else None)
        self.follow_up_table = RecordTable(self.follow_up_model, export_name="Контроль рекомендаций")
        self.follow_up_table.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.follow_up_note)
        layout.addWidget(self.follow_up_table, 1)
        layout.addWidget(labels.hint("Отметьте «выполнено» у выполненных рекомендаций; примечание вводится "
                               "двойным щелчком по ячейке. Отметки сохраняются в рекомендациях "
                               "прежних выездов вместе с этим выездом. Красным — просроченные."))
        self._follow_ups: dict[int, FollowUpRow] = {}
        return tab

    # --- row editors ------------------------------------------------------------------------------

    def _edit_member(self, row: svc.MemberData | None) -> svc.MemberData | None:
        dialog = MemberDialog(self, self.people, row)
        return dialog.result_row if dialog.exec() else None

    def _edit_lesson(self, row: svc.LessonData | None) -> svc.LessonData | None:
        dialog = LessonDialog(self, self.people, row)
        return dialog.result_row if dialog.exec() else None

    def _edit_recommendation(self, row: svc.RecommendationData | None) -> svc.RecommendationData | None:
        dialog = RecommendationDialog(self, row, self.today())
        return dialog.result_row if dialog.exec() else None

    # --- data -------------------------------------------------------------------------------------

    def _load(self, visit_id: int) -> None:
        with self.db.session() as session:
            v = svc.get_visit(session, visit_id)
            self._version = v.version
            select_data(self.school, v.school_id)
            self.date.set_date(v.date)
            self.date_end.set_date(v.date_end)
            self.basis.setText(v.basis or "")
            self.purpose.setPlainText(v.purpose or "")
            self.questions.setPlainText(v.questions or "")
            select_data(self.state, v.state)
            self.acquainted.setText(v.acquainted or "")
            self.findings.setPlainText(v.findings or "")
            self.members.set_rows([svc.MemberData.of(m) for m in v.members])
            self.lessons.set_rows([svc.LessonData.of(x) for x in v.lessons])
            self.recommendations.set_rows([svc.RecommendationData.of(r) for r in v.recommendations])
            self._loaded_recommendations = list(self.recommendations.rows)

    def _visit_date(self) -> dt.date | None:
        try:
            return russian.parse_date(self.date.text())
        except ValueError:
            return None

    def reload_follow_ups(self) -> None:
        """List the earlier open recommendations of the chosen school, keeping marks already made."""
        school_id, date = combo_id(self.school), self._visit_date()
        rows: list[FollowUpRow] = []
        if school_id is None or date is None:
            self.follow_up_note.setText("Выберите школу и укажите дату выезда на вкладке «Выезд»: "
                                        "здесь появятся невыполненные рекомендации прежних выездов.")
        else:
            with self.db.session() as session:
                recs = svc.open_recommendations_before(session, school_id, date,
                                                       exclude_visit_id=self.visit_id)
                for r in recs:
                    kept = self._follow_ups.get(r.id)
                    rows.append(kept or FollowUpRow(r.id, r.visit.date, r.text, r.addressee or "",
                                                    r.responsible or "", r.deadline, r.done,
                                                    r.check_note or ""))
            self.follow_up_note.setText(
                f"Рекомендации прежних выездов в эту школу, не выполненные на {russian.date_short(date)}: "
                f"{len(rows)}." if rows else
                "Невыполненных рекомендаций прежних выездов в эту школу нет.")
        self._follow_ups = {r.recommendation_id: r for r in rows}
        self.follow_up_model.set_rows(rows)
        title = f"{FOLLOW_UP_TITLE} ({len(rows)})" if rows else FOLLOW_UP_TITLE
        self.tabs.setTabText(TAB_FOLLOW_UP, title)

    def follow_up_rows(self) -> list[FollowUpRow]:
        return self.follow_up_model.all_objects()

    def extra_form_state(self) -> object:
        """The rows of the list tabs and the marks on earlier recommendations."""
        return (list(self.members.rows), list(self.lessons.rows), list(self.recommendations.rows),
                [(r.recommendation_id, r.done, r.note) for r in self.follow_up_rows()])

    def date_warnings(self, form: svc.VisitForm) -> list[str]:
        """Dates that look like a slip: a past visit still planned, a recommendation added or
        changed here whose deadline has already passed. A visit recorded as held is history
        typed in afterwards: its overdue recommendations are shown in red, not asked about."""
        today = self.today()
        visit = form.visit
        found = date_sense.visit_warnings(visit.date, visit.date_end, visit.state, today)
        if visit.state == VisitState.DONE.value:
            return found
        loaded = getattr(self, "_loaded_recommendations", [])
        for number, row in enumerate(form.recommendations, 1):
            if row in loaded:
                continue
            found += date_sense.recommendation_warnings(row.deadline, row.done, today,
                                                        visit_date=visit.date,
                                                        what=f"Рекомендация {number}")
        return found

    def form(self) -> svc.VisitForm:
        visit = svc.VisitData(
            school_id=combo_id(self.school),
            date=self.read_date("date", "Дата выезда"),
            date_end=self.read_date("date_end", "Окончание выезда"),
            basis=self.basis.text(),
            purpose=self.purpose.toPlainText(),
            questions=self.questions.toPlainText(),
            findings=self.findings.toPlainText(),
            state=self.state.currentData(),
            acquainted=self.acquainted.text(),
        )
        return svc.VisitForm(
            visit, list(self.members.rows), list(self.lessons.rows), list(self.recommendations.rows),
            [svc.FollowUp(r.recommendation_id, r.done, r.note) for r in self.follow_up_rows()],
        )

    def save(self) -> None:
        form = self.form()
        with self.db.session() as session:
            self.raise_errors(lambda: svc.validate_visit(session, form, visit_id=self.visit_id,
                                                         today=self.today()))
        self.confirm_warnings(self.date_warnings(form))
        with self.db.transaction() as session:
            visit = svc.save_visit(session, form, visit_id=self.visit_id, version=self._version,
                                   today=self.today())
            self.saved_id = visit.id

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors)
        first = next(iter(errors), "")
        tab = {"members": TAB_MEMBERS, "lessons": TAB_LESSONS, "findings": TAB_FINDINGS,
               "recommendations": TAB_RECOMMENDATIONS, "follow_ups": TAB_FOLLOW_UP
               }.get(first.split(".")[0], TAB_VISIT)
        self.tabs.setCurrentIndex(tab)
