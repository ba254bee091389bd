"""Charts for printed documents: honest, readable in black and white, Russian numbers.

* every axis prints Russian numbers (decimal comma);
* a level starts from zero (a change of 0,6 points does not look like a collapse); changes are
  shown as their own bars;
* every colour and every line has its entry in the legend, and groups differ by hatching as well
  as by colour, so a black-and-white print still tells them apart;
* long school names are wrapped, never cut; a slice of many schools is split into charts of at most
  :data:`MAX_SCHOOLS` schools each, ordered by value.

matplotlib is imported inside the functions (not at the window's start-up). Qt-free.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import russian
from ..chart_style import DISTRICT_COLOR, GROUP_COLORS, REGION_COLOR

MAX_SCHOOLS = 40
NAME_WIDTH = 30  # characters per line of a school's name

# (face colour, hatch, legend label) of each group: distinguishable in colour and in grey
# the page's colours (chart_style), plus hatching so that a grey print still tells groups apart
GROUP_STYLE = {
    "risk": (GROUP_COLORS["risk"], "////", "группа риска"),
    "control": (GROUP_COLORS["control"], "...", "контрольная группа"),
    "other": ("#b0b7bd", "", "остальные школы"),
}
DISTRICT_LINE: dict[str, Any] = {"color": DISTRICT_COLOR, "linestyle": "--", "linewidth": 1.3}
THRESHOLD_LINE: dict[str, Any] = {"color": "#000000", "linestyle": ":", "linewidth": 1.1}  # it must print
REGION_LINE: dict[str, Any] = {"color": REGION_COLOR, "linestyle": "-.", "linewidth": 1.0}


@dataclass(frozen=True)
class Bar:
    name: str
    value: float  # in the unit printed (percent for shares)
    group: str  # "risk", "control", "other"


def _figure(width_in: float, height_in: float) -> Any:
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=150)
    FigureCanvasAgg(fig)
    return fig


def png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def russian_axis(axis: Any, digits: int = 0) -> None:
    """Tick labels with a decimal comma."""
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _pos: russian.number(value, digits)))


def wrap_name(name: str, width: int = NAME_WIDTH) -> str:
    return "\n".join(textwrap.wrap(name, width=width, break_long_words=False, break_on_hyphens=False)) or name


def chunks(bars: Sequence[Bar], size: int = MAX_SCHOOLS) -> list[list[Bar]]:
    """Bars ordered by value (lowest first) in groups of at most ``size``."""
    ordered = sorted(bars, key=lambda b: (b.value, b.name))
    return [list(ordered[i:i + size]) for i in range(0, len(ordered), size)] or [[]]


def schools_chart(bars: Sequence[Bar], *, unit: str, district: float | None, threshold: float | None,
                  region: float | None = None, region_label: str = "", digits: int = 1) -> bytes:
    """Horizontal bars from zero: the schools' values, the district level, the threshold line."""
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.patches import Patch

    lines = [max(1, wrap_name(b.name).count("\n") + 1) for b in bars]
    height = 1.3 + 0.2 * sum(lines) + 0.08 * len(bars)
    fig = _figure(6.5, height)
    fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.15 / height, bottom=1.05 / height)
    ax = fig.add_subplot(1, 1, 1)
    positions = []
    y = 0.0
    for n in lines:
        positions.append(y)
        y += 0.35 + 0.3 * n
    for b, pos in zip(bars, positions, strict=True):
        colour, hatch, _ = GROUP_STYLE.get(b.group, GROUP_STYLE["other"])
        ax.barh(pos, b.value, height=0.5, color=colour, hatch=hatch, edgecolor="#333333", linewidth=0.4)
        ax.text(b.value, pos, " " + russian.number(b.value, digits), va="center", fontsize=6.5)
    ax.set_yticks(positions)
    ax.set_yticklabels([wrap_name(b.name) for b in bars], fontsize=6.5)
    ax.invert_yaxis()
    top = max([b.value for b in bars] + [v for v in (district, region) if v is not None] + [1.0])
    ax.set_xlim(0, top * 1.12)
    russian_axis(ax.xaxis)
    ax.set_xlabel(unit, fontsize=7.5)
    ax.tick_params(axis="x", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    handles: list[Any] = [Patch(facecolor=c, hatch=h, edgecolor="#333333", label=label)
               for key, (c, h, label) in GROUP_STYLE.items() if any(b.group == key for b in bars)]
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.lines import Line2D

    if district is not None:
        ax.axvline(district, **DISTRICT_LINE)
        handles.append(Line2D([], [], **DISTRICT_LINE,
                              label=f"районный уровень: {russian.number(district, digits)}"))
    if threshold is not None:
        ax.axvline(threshold, **THRESHOLD_LINE)
        handles.append(Line2D([], [], **THRESHOLD_LINE,
                              label=f"порог: {russian.number(threshold, digits)}"))
    if region is not None:
        ax.axvline(region, **REGION_LINE)
        label = region_label or "региональный уровень"
        handles.append(Line2D([], [], **REGION_LINE, label=f"{label}: {russian.number(region, digits)}"))
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=6.5, frameon=False,
               bbox_to_anchor=(0.5, 0.0))
    return png(fig)


