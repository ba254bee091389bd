"""ВПР participant protocols from ФИС ОКО: layout detection and parsing.

Three families of real layouts are known (samples in ``tests/data/fisoko``), told apart by
how the task columns are named, not by the year:

* ``vpr_2020`` — Latin headers ``groups, user, id, code, otc, …, var-1, var-2, sum, a-N-grade``;
  nothing inside says the year, grade or subject (autumn 2020);
* ``vpr_2021`` — Russian headers, tasks named by words: ``логин школы, регион, …, вариант,
  всего баллов, балл за N`` (also «Балл за задание N», «Задание N», «1К1», «2(1)»);
* ``vpr_2022`` — tasks carrying their maximum: ``3 (2б)``, ``5(1) (1б)``, ``10К1 (1б)``; sheets
  ``Классы`` and ``Протокол`` with ``код | название`` cells, and the later «Индивидуальные
  результаты» exports (title rows above the table, «ОО», «Код участника», «Первичный балл»,
  «Отметка», «Отметка по журналу»).

Columns are found by the meaning of their header, whatever the case, «ё», spacing, line breaks
or numbering («12. Логин ОО»): the login («логин школы», «Логин ОО», «Пользователь», «user», «ОО»),
the variant, the primary score («всего баллов», «Итого баллов», «Первичный балл», «sum»), the
journal mark («отметка за предыдущую четверть», «Отметка по журналу», «otc») and, when the file
has it, the ВПР mark («Отметка»). The header may sit below title rows and span two or three rows
(a group label merged over «1», «2», «3»…). Year, grade and subject come from the options, else
the file (title rows, the textbook codes of «Классы», the upload date), else the file's name and
folders, else the class names; the window confirms them.

The parser turns a file into a pupil-free intermediate: per school login, a list of
``(score, mark, journal, points, absent)`` tuples. Nothing here touches the database.

Rules for the untidy cells of real exports:

* a row is absent when its variant (or score) is «отсутствовал» (any ending, «отсутсвовал»
  too), when it has neither a score nor any task points, or when its total is a formula's 0 with
  no variant and every task cell blank («X» is a present pupil's unattempted task);
* task cells «X», «Х», «-», «не пройд.», «H» (and other text) count 0 points; negative numbers
  also count 0 and are reported; points above a task's maximum are kept as written (the import
  checks them against the maxima and leaves such rows out, see :mod:`.vpr_checks`);
* «отсутствовал» with a positive score or task points: the row counts as absent, with a warning
  naming the row;
* the primary score is the file's total; when the total is empty, or 0 while the task points
  add up to more (a whole school's totals left uncomputed), the sum of the task points is
  used and the summary says how many rows that concerned;
* rows with no login and no results (school headings, signatures under the table) are skipped;
  a row with results but no login rejects the file.

Refused with a message naming what is missing: no login column (a school's own results form),
no primary-score column, no task columns, task columns split by other columns with points on
both sides, several sheets holding protocols.
"""

from __future__ import annotations

import re
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
# 0 for «X», «не пройд.» and empty cells
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
    marks: Any = None  # np.ndarray[int8] when the file carries ВПР marks («Отметка»); 0 for the absent
    row_numbers: Any = None  # np.ndarray[int32]: the Excel row of each row
    codes: list[str] = field(default_factory=list)  # participant code of each row ('' when none)
    classes: list[str] = field(default_factory=list)  # class of each row ('' when none)
    region: str = ""  # the region the file names («Алтайский край»), when it does
    task_columns: list[str] = field(default_factory=list)  # the header of each task, as in the file
    score_column: str = ""
    rows_read: int = 0
    header_row: int = 1  # Excel row of the (first) header row
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
    def has_municipalities(self) -> bool:
        """Whether the file names the municipality of its schools (the 2020 layout does not)."""
        return any(s.municipality or s.municipality_code for s in self.schools.values())

    @property
    def file_total_max(self) -> float | None:
        if self.task_max and all(m is not None for m in self.task_max):
            return float(sum(m for m in self.task_max if m is not None))
        return None


# --- small parsers ------------------------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_SPLIT_CODE = re.compile(r"^\s*([^|]*?)\s*\|\s*(.*)$")
_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
# a ФИС ОКО login inside a cell: «sch223144», «edu223144 | МБОУ …», «(edu223144) МБОУ …», «223144»
_LOGIN_TOKEN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2,6}\d{4,}|\d{5,})(?![0-9])")
# «12. Логин ОО», «3) Вариант» — the numbering of a questionnaire, not of a task («9.1 (1б)»)
_HEADER_NUMBERING = re.compile(r"^\d{1,2}[.)]\s+(?=[^\d\s(])")
_ABSENT_WORDS = ("отсут", "не явил", "неявк", "не присутств")


