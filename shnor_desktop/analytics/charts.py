"""Charts of the identification, drawn from data with matplotlib (Agg): for the window and for documents.

* :func:`district_bars`   — schools against the district level with the threshold line;
* :func:`school_dynamics` — one school's value over the years against the district and the threshold;
* :func:`quadrant_scatter` — ИОР × social context with the quadrant cuts.

Each builder draws into a given ``Figure`` (the window passes the figure of its Qt canvas) or
into a new one with an Agg canvas (:func:`new_figure`), and returns it; :func:`png_bytes` and
:func:`save_png` give the picture for a document or a file. Every chart says which district
level (weighted or mean of schools) and which threshold it shows. Numbers are Russian: 45,3 %.

Qt-free; matplotlib is imported inside the functions (it costs half a second at start-up).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..chart_style import (
    DISTRICT_COLOR,
    GRID_COLOR,
    GROUP_COLORS,
    THRESHOLD_COLOR,
    comma_formatter,
    percent_formatter,
)
from ..russian import NBSP, number
from . import AnalyticsError
from .district import MEAN_LABELS, district_value
from .explain import slice_label, subject_phrase
from .frame import SchoolRow, SliceKey, group_by_slice
from .identification import evaluate_slice
from .indicators import Indicator, Unit, indicator
from .ior import IOR_METHOD_LABELS, Quadrant

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .identification import Identification, IdentificationSettings
    from .ior import QuadrantResult

GROUP_NAMES: dict[str, str] = {
    "risk": "группа риска", "control": "контрольная группа", "small": "мало участников",
    "none": "остальные школы", "no_data": "нет данных",
}
QUADRANT_COLORS: dict[str, str] = {
    "shnor_shnsu": "#c0392b", "low_only": "#e67e22", "resilient": "#27ae60", "other": "#7f8c9a",
}
PNG_DPI = 150


# --- figures and files -----------------------------------------------------------------------------


def new_figure(width_in: float = 9.0, height_in: float = 5.0, dpi: int = 100) -> Figure:
    """A figure with an Agg canvas attached (no pyplot, no GUI: safe in any thread)."""
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _prepare(fig: Figure | None, width_in: float, height_in: float) -> Figure:
    if fig is None:
        return new_figure(width_in, height_in)
    fig.clear()
    return fig


def png_bytes(fig: Figure, dpi: int = PNG_DPI) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def save_png(fig: Figure, path: str | Path, dpi: int = PNG_DPI) -> Path:
    """Write the chart as PNG (``.png`` is added when the name has no extension)."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        path = path.with_name(path.name + ".png")
    path.write_bytes(png_bytes(fig, dpi))
    return path


# --- formatting ------------------------------------------------------------------------------------


def _scale(ind: Indicator) -> float:
    return 100.0 if ind.unit is Unit.SHARE else 1.0


def value_text(ind: Indicator, value: float) -> str:
    """A plotted value (already scaled) as people write it: 45,3 % or 12,2."""
    return f"{number(value, 1)}{NBSP}%" if ind.unit is Unit.SHARE else number(value, 1)


def _axis_formatter(ind: Indicator) -> Any:
    return percent_formatter() if ind.unit is Unit.SHARE else comma_formatter(1)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _style(ax: Any) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)


def threshold_value(district: float, ind: Indicator, threshold: float) -> float:
    """Where «15 % below the district» lies: below it for higher-is-better, above for lower-is-better."""
    return district * (1 - threshold * ind.direction.sign)


def chart_indicator(result: Identification, key: str | None = None) -> Indicator:
    """The indicator to draw: the given one, else the first of the settings that schools have."""
    if key is not None:
        return indicator(key)
    for k in result.settings.indicators:
        if any(s.row.value(k) is not None for s in result.schools):
            return indicator(k)
    return indicator(result.settings.indicators[0])


# --- schools against the district ------------------------------------------------------------------


