"""The one parser of Russian-written numbers (russian.parse_number / parse_share)."""

from __future__ import annotations

import pytest

from shnor_desktop.russian import parse_number, parse_share


def test_one_number_parser_for_every_input():
    assert parse_number("12,5") == (12.5, False)
    assert parse_number(" 1\u00a0234,5 ") == (1234.5, False)
    assert parse_number("−3") == (-3.0, False)
    assert parse_number("45,3 %") == (45.3, True)
    assert parse_number(7) == (7.0, False)
    for bad in ("abc", "1e5", "nan", "", None, True, "12,5,1"):
        with pytest.raises(ValueError):
            parse_number(bad)
    assert parse_share("31 %") == pytest.approx(0.31)
    assert parse_share("0,31") == pytest.approx(0.31)
    assert parse_share(31) == pytest.approx(0.31)
    assert parse_share("1") == 1.0