@dataclass(frozen=True)
class Series:
    title: str
    values: list[float | None]  # one per year, in the unit printed


def dynamics_chart(years: Sequence[str], series: Sequence[Series], *, unit: str, digits: int = 1) -> bytes:
    """Levels by year as grouped bars from zero (hatched by year for black and white), and below
    them the change against the previous year as bars of their own."""
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.patches import Patch

    hatches = ["", "xxx", "///", "...", "\\\\\\"]
    greys = ["#d9d9d9", "#8c8c8c", "#404040", "#bdbdbd", "#737373"]
    n = max(len(series), 1)
    width = 0.8 / max(len(years), 1)
    fig = _figure(6.5, 1.6 + 0.45 * n + 1.2)
    grid = fig.add_gridspec(2, 1, height_ratios=[2.2, 1], hspace=0.55)
    ax = fig.add_subplot(grid[0])
    fig.subplots_adjust(left=0.09, right=0.97, top=0.95, bottom=0.2)
    titles = [wrap_name(s.title, 22) for s in series]
    for k, year in enumerate(years):
        xs = [i + (k - (len(years) - 1) / 2) * width for i in range(len(series))]
        values = [s.values[k] if s.values[k] is not None else 0.0 for s in series]
        ax.bar(xs, values, width=width * 0.95, color=greys[k % len(greys)], hatch=hatches[k % len(hatches)],
               edgecolor="#333333", linewidth=0.4, label=year)
        for x, s in zip(xs, series, strict=True):
            if s.values[k] is not None:
                ax.text(x, s.values[k], russian.number(s.values[k], digits), ha="center", va="bottom",
                        fontsize=5.5)
    ax.set_xticks(range(len(series)))
    ax.set_xticklabels(titles, fontsize=6.5)
    ax.set_ylim(bottom=0)
    russian_axis(ax.yaxis)
    ax.set_ylabel(unit, fontsize=7.5)
    ax.tick_params(axis="y", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(handles=[Patch(facecolor=greys[k % len(greys)], hatch=hatches[k % len(hatches)],
                             edgecolor="#333333", label=f"{year} г.") for k, year in enumerate(years)],
              fontsize=6.5, frameon=False, ncol=len(years), loc="upper left", bbox_to_anchor=(0, 1.18))
    change_ax = fig.add_subplot(grid[1])
    changes = []
    for s in series:
        last, before = s.values[-1], s.values[-2] if len(s.values) > 1 else None
        changes.append(None if last is None or before is None else last - before)
    shown = [c if c is not None else 0.0 for c in changes]
    colours = ["#2e7d32" if c > 0 else "#c0392b" if c < 0 else "#999999" for c in shown]
    change_hatches = ["" if c >= 0 else "////" for c in shown]
    for i, (c, colour, hatch) in enumerate(zip(shown, colours, change_hatches, strict=True)):
        change_ax.bar(i, c, width=0.5, color=colour, hatch=hatch, edgecolor="#333333", linewidth=0.4)
        if changes[i] is not None:
            change_ax.text(i, c, ("+" if c > 0 else "") + russian.number(c, digits), ha="center",
                           va="bottom" if c >= 0 else "top", fontsize=6)
    change_ax.axhline(0, color="#333333", linewidth=0.6)
    change_ax.set_xticks(range(len(series)))
    change_ax.set_xticklabels(titles, fontsize=6)
    russian_axis(change_ax.yaxis)
    points = "п. п." if unit.endswith("%") else "балла"
    change_ax.set_ylabel(f"изменение,\n{points}", fontsize=6.5)
    change_ax.tick_params(axis="y", labelsize=6.5)
    change_ax.spines[["top", "right"]].set_visible(False)
    return png(fig)
