"""One entry of the registry of teachers' difficulties (реестр затруднений педагогов)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ... import russian
from ...models import ProfessionalDeficit
from ...models.enums import DeficitSource
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
    read_number,
    select_data,
)


class ProfessionalDeficitDialog(FormDialog):
    error_title = "Затруднение не сохранено"

    def __init__(self, parent: QWidget | None, db: Database, *, deficit_id: int | None = None,
                 person_id: int | None = None) -> None:
        super().__init__(parent, "Затруднение педагога")
        self.db = db
        self.deficit_id = deficit_id
        self.saved_id: int | None = None
        self._version: int | None = None
        with db.session() as session:
            people = svc.person_choices(session)
        self.person = choice_combo(people, "Начните вводить фамилию педагога")
        self.subject = QLineEdit()
        self.topic = QPlainTextEdit()
        self.topic.setFixedHeight(60)
        self.found_by = enum_combo([(s.value, s.label) for s in DeficitSource])
        self.found_on = DateField()
        self.score_before = QLineEdit()
        self.score_before.setFixedWidth(100)
        self.score_after = QLineEdit()
        self.score_after.setFixedWidth(100)
        self.overcome = QCheckBox("Затруднение преодолено")
        self.overcome_on = DateField()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(50)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "person_id", "Педагог", self.person)
        self.add_row(form, "subject", "Предмет", self.subject)
        self.add_row(form, "topic", "Затруднение (тема)", self.topic)
        self.add_row(form, "found_by", "Как выявлено", self.found_by)
        self.add_row(form, "found_on", "Дата выявления", self.found_on)
        self.add_row(form, "score_before", "Балл диагностики (до)", self.score_before)
        self.add_row(form, "score_after", "Балл повторной диагностики", self.score_after)
        self.add_row(form, "overcome", "Итог", self.overcome)
        self.add_row(form, "overcome_on", "Дата преодоления", self.overcome_on)
        self.add_row(form, "notes", "Примечание", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(620, self.sizeHint().height())
        if deficit_id is not None:
            self._load(deficit_id)
        elif person_id is not None:
            select_data(self.person, person_id)

    def _load(self, deficit_id: int) -> None:
        with self.db.session() as session:
            d = session.get(ProfessionalDeficit, deficit_id)
            if d is None:
                raise ValidationError({"id": "Запись о затруднении уже удалена. Обновите список."})
            self._version = d.version
            ensure_choice(self.person, d.person_id, d.person.full_name)
            self.subject.setText(d.subject)
            self.topic.setPlainText(d.topic)
            select_data(self.found_by, d.found_by)
            self.found_on.set_date(d.found_on)
            for edit, value in ((self.score_before, d.score_before), (self.score_after, d.score_after)):
                edit.setText("" if value is None else russian.number(value, 1).replace(",0", ""))
            self.overcome.setChecked(d.overcome)
            self.overcome_on.set_date(d.overcome_on)
            self.notes.setPlainText(d.notes)

    def data(self) -> tuple[svc.DeficitData, dict[str, str]]:
        """What the form holds and the numbers typed wrong; wrong dates go to raise_errors."""
        errors: dict[str, str] = {}
        data = svc.DeficitData(
            person_id=combo_id(self.person), topic=self.topic.toPlainText(), subject=self.subject.text(),
            found_by=self.found_by.currentData(), found_on=self.read_date("found_on", "Дата выявления"),
            score_before=read_number("score_before", self.score_before, errors),
            score_after=read_number("score_after", self.score_after, errors),
            overcome=self.overcome.isChecked(),
            overcome_on=self.read_date("overcome_on", "Дата преодоления"), notes=self.notes.toPlainText(),
        )
        return data, errors

    def save(self) -> None:
        data, typed = self.data()
        with self.db.session() as session:
            self.raise_errors(lambda: svc.validate_deficit(session, data), typed)
        self.write(self.db, self.deficit_id, lambda s: svc.create_deficit(s, data),
                   lambda s, record_id: svc.update_deficit(s, record_id, data, version=self._version))
