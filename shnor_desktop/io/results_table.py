"""The results grid's data: all assessment results as numpy columns, and validated edits.

Columns are loaded with one raw DBAPI query (ORM objects for a million rows would take
minutes and gigabytes). Text columns are stored as integer codes into a sorted list of
categories, so sorting and filtering is numpy work on integers.

The named shares of a result (``AssessmentResult.shares``, mapped from any «доля, %» column of
a table) are one text column «Другие доли» («доля выполнивших 50 %: 45,3 %»); the export gives
them one numeric column per name when there are few names.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import update

from .. import russian
from ..errors import CellError
from ..models import AssessmentResult
from ..models.enums import Procedure
from ..russian import parse_number

if TYPE_CHECKING:
    import numpy as np

    from ..store.database import Database

# (field, title, kind): kind "int" | "float" | "share" | "code" (text category)
FIELDS: list[tuple[str, str, str]] = [
    ("year", "Год", "int"),
    ("procedure", "Процедура", "code"),
    ("grade", "Класс", "int"),
    ("subject", "Предмет", "code"),
    ("school", "ОО", "code"),
    ("login", "Логин", "code"),
    ("participants", "Участников", "int"),
    ("absent", "Отсутств.", "int"),
    ("mark2", "«2»", "int"),
    ("mark3", "«3»", "int"),
    ("mark4", "«4»", "int"),
    ("mark5", "«5»", "int"),
    ("progress", "Успеваемость", "share"),
    ("quality", "Качество", "share"),
    ("mean_score", "Средний балл", "float"),
    ("median_score", "Медиана", "float"),
    ("kv", "КВ", "share"),
    ("share_below_min", "Ниже минимума", "share"),
    ("share_80plus", "80+ баллов", "share"),
    ("other_shares", "Другие доли", "code"),
]
SHARES_FIELD = "other_shares"
MAX_SHARE_COLUMNS = 20  # more names than this are exported as the one text column
EDITABLE = {"participants", "absent", "mark2", "mark3", "mark4", "mark5", "mean_score",
            "median_score", "kv", "share_below_min", "share_80plus"}
DERIVED = {"progress", "quality"}
_DB_COLUMNS = ["participants", "absent", "mark2", "mark3", "mark4", "mark5", "mean_score",
               "median_score", "kv", "share_below_min", "share_80plus"]




@dataclass
class ResultColumns:
    """Parallel numpy arrays, one element per result row; NaN for empty numbers."""

    ids: np.ndarray[Any, Any]
    school_ids: np.ndarray[Any, Any]
    values: dict[str, np.ndarray[Any, Any]]
    categories: dict[str, list[str]] = field(default_factory=dict)
    statuses: dict[tuple[int, int], set[str]] = field(default_factory=dict)  # (school, year) -> kinds
    shares: dict[int, dict[str, float]] = field(default_factory=dict)  # row -> named shares (sparse)

    def __post_init__(self) -> None:
        if SHARES_FIELD not in self.values:  # built without named shares: an empty text column
            # heavy: numpy loads only when the results table is built
            import numpy as np

            self.values[SHARES_FIELD] = np.zeros(len(self.ids), dtype=np.int32)
            self.categories[SHARES_FIELD] = [""]

    def __len__(self) -> int:
        return len(self.ids)

    def text(self, name: str, row: int) -> str:
        return self.categories[name][int(self.values[name][row])]

    def code_of(self, name: str, text: str) -> int | None:
        try:
            return self.categories[name].index(text)
        except ValueError:
            return None


def _codes(texts: Sequence[str]) -> tuple[Any, list[str]]:
    # heavy: numpy loads only when the results table is built
    import numpy as np

    categories = sorted(set(texts), key=str.casefold)
    lookup = {t: i for i, t in enumerate(categories)}
    return np.fromiter((lookup[t] for t in texts), dtype=np.int32, count=len(texts)), categories


def parse_shares(value: Any) -> dict[str, float]:
    """A stored ``shares`` value (JSON text from SQLite, a dict from PostgreSQL) as name -> 0..1."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): float(v) for k, v in value.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)}


