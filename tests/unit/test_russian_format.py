"""Russian numbers round half up, as a person rounds by hand (and as the indicators do)."""

from shnor_desktop.russian import NBSP, number, percent


def test_percent_rounds_half_up() -> None:
    assert percent(1 / 16) == f"6,3{NBSP}%"  # 6,25 % — not the banker's 6,2 %
    assert percent(0.125, 0) == f"13{NBSP}%"
    assert percent(5 / 17, 0) == f"29{NBSP}%"
    assert percent(0.453) == f"45,3{NBSP}%"


def test_number_rounds_half_up_on_the_printed_decimal() -> None:
    assert number(12.85, 1) == "12,9"  # binary 12.8499… is the 12,85 a person sees
    assert number(2.25, 1) == "2,3"
    assert number(2.5, 0) == "3"
    assert number(-2.25, 1) == "-2,3"
    assert number(26140) == f"26{NBSP}140"
    assert number(1234567.891, 2) == f"1{NBSP}234{NBSP}567,89"
    assert number(-0.04, 1) == "0,0"
    assert number(None) == ""


def test_dates_in_orders_and_tables() -> None:
    import datetime as dt

    from shnor_desktop.russian import date_long, date_short, parse_date

    day = dt.date(2021, 1, 13)
    assert date_long(day) == "«13» января 2021 г."
    assert date_long(dt.date(2025, 9, 5)) == "«05» сентября 2025 г."
    assert date_long(day, quotes=False) == "13 января 2021 г."
    assert date_short(day) == "13.01.2021"
    assert parse_date("13.01.2021") == parse_date("2021-01-13") == day
    assert parse_date("") is None


def test_plural() -> None:
    from shnor_desktop.russian import plural

    assert [plural(n, "школа", "школы", "школ") for n in (1, 2, 5, 11, 21, 22, 25, 111)] == [
        "школа", "школы", "школ", "школ", "школа", "школы", "школ", "школ"]
