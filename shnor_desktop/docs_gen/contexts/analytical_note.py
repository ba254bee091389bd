"""Аналитическая справка for a slice of results: marks by school with the district row, deviation and
flags, dynamics, charts, the ШНОР list with reasons, the monitoring indicators, conclusions.

Every section works with what exists: where the data (or an analytics module) is missing, the
section says «Данные отсутствуют.» — never a crash, never an empty heading.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import russian
from ...models import AssessmentResult, School, SchoolStatus
from ...models.enums import Procedure, SchoolStatusKind
from ..rendering import Image
from .common import (
    Description,
    DocMeta,
    DocParams,
    authority,
    enumerate_names,
    no_data_text,
    organisations,
)

if TYPE_CHECKING:
    from ...analytics.frame import SliceKey
    from ...analytics.identification import Identification
    from ...registry.scope import Scope

log = logging.getLogger(__name__)

NO_DATA = "Данные отсутствуют."
PROCEDURE_ORDER = [p.value for p in Procedure]
MAX_CHARTS = 12


# --- parameters ----------------------------------------------------------------------------------


def _filters(params: DocParams) -> tuple[str | None, int | None, str | None]:
    procedure = params.options.get("procedure") or None
    grade = params.options.get("grade")
    subject = params.options.get("subject") or None
    return procedure, (int(grade) if grade not in (None, "") else None), subject


def latest_year(session: Session) -> int | None:
    return session.scalar(select(func.max(AssessmentResult.year)))


def _year(session: Session, params: DocParams) -> int:
    return params.year or latest_year(session) or dt.date.today().year


def _scope_text(params: DocParams) -> str:
    procedure, grade, subject = _filters(params)
    parts = []
    if procedure:
        try:
            from ...analytics.frame import parse_procedure

            parts.append(parse_procedure(procedure).label)
        except Exception:  # an unknown spelling: print it as given
            log.info("unknown procedure %r in the note's options", procedure)
            parts.append(str(procedure))
    if grade:
        parts.append(f"{grade} класс")
    if subject:
        parts.append(str(subject).lower())
    return ", ".join(parts)


def describe(session: Session, params: DocParams) -> Description:
    year = _year(session, params)
    scope = _scope_text(params)
    title = f"Аналитическая справка по результатам оценочных процедур {year} г."
    if scope:
        title += f" ({scope})"
    return Description(title=title, sources={"year": [year]}, year=year,
                       file_stem=f"Аналитическая справка {year}" + (f" {scope}" if scope else ""))


# --- the slices ------------------------------------------------------------------------------------


@dataclass
class SliceResult:
    key: SliceKey
    identification: Identification | None
    error: str = ""


def district(session: Session, params: DocParams) -> Scope:
    """The district the note is about: ``options["municipality"]`` (a regional user writing about
    one municipality), else the district profile's."""
    from ...registry.scope import district_scope

    return district_scope(session, params.options.get("municipality") or None)


def _slices(session: Session, year: int, params: DocParams) -> list[SliceResult]:
    from ...analytics import AnalyticsError
    from ...analytics.frame import group_by_slice, load_rows
    from ...analytics.identification import identify, load_settings

    procedure, grade, subject = _filters(params)
    scope = district(session, params)
    try:
        rows = load_rows(session, years=year, procedure=procedure, grade=grade, subject=subject, scope=scope)
    except AnalyticsError as exc:
        log.warning("analytical note: %s", exc)
        return []
    try:
        settings = load_settings(session)
    except AnalyticsError as exc:
        log.warning("analytical note uses the default settings: %s", exc)
        from ...analytics.identification import IdentificationSettings

        settings = IdentificationSettings()
    keys = sorted(group_by_slice(rows), key=lambda k: (
        PROCEDURE_ORDER.index(k.procedure) if k.procedure in PROCEDURE_ORDER else 99, k.grade,
        k.subject, k.session))
    out = []
    for key in keys:
        try:
            result = identify(session, year=year, procedure=key.procedure, grade=key.grade,
                              subject=key.subject, settings=settings, session_name=key.session or None,
                              scope=scope)
            out.append(SliceResult(key, result))
        except AnalyticsError as exc:
            out.append(SliceResult(key, None, str(exc)))
    return out


