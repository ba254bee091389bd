"""The verdicts of the identification: a check's state, a school's group, a trend (Russian labels)."""

from __future__ import annotations

from ..models.enums import LabelledEnum


class CheckState(LabelledEnum):
    BELOW = "below", "ниже порога"
    NEAR = "near", "близко к порогу"
    OK = "ok", "в норме"
    NO_DATA = "no_data", "нет данных"


class Group(LabelledEnum):
    RISK = "risk", "группа риска"
    CONTROL = "control", "контрольная группа"
    SMALL = "small", "мало участников"
    NO_DATA = "no_data", "нет данных"
    NONE = "none", ""


class Trend(LabelledEnum):
    IMPROVED = "improved", "улучшение"
    WORSENED = "worsened", "ухудшение"
    SAME = "same", "без изменений"
