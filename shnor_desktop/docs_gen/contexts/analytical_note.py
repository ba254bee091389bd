"""Аналитическая справка for a slice of results: results by school with the district (and regional)
row, deviation and groups, dynamics, charts, the ШНОР list with reasons, the monitoring indicators,
conclusions.

Only the document speaks: a section without data is left out and the sections are numbered as
they appear; the words are the field's («ниже районного уровня на 64 % (20,0 % против 55,9 %)»,
«п. п.», ЕГЭ by its mean score and the shares with 80+ and below the minimum).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import russian
from ...analytics import AnalyticsError
from ...analytics.district import district_value
from ...analytics.explain import (
    caveat_phrase,
    document_check_phrase,
    signed_difference,
    slice_label,
    years_phrase,
)
from ...analytics.frame import group_by_slice, load_rows, parse_procedure
from ...analytics.groups import Group
from ...analytics.identification import IdentificationSettings, identify, load_settings
from ...analytics.indicators import indicator
from ...models import AssessmentResult, School, SchoolStatus
from ...models.enums import Procedure, SchoolStatusKind
from ...registry.scope import district_scope
from ..blanks import BLANK, BLANK_LONG, Gap
from ..charts import Bar, Series, chunks, dynamics_chart, schools_chart
from ..rendering import Image
from .common import (
    Description,
    DocMeta,
    DocParams,
    authority,
    enumerate_names,
    organisations,
)

if TYPE_CHECKING:
    from ...analytics.frame import SliceKey
    from ...analytics.identification import Identification
    from ...registry.scope import Scope

log = logging.getLogger(__name__)

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
    return district_scope(session, params.options.get("municipality") or None)


def _slices(session: Session, year: int, params: DocParams) -> list[SliceResult]:
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
    return "—" if deviation is None else signed_difference(deviation, threshold)


def _marks_sum(rows: list[Any], attr: str) -> int | None:
    values = [getattr(r.numbers, attr) for r in rows]
    if not values or any(v is None for v in values):
        return None
    return int(sum(values))


def _kind_of(result: Identification) -> str:
    """The table a slice is shown in: ЕГЭ by scores and shares; works with marks by marks; a work whose
    marks are not known yet (no scale) by its scores."""
    if result.key.procedure == "EGE":
        return "ege"
    if any(s.row.numbers.mark2 is not None for s in result.schools):
        return "marks"
    return "scores"


def _slice_table(result: Identification) -> dict[str, Any]:
    quality, success, mean = indicator("quality"), indicator("success"), indicator("mean_score")
    kv, median = indicator("kv"), indicator("median")
    share80, below = indicator("share80"), indicator("below_min")
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
            "median": median.format(s.row.value("median")) or "—",
            "kv": kv.format(s.row.value("kv")) or "—",
            "share80": share80.format(s.row.value("share80")) or "—",
            "below_min": below.format(s.row.value("below_min")) or "—",
            "deviation": _deviation_text(worst.deviation, result.settings.threshold),
            "deviation_of": worst.indicator.short if worst.deviation is not None else "",
            "flag": s.group.label or "—",
            "risk": s.flagged,
            "fill": "F4CCCC" if s.flagged else ("FFF2CC" if s.group.value == "control" else "FFFFFF"),
        })
    all_rows = [s.row for s in schools]
    mean_kind = result.mean_used

    def level(key: str) -> str:
        dv = result.district.get(key) or district_value(all_rows, key, mean_kind, result.key)
        return indicator(key).format(dv.value) or "—"

    participants = [r.participants for r in all_rows]
    district = {
        "participants": _fmt_count(None if any(p is None for p in participants)
                                   else sum(p for p in participants if p is not None)),
        "m2": _fmt_count(_marks_sum(all_rows, "mark2")), "m3": _fmt_count(_marks_sum(all_rows, "mark3")),
        "m4": _fmt_count(_marks_sum(all_rows, "mark4")), "m5": _fmt_count(_marks_sum(all_rows, "mark5")),
        "success": level("success"), "quality": level("quality"), "mean": level("mean_score"),
        "median": level("median"), "kv": level("kv"), "share80": level("share80"),
        "below_min": level("below_min"),
    }
    region = result.region
    region_row = None
    if region is not None:
        def regional(key: str) -> str:
            value = region.value(key)
            return indicator(key).format(value) if value is not None else "—"

        region_row = {"label": upper_first_word(region.label),
                      "participants": _fmt_count(region.participants),
                      "success": regional("success"), "quality": regional("quality"),
                      "mean": regional("mean_score"), "median": regional("median"), "kv": regional("kv"),
                      "share80": regional("share80"), "below_min": regional("below_min")}
    risk = list(result.risk_group)
    control = list(result.control_group)
    return {
        "title": slice_label(result.key),
        "kind": _kind_of(result),
        "rows": rows,
        "district": district,
        "region": region_row or {},
        "has_region": region_row is not None,
        "risk_count": len(risk),
        "summary": _slice_summary(result),
        "reasons": [{"name": s.row.short_name, "reason": _document_reason(s)} for s in risk + control],
    }


def upper_first_word(text: str) -> str:
    return text[:1].upper() + text[1:]


def _document_reason(school: Any) -> str:
    """Why a school is in a group, in the note's words: «медиана ниже районного уровня на 22 % (10,0
    против 12,9)»; a caveat for few participants; an earlier year in the risk group."""
    if school.group is Group.RISK:
        parts = [document_check_phrase(c) for c in school.flagged_checks]
        if school.caveat:
            parts.append(caveat_phrase(school.row.participants))
    else:
        parts = [f"{document_check_phrase(c)} — близко к порогу" for c in school.near_checks]
        if school.earlier_flagged_years:
            parts.append(f"была в группе риска в {years_phrase(school.earlier_flagged_years)}")
    text = "; ".join(parts)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def _slice_summary(result: Identification) -> str:
    risk = [s.row.short_name for s in result.risk_group]
    control = [s.row.short_name for s in result.control_group]
    threshold = russian.percent(result.settings.threshold, 0)
    if risk:
        text = (f"Ниже районного уровня на {threshold} и более (группа риска): {enumerate_names(risk)}")
    else:
        text = f"Школ ниже районного уровня на {threshold} и более нет"
    if control:
        text += f"; контрольная группа: {enumerate_names(control)}"
    return text + "."


# --- dynamics ---------------------------------------------------------------------------------------


def _dynamics(session: Session, slices: list[SliceResult], year: int,
              scope: Scope | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """(the years, one row per slice with the district quality (or КВ / mean) by year)."""
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


def _chart_indicator(result: Identification) -> Any:
    order = ("mean_score", "kv", "median") if result.key.procedure == "EGE" else (
        *result.settings.indicators, "quality", "kv", "mean_score")
    return next((indicator(k) for k in order
                 if any(s.row.value(k) is not None for s in result.schools)), None)


def _bar_charts(result: Identification) -> list[dict[str, Any]]:
    """The schools' values against the district level: one picture per 40 schools, lowest first."""
    ind = _chart_indicator(result)
    if ind is None:
        return []
    share = ind.unit.value == "share"
    scale = 100 if share else 1
    bars = [Bar(s.row.short_name, (s.row.value(ind.key) or 0) * scale,
                "risk" if s.flagged else "control" if s.group.value == "control" else "other")
            for s in result.schools if s.row.value(ind.key) is not None]
    if not bars:
        return []
    dv = result.district.get(ind.key)
    district = dv.value * scale if dv is not None and dv.value is not None else None
    threshold = (district * (1 - result.settings.threshold * ind.direction.sign)
                 if district is not None else None)
    region = result.region
    region_value = region.value(ind.key) if region is not None else None
    unit = f"{ind.name}, %" if share else f"{ind.name}, баллов"
    groups = chunks(bars)
    out = []
    for number, group in enumerate(groups, start=1):
        png = schools_chart(group, unit=unit, district=district, threshold=threshold,
                            region=None if region_value is None else region_value * scale,
                            region_label=region.label if region is not None else "")
        part = f" (часть {number} из {len(groups)})" if len(groups) > 1 else ""
        out.append({"image": Image(png, width_mm=165), "caption": f"{ind.name} по школам{part}"})
    return out


