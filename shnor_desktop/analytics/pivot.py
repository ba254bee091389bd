"""The results of the district's schools as one pivot table: school × work × year.

What a methodist otherwise builds by hand in Excel to see every school's history at once: rows are
the schools (and the district level last), columns are the works («ВПР 5 кл., математика») with a
column per year under each, cells hold one indicator. pandas does the pivoting; the workbook is
written by :mod:`shnor_desktop.io.pivot_export`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AssessmentResult
from ..registry.scope import Scope
from .district import district_value
from .explain import subject_phrase
from .frame import SliceKey, group_by_slice, load_rows, parse_procedure
from .indicators import Indicator, indicator

if TYPE_CHECKING:
    import pandas as pd

DISTRICT_ROW = "Район"


@dataclass(frozen=True)
class Pivot:
    indicator: Indicator
    table: pd.DataFrame  # index: school names (the district last); columns: (work, year)


def work_label(key: SliceKey) -> str:
    """«ВПР 5 кл., математика» (an unusual session added: «…, осень»)."""
    session = key.session.strip()
    extra = f", {session}" if session and session.casefold() != "весна" else ""
    return f"{key.procedure_label} {key.grade} кл., {subject_phrase(key.subject)}{extra}"


def results_pivot(session: Session, *, indicator_key: str = "kv", procedure: str | None = None,
                  years: list[int] | None = None, scope: Scope | None = None,
                  mean: str = "weighted") -> Pivot:
    """Every school of the scope (the district by default) × every work and year of the database."""
    # heavy: pandas loads only for the pivot
    import pandas as pd

    ind = indicator(indicator_key)
    if years is None:
        years = sorted(session.scalars(select(AssessmentResult.year).distinct()))
    proc = parse_procedure(procedure).value if procedure else None
    rows = load_rows(session, years=years, procedure=proc, scope=scope)
    records: list[dict[str, object]] = []
    for key, group in group_by_slice(rows).items():
        work = work_label(key)
        for row in group:
            records.append({"school": row.short_name, "work": work, "year": key.year,
                            "value": ind.value(row.numbers)})
        level = district_value(group, ind, mean, key).value
        records.append({"school": DISTRICT_ROW, "work": work, "year": key.year, "value": level})
    if not records:
        return Pivot(ind, pd.DataFrame())
    frame = pd.DataFrame.from_records(records)
    table = frame.pivot_table(index="school", columns=["work", "year"], values="value", aggfunc="first",
                              dropna=False)
    schools = sorted((s for s in table.index if s != DISTRICT_ROW), key=str.casefold)
    table = table.reindex([*schools, DISTRICT_ROW]).dropna(axis=1, how="all")  # works not written that year
    table = table.reindex(columns=sorted(table.columns, key=lambda c: (c[0].casefold(), c[1])))
    return Pivot(ind, table)
