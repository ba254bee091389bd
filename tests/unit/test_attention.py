"""What needs attention today and what is overdue, with the date injected."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from shnor_desktop import cli
from shnor_desktop.models import (
    MethodicalVisit,
    Partnership,
    PartnershipPlanItem,
    Recommendation,
    RoadmapItem,
    School,
    SchoolStatus,
    VisitMember,
)
from shnor_desktop.tracking import attention as att
from shnor_desktop.validation import ValidationError

TODAY = dt.date(2026, 11, 25)  # a Wednesday: the week is 23.11–29.11


def d(day: int, month: int = 11, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


@pytest.fixture
def schools(db):
    with db.transaction() as s:
        rows = [School(full_name=f"МБОУ «СОШ № {n}»", short_name=f"СОШ № {n}") for n in range(1, 7)]
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


def test_roadmap_overdue_only_open_items(db):
    with db.transaction() as s:
        s.add_all([
            RoadmapItem(roadmap="К", measure="Просрочено", deadline=d(20), responsible="Иванова И.И.",
                        state="planned"),
            RoadmapItem(roadmap="К", measure="Выполняется, просрочено", deadline=d(1, 9),
                        state="in_progress"),
            RoadmapItem(roadmap="К", measure="Срок сегодня", deadline=TODAY, state="planned"),
            RoadmapItem(roadmap="К", measure="Выполнено", deadline=d(1, 9), state="done"),
            RoadmapItem(roadmap="К", measure="Отменено", deadline=d(1, 9), state="cancelled"),
        ])
    with db.session() as s:
        items = att.attention_today(s, TODAY).roadmap
    assert [(i.what, i.days_overdue) for i in items] == [("Выполняется, просрочено", 85), ("Просрочено", 5)]
    assert items[1].responsible == "Иванова И.И." and items[1].page == "roadmap"
    assert items[1].kind_label == "Дорожная карта"


def test_visits_of_this_week(db, schools):
    with db.transaction() as s:
        days = ((22, "planned"), (23, "planned"), (29, "done"), (30, "planned"), (26, "cancelled"))
        for day, state in days:
            s.add(MethodicalVisit(school_id=schools[0], date=d(day), state=state, purpose=f"выезд {day}"))
        s.flush()
        visit = s.query(MethodicalVisit).filter_by(date=d(23)).one()
        s.add(VisitMember(visit_id=visit.id, name="Петрова А.А."))
    with db.session() as s:
        items = att.attention_today(s, TODAY).visits
    assert [i.when for i in items] == [d(23), d(29)]
    assert items[0].what == "Выезд в СОШ № 1: выезд 23" and items[0].responsible == "Петрова А.А."
    assert items[0].page == "visits"


def test_recommendations_past_deadline(db, schools):
    with db.transaction() as s:
        visit = MethodicalVisit(school_id=schools[1], date=d(1, 10), state="done")
        s.add(visit)
        s.flush()
        s.add_all([
            Recommendation(visit_id=visit.id, text="Провести педсовет", deadline=d(20),
                           responsible="Директор"),
            Recommendation(visit_id=visit.id, text="Выполнено", deadline=d(20), done=True),
            Recommendation(visit_id=visit.id, text="Срок сегодня", deadline=TODAY),
            Recommendation(visit_id=visit.id, text="Без срока"),
        ])
    with db.session() as s:
        items = att.attention_today(s, TODAY).recommendations
    assert [(i.what, i.days_overdue, i.responsible) for i in items] == [
        ("СОШ № 2: Провести педсовет", 5, "Директор")]
    assert items[0].detail == "выезд 01.10.2026"


def test_agreements_expiring_within_60_days_or_expired_but_active(db, schools):
    a, b, c, e, f, g = schools
    with db.transaction() as s:
        s.add_all([
            Partnership(leader_school_id=a, supported_school_id=b, number="1", state="active",
                        term_end=TODAY + dt.timedelta(days=60)),
            Partnership(leader_school_id=a, supported_school_id=c, number="2", state="active",
                        term_end=TODAY + dt.timedelta(days=61)),
            Partnership(leader_school_id=a, supported_school_id=e, number="3", state="active",
                        term_end=d(15)),
            Partnership(leader_school_id=a, supported_school_id=f, number="4", state="expired",
                        term_end=d(15)),
            Partnership(leader_school_id=a, supported_school_id=g, number="5", state="active"),
        ])
    with db.session() as s:
        items = att.attention_today(s, TODAY).agreements
    assert [(i.what, i.days_overdue) for i in items] == [
        ("Договор № 3 СОШ № 1 — СОШ № 4", 10), ("Договор № 1 СОШ № 1 — СОШ № 2", 0)]
    assert items[0].detail == "срок истёк 15.11.2026, а договор значится действующим"
    assert items[1].detail == "истекает через 60 дней"


def test_overdue_lists_everything_late_longest_first(db, schools):
    with db.transaction() as s:
        p = Partnership(leader_school_id=schools[0], supported_school_id=schools[1], number="9",
                        state="active", term_end=d(1))
        visit = MethodicalVisit(school_id=schools[1], date=d(1, 10), state="done")
        s.add_all([p, visit])
        s.flush()
        s.add_all([
            PartnershipPlanItem(partnership_id=p.id, kind="seminar", title="Семинар", date_from=d(10),
                                state="planned", responsible="Сидорова"),
            PartnershipPlanItem(partnership_id=p.id, title="Готово", date_from=d(10), state="done"),
            RoadmapItem(roadmap="К", measure="Анализ ВПР", deadline=d(1, 10), state="planned"),
            Recommendation(visit_id=visit.id, text="Составить план", deadline=d(22)),
        ])
    with db.session() as s:
        items = att.overdue(s, TODAY)
    assert [(i.kind, i.days_overdue) for i in items] == [
        ("roadmap", 55), ("agreement", 24), ("plan_item", 15), ("recommendation", 3)]
    assert items[2].what == "СОШ № 2: семинар «Семинар»"


def test_cli_overdue_csv(db, data_dir, capsys):
    with db.transaction() as s:
        s.add(RoadmapItem(roadmap="К", measure="Анализ ВПР", deadline=d(1, 10), responsible="Хняч И.Н."))
    assert cli.main(["--data-dir", str(data_dir), "overdue", "--csv", "--today", "2026-11-25"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["kind", "what", "deadline", "responsible", "days_overdue"],
                    ["Дорожная карта", "Анализ ВПР", "01.10.2026", "Хняч И.Н.", "55"]]
    assert cli.main(["--data-dir", str(data_dir), "overdue", "--today", "2026-09-01"]) == 0
    assert capsys.readouterr().out.strip() == "Всего просрочено: 0"


SEED_001 = {"base_year": 2022, "base_count": 5, "base_percent": 29.0,
            "target_year": 2024, "target_count": 1, "target_percent": 5.0}


def test_no_target_is_built_in_and_the_districts_own_is_kept(db, schools):
    with db.session() as s:
        progress = att.target_progress(s)
    assert progress.target is None  # another district's target is never assumed
    assert progress.text() == "Статусы ШНОР ещё не присвоены ни одной школе. Цель не задана."
    with db.transaction() as s:
        att.save_target(s, SEED_001)
    with db.session() as s:
        progress = att.target_progress(s)
    assert progress.target_text() == "5 ОО (29 %) в 2022 г. → 1 ОО (5 %) к 2024 г."
    assert progress.year is None and progress.reached is None
    assert progress.text() == ("Статусы ШНОР ещё не присвоены ни одной школе. "
                               "Цель: 5 ОО (29 %) в 2022 г. → 1 ОО (5 %) к 2024 г.")
    with db.transaction() as s:
        for i in schools[:3]:
            s.add(SchoolStatus(school_id=i, kind="shnor", year=2025))
        s.add(SchoolStatus(school_id=schools[0], kind="shnor", year=2024))
        s.add(SchoolStatus(school_id=schools[4], kind="shnsu", year=2026))  # not ШНОР
    with db.session() as s:
        progress = att.target_progress(s)
    assert (progress.year, progress.count, progress.schools) == (2025, 3, 6)
    assert progress.reached is False
    assert progress.text() == ("ШНОР в 2025 г.: 3 ОО (50,0\u00a0%). Цель: 5 ОО (29 %) в 2022 г. → "
                               "1 ОО (5 %) к 2024 г. До цели: на 2 школы меньше.")
    with db.transaction() as s:
        att.save_target(s, {**SEED_001, "target_count": 3, "target_year": 2026})
    with db.session() as s:
        progress = att.target_progress(s)
    assert progress.reached is True and progress.text().endswith("Цель достигнута.")
    with pytest.raises(ValidationError) as info, db.transaction() as s:
        att.save_target(s, {**SEED_001, "target_year": 2020, "base_percent": 150})
    assert set(info.value.errors) == {"base_percent"}
    with pytest.raises(ValidationError, match="раньше исходного"), db.transaction() as s:
        att.save_target(s, {**SEED_001, "target_year": 2020})