def _norm_header(text: Any) -> str:
    """Case, «ё», quotes, line breaks, spacing around «/» and numbering do not matter."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = str(text).replace("\u00a0", " ").strip().lower().replace("ё", "е")
    s = re.sub(r"[«»\"“”„]", "", s)
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"\s+", " ", s).strip(" :*")
    return _HEADER_NUMBERING.sub("", s)


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


def _is_absent_text(value: Any) -> bool:
    """«отсутствовал», «Отсутствовала», «отсутствовал(а)», the typo «отсутсвовал», «неявка»."""
    return isinstance(value, str) and value.strip().lower().startswith(_ABSENT_WORDS)


def _login_token(value: Any) -> str | None:
    """The login inside a cell (``edu223144 | МБОУ …`` -> ``edu223144``); None when there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = _LOGIN_TOKEN.search(str(value))
    return match.group(1) if match else None


# --- header analysis ----------------------------------------------------------------------

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
_CODE_LIKE_LOGIN_HEADERS = {"оо", "код оо"}
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
class _HeaderInfo:
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


def _classify_header(header: Sequence[Any]) -> _HeaderInfo:
    names = [_norm_header(h) for h in header]
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
    return _HeaderInfo(names=names, roles=roles, tasks=[i for i, _ in block],
                       labels=[label for _, (_, label, _) in block],
                       maxima=[top for _, (_, _, top) in block], family=family, stray_tasks=stray)


def layout_of_header(header: Sequence[Any], sheet_names: Sequence[str] = ()) -> str | None:
    """The layout family of a header row that looks like a ВПР protocol (tasks and a score or
    variant column); None otherwise."""
    info = _classify_header(header)
    return info.family if info.looks_like_protocol else None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _join_header_rows(rows: Sequence[Sequence[Any]], width: int) -> list[str]:
    """One text per column from header rows; a group label merged over several columns
    («Баллы за задания» over «1», «2», «3») is carried right over its empty cells."""
    grid = [[_cell_text(row[c]) if c < len(row) else "" for c in range(width)] for row in rows]
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
class _HeaderSpot:
    start: int  # 0-based index of the first header row
    count: int  # header rows
    header: list[str]
    info: _HeaderInfo


def _find_header(rows: Sequence[Sequence[Any]], limit: int = HEADER_SCAN_ROWS) -> _HeaderSpot | None:
    """The header of a protocol within the first rows (below any title rows), one to three rows
    high; None when no row there looks like one."""
    for k in range(min(limit, len(rows))):
        row = rows[k]
        if sum(1 for v in row if v is not None and v != "") < 2:
            continue
        top = _classify_header(row)
        best: _HeaderSpot | None = None
        if top.looks_like_protocol:
            best = _HeaderSpot(k, 1, [_cell_text(v) for v in row], top)
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
                info = _classify_header(header)
                if info.looks_like_protocol and (best is None or info.rank > best.info.rank):
                    best = _HeaderSpot(k, n, header, info)
        if best is not None:
            return best
    return None


def detect_layout(sheets: Sequence[Any]) -> str | None:
    """The layout family of the first sheet holding a protocol (its header may be below title
    rows); None when no sheet does. ``sheets`` are :class:`~.workbook.Sheet` objects."""
    for sheet in sheets:
        spot = _find_header(sheet.rows)
        if spot is not None:
            return spot.info.family
    return None


def sniff_layout(path: str | Path) -> str | None:
    """A cheap guess from the workbook's parts (no full read); None when not a ВПР protocol."""
    from .workbook import open_archive

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


# --- year, grade, subject -----------------------------------------------------------------


@dataclass
class SliceHints:
    year: int | None = None
    grade: int | None = None
    subject: str | None = None
    session: str | None = None


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_SCHOOL_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*[/-]\s*(20\d\d)(?!\d)")
_GRADES = (
    re.compile(r"(?<!\d)(\d{1,2})\s*[-_ ]?\s*(?:кл|класс)", re.IGNORECASE),  # «5кл», «(4 класс)»
    re.compile(r"(?:класс|параллель)\s*[:№]?\s*(\d{1,2})(?!\d)", re.IGNORECASE),  # «Класс: 5»
)
ADVANCED = " (углублённый уровень)"


