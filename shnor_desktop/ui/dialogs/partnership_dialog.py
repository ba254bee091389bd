"""The partnership (agreement) dialog and the dialog for one measure of its joint plan."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...models import PartnershipPlanItem, School
from ...models.enums import AgreementState, PlanItemKind, WorkState
from ...store.database import Database
from ...tracking import partnerships as svc
from ...validation import ValidationError
from ..widgets.forms import DateField, FormDialog, combo_id, enum_combo, school_combo, select_data

log = logging.getLogger(__name__)


class PartnershipDialog(FormDialog):
    """Create (``partnership_id=None``) or edit a pair of schools and their agreement."""

    error_title = "Партнёрство не сохранено"

    def __init__(self, parent: QWidget | None, db: Database, schools: list[School], *,
                 partnership_id: int | None = None, default_city: str = "") -> None:
        super().__init__(parent, "Партнёрство школ" if partnership_id is None
                         else "Партнёрство школ — изменение")
        self.db = db
        self.partnership_id = partnership_id
        self.saved_id: int | None = None
        self._version: int | None = None

        self.leader = school_combo(schools, "Начните вводить название школы")
        self.supported = school_combo(schools, "Начните вводить название школы")
        self.number = QLineEdit()
        self.number.setMaxLength(50)
        self.agreement_date = DateField()
        self.city = QLineEdit(default_city)
        self.term_start = DateField()
        self.term_end = DateField()
        self.state = enum_combo([(s.value, s.label) for s in AgreementState
                                 if s is not AgreementState.EXPIRED])
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "leader_school_id", "Школа 1 (школа-лидер)", self.leader)
        self.add_row(form, "supported_school_id", "Школа 2 (поддерживаемая)", self.supported)
        self.add_row(form, "number", "Номер договора", self.number)
        self.add_row(form, "agreement_date", "Дата договора", self.agreement_date)
        self.add_row(form, "city", "Место заключения (город)", self.city)
        self.add_row(form, "term_start", "Начало срока действия", self.term_start)
        self.add_row(form, "term_end", "Окончание срока", self.term_end,
                     "Договор «действует» после окончания срока показывается как «истёк».")
        self.add_row(form, "state", "Состояние", self.state)
        self.add_row(form, "notes", "Примечание", self.notes)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(620, self.sizeHint().height())

        if partnership_id is not None:
            self._load(partnership_id)
        self.leader.currentTextChanged.connect(self._update_warnings)
        self.supported.currentTextChanged.connect(self._update_warnings)
        self._update_warnings()

    def _load(self, partnership_id: int) -> None:
        with self.db.session() as session:
            p = svc.get_partnership(session, partnership_id)
            self._version = p.version
            select_data(self.leader, p.leader_school_id)
            select_data(self.supported, p.supported_school_id)
            self.number.setText(p.number or "")
            self.agreement_date.set_date(p.agreement_date)
            self.city.setText(p.city or "")
            self.term_start.set_date(p.term_start)
            self.term_end.set_date(p.term_end)
            select_data(self.state, p.state)
            self.notes.setPlainText(p.notes or "")

    def data(self) -> svc.PartnershipData:
        """What the form holds; wrong dates are kept for :meth:`raise_errors`."""
        data = svc.PartnershipData(
            leader_school_id=combo_id(self.leader),
            supported_school_id=combo_id(self.supported),
            number=self.number.text(),
            agreement_date=self.read_date("agreement_date", "Дата договора"),
            city=self.city.text(),
            term_start=self.read_date("term_start", "Начало срока"),
            term_end=self.read_date("term_end", "Окончание срока"),
            state=self.state.currentData(),
            notes=self.notes.toPlainText(),
        )
        return data

    def _update_warnings(self) -> None:
        data = svc.PartnershipData(combo_id(self.leader), combo_id(self.supported))
        with self.db.session() as session:
            self.set_warnings(svc.partnership_warnings(session, data, self.partnership_id))

    def save(self) -> None:
        data = self.data()
        with self.db.session() as session:
            self.raise_errors(lambda: svc.validate_partnership(session, data))
        self.write(self.db, self.partnership_id, lambda s: svc.create_partnership(s, data),
                   lambda s, record_id: svc.update_partnership(s, record_id, data, version=self._version))


class PlanItemDialog(FormDialog):
    """Create (``item_id=None``) or edit one measure of a partnership's joint plan."""

    error_title = "Мероприятие не сохранено"

    def __init__(self, parent: QWidget | None, db: Database, partnership_id: int, *,
                 item_id: int | None = None, pair: str = "") -> None:
        super().__init__(parent, "Мероприятие совместного плана")
        self.db = db
        self.partnership_id = partnership_id
        self.item_id = item_id
        self.saved_id: int | None = None
        self._version: int | None = None

        self.kind = enum_combo([(k.value, k.label) for k in PlanItemKind])
        self.title = QLineEdit()
        self.title.setMaxLength(1000)
        self.date_from = DateField()
        self.date_to = DateField()
        self.responsible = QLineEdit()
        self.participants = QLineEdit()
        self.state = enum_combo([(s.value, s.label) for s in WorkState])
        self.result_text = QPlainTextEdit()
        self.result_text.setFixedHeight(80)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "kind", "Вид", self.kind)
        self.add_row(form, "title", "Тема", self.title)
        self.add_row(form, "date_from", "Дата (начало)", self.date_from)
        self.add_row(form, "date_to", "Окончание", self.date_to, "Для однодневного мероприятия не нужно.")
        self.add_row(form, "responsible", "Ответственные", self.responsible)
        self.add_row(form, "participants", "Участники", self.participants)
        self.add_row(form, "state", "Состояние", self.state)
        self.add_row(form, "result", "Результат", self.result_text)

        layout = QVBoxLayout(self)
        if pair:
            heading = QLabel(pair)
            heading.setStyleSheet("font-weight: bold;")
            heading.setWordWrap(True)
            layout.addWidget(heading)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(600, self.sizeHint().height())
        if item_id is not None:
            self._load(item_id)

    def _load(self, item_id: int) -> None:
        with self.db.session() as session:
            item = session.get(PartnershipPlanItem, item_id)
            if item is None:
                raise ValidationError({"plan_item": "Мероприятие не найдено: возможно, его уже удалили."})
            self._version = item.version
            select_data(self.kind, item.kind)
            self.title.setText(item.title)
            self.date_from.set_date(item.date_from)
            self.date_to.set_date(item.date_to)
            self.responsible.setText(item.responsible or "")
            self.participants.setText(item.participants or "")
            select_data(self.state, item.state)
            self.result_text.setPlainText(item.result or "")

    def data(self) -> svc.PlanItemData:
        data = svc.PlanItemData(
            title=self.title.text(),
            kind=self.kind.currentData(),
            date_from=self.read_date("date_from", "Дата мероприятия"),
            date_to=self.read_date("date_to", "Окончание мероприятия"),
            responsible=self.responsible.text(),
            participants=self.participants.text(),
            state=self.state.currentData(),
            result=self.result_text.toPlainText(),
        )
        return data

    def save(self) -> None:
        data = self.data()
        self.raise_errors(lambda: svc.validate_plan_item(data))
        self.write(self.db, self.item_id, lambda s: svc.add_plan_item(s, self.partnership_id, data),
                   lambda s, record_id: svc.update_plan_item(s, record_id, data, version=self._version))