def shares_text(shares: dict[str, float]) -> str:
    """«доля выполнивших 50 %: 45,3 %; другая: 12 %» (names in alphabetical order)."""
    return "; ".join(f"{name}: {russian.percent(shares[name])}" for name in sorted(shares, key=str.casefold))


def derive_shares(values: dict[str, Any]) -> None:
    """успеваемость = 1 − «2»/participants; качество = («4»+«5»)/participants (NaN when unknown)."""
    # heavy: numpy loads only when the results table is built
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        n = values["participants"]
        n = np.where(n > 0, n, np.nan)
        values["progress"] = 1.0 - values["mark2"] / n
        values["quality"] = (values["mark4"] + values["mark5"]) / n


def load_results(db: Database) -> ResultColumns:
    # heavy: numpy loads only when the results table is built
    import numpy as np

    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(
            "SELECT r.id, r.school_id, r.year, r.procedure, r.grade, r.subject, s.short_name, "
            "COALESCE(s.fis_login, ''), " + ", ".join(f"r.{c}" for c in _DB_COLUMNS) +
            ", r.shares FROM assessment_result r JOIN school s ON s.id = r.school_id"
        )
        rows = cur.fetchall()
        cur.execute("SELECT school_id, year, kind FROM school_status")
        status_rows = cur.fetchall()
    finally:
        raw.close()
    n = len(rows)
    cols: list[Sequence[Any]] = (list(zip(*rows, strict=True)) if rows
                                 else [[] for _ in range(9 + len(_DB_COLUMNS))])
    labels = {p.value: p.label for p in Procedure}
    values: dict[str, Any] = {}
    categories: dict[str, list[str]] = {}
    values["year"] = np.asarray(cols[2], dtype=np.float64) if n else np.empty(0)
    values["grade"] = np.asarray(cols[4], dtype=np.float64) if n else np.empty(0)
    for name, col in (("procedure", [labels.get(p, p) for p in cols[3]]), ("subject", cols[5]),
                      ("school", cols[6]), ("login", cols[7])):
        values[name], categories[name] = _codes(list(col))
    for i, name in enumerate(_DB_COLUMNS):
        values[name] = np.array([np.nan if v is None else v for v in cols[8 + i]], dtype=np.float64) \
            if n else np.empty(0)
    derive_shares(values)
    named: dict[int, dict[str, float]] = {}
    texts = [""] * n
    memo: dict[str, tuple[dict[str, float], str]] = {}
    for row, raw_shares in enumerate(cols[8 + len(_DB_COLUMNS)]):
        if raw_shares is None:
            continue
        key = raw_shares if isinstance(raw_shares, str) else json.dumps(raw_shares, sort_keys=True)
        if key not in memo:
            parsed = parse_shares(raw_shares)
            memo[key] = (parsed, shares_text(parsed))
        parsed, text = memo[key]
        if parsed:
            named[row], texts[row] = parsed, text
    values[SHARES_FIELD], categories[SHARES_FIELD] = _codes(texts)
    statuses: dict[tuple[int, int], set[str]] = {}
    for school_id, year, kind in status_rows:
        statuses.setdefault((school_id, year), set()).add(kind)
    return ResultColumns(
        ids=np.asarray(cols[0], dtype=np.int64) if n else np.empty(0, dtype=np.int64),
        school_ids=np.asarray(cols[1], dtype=np.int64) if n else np.empty(0, dtype=np.int64),
        values=values, categories=categories, statuses=statuses, shares=named,
    )


