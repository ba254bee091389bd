"""Methodical visit services on a real temp SQLite database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from shnor_desktop.models import (
    MethodicalVisit,
    ObservedLesson,
    Recommendation,
    School,
    SchoolStatus,
    VisitMember,
    login_number,
)
from shnor_desktop.tracking import visits as svc
from shnor_desktop.validation import ValidationError

TODAY = dt.date(2026, 11, 23)  # a Monday


def add_school(session, login: str, name: str, **kw) -> School:
    s = School(fis_login=login, login_number=login_number(login), full_name=f"МБОУ «{name}»",
               short_name=name, **kw)
    session.add(s)
    session.flush()
    return s


@pytest.fixture
def schools(db):
    with db.transaction() as s:
        ids = {name: add_school(s, f"sch1000{i:02d}", name).id
               for i, name in enumerate(["СОШ №1", "СОШ №2", "СОШ №3", "ООШ №4"], start=1)}
        ids["archived"] = add_school(s, "sch100099", "Закрытая школа", archived=True).id
        return ids


def form(school_id: int, date: dt.date, **kw) -> svc.VisitForm:
    visit = svc.VisitData(school_id, date, basis="План методических выездов на 2026 год",
                          purpose="Оказание методической помощи",
                          state=kw.pop("state", "done"))
    return svc.VisitForm(visit, **kw)


def test_create_with_members_lessons_recommendations(db, schools):
    f = form(schools["СОШ №1"], dt.date(2026, 3, 12),
             members=[svc.MemberData("Плесецкая Ольга Викторовна", "директор МКУО КМЦ")],
             lessons=[svc.LessonData("Петрова Анна Ивановна", "5Б", "математика", "Дроби",
                                     "Нет этапа рефлексии")],
             recommendations=[svc.RecommendationData(
                 "Включить в уроки этап рефлексии", "учителям математики", "заместитель директора",
                 dt.date(2026, 5, 1))])
    with db.transaction() as s:
        vid = svc.save_visit(s, f, today=TODAY).id
    with db.session() as s:
        v = svc.get_visit(s, vid)
        assert v.school.short_name == "СОШ №1"
        assert [(m.name, m.position) for m in v.members] == [
            ("Плесецкая Ольга Викторовна", "директор МКУО КМЦ")]
        assert [(x.class_name, x.subject, x.remarks) for x in v.lessons] == [
            ("5Б", "математика", "Нет этапа рефлексии")]
        assert svc.recommendation_counts(v, TODAY) == (1, 1, 1)  # all open, overdue on 23.11.2026
        assert svc.recommendation_counts(v, dt.date(2026, 4, 1)) == (1, 1, 0)


def test_validation_messages(db, schools):
    f = svc.VisitForm(
        svc.VisitData(None, None, state="done"),
        members=[svc.MemberData("  ")],
        lessons=[svc.LessonData("")],
        recommendations=[svc.RecommendationData("")],
    )
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.save_visit(s, f, today=TODAY)
    assert err.value.messages == [
        "Выберите школу.", "Укажите дату выезда.",
        "Состав комиссии, строка 1: укажите ФИО.",
        "Посещённые уроки, строка 1: укажите учителя.",
        "Рекомендации, строка 1: укажите текст рекомендации.",
    ]


def test_dates_in_order_and_done_not_in_future(db, schools):
    f = form(schools["СОШ №1"], dt.date(2026, 12, 3),
             recommendations=[svc.RecommendationData("Текст", deadline=dt.date(2026, 12, 1))])
    f.visit.date_end = dt.date(2026, 12, 2)
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.save_visit(s, f, today=TODAY)
    assert err.value.errors == {
        "date_end": "Дата окончания выезда раньше даты начала.",
        "state": "Выезд на 03.12.2026 ещё не наступил: он не может быть отмечен как проведённый.",
        "recommendations.0.deadline": "Рекомендации, строка 1: срок выполнения раньше даты выезда.",
    }
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(MethodicalVisit)) == 0


def test_update_keeps_recommendation_ids_and_drops_removed_rows(db, schools):
    f = form(schools["СОШ №2"], dt.date(2026, 2, 1),
             members=[svc.MemberData("Иванова И.И."), svc.MemberData("Сидорова Ю.В.")],
             lessons=[svc.LessonData("Петров П.П.")],
             recommendations=[svc.RecommendationData("Первая"), svc.RecommendationData("Вторая")])
    with db.transaction() as s:
        v = svc.save_visit(s, f, today=TODAY)
        vid, version = v.id, v.version
        first_id = v.recommendations[0].id
    with db.session() as s:
        v = svc.get_visit(s, vid)
        f2 = svc.VisitForm(svc.VisitData.of(v), [svc.MemberData.of(v.members[1])], [],
                           [svc.RecommendationData.of(v.recommendations[0])])
    f2.recommendations[0].text = "Первая (уточнено)"
    f2.visit.findings = "Выводы"
    with db.transaction() as s:
        svc.save_visit(s, f2, visit_id=vid, version=version, today=TODAY)
    with db.session() as s:
        v = svc.get_visit(s, vid)
        assert v.findings == "Выводы"
        assert [m.name for m in v.members] == ["Сидорова Ю.В."]
        assert [(r.id, r.text) for r in v.recommendations] == [(first_id, "Первая (уточнено)")]
        assert s.scalar(select(func.count()).select_from(VisitMember)) == 1
        assert s.scalar(select(func.count()).select_from(ObservedLesson)) == 0
        assert s.scalar(select(func.count()).select_from(Recommendation)) == 1


def test_follow_up_of_previous_recommendations(db, schools):
    school = schools["СОШ №3"]
    with db.transaction() as s:
        first = svc.save_visit(s, form(school, dt.date(2026, 3, 10), recommendations=[
            svc.RecommendationData("Провести диагностику", deadline=dt.date(2026, 5, 1)),
            svc.RecommendationData("Уже сделано", done=True, done_on=dt.date(2026, 4, 1)),
        ]), today=TODAY)
        # another school's recommendation is never offered
        svc.save_visit(s, form(schools["СОШ №1"], dt.date(2026, 3, 10),
                               recommendations=[svc.RecommendationData("Чужая")]), today=TODAY)
        open_id = first.recommendations[0].id
    second_date = dt.date(2026, 11, 20)
    with db.session() as s:
        offered = svc.open_recommendations_before(s, school, second_date)
        assert [r.text for r in offered] == ["Провести диагностику"]
        assert offered[0].visit.date == dt.date(2026, 3, 10)
        # nothing before the first visit itself
        assert svc.open_recommendations_before(s, school, dt.date(2026, 3, 10)) == []

    f = form(school, second_date, follow_ups=[svc.FollowUp(open_id, True, "Диагностика проведена")])
    with db.transaction() as s:
        second_id = svc.save_visit(s, f, today=TODAY).id
    with db.session() as s:
        rec = s.get(Recommendation, open_id)
        assert (rec.done, rec.done_on, rec.check_note) == (True, second_date, "Диагностика проведена")
        # reopening the second visit still shows what it checked…
        again = svc.open_recommendations_before(s, school, second_date, exclude_visit_id=second_id)
        assert [(r.id, r.done) for r in again] == [(open_id, True)]
        # …and a later visit no longer sees it
        assert svc.open_recommendations_before(s, school, dt.date(2026, 12, 1)) == []

    # unchecking at the same visit reopens it
    with db.transaction() as s:
        f.follow_ups = [svc.FollowUp(open_id, False, "")]
        svc.save_visit(s, f, visit_id=second_id, today=TODAY)
    with db.session() as s:
        rec = s.get(Recommendation, open_id)
        assert (rec.done, rec.done_on) == (False, None)


def test_follow_up_refuses_foreign_recommendation(db, schools):
    with db.transaction() as s:
        other = svc.save_visit(s, form(schools["СОШ №1"], dt.date(2026, 3, 10),
                                       recommendations=[svc.RecommendationData("Чужая")]),
                               today=TODAY)
        foreign_id = other.recommendations[0].id
    f = form(schools["СОШ №2"], dt.date(2026, 11, 1), follow_ups=[svc.FollowUp(foreign_id, True)])
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.save_visit(s, f, today=TODAY)
    assert "follow_ups" in err.value.errors


def test_schools_not_visited_and_shnor_without_visit(db, schools):
    with db.transaction() as s:
        svc.save_visit(s, form(schools["СОШ №1"], dt.date(2026, 10, 1)), today=TODAY)  # 53 days
        svc.save_visit(s, form(schools["СОШ №2"], dt.date(2025, 12, 20)), today=TODAY)  # 338 days
        cancelled = form(schools["СОШ №3"], dt.date(2026, 11, 1), state="cancelled")
        svc.save_visit(s, cancelled, today=TODAY)
        planned = form(schools["ООШ №4"], dt.date(2026, 12, 1), state="planned")  # in the future
        svc.save_visit(s, planned, today=TODAY)
        for name in ("СОШ №1", "СОШ №2", "СОШ №3"):
            s.add(SchoolStatus(school_id=schools[name], kind="shnor", year=2025))
        s.add(SchoolStatus(school_id=schools["ООШ №4"], kind="shnor", year=2023))
        s.add(SchoolStatus(school_id=schools["archived"], kind="shnor", year=2025))

    with db.session() as s:
        gaps = svc.schools_not_visited_for(s, 90, TODAY)
        assert [(g.school.short_name, g.last_visit, g.days) for g in gaps] == [
            ("ООШ №4", None, None), ("СОШ №3", None, None),
            ("СОШ №2", dt.date(2025, 12, 20), 338),
        ]
        assert [g.school.short_name for g in svc.schools_not_visited_for(s, 30, TODAY)] == [
            "ООШ №4", "СОШ №3", "СОШ №2", "СОШ №1"]
        # 2026 uses the latest list before it (2025); СОШ №1 was visited in 2026
        assert [g.school.short_name for g in svc.shnor_without_visit(s, 2026, TODAY)] == [
            "СОШ №3", "СОШ №2"]
        assert [g.school.short_name for g in svc.shnor_without_visit(s, 2023, dt.date(2023, 6, 1))] == [
            "ООШ №4"]
        assert svc.shnor_without_visit(s, 2022, TODAY) == []


def test_visits_in_week_and_overdue_recommendations(db, schools):
    with db.transaction() as s:
        svc.save_visit(s, form(schools["СОШ №1"], dt.date(2026, 11, 29), state="planned"), today=TODAY)
        svc.save_visit(s, form(schools["СОШ №2"], dt.date(2026, 11, 30), state="planned"), today=TODAY)
        svc.save_visit(s, form(schools["СОШ №3"], dt.date(2026, 11, 25), state="cancelled"), today=TODAY)
        svc.save_visit(s, form(schools["ООШ №4"], dt.date(2026, 11, 23), recommendations=[
            svc.RecommendationData("Сегодняшний срок", deadline=dt.date(2026, 11, 23))]), today=TODAY)
        svc.save_visit(s, form(schools["СОШ №2"], dt.date(2026, 9, 1), recommendations=[
            svc.RecommendationData("Просрочена", deadline=dt.date(2026, 10, 1)),
            svc.RecommendationData("Выполнена", deadline=dt.date(2026, 10, 1), done=True,
                                   done_on=dt.date(2026, 9, 20)),
            svc.RecommendationData("Без срока"),
        ]), today=TODAY)
    with db.session() as s:
        week = svc.visits_in_week(s, TODAY)
        assert [(v.school.short_name, v.date) for v in week] == [
            ("ООШ №4", dt.date(2026, 11, 23)), ("СОШ №1", dt.date(2026, 11, 29))]
        overdue = svc.overdue_recommendations(s, TODAY)
        assert [(r.text, r.visit.school.short_name) for r in overdue] == [("Просрочена", "СОШ №2")]
    assert svc.week_bounds(dt.date(2026, 11, 29)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))


def test_delete_describes_what_goes(db, schools):
    with db.transaction() as s:
        vid = svc.save_visit(s, form(
            schools["СОШ №1"], dt.date(2026, 3, 12),
            members=[svc.MemberData("А"), svc.MemberData("Б")],
            lessons=[svc.LessonData("В")],
            recommendations=[svc.RecommendationData(str(i)) for i in range(5)]), today=TODAY).id
    with db.session() as s:
        assert svc.describe_deletion(s, vid) == (
            "Удалить выезд в «СОШ №1» 12.03.2026?\n\nВместе с ним будут удалены: "
            "2 члена комиссии, 1 посещённый урок, 5 рекомендаций.")
    with db.transaction() as s:
        svc.delete_visit(s, vid)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Recommendation)) == 0
        assert s.scalar(select(func.count()).select_from(VisitMember)) == 0
