"""Russian sentences explaining every flag, built from the numbers that produced it.

«ВПР 5 кл., математика, 2024: качество 31,0 % при районном 48,0 % — ниже на 35 %»
«ВПР 5 кл., математика, 2024: средний балл 11,2 при районном 13,9 — ниже на 19 %»
«ВПР 5 кл., математика, 2024: доля «2» 24,0 % при районной 12,0 % — выше на 100 %»

The difference "by how much" is relative to the district (school / district − 1), in whole
percent rounded half up; where whole percent would hide on which side of the threshold a school
stands (14,6 % shown as 15 %) one decimal is given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..russian import NBSP, number, percent, plural
from .frame import SliceKey
from .groups import Group
from .indicators import Indicator, Unit

if TYPE_CHECKING:
    from .identification import Check, Dynamics, SchoolResult, Stability


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5 + 1e-9)


def subject_phrase(subject: str) -> str:
    """«Математика» -> «математика»; abbreviations (ОБЖ, «ИКТ») stay as they are."""
    subject = subject.strip()
    if len(subject) >= 2 and subject[0].isupper() and not subject[1].isupper():
        return subject[0].lower() + subject[1:]
    return subject


ORDINARY_SESSIONS = frozenset({"", "весна"})  # not worth saying: ВПР is written in spring


def slice_label(key: SliceKey) -> str:
    """«ВПР 5 кл., математика, 2024»; an unusual session is named: «ВПР 5 кл., математика, 2020, осень»."""
    session = key.session.strip()
    when = str(key.year) if session.casefold() in ORDINARY_SESSIONS else f"{key.year}, {session}"
    return f"{key.procedure_label} {key.grade} кл., {subject_phrase(key.subject)}, {when}"


def _whole_or_tenth(pct: float, threshold_pct: float | None) -> str:
    rounded = round_half_up(pct)
    hides_side = threshold_pct is not None and rounded == round_half_up(threshold_pct)
    if hides_side and abs(pct - threshold_pct) > 1e-7:  # type: ignore[operator]
        return f"{number(pct, 1)}{NBSP}%"
    return f"{rounded}{NBSP}%"


def signed_difference(deviation: float, threshold: float | None = None) -> str:
    """A deviation from the district as a signed percent: «−32 %», «+9 %», «−14,7 %» near the threshold."""
    pct = abs(deviation) * 100
    text = _whole_or_tenth(pct, None if threshold is None else threshold * 100)
    if text.startswith("0") and not text.startswith("0,"):
        return text
    return ("−" if deviation < 0 else "+") + text


def difference_phrase(ratio: float | None, threshold: float | None = None) -> str:
    """«ниже на 35 %», «выше на 100 %», «на уровне района»."""
    if ratio is None:
        return "сравнить с районом нельзя"
    pct = abs(ratio - 1) * 100
    if round_half_up(pct) == 0 and pct < 0.5:
        return "на уровне района"
    side = "ниже" if ratio < 1 else "выше"
    return f"{side} на {_whole_or_tenth(pct, None if threshold is None else threshold * 100)}"


def indicator_phrase(
    ind: Indicator, value: float | None, district: float | None, ratio: float | None,
    threshold: float | None = None,
) -> str:
    """«качество 31,0 % при районном 48,0 % — ниже на 35 %»."""
    if value is None:
        return f"{ind.name}: нет данных"
    if district is None:
        return f"{ind.name} {ind.format(value)}, районный уровень не рассчитан"
    return (f"{ind.name} {ind.format(value)} при {ind.district_adjective} {ind.format(district)} — "
            f"{difference_phrase(ratio, threshold)}")


def document_check_phrase(check: Check) -> str:
    """The words of a printed note: «медиана ниже районного уровня на 22 % (10,0 против 12,9)»; the
    relative drop first, the two values after it (a drop of shares is not read as points)."""
    ind = check.indicator
    value, district = check.value, check.district.value
    if value is None:
        return f"{ind.name}: нет данных"
    if district is None or check.ratio is None:
        return f"{ind.name} {ind.format(value)}, районный уровень не рассчитан"
    pct = abs(check.ratio - 1) * 100
    if round_half_up(pct) == 0 and pct < 0.5:
        return f"{ind.name} на уровне района ({ind.format(value)})"
    side = "ниже" if check.ratio < 1 else "выше"
    amount = _whole_or_tenth(pct, check.threshold * 100)
    return (f"{ind.name} {side} районного уровня на {amount} "
            f"({ind.format(value)} против {ind.format(district)})")


def check_phrase(check: Check) -> str:
    return indicator_phrase(check.indicator, check.value, check.district.value, check.ratio, check.threshold)


def check_sentence(check: Check) -> str:
    """The full sentence of one flag: slice, indicator, the school's value, the district's, by how much."""
    return f"{slice_label(check.row.key)}: {check_phrase(check)}"


def small_phrase(participants: int | None) -> str:
    return f"мало участников ({participants})"


def caveat_phrase(participants: int | None) -> str:
    """The caveat of a flag on few participants (the flag stays, as the regulation has it)."""
    return f"мало участников: {participants}; вывод по одному году ненадёжен, смотрите динамику"


def years_phrase(years: Iterable[int]) -> str:
    years = sorted(years)
    if not years:
        return ""
    if len(years) == 1:
        return f"{years[0]} г."
    return f"{', '.join(str(y) for y in years)} гг."


def stability_phrase(stability: Stability) -> str:
    """«ниже порога в 2 из 3 последних лет (2022, 2024 гг.)»."""
    m = len(stability.window)
    years = f" ({years_phrase(stability.flagged_years)})" if stability.flagged_years else ""
    lets = plural(m, "последнего года", "последних лет", "последних лет")
    return f"ниже порога в {stability.count} из {m} {lets}{years}"


def dynamics_phrase(d: Dynamics) -> str:
    """«качество 31,0 % (2024) против 40,0 % (2023) — ухудшение на 9,0 п.п.»."""
    ind = d.indicator
    if d.value is None or d.previous is None:
        return f"{ind.name}: нет данных за {d.previous_year} г. для сравнения"
    change = d.change or 0.0
    trend = d.trend
    if ind.unit is Unit.SHARE:
        amount = f"{number(abs(change) * 100, 1)}{NBSP}п.{NBSP}п."
    else:
        amount = f"{number(abs(change), 1)} {plural(2, 'балл', 'балла', 'баллов')}"
    tail = "без изменений" if trend is None or trend.value == "same" else f"{trend.label} на {amount}"
    return (f"{ind.name} {ind.format(d.value)} ({d.year}) против {ind.format(d.previous)} "
            f"({d.previous_year}) — {tail}")


def school_reason(result: SchoolResult) -> str:
    """Why the school is (or is not) in a group, as one Russian line."""
    label = slice_label(result.row.key)
    small = small_phrase(result.row.participants) if result.small else ""
    group = result.group
    if group is Group.NO_DATA:
        return f"{label}: нет данных"
    if group is Group.RISK:
        parts = [check_phrase(c) for c in result.flagged_checks]
        if result.caveat:
            parts.append(f"({caveat_phrase(result.row.participants)})")
        return f"{label}: {'; '.join(parts)}"
    if group is Group.SMALL:
        parts = [check_phrase(c) for c in result.below_checks]
        parts.append(f"{small} — школа не отмечается")
        return f"{label}: {'; '.join(parts)}"
    if group is Group.CONTROL:
        parts = [f"{check_phrase(c)} (близко к порогу {percent(c.threshold, 0)})" for c in result.near_checks]
        if result.earlier_flagged_years:
            parts.append(f"была в группе риска в {years_phrase(result.earlier_flagged_years)}")
        return f"{label}: {'; '.join(parts)}"
    return ""


def flag_sentences(result: SchoolResult) -> list[str]:
    """One full sentence per flagged indicator (what is recorded as the reason of a ШНОР status)."""
    caveat = f" ({caveat_phrase(result.row.participants)})" if result.caveat else ""
    return [check_sentence(c) + caveat for c in result.flagged_checks]
