"""A curator, mentor, tutor or the municipal coordinator assigned to a school."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from ...models import SupportAssignment
from ...models.enums import SupportRole
from ...store.database import Database
from ...tracking import mentoring as svc
from ...validation import ValidationError
from ..widgets.forms import (
    DateField,
    FormDialog,
    choice_combo,
    combo_id,
    ensure_choice,
    enum_combo,
    select_data,
)


class SupportAssignmentDialog(FormDialog):
    error_title = "Назначение не сохранено"

    def __init__(self, parent: QWidget | None, db: Database, *, assignment_id: int | None = None) -> None:
        super().__init__(parent, "Куратор, наставник, тьютор или координатор")
        self.db = db
        self.assignment_id = assignment_id
        self.saved_id: int | None = None
        self._version: int | None = None
        with db.session() as session:
            people = svc.person_choices(session)
            schools = svc.school_choices(session)
        self.person = choice_combo(people, "Начните вводить фамилию")
        self.role = enum_combo([(r.value, r.label) for r in SupportRole])
        self.school = choice_combo(schools, "Школа, которую сопровождает")
        self.date_from = DateField()
        self.date_to = DateField()
        self.basis = QLineEdit()
        self.basis.setPlaceholderText("приказ управления образования от 01.09.2024 № 123")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "person_id", "Кто", self.person)
        self.add_row(form, "role", "Роль", self.role)
        self.add_row(form, "school_id", "Школа", self.school,
                     "Для муниципального координатора школу можно не указывать.")
        self.add_row(form, "date_from", "С", self.date_from)
        self.add_row(form, "date_to", "По", self.date_to)
        self.add_row(form, "basis", "Основание", self.basis)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(620, self.sizeHint().height())
        if assignment_id is not None:
            self._load(assignment_id)

    def _load(self, assignment_id: int) -> None:
        with self.db.session() as session:
            a = session.get(SupportAssignment, assignment_id)
            if a is None:
                raise ValidationError({"id": "Назначение уже удалено. Обновите список."})
            self._version = a.version
            ensure_choice(self.person, a.person_id, a.person.full_name)
            select_data(self.role, a.role)
            ensure_choice(self.school, a.school_id, a.school.short_name if a.school else "")
            self.date_from.set_date(a.date_from)
            self.date_to.set_date(a.date_to)
            self.basis.setText(a.basis)

    def data(self) -> svc.SupportData:
        data = svc.SupportData(
            person_id=combo_id(self.person), role=self.role.currentData(), school_id=combo_id(self.school),
            date_from=self.read_date("date_from", "Начало"), date_to=self.read_date("date_to", "Окончание"),
            basis=self.basis.text(),
        )
        return data

    def save(self) -> None:
        data = self.data()
        with self.db.session() as session:
            self.raise_errors(lambda: svc.validate_support(session, data))
        self.write(self.db, self.assignment_id, lambda s: svc.create_support(s, data),
                   lambda s, record_id: svc.update_support(s, record_id, data, version=self._version))