def parse_cell(name: str, text: str) -> float | None:
    """The user's text for a cell -> a number (or None for empty); CellError in Russian."""
    kind = next(k for f, _t, k in FIELDS if f == name)
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if name not in EDITABLE:
        raise CellError("Этот столбец не редактируется")
    if text in ("", "-", "—"):
        return None
    try:
        value, is_percent = parse_number(text)
    except ValueError as exc:
        raise CellError(str(exc)) from None
    if kind == "int":
        if not value.is_integer() or value < 0:
            raise CellError("Нужно целое неотрицательное число")
        return value
    if kind == "share":
        if is_percent or value > 1:
            value /= 100
        if not 0 <= value <= 1:
            raise CellError("Доля должна быть от 0 до 100 %")
        return value
    if value < 0:
        raise CellError("Значение не может быть отрицательным")
    return value


def check_row(values: dict[str, float | None]) -> None:
    """Row-level consistency: marks cannot exceed participants."""
    n = values.get("participants")
    marks = [values.get(f"mark{m}") for m in range(2, 6)]
    known = [m for m in marks if m is not None]
    if n is not None and known and sum(known) > n:
        raise CellError(
            f"Сумма отметок ({int(sum(known))}) больше числа участников ({int(n)})"
        )


def cell_rule(columns: ResultColumns, row: int, name: str) -> str:
    """What a cell of ``row`` accepts, in Russian, for the message of a refused edit:
    «Нужно целое число от 0 до 25 (участников 25)»."""
    def known(field_name: str) -> float | None:
        value = float(columns.values[field_name][row])
        return None if math.isnan(value) else value

    kind = next(k for f, _t, k in FIELDS if f == name)
    if name not in EDITABLE:
        return "Этот столбец не редактируется: он считается по другим столбцам или задан файлом"
    if kind == "share":
        return "Нужна доля от 0 до 100 % (например, 45,3 или 45,3 %)"
    if kind == "float":
        return "Нужно неотрицательное число (например, 12,5)"
    marks = {f"mark{m}": known(f"mark{m}") for m in range(2, 6)}
    participants = known("participants")
    if name in marks:
        if participants is None:
            return "Нужно целое неотрицательное число"
        others = int(sum(v for f, v in marks.items() if f != name and v is not None))
        top = max(int(participants) - others, 0)
        note = f", другие отметки — {others}" if others else ""
        return f"Нужно целое число от 0 до {top} (участников {int(participants)}{note})"
    if name == "participants":
        total = int(sum(v for v in marks.values() if v is not None))
        if total:
            return f"Нужно целое число не меньше {total} (сумма отметок {total})"
    return "Нужно целое неотрицательное число"


def apply_edits(db: Database, columns: ResultColumns, edits: list[tuple[int, str, str]]) -> int:
    """Validate all edits (row index, field, text) and write them in ONE transaction.

    Nothing is written if any edit is invalid: the CellError names the row and the column.
    Returns the number of changed cells; ``columns`` is updated in place on success.
    """
    # heavy: numpy loads only when the results table is built
    import numpy as np

    titles = {f: t for f, t, _k in FIELDS}
    parsed: dict[int, dict[str, float | None]] = {}
    for row, name, text in edits:
        try:
            value = parse_cell(name, text)
        except CellError as exc:
            raise CellError(f"Строка {row + 1}, «{titles[name]}»: {exc}") from None
        parsed.setdefault(row, {})[name] = value
    for row, changes in parsed.items():
        current = {f: (None if np.isnan(columns.values[f][row]) else float(columns.values[f][row]))
                   for f in _DB_COLUMNS}
        current.update(changes)
        try:
            check_row(current)
        except CellError as exc:
            raise CellError(f"Строка {row + 1}: {exc}") from None
    with db.transaction() as session:
        for row, changes in parsed.items():
            session.execute(
                update(AssessmentResult)
                .where(AssessmentResult.id == int(columns.ids[row]))
                .values({k: (int(v) if v is not None and k in _INT_FIELDS else v)
                         for k, v in changes.items()})
            )
    for row, changes in parsed.items():
        for name, value in changes.items():
            columns.values[name][row] = np.nan if value is None else value
    derive_shares(columns.values)
    return sum(len(c) for c in parsed.values())


_INT_FIELDS = {f for f, _t, k in FIELDS if k == "int"}
