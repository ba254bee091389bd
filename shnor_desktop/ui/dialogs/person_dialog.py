"""A person of the district: teacher, director, methodist, curator, tutor."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...models import Person, School
from ...models.enums import Gender, PersonCategory
from ...registry.queries import list_schools
from ...store.database import Database
from ...tracking import mentoring as svc
from ...validation import ValidationError
from ..widgets.forms import FormDialog, combo_id, enum_combo, school_combo, select_data


class PersonDialog(FormDialog):
    error_title = "Запись о человеке не сохранена"

    def __init__(self, parent: QWidget | None, db: Database, *, person_id: int | None = None) -> None:
        super().__init__(parent, "Человек" if person_id is None else "Человек — изменение")
        self.db = db
        self.person_id = person_id
        self.saved_id: int | None = None
        self._version: int | None = None
        with db.session() as session:
            schools: list[School] = list_schools(session)

        self.last_name = QLineEdit()
        self.first_name = QLineEdit()
        self.middle_name = QLineEdit()
        self.gender = enum_combo([("", "не указан"), *[(g.value, g.label) for g in Gender]])
        self.category = enum_combo([(c.value, c.label) for c in PersonCategory])
        self.position = QLineEdit()
        self.position.setPlaceholderText("учитель математики, заместитель директора по УВР…")
        self.school = school_combo(schools, "Начните вводить название школы")
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText("если человек работает не в школе: ИМЦ, управление образования…")
        self.subjects = QLineEdit()
        self.subjects.setPlaceholderText("математика, физика")
        self.qualification = QComboBox()
        self.qualification.setEditable(True)
        self.qualification.addItems(["", *svc.QUALIFICATIONS])
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.archived = QCheckBox("Выбыл (не работает в районе) — не предлагать в списках")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "last_name", "Фамилия", self.last_name)
        self.add_row(form, "first_name", "Имя", self.first_name)
        self.add_row(form, "middle_name", "Отчество", self.middle_name)
        self.add_row(form, "gender", "Пол", self.gender, "Нужен, чтобы склонять ФИО в документах.")
        self.add_row(form, "category", "Категория", self.category)
        self.add_row(form, "position", "Должность", self.position)
        self.add_row(form, "school_id", "Школа", self.school)
        self.add_row(form, "organisation", "Организация", self.organisation)
        self.add_row(form, "subjects", "Предметы", self.subjects)
        self.add_row(form, "qualification", "Квалификационная категория", self.qualification)
        self.add_row(form, "phone", "Телефон", self.phone)
        self.add_row(form, "email", "Электронная почта", self.email)
        self.add_row(form, "notes", "Примечание", self.notes)
        self.add_row(form, "archived", "Состояние", self.archived)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(600, self.sizeHint().height())
        if person_id is not None:
            self._load(person_id)

    def _load(self, person_id: int) -> None:
        with self.db.session() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise ValidationError({"id": "Запись о человеке уже удалена. Обновите список."})
            self._version = person.version
            self.last_name.setText(person.last_name)
            self.first_name.setText(person.first_name)
            self.middle_name.setText(person.middle_name)
            select_data(self.gender, person.gender or "")
            select_data(self.category, person.category)
            self.position.setText(person.position)
            select_data(self.school, person.school_id)
            self.organisation.setText(person.organisation)
            self.subjects.setText(person.subjects)
            self.qualification.setCurrentText(person.qualification)
            self.phone.setText(person.phone)
            self.email.setText(person.email)
            self.notes.setPlainText(person.notes)
            self.archived.setChecked(person.archived)

    def data(self) -> tuple[svc.PersonData, dict[str, str]]:
        """What the form holds, and a school typed that the registry does not know."""
        typed: dict[str, str] = {}
        school_id = combo_id(self.school)
        if self.school.currentText().strip() and school_id is None:
            typed["school_id"] = "Такой школы нет в реестре: выберите школу из списка."
        return svc.PersonData(
            last_name=self.last_name.text(), first_name=self.first_name.text(),
            middle_name=self.middle_name.text(), gender=self.gender.currentData() or None,
            category=self.category.currentData(), position=self.position.text(),
            school_id=school_id, organisation=self.organisation.text(),
            subjects=self.subjects.text(), qualification=self.qualification.currentText(),
            phone=self.phone.text(), email=self.email.text(), notes=self.notes.toPlainText(),
            archived=self.archived.isChecked(),
        ), typed

    def save(self) -> None:
        data, typed = self.data()
        with self.db.session() as session:
            self.raise_errors(lambda: svc.validate_person(session, data), typed)
        self.write(self.db, self.person_id, lambda s: svc.create_person(s, data),
                   lambda s, record_id: svc.update_person(s, record_id, data, version=self._version))
