"""One measure of the roadmap, and the «create from the template» dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...models import RoadmapItem
from ...models.enums import WorkState
from ...store.database import Database
from ...tracking import date_sense
from ...tracking import roadmap as svc
from ...validation import ValidationError
from ..widgets.forms import (
    DateField,
    FormDialog,
    choice_combo,
    combo_id,
    enum_combo,
    select_data,
)


class RoadmapItemDialog(FormDialog):
    error_title = "Мероприятие не сохранено"

    def __init__(self, parent: QWidget | None, db: Database, *, item_id: int | None = None,
                 roadmap: str = "", tasks: list[str] | None = None, task: str = "",
                 today: Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent, "Мероприятие дорожной карты" if item_id is None
                         else "Мероприятие дорожной карты — изменение")
        self.db = db
        self.today = today or dt.date.today
        self.item_id = item_id
        self.saved_id: int | None = None
        self._version: int | None = None
        self._position: int | None = None

        self.roadmap = QLineEdit(roadmap)
        self.task = QComboBox()
        self.task.setEditable(True)
        self.task.addItems(["", *(tasks or [])])
        self.task.setCurrentText(task)
        self.task.setMinimumWidth(420)
        self.measure = QPlainTextEdit()
        self.measure.setFixedHeight(70)
        self.info_method = QLineEdit()
        self.info_method.setPlaceholderText("протоколы, приказы УО; мониторинг и анализ; справки…")
        self.periodicity = QLineEdit()
        self.periodicity.setPlaceholderText("в течение учебного года; 1 раз в год; сентябрь-октябрь…")
        self.deadline = DateField()
        self.responsible = QLineEdit()
        self.state = enum_combo([(s.value, s.label) for s in WorkState])
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("приказ, протокол, справка: номер и дата")
        with db.session() as session:
            documents = svc.evidence_documents(session)
        self.evidence_document = choice_combo(documents, "документ из журнала документов (если есть)")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "roadmap", "Дорожная карта", self.roadmap)
        self.add_row(form, "task", "Задача", self.task)
        self.add_row(form, "measure", "Мероприятие", self.measure)
        self.add_row(form, "info_method", "Метод сбора информации", self.info_method)
        self.add_row(form, "periodicity", "Сроки и периодичность", self.periodicity)
        self.add_row(form, "deadline", "Срок (дата контроля)", self.deadline,
                     "После этой даты невыполненное мероприятие считается просроченным.")
        self.add_row(form, "responsible", "Ответственные", self.responsible)
        self.add_row(form, "state", "Состояние", self.state)
        self.add_row(form, "evidence", "Подтверждающий документ", self.evidence)
        self.add_row(form, "evidence_document_id", "Документ из журнала", self.evidence_document,
                     "Сформированные программой приказы, справки, договоры.")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(680, self.sizeHint().height())
        if item_id is not None:
            self._load(item_id)

    def _load(self, item_id: int) -> None:
        with self.db.session() as session:
            item = session.get(RoadmapItem, item_id)
            if item is None:
                raise ValidationError({"id": "Мероприятие уже удалено. Обновите список."})
            self._version = item.version
            self._position = item.position
            self.roadmap.setText(item.roadmap)
            self.task.setCurrentText(item.task)
            task_edit = self.task.lineEdit()
            if task_edit is not None:  # a long task shows its beginning
                task_edit.setCursorPosition(0)
            self.measure.setPlainText(item.measure)
            self.info_method.setText(item.info_method)
            self.periodicity.setText(item.periodicity)
            self.deadline.set_date(item.deadline)
            self.responsible.setText(item.responsible)
            select_data(self.state, item.state)
            self.evidence.setText(item.evidence)
            select_data(self.evidence_document, item.evidence_document_id)

    def data(self) -> svc.RoadmapItemData:
        data = svc.RoadmapItemData(
            roadmap=self.roadmap.text(), measure=self.measure.toPlainText(), task=self.task.currentText(),
            info_method=self.info_method.text(), periodicity=self.periodicity.text(),
            deadline=self.read_date("deadline", "Срок"), responsible=self.responsible.text(),
            state=self.state.currentData(), evidence=self.evidence.text(), position=self._position,
            evidence_document_id=combo_id(self.evidence_document),
        )
        return data

    def save(self) -> None:
        data = self.data()
        with self.db.session() as session:
            self.raise_errors(lambda: svc.validate_item(data, session))
        self.confirm_warnings(date_sense.roadmap_item_warnings(data.deadline, data.state, self.today(),
                                                               is_new=self.item_id is None))
        self.write(self.db, self.item_id, lambda s: svc.create_item(s, data),
                   lambda s, record_id: svc.update_item(s, record_id, data, version=self._version))


class RoadmapTemplateDialog(FormDialog):
    """Name and school year of a new roadmap made from the built-in template (seed 003)."""

    error_title = "Дорожная карта не создана"

    def __init__(self, parent: QWidget | None, db: Database, *, today: dt.date | None = None) -> None:
        super().__init__(parent, "Создать дорожную карту по шаблону")
        self.db = db
        self.created: list[int] = []
        self.roadmap_name = ""
        today = today or dt.date.today()
        start = today.year if today.month >= 7 else today.year - 1
        self.year = QSpinBox()
        self.year.setRange(2015, 2100)
        self.year.setValue(start)
        self.year.setFixedWidth(250)
        self.name = QLineEdit(svc.default_roadmap_name(start))
        self._auto_name = True
        self.name.textEdited.connect(lambda _t: setattr(self, "_auto_name", False))
        self.year.valueChanged.connect(self._year_changed)
        self._year_changed(start)

        intro = QLabel(
            "Шаблон — пример из практики другого района: «Содержание работы с общеобразовательными "
            "организациями по профилактике учебной неуспешности обучающихся» (21 мероприятие по трём "
            "задачам с методами сбора информации, сроками и ответственными). Сроки переносятся на выбранный "
            "учебный год; мероприятия, ответственных и сроки измените под свой район.")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "year", "Начало учебного года", self.year)
        self.add_row(form, "roadmap", "Название дорожной карты", self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.footer(layout)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Создать")
        self.resize(620, self.sizeHint().height())

    def _year_changed(self, year: int) -> None:
        self.year.setSuffix(f"  ({year}–{year + 1} учебный год)")
        if self._auto_name:
            self.name.setText(svc.default_roadmap_name(year))

    def save(self) -> None:
        with self.db.transaction() as session:
            items = svc.start_roadmap_from_template(session, self.name.text(), self.year.value())
            self.created = [i.id for i in items]
        self.roadmap_name = self.name.text().strip()