def hints_from_text(text: str) -> SliceHints:
    """Year, grade, subject and session from free text: a file name, a folder, title rows.

    ``ВПР_2021_5кл_Математика`` -> 2021, 5, Математика; ``ВПР 2024 Математика 5 класс``;
    «Предмет: Русский язык», «Дата: 18.04.2024» (-> весна 2024), «2023/2024 учебный год» (-> 2024).
    """
    hints = SliceHints()
    date = _DATE.search(text)
    school_year = _SCHOOL_YEAR.search(text)
    if date and 2000 <= int(date.group(3)) <= 2100:
        hints.year = int(date.group(3))
        hints.session = AUTUMN if int(date.group(2)) >= 8 else SPRING
    elif school_year:
        hints.year = int(school_year.group(2))
    elif year := _YEAR.search(text):
        hints.year = int(year.group(1))
    low = text.lower()
    if "осен" in low:
        hints.session = AUTUMN
    elif "весн" in low:
        hints.session = SPRING
    for pattern in _GRADES:
        grade = pattern.search(text)
        if grade and 1 <= int(grade.group(1)) <= 11:
            hints.grade = int(grade.group(1))
            break
    words = [w for w in re.split(r"[_\s\-.,:;()«»\"]+", text) if w]
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            subject = canonical_subject(" ".join(words[i:i + size]))
            if subject and not (size == 1 and words[i].lower() in SUBJECTS):
                hints.subject = subject
                break
        if hints.subject:
            break
    if hints.subject and "углубл" in low:
        hints.subject += ADVANCED  # a different work with its own scale, never the basic one
    return hints


def hints_from_name(name: str) -> SliceHints:
    """``ВПР_2021_5кл_Математика.xlsx`` -> 2021, 5, Математика."""
    return hints_from_text(Path(name).stem)


def hints_from_folders(path: Path) -> tuple[SliceHints, str]:
    """What the two folders holding the file say when they are named by nothing else: a year
    (``2020``), a grade (``4``, ``4 класс``) or a subject (``Математика``), as in
    ``…/2020/4/Математика.xlsx``; and the folders' names. A folder such as «Документы 2023» says
    nothing (the year there need not be the year of the work)."""
    hints = SliceHints()
    parts = [p for p in path.resolve().parent.parts[-2:] if p not in ("", "/")]
    used = []
    for part in parts:
        text = part.strip()
        grade = re.fullmatch(r"(\d{1,2})(?:\s*(?:кл|класс)\.?)?", text, re.IGNORECASE)
        if re.fullmatch(r"20\d\d", text):
            hints.year = int(text)
        elif grade and 1 <= int(grade.group(1)) <= 11:
            hints.grade = int(grade.group(1))
        elif canonical_subject(text) and len(text.split()) <= 2:
            hints.subject = canonical_subject(text)
        else:
            continue
        used.append(part)
    return hints, "/".join(used)


def _resolve(protocol_hints: SliceHints, name_hints: SliceHints, options: ProtocolOptions,
             layout: str, file_name: str, weak_hints: list[tuple[SliceHints, str]] | None = None,
             ) -> tuple[int, int, str, str, list[str]]:
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
            for hints, source in weak_hints or []:
                if getattr(hints, key) is not None:
                    values[key] = getattr(hints, key)
                    details.append(f"{title} «{values[key]}» взят из {source}; проверьте его")
                    break
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
    session = options.session or protocol_hints.session or name_hints.session
    if not session:
        session = AUTUMN if year == 2020 else SPRING
    if year == 2020 and layout == LAYOUT_2020:
        details.append("ВПР осени 2020 г. выполнялись по материалу предыдущего класса; "
                       f"записано как {grade} класс, {AUTUMN}")
    return year, grade, subject, session, details


# --- the parser ---------------------------------------------------------------------------


@dataclass
class _Columns:
    login: int | None
    variant: int | None
    score: int
    journal: int | None
    tasks: list[int]
    task_labels: list[str]
    task_max: list[float | None]
    municipality: int | None = None
    school: int | None = None
    date: int | None = None
    mark: int | None = None
    class_name: int | None = None
    code: int | None = None


