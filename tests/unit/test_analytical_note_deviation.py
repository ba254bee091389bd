"""The analytical note's deviation column must not hide on which side of the threshold a school is."""

from shnor_desktop.docs_gen.contexts.analytical_note import _deviation_text
from shnor_desktop.russian import NBSP


def test_deviation_just_above_threshold_keeps_a_decimal() -> None:
    # −14,7 % is a control-group school; «−15 %» would read as the 15 % rule met
    assert _deviation_text(-0.147, 0.15) == f"−14,7{NBSP}%"


def test_deviation_just_below_threshold_keeps_a_decimal() -> None:
    assert _deviation_text(-0.1504, 0.15) == f"−15,0{NBSP}%"
    assert _deviation_text(-0.153, 0.15) == f"−15,3{NBSP}%"


def test_deviation_rounds_half_up_not_to_even() -> None:
    # Python's round(12.5) == 12; a person writes 13
    assert _deviation_text(-0.125, 0.15) == f"−13{NBSP}%"
    assert _deviation_text(0.125, 0.15) == f"+13{NBSP}%"
    assert _deviation_text(-0.32, 0.15) == f"−32{NBSP}%"
    assert _deviation_text(0.0, 0.15) == "0" + NBSP + "%"
    assert _deviation_text(None, 0.15) == "—"
