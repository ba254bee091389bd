"""ВПР participant protocols from ФИС ОКО: layout detection and parsing.

Three real layouts are known (samples in ``shared/samples/fisoko``):

* ``vpr_2020`` — one sheet, Latin headers ``groups, user, id, code, otc, …, var-1, var-2, sum,
  a-N-grade``; nothing inside says the year, grade or subject (autumn 2020);
* ``vpr_2021`` — one sheet, ``логин школы, регион, …, вариант, всего баллов, балл за N``;
* ``vpr_2022`` — sheets ``Классы`` and ``Протокол`` with ``код | название`` cells and task
  headers carrying their maximum (``3 (2б)``, ``5(1) (1б)``).

The parser turns a file into a pupil-free intermediate: per school login, a list of
``(score, mark, journal, points, absent)`` tuples. Nothing here touches the database.

Rules for the untidy cells of real exports:

* a row is absent when its variant is «отсутствовал», or when it has neither a score nor any
  task points;
* task cells «X», «Х», «не пройд.», «H» (and other text) count 0 points; negative numbers also
  count 0 and are reported;
* the primary score is the file's total; when the total is empty, or 0 while the task points
  add up to more (a whole school's totals left uncomputed), the sum of the task points is
  used and the summary says how many rows that concerned.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models.school import login_number
from .problems import ImportRejected, Problem
from .scales import SUBJECTS, canonical_subject

LAYOUT_2020 = "vpr_2020"
LAYOUT_2021 = "vpr_2021"
LAYOUT_2022 = "vpr_2022"
LAYOUTS = (LAYOUT_2020, LAYOUT_2021, LAYOUT_2022)
LAYOUT_TITLES = {
    LAYOUT_2020: "протокол ВПР ФИС ОКО (формат 2020 г.)",
    LAYOUT_2021: "протокол ВПР ФИС ОКО (формат 2021 г.)",
    LAYOUT_2022: "протокол ВПР ФИС ОКО (формат 2022 г.)",
}
AUTUMN = "осень"
SPRING = "весна"
MAX_LISTED_PROBLEMS = 50

# (score or None, mark or None, journal mark or None, points per task, absent); task points are
# 0 for «X», «не пройд.» and empty cells, and capped at the task's maximum where the file gives it
Row = tuple[float | None, int | None, int | None, tuple[float, ...], bool]


@dataclass
class ProtocolOptions:
    """What the user says about the file (CLI options, the window's confirmation)."""

    year: int | None = None
    grade: int | None = None
    subject: str | None = None
    session: str | None = None


@dataclass
class SchoolRows:
    """One school of the file: who it is and where its pupils' rows are."""

    login: str
    number: str
    index: int  # position in Protocol.schools; the value of Protocol.school_index for its rows
    name: str = ""
    municipality: str = ""
    municipality_code: str = ""
    first_row: int = 0


@dataclass
class Protocol:
    """A parsed protocol: school list plus one array element per participant row.

    The per-row data are kept as columns (numpy) so that a region-wide file of 26,000 rows is
    aggregated for all schools at once; :meth:`rows` gives the same data as a list of
    ``(score, mark, journal, points, absent)`` tuples for one school.
    """

    file: str
    layout: str
    sheet: str
    year: int
    grade: int
    subject: str
    session: str
    tasks: list[str]
    task_max: list[float | None]  # from the headers (2022); None where the file does not say
    schools: dict[str, SchoolRows]  # key: the login number (``sch223144`` = ``edu223144``)
    school_index: Any  # np.ndarray[int32]: the school of each row
    absent: Any  # np.ndarray[bool]
    scores: Any  # np.ndarray[float]; NaN for the absent
    journals: Any  # np.ndarray[int8]; 0 where there is no journal mark
    points: Any  # np.ndarray[float], rows × tasks
    marks: Any = None  # np.ndarray[int8] when the file carries ВПР marks (none of the known layouts)
    rows_read: int = 0
    warnings: list[Problem] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return LAYOUT_TITLES[self.layout]

    def rows(self, number: str) -> list[Row]:
        """The pupil-free rows of one school (by login number), in file order."""
        index = self.schools[number].index
        result: list[Row] = []
        for i in (self.school_index == index).nonzero()[0]:
            if self.absent[i]:
                result.append((None, None, None, (), True))
                continue
            mark = int(self.marks[i]) if self.marks is not None else None
            journal = int(self.journals[i]) or None
            result.append((float(self.scores[i]), mark, journal, tuple(float(p) for p in self.points[i]),
                           False))
        return result

    @property
    def file_total_max(self) -> float | None:
        if self.task_max and all(m is not None for m in self.task_max):
            return float(sum(m for m in self.task_max if m is not None))
        return None


# --- small parsers ------------------------------------------------------------------------

_ABSENT = "отсутствовал"
_TASK_MAX = re.compile(r"^(?P<label>.+?)\s*\(\s*(?P<max>\d+(?:[.,]\d+)?)\s*б\.?\s*\)$")
_TASK_2020 = re.compile(r"^a-(\d+)-grade$")
_TASK_2021 = re.compile(r"^балл за\s*(.+)$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_SPLIT_CODE = re.compile(r"^\s*([^|]*?)\s*\|\s*(.*)$")
_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _norm_header(text: Any) -> str:
    s = "" if text is None else str(text)
    s = re.sub(r"\s*/\s*", "/", s.strip().lower().replace("ё", "е"))
    return re.sub(r"\s+", " ", s)


def split_code(cell: Any) -> tuple[str, str]:
    """``'reg22_m007 | Быстроистокский муниципальный район'`` -> (code, name)."""
    if cell is None:
        return "", ""
    match = _SPLIT_CODE.match(str(cell))
    if not match:
        return "", str(cell).strip()
    return match.group(1).strip(), re.sub(r"\s+", " ", match.group(2)).strip()


def _number(value: Any) -> float | str | None:
    """A cell as a number; None when empty; the text itself when it is not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    if _NUMBER.match(text):
        return float(text.replace(",", "."))
    return text


def _journal(value: Any) -> int | None:
    number = _number(value)
    if isinstance(number, float) and number.is_integer() and 2 <= number <= 5:
        return int(number)
    return None


# --- layout detection ---------------------------------------------------------------------


def layout_of_header(header: Sequence[Any], sheet_names: Sequence[str] = ()) -> str | None:
    names = {_norm_header(h) for h in header}
    if "пользователь" in names and "вариант" in names and "итого баллов" in names:
        return LAYOUT_2022
    if "логин школы" in names and "всего баллов" in names and "балл за 1" in names:
        return LAYOUT_2021
    if "user" in names and "sum" in names and "a-1-grade" in names:
        return LAYOUT_2020
    return None


def sniff_layout(path: str | Path) -> str | None:
    """A cheap guess from the workbook's parts (no full read); None when not a ВПР protocol."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace") if (
                "xl/workbook.xml" in names) else ""
            # header texts live in the shared strings or, written inline, at the top of a sheet
            parts = ["xl/sharedStrings.xml"] if "xl/sharedStrings.xml" in names else []
            parts += sorted(n for n in names if n.startswith("xl/worksheets/sheet"))[:5]
            strings = ""
            for part in parts:
                with zf.open(part) as fh:
                    strings += fh.read(400_000 if part.endswith("Strings.xml") else 64_000).decode(
                        "utf-8", "ignore")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, ValueError,
            NotImplementedError):
        return None  # not readable as a protocol; read_workbook then says what is wrong
    low = strings.lower()
    if "Протокол" in workbook and "итого баллов" in low and "вариант" in low:
        return LAYOUT_2022
    if "логин школы" in low and "всего баллов" in low and "балл за 1" in low:
        return LAYOUT_2021
    if ">a-1-grade<" in low and ">var-1<" in low and ">user<" in low:
        return LAYOUT_2020
    return None