def _columns(spot: _HeaderSpot, file_name: str, sheet: str, title_login: str | None) -> _Columns:
    info, header = spot.info, spot.header
    roles = info.roles
    problems: list[Problem] = []
    row = spot.start + 1
    if "login" not in roles and title_login is None:
        problems.append(Problem(
            file_name, f"нет столбца с логином ОО ({LOGIN_HEADERS}): без него не понять, чьи это "
                       "результаты. Если это форма сбора результатов одной школы, загрузите протокол из "
                       "ФИС ОКО, где у каждой строки есть логин школы", sheet=sheet, row=row))
    if "score" not in roles:
        problems.append(Problem(
            file_name, "это не протокол ВПР из ФИС ОКО в известном виде: нет столбца с первичным баллом "
                       f"({SCORE_HEADERS})", sheet=sheet, row=row))
    if info.stray_tasks:
        last, after = info.tasks[-1], info.stray_tasks[0]
        between = next((header[i] for i in range(last + 1, after) if header[i]), "")
        problems.append(Problem(
            file_name, f"столбцы заданий идут не подряд: после «{header[last]}» стоит «{between}», а за "
                       f"ним ещё {len(info.stray_tasks)} столбцов заданий с баллами (с «{header[after]}»); "
                       "уберите лишний столбец или перенесите его за задания",
            sheet=sheet, row=row, column=header[after]))
    if problems:
        raise ImportRejected(problems)
    municipality = roles.get("municipality", roles.get("region"))
    return _Columns(login=roles.get("login"), variant=roles.get("variant"), score=roles["score"],
                    journal=roles.get("journal"), tasks=list(info.tasks), task_labels=list(info.labels),
                    task_max=list(info.maxima), municipality=municipality, school=roles.get("school"),
                    date=roles.get("date"), mark=roles.get("mark"), class_name=roles.get("class_name"),
                    code=roles.get("code"))


def _stray_ok(spot: _HeaderSpot, data: Sequence[Sequence[Any]]) -> None:
    """Task-like columns outside the task block that are all but empty (a template's unused
    tail behind «Учебник») are dropped; filled ones make :func:`_columns` refuse the file."""
    present = max(len(data), 1)
    kept = []
    for i in spot.info.stray_tasks:
        filled = sum(1 for row in data if i < len(row) and row[i] not in (None, ""))
        if filled * 100 >= present:
            kept.append(i)
    spot.info.stray_tasks = kept


def _content_hints(sheets: dict[str, list[list[Any]]], rows: list[list[Any]], cols: _Columns,
                   title: str, data_start: int) -> SliceHints:
    """What the file itself says: title rows, the «Классы» sheet's textbook codes, the date."""
    import datetime as dt

    hints = hints_from_text(title) if title.strip() else SliceHints()
    classes = sheets.get("Классы")
    if classes:
        names = [_norm_header(h) for h in classes[0]]
        book = next((i for i, n in enumerate(names) if n.startswith("основной учебник")), None)
        if book is not None:
            for row in classes[1:]:
                code, _ = split_code(row[book] if book < len(row) else None)
                match = re.match(r"^([a-z]+)(\d{1,2})(?:\.|$)", code.lower())
                if match and SUBJECTS.get(match.group(1)):
                    hints.subject = hints.subject or SUBJECTS.get(match.group(1))
                    hints.grade = hints.grade or int(match.group(2))
                    break
    if cols.date is not None:
        for row in rows[data_start:]:
            value = row[cols.date] if cols.date < len(row) else None
            if isinstance(value, dt.date):
                month, year = value.month, value.year
            else:
                match = _DATE.search(str(value or ""))
                if not match:
                    continue
                month, year = int(match.group(2)), int(match.group(3))
            hints.year = year
            hints.session = AUTUMN if month >= 8 else SPRING
            break
    return hints


def _class_hints(column: Sequence[Any]) -> SliceHints:
    """The grade all class names agree on («5А», «5 Б», «5») — a weak hint."""
    grades = set()
    for value in set(column):
        match = re.match(r"^\s*(\d{1,2})(?!\d)", _cell_text(value))
        if match:
            grades.add(int(match.group(1)))
    hints = SliceHints()
    if len(grades) == 1 and 1 <= (grade := grades.pop()) <= 11:
        hints.grade = grade
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
    "score_from_tasks": "пустой итоговый балл при заполненных заданиях — взята сумма баллов за задания",
    "zero_total": "итоговый балл 0 при ненулевых баллах за задания — взята сумма баллов за задания",
    "total_mismatch": "итоговый балл не равен сумме баллов за задания — оставлен итоговый балл из файла",
}
# cell kinds: 0 a number, 1 empty, 2 «X» (not attempted), 3 «не пройд.», 4 other text, 5 negative
_OK, _EMPTY, _X, _NOT_TAUGHT, _TEXT, _NEGATIVE = range(6)
_X_MARKS = {"x", "х", "-", "—", "–"}  # Latin and Cyrillic X; a dash: not attempted


def _classify(value: Any) -> tuple[float, int]:
    """(points, kind) for one task cell."""
    number = _number(value)
    if number is None:
        return 0.0, _EMPTY
    if isinstance(number, str):
        text = number.lower()
        if text in _X_MARKS:
            return 0.0, _X
        if text.startswith("не пройд"):
            return 0.0, _NOT_TAUGHT
        return 0.0, _TEXT
    if number < 0:
        return 0.0, _NEGATIVE
    return number, _OK


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
    """Raw rows of the sheets that matter, through the same checks as every reader."""
    from .workbook import read_raw_sheets

    def wanted(names: list[str]) -> list[str]:
        return [n for n in names if n in ("Протокол", "Классы")] or names

    return {sheet.name: sheet.rows for sheet in read_raw_sheets(path, wanted, file_name=name)}


