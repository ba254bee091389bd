"""The mentoring page: people, pairs, curators, deficits, courses, the development map."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from shnor_desktop.models import (
    Course,
    MentoringPair,
    MethodicalVisit,
    ObservedLesson,
    Person,
    ProfessionalDeficit,
    School,
    SupportAssignment,
)
from shnor_desktop.ui.pages import mentoring as page_module
from shnor_desktop.ui.pages.mentoring import LATE_BACKGROUND, MentoringPage

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def no_error_boxes(monkeypatch):
    """An unexpected error would open a modal box and hang the test: fail instead."""
    def critical(_parent, title, text, *_args):
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(QMessageBox, "critical", critical)


@pytest.fixture
def ids(db):
    with db.transaction() as s:
        a = School(full_name="МБОУ «СОШ № 6»", short_name="СОШ № 6")
        b = School(full_name="МБОУ «СОШ № 10»", short_name="СОШ № 10")
        s.add_all([a, b])
        s.flush()
        ivanova = Person(last_name="Иванова", first_name="Мария", middle_name="Петровна", school_id=a.id,
                         position="учитель математики", subjects="математика", qualification="первая")
        petrov = Person(last_name="Петров", first_name="Олег", middle_name="Ильич", school_id=b.id,
                        category="director", position="директор")
        s.add_all([ivanova, petrov])
        s.flush()
        return types.SimpleNamespace(a=a.id, b=b.id, ivanova=ivanova.id, petrov=petrov.id)


@pytest.fixture
def page(ctx, qtbot, ids):
    p = MentoringPage(types.SimpleNamespace(ctx=ctx, runner=None, window=None), today=lambda: TODAY)
    qtbot.addWidget(p)
    return p


def set_combo(combo, text):
    combo.setCurrentIndex(combo.findText(text, Qt.MatchFlag.MatchStartsWith))
    assert combo.currentIndex() > 0, text


def saved(dialog) -> bool:
    dialog.accept()
    return dialog.result() == QDialog.DialogCode.Accepted


def test_tabs_and_people_columns(page):
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Люди", "Пары наставничества", "Кураторы и координатор", "Затруднения педагогов", "Курсы"]
    model = page.people.model
    assert model.headers()[:6] == ["ФИО", "Школа / организация", "Должность", "Категория", "Предметы",
                                   "Квалификационная категория"]
    row = model.row_of(lambda p: p.last_name == "Иванова")
    assert [model.index(row, c).data() for c in range(6)] == [
        "Иванова Мария Петровна", "СОШ № 6", "учитель математики", "учитель", "математика", "первая"]


def test_create_person_validates_then_saves(page, db):
    dialog = page.people.make_dialog(None)
    assert not saved(dialog)
    assert dialog.error_text("last_name") == "Введите фамилию."
    dialog.last_name.setText("Сидорова")
    dialog.first_name.setText("Анна")
    dialog.email.setText("не почта")
    assert not saved(dialog)
    assert "электронной почты" in dialog.error_text("email")
    dialog.email.setText("sidorova@school6.ru")
    set_combo(dialog.school, "СОШ № 6")
    dialog.qualification.setCurrentText("высшая")
    assert saved(dialog)
    page.refresh()
    with db.session() as s:
        person = s.get(Person, dialog.saved_id)
        assert (person.full_name, person.school.short_name, person.qualification) == (
            "Сидорова Анна", "СОШ № 6", "высшая")
    assert page.people.model.row_of(lambda p: p.last_name == "Сидорова") >= 0


def test_add_through_the_button_selects_the_new_row(page, monkeypatch):
    def fill(dialog):
        dialog.last_name.setText("Кузнецова")
        dialog.category.setCurrentIndex(dialog.category.findData("methodist"))
        dialog.organisation.setText("МКУ «ИМЦ»")
        return saved(dialog)

    monkeypatch.setattr(page_module, "run_dialog", fill)
    assert page.people.add()
    current = page.people.table.current_object()
    assert current.last_name == "Кузнецова" and current.category == "methodist"


def test_edit_person_and_archive_hides_the_row(page, db, ids):
    dialog = page.people.make_dialog(ids.ivanova)
    assert dialog.last_name.text() == "Иванова" and dialog.school.currentText() == "СОШ № 6"
    dialog.position.setText("заместитель директора по УВР")
    dialog.archived.setChecked(True)
    assert saved(dialog)
    page.refresh()
    assert page.people.model.row_of(lambda p: p.id == ids.ivanova) < 0
    page.show_archived.setChecked(True)
    row = page.people.model.row_of(lambda p: p.id == ids.ivanova)
    assert page.people.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#777777"
    with db.session() as s:
        assert s.get(Person, ids.ivanova).position == "заместитель директора по УВР"


def test_pair_validation_and_state_change(page, db, ids):
    dialog = page.pairs.make_dialog(None)
    dialog.kind.setCurrentIndex(dialog.kind.findData("teacher"))
    set_combo(dialog.mentor, "Иванова")
    set_combo(dialog.mentee, "Иванова")
    dialog.date_from.set_date(dt.date(2026, 9, 1))
    dialog.date_to.edit.setText("31.05.2026")
    assert not saved(dialog)
    assert dialog.error_text("mentee_person_id") == "Наставник и наставляемый должны быть разными людьми."
    assert dialog.error_text("date_to") == "Дата окончания не может быть раньше даты начала."
    dialog.date_to.edit.setText("31.13.2027")
    set_combo(dialog.mentee, "Петров")
    assert not saved(dialog)
    assert "не дата" in dialog.error_text("date_to")
    dialog.date_to.edit.setText("31.05.2027")
    dialog.goals.setPlainText("Подготовка к ОГЭ")
    assert saved(dialog)
    with db.session() as s:
        pair = s.get(MentoringPair, dialog.saved_id)
        # the schools come from the people's places of work
        assert (pair.mentor_school_id, pair.mentee_school_id, pair.state) == (ids.a, ids.b, "in_progress")
    page.refresh()
    assert page.pairs.select(dialog.saved_id)
    page.set_pair_state("done")
    with db.session() as s:
        assert s.get(MentoringPair, dialog.saved_id).state == "done"
    row = page.pairs.model.row_of(lambda p: p.id == dialog.saved_id)
    assert page.pairs.model.index(row, 6).data() == "выполнено"


def test_school_pair_needs_two_schools(page):
    dialog = page.pairs.make_dialog(None)
    dialog.kind.setCurrentIndex(dialog.kind.findData("school"))
    set_combo(dialog.mentor_school, "СОШ № 6")
    assert not saved(dialog)
    assert dialog.error_text("mentee_school_id") == "Выберите школу, которой оказывается помощь."
    set_combo(dialog.mentee_school, "СОШ № 10")
    assert saved(dialog)


def test_late_pair_is_highlighted(page, db, ids):
    with db.transaction() as s:
        s.add(MentoringPair(kind="head", mentor_person_id=ids.petrov, mentee_person_id=ids.ivanova,
                            date_from=dt.date(2025, 9, 1), date_to=dt.date(2026, 5, 31), state="in_progress"))
        s.add(MentoringPair(kind="head", mentor_person_id=ids.petrov, mentee_person_id=ids.ivanova,
                            date_from=dt.date(2025, 9, 1), date_to=dt.date(2027, 5, 31), state="in_progress"))
    page.refresh()
    model = page.pairs.model
    colours = {model.row_object(r).date_to.year: model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole)
               for r in range(model.rowCount())}
    assert colours[2026].color() == LATE_BACKGROUND
    assert colours[2027] is None


def test_curator_needs_a_school_but_the_coordinator_does_not(page, db, ids):
    dialog = page.support.make_dialog(None)
    set_combo(dialog.person, "Петров")
    dialog.role.setCurrentIndex(dialog.role.findData("curator"))
    assert not saved(dialog)
    assert "Выберите школу" in dialog.error_text("school_id")
    dialog.role.setCurrentIndex(dialog.role.findData("coordinator"))
    dialog.basis.setText("приказ УО от 01.09.2026 № 100")
    assert saved(dialog)
    page.refresh()
    row = page.support.model.row_of(lambda a: a.id == dialog.saved_id)
    assert [page.support.model.index(row, c).data() for c in (0, 1, 3)] == [
        "муниципальный координатор", "Петров Олег Ильич", "весь район"]


def test_deficit_create_overcome_and_filter(page, db, ids):
    dialog = page.deficits.make_dialog(None)
    set_combo(dialog.person, "Иванова")
    dialog.subject.setText("математика")
    dialog.found_on.set_date(dt.date(2026, 10, 1))
    dialog.score_before.setText("сорок")
    assert not saved(dialog)
    assert dialog.error_text("topic") == "Опишите затруднение (тему)."
    assert "не число" in dialog.error_text("score_before")
    dialog.topic.setPlainText("Решение задач с параметром")
    dialog.score_before.setText("42,5")
    dialog.overcome_on.set_date(dt.date(2026, 11, 1))
    assert not saved(dialog)
    assert "отметьте «Преодолено»" in dialog.error_text("overcome")
    dialog.overcome_on.set_date(None)
    assert saved(dialog)
    page.refresh()
    page.open_only.setChecked(True)
    assert page.deficits.select(dialog.saved_id)
    page.mark_overcome()
    with db.session() as s:
        d = s.get(ProfessionalDeficit, dialog.saved_id)
        assert (d.score_before, d.overcome, d.overcome_on) == (42.5, True, TODAY)
    assert page.deficits.model.rowCount() == 0  # only the open ones are shown
    page.open_only.setChecked(False)
    assert page.deficits.model.rowCount() == 1


def test_course_hours_must_be_a_number(page, db):
    dialog = page.courses.make_dialog(None)
    set_combo(dialog.person, "Иванова")
    dialog.title.setText("Формирование функциональной грамотности")
    dialog.hours.setText("тридцать шесть")
    dialog.date_from.set_date(dt.date(2026, 3, 10))
    dialog.date_to.set_date(dt.date(2026, 3, 1))
    assert not saved(dialog)
    assert "не число" in dialog.error_text("hours")
    dialog.hours.setText("36")
    assert not saved(dialog)
    assert dialog.error_text("date_to") == "Дата окончания не может быть раньше даты начала."
    dialog.date_to.set_date(dt.date(2026, 3, 20))
    assert saved(dialog)
    with db.session() as s:
        assert s.get(Course, dialog.saved_id).hours == 36


def test_deleting_a_person_in_a_pair_is_refused(page, db, ids, monkeypatch):
    with db.transaction() as s:
        s.add(MentoringPair(kind="teacher", mentor_person_id=ids.petrov, mentee_person_id=ids.ivanova))
        s.add(SupportAssignment(person_id=ids.petrov, school_id=ids.a, role="curator"))
    page.refresh()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("must not ask"))
    assert page.people.select(ids.petrov)
    page.people.delete()
    assert shown[0][0] == "Удаление невозможно"
    assert "1 пара наставничества" in shown[0][1] and "1 назначение" in shown[0][1]
    with db.session() as s:
        assert s.get(Person, ids.petrov) is not None


def test_deleting_a_person_explains_what_goes_and_keeps_visit_names(page, db, ids, monkeypatch):
    with db.transaction() as s:
        s.add(ProfessionalDeficit(person_id=ids.ivanova, topic="Дроби"))
        s.add(Course(person_id=ids.ivanova, title="Курс"))
        visit = MethodicalVisit(school_id=ids.a, date=dt.date(2026, 10, 1))
        s.add(visit)
        s.flush()
        s.add(ObservedLesson(visit_id=visit.id, teacher_person_id=ids.ivanova, subject="математика"))
    page.refresh()
    asked = []

    def question(_parent, title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    assert page.people.select(ids.ivanova)
    page.people.delete()  # answered «Нет»: nothing happens
    with db.session() as s:
        assert s.get(Person, ids.ivanova) is not None
    assert "Вместе с записью будут удалены: 1 запись в реестре затруднений; 1 курс повышения квалификации" \
        in asked[0]
    assert "1 посещённый урок" in asked[0]
    page.people.delete()
    with db.session() as s:
        assert s.get(Person, ids.ivanova) is None
        assert s.query(ProfessionalDeficit).count() == 0 and s.query(Course).count() == 0
        assert s.query(ObservedLesson).one().teacher_name == "Иванова Мария Петровна"


def test_development_map_shows_everything_for_one_person(page, db, ids, qtbot):
    with db.transaction() as s:
        s.add_all([
            ProfessionalDeficit(person_id=ids.ivanova, topic="Дроби", overcome=True),
            ProfessionalDeficit(person_id=ids.ivanova, topic="Проценты"),
            Course(person_id=ids.ivanova, title="Курс 1", hours=36),
            Course(person_id=ids.ivanova, title="Курс 2", hours=72),
            MentoringPair(kind="teacher", mentor_person_id=ids.petrov, mentee_person_id=ids.ivanova),
            SupportAssignment(person_id=ids.ivanova, school_id=ids.b, role="tutor"),
        ])
    dialog = page.make_development_map(ids.ivanova)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Карта профессионального развития — Иванова Мария Петровна"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Затруднения (2)", "Курсы (2)", "Наставничество (1)", "Сопровождение школ (1)",
        "Посещённые уроки (0)"]
    assert "Затруднений: 2 (преодолено 1); курсов: 2 (108 ч)" in dialog.header.text()
    pairs = dialog.tables["pairs"].model
    assert pairs.index(0, 0).data() == "наставляемый" and pairs.index(0, 2).data() == "Петров О.И. (СОШ № 10)"


def test_course_hours_read_as_people_write_them():
    from shnor_desktop.ui.pages.mentoring import hours_text

    assert hours_text(36.0) == "36\u00a0ч" and hours_text(1.5) == "1,5\u00a0ч" and hours_text(None) == ""