def _dynamics_chart(years: list[str], table: list[dict[str, Any]]) -> Image | None:
    shares = [row for row in table if row["unit_share"]][:8]
    if not shares:
        return None
    series = [Series(row["title"], [None if v is None else v * 100 for v in row["raw"]]) for row in shares]
    return Image(dynamics_chart(years, series, unit="районный уровень, %"), width_mm=165)


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
        # optional: without analytics.monitoring the note leaves its section out (test_generate_documents)
        from ...analytics.monitoring import monitoring_report
    except ImportError:
        log.info("analytics.monitoring is not available: the note says there is no data")
        return []
    report = monitoring_report(session, year)
    if not report.schools:
        return []
    return [{"name": i.name, "value": i.text(), "note": i.note} for i in report.indicators]


def _conclusions(slices: list[SliceResult], shnor: list[dict[str, Any]], year: int) -> list[str]:
    risk: dict[str, list[str]] = {}
    taken: dict[str, int] = {}
    done = [sr for sr in slices if sr.identification is not None]
    for sr in done:
        assert sr.identification is not None
        for s in sr.identification.schools:
            taken[s.row.short_name] = taken.get(s.row.short_name, 0) + 1
        for s in sr.identification.risk_group:
            risk.setdefault(s.row.short_name, []).append(slice_label(sr.key))
    out = []
    works = "по этой работе" if len(done) == 1 else "хотя бы по одной из работ"
    if risk:
        names = sorted(risk)
        verb = "находятся" if len(names) > 1 else "находится"
        out.append(f"По результатам {year} г. ниже районного уровня на установленный порог и более {works} "
                   f"{verb} {organisations(len(names))}: {enumerate_names(names)}.")
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
    elif done:
        out.append(f"По результатам {year} г. школ ниже районного уровня на установленный порог нет.")
    if shnor:
        out.append(f"В перечне ШНОР на {year} г. {len(shnor)} "
                   f"{russian.plural(len(shnor), 'школа', 'школы', 'школ')}; для них продолжается адресное "
                   "методическое сопровождение и сетевое взаимодействие со школами-лидерами.")
    return out


