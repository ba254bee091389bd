"""One style for every chart of the program — the analysis page, the monitoring page and the printed
notes: the same colour for a group wherever it is drawn, the same district and threshold lines, the
same Russian tick labels (decimal comma, «45 %»). Base layer: no Qt, matplotlib only inside the
formatter functions."""

# Imports inside functions: heavy: matplotlib loads with the first chart, not with the program.

from __future__ import annotations

from typing import Any

from .russian import NBSP, number

# groups of the 15 % rule, as the tables colour them
GROUP_COLORS: dict[str, str] = {
    "risk": "#c0392b",  # группа риска
    "control": "#d4a017",  # контрольная группа
    "small": "#a6a6a6",  # мало участников
    "none": "#4a78a8",  # остальные
    "other": "#4a78a8",
    "no_data": "#d0d0d0",
}
DISTRICT_COLOR = "#1f4e79"  # the district level: dashed
THRESHOLD_COLOR = "#c0392b"  # the 15 % line: dotted
REGION_COLOR = "#555555"  # the region: dash-dot
HISTORY_COLOR = "#a53b3b"  # a count over the years
TARGET_COLOR = "#777777"  # the district's target
BEFORE_COLOR, AFTER_COLOR = "#b8c4d6", "#3b6ea5"  # last year and this year side by side
DONE_COLOR, EMPTY_COLOR = "#4f8a4b", "#e6e9ee"  # reached / the whole
GRID_COLOR = "#dddddd"


def comma_formatter(digits: int = 1) -> Any:
    """Tick labels with a decimal comma: «12,5»; whole values without «,0»."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: number(v, 0) if float(v).is_integer() else number(v, digits))


def percent_formatter() -> Any:
    """Tick labels of shares already in percent: «45 %»."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{number(v, 0)}{NBSP}%")


def year_formatter() -> Any:
    """Whole years only on a time axis: «2024», nothing between."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{int(v)}" if v == int(v) else "")
