"""The Russian sentences that explain each flag: exact text."""

from __future__ import annotations

from shnor_desktop.analytics.district import DistrictValue
from shnor_desktop.analytics.explain import (
    check_sentence,
    difference_phrase,
    dynamics_phrase,
    flag_sentences,
    indicator_phrase,
    slice_label,
    stability_phrase,
    subject_phrase,
)
from shnor_desktop.analytics.frame import ResultNumbers, SliceKey, make_row
from shnor_desktop.analytics.identification import (
    Dynamics,
    IdentificationSettings,
    Stability,
    check_row,
    identify_rows,
)
from shnor_desktop.analytics.indicators import BY_KEY

NB = "\u00a0"
KEY = SliceKey(2024, "VPR", 5, "Математика")
SETTINGS = IdentificationSettings()


def row(numbers: ResultNumbers, school_id: int = 1, key: SliceKey = KEY):
    return make_row(school_id, f"sch10000{school_id}", f"Школа {school_id}", key, numbers)


def district(indicator: str, value: float) -> DistrictValue:
    return DistrictValue(KEY, indicator, value, "weighted", "weighted", 5, 200)


def test_quality_sentence_as_in_the_product_description():
    # 31 of 100 with «4» or «5»; district 48 %: 31 / 48 − 1 = −35,4 %
    r = row(ResultNumbers(participants=100, mark2=10, mark3=59, mark4=21, mark5=10))
    check = check_row(r, district("quality", 0.48), SETTINGS)
    assert check.flagged
    assert check_sentence(check) == (
        f"ВПР 5 кл., математика, 2024: качество 31,0{NB}% при районном 48,0{NB}% — ниже на 35{NB}%")


def test_mean_score_sentence():
    # 11,2 / 13,9 − 1 = −19,4 %
    r = row(ResultNumbers(participants=30, mean_score=11.2))
    check = check_row(r, district("mean_score", 13.9), SETTINGS)
    assert check_sentence(check) == (
        f"ВПР 5 кл., математика, 2024: средний балл 11,2 при районном 13,9 — ниже на 19{NB}%")


def test_lower_is_better_sentence_says_higher():
    r = row(ResultNumbers(participants=50, mark2=12, mark3=20, mark4=10, mark5=8))  # 24 % «2»
    check = check_row(r, district("share2", 0.12), SETTINGS.replace(indicators=("share2",)))
    assert check.deviation == -1.0 and check.flagged
    assert check_sentence(check) == (
        f"ВПР 5 кл., математика, 2024: доля «2» 24,0{NB}% при районной 12,0{NB}% — выше на 100{NB}%")


def test_median_and_kv_agree_in_gender():
    assert indicator_phrase(BY_KEY["median"], 9.0, 12.0, 0.75) == (
        f"медиана 9,0 при районной 12,0 — ниже на 25{NB}%")
    assert indicator_phrase(BY_KEY["kv"], 0.45, 0.6, 0.75) == (
        f"коэффициент выполнения 45,0{NB}% при районном 60,0{NB}% — ниже на 25{NB}%")


def test_difference_near_the_threshold_keeps_the_side_visible():
    assert difference_phrase(0.85, 0.15) == f"ниже на 15{NB}%"
    assert difference_phrase(0.854, 0.15) == f"ниже на 14,6{NB}%"  # not flagged: 15 % would mislead
    assert difference_phrase(0.846, 0.15) == f"ниже на 15,4{NB}%"
    assert difference_phrase(0.6458) == f"ниже на 35{NB}%"
    assert difference_phrase(0.625) == f"ниже на 38{NB}%"  # 37,5 rounds half up
    assert difference_phrase(1.0) == "на уровне района"
    assert difference_phrase(None) == "сравнить с районом нельзя"