def district_bars(result: Identification, indicator_key: str | None = None, fig: Figure | None = None,
                  highlight: Iterable[int] = ()) -> Figure:
    """One bar per school (worst on top), coloured by group; the district level and the threshold line."""
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.patches import Patch

    ind = chart_indicator(result, indicator_key)
    scale = _scale(ind)
    schools = [s for s in result.schools if s.row.value(ind.key) is not None]
    schools.sort(key=lambda s: ((s.row.value(ind.key) or 0) * ind.direction.sign, s.row.short_name))
    height = max(3.2, 1.3 + 0.27 * len(schools))
    fig = _prepare(fig, 9.0, height)
    ax = fig.add_subplot(1, 1, 1)
    marked = set(highlight)
    if not schools:
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"{ind.short}: у школ среза нет значений", ha="center", va="center",
                transform=ax.transAxes)
        return fig
    values = [(s.row.value(ind.key) or 0.0) * scale for s in schools]
    colors = [GROUP_COLORS.get(s.group.value, GROUP_COLORS["none"]) for s in schools]
    names = [_short(s.row.short_name) + (f" ({s.row.participants} уч.)" if s.small else "")
             for s in schools]
    bars = ax.barh(range(len(schools)), values, color=colors, height=0.68)
    for bar, s in zip(bars, schools, strict=True):
        if s.school_id in marked:
            bar.set_edgecolor("#111111")
            bar.set_linewidth(1.6)
    ax.set_yticks(range(len(schools)), names, fontsize=8)
    ax.invert_yaxis()
    top = max(values)
    for y, v in enumerate(values):
        ax.text(v + top * 0.008, y, value_text(ind, v), va="center", fontsize=7.5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4, "alpha": 0.75})

    legend = []
    district = result.district.get(ind.key)
    if district is not None and district.value is not None:
        level = district.value * scale
        line = threshold_value(level, ind, result.settings.threshold)
        ax.axvline(level, color=DISTRICT_COLOR, linewidth=1.4, linestyle="--")
        ax.axvline(line, color=THRESHOLD_COLOR, linewidth=1.1, linestyle=":")
        side = "ниже" if ind.higher_is_better else "выше"
        legend.append(_line(DISTRICT_COLOR, "--", f"район: {value_text(ind, level)}"))
        legend.append(_line(THRESHOLD_COLOR, ":", f"на {number(result.settings.threshold * 100, 0)}{NBSP}% "
                                                  f"{side} района: {value_text(ind, line)}"))
        top = max(top, level, line)
    groups = [g for g in ("risk", "control", "small", "none") if any(s.group.value == g for s in schools)]
    legend += [Patch(color=GROUP_COLORS[g], label=GROUP_NAMES[g]) for g in groups]
    ax.set_xlim(0, top * 1.16)
    ax.xaxis.set_major_formatter(_axis_formatter(ind))
    ax.set_xlabel(f"{ind.short}, {ind.unit_label}", fontsize=9)
    ax.grid(axis="x", linewidth=0.3, color=GRID_COLOR)
    ax.set_axisbelow(True)
    _style(ax)
    ax.legend(handles=legend, fontsize=7.5, loc="upper right", frameon=True, framealpha=0.95)
    fig.suptitle(f"{slice_label(result.key)}: {ind.name}", fontsize=10.5, x=0.01, ha="left")
    fig.text(0.01, 0.005, f"Районный уровень — {result.mean_label}; порог "
                          f"{number(result.settings.threshold * 100, 0)}{NBSP}%.",
             fontsize=7.5, color="#555555", va="bottom")
    fig.subplots_adjust(left=0.30, right=0.97, top=1 - 0.45 / height, bottom=0.75 / height)
    return fig


def _line(color: str, style: str, label: str) -> Any:
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.lines import Line2D

    return Line2D([0], [0], color=color, linestyle=style, linewidth=1.4, label=label)  # type: ignore[arg-type]


# --- one school over the years ---------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    school: float | None  # the school's value (unscaled)
    district: float | None  # the district level that year
    flagged: bool  # below the threshold that year (by the rule of the settings)
    participants: int | None


def school_series(rows: Sequence[SchoolRow], school_id: int, indicator_key: str,
                  settings: IdentificationSettings) -> list[SeriesPoint]:
    """The school's value and the district level of one test in every year the rows have."""
    ind = indicator(indicator_key)
    points = []
    for key, group in sorted(group_by_slice(rows).items()):
        own = next((r for r in group if r.school_id == school_id), None)
        level = district_value(group, ind, settings.mean, key).value
        flagged = evaluate_slice(group, settings).flagged(school_id) if own is not None else False
        points.append(SeriesPoint(key.year, None if own is None else own.value(ind.key), level, flagged,
                                  None if own is None else own.participants))
    return points