def _not_a_protocol(sheets: dict[str, list[list[Any]]], name: str) -> ImportRejected:
    """Why no sheet is a protocol, naming what the most protocol-like header lacks."""
    best: tuple[int, str, int, _HeaderInfo] | None = None
    for s_name, rows in sheets.items():
        for k, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            info = _classify_header(row)
            score = len({"login", "score", "variant"} & set(info.roles)) + (1 if info.tasks else 0)
            if score and (best is None or score > best[0]):
                best = (score, s_name, k, info)
    if best is None:
        return ImportRejected([Problem(name, "это не протокол ВПР из ФИС ОКО: в первых строках нет ни "
                                             "логина ОО, ни варианта, ни первичного балла, ни баллов за "
                                             "задания")])
    _, s_name, k, info = best
    lacking = [title for role, title in (("login", "логин ОО"), ("score", "первичный балл"))
               if role not in info.roles]
    if not info.tasks:
        lacking.append("баллы за задания («балл за 1», «1 (1б)», «a-1-grade»)")
    if "score" not in info.roles and "variant" not in info.roles:
        lacking.append("вариант")
    return ImportRejected([Problem(name, "это не протокол ВПР из ФИС ОКО: в заголовке нет столбцов: "
                                         + ", ".join(lacking), sheet=s_name, row=k + 1)])


def _locate(sheets: dict[str, list[list[Any]]], name: str) -> tuple[str, _HeaderSpot]:
    """The sheet holding the protocol and its header; ImportRejected when there is none, or several."""
    found: list[tuple[str, _HeaderSpot]] = []
    for s_name in sorted(sheets, key=lambda n: n != "Протокол"):
        spot = _find_header(sheets[s_name])
        if spot is not None:
            found.append((s_name, spot))
    if not found:
        raise _not_a_protocol(sheets, name)
    with_rows = [(s, spot) for s, spot in found
                 if any(any(v not in (None, "") for v in r) for r in sheets[s][spot.start + spot.count:])]
    if len(with_rows) > 1:
        listed = ", ".join(f"«{s}»" for s, _ in with_rows)
        raise ImportRejected([Problem(name, f"в книге несколько листов с протоколами ({listed}); загрузите "
                                            "их по одному или сведите строки в один лист")])
    return (with_rows or found)[0]


def _title_text(rows: Sequence[Sequence[Any]]) -> str:
    return "\n".join(" ".join(_cell_text(v) for v in row if v not in (None, "")) for row in rows)


