"""A course of повышение квалификации taken by a person."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from ... import russian
from ...models import Course
from ...store.database import Database
from ...tracking import mentoring as svc
from ...validation import ValidationError
from ..widgets.forms import (
    DateField,
    FormDialog,
    choice_combo,
    combo_id,
    ensure_choice,
    read_number,
    select_data,
)


class CourseDialog(FormDialog):
    error_title = "Курс не сохранён"

    def __init__(self, parent: QWidget | None, db: Database, *, course_id: int | None = None,
                 person_id: int | None = None) -> None:
        super().__init__(parent, "Курс повышения квалификации")
        self.db = db
        self.course_id = course_id
        self.saved_id: int | None = None
        self._version: int | None = None
        with db.session() as session:
            people = svc.person_choices(session)
        self.person = choice_combo(people, "Начните вводить фамилию")
        self.title = QLineEdit()
        self.hours = QLineEdit()
        self.hours.setFixedWidth(100)
        self.date_from = DateField()
        self.date_to = DateField()
        self.provider = QLineEdit()
        self.provider.setPlaceholderText("ИРО, ЦНППМ, Академия Минпросвещения…")
        self.certificate = QLineEdit()
        self.certificate.setPlaceholderText("номер удостоверения")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "person_id", "Кто прошёл", self.person)
        self.add_row(form, "title", "Название курса", self.title)
        self.add_row(form, "hours", "Объём, часов", self.hours)
        self.add_row(form, "date_from", "Начало", self.date_from)
        self.add_row(form, "date_to", "Окончание", self.date_to)
        self.add_row(form, "provider", "Кто проводил", self.provider)
        self.add_row(form, "certificate", "Удостоверение", self.certificate)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(600, self.sizeHint().height())
        if course_id is not None:
            self._load(course_id)
        elif person_id is not None:
            select_data(self.person, person_id)

    def _load(self, course_id: int) -> None:
        with self.db.session() as session:
            c = session.get(Course, course_id)
            if c is None:
                raise ValidationError({"id": "Запись о курсе уже удалена. Обновите список."})
            self._version = c.version
            ensure_choice(self.person, c.person_id, c.person.full_name)
            self.title.setText(c.title)
            self.hours.setText("" if c.hours is None else russian.number(c.hours, 1).replace(",0", ""))
            self.date_from.set_date(c.date_from)
            self.date_to.set_date(c.date_to)
            self.provider.setText(c.provider)
            self.certificate.setText(c.certificate)

    def data(self) -> tuple[svc.CourseData, dict[str, str]]:
        errors: dict[str, str] = {}
        data = svc.CourseData(
            person_id=combo_id(self.person), title=self.title.text(),
            hours=read_number("hours", self.hours, errors),
            date_from=self.read_date("date_from", "Начало"), date_to=self.read_date("date_to", "Окончание"),
            provider=self.provider.text(), certificate=self.certificate.text(),
        )
        return data, errors

    def save(self) -> None:
        data, typed = self.data()
        with self.db.session() as session:
            self.raise_errors(lambda: svc.validate_course(session, data), typed)
        self.write(self.db, self.course_id, lambda s: svc.create_course(s, data),
                   lambda s, record_id: svc.update_course(s, record_id, data, version=self._version))
