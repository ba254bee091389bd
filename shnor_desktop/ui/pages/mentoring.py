"""«Наставничество и кадры»: people, mentoring pairs, curators and the coordinator, the registry of
teachers' difficulties, courses, and a person's development map."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...models import MentoringPair, Person, ProfessionalDeficit
from ...models.enums import DeficitSource, MentoringKind, PersonCategory, SupportRole, WorkState
from ...tracking import mentoring as svc
from ...validation import ValidationError
from .. import palette
from ..confirm import ask
from ..dialogs.course_dialog import CourseDialog
from ..dialogs.development_map_dialog import DevelopmentMapDialog
from ..dialogs.mentoring_pair_dialog import MentoringPairDialog
from ..dialogs.person_dialog import PersonDialog
from ..dialogs.professional_deficit_dialog import ProfessionalDeficitDialog
from ..dialogs.support_assignment_dialog import SupportAssignmentDialog
from ..errors import show_error
from ..table_models.records import Column, RecordTableModel
from ..widgets import labels
from ..widgets.crud import confirm_and_delete
from ..widgets.record_table import RecordTable
from ..work import change, read

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)

MUTED = palette.MUTED_TEXT
LATE_BACKGROUND = palette.WARNING_BACKGROUND


def _where(person: Person | None) -> str:
    if person is None:
        return ""
    return person.school.short_name if person.school else person.organisation


def run_dialog(dialog: QDialog) -> bool:
    """Show a modal form; True when it was saved. Tests replace ``QDialog.exec``."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def _deletion_refused(parent: QWidget | None, title: str, exc: Exception) -> None:
    """A person the records still need is not deleted: said as «Удаление невозможно»."""
    if isinstance(exc, ValidationError):
        QMessageBox.warning(parent, "Удаление невозможно", str(exc))
    else:
        show_error(parent, title, exc)


def hours_text(hours: float | None) -> str:
    """36.0 -> «36 ч», 1.5 -> «1,5 ч» (a course's volume as people write it)."""
    if hours is None:
        return ""

    return f"{russian.number(hours, 0 if float(hours).is_integer() else 1)}\u00a0ч"


class RecordTab(QWidget):
    """A table of one kind of record with «Добавить / Изменить / Удалить» and a hint line."""

    def __init__(self, page: MentoringPage, *, columns: list[Column], export_name: str,
                 load: Callable[[Any], Sequence[Any]],
                 make_dialog: Callable[[int | None], QDialog], noun: str, hint: str = "",
                 row_foreground: Callable[[Any], QColor | None] | None = None,
                 row_background: Callable[[Any], QColor | None] | None = None) -> None:
        super().__init__()
        self.page = page
        self.noun = noun
        self._load = load
        self.make_dialog = make_dialog
        self.delete_handler: Callable[[list[Any]], None] | None = None
        self.model = RecordTableModel(columns, row_foreground=row_foreground, row_background=row_background)
        self.table = RecordTable(self.model, export_name=export_name)
        self.add_button = QPushButton("Добавить…")
        self.edit_button = QPushButton("Изменить…")
        self.delete_button = QPushButton("Удалить…")
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.delete_button.clicked.connect(lambda: self.delete())
        self.bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            self.bar.addWidget(button)
        self.bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        layout.addWidget(self.table, 1)
        if hint:
            note = labels.hint(hint)
            layout.addWidget(note)
        for text, slot in (("Изменить…", lambda: self.edit()), ("Удалить…", lambda: self.delete())):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.table.add_action(action)
        self.table.activated.connect(lambda obj: self.edit(obj.id))
        self.table.selection_changed.connect(self.update_buttons)
        self.update_buttons()

    def add_button_to_bar(self, widget: QWidget) -> None:
        self.bar.insertWidget(self.bar.count() - 1, widget)

    def update_buttons(self) -> None:
        has = bool(self.table.selected_rows())
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def load(self, session: Any) -> None:
        keep = {o.id for o in self.table.selected_objects()}
        self.model.set_rows(self._load(session))
        if keep:
            self.table.select_where(lambda o: o.id in keep)
        self.update_buttons()

    def select(self, record_id: int) -> bool:
        return self.table.select_where(lambda o: o.id == record_id)

    def add(self) -> bool:
        return self._open(None)

    def edit(self, record_id: int | None = None) -> bool:
        if record_id is None:
            current = self.table.current_object()
            if current is None:
                return False
            record_id = current.id
        return self._open(record_id)

    def _open(self, record_id: int | None) -> bool:
        try:
            dialog = self.make_dialog(record_id)
        except Exception as exc:
            show_error(self, f"{self.noun.capitalize()}: запись не открыта", exc)
            self.page.refresh()
            return False
        if not run_dialog(dialog):
            return False
        self.page.refresh()
        saved = getattr(dialog, "saved_id", None)
        if saved is not None:
            self.select(saved)
        return True

    def delete(self) -> None:
        objects = self.table.selected_objects()
        if not objects:
            return
        if self.delete_handler is not None:
            self.delete_handler(objects)
            return
        question = f"Удалить выбранные записи ({len(objects)})? Другие записи на них не ссылаются."

        def delete() -> None:
            with self.page.db.transaction() as session:
                svc.delete_records(session, type(objects[0]), [o.id for o in objects])

        confirm_and_delete(self, "Удаление", lambda: question, delete, self.page.refresh,
                           error_title="Не удалено")