def school_dynamics(points: Sequence[SeriesPoint], indicator_key: str, school_name: str, key: SliceKey,
                    settings: IdentificationSettings, fig: Figure | None = None) -> Figure:
    """The school (solid, red points where flagged) against the district (dashed) and the threshold."""
    ind = indicator(indicator_key)
    scale = _scale(ind)
    fig = _prepare(fig, 9.0, 4.2)
    ax = fig.add_subplot(1, 1, 1)
    years = [p.year for p in points]
    if not any(p.school is not None for p in points):
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"У школы нет значений показателя «{ind.name}» в этом срезе", ha="center",
                va="center", transform=ax.transAxes)
        return fig
    district = [(p.year, p.district * scale) for p in points if p.district is not None]
    if district:
        ax.plot([y for y, _ in district], [v for _, v in district], color=DISTRICT_COLOR, linestyle="--",
                marker="s", markersize=5, linewidth=1.4, label="район")
        line = [(y, threshold_value(v, ind, settings.threshold)) for y, v in district]
        side = "ниже" if ind.higher_is_better else "выше"
        ax.plot([y for y, _ in line], [v for _, v in line], color=THRESHOLD_COLOR, linestyle=":",
                linewidth=1.1, label=f"на {number(settings.threshold * 100, 0)}{NBSP}% {side} района")
    own = [(p.year, p.school * scale, p.flagged) for p in points if p.school is not None]
    ax.plot([y for y, _, _ in own], [v for _, v, _ in own], color="#333333", linewidth=2, marker="o",
            markersize=6, label=_short(school_name, 40), zorder=3)
    flagged = [(y, v) for y, v, f in own if f]
    if flagged:
        ax.scatter([y for y, _ in flagged], [v for _, v in flagged], s=70, color=GROUP_COLORS["risk"],
                   zorder=4, label="ниже порога в этом году")
    for y, v, _ in own:
        ax.annotate(value_text(ind, v), (y, v), textcoords="offset points", xytext=(0, 8), ha="center",
                    fontsize=8)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(years) - 0.4, max(years) + 0.4)
    ax.yaxis.set_major_formatter(_axis_formatter(ind))
    ax.set_ylabel(f"{ind.short}, {ind.unit_label}", fontsize=9)
    ax.set_ylim(bottom=0, top=max([v for _, v, _ in own] + [v for _, v in district] + [1]) * 1.2)
    ax.grid(axis="y", linewidth=0.3, color="#dddddd")
    _style(ax)
    ax.legend(fontsize=8, loc="lower left", frameon=True, framealpha=0.9)
    test = f"{key.procedure_label} {key.grade} кл., {subject_phrase(key.subject)}"
    fig.suptitle(f"{school_name}: {ind.name}, {test}", fontsize=10.5, x=0.01, ha="left")
    fig.text(0.01, 0.01, f"Районный уровень — {MEAN_LABELS[settings.mean]}.", fontsize=7.5,
             color="#555555")
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.13)
    return fig


# --- ИОР × social context --------------------------------------------------------------------------