def works_phrase(n: int) -> str:
    """«одной оценочной процедуры», «3 оценочных процедур» (after «результаты»)."""
    if n == 1:
        return "одной оценочной процедуры"
    return f"{n} {russian.plural(n, 'оценочной процедуры', 'оценочных процедур', 'оценочных процедур')}"


# --- the context ------------------------------------------------------------------------------------------


def build(session: Session, params: DocParams, meta: DocMeta) -> dict[str, Any]:
    auth = authority(session, meta, need_head=False)
    year = _year(session, params)
    scope = district(session, params)
    slices = _slices(session, year, params)
    tables = []
    charts_left = MAX_CHARTS
    for sr in slices:
        if sr.identification is None:
            continue
        table = _slice_table(sr.identification)
        charts = _bar_charts(sr.identification) if charts_left > 0 else []
        charts_left -= len(charts)
        table["charts"] = charts
        tables.append(table)
    years, dynamics = _dynamics(session, slices, year, scope) if tables else ([], [])
    dynamics_chart = _dynamics_chart(years, dynamics) if dynamics else None
    school_dynamics = _school_dynamics(slices)
    shnor = _shnor_list(session, year, scope)
    monitoring = _monitoring(session, year)
    conclusions = _conclusions(slices, shnor, year)
    settings_text = ""
    first = next((sr.identification for sr in slices if sr.identification is not None), None)
    if first is not None:
        settings_text = first.settings.describe()
    schools_count = len({r["name"] for t in tables for r in t["rows"]})
    works_scope = _scope_text(params)
    where = "" if scope.everything else f" ({scope.label})"
    region = next((sr.identification.region for sr in slices
                   if sr.identification is not None and sr.identification.region is not None), None)
    second = (f" Для сравнения приведён {region.label}"
              f"{' (' + region.name + ')' if region.name else ''}." if region is not None else "")
    intro = (f"В справке проанализированы результаты {works_phrase(len(tables))} "
             f"{year} г.{' (' + works_scope + ')' if works_scope else ''} по "
             f"{organisations(schools_count, 'datv')}. Каждая школа сравнивается с районным "
             f"уровнем{where}; правило выявления: {settings_text}.{second}") if tables else ""
    # sections are numbered as they appear: a section without data is left out
    present = [("results", bool(tables)), ("dynamics", bool(dynamics) or bool(school_dynamics)),
               ("shnor", bool(shnor)), ("monitoring", bool(monitoring)), ("conclusions", bool(conclusions))]
    section, n = {"general": "1"}, 1
    for key, shown in present:
        if shown:
            n += 1
            section[key] = str(n)
    executor = auth["executor_name"]
    if not executor:
        meta.blanks.note(Gap("исполнитель (подписывает справку)", "Сведения о районе", "district", None,
                             "executor_name"))
    return {
        "authority": auth,
        "number": meta.number,
        "date": russian.date_short(meta.date),
        "year": year,
        "scope": works_scope,
        "district": "" if scope.everything else scope.label,
        "intro": intro or f"Результатов оценочных процедур за {year} г. в базе нет.",
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
        "section": section,
        "signer": {"name": executor or BLANK_LONG, "short": auth["executor_signature"] or BLANK,
                   "phone": auth["executor_phone"], "position": auth["executor_position"]},
    }