def _fmt_count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _deviation_text(deviation: float | None, threshold: float | None = None) -> str:
    """«−32 %», «+9 %»; one decimal where whole percent would hide the side of the threshold (−14,7 %)."""
    from ...analytics.explain import signed_difference

    return "—" if deviation is None else signed_difference(deviation, threshold)


def _marks_sum(rows: list[Any], attr: str) -> int | None:
    values = [getattr(r.numbers, attr) for r in rows]
    if not values or any(v is None for v in values):
        return None
    return int(sum(values))


def _slice_table(result: Identification) -> dict[str, Any]:
    from ...analytics.explain import slice_label
    from ...analytics.indicators import indicator

    quality, success, mean = indicator("quality"), indicator("success"), indicator("mean_score")
    kv = indicator("kv")
    schools = sorted(result.schools, key=lambda s: s.row.short_name)
    rows = []
    for s in schools:
        n = s.row.numbers
        worst = s.worst
        rows.append({
            "name": s.row.short_name,
            "participants": _fmt_count(s.row.participants),
            "m2": _fmt_count(n.mark2), "m3": _fmt_count(n.mark3),
            "m4": _fmt_count(n.mark4), "m5": _fmt_count(n.mark5),
            "success": success.format(s.row.value("success")) or "—",
            "quality": quality.format(s.row.value("quality")) or "—",
            "mean": mean.format(s.row.value("mean_score")) or "—",
            "kv": kv.format(s.row.value("kv")) or "—",
            "deviation": _deviation_text(worst.deviation, result.settings.threshold),
            "deviation_of": worst.indicator.short if worst.deviation is not None else "",
            "flag": s.group.label or "—",
            "risk": s.flagged,
            "fill": "F4CCCC" if s.flagged else ("FFF2CC" if s.group.value == "control" else "FFFFFF"),
        })
    all_rows = [s.row for s in schools]
    from ...analytics.district import district_value

    mean_kind = result.mean_used

    def level(key: str) -> str:
        dv = result.district.get(key) or district_value(all_rows, key, mean_kind, result.key)
        return indicator(key).format(dv.value) or "—"

    participants = [r.participants for r in all_rows]
    district = {
        "participants": _fmt_count(None if any(p is None for p in participants) else sum(participants)),  # type: ignore[misc]
        "m2": _fmt_count(_marks_sum(all_rows, "mark2")), "m3": _fmt_count(_marks_sum(all_rows, "mark3")),
        "m4": _fmt_count(_marks_sum(all_rows, "mark4")), "m5": _fmt_count(_marks_sum(all_rows, "mark5")),
        "success": level("success"), "quality": level("quality"), "mean": level("mean_score"),
        "kv": level("kv"),
    }
    risk = [s for s in result.risk_group]
    control = [s for s in result.control_group]
    return {
        "title": slice_label(result.key),
        "rows": rows,
        "district": district,
        "risk_count": len(risk),
        "summary": _slice_summary(result),
        "reasons": [{"name": s.row.short_name, "reason": _without_label(s.reason, slice_label(result.key))}
                    for s in risk + control if s.reason],
    }


def _without_label(reason: str, label: str) -> str:
    """«ВПР 5 кл., математика, 2024: качество …» under a heading that already names the work."""
    text = reason[len(label) + 2:] if reason.startswith(label + ": ") else reason
    return text.rstrip(".") + "."