class MentoringPage(QWidget):
    def __init__(self, ui: Ui, *, today: Callable[[], dt.date] | None = None) -> None:
        super().__init__()
        self.ui = ui
        self.db = ui.ctx.db
        self.today = today or dt.date.today

        self.people = RecordTab(
            self, noun="человек", export_name="Люди", load=lambda s: svc.list_people(s),
            make_dialog=lambda i: PersonDialog(self, self.db, person_id=i),
            row_foreground=lambda p: MUTED if p.archived else None,
            hint="Серым — выбывшие. Двойной щелчок открывает запись; «Карта развития» собирает "
                 "затруднения, курсы, наставничество и посещённые уроки одного человека.",
            columns=[
                Column("ФИО", lambda p: p.full_name, width=230),
                Column("Школа / организация", lambda p: _where(p) or None, width=200),
                Column("Должность", lambda p: p.position or None, width=200),
                Column("Категория", lambda p: labels.label_of(PersonCategory, p.category), width=150),
                Column("Предметы", lambda p: p.subjects or None, width=150),
                Column("Квалификационная категория", lambda p: p.qualification or None, width=170),
                Column("Телефон", lambda p: p.phone or None, width=120),
                Column("Эл. почта", lambda p: p.email or None, width=150),
                Column("Выбыл", lambda p: p.archived),
            ])
        self.people.delete_handler = self.delete_people
        self.map_button = QPushButton("Карта развития…")
        self.map_button.clicked.connect(lambda: self.show_development_map())
        self.people.add_button_to_bar(self.map_button)
        self.show_archived = QCheckBox("Показывать выбывших")
        self.show_archived.toggled.connect(self._filter_people)
        self.people.bar.addWidget(self.show_archived)
        map_action = QAction("Карта развития…", self)
        map_action.triggered.connect(lambda: self.show_development_map())
        self.people.table.add_action(map_action)
        self.people.table.selection_changed.connect(self._update_map_button)

        self.pairs = RecordTab(
            self, noun="пара наставничества", export_name="Пары наставничества",
            load=lambda s: svc.list_pairs(s),
            make_dialog=lambda i: MentoringPairDialog(self, self.db, pair_id=i),
            row_foreground=lambda p: MUTED if p.state == WorkState.CANCELLED.value else None,
            row_background=lambda p: LATE_BACKGROUND if self._pair_late(p) else None,
            hint="Жёлтым — пары, срок которых прошёл, а состояние не «выполнено» и не «отменено»; "
                 "серым — отменённые.",
            columns=[
                Column("Вид", lambda p: labels.label_of(MentoringKind, p.kind), width=180),
                Column("Наставник", lambda p: svc.pair_side(p, "mentor"), width=220),
                Column("Наставляемый", lambda p: svc.pair_side(p, "mentee"), width=220),
                Column("Цели", lambda p: p.goals or None, width=220, tooltip=lambda p: p.goals),
                Column("С", lambda p: p.date_from, width=90),
                Column("По", lambda p: p.date_to, width=90),
                Column("Состояние", lambda p: labels.label_of(WorkState, p.state), width=110),
                Column("Результат", lambda p: p.result or None, tooltip=lambda p: p.result),
            ])
        self.state_button = QPushButton()  # with a menu: Qt reserves room for the arrow
        self.state_button.setText("Состояние")
        menu = QMenu(self.state_button)
        for state in WorkState:
            action = menu.addAction(state.label)
            action.triggered.connect(lambda _c=False, s=state.value: self.set_pair_state(s))
        self.state_button.setMenu(menu)
        self.pairs.add_button_to_bar(self.state_button)
        self.pairs.table.selection_changed.connect(
            lambda: self.state_button.setEnabled(bool(self.pairs.table.selected_rows())))

        self.support = RecordTab(
            self, noun="назначение", export_name="Кураторы и координатор",
            load=lambda s: svc.list_support(s),
            make_dialog=lambda i: SupportAssignmentDialog(self, self.db, assignment_id=i),
            hint="Кураторы, наставники и муниципальные тьюторы, закреплённые за школами, и муниципальный "
                 "координатор. Закрепление за ШНОР учитывается в мониторинге как адресная помощь.",
            columns=[
                Column("Роль", lambda a: labels.label_of(SupportRole, a.role), width=190),
                Column("Кто", lambda a: a.person.full_name, width=230),
                Column("Место работы", lambda a: _where(a.person) or None, width=180),
                Column("Школа", lambda a: a.school.short_name if a.school else "весь район", width=200),
                Column("С", lambda a: a.date_from, width=90),
                Column("По", lambda a: a.date_to, width=90),
                Column("Основание", lambda a: a.basis or None),
            ])

        self.deficits = RecordTab(
            self, noun="затруднение", export_name="Реестр затруднений педагогов",
            load=lambda s: svc.list_deficits(s),
            make_dialog=lambda i: ProfessionalDeficitDialog(self, self.db, deficit_id=i),
            row_foreground=lambda d: MUTED if d.overcome else None,
            hint="Реестр затруднений педагогов по итогам диагностики, методических выездов и анализа ВПР. "
                 "Серым — преодолённые.",
            columns=[
                Column("Педагог", lambda d: d.person.full_name, width=210),
                Column("Школа", lambda d: _where(d.person) or None, width=160),
                Column("Предмет", lambda d: d.subject or None, width=120),
                Column("Затруднение", lambda d: d.topic, width=260, tooltip=lambda d: d.topic),
                Column("Как выявлено", lambda d: labels.label_of(DeficitSource, d.found_by), width=140),
                Column("Дата выявления", lambda d: d.found_on, width=110),
                Column("Балл до", lambda d: d.score_before, align_right=True, width=70),
                Column("Балл после", lambda d: d.score_after, align_right=True, width=80),
                Column("Преодолено", lambda d: d.overcome, width=90),
                Column("Дата преодоления", lambda d: d.overcome_on),
            ])
        self.overcome_button = QPushButton("Отметить преодолённым")
        self.overcome_button.clicked.connect(lambda: self.mark_overcome())
        self.deficits.add_button_to_bar(self.overcome_button)
        self.open_only = QCheckBox("Только непреодолённые")
        self.open_only.toggled.connect(
            lambda on: self.deficits.model.set_predicate((lambda d: not d.overcome) if on else None))
        self.deficits.bar.addWidget(self.open_only)
        self.deficits.table.selection_changed.connect(
            lambda: self.overcome_button.setEnabled(bool(self.deficits.table.selected_rows())))

        self.courses = RecordTab(
            self, noun="курс", export_name="Курсы повышения квалификации",
            load=lambda s: svc.list_courses(s),
            make_dialog=lambda i: CourseDialog(self, self.db, course_id=i),
            columns=[
                Column("Педагог", lambda c: c.person.full_name, width=210),
                Column("Школа", lambda c: _where(c.person) or None, width=160),
                Column("Курс", lambda c: c.title, width=280, tooltip=lambda c: c.title),
                Column("Объём", lambda c: c.hours, display=hours_text, align_right=True, width=70),
                Column("Начало", lambda c: c.date_from, width=90),
                Column("Окончание", lambda c: c.date_to, width=90),
                Column("Кто проводил", lambda c: c.provider or None, width=170),
                Column("Удостоверение", lambda c: c.certificate or None),
            ])

        self.tabs = QTabWidget()
        self.tabs.addTab(self.people, "Люди")
        self.tabs.addTab(self.pairs, "Пары наставничества")
        self.tabs.addTab(self.support, "Кураторы и координатор")
        self.tabs.addTab(self.deficits, "Затруднения педагогов")
        self.tabs.addTab(self.courses, "Курсы")
        title = QLabel("Наставничество и кадры")
        title.setStyleSheet("font-weight: bold; font-size: 14px;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self._filter_people(False)
        self.refresh()

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        with read(self, self.db, "Данные о кадрах не загружены") as work:
            for tab in (self.people, self.pairs, self.support, self.deficits, self.courses):
                tab.load(work.session)
        self._update_map_button()
        self.state_button.setEnabled(bool(self.pairs.table.selected_rows()))
        self.overcome_button.setEnabled(bool(self.deficits.table.selected_rows()))

    def _filter_people(self, show_archived: bool) -> None:
        self.people.model.set_predicate(None if show_archived else (lambda p: not p.archived))

    def _update_map_button(self) -> None:
        self.map_button.setEnabled(len(self.people.table.selected_rows()) == 1)

    def _pair_late(self, pair: MentoringPair) -> bool:
        return (pair.date_to is not None and pair.date_to < self.today()
                and pair.state in (WorkState.PLANNED.value, WorkState.IN_PROGRESS.value))

    # --- people -----------------------------------------------------------------------------------

    def make_development_map(self, person_id: int) -> QDialog:
        return DevelopmentMapDialog(self, self.db, person_id)

    def show_development_map(self, person_id: int | None = None) -> None:
        if person_id is None:
            person = self.people.table.current_object()
            if person is None:
                return
            person_id = person.id
        try:
            dialog = self.make_development_map(person_id)
        except Exception as exc:
            show_error(self, "Карта развития не открыта", exc)
            self.refresh()
            return
        dialog.exec()

    def delete_people(self, people: list[Person]) -> None:
        if len(people) != 1:
            QMessageBox.information(self, "Удаление", "Удалять людей можно только по одному: выберите одну "
                                                      "строку.")
            return
        person = people[0]
        with read(self, self.db, "Не удалено") as work:
            impact = svc.person_delete_impact(work.session, person.id)
        if work.failed:
            return
        text = svc.describe_impact(person.full_name, impact)
        if not impact.allowed:
            QMessageBox.warning(self, "Удаление невозможно", text)
            return
        if not ask(self, "Удаление", text):
            return
        with change(self, self.db, "Не удалено", report=_deletion_refused) as work:
            svc.delete_person(work.session, person.id)
        self.refresh()

    # --- state changes ----------------------------------------------------------------------------

    def set_pair_state(self, state: str) -> None:
        pairs: list[MentoringPair] = self.pairs.table.selected_objects()
        with change(self, self.db, "Состояние не изменено") as work:
            for pair in pairs:
                svc.set_pair_state(work.session, pair.id, state, version=pair.version)
        self.refresh()

    def mark_overcome(self) -> None:
        deficits: list[ProfessionalDeficit] = self.deficits.table.selected_objects()
        with change(self, self.db, "Не отмечено") as work:
            for d in deficits:
                svc.mark_overcome(work.session, d.id, True, on=self.today(), version=d.version)
        self.refresh()

