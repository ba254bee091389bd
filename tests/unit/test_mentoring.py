"""Mentoring services: validation messages, deletion rules, the development map."""

from __future__ import annotations

import datetime as dt

import pytest

from shnor_desktop.models import (
    Course,
    MethodicalVisit,
    ObservedLesson,
    Person,
    ProfessionalDeficit,
    School,
    VisitMember,
)
from shnor_desktop.tracking import mentoring as svc
from shnor_desktop.validation import ValidationError

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def ids(db):
    with db.transaction() as s:
        a = School(full_name="МБОУ «СОШ № 6»", short_name="СОШ № 6")
        b = School(full_name="МБОУ «СОШ № 2»", short_name="СОШ № 2")
        s.add_all([a, b])
        s.flush()
        t1 = svc.create_person(s, svc.PersonData(last_name=" Иванова ", first_name="Мария",
                                                 middle_name="Петровна", school_id=a.id))
        t2 = svc.create_person(s, svc.PersonData(last_name="Петров", first_name="Олег", school_id=b.id,
                                                 category="director"))
        return {"a": a.id, "b": b.id, "t1": t1.id, "t2": t2.id}


def errors_of(db, fn, *args, **kw) -> dict[str, str]:
    with pytest.raises(ValidationError) as info, db.transaction() as s:
        fn(s, *args, **kw)
    return info.value.errors


def test_person_is_cleaned_and_validated(db, ids):
    with db.session() as s:
        person = s.get(Person, ids["t1"])
        assert person.last_name == "Иванова" and svc.short_name(person) == "Иванова М.П."
    errors = errors_of(db, svc.create_person, svc.PersonData(last_name="", email="ivanova@", phone="12",
                                                             category="x", school_id=999))
    assert errors == {
        "last_name": "Введите фамилию.",
        "category": "Выберите категорию: учитель, руководитель ОО, методист…",
        "email": "Адрес электронной почты записан неверно: нужен вид school@mail.ru (один адрес).",
        "phone": "Номер телефона слишком короткий или слишком длинный: проверьте цифры.",
        "school_id": "Выбранная школа удалена из реестра. Обновите список.",
    }


def test_stale_version_is_refused(db, ids):
    data = svc.PersonData(last_name="Иванова", position="учитель")
    with db.transaction() as s:
        svc.update_person(s, ids["t1"], data, version=1)
    assert errors_of(db, svc.update_person, ids["t1"], data, version=1) == {
        "version": "Запись уже изменил другой пользователь. Обновите список и повторите изменение."}


def test_pairs_by_kind(db, ids):
    assert errors_of(db, svc.create_pair, svc.PairData(kind="")) == {
        "kind": "Выберите вид наставничества: школа-школе, руководитель-руководителю или учитель-учителю."}
    assert errors_of(db, svc.create_pair, svc.PairData(kind="school", mentor_school_id=ids["a"],
                                                       mentee_school_id=ids["a"])) == {
        "mentee_school_id": "Школа не может быть наставником самой себе."}
    assert errors_of(db, svc.create_pair, svc.PairData(
        kind="head", mentor_person_id=ids["t2"], date_from=dt.date(2026, 9, 1),
        date_to=dt.date(2026, 8, 1))) == {
        "mentee_person_id": "Выберите наставляемого.",
        "date_to": "Дата окончания не может быть раньше даты начала."}
    with db.transaction() as s:
        pair = svc.create_pair(s, svc.PairData(kind="teacher", mentor_person_id=ids["t2"],
                                               mentee_person_id=ids["t1"]))
        assert (pair.mentor_school_id, pair.mentee_school_id) == (ids["b"], ids["a"])
        svc.set_pair_state(s, pair.id, "done")
    with db.session() as s:
        [stored] = svc.list_pairs(s)
        assert stored.state == "done"
        assert svc.pair_side(stored, "mentor") == "Петров О. (СОШ № 2)"
        assert svc.pair_side(stored, "mentee") == "Иванова М.П. (СОШ № 6)"


def test_support_roles(db, ids):
    assert errors_of(db, svc.create_support, svc.SupportData(person_id=ids["t2"], role="tutor")) == {
        "school_id": "Выберите школу, к которой прикреплён куратор (наставник, тьютор)."}
    with db.transaction() as s:
        svc.create_support(s, svc.SupportData(person_id=ids["t2"], role="coordinator"))
    with db.session() as s:
        assert [(a.role, a.school) for a in svc.list_support(s)] == [("coordinator", None)]