def parse_protocol(path: str | Path, options: ProtocolOptions | None = None, *,
                   file_name: str | None = None,
                   progress: Callable[[int, int, str], None] | None = None) -> Protocol:
    """Read and validate a protocol; raise ImportRejected with located problems."""
    import numpy as np

    path = Path(path)
    options = options or ProtocolOptions()
    name = file_name or path.name
    sheets = _read_sheets(path, name)
    sheet_name, spot = _locate(sheets, name)
    layout = spot.info.family or LAYOUT_2021
    rows = sheets[sheet_name]
    data_start = spot.start + spot.count
    base = data_start + 1  # Excel row of data[0]
    header = spot.header
    data = rows[data_start:]
    title = _title_text(rows[:spot.start])
    titled = {t for t in _LOGIN_TOKEN.findall(title) if login_number(t) and not t.isdigit()}
    title_login = next(iter(titled)) if len(titled) == 1 else None
    if spot.info.stray_tasks:
        _stray_ok(spot, data)
    cols = _columns(spot, name, sheet_name, title_login)
    width = len(header)
    if data and min(map(len, data)) < width:
        data = [r if len(r) >= width else [*r, *([None] * (width - len(r)))] for r in data]
    # the header repeated inside the table (protocols pasted together): blank rows, same numbering
    score_header = _cell_text(header[cols.score])
    repeated = [i for i, r in enumerate(data) if isinstance(r[cols.score], str)
                and _cell_text(r[cols.score]) == score_header] if score_header else []
    if repeated:
        data = list(data)
        for i in repeated:
            data[i] = [None] * len(data[i])
    columns = list(zip(*data, strict=False)) if data else [()] * width
    if data and len(columns) < width:
        columns += [(None,) * len(data)] * (width - len(columns))

    content = _content_hints(sheets, rows, cols, title, data_start)
    name_hints = hints_from_name(name)
    weak: list[tuple[SliceHints, str]] = []
    if file_name is None:
        folder_hints, folders = hints_from_folders(path)
        if folders:
            weak.append((folder_hints, f"имени папки «{folders}»"))
    if cols.class_name is not None and data:
        weak.append((_class_hints(columns[cols.class_name]),
                     f"названий классов (столбец «{header[cols.class_name]}»)"))
    year, grade, subject, session, details = _resolve(content, name_hints, options, layout, name, weak)
    if spot.start or spot.count > 1:
        details.append(f"заголовок таблицы: строк{'а' if spot.count == 1 else 'и'} {spot.start + 1}"
                       f"{'' if spot.count == 1 else f'–{spot.start + spot.count}'} листа «{sheet_name}»")
    if progress is not None:
        progress(1, 4, "чтение протокола")

    warn = _Warnings(name, sheet_name)
    task_titles = [str(header[i]).strip() for i in cols.tasks]
    maxima = cols.task_max
    # column by column: each distinct cell value is classified once
    point_columns: list[list[float]] = []
    filled: list[int] = []  # non-empty cells per task column
    not_taught = 0
    for k, c in enumerate(cols.tasks):
        memo: dict[Any, tuple[float, int]] = {}
        get = memo.get
        cells = [get(v) or memo.setdefault(v, _classify(v)) for v in columns[c]]
        point_columns.append([cell[0] for cell in cells])
        column = columns[c]
        filled.append(len(column) - sum(column.count(v) for v, cell in memo.items() if cell[1] == _EMPTY))
        for v, (_, kind) in memo.items():
            if kind == _NOT_TAUGHT:
                not_taught += column.count(v)
            elif kind in (_TEXT, _NEGATIVE):  # above a maximum: judged by vpr_checks
                what = "marker" if kind == _TEXT else "negative"
                for i in _first_places(column, v):
                    warn.add(what, i + base, task_titles[k], count=0)
                warn.counts[what] += column.count(v)
    if progress is not None:
        progress(2, 4, "разбор баллов")

    # schools: each distinct login cell is resolved once
    errors: list[Problem] = []
    schools: dict[str, SchoolRows] = {}
    login_title = str(header[cols.login]).strip() if cols.login is not None else "логин ОО"
    score_title = str(header[cols.score]).strip()
    login_column = columns[cols.login] if cols.login is not None else (title_login,) * len(data)
    school_of: dict[Any, int] = {}
    prefixed_only = cols.login is not None and _norm_header(header[cols.login]) in _CODE_LIKE_LOGIN_HEADERS
    for i, login in enumerate(login_column):
        if login in school_of:
            continue
        token = _login_token(login)
        if prefixed_only and token is not None and token.isdigit():
            token = None  # «Код ОО» 223144: a region's code need not be the ФИС ОКО login
        number = login_number(token) if token else None
        if number is None:
            school_of[login] = -1
            continue
        school = schools.get(number)
        if school is None:
            school = SchoolRows(login=token or "", number=number, index=len(schools), first_row=i + base)
            schools[number] = school
        row = data[i]
        if not school.name:
            if cols.school is not None:
                _, school.name = split_code(row[cols.school])
            elif isinstance(login, str) and "|" in login:
                _, school.name = split_code(login)
        if cols.municipality is not None and not school.municipality:
            school.municipality_code, school.municipality = split_code(row[cols.municipality])
        school_of[login] = school.index
    school_column = [school_of[v] for v in login_column]
    result_columns = [c for c in (cols.score, cols.variant, *cols.tasks) if c is not None]
    no_results = 0
    for i in (i for i, sc in enumerate(school_column) if sc < 0):
        text = _cell_text(login_column[i])
        if not any(data[i][c] not in (None, "") for c in result_columns):
            if text or any(v not in (None, "") for v in data[i]):
                no_results += 1  # a school heading or a signature under the table
        elif text:
            expected_form = " (нужен логин вида sch223144 или edu223144)" if prefixed_only else ""
            errors.append(Problem(name, f"логин ОО «{text}» не похож на логин ФИС ОКО{expected_form}",
                                  sheet=sheet_name, row=i + base, column=login_title))
        else:
            merged = i > 0 and school_column[i - 1] >= 0 and not any(
                p.message.startswith("нет логина ОО") for p in errors)
            hint = (" (если ячейки логина объединены на несколько строк, разъедините их и впишите логин "
                    "в каждую строку)") if merged else ""
            errors.append(Problem(name, f"нет логина ОО{hint}", sheet=sheet_name, row=i + base,
                                  column=login_title))

    absent_memo: dict[Any, bool] = {}
    if cols.variant is not None:
        absent = [absent_memo[v] if v in absent_memo else absent_memo.setdefault(v, _is_absent_text(v))
                  for v in columns[cols.variant]]
    else:
        absent = [False] * len(data)
    score_memo: dict[Any, float | str | None] = {}
    scores: list[Any] = [score_memo[v] if v in score_memo else score_memo.setdefault(v, _number(v))
                         for v in columns[cols.score]]
    points = np.array(point_columns, dtype=np.float64).T.reshape(len(data), len(point_columns))
    sums = points.sum(axis=1).tolist()
    absent_with_results = [i for i, (a, sc, t) in enumerate(zip(absent, scores, sums, strict=True))
                           if a and ((isinstance(sc, float) and sc > 0) or t > 0)]
    # the rows needing a second look: no score, text, negative, 0 or not the sum of the tasks
    for i in [i for i, (sc, t, a) in enumerate(zip(scores, sums, absent, strict=True))
              if not a and sc != t]:
        score, task_sum = scores[i], sums[i]
        if school_column[i] < 0:
            continue
        if isinstance(score, str) and _is_absent_text(score):
            absent[i] = True  # «отсутствовал» written in the score column
        elif isinstance(score, str) or (score is not None and score < 0):
            what = f"«{score}» — не число" if isinstance(score, str) else f"отрицательный: {score:g}"
            errors.append(Problem(name, f"итоговый балл {what}", sheet=sheet_name, row=i + base,
                                  column=score_title))
        elif score is None:
            if all(_classify(data[i][c])[1] == _EMPTY for c in cols.tasks):
                if cols.code is not None and not any(ch.isdigit() for ch in _cell_text(data[i][cols.code])) \
                        and (cols.variant is None or data[i][cols.variant] in (None, "")):
                    school_column[i] = -1  # no pupil code, no results: a heading or a signature
                    no_results += 1
                    continue
                absent[i] = True  # an empty row: the pupil was not there
            else:
                scores[i] = task_sum
                warn.add("score_from_tasks", i + base, score_title)
        elif score == 0 and task_sum > 0:
            scores[i] = task_sum
            warn.add("zero_total", i + base, score_title)
        else:
            warn.add("total_mismatch", i + base, score_title)

    # a total of 0 (a formula) with no variant and every task cell blank: the pupil was not there
    for i in [i for i, sc in enumerate(scores) if sc == 0.0]:
        if not absent[i] and school_column[i] >= 0 and (
                cols.variant is None or data[i][cols.variant] in (None, "")) and all(
                data[i][c] in (None, "") for c in cols.tasks):
            absent[i] = True

    marks = None
    if cols.mark is not None:
        marks, mark_details = _marks(columns[cols.mark], absent, school_column, errors, name, sheet_name,
                                     str(header[cols.mark]).strip(), base)
        details += mark_details

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
    counts = np.bincount(school_index[school_index >= 0], minlength=len(schools))
    if (counts == 0).any():  # a login seen only in a heading row
        schools, school_index = _drop_empty_schools(schools, school_index, counts)
    row_numbers = np.arange(base, base + len(data), dtype=np.int32)
    codes = [_cell_text(v) for v in columns[cols.code]] if cols.code is not None else [""] * len(data)
    classes = ([_cell_text(v).lower() for v in columns[cols.class_name]] if cols.class_name is not None
               else [""] * len(data))
    kept = school_index >= 0
    if not kept.all():
        school_index, absent_array = school_index[kept], absent_array[kept]
        score_array, journals, points = score_array[kept], journals[kept], points[kept]
        row_numbers = row_numbers[kept]
        keep_list = kept.tolist()
        codes = [c for c, k in zip(codes, keep_list, strict=True) if k]
        classes = [c for c, k in zip(classes, keep_list, strict=True) if k]
        if marks is not None:
            marks = marks[kept]
    if no_results:
        details.append(f"строк без логина и без результатов (заголовки, подписи) пропущено: {no_results}")
    if repeated:
        details.append(f"повторы строки заголовка внутри таблицы пропущены: {len(repeated)}")
    if title_login is not None and cols.login is None:
        details.append(f"логин ОО взят из заголовка над таблицей: {title_login}")
    if not_taught:
        details.append(f"«не пройд.» (тема не пройдена) в {not_taught} ячейках заданий — 0 баллов")
    labels, maxima = list(cols.task_labels), list(maxima)
    keep = _tasks_in_use(filled, int((~absent_array).sum()))
    if keep < len(labels):
        details.append(f"пустые столбцы заданий отброшены: {', '.join(task_titles[keep:])}")
        labels, maxima, points = labels[:keep], maxima[:keep], points[:, :keep]
    declared = re.search(r"максимальн\w*\s+(?:первичн\w*\s+)?балл\w*\D{0,5}(\d{1,3})", title.lower())
    warnings = warn.problems()
    variant_title = str(header[cols.variant]).strip() if cols.variant is not None else score_title
    for i in [i for i in absent_with_results if school_column[i] >= 0][:MAX_LISTED_PROBLEMS]:
        score = scores[i] if isinstance(scores[i], float) else sums[i]
        marker = _cell_text(data[i][cols.variant]) if cols.variant is not None else "отсутствовал"
        warnings.append(Problem(name, f"участник отмечен «{marker}», но у него есть баллы ({score:g}) — "
                                      "строка считается неявкой; проверьте её",
                                sheet=sheet_name, row=i + base, column=variant_title))
    if len(absent_with_results) > MAX_LISTED_PROBLEMS:
        warnings.append(Problem(name, f"и ещё {len(absent_with_results) - MAX_LISTED_PROBLEMS} строк "
                                      "«отсутствовал» с баллами", sheet=sheet_name))
    region = ""
    region_column = spot.info.roles.get("region")
    if region_column is not None and cols.municipality is not None and region_column != cols.municipality:
        names = {split_code(v)[1] for v in columns[region_column][:200] if v}
        region = next(iter(names)) if len(names) == 1 else ""
    total = sum(m for m in maxima if m is not None)
    if declared and maxima and all(m is not None for m in maxima) and float(declared.group(1)) != total:
        warnings.append(Problem(name, f"максимальный первичный балл над таблицей ({declared.group(1)}) не "
                                      f"равен сумме максимумов заданий ({total:g})", sheet=sheet_name))
    if progress is not None:
        progress(4, 4, "протокол прочитан")
    return Protocol(
        file=name, layout=layout, sheet=sheet_name, year=year, grade=grade, subject=subject,
        session=session, tasks=labels, task_max=maxima, schools=schools, school_index=school_index,
        absent=absent_array, scores=score_array, journals=journals, points=points, marks=marks,
        row_numbers=row_numbers, codes=codes, classes=classes, region=region,
        task_columns=[task_titles[k] for k in range(len(labels))], score_column=score_title,
        rows_read=len(school_index), header_row=spot.start + 1, warnings=warnings, details=details)