def test_small_school_is_flagged_with_a_caveat_as_the_regulation_names_no_minimum():
    key_rows = [
        row(ResultNumbers(participants=20, mark2=2, mark3=8, mark4=8, mark5=2), 1),  # 50 %
        row(ResultNumbers(participants=20, mark2=2, mark3=6, mark4=10, mark5=2), 2),  # 60 %
        row(ResultNumbers(participants=7, mark2=3, mark3=3, mark4=1, mark5=0), 3),  # 1/7
    ]
    # district quality: (10 + 12 + 1) / 47
    result = identify_rows(key_rows, 2024, SETTINGS.replace(indicators=("quality",)))
    small = result.school(3)
    assert small.flagged and small.caveat
    assert small.reason == (
        f"ВПР 5 кл., математика, 2024: качество 14,3{NB}% при районном 48,9{NB}% — ниже на 71{NB}%; "
        "(мало участников: 7; вывод по одному году ненадёжен, смотрите динамику)")
    assert flag_sentences(small) == [
        f"ВПР 5 кл., математика, 2024: качество 14,3{NB}% при районном 48,9{NB}% — ниже на 71{NB}% "
        "(мало участников: 7; вывод по одному году ненадёжен, смотрите динамику)"]
    # a district that decided on a minimum: the school is marked, not flagged, and the rule says so
    settings = SETTINGS.replace(indicators=("quality",), min_participants=10)
    hidden = identify_rows(key_rows, 2024, settings).school(3)
    assert not hidden.flagged
    assert hidden.reason == (
        f"ВПР 5 кл., математика, 2024: качество 14,3{NB}% при районном 48,9{NB}% — ниже на 71{NB}%; "
        "мало участников (7) — школа не отмечается")
    assert "участников меньше 10, не отмечаются" in settings.describe()
    assert "минимальное число участников не задано (как в положении)" in SETTINGS.describe()


def test_settings_saved_before_the_regulation_rule_mean_no_minimum():
    from shnor_desktop.analytics.identification import IdentificationSettings

    old_default = {"threshold": 0.15, "min_participants": 10, "flag_small": False}
    assert IdentificationSettings.from_json(old_default).min_participants == 0
    chosen = {"threshold": 0.15, "min_participants": 5, "flag_small": False}
    assert IdentificationSettings.from_json(chosen).min_participants == 5
    new = {"threshold": 0.15, "min_participants": 10}
    assert IdentificationSettings.from_json(new).min_participants == 10


def test_labels_of_slices_and_subjects():
    assert subject_phrase("Математика") == "математика"
    assert subject_phrase("История России") == "история России"
    assert subject_phrase("ОБЖ") == "ОБЖ"
    autumn = SliceKey(2020, "VPR", 5, "Русский язык", "осень")
    assert slice_label(autumn) == "ВПР 5 кл., русский язык, 2020, осень"
    assert slice_label(SliceKey(2024, "VPR", 5, "Математика", "весна")) == "ВПР 5 кл., математика, 2024"
    assert slice_label(SliceKey(2023, "EGE", 11, "Математика (профильная)")) == (
        "ЕГЭ 11 кл., математика (профильная), 2023")


def test_dynamics_and_stability_phrases():
    d = Dynamics(BY_KEY["quality"], 2024, 2023, 0.31, 0.40, None, None)
    assert dynamics_phrase(d) == (
        f"качество 31,0{NB}% (2024) против 40,0{NB}% (2023) — ухудшение на 9,0{NB}п.{NB}п.")
    d = Dynamics(BY_KEY["mean_score"], 2024, 2023, 12.0, 10.5, None, None)
    assert dynamics_phrase(d) == "средний балл 12,0 (2024) против 10,5 (2023) — улучшение на 1,5 балла"
    d = Dynamics(BY_KEY["share2"], 2024, 2023, 0.10, 0.15, None, None)
    assert dynamics_phrase(d) == (
        f"доля «2» 10,0{NB}% (2024) против 15,0{NB}% (2023) — улучшение на 5,0{NB}п.{NB}п.")
    d = Dynamics(BY_KEY["quality"], 2024, 2023, 0.31, None, None, None)
    assert dynamics_phrase(d) == "качество: нет данных за 2023 г. для сравнения"
    s = Stability((2022, 2023, 2024), (2022, 2024), (2022, 2023, 2024), 2)
    assert stability_phrase(s) == "ниже порога в 2 из 3 последних лет (2022, 2024 гг.)"
