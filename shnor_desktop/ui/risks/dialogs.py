"""Forms of the risk tabs: a measure, a programme, an expert assessment, a factor, a school's
social data. Each validates through its Qt-free service and keeps the dialog open until saved."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...models import (
    AntiRiskMeasure,
    ExpertAssessment,
    RiskFactor,
    School,
    SchoolProgramme,
)
from ...models.enums import WorkState
from ...models.risks import ExpertVerdict, ProgrammeKind
from ...risks import factors as factor_svc
from ...risks import measures as measure_svc
from ...risks import programmes as programme_svc
from ...risks import social_index as social_svc
from ...store.database import Database
from ...validation import Errors, ValidationError
from ..file_dialogs import open_file
from ..widgets.forms import DateField, FormDialog, combo_id, enum_combo, school_combo, select_data
from ..work import quietly, read
from .common import year_box

log = logging.getLogger(__name__)


def _text_box(height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setFixedHeight(height)
    return box


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _select_school(combo: QComboBox, school_id: int | None) -> None:
    index = combo.findData(school_id) if school_id is not None else 0
    combo.setCurrentIndex(max(index, 0))


# --- anti-risk measure ----------------------------------------------------------------------------


class MeasureDialog(FormDialog):
    """Create (``measure_id=None``) or edit an anti-risk measure."""

    error_title = "Мера не сохранена"

    def __init__(self, parent: QWidget | None, db: Database, schools: list[School],
                 factors: list[RiskFactor], *, measure_id: int | None = None,
                 school_id: int | None = None, year: int | None = None,
                 factor_id: int | None = None) -> None:
        super().__init__(parent, "Антирисковая мера" if measure_id is None
                         else "Антирисковая мера — изменение")
        self.db = db
        self.measure_id = measure_id
        self.saved_id: int | None = None
        self._version: int | None = None

        self.school = school_combo(schools, "Начните вводить название школы")
        self.year = year_box(year)
        self.year.setMaximumWidth(100)
        self.factor = QComboBox()
        self.factor.setMinimumWidth(420)
        self._factors = factors
        self._fill_factors(factors)
        self.action = _text_box(70)
        self.deadline = DateField()
        self.responsible = QLineEdit()
        self.responsible.setMaxLength(500)
        self.indicator = _text_box(52)
        self.state = enum_combo([(s.value, s.label) for s in WorkState])
        self.result_text = _text_box(52)

        form = _form()
        self.add_row(form, "school_id", "Школа", self.school)
        self.add_row(form, "year", "Год профиля рисков", self.year)
        self.add_row(form, "factor_id", "Фактор риска", self.factor)
        self.add_row(form, "action", "Мера (что делается)", self.action)
        self.add_row(form, "deadline", "Срок", self.deadline)
        self.add_row(form, "responsible", "Ответственный", self.responsible)
        self.add_row(form, "indicator", "Показатель успеха", self.indicator,
                     "По какому показателю видно, что мера сработала.")
        self.add_row(form, "state", "Состояние", self.state)
        self.add_row(form, "result", "Результат", self.result_text,
                     "Обязателен для выполненной меры: чего достигли.")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(760, self.sizeHint().height())

        if measure_id is not None:
            self._load(measure_id)
        else:
            _select_school(self.school, school_id)
            if factor_id is not None:
                select_data(self.factor, factor_id)
        for signal in (self.school.currentIndexChanged, self.year.valueChanged,
                       self.factor.currentIndexChanged):
            signal.connect(self._update_warnings)
        self._update_warnings()

    def _fill_factors(self, factors: list[RiskFactor], extra: RiskFactor | None = None) -> None:
        self.factor.clear()
        self.factor.addItem("", None)
        shown = list(factors)
        if extra is not None and all(f.id != extra.id for f in shown):
            shown.append(extra)
        for f in shown:
            suffix = " (выведен из перечня)" if f.retired else ""
            self.factor.addItem(f"{f.name}{suffix}", f.id)

    def _load(self, measure_id: int) -> None:
        with self.db.session() as session:
            m = session.get(AntiRiskMeasure, measure_id)
            if m is None:
                raise ValidationError({"measure": "Мера не найдена: возможно, её уже удалили."})
            self._version = m.version
            factor = session.get(RiskFactor, m.factor_id)
            self._fill_factors(self._factors, factor)
            _select_school(self.school, m.school_id)
            self.year.setValue(m.year)
            select_data(self.factor, m.factor_id)
            self.action.setPlainText(m.action)
            self.deadline.set_date(m.deadline)
            self.responsible.setText(m.responsible)
            self.indicator.setPlainText(m.indicator)
            select_data(self.state, m.state)
            self.result_text.setPlainText(m.result)

    def data(self) -> measure_svc.MeasureData:
        return measure_svc.MeasureData(
            school_id=combo_id(self.school), year=self.year.value(),
            factor_id=self.factor.currentData(), action=self.action.toPlainText(),
            deadline=self.read_date("deadline", "Срок"), responsible=self.responsible.text(),
            indicator=self.indicator.toPlainText(), state=self.state.currentData(),
            result=self.result_text.toPlainText(),
        ).clean()

    def _update_warnings(self) -> None:
        data = measure_svc.MeasureData(combo_id(self.school), self.year.value(),
                                       self.factor.currentData(), "")
        with read(self, self.db, "measure warnings not computed", report=quietly) as work:
            self.set_warnings(measure_svc.warnings(work.session, data))

    def save(self) -> None:
        data = self.data()

        def check() -> None:
            with self.db.session() as session:
                measure_svc.validate(session, data)

        self.raise_errors(check)
        self.write(self.db, self.measure_id, lambda s: measure_svc.add_measure(s, data),
                   lambda s, record_id: measure_svc.update_measure(s, record_id, data, version=self._version))


# --- school programme -----------------------------------------------------------------------------


class ProgrammeDialog(FormDialog):
    """Create or edit a programme or document of a school, with its file."""

    error_title = "Документ не сохранён"

    def __init__(self, parent: QWidget | None, db: Database, attachments_dir: Path,
                 schools: list[School], *, programme_id: int | None = None,
                 school_id: int | None = None) -> None:
        super().__init__(parent, "Программа или документ ОО" if programme_id is None
                         else "Программа или документ ОО — изменение")
        self.db = db
        self.attachments_dir = attachments_dir
        self.programme_id = programme_id
        self.saved_id: int | None = None
        self._version: int | None = None
        self.source: str | None = None  # a newly chosen file, copied on save

        self.school = school_combo(schools, "Начните вводить название школы")
        self.kind = enum_combo([(k.value, k.label) for k in ProgrammeKind])
        self.title = QLineEdit()
        self.title.setMaxLength(1000)
        self.date_from = DateField()
        self.date_to = DateField()
        self.approved_on = DateField()
        self.approved_by = QLineEdit()
        self.approved_by.setPlaceholderText("например: приказ директора от 20.09.2025 № 112")
        self.edition = QLineEdit()
        self.edition.setMaxLength(50)
        self.edition.setMaximumWidth(120)
        self.file_label = QLabel("файл не прикреплён")
        self.file_label.setWordWrap(True)
        self.file_button = QPushButton("Выбрать файл…")
        self.file_button.clicked.connect(self.choose_file)
        file_row = QWidget()
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.file_button)
        self.notes = _text_box(52)

        form = _form()
        self.add_row(form, "school_id", "Школа", self.school)
        self.add_row(form, "kind", "Вид документа", self.kind)
        self.add_row(form, "title", "Название", self.title)
        self.add_row(form, "date_from", "Срок действия с", self.date_from)
        self.add_row(form, "date_to", "по", self.date_to)
        self.add_row(form, "approved_on", "Дата утверждения", self.approved_on)
        self.add_row(form, "approved_by", "Кем утверждён", self.approved_by)
        self.add_row(form, "edition", "Версия", self.edition, "Номер редакции документа: 1, 2…")
        self.add_row(form, "file", "Файл", file_row,
                     "Любой формат; копия хранится в папке данных программы.")
        self.add_row(form, "notes", "Примечание", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(680, self.sizeHint().height())
        if programme_id is not None:
            self._load(programme_id)
        else:
            _select_school(self.school, school_id)

    def _load(self, programme_id: int) -> None:
        with self.db.session() as session:
            p = session.get(SchoolProgramme, programme_id)
            if p is None:
                raise ValidationError({"programme": "Документ не найден: возможно, его уже удалили."})
            self._version = p.version
            _select_school(self.school, p.school_id)
            select_data(self.kind, p.kind)
            self.title.setText(p.title)
            self.title.setCursorPosition(0)
            self.date_from.set_date(p.date_from)
            self.date_to.set_date(p.date_to)
            self.approved_on.set_date(p.approved_on)
            self.approved_by.setText(p.approved_by)
            self.edition.setText(p.edition)
            self.notes.setPlainText(p.notes)
            if p.original_name:
                self.file_label.setText(p.original_name)

    def choose_file(self) -> None:
        name = open_file(self, "attachments", "Файл программы или документа", "Все файлы (*)")
        if name:
            self.set_source(name)

    def set_source(self, path: str) -> None:
        self.source = path
        self.file_label.setText(f"{Path(path).name} (будет скопирован при сохранении)")

    def data(self) -> programme_svc.ProgrammeData:
        return programme_svc.ProgrammeData(
            school_id=combo_id(self.school), kind=self.kind.currentData(),
            title=self.title.text(), date_from=self.read_date("date_from", "Начало срока"),
            date_to=self.read_date("date_to", "Окончание срока"),
            approved_on=self.read_date("approved_on", "Дата утверждения"),
            approved_by=self.approved_by.text(), edition=self.edition.text(),
            notes=self.notes.toPlainText(),
        ).clean()

    def save(self) -> None:
        data = self.data()

        def check() -> None:
            with self.db.session() as session:
                programme_svc.validate_programme(session, data)
            if self.source and not Path(self.source).is_file():
                raise ValidationError({"file": f"Файл не найден: {self.source}"})

        self.raise_errors(check)
        self.saved_id = programme_svc.save_programme(
            self.db, self.attachments_dir, data, programme_id=self.programme_id,
            source=self.source, version=self._version)


# --- expert assessment ----------------------------------------------------------------------------


class AssessmentDialog(FormDialog):
    error_title = "Заключение не сохранено"

    def __init__(self, parent: QWidget | None, db: Database, programme_id: int, *,
                 assessment_id: int | None = None, heading: str = "") -> None:
        super().__init__(parent, "Экспертное заключение")
        self.db = db
        self.programme_id = programme_id
        self.assessment_id = assessment_id
        self.saved_id: int | None = None
        self._version: int | None = None
        self.date = DateField()
        self.expert = QLineEdit()
        self.expert.setMaxLength(500)
        self.verdict = enum_combo([(v.value, v.label) for v in ExpertVerdict])
        self.remarks = _text_box(90)
        form = _form()
        self.add_row(form, "date", "Дата экспертизы", self.date)
        self.add_row(form, "expert", "Эксперт", self.expert,
                     "ФИО и должность эксперта или состав экспертной группы.")
        self.add_row(form, "verdict", "Заключение", self.verdict)
        self.add_row(form, "remarks", "Замечания", self.remarks)
        layout = QVBoxLayout(self)
        if heading:
            label = QLabel(heading)
            label.setWordWrap(True)
            label.setStyleSheet("font-weight: bold;")
            layout.addWidget(label)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(600, self.sizeHint().height())
        if assessment_id is not None:
            with db.session() as session:
                row = session.get(ExpertAssessment, assessment_id)
                if row is None:
                    raise ValidationError({"assessment": "Заключение не найдено: возможно, его удалили."})
                self._version = row.version
                self.date.set_date(row.date)
                self.expert.setText(row.expert)
                select_data(self.verdict, row.verdict)
                self.remarks.setPlainText(row.remarks)

    def data(self) -> programme_svc.AssessmentData:
        return programme_svc.AssessmentData(
            date=self.read_date("date", "Дата экспертизы"), expert=self.expert.text().strip(),
            verdict=self.verdict.currentData(), remarks=self.remarks.toPlainText().strip())

    def save(self) -> None:
        data = self.data()
        self.raise_errors(lambda: programme_svc.validate_assessment(data))
        self.write(
            self.db, self.assessment_id, lambda s: programme_svc.add_assessment(s, self.programme_id, data),
            lambda s, record_id: programme_svc.update_assessment(s, record_id, data, version=self._version))


# --- risk factor ----------------------------------------------------------------------------------


class FactorDialog(FormDialog):
    """Add a factor (``factor_id=None``) or rename one; the old name is kept on the row."""

    error_title = "Фактор не сохранён"

    def __init__(self, parent: QWidget | None, db: Database, *, factor_id: int | None = None,
                 default_year: int | None = None) -> None:
        super().__init__(parent, "Новый фактор риска" if factor_id is None
                         else "Переименовать фактор риска")
        self.db = db
        self.factor_id = factor_id
        self.saved_id: int | None = None
        self._version: int | None = None
        self.name = QLineEdit()
        self.name.setMaxLength(factor_svc.NAME_MAX)
        self.name.setMinimumWidth(460)
        self.description = _text_box(70)
        self.list_year = year_box(default_year)
        self.list_year.setMaximumWidth(100)
        form = _form()
        self.add_row(form, "name", "Название", self.name)
        self.add_row(form, "description", "Пояснение", self.description,
                     "Как выявляется риск, какие показатели его подтверждают.")
        if factor_id is None:
            self.add_row(form, "list_year", "Редакция перечня (год)", self.list_year,
                         "С какого года фактор входит в профиль рисков.")
        layout = QVBoxLayout(self)
        if factor_id is not None:
            layout.addWidget(QLabel("Профили и меры прошлых лет останутся связанными с фактором; "
                                    "прежнее название сохранится в справочнике."))
        layout.addLayout(form)
        self.footer(layout)
        self.resize(620, self.sizeHint().height())
        if factor_id is not None:
            with db.session() as session:
                factor = session.get(RiskFactor, factor_id)
                if factor is None:
                    raise ValidationError({"factor": "Фактор не найден."})
                self._version = factor.version
                self.name.setText(factor.name)
                self.description.setPlainText(factor.description)

    def save(self) -> None:
        self.raise_errors()
        with self.db.transaction() as session:
            if self.factor_id is None:
                self.saved_id = factor_svc.add_factor(
                    session, self.name.text(), list_year=self.list_year.value(),
                    description=self.description.toPlainText()).id
            else:
                factor_svc.rename_factor(session, self.factor_id, self.name.text(),
                                         description=self.description.toPlainText(),
                                         version=self._version)
                self.saved_id = self.factor_id


class RetireDialog(FormDialog):
    error_title = "Фактор не выведен из перечня"

    def __init__(self, parent: QWidget | None, db: Database, factor: RiskFactor,
                 last_year: int) -> None:
        super().__init__(parent, "Вывести фактор из перечня")
        self.db = db
        self.factor_id = factor.id
        self._version = factor.version
        self.last_year = year_box(last_year)
        self.last_year.setMaximumWidth(100)
        form = _form()
        self.add_row(form, "retired_year", "Последний год оценки", self.last_year,
                     "В профилях более поздних лет фактора не будет; прежние профили и меры "
                     "сохранятся.")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"«{factor.name}»"))
        layout.addLayout(form)
        self.footer(layout)
        self.resize(520, self.sizeHint().height())

    def save(self) -> None:
        with self.db.transaction() as session:
            factor_svc.retire_factor(session, self.factor_id, last_year=self.last_year.value(),
                                     version=self._version)


# --- the methodist's entry of a school's social data ---------------------------------------------

SETTLEMENT_TYPES = (
    "Административный центр субъекта РФ", "Город",
    "Населенный пункт городского типа (рабочий поселок, поселок городского типа и пр.)",
    "Населенный пункт сельского типа (поселок, село, деревня, станица, хутор и пр.)",
)
SETTLEMENT_SIZES = ("Менее 1 тыс. человек", "1–5 тыс. человек", "5–10 тыс. человек",
                    "10–50 тыс. человек", "50–100 тыс. человек", "100–450 тыс. человек",
                    "450–680 тыс. человек", "Более 680 тыс. человек")
TRANSPORT = (
    "Регулярность транспортного сообщения и близость крупного города позволяет ежедневно ездить "
    "туда на работу, учебу",
    "Каждый день ездить сложно, но класс, например, может побывать в крупном городе на выставке, "
    "экскурсии, спектакле или другом мероприятии и в тот же день вернуться",
    "Чтобы съездить в ближайший крупный город на какое-либо мероприятие и вернуться, требуется не "
    "менее двух дней",
    "Удаленность населенного пункта и/или отсутствие регулярного транспортного сообщения делают "
    "подобные поездки затруднительными, а иногда практически невозможными",
)


def _choice(items: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    combo.addItem("— не указано —", "")
    for text in items:
        combo.addItem(text, text)
    combo.setMinimumWidth(420)
    combo.setMaximumWidth(520)
    return combo


class SocialDataDialog(FormDialog):
    """What the methodist knows of a school's conditions in a year (from its social passport).
    Kept apart from the imported form: the form's answers are never overwritten."""

    error_title = "Данные не сохранены"

    def __init__(self, parent: QWidget | None, db: Database, school_id: int, year: int,
                 school_name: str) -> None:
        super().__init__(parent, f"Социальные условия — {school_name}, {year} г.")
        self.db = db
        self.school_id = school_id
        self.year = year
        self.settlement_type = _choice(SETTLEMENT_TYPES)
        self.settlement_size = _choice(SETTLEMENT_SIZES)
        self.transport = _choice(TRANSPORT)
        self.fields: dict[str, QLineEdit] = {}
        form = _form()
        self.add_row(form, "settlement_type", "Тип населённого пункта", self.settlement_type)
        self.add_row(form, "settlement_size", "Размер населённого пункта", self.settlement_size)
        self.add_row(form, "transport", "Транспортная доступность", self.transport)
        for key in social_svc.MANUAL_ANSWER_KEYS:
            edit = QLineEdit()
            edit.setMaximumWidth(120)
            self.fields[key] = edit
            c = next(c for c in social_svc.COMPONENTS if c.share_key == key)
            unit = "км" if key == "distance_to_centre_km" else "%"
            self.add_row(form, key, f"{c.label}, {unit}", edit)
        layout = QVBoxLayout(self)
        note = QLabel("Что здесь указано, заменяет ответы анкеты ФИС ОКО за этот год (сама анкета не "
                      "меняется). Пустое поле — берётся ответ анкеты (показан серым), если он есть. "
                      "Доли — в процентах, например 31 или 31,5.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(780, self.sizeHint().height())
        self._show_form_answers()
        self._load()

    def _show_form_answers(self) -> None:
        """The imported answers of the year, as hints in the empty fields."""
        with self.db.session() as session:
            facts = social_svc.imported_facts(session, self.school_id, self.year)
        if facts is None:
            return
        for name in ("settlement_type", "settlement_size", "transport"):
            value = getattr(facts, name)
            if value:
                combo: QComboBox = getattr(self, name)
                combo.setItemText(0, f"— как в анкете: {value} —")
        for key, edit in self.fields.items():
            value = facts.answer(key)
            if key == "distance_to_centre_km":
                number = value if isinstance(value, (int, float)) else None
                text = None if number is None else russian.number(float(number), 0)
            else:
                share = social_svc.share_value(value)
                text = None if share is None else russian.number(share * 100, 1).removesuffix(",0")
            if text is not None:
                edit.setPlaceholderText(f"в анкете: {text}")

    def _load(self) -> None:
        with self.db.session() as session:
            row = social_svc.manual_context(session, self.school_id, self.year)
            if row is None:
                return
            for name in ("settlement_type", "settlement_size", "transport"):
                combo: QComboBox = getattr(self, name)
                value = getattr(row, name) or ""
                if value and combo.findData(value) < 0:
                    combo.addItem(value, value)
                select_data(combo, value)
            for key, edit in self.fields.items():
                value = (row.answers or {}).get(key)
                if value is None:
                    continue
                number = value if key == "distance_to_centre_km" else value * 100
                edit.setText(russian.number(float(number), 1).rstrip("0").rstrip(",")
                             if float(number) % 1 else str(int(number)))

    def values(self) -> dict[str, object]:
        errors = Errors()
        out: dict[str, object] = {name: getattr(self, name).currentData()
                                  for name in ("settlement_type", "settlement_size", "transport")}
        for key, edit in self.fields.items():
            text = edit.text().strip().replace(",", ".").rstrip("%").strip()
            if not text:
                continue
            try:
                number = float(text)
            except ValueError:
                errors.add(key, f"«{edit.text()}» — не число.")
                continue
            out[key] = number if key == "distance_to_centre_km" else number / 100
        errors.raise_if_any()
        return out

    def save(self) -> None:
        values = self.values()
        with self.db.transaction() as session:
            social_svc.save_manual_context(session, self.school_id, self.year, values)