def _slice_summary(result: Identification) -> str:
    risk = [s.row.short_name for s in result.risk_group]
    control = [s.row.short_name for s in result.control_group]
    parts = []
    if risk:
        parts.append(f"ниже районного уровня на {russian.percent(result.settings.threshold, 0)} и более "
                     f"(группа риска): {enumerate_names(risk)}")
    else:
        parts.append("школ ниже порога нет")
    if control:
        parts.append(f"контрольная группа: {enumerate_names(control)}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


# --- dynamics ---------------------------------------------------------------------------------------


def _dynamics(session: Session, slices: list[SliceResult], year: int,
              scope: Scope | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """(the years, one row per slice with the district quality (or КВ / mean) by year)."""
    from ...analytics.district import district_value
    from ...analytics.explain import slice_label
    from ...analytics.frame import load_rows
    from ...analytics.indicators import indicator

    years = [year - 2, year - 1, year]
    table = []
    for sr in slices:
        if sr.identification is None:
            continue
        key = sr.key
        rows = load_rows(session, years=years, procedure=key.procedure, grade=key.grade, subject=key.subject,
                         session_name=key.session or None, scope=scope)
        by_year: dict[int, list[Any]] = {}
        for r in rows:
            by_year.setdefault(r.key.year, []).append(r)
        ind_key = next((k for k in ("quality", "kv", "mean_score")
                        if any(r.value(k) is not None for r in by_year.get(year, []))), "quality")
        ind = indicator(ind_key)
        values: list[float | None] = []
        for y in years:
            group = by_year.get(y, [])
            values.append(district_value(group, ind, sr.identification.mean_used).value if group else None)
        if sum(v is not None for v in values) < 2:
            continue
        table.append({
            "title": slice_label(key).rsplit(",", 1)[0],
            "indicator": ind.name,
            "cells": [ind.format(v) or "—" for v in values],
            "raw": values,
            "unit_share": ind.unit.value == "share",
        })
    return [str(y) for y in years], table


def _school_dynamics(slices: list[SliceResult]) -> list[dict[str, str]]:
    """One row per school of the risk group: in how many works it is below the line, and how its
    main indicator (качество, else КВ, else средний балл) moved against the previous year."""
    counts: dict[str, dict[str, int]] = {}
    for sr in slices:
        if sr.identification is None:
            continue
        for s in sr.identification.risk_group:
            row = counts.setdefault(s.row.short_name, {"works": 0, "improved": 0, "worsened": 0, "same": 0,
                                                       "no_data": 0})
            row["works"] += 1
            main = next((d for d in s.dynamics if d.value is not None), None)
            trend = main.trend if main is not None else None
            row[trend.value if trend is not None else "no_data"] += 1
    return [{"name": name, **{k: str(v) for k, v in row.items()}}
            for name, row in sorted(counts.items(), key=lambda item: (-item[1]["works"], item[0]))]


# --- charts ---------------------------------------------------------------------------------------------


def _figure(width_in: float, height_in: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=150)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def _bar_chart(result: Identification) -> Image | None:
    """Quality (or the first indicator with values) by school, the district line, flagged in red."""
    from ...analytics.indicators import indicator

    ind = next((indicator(k) for k in ("quality", "kv", "mean_score")
                if any(s.row.value(k) is not None for s in result.schools)), None)
    if ind is None:
        return None
    schools = [s for s in result.schools if s.row.value(ind.key) is not None]
    schools.sort(key=lambda s: s.row.value(ind.key) or 0)
    share = ind.unit.value == "share"
    scale = 100 if share else 1
    values = [(s.row.value(ind.key) or 0) * scale for s in schools]
    colors = ["#c0392b" if s.flagged else "#e69f00" if s.group.value == "control" else "#7f8c8d"
              for s in schools]
    height = 0.75 + 0.24 * len(schools)
    fig = _figure(6.5, height)
    # fixed margins (no tight_layout: it costs a second layout pass per chart)
    fig.subplots_adjust(left=0.3, right=0.95, top=1 - 0.12 / height, bottom=0.55 / height)
    ax = fig.add_subplot(1, 1, 1)
    ax.barh([s.row.short_name for s in schools], values, color=colors, height=0.65)
    district = result.district.get(ind.key)
    if district is not None and district.value is not None:
        ax.axvline(district.value * scale, color="#1f4e79", linewidth=1.2, linestyle="--")
        threshold = district.value * scale * (1 - result.settings.threshold * ind.direction.sign)
        ax.axvline(threshold, color="#c0392b", linewidth=0.8, linestyle=":")
        ax.text(district.value * scale, -0.9, " район", color="#1f4e79", fontsize=7, va="bottom")
    for y, v in enumerate(values):
        ax.text(v, y, f" {russian.number(v, 1)}", va="center", fontsize=6.5)
    ax.set_xlabel(f"{ind.short}, {'%' if share else 'балл'}", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(y=0.01)
    return Image(_png(fig), width_mm=160)


def _dynamics_chart(years: list[str], table: list[dict[str, Any]]) -> Image | None:
    shares = [row for row in table if row["unit_share"]][:10]
    if not shares:
        return None
    fig = _figure(6.5, 3.2)
    fig.subplots_adjust(left=0.09, right=0.6, top=0.95, bottom=0.1)
    ax = fig.add_subplot(1, 1, 1)
    for row in shares:
        points = [(y, v * 100) for y, v in zip(years, row["raw"], strict=True) if v is not None]
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", linewidth=1.2, label=row["title"])
    ax.set_ylabel("районный уровень, %", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=6, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.grid(axis="y", linewidth=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    return Image(_png(fig), width_mm=165)


# --- ШНОР and monitoring -------------------------------------------------------------------------------


def _shnor_list(session: Session, year: int, scope: Scope | None = None) -> list[dict[str, Any]]:
    statuses = [s for s in session.scalars(select(SchoolStatus).join(School).where(
        SchoolStatus.year == year, SchoolStatus.kind == SchoolStatusKind.SHNOR.value)
        .order_by(School.short_name)).all() if scope is None or scope.covers_school(s.school)]
    return [{"number": str(i), "name": s.school.short_name,
             "reasons": [line.strip() for line in (s.reason or "").splitlines() if line.strip()]
             or ["основание не указано"]}
            for i, s in enumerate(statuses, start=1)]


def _monitoring(session: Session, year: int) -> list[dict[str, str]]:
    try:
        from ...analytics.monitoring import monitoring_report
    except ImportError:
        log.info("analytics.monitoring is not available: the note says there is no data")
        return []
    report = monitoring_report(session, year)
    if not report.schools:
        return []
    return [{"name": i.name, "value": i.text(), "note": i.note} for i in report.indicators]


def _conclusions(slices: list[SliceResult], shnor: list[dict[str, Any]], year: int) -> list[str]:
    from ...analytics.explain import slice_label

    risk: dict[str, list[str]] = {}
    taken: dict[str, int] = {}
    for sr in slices:
        if sr.identification is None:
            continue
        for s in sr.identification.schools:
            taken[s.row.short_name] = taken.get(s.row.short_name, 0) + 1
        for s in sr.identification.risk_group:
            risk.setdefault(s.row.short_name, []).append(slice_label(sr.key))
    out = []
    if risk:
        names = sorted(risk)
        out.append(f"По результатам {year} г. ниже районного уровня на установленный порог и более хотя бы "
                   f"по одной работе {'находятся' if len(names) > 1 else 'находится'} "
                   f"{organisations(len(names))}: {enumerate_names(names)}.")
        steady = [n for n in names if len(risk[n]) >= 2 and len(risk[n]) * 2 > taken.get(n, 0)]
        if steady:
            out.append(f"Ниже порога более чем в половине работ, в которых участвовали: "
                       f"{enumerate_names(steady)} — рекомендуется рассмотреть включение (сохранение) в "
                       "перечне ШНОР.")
        out.append("Руководителям перечисленных организаций: провести поэлементный анализ результатов, "
                   "скорректировать программы повышения качества образования и индивидуальные "
                   "образовательные маршруты обучающихся группы риска.")
        out.append("Муниципальным методическим объединениям: включить в планы работы разбор заданий с "
                   "низким процентом выполнения; методистам — включить эти школы в план методических "
                   "выездов.")
    elif slices:
        out.append(f"По результатам {year} г. школ ниже районного уровня на установленный порог нет.")
    if shnor:
        out.append(f"В перечне ШНОР на {year} г. {len(shnor)} "
                   f"{russian.plural(len(shnor), 'школа', 'школы', 'школ')}; для них продолжается адресное "
                   "методическое сопровождение и сетевое взаимодействие со школами-лидерами.")
    return out


# --- the context ------------------------------------------------------------------------------------------


def build(session: Session, params: DocParams, meta: DocMeta) -> dict[str, Any]:
    auth = authority(session, need_head=False)
    year = _year(session, params)
    scope = district(session, params)
    slices = _slices(session, year, params)
    tables = []
    charts_left = MAX_CHARTS
    for sr in slices:
        if sr.identification is None:
            continue
        table = _slice_table(sr.identification)
        chart = _bar_chart(sr.identification) if charts_left > 0 else None
        if chart is not None:
            charts_left -= 1
        table["chart"] = chart if chart is not None else ""
        table["has_chart"] = chart is not None
        tables.append(table)
    years, dynamics = _dynamics(session, slices, year, scope) if tables else ([], [])
    dynamics_chart = _dynamics_chart(years, dynamics) if dynamics else None
    school_dynamics = _school_dynamics(slices)
    shnor = _shnor_list(session, year, scope)
    monitoring = _monitoring(session, year)
    conclusions = _conclusions(slices, shnor, year)
    settings_text = ""
    if tables:
        first = next(sr.identification for sr in slices if sr.identification is not None)
        settings_text = first.settings.describe()
    schools_count = len({r["name"] for t in tables for r in t["rows"]})
    works_scope = _scope_text(params)
    works = russian.plural(len(tables), "оценочной процедуры", "оценочных процедур", "оценочных процедур")
    where = "" if scope.everything else f" ({scope.label})"
    region = next((sr.identification.region for sr in slices
                   if sr.identification is not None and sr.identification.region is not None), None)
    second = (f" Для сравнения приведён {region.label}"
              f"{' (' + region.name + ')' if region.name else ''}." if region is not None else "")
    intro = (f"В справке проанализированы результаты {len(tables)} {works} "
             f"{year} г.{' (' + works_scope + ')' if works_scope else ''} по "
             f"{organisations(schools_count, 'datv')}. Каждая школа сравнивается с районным "
             f"уровнем{where}; правило выявления: {settings_text}.{second}") if tables else ""
    executor = auth["executor_name"]
    return {
        "authority": auth,
        "number": meta.number,
        "date": russian.date_short(meta.date),
        "year": year,
        "scope": works_scope,
        "district": "" if scope.everything else scope.label,
        "intro": intro,
        "has_results": bool(tables),
        "slices": tables,
        "years": years,
        "dynamics": dynamics,
        "has_dynamics": bool(dynamics),
        "dynamics_chart": dynamics_chart if dynamics_chart is not None else "",
        "has_dynamics_chart": dynamics_chart is not None,
        "school_dynamics": school_dynamics,
        "has_school_dynamics": bool(school_dynamics),
        "shnor": shnor,
        "has_shnor": bool(shnor),
        "monitoring": monitoring,
        "has_monitoring": bool(monitoring),
        "conclusions": conclusions,
        "has_conclusions": bool(conclusions),
        "signer": {"name": executor, "short": auth["executor_signature"], "phone": auth["executor_phone"]},
        "has_signer": bool(executor),
        "no_data": no_data_text(),
    }
