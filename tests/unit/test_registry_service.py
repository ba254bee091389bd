"""The registry service on a real temporary SQLite database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from shnor_desktop.models import DistrictProfile, School, SchoolStatus
from shnor_desktop.models.enums import SchoolStatusKind, StatusSource
from shnor_desktop.registry import service
from shnor_desktop.registry.service import ValidationError

TODAY = dt.date(2026, 11, 23)
VOEVODSK = {
    "fis_login": "edu224052",
    "full_name": 'Муниципальное бюджетное общеобразовательное учреждение "Воеводская средняя '
                 'общеобразовательная школа"',
    "short_name": 'МБОУ "Воеводская СОШ"',
    "legal_form": "МБОУ", "kind": "СОШ", "inn": "2287003893", "phone": "3859638316",
    "email": "voevodsk_school@mail.ru", "postal_code": "659444", "address": "Воеводское, пер. Школьный, 5",
    "director_name": "Хороброва Наталья Викторовна", "licence_date": "13.01.2016",
    "pupils": "163", "teachers": "17", "is_rural": True,
}


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_create_reads_back_every_field(db) -> None:
    school = service.create_school(db, VOEVODSK, today=TODAY)
    again = service.load_school(db, school.id)
    assert again.login_number == "224052"
    assert again.inn == "2287003893"
    assert again.licence_date == dt.date(2016, 1, 13)
    assert (again.pupils, again.teachers, again.is_rural) == (163, 17, True)
    assert again.director_basis == "Устава" and again.archived is False
    assert service.school_values(again)["email"] == "voevodsk_school@mail.ru"


def test_create_refuses_bad_input_and_writes_nothing(db) -> None:
    with pytest.raises(ValidationError) as caught:
        service.create_school(db, {**VOEVODSK, "short_name": "", "inn": "2287003894", "email": "нет"},
                              today=TODAY)
    assert caught.value.fields() == ["short_name", "inn", "email"]
    assert "Изменения не сохранены" in str(caught.value) and "• ИНН:" in str(caught.value)
    assert count(db, School) == 0


def test_same_login_number_is_one_school(db) -> None:
    service.create_school(db, VOEVODSK, today=TODAY)
    with pytest.raises(ValidationError) as caught:
        service.create_school(db, {**VOEVODSK, "fis_login": "sch224052", "short_name": "Другая"}, today=TODAY)
    assert "уже есть в реестре" in dict(caught.value.errors)["fis_login"]
    assert count(db, School) == 1


def test_update_changes_fields_and_checks_them(db) -> None:
    school = service.create_school(db, VOEVODSK, today=TODAY)
    updated = service.update_school(db, school.id, {"pupils": "170", "director_name": "Иванова И. И."},
                                    expected_version=school.version, today=TODAY)
    assert updated.pupils == 170 and updated.director_name == "Иванова И. И."
    assert updated.version == school.version + 1
    with pytest.raises(ValidationError):
        service.update_school(db, school.id, {"licence_date": "01.01.2027"}, today=TODAY)
    assert service.load_school(db, school.id).licence_date == dt.date(2016, 1, 13)


def test_update_with_an_old_version_is_refused(db) -> None:
    school = service.create_school(db, VOEVODSK, today=TODAY)
    service.update_school(db, school.id, {"pupils": 1}, today=TODAY)
    with pytest.raises(StaleDataError):
        service.update_school(db, school.id, {"pupils": 2}, expected_version=school.version, today=TODAY)
    assert service.load_school(db, school.id).pupils == 1


def test_login_may_stay_empty_for_several_schools(db) -> None:
    service.create_school(db, {"full_name": "А", "short_name": "А"}, today=TODAY)
    service.create_school(db, {"full_name": "Б", "short_name": "Б", "fis_login": ""}, today=TODAY)
    assert count(db, School) == 2


def test_archive_and_restore_never_delete(db) -> None:
    from shnor_desktop.registry.queries import list_schools

    school = service.create_school(db, VOEVODSK, today=TODAY)
    service.set_status(db, school.id, SchoolStatusKind.SHNOR, 2025, reason="ВПР", today=TODAY)
    assert service.archive_schools(db, [school.id]) == 1
    assert service.archive_schools(db, [school.id]) == 0
    with db.session() as s:
        assert list_schools(s) == []
        assert [x.id for x in list_schools(s, include_archived=True)] == [school.id]
    service.restore_school(db, school.id)
    restored = service.load_school(db, school.id)
    assert restored.archived is False and len(restored.statuses) == 1


def test_statuses_set_update_and_remove_with_reason(db) -> None:
    school = service.create_school(db, VOEVODSK, today=TODAY)
    service.set_status(db, school.id, SchoolStatusKind.SHNSU, 2025, reason="контекстные данные",
                       source=StatusSource.RULE, today=TODAY)
    status = service.set_status(db, school.id, "shnor", 2025, reason="ВПР ниже района",
                                basis_document="приказ от 01.09.2025 № 123", today=TODAY)
    again = service.set_status(db, school.id, "shnor", 2025, reason="ВПР и ОГЭ ниже района", today=TODAY)
    assert again.id == status.id
    loaded = service.load_school(db, school.id)
    assert service.status_text(loaded, 2025) == "ШНОР, ШНСУ"
    assert service.status_text(loaded, 2024) == ""
    shnor = next(s for s in loaded.statuses if s.kind == "shnor")
    assert shnor.reason == "ВПР и ОГЭ ниже района" and shnor.basis_document == ""
    assert service.default_status_year(db, TODAY) == 2025

    with pytest.raises(ValidationError):
        service.remove_status(db, shnor.id, reason=" ", today=TODAY)
    line = service.remove_status(db, shnor.id, reason="вышла из перечня региона", today=TODAY)
    assert line == "23.11.2026: снят статус ШНОР за 2025 г. Причина: вышла из перечня региона"
    after = service.load_school(db, school.id)
    assert service.status_text(after, 2025) == "ШНСУ"
    assert after.notes == line
    assert count(db, SchoolStatus) == 1


def test_status_needs_a_reason_and_a_sane_year(db) -> None:
    school = service.create_school(db, VOEVODSK, today=TODAY)
    with pytest.raises(ValidationError) as caught:
        service.set_status(db, school.id, "leader", 1999, reason="", today=TODAY)
    assert caught.value.fields() == ["year", "reason"]
    assert count(db, SchoolStatus) == 0


def test_default_status_year_without_statuses_is_this_year(db) -> None:
    assert service.default_status_year(db, TODAY) == 2026


def test_district_profile_created_then_updated(db) -> None:
    assert service.load_district_profile(db).id is None
    service.save_district_profile(db, {"authority_full_name": "Комитет по образованию Администрации "
                                                              "Целинного района", "city": "с. Целинное",
                                       "municipality_name": "Целинный муниципальный район",
                                       "municipality_code": "reg22_m056"})
    service.save_district_profile(db, {"head_name": "Петрова Анна Сергеевна", "email": "komobr@mail.ru"})
    profile = service.load_district_profile(db)
    assert profile.city == "с. Целинное" and profile.head_name == "Петрова Анна Сергеевна"
    assert count(db, DistrictProfile) == 1
    with pytest.raises(ValidationError):
        service.save_district_profile(db, {"email": "komobr"})
    assert service.load_district_profile(db).email == "komobr@mail.ru"