def quadrant_scatter(result: QuadrantResult, fig: Figure | None = None, highlight: Iterable[int] = (),
                     title: str = "") -> Figure:
    """Schools by ИОР (x) and social well-being (y); the cuts; the quadrants coloured and named."""
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.patches import Patch

    fig = _prepare(fig, 9.0, 5.2)
    ax = fig.add_subplot(1, 1, 1)
    points = [p for p in result.points if p.social is not None]
    if not points:
        raise AnalyticsError("Нет данных о социальном контексте школ.")
    socials = sorted({p.social for p in points if p.social is not None})
    binary = set(socials) <= {0.0, 1.0}
    marked = set(highlight)
    # a two-valued axis (the ШНСУ status) spreads its points a little so that none hides another
    offsets: dict[int, float] = {}
    if binary:
        for level in (0.0, 1.0):
            same = sorted((p for p in points if p.social == level), key=lambda p: p.ior)
            for i, p in enumerate(same):
                offsets[p.school_id] = ((i % 5) - 2) * 0.07
    ys = {p.school_id: (p.social or 0.0) + offsets.get(p.school_id, 0.0) for p in points}
    named = (Quadrant.LOW_ADVERSE, Quadrant.LOW_ONLY, Quadrant.RESILIENT)
    for p in points:
        color = QUADRANT_COLORS.get(p.quadrant.value if p.quadrant else "other", "#7f8c9a")
        ax.scatter(p.ior, ys[p.school_id], s=60 if p.school_id in marked else 38, color=color,
                   edgecolors="#111111" if p.school_id in marked else "white", linewidths=1.2, zorder=3)
    labelled = [p for p in points if p.quadrant in named or p.school_id in marked]
    ax.axvline(result.low_at_most, color="#888888", linestyle="--", linewidth=1)
    ax.axvline(result.good_at_least, color="#888888", linestyle=":", linewidth=1)
    if binary:
        ax.axhline(0.5, color="#888888", linestyle="--", linewidth=1)
        ax.set_yticks([0, 1], ["неблагоприятные\nусловия (ШНСУ)", "прочие школы"])
        ax.set_ylim(-0.45, 1.45)
    else:
        ax.axhline(result.adverse_at_most, color="#888888", linestyle="--", linewidth=1)
        # the source is long: it is printed under the chart, the axis keeps a short wrapped title
        ax.set_ylabel("социальный контекст\n(выше — благополучнее)", fontsize=8.5)
        ax.yaxis.set_major_formatter(_comma_formatter(2))
    xs = [p.ior for p in points]
    span = (max(xs) - min(xs)) or 1.0
    ax.set_xlim(min(xs) - span * 0.08, max(xs) + span * 0.22)
    ax.xaxis.set_major_formatter(_comma_formatter())
    ax.set_xlabel(textwrap.fill(f"ИОР — {IOR_METHOD_LABELS.get(result.method, result.method)} "
                                f"(не выше {signed(result.low_at_most, 2)} — низкие результаты, от "
                                f"{signed(result.good_at_least, 2)} — хорошие)", 110), fontsize=8.5)
    ax.grid(linewidth=0.3, color="#e5e5e5")
    ax.set_axisbelow(True)
    _style(ax)
    corner: dict[str, Any] = {"fontsize": 8, "color": "#9a9a9a", "style": "italic", "transform": ax.transAxes}
    if binary:
        ax.text(0.01, 0.02, Quadrant.LOW_ADVERSE.label, ha="left", va="bottom", **corner)
        ax.text(0.99, 0.02, Quadrant.RESILIENT.label, ha="right", va="bottom", **corner)
        ax.text(0.01, 0.98, Quadrant.LOW_ONLY.label, ha="left", va="top", **corner)
    counts = {q: len(result.members(q)) for q in Quadrant}
    handles = [Patch(color=QUADRANT_COLORS[q.value], label=f"{q.label}: {counts[q]}") for q in Quadrant]
    ax.legend(handles=handles, fontsize=7.5, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.suptitle(title or "ИОР и социальный контекст", fontsize=10.5, x=0.01, ha="left")
    source = result.social_source.rstrip(".")
    fig.subplots_adjust(left=0.16, right=0.75, top=0.9, bottom=0.2)
    shown = _place_labels(fig, ax, labelled, ys, marked)
    note = (f" Подписаны {shown} из {len(labelled)} школ: остальные подписи не помещаются."
            if shown < len(labelled) else "")
    fig.text(0.01, 0.01, textwrap.fill(f"Социальный контекст: {source}.{note}", 150), fontsize=7.5,
             color="#555555", va="bottom")
    return fig


MAX_POINT_LABELS = 40
_LABEL_OFFSETS = ((5, 4, "left"), (5, -6, "left"), (-5, 4, "right"), (-5, -6, "right"),
                  (5, 16, "left"), (-5, 16, "right"), (5, -18, "left"), (-5, -18, "right"))


def _place_labels(fig: Figure, ax: Any, points: Sequence[Any], ys: dict[int, float],
                  marked: set[int]) -> int:
    """Name the points without overlaps: long names wrapped on two lines, the marked schools first,
    then the lowest ИОР; a label that fits nowhere is left out (at most MAX_POINT_LABELS)."""
    order = sorted(points, key=lambda p: (p.school_id not in marked, p.ior))
    try:
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg and Qt canvases have it
    except AttributeError:  # a canvas without a renderer: no overlap check
        renderer = None
    taken: list[Any] = []
    shown = 0
    for p in order:
        if shown >= MAX_POINT_LABELS and p.school_id not in marked:
            break
        text = "\n".join(textwrap.wrap(p.short_name, 22, max_lines=2, placeholder="…"))
        for dx, dy, ha in _LABEL_OFFSETS:
            label = ax.annotate(text, (p.ior, ys[p.school_id]), textcoords="offset points",
                                xytext=(dx, dy), fontsize=7, ha=ha, va="bottom" if dy > 0 else "top",
                                annotation_clip=True)
            if renderer is None:
                break
            box = label.get_window_extent(renderer)
            inside = ax.get_window_extent(renderer)
            fits = (box.x0 >= inside.x0 - 2 and box.x1 <= inside.x1 + 2 and box.y0 >= inside.y0 - 2
                    and box.y1 <= inside.y1 + 2)
            last = (dx, dy, ha) == _LABEL_OFFSETS[-1]
            if (fits and not any(box.overlaps(other) for other in taken)) or (
                    p.school_id in marked and last):  # the marked are named anyway
                taken.append(box)
                break
            label.remove()
        else:
            continue
        shown += 1
    return shown


def _comma_formatter(digits: int = 1) -> Any:
    # heavy: matplotlib loads only when a chart is drawn
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: signed(v, digits))


def signed(value: float, digits: int) -> str:
    """−0,35 with a real minus sign, as in print."""
    return number(value, digits).replace("-", "\u2212")
