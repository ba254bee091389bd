"""Checks of the school card and district profile input (no database, no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from shnor_desktop.registry.validation import (
    clean_district,
    clean_school,
    email_problem,
    inn_is_valid,
    inn_problem,
    phone_problem,
    summary,
    validate_school,
    validate_status,
)

TODAY = dt.date(2026, 11, 23)
GOOD = {"full_name": "Муниципальное бюджетное общеобразовательное учреждение «Воеводская СОШ»",
        "short_name": "МБОУ «Воеводская СОШ»"}


def fields(errors: list[tuple[str, str]]) -> list[str]:
    return [field for field, _ in errors]


@pytest.mark.parametrize("inn", [
    "2287003893",    # Воеводская СОШ, 2022 context sample
    "2289003200",    # Шипуновская СОШ №2, same sample
    "7707083893",    # Сбербанк
    "500100732259",  # a person's 12-digit ИНН
    "228700570520",  # 12 digits, as typed by a school in the 2022 sample
])
def test_real_inn_values_pass_the_checksum(inn: str) -> None:
    assert inn_is_valid(inn)
    assert inn_problem(inn) is None


@pytest.mark.parametrize("inn", ["2287003894", "2287003993", "7707083883", "500100732258", "500100732269"])
def test_one_changed_digit_breaks_the_checksum(inn: str) -> None:
    assert not inn_is_valid(inn)
    assert "контрольное число" in inn_problem(inn)


def test_single_digit_changes_are_caught() -> None:
    inn = "7707083893"
    changed = [inn[:pos] + d + inn[pos + 1:] for pos in range(10) for d in "0123456789" if d != inn[pos]]
    caught = sum(not inn_is_valid(c) for c in changed)
    # the check digit itself is always caught; mod 11 mod 10 lets a few others through
    assert all(not inn_is_valid(inn[:9] + d) for d in "0123456789" if d != inn[9])
    assert caught / len(changed) > 0.85


@pytest.mark.parametrize("inn", ["228700389", "22870038931", "22870O3893", "２２８７００３８９３"])
def test_wrong_length_or_letters_are_refused_with_the_reason(inn: str) -> None:
    assert not inn_is_valid(inn)
    assert "10 цифр" in inn_problem(inn)


def test_empty_inn_is_allowed() -> None:
    assert inn_problem("") is None
    assert inn_problem("   ") is None


@pytest.mark.parametrize("email", ["voevodsk_school@mail.ru", "shipunov02@mail.ru", "school.1@почта.рф"])
def test_good_emails(email: str) -> None:
    assert email_problem(email) is None


@pytest.mark.parametrize("email", ["voevodsk_school.mail.ru", "a@b", "a b@mail.ru", "a@mail.ru, b@mail.ru",
                                   "@mail.ru"])
def test_bad_emails(email: str) -> None:
    assert "электронной почты" in email_problem(email)


@pytest.mark.parametrize("phone", ["8(38550)24147", "+7 (385) 963-83-16", "838536410", "22-1-34, 22-1-35",
                                   "8 (3854) 33-22-11 доб. 12"])
def test_good_phones(phone: str) -> None:
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["123", "нет телефона", "8(38550)24147 Иванова", "1234567890123456789"])
def test_bad_phones(phone: str) -> None:
    assert phone_problem(phone) is not None


def test_required_names() -> None:
    errors = validate_school({"full_name": "  ", "short_name": ""}, today=TODAY)
    assert fields(errors) == ["full_name", "short_name"]
    assert "краткое наименование" in dict(errors)["short_name"]


def test_clean_school_parses_and_strips() -> None:
    values, errors = clean_school({
        **GOOD, "inn": " 2287003893 ", "licence_date": "13.01.2021", "accreditation_date": "",
        "pupils": "163", "teachers": 17, "is_rural": True, "director_gender": "f", "fis_login": "edu224052",
    }, today=TODAY)
    assert errors == []
    assert values["inn"] == "2287003893"
    assert values["licence_date"] == dt.date(2021, 1, 13)
    assert values["accreditation_date"] is None
    assert values["pupils"] == 163 and values["teachers"] == 17
    assert values["is_rural"] is True and values["director_gender"] == "f"


def test_dates_not_in_the_future_and_not_garbage() -> None:
    errors = dict(validate_school({**GOOD, "licence_date": "24.11.2026", "accreditation_date": "31.02.2020"},
                                  today=TODAY))
    assert "позже сегодняшнего дня (23.11.2026)" in errors["licence_date"]
    assert "не дата" in errors["accreditation_date"]
    assert validate_school({**GOOD, "licence_date": "23.11.2026",
                            "accreditation_valid_until": "31.12.2030"}, today=TODAY) == []


def test_accreditation_cannot_end_before_it_was_issued() -> None:
    errors = validate_school({**GOOD, "accreditation_date": "01.02.2015",
                              "accreditation_valid_until": "01.02.2014"}, today=TODAY)
    assert fields(errors) == ["accreditation_valid_until"]


@pytest.mark.parametrize(("value", "fragment"), [("-1", "отрицательным"), ("12а", "целое число"),
                                                 ("1000000", "Слишком большое")])
def test_counts(value: str, fragment: str) -> None:
    errors = dict(validate_school({**GOOD, "pupils": value, "teachers": value}, today=TODAY))
    assert fragment in errors["pupils"] and fragment in errors["teachers"]


def test_login_needs_a_number_and_postal_code_six_digits() -> None:
    errors = dict(validate_school({**GOOD, "fis_login": "школа", "postal_code": "65944"}, today=TODAY))
    assert "номера школы" in errors["fis_login"]
    assert "6 цифр" in errors["postal_code"]


def test_too_long_text_is_refused() -> None:
    errors = dict(validate_school({**GOOD, "legal_form": "М" * 21}, today=TODAY))
    assert "не больше 20 знаков" in errors["legal_form"]


def test_status_checks() -> None:
    assert validate_status("shnor", 2025, "низкие результаты ВПР", "decision", today=TODAY) == []
    errors = validate_status("bad", 2030, " ", "guess", today=TODAY)
    assert fields(errors) == ["status_kind", "year", "source", "reason"]


def test_district_checks_email_and_both_phones() -> None:
    values, errors = clean_district({"authority_full_name": " Комитет по образованию ", "email": "x@",
                                     "phone": "12", "executor_phone": "8 (38596) 2-11-11"})
    assert values["authority_full_name"] == "Комитет по образованию"
    assert fields(errors) == ["email", "phone"]


def test_summary_names_the_fields() -> None:
    text = summary([("inn", "ИНН с ошибкой."), ("email", "Неверно.")])
    assert text == "• ИНН: ИНН с ошибкой.\n• Электронная почта: Неверно."