def _drop_empty_schools(schools: dict[str, SchoolRows], school_index: Any, counts: Any,
                        ) -> tuple[dict[str, SchoolRows], Any]:
    import numpy as np

    remap = np.full(len(schools) + 1, -1, dtype=np.int32)
    kept: dict[str, SchoolRows] = {}
    for number, school in schools.items():
        if counts[school.index]:
            remap[school.index] = len(kept)
            school.index = len(kept)
            kept[number] = school
    return kept, remap[school_index]  # -1 stays -1 (the last element)


def _marks(column: Sequence[Any], absent: list[bool], school_column: list[int], errors: list[Problem],
           name: str, sheet: str, title: str, base: int) -> tuple[Any, list[str]]:
    """The ВПР marks of the file (0 for the absent), or None when the column is empty throughout;
    a present pupil with no mark, or with something that is not 2–5, is an error."""
    import numpy as np

    memo: dict[Any, int] = {}
    values = []
    for v in column:
        if v not in memo:
            number = _number(v)
            memo[v] = (0 if number is None or _is_absent_text(number) else
                       int(number) if isinstance(number, float) and number.is_integer() and 2 <= number <= 5
                       else -1)
        values.append(memo[v])
    present = [i for i, a in enumerate(absent) if not a and school_column[i] >= 0]
    if all(values[i] == 0 for i in present):
        return None, [f"столбец «{title}» пуст — отметки поставлены по шкале перевода"]
    for i in present:
        if values[i] <= 0:
            what = ("нет отметки" if values[i] == 0
                    else f"отметка «{_cell_text(column[i])}» — не 2, 3, 4 или 5")
            errors.append(Problem(name, what, sheet=sheet, row=i + base, column=title))
    marks = np.array([0 if a else max(v, 0) for v, a in zip(values, absent, strict=True)], dtype=np.int8)
    return marks, [f"отметки ВПР взяты из файла (столбец «{title}»)"]


def _tasks_in_use(filled: list[int], present: int) -> int:
    """How many leading task columns to keep: trailing columns filled for fewer than 1 % of
    the present pupils are a template's unused tail (``a-17-grade`` … ``a-40-grade``)."""
    keep = len(filled)
    while keep > 1 and filled[keep - 1] * 100 < present:
        keep -= 1
    return keep
