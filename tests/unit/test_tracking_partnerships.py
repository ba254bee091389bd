"""Partnership services on a real temp SQLite database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from shnor_desktop.models import Partnership, PartnershipPlanItem, School, SchoolStatus, login_number
from shnor_desktop.models.enums import AgreementState, PlanItemKind, WorkState
from shnor_desktop.tracking import partnerships as svc
from shnor_desktop.validation import ValidationError

TODAY = dt.date(2026, 11, 23)


def add_school(session, login: str, name: str) -> School:
    s = School(fis_login=login, login_number=login_number(login), full_name=f"МБОУ «{name}»", short_name=name)
    session.add(s)
    session.flush()
    return s


@pytest.fixture
def schools(db):
    with db.transaction() as s:
        six = add_school(s, "sch100006", "СОШ №6")
        ten = add_school(s, "sch100010", "СОШ №10")
        two = add_school(s, "sch100002", "СОШ №2")
        green = add_school(s, "sch100020", "Зеленорощинская СОШ")
        return {"six": six.id, "ten": ten.id, "two": two.id, "green": green.id}


def data(schools, **kw) -> svc.PartnershipData:
    base = dict(leader_school_id=schools["six"], supported_school_id=schools["ten"], number="12",
                agreement_date=dt.date(2026, 5, 7), city="Лениногорск",
                term_start=dt.date(2026, 5, 7), term_end=dt.date(2026, 12, 31),
                state=AgreementState.ACTIVE.value)
    base.update(kw)
    return svc.PartnershipData(**base)


def test_create_and_list(db, schools):
    with db.transaction() as s:
        p = svc.create_partnership(s, data(schools))
        pid = p.id
    with db.session() as s:
        [p] = svc.list_partnerships(s)
    assert p.id == pid
    assert p.leader.short_name == "СОШ №6" and p.supported.short_name == "СОШ №10"
    assert svc.pair_title(p) == "СОШ №6 — СОШ №10, договор № 12 от 07.05.2026"
    assert svc.term_text(p) == "07.05.2026 – 31.12.2026"
    assert svc.effective_state(p, TODAY) is AgreementState.ACTIVE


def test_self_partnering_refused(db, schools):
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.create_partnership(s, data(schools, supported_school_id=schools["six"]))
    assert "не может быть партнёром самой себе" in err.value.errors["supported_school_id"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Partnership)) == 0


def test_required_fields_and_dates_in_order(db, schools):
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.create_partnership(s, data(schools, leader_school_id=None, supported_school_id=None,
                                       term_start=dt.date(2026, 9, 1), term_end=dt.date(2026, 1, 1),
                                       agreement_date=None))
    e = err.value.errors
    assert e["leader_school_id"] == "Выберите школу-лидера (Школа 1)."
    assert e["supported_school_id"] == "Выберите поддерживаемую школу (Школа 2)."
    assert e["term_end"] == "Окончание срока договора раньше его начала."
    assert e["agreement_date"] == "У действующего договора должна быть дата заключения."


def test_agreement_date_after_term_end_refused(db, schools):
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.create_partnership(s, data(schools, agreement_date=dt.date(2027, 2, 1)))
    assert err.value.errors["agreement_date"] == "Дата договора позже окончания его срока."


def test_active_agreement_past_its_term_is_expired(db, schools):
    with db.transaction() as s:
        svc.create_partnership(s, data(schools, term_end=dt.date(2026, 6, 30)))
        svc.create_partnership(s, data(schools, leader_school_id=schools["two"],
                                       supported_school_id=schools["green"],
                                       state=AgreementState.TERMINATED.value,
                                       term_end=dt.date(2026, 6, 30)))
    with db.session() as s:
        by_leader = {p.leader.short_name: p for p in svc.list_partnerships(s)}
    assert svc.effective_state(by_leader["СОШ №6"], TODAY) is AgreementState.EXPIRED
    assert svc.effective_state(by_leader["СОШ №6"], dt.date(2026, 6, 30)) is AgreementState.ACTIVE
    # a terminated agreement stays terminated whatever its term
    assert svc.effective_state(by_leader["СОШ №2"], TODAY) is AgreementState.TERMINATED


def test_leader_flagged_shnor_in_latest_year_warns(db, schools):
    with db.transaction() as s:
        s.add(SchoolStatus(school_id=schools["six"], kind="shnor", year=2024))
        s.add(SchoolStatus(school_id=schools["ten"], kind="shnor", year=2025))
    with db.session() as s:
        # ШНОР only in 2024, the latest list is 2025: no warning
        assert svc.leader_warning(s, schools["six"]) is None
        text = svc.leader_warning(s, schools["ten"])
    assert text == ("Школа-лидер «СОШ №10» сама отнесена к ШНОР в 2025 году. "
                    "Обычно лидером выбирают школу с высокими результатами; сохранить можно.")
    # the warning does not block saving
    with db.transaction() as s:
        svc.create_partnership(s, data(schools, leader_school_id=schools["ten"],
                                       supported_school_id=schools["six"]))


def test_duplicate_active_pair_warns(db, schools):
    with db.transaction() as s:
        p = svc.create_partnership(s, data(schools))
        pid = p.id
    with db.session() as s:
        assert svc.partnership_warnings(s, data(schools)) == [
            "У этой пары уже есть действующий договор № 12 от 07.05.2026."]
        assert svc.partnership_warnings(s, data(schools), pid) == []


def test_update_state_change_and_stale_version(db, schools):
    with db.transaction() as s:
        p = svc.create_partnership(s, data(schools, state="draft", agreement_date=None))
        pid, version = p.id, p.version
    with db.transaction() as s:
        svc.update_partnership(s, pid, data(schools, number="12/2"), version=version)
    with db.transaction() as s:
        svc.set_state(s, pid, AgreementState.TERMINATED)
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert (p.number, p.state) == ("12/2", "terminated")
    with db.transaction() as s, pytest.raises(StaleDataError):
        svc.update_partnership(s, pid, data(schools, number="13"), version=version)


def test_plan_items_counts_and_validation(db, schools):
    with db.transaction() as s:
        pid = svc.create_partnership(s, data(schools)).id
        svc.add_plan_item(s, pid, svc.PlanItemData(
            "Стажировка учителей математики", PlanItemKind.INTERNSHIP.value,
            dt.date(2026, 10, 5), dt.date(2026, 10, 9), "Иванова М.П.", "учителя СОШ №10",
            WorkState.DONE.value, "Проведено 5 занятий"))
        svc.add_plan_item(s, pid, svc.PlanItemData("Совместный педсовет",
                                                   PlanItemKind.JOINT_COUNCIL.value,
                                                   dt.date(2026, 12, 10)))
        cancelled = svc.add_plan_item(s, pid, svc.PlanItemData("Мастер-класс", state="cancelled"))
        cancelled_id = cancelled.id
    with db.session() as s:
        [p] = svc.list_partnerships(s)
        assert [i.title for i in svc.sorted_plan(p)] == ["Стажировка учителей математики",
                                                        "Совместный педсовет", "Мастер-класс"]
        counts = svc.plan_counts(p)
    assert (counts.total, counts.done) == (2, 1)  # the cancelled measure is not counted

    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.update_plan_item(s, cancelled_id, svc.PlanItemData(
            "", date_from=dt.date(2026, 5, 2), date_to=dt.date(2026, 5, 1), state="done"))
    assert err.value.errors == {"title": "Укажите тему мероприятия.",
                                "date_to": "Дата окончания мероприятия раньше даты начала."}
    with db.transaction() as s:
        svc.update_plan_item(s, cancelled_id, svc.PlanItemData("Мастер-класс", state="done",
                                                               date_from=dt.date(2026, 11, 2)))
    with db.session() as s:
        assert svc.plan_counts(svc.get_partnership(s, pid)).done == 2


def test_delete_describes_and_removes_plan(db, schools):
    with db.transaction() as s:
        pid = svc.create_partnership(s, data(schools)).id
        for title in ("Семинар 1", "Семинар 2", "Семинар 3"):
            svc.add_plan_item(s, pid, svc.PlanItemData(title))
    with db.session() as s:
        text = svc.describe_deletion(s, pid)
    assert text == ("Удалить партнёрство «СОШ №6 — СОШ №10, договор № 12 от 07.05.2026»?\n\n"
                    "Вместе с ним будет удалён совместный план: 3 мероприятия.\n"
                    "Школы в реестре останутся.")
    with db.transaction() as s:
        assert svc.delete_partnership(s, pid) == 3
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(PartnershipPlanItem)) == 0
        assert s.scalar(select(func.count()).select_from(School)) == 4


def test_add_by_logins(db, schools):
    with db.transaction() as s:
        p = svc.add_partnership_by_logins(s, "edu100006", "sch100010", number="5",
                                          agreement_date=dt.date(2026, 5, 7), city="Лениногорск")
        assert (p.leader_school_id, p.supported_school_id, p.state) == (
            schools["six"], schools["ten"], "active")
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.add_partnership_by_logins(s, "sch999999", "sch100010")
    assert err.value.messages == ["Школа с логином «sch999999» не найдена в реестре."]
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        svc.add_partnership_by_logins(s, "sch100010", "edu100010")
    assert "самой себе" in str(err.value)


def test_expiring_agreements(db, schools):
    with db.transaction() as s:
        svc.create_partnership(s, data(schools, term_end=dt.date(2026, 12, 10)))
        svc.create_partnership(s, data(schools, leader_school_id=schools["two"],
                                       supported_school_id=schools["green"],
                                       term_end=dt.date(2027, 6, 1)))
    with db.session() as s:
        assert [p.leader.short_name for p in svc.expiring_agreements(s, TODAY)] == ["СОШ №6"]


def test_cli_partner_add(db, schools, data_dir, capsys):
    from shnor_desktop.cli import main

    code = main(["--data-dir", str(data_dir), "partner", "add", "--leader", "sch100006",
                 "--school", "edu100010", "--number", "7", "--date", "2026-05-07",
                 "--city", "Лениногорск"])
    out = capsys.readouterr()
    assert code == 0, out.err
    pid = int(out.out.strip())
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert (p.leader.short_name, p.supported.short_name, p.number, p.agreement_date, p.city,
                p.state) == ("СОШ №6", "СОШ №10", "7", dt.date(2026, 5, 7), "Лениногорск", "active")

    code = main(["--data-dir", str(data_dir), "partner", "add", "--leader", "sch100006",
                 "--school", "sch100006"])
    out = capsys.readouterr()
    assert code == 1 and out.out == ""
    assert "Школа не может быть партнёром самой себе" in out.err

    code = main(["--data-dir", str(data_dir), "partner", "add", "--leader", "sch555555",
                 "--school", "sch100006", "--date", "07.05.2026"])
    out = capsys.readouterr()
    assert code == 1
    assert "Школа с логином «sch555555» не найдена в реестре." in out.err

    code = main(["--data-dir", str(data_dir), "partner", "add", "--leader", "sch100006",
                 "--school", "sch100010", "--date", "2026-13-40"])
    assert code == 1
    assert "не дата" in capsys.readouterr().err
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Partnership)) == 1