# --- year, grade, subject -----------------------------------------------------------------


@dataclass
class SliceHints:
    year: int | None = None
    grade: int | None = None
    subject: str | None = None
    session: str | None = None


def hints_from_name(name: str) -> SliceHints:
    """``ВПР_2021_5кл_Математика.xlsx`` -> 2021, 5, Математика."""
    stem = Path(name).stem
    hints = SliceHints()
    year = re.search(r"(?<!\d)(20\d\d)(?!\d)", stem)
    if year:
        hints.year = int(year.group(1))
    grade = re.search(r"(?<!\d)(\d{1,2})\s*[-_ ]?\s*(?:кл|класс)", stem, re.IGNORECASE)
    if grade and 1 <= int(grade.group(1)) <= 11:
        hints.grade = int(grade.group(1))
    words = [w for w in re.split(r"[_\s\-.,]+", stem) if w]
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            subject = canonical_subject(" ".join(words[i:i + size]))
            if subject and not (size == 1 and words[i].lower() in SUBJECTS):
                hints.subject = subject
                break
        if hints.subject:
            break
    return hints


def _resolve(protocol_hints: SliceHints, name_hints: SliceHints, options: ProtocolOptions,
             layout: str, file_name: str) -> tuple[int, int, str, str, list[str]]:
    details: list[str] = []
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    wanted = (("year", "год", "--year"), ("grade", "класс", "--grade"), ("subject", "предмет", "--subject"))
    missing: list[tuple[str, str]] = []
    for key, title, flag in wanted:
        given = getattr(options, key, None)
        if key == "subject" and given:
            given = canonical_subject(given) or str(given).strip()
        inside = getattr(protocol_hints, key)
        by_name = getattr(name_hints, key)
        if given not in (None, ""):
            if inside is not None and inside != given:
                problems.append(Problem(
                    file_name, f"{title}: в файле указано «{inside}», а задано «{given}»; "
                               f"проверьте файл или уберите {flag}"))
            elif inside is None and by_name is not None and by_name != given:
                details.append(f"{title}: взято из параметров («{given}»), имя файла говорит «{by_name}»")
            values[key] = given
        elif inside is not None:
            values[key] = inside
        elif by_name is not None:
            values[key] = by_name
        else:
            missing.append((title, flag))
    if missing:
        titles = ", ".join(t for t, _ in missing)
        flags = "/".join(f for _, f in missing)
        where = ("в протоколе этого формата их нет" if layout == LAYOUT_2020
                 else "их нет ни в файле, ни в его имени")
        problems.append(Problem(file_name, f"не удалось определить: {titles} ({where}); "
                                           f"укажите {flags} (в окне — поля «Год», «Класс», «Предмет») "
                                           f"или назовите файл как «ВПР_2021_5кл_Математика.xlsx»"))
    if problems:
        raise ImportRejected(problems)
    year, grade, subject = int(values["year"]), int(values["grade"]), str(values["subject"])
    if not 2000 <= year <= 2100:
        raise ImportRejected([Problem(file_name, f"год указан неверно: {year}")])
    if not 1 <= grade <= 11:
        raise ImportRejected([Problem(file_name, f"класс указан неверно: {grade}")])
    session = options.session or protocol_hints.session
    if not session:
        session = AUTUMN if year == 2020 else SPRING
    if year == 2020 and layout == LAYOUT_2020:
        details.append("ВПР осени 2020 г. выполнялись по материалу предыдущего класса; "
                       f"записано как {grade} класс, {AUTUMN}")
    return year, grade, subject, session, details


