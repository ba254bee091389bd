"""The table of one identification, one row per school: for the CLI (`shnor flags`) and the window.

With one indicator the row shows it; with a set of indicators it shows the one with the lowest
deviation — the one that decides the flag — and names it in the ``indicator`` column.
In CSV, values are plain numbers with a dot (shares in percent, scores as they are); the reason
is Russian.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..russian import percent
from .explain import slice_label
from .groups import Group
from .identification import Identification, SchoolResult
from .indicators import Indicator, indicator

CSV_HEADER: tuple[str, ...] = (
    "login", "name", "participants", "value", "district value", "ratio", "flag", "reason",
    "indicator", "group", "mean", "threshold", "unit", "region value", "municipality",
    "min participants",
)


@dataclass(frozen=True)
class FlagRow:
    school_id: int
    login: str
    name: str
    participants: int | None
    indicator: Indicator
    value: float | None
    district: float | None
    ratio: float | None
    deviation: float | None
    flagged: bool
    group: Group
    reason: str


def _order(school: SchoolResult) -> tuple[bool, float, str]:
    dev = school.worst.deviation
    return (dev is None, 0.0 if dev is None else dev, school.row.short_name)


def flag_rows(result: Identification) -> list[FlagRow]:
    """One row per school, the worst deviation first, schools without data last."""
    rows = []
    for school in sorted(result.schools, key=_order):
        check = school.worst
        rows.append(FlagRow(
            school.school_id, school.row.login, school.row.short_name, school.row.participants,
            check.indicator, check.value, check.district.value, check.ratio, check.deviation,
            school.flagged, school.group, school.reason,
        ))
    return rows


def _plain(value: float | None) -> object:
    return "" if value is None else value


def csv_rows(result: Identification) -> list[list[object]]:
    mean = result.mean_used
    threshold = result.settings.threshold
    region = result.region
    return [
        [r.login, r.name, _plain(r.participants), _plain(r.indicator.plain(r.value)),
         _plain(r.indicator.plain(r.district)), _plain(None if r.ratio is None else round(r.ratio, 6)),
         "1" if r.flagged else "0", r.reason, r.indicator.key, r.group.value, mean, threshold,
         r.indicator.unit_label,
         _plain(None if region is None else r.indicator.plain(region.value(r.indicator.key))),
         result.scope_label, result.settings.min_participants]
        for r in flag_rows(result)
    ]


def level_lines(result: Identification) -> list[str]:
    """The district level of each indicator and, when known, the region's, named as such."""
    lines = []
    where = f" ({result.scope_label})" if result.scope_label else ""
    region = result.region
    for key, dv in result.district.items():
        ind = indicator(key)
        note = f" ({dv.note})" if dv.note else ""
        line = (f"Районный уровень{where}, {ind.name}: {ind.format(dv.value) or 'нет данных'} — "
                f"{dv.mean_label}{note}")
        if region is not None:
            value = region.value(key)
            line += (f"; {region.label}{' (' + region.name + ')' if region.name else ''}: "
                     f"{ind.format(value) if value is not None else 'нет данных'}")
        lines.append(line)
    if region is not None:
        lines.append(f"{region.label.capitalize()} — {region.source}.")
    return lines


def text_lines(result: Identification) -> list[str]:
    """A readable Russian table with the rule and the district levels above it."""
    settings = result.settings
    lines = [f"{slice_label(result.key)}. Правило: {settings.describe()}."]
    lines += level_lines(result)
    lines.append(f"{'Логин':<12} {'ОО':<30} {'Участн.':>7} {'Показатель':<13} {'Значение':>10} "
                 f"{'Район':>10} {'Отнош.':>7} {'Группа':<20} Причина")
    for r in flag_rows(result):
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}".replace(".", ",")
        participants = "" if r.participants is None else str(r.participants)
        lines.append(f"{r.login:<12} {r.name[:30]:<30} {participants:>7} {r.indicator.short:<13} "
                     f"{r.indicator.format(r.value):>10} {r.indicator.format(r.district):>10} {ratio:>7} "
                     f"{r.group.label:<20} {r.reason}")
    small = (f"мало участников (меньше {settings.min_participants}, не отмечаются): "
             f"{len(result.small_schools)}; " if settings.min_participants > 1 else "")
    lines.append(f"Группа риска: {len(result.risk_group)}; контрольная группа: {len(result.control_group)}; "
                 f"{small}порог {percent(settings.threshold, 0)}.")
    return lines
