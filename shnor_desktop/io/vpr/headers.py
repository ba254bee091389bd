"""Finding the table in a protocol sheet: its header rows, the meaning of each column, the layout."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import ImportRejected
from ..workbook import open_archive
from .cells import norm_header
from .model import LAYOUT_2020, LAYOUT_2021, LAYOUT_2022

# role -> the normalised headers that mean it, most specific first (full match)
_ROLES: dict[str, tuple[str, ...]] = {
    "login": (r"логин школы", r"логин оо", r"логин оу", r"логин", r"пользователь", r"user", r"login",
              r"оо \(логин школы\)", r"логин образовательной организации", r"оо", r"код оо"),
    "journal": (r"(?:отметка|оценка) за предыдущ.*", r"otc", r"(?:отметка|оценка) (?:по|в) журнал[уе]",
                r"(?:отметка|оценка) за (?:год|четверть|триместр|полугодие).*",
                r"(?:годовая|четвертная|текущая) (?:отметка|оценка)"),
    "score": (r"всего баллов", r"итого баллов", r"sum", r"первичный балл", r"сумма баллов",
              r"сумма первичных баллов", r"итоговый балл", r"общий балл", r"балл за работу",
              r"первичный балл за работу", r"итого"),
    "variant": (r"вариант", r"var-1", r"номер варианта", r"вариант работы"),
    "mark": (r"отметка", r"оценка", r"отметка за работу", r"отметка впр", r"отметка за впр",
             r"оценка за работу", r"отметка по пятибалльной шкале"),
    "municipality": (r"муниципалитет", r"муниципальный район", r"муниципальное образование",
                     r"муниципальный район/городской округ", r"мо"),
    "region": (r"регион",),
    "school": (r"школа", r"название оо", r"наименование оо", r"краткое наименование оо",
               r"образовательная организация", r"наименование образовательной организации"),
    "date": (r"дата загрузки", r"дата проведения", r"дата"),
    "class_name": (r"наименование класса", r"класс", r"klass"),
    "code": (r"код участника", r"код обучающегося", r"код ученика", r"code", r"код"),
}
_ROLE_REGEX = {role: [re.compile(p) for p in patterns] for role, patterns in _ROLES.items()}
LOGIN_HEADERS = "«логин школы», «Логин ОО», «Пользователь», «user», «ОО»"
# headers that may also hold a region's own numbering of schools: only prefixed logins (sch…, edu…)
CODE_LIKE_LOGIN_HEADERS = {"оо", "код оо"}
SCORE_HEADERS = "«всего баллов», «Итого баллов», «Первичный балл», «sum»"
_TASK_2020 = re.compile(r"a-(\d+)-grade")
_TASK_WORDS = re.compile(r"(?:баллы?|баллов) (?:за|по) ")
_TASK_PREFIX = re.compile(r"(?:заданию|задание|задания|зад\.?|№)\s*")
_TASK_LABEL = r"\d{1,2}(?:[.,]\d{1,2})*(?:\s*\(\d{1,2}\))?(?:\s*[кk]\s*\d{1,2})?"
_TASK_MAX = re.compile(rf"(?P<label>{_TASK_LABEL})\s*\(\s*(?P<max>\d+(?:[.,]\d+)?)\s*"
                       rf"(?:б|балл|балла|баллов)\.?\s*\)")
_TASK_BARE = re.compile(_TASK_LABEL)
MIN_BARE_RUN = 3  # bare numbers («1», «2», «3») are task headers only as a run starting at 1
HEADER_SCAN_ROWS = 40
MAX_HEADER_ROWS = 3


def _task_label(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("к", "К").replace("k", "К").replace(",", ".")


def _task_of(name: str) -> tuple[str, str, float | None] | None:
    """(kind, label, maximum) of a task header; kind is «2020», «max», «words» or «bare»."""
    match = _TASK_2020.fullmatch(name)
    if match:
        return "2020", match.group(1), None
    text, kind = name, "bare"
    words = _TASK_WORDS.match(text)
    if words:
        text, kind = text[words.end():], "words"
    prefix = _TASK_PREFIX.match(text)
    if prefix and text[prefix.end():prefix.end() + 1].isdigit():
        text, kind = text[prefix.end():], "words"
    match = _TASK_MAX.fullmatch(text)
    if match:
        return "max", _task_label(match.group("label")), float(match.group("max").replace(",", "."))
    if _TASK_BARE.fullmatch(text):
        return kind, _task_label(text), None
    return None


@dataclass
class HeaderInfo:
    """What one header (row, or rows joined) says: the columns of each role and the tasks."""

    names: list[str]
    roles: dict[str, int]
    tasks: list[int]
    labels: list[str]
    maxima: list[float | None]
    family: str | None
    stray_tasks: list[int]  # task-like columns outside the task block

    @property
    def looks_like_protocol(self) -> bool:
        return bool(self.tasks) and ("score" in self.roles or "variant" in self.roles)

    @property
    def rank(self) -> tuple[int, int]:
        return len(self.tasks), sum(m is not None for m in self.maxima)


def classify_header(header: Sequence[Any]) -> HeaderInfo:
    names = [norm_header(h) for h in header]
    roles: dict[str, int] = {}
    for role, patterns in _ROLE_REGEX.items():
        for pattern in patterns:
            index = next((i for i, n in enumerate(names)
                          if n and i not in roles.values() and pattern.fullmatch(n)), None)
            if index is not None:
                roles[role] = index
                break
    used = set(roles.values())
    found = [(i, _task_of(n)) if i not in used and n else (i, None) for i, n in enumerate(names)]
    runs: list[list[tuple[int, tuple[str, str, float | None]]]] = []
    current: list[tuple[int, tuple[str, str, float | None]]] = []
    for i, task in found:
        if task is None:
            if current:
                runs.append(current)
                current = []
            continue
        current.append((i, task))
    if current:
        runs.append(current)
    # bare numbers count only as a run «1», «2», «3»…; other runs need a task word or a maximum
    runs = [r for r in runs if any(kind != "bare" for _, (kind, _, _) in r)
            or (len(r) >= MIN_BARE_RUN and r[0][1][1] == "1")]
    block = runs[0] if runs else []
    stray = [i for run in runs[1:] for i, _ in run]
    kinds = {kind for _, (kind, _, _) in block}
    family = (LAYOUT_2022 if "max" in kinds else LAYOUT_2020 if "2020" in kinds
              else LAYOUT_2021 if block else None)
    return HeaderInfo(names=names, roles=roles, tasks=[i for i, _ in block],
                       labels=[label for _, (_, label, _) in block],
                       maxima=[top for _, (_, _, top) in block], family=family, stray_tasks=stray)


def layout_of_header(header: Sequence[Any], sheet_names: Sequence[str] = ()) -> str | None:
    """The layout family of a header row that looks like a ВПР protocol (tasks and a score or
    variant column); None otherwise."""
    info = classify_header(header)
    return info.family if info.looks_like_protocol else None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _join_header_rows(rows: Sequence[Sequence[Any]], width: int) -> list[str]:
    """One text per column from header rows; a group label merged over several columns
    («Баллы за задания» over «1», «2», «3») is carried right over its empty cells."""
    grid = [[cell_text(row[c]) if c < len(row) else "" for c in range(width)] for row in rows]
    filled = [row[:] for row in grid]
    for h in range(len(grid) - 1):
        label, label_col = "", -1
        for c in range(width):
            if grid[h][c]:
                label, label_col = grid[h][c], c
                continue
            below = any(grid[k][c] for k in range(h + 1, len(grid)))
            group = label_col >= 0 and any(grid[k][label_col] for k in range(h + 1, len(grid)))
            if label and below and group:
                filled[h][c] = label
            else:
                label, label_col = "", -1
    return [" ".join(filled[h][c] for h in range(len(filled)) if filled[h][c]) for c in range(width)]


@dataclass
class HeaderSpot:
    start: int  # 0-based index of the first header row
    count: int  # header rows
    header: list[str]
    info: HeaderInfo


def find_header(rows: Sequence[Sequence[Any]], limit: int = HEADER_SCAN_ROWS) -> HeaderSpot | None:
    """The header of a protocol within the first rows (below any title rows), one to three rows
    high; None when no row there looks like one."""
    for k in range(min(limit, len(rows))):
        row = rows[k]
        if sum(1 for v in row if v is not None and v != "") < 2:
            continue
        top = classify_header(row)
        best: HeaderSpot | None = None
        if top.looks_like_protocol:
            best = HeaderSpot(k, 1, [cell_text(v) for v in row], top)
        top_roles = [i for r, i in top.roles.items() if r in ("login", "score", "variant")]
        if top_roles:  # a group label merged over sub-labels in the row(s) below
            width = max(len(r) for r in rows[k:k + MAX_HEADER_ROWS])
            for n in range(2, MAX_HEADER_ROWS + 1):
                if k + n > len(rows):
                    break
                below = rows[k + n - 1]
                if any(i < len(below) and below[i] not in (None, "") for i in top_roles):
                    break  # a data row: the login, variant or score is filled
                header = _join_header_rows(rows[k:k + n], width)
                info = classify_header(header)
                if info.looks_like_protocol and (best is None or info.rank > best.info.rank):
                    best = HeaderSpot(k, n, header, info)
        if best is not None:
            return best
    return None


def detect_layout(sheets: Sequence[Any]) -> str | None:
    """The layout family of the first sheet holding a protocol (its header may be below title
    rows); None when no sheet does. ``sheets`` are :class:`~.workbook.Sheet` objects."""
    for sheet in sheets:
        spot = find_header(sheet.rows)
        if spot is not None:
            return spot.info.family
    return None


def sniff_layout(path: str | Path) -> str | None:
    """A cheap guess from the workbook's parts (no full read); None when not a ВПР protocol."""
    try:
        with open_archive(path) as archive:
            names = set(archive.names)
            workbook = archive.head("xl/workbook.xml", 4 << 20).decode("utf-8", "replace") if (
                "xl/workbook.xml" in names) else ""
            # header texts live in the shared strings or, written inline, at the top of a sheet
            parts = ["xl/sharedStrings.xml"] if "xl/sharedStrings.xml" in names else []
            parts += sorted(n for n in names if n.startswith("xl/worksheets/sheet"))[:5]
            strings = ""
            for part in parts:
                strings += archive.head(part, 400_000 if part.endswith("Strings.xml") else 64_000).decode(
                    "utf-8", "ignore")
    except (ImportRejected, KeyError):
        return None  # not readable as a protocol; read_workbook then says what is wrong
    low = strings.lower()
    if "Протокол" in workbook and "итого баллов" in low and "вариант" in low:
        return LAYOUT_2022
    if "логин школы" in low and "всего баллов" in low and "балл за 1" in low:
        return LAYOUT_2021
    if ">a-1-grade<" in low and ">var-1<" in low and ">user<" in low:
        return LAYOUT_2020
    return None