# --- the parser ---------------------------------------------------------------------------


@dataclass
class _Columns:
    login: int
    variant: int
    score: int
    journal: int | None
    tasks: list[int]
    task_labels: list[str]
    task_max: list[float | None]
    municipality: int | None = None
    school: int | None = None
    date: int | None = None


def _find(names: list[str], *candidates: str, prefix: bool = False) -> int | None:
    for cand in candidates:
        for i, n in enumerate(names):
            if n == cand or (prefix and n.startswith(cand)):
                return i
    return None


def _columns(layout: str, header: list[Any], file_name: str, sheet: str) -> _Columns:
    names = [_norm_header(h) for h in header]
    problems: list[Problem] = []

    def need(title: str, *candidates: str, prefix: bool = False) -> int:
        index = _find(names, *candidates, prefix=prefix)
        if index is None:
            problems.append(Problem(file_name, "нет обязательного столбца", sheet=sheet, row=1, column=title))
            return -1
        return index

    tasks: list[int] = []
    labels: list[str] = []
    maxima: list[float | None] = []
    if layout == LAYOUT_2022:
        cols = _Columns(
            login=need("Пользователь", "пользователь"), variant=need("Вариант", "вариант"),
            score=need("Итого баллов", "итого баллов"),
            journal=_find(names, "отметка за предыдущ", prefix=True),
            tasks=tasks, task_labels=labels, task_max=maxima,
            municipality=_find(names, "муниципалитет"), school=_find(names, "школа"),
            date=_find(names, "дата загрузки"))
        start = cols.variant + 1 if cols.variant >= 0 else 0
        for i in range(start, len(header)):
            match = _TASK_MAX.match(str(header[i] or "").strip())
            if not match:
                if tasks:
                    break
                continue
            tasks.append(i)
            labels.append(match.group("label").strip())
            maxima.append(float(match.group("max").replace(",", ".")))
    elif layout == LAYOUT_2021:
        cols = _Columns(
            login=need("логин школы", "логин школы"), variant=need("вариант", "вариант"),
            score=need("всего баллов", "всего баллов"),
            journal=_find(names, "отметка за предыдущ", prefix=True),
            tasks=tasks, task_labels=labels, task_max=maxima, municipality=_find(names, "регион"))
        pattern = _TASK_2021
    else:
        cols = _Columns(
            login=need("user", "user"), variant=need("var-1", "var-1"), score=need("sum", "sum"),
            journal=_find(names, "otc"), tasks=tasks, task_labels=labels, task_max=maxima)
        pattern = _TASK_2020
    if layout != LAYOUT_2022:
        first = next((i for i, n in enumerate(names) if pattern.match(n)), None)
        if first is not None:
            for i in range(first, len(names)):
                match = pattern.match(names[i])
                if not match:
                    break
                tasks.append(i)
                labels.append(match.group(1).strip())
                maxima.append(None)
    if not tasks:
        problems.append(Problem(file_name, "нет столбцов с баллами за задания", sheet=sheet, row=1))
    if problems:
        raise ImportRejected(problems)
    return cols