def test_deficit_dates_and_scores(db, ids):
    errors = errors_of(db, svc.create_deficit, svc.DeficitData(
        person_id=ids["t1"], topic=" ", found_on=dt.date(2026, 11, 24), score_before=-1,
        overcome_on=dt.date(2026, 11, 1)), today=TODAY)
    assert errors == {
        "topic": "Опишите затруднение (тему).",
        "found_on": "Дата выявления не может быть позже сегодняшнего дня.",
        "overcome_on": "Дата преодоления не может быть раньше даты выявления.",
        "overcome": "Указана дата преодоления: отметьте «Преодолено» или очистите дату.",
        "score_before": "Балл диагностики не может быть отрицательным.",
    }
    with db.transaction() as s:
        d = svc.create_deficit(s, svc.DeficitData(person_id=ids["t1"], topic="Дроби",
                                                  found_on=dt.date(2026, 10, 1)), today=TODAY)
        svc.mark_overcome(s, d.id, on=dt.date(2026, 11, 20))
    with db.session() as s:
        stored = s.get(ProfessionalDeficit, d.id)
        assert (stored.overcome, stored.overcome_on) == (True, dt.date(2026, 11, 20))
    with pytest.raises(ValidationError, match="раньше даты выявления"), db.transaction() as s:
        svc.mark_overcome(s, d.id, on=dt.date(2026, 9, 1))


def test_course_hours(db, ids):
    assert errors_of(db, svc.create_course, svc.CourseData(person_id=None, title="", hours=0)) == {
        "person_id": "Выберите педагога.", "title": "Введите название курса.",
        "hours": "Объём курса — от 1 до 3000 часов (или оставьте поле пустым)."}


def test_person_deletion_rules(db, ids):
    with db.transaction() as s:
        svc.create_pair(s, svc.PairData(kind="teacher", mentor_person_id=ids["t2"],
                                        mentee_person_id=ids["t1"]))
        s.add_all([ProfessionalDeficit(person_id=ids["t1"], topic="A"),
                   ProfessionalDeficit(person_id=ids["t1"], topic="B"),
                   Course(person_id=ids["t1"], title="К")])
        visit = MethodicalVisit(school_id=ids["a"], date=dt.date(2026, 10, 1))
        s.add(visit)
        s.flush()
        s.add(VisitMember(visit_id=visit.id, person_id=ids["t1"]))
    with db.session() as s:
        impact = svc.person_delete_impact(s, ids["t1"])
    assert impact.blocking == ["1 пара наставничества"]
    assert svc.describe_impact("Иванова Мария Петровна", impact) == (
        "Нельзя удалить «Иванова Мария Петровна»: на эту запись ссылаются 1 пара наставничества. "
        "Сначала удалите или измените их, либо отметьте человека как выбывшего (архив).")
    with pytest.raises(ValidationError, match="Нельзя удалить"), db.transaction() as s:
        svc.delete_person(s, ids["t1"])
    with db.transaction() as s:
        svc.delete_records(s, type(svc.list_pairs(s)[0]), [p.id for p in svc.list_pairs(s)])
    with db.session() as s:
        impact = svc.person_delete_impact(s, ids["t1"])
    assert svc.describe_impact("Иванова М.П.", impact) == (
        "Удалить «Иванова М.П.»?\n\nВместе с записью будут удалены: 2 записи в реестре затруднений; "
        "1 курс повышения квалификации.\n\nОстанутся (с ФИО текстом): участие в 1 выезде.")
    with db.transaction() as s:
        svc.delete_person(s, ids["t1"])
    with db.session() as s:
        assert s.query(ProfessionalDeficit).count() == 0 and s.query(Course).count() == 0
        member = s.query(VisitMember).one()
        assert (member.person_id, member.name) == (None, "Иванова Мария Петровна")


def test_development_map(db, ids):
    with db.transaction() as s:
        svc.create_pair(s, svc.PairData(kind="teacher", mentor_person_id=ids["t2"],
                                        mentee_person_id=ids["t1"]))
        svc.create_course(s, svc.CourseData(person_id=ids["t1"], title="К1", hours=36))
        svc.create_course(s, svc.CourseData(person_id=ids["t1"], title="К2", hours=16))
        svc.create_deficit(s, svc.DeficitData(person_id=ids["t1"], topic="Дроби"))
        visit = MethodicalVisit(school_id=ids["a"], date=dt.date(2026, 10, 1))
        s.add(visit)
        s.flush()
        s.add(ObservedLesson(visit_id=visit.id, teacher_person_id=ids["t1"], class_name="6 А"))
    with db.session() as s:
        m = svc.development_map(s, ids["t1"])
    assert (m.school_name, len(m.as_mentee), len(m.as_mentor), m.course_hours) == ("СОШ № 6", 1, 0, 52)
    assert [d.topic for d in m.open_deficits] == ["Дроби"]
    assert [x.class_name for x in m.lessons] == ["6 А"] and m.lessons[0].visit.school.short_name == "СОШ № 6"
    with pytest.raises(ValidationError), db.session() as s:
        svc.development_map(s, 999)
