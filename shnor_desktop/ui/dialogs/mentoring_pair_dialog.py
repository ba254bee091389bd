"""A mentoring pair: школа-школе, руководитель-руководителю or учитель-учителю."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ...models import MentoringPair
from ...models.enums import MentoringKind, WorkState
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


class MentoringPairDialog(FormDialog):
    error_title = "Пара наставничества не сохранена"

    def __init__(self, parent: QWidget | None, db: Database, *, pair_id: int | None = None,
                 kind: str = MentoringKind.TEACHER.value) -> None:
        super().__init__(parent, "Пара наставничества" if pair_id is None
                         else "Пара наставничества — изменение")
        self.db = db
        self.pair_id = pair_id
        self.saved_id: int | None = None
        self._version: int | None = None
        with db.session() as session:
            people = svc.person_choices(session)
            schools = svc.school_choices(session)

        self.kind = enum_combo([(k.value, k.label) for k in MentoringKind])
        self.mentor_school = choice_combo(schools, "Школа-наставник")
        self.mentee_school = choice_combo(schools, "Школа, которой помогают")
        self.mentor = choice_combo(people, "Начните вводить фамилию наставника")
        self.mentee = choice_combo(people, "Начните вводить фамилию")
        self.goals = QPlainTextEdit()
        self.goals.setFixedHeight(70)
        self.date_from = DateField()
        self.date_to = DateField()
        self.state = enum_combo([(s.value, s.label) for s in WorkState])
        self.result_text = QPlainTextEdit()
        self.result_text.setFixedHeight(60)
        self.kind_hint = QLabel()
        self.kind_hint.setStyleSheet("color: #666;")
        self.kind_hint.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "kind", "Вид наставничества", self.kind)
        form.addRow("", self.kind_hint)
        self.add_row(form, "mentor_school_id", "Школа-наставник", self.mentor_school)
        self.add_row(form, "mentee_school_id", "Школа, которой помогают", self.mentee_school)
        self.add_row(form, "mentor_person_id", "Наставник", self.mentor)
        self.add_row(form, "mentee_person_id", "Наставляемый", self.mentee)
        self.add_row(form, "goals", "Цели и задачи", self.goals)
        self.add_row(form, "date_from", "Начало", self.date_from)
        self.add_row(form, "date_to", "Окончание", self.date_to)
        self.add_row(form, "state", "Состояние", self.state)
        self.add_row(form, "result", "Результат", self.result_text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        select_data(self.kind, kind)
        select_data(self.state, WorkState.IN_PROGRESS.value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if pair_id is not None:
            self._load(pair_id)
        self._kind_changed()
        self.resize(640, self.sizeHint().height())

    def _kind_changed(self) -> None:
        schools = self.kind.currentData() == MentoringKind.SCHOOL.value
        self.kind_hint.setText(
            "Школа-лидер сопровождает школу: укажите обе школы; наставника и наставляемого — по желанию "
            "(например, директоров)." if schools else
            "Укажите наставника и наставляемого; школы определятся по месту их работы.")

    def _load(self, pair_id: int) -> None:
        with self.db.session() as session:
            pair = session.get(MentoringPair, pair_id)
            if pair is None:
                raise ValidationError({"id": "Пара наставничества уже удалена. Обновите список."})
            self._version = pair.version
            select_data(self.kind, pair.kind)
            ensure_choice(self.mentor_school, pair.mentor_school_id,
                          pair.mentor_school.short_name if pair.mentor_school else "")
            ensure_choice(self.mentee_school, pair.mentee_school_id,
                          pair.mentee_school.short_name if pair.mentee_school else "")
            ensure_choice(self.mentor, pair.mentor_person_id, pair.mentor.full_name if pair.mentor else "")
            ensure_choice(self.mentee, pair.mentee_person_id, pair.mentee.full_name if pair.mentee else "")
            self.goals.setPlainText(pair.goals)
            self.date_from.set_date(pair.date_from)
            self.date_to.set_date(pair.date_to)
            select_data(self.state, pair.state)
            self.result_text.setPlainText(pair.result)

    def data(self) -> svc.PairData:
        data = svc.PairData(
            kind=self.kind.currentData(),
            mentor_school_id=combo_id(self.mentor_school), mentee_school_id=combo_id(self.mentee_school),
            mentor_person_id=combo_id(self.mentor), mentee_person_id=combo_id(self.mentee),
            goals=self.goals.toPlainText(),
            date_from=self.read_date("date_from", "Начало"),
            date_to=self.read_date("date_to", "Окончание"),
            state=self.state.currentData(), result=self.result_text.toPlainText(),
        )
        return data

    def save(self) -> None:
        data = self.data()
        with self.db.session() as session:
            self.raise_errors(lambda: svc.validate_pair(session, data))
        self.write(self.db, self.pair_id, lambda s: svc.create_pair(s, data),
                   lambda s, record_id: svc.update_pair(s, record_id, data, version=self._version))