def _hints_2022(sheets: dict[str, list[list[Any]]], rows: list[list[Any]], cols: _Columns) -> SliceHints:
    hints = SliceHints()
    classes = sheets.get("Классы")
    if classes:
        names = [_norm_header(h) for h in classes[0]]
        book = _find(names, "основной учебник", prefix=True)
        if book is not None:
            for row in classes[1:]:
                code, _ = split_code(row[book] if book < len(row) else None)
                match = re.match(r"^([a-z]+)(\d{1,2})(?:\.|$)", code.lower())
                if match:
                    hints.subject = SUBJECTS.get(match.group(1))
                    hints.grade = int(match.group(2))
                    break
    if cols.date is not None:
        for row in rows[1:]:
            match = _DATE.search(str(row[cols.date] or ""))
            if match:
                month, year = int(match.group(2)), int(match.group(3))
                hints.year = year
                hints.session = AUTUMN if month >= 8 else SPRING
                break
    return hints


class _Warnings:
    """Counts repeated cell problems and keeps the first few places of each."""

    def __init__(self, file_name: str, sheet: str) -> None:
        self.file, self.sheet = file_name, sheet
        self.counts: dict[str, int] = {}
        self.places: dict[str, list[tuple[int, str]]] = {}

    def add(self, kind: str, row: int, column: str, count: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + count
        places = self.places.setdefault(kind, [])
        places.append((row, column))
        places.sort()
        del places[3:]  # the first three places in the sheet

    def problems(self) -> list[Problem]:
        result = []
        for kind, count in self.counts.items():
            row, column = self.places[kind][0]
            where = "; ".join(f"строка {r}, «{c}»" for r, c in self.places[kind])
            more = f" и ещё {count - len(self.places[kind])}" if count > len(self.places[kind]) else ""
            result.append(Problem(self.file, f"{_WARNING_TEXTS[kind]}: {count} (например, {where}{more})",
                                  sheet=self.sheet, row=row, column=column))
        return result


_WARNING_TEXTS = {
    "marker": "в ячейках заданий посторонний текст вместо баллов — засчитан как 0 баллов",
    "negative": "отрицательные баллы за задания — засчитаны как 0",
    "over_max": "балл за задание больше максимума из заголовка — засчитан максимум",
    "score_from_tasks": "пустой итоговый балл при заполненных заданиях — взята сумма баллов за задания",
    "zero_total": "итоговый балл 0 при ненулевых баллах за задания — взята сумма баллов за задания",
    "total_mismatch": "итоговый балл не равен сумме баллов за задания — оставлен итоговый балл из файла",
}
# cell kinds: 0 a number, 1 empty, 2 «X» (not attempted), 3 «не пройд.», 4 other text, 5 negative
_OK, _EMPTY, _X, _NOT_TAUGHT, _TEXT, _NEGATIVE = range(6)
_X_MARKS = {"x", "х"}  # Latin and Cyrillic


def _classify(value: Any, top: float | None) -> tuple[float, int, bool]:
    """(points, kind, above the maximum) for one task cell."""
    number = _number(value)
    if number is None:
        return 0.0, _EMPTY, False
    if isinstance(number, str):
        text = number.lower()
        if text in _X_MARKS:
            return 0.0, _X, False
        if text.startswith("не пройд"):
            return 0.0, _NOT_TAUGHT, False
        return 0.0, _TEXT, False
    if number < 0:
        return 0.0, _NEGATIVE, False
    if top is not None and number > top:
        return top, _OK, True
    return number, _OK, False


def _first_places(column: Sequence[Any], value: Any, limit: int = 3) -> list[int]:
    places: list[int] = []
    start = 0
    while len(places) < limit:
        try:
            start = column.index(value, start)
        except ValueError:
            break
        places.append(start)
        start += 1
    return places


def _read_sheets(path: Path, name: str) -> dict[str, list[list[Any]]]:
    """Raw rows of the sheets that matter, through the same container checks as every reader."""
    from python_calamine import CalamineWorkbook

    from .workbook import MAX_ROWS, _check_container

    _check_container(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        wanted = [n for n in workbook.sheet_names if n in ("Протокол", "Классы")] or workbook.sheet_names
        result = {}
        for sheet_name in wanted:
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            if len(rows) > MAX_ROWS:
                raise ImportRejected([Problem(name, f"слишком много строк ({len(rows)})", sheet=sheet_name)])
            result[sheet_name] = rows
    except ImportRejected:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise ImportRejected([Problem(name, f"файл Excel не читается: {exc}")]) from exc
    return result


def parse_protocol(path: str | Path, options: ProtocolOptions | None = None, *,
                   file_name: str | None = None,
                   progress: Callable[[int, int, str], None] | None = None) -> Protocol:
    """Read and validate a protocol; raise ImportRejected with located problems."""
    import numpy as np

    path = Path(path)
    options = options or ProtocolOptions()
    name = file_name or path.name
    sheets = _read_sheets(path, name)
    layout: str | None = None
    sheet_name = ""
    for s_name in sorted(sheets, key=lambda n: n != "Протокол"):
        s_rows = sheets[s_name]
        if s_rows and (layout := layout_of_header(s_rows[0])):
            sheet_name = s_name
            break
    if layout is None:
        raise ImportRejected([Problem(name, "это не протокол ВПР из ФИС ОКО: в заголовке нет столбцов "
                                            "«логин школы»/«user»/«Пользователь», варианта и баллов")])
    rows = sheets[sheet_name]
    cols = _columns(layout, rows[0], name, sheet_name)
    content = _hints_2022(sheets, rows, cols) if layout == LAYOUT_2022 else SliceHints()
    year, grade, subject, session, details = _resolve(content, hints_from_name(name), options, layout, name)
    header = rows[0]
    data = rows[1:]
    width = len(header)
    if data and min(map(len, data)) < width:
        data = [r if len(r) >= width else [*r, *([None] * (width - len(r)))] for r in data]
    if progress is not None:
        progress(1, 4, "чтение протокола")

    warn = _Warnings(name, sheet_name)
    task_titles = [str(header[i]).strip() for i in cols.tasks]
    maxima = cols.task_max
    # column by column: each distinct cell value is classified once
    columns = list(zip(*data, strict=True)) if data else [()] * width
    point_columns: list[list[float]] = []
    filled: list[int] = []  # non-empty cells per task column
    not_taught = 0
    for k, c in enumerate(cols.tasks):
        memo: dict[Any, tuple[float, int, bool]] = {}
        get = memo.get
        top = maxima[k]
        cells = [get(v) or memo.setdefault(v, _classify(v, top)) for v in columns[c]]
        point_columns.append([cell[0] for cell in cells])
        column = columns[c]
        filled.append(len(column) - sum(column.count(v) for v, cell in memo.items() if cell[1] == _EMPTY))
        for v, (_, kind, above) in memo.items():
            if kind == _NOT_TAUGHT:
                not_taught += column.count(v)
            elif kind in (_TEXT, _NEGATIVE) or above:
                what = "over_max" if above else "marker" if kind == _TEXT else "negative"
                for i in _first_places(column, v):
                    warn.add(what, i + 2, task_titles[k], count=0)
                warn.counts[what] += column.count(v)
    if progress is not None:
        progress(2, 4, "разбор баллов")

    # schools: each distinct login cell is resolved once
    errors: list[Problem] = []
    schools: dict[str, SchoolRows] = {}
    login_title = str(header[cols.login]).strip()
    score_title = str(header[cols.score]).strip()
    login_column = columns[cols.login]
    school_of: dict[Any, int] = {}
    for i, login in enumerate(login_column):
        if login in school_of:
            continue
        text = "" if login is None else str(login).strip()
        number = login_number(text) if text else None
        if number is None:
            school_of[login] = -1
            continue
        school = schools.get(number)
        if school is None:
            row = data[i]
            school = SchoolRows(login=text, number=number, index=len(schools), first_row=i + 2)
            if cols.school is not None:
                _, school.name = split_code(row[cols.school])
            if cols.municipality is not None:
                school.municipality_code, school.municipality = split_code(row[cols.municipality])
            schools[number] = school
        school_of[login] = school.index
    school_column = [school_of[v] for v in login_column]
    for i in (i for i, sc in enumerate(school_column) if sc < 0):
        text = "" if login_column[i] is None else str(login_column[i]).strip()
        if text:
            errors.append(Problem(name, f"логин ОО «{text}» не похож на логин ФИС ОКО",
                                  sheet=sheet_name, row=i + 2, column=login_title))
        elif any(v not in (None, "") for v in data[i]):
            errors.append(Problem(name, "нет логина ОО", sheet=sheet_name, row=i + 2, column=login_title))

    absent_memo: dict[Any, bool] = {}
    absent = [absent_memo[v] if v in absent_memo else absent_memo.setdefault(
        v, isinstance(v, str) and v.strip().lower() == _ABSENT) for v in columns[cols.variant]]
    score_memo: dict[Any, float | str | None] = {}
    scores: list[Any] = [score_memo[v] if v in score_memo else score_memo.setdefault(v, _number(v))
                         for v in columns[cols.score]]
    points = np.array(point_columns, dtype=np.float64).T.reshape(len(data), len(point_columns))
    sums = points.sum(axis=1).tolist()
    # the rows needing a second look: no score, text, negative, 0 or not the sum of the tasks
    for i in [i for i, (sc, t, a) in enumerate(zip(scores, sums, absent, strict=True))
              if not a and sc != t]:
        score, task_sum = scores[i], sums[i]
        if school_column[i] < 0:
            continue
        if isinstance(score, str) or (score is not None and score < 0):
            what = f"«{score}» — не число" if isinstance(score, str) else f"отрицательный: {score:g}"
            errors.append(Problem(name, f"итоговый балл {what}", sheet=sheet_name, row=i + 2,
                                  column=score_title))
        elif score is None:
            if all(_classify(data[i][c], None)[1] == _EMPTY for c in cols.tasks):
                absent[i] = True  # an empty row: the pupil was not there
            else:
                scores[i] = task_sum
                warn.add("score_from_tasks", i + 2, score_title)
        elif score == 0 and task_sum > 0:
            scores[i] = task_sum
            warn.add("zero_total", i + 2, score_title)
        else:
            warn.add("total_mismatch", i + 2, score_title)

    if errors:
        if len(errors) > MAX_LISTED_PROBLEMS:
            extra = len(errors) - MAX_LISTED_PROBLEMS
            errors = [*errors[:MAX_LISTED_PROBLEMS], Problem(name, f"и ещё {extra} таких ошибок")]
        raise ImportRejected(errors)
    if not schools:
        raise ImportRejected([Problem(name, "в файле нет строк участников", sheet=sheet_name)])

    if cols.journal is not None:
        journal_memo: dict[Any, int] = {}
        journals = np.array([journal_memo[v] if v in journal_memo else journal_memo.setdefault(
            v, _journal(v) or 0) for v in columns[cols.journal]], dtype=np.int8)
    else:
        journals = np.zeros(len(data), dtype=np.int8)
    absent_array = np.array(absent, dtype=bool)
    score_array = np.array([np.nan if a or s is None else s for s, a in zip(scores, absent, strict=True)],
                           dtype=np.float64)
    school_index = np.array(school_column, dtype=np.int32)
    kept = school_index >= 0
    if not kept.all():
        school_index, absent_array = school_index[kept], absent_array[kept]
        score_array, journals, points = score_array[kept], journals[kept], points[kept]
    if not_taught:
        details.append(f"«не пройд.» (тема не пройдена) в {not_taught} ячейках заданий — 0 баллов")
    labels, maxima = list(cols.task_labels), list(maxima)
    keep = _tasks_in_use(filled, int((~absent_array).sum()))
    if keep < len(labels):
        details.append(f"пустые столбцы заданий отброшены: {', '.join(task_titles[keep:])}")
        labels, maxima, points = labels[:keep], maxima[:keep], points[:, :keep]
    if progress is not None:
        progress(4, 4, "протокол прочитан")
    return Protocol(
        file=name, layout=layout, sheet=sheet_name, year=year, grade=grade, subject=subject,
        session=session, tasks=labels, task_max=maxima, schools=schools, school_index=school_index,
        absent=absent_array, scores=score_array, journals=journals, points=points,
        rows_read=len(school_index), warnings=warn.problems(), details=details)


def _tasks_in_use(filled: list[int], present: int) -> int:
    """How many leading task columns to keep: trailing columns filled for fewer than 1 % of
    the present pupils are a template's unused tail (``a-17-grade`` … ``a-40-grade``)."""
    keep = len(filled)
    while keep > 1 and filled[keep - 1] * 100 < present:
        keep -= 1
    return keep
