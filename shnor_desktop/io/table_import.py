"""The generic table importer: school-level tables (ОГЭ/ЕГЭ by school, успеваемость, any regional Excel).

read (:mod:`.table_sheet`) -> map columns to target fields -> validate -> match schools -> apply in
one transaction (:func:`.results_store.replace_school_results`).

* A :class:`ColumnMapping` says, for each target field, which column of the file holds it, or a
  constant typed by the person (procedure = ОГЭ, year = 2025) when the table does not say it.
* :func:`suggest_mapping` proposes a mapping from the header words (Russian synonyms).
* A mapping is remembered in the ``setting`` table under a hash of the normalised set of headers,
  so the next table of the same shape is mapped at once (and the CLI can import it).
* Percentages may be written 45,3 or «45,3 %» or 0.453 (a cell formatted as percent): a column
  whose numbers exceed 1, or that has a «%» in a cell, is in percent; shares are stored 0..1.
* Any other «доля, %» column may be mapped under a name the person gives it («доля выполнивших
  50 % заданий»): stored in ``AssessmentResult.shares`` (name -> 0..1).
* Any bad cell rejects the whole file with its sheet, row and column; nothing is written.
* Schools are matched by the number of the ФИС ОКО login, else by the normalised name (quotes,
  «№ 1»/«№1», ё, full forms such as «средняя общеобразовательная школа» = «СОШ»); name matches
  are listed for confirmation, schools not found are listed and skipped, or added to the registry
  (name and municipality from the file) when the import is asked to create them.
* Re-importing the same slices replaces the earlier import (batch key from the slices).

Qt-free.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..analytics.frame import subject_key
from ..errors import CellError
from ..models import AssessmentResult, School, Setting
from ..models.enums import Procedure
from ..models.school import login_number
from ..registry.validation import FIELD_LABELS, clean_school
from ..russian import number as fmt_number
from ..russian import parse_number
from ..russian import percent as fmt_percent
from ..store.settings import write_setting
from ..typography import typeset
from .problems import ImportRejected, ImportSummary, Problem
from .results_store import replace_school_results
from .table_sheet import TableData, column_index, column_letter, read_table, table_from_sheet
from .workbook import read_workbook

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..store.database import Database
    from .sheet import Sheet

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
SETTING_PREFIX = "table_import.mapping."
KIND = "table"
TITLE = "таблица результатов по школам (сопоставление столбцов)"
MAX_LISTED = 30

# --- the target fields ---------------------------------------------------------------------------

SHARE_WORDS = r"%|\bдол[яиею]\b|процент"


@dataclass(frozen=True)
class TargetField:
    key: str
    label: str  # Russian, for the mapping step
    kind: str  # login, name, text, year, procedure, grade, subject, count, score, share, check
    patterns: tuple[str, ...] = ()  # regexes on the normalised header
    needs_share_words: bool = False  # suggested only for headers with «%», «доля», «процент»
    constant: bool = False  # may be given as a constant
    required: bool = False

    def matches(self, header: str) -> bool:
        if not header or not any(re.search(p, header) for p in self.patterns):
            return False
        return not self.needs_share_words or bool(re.search(SHARE_WORDS, header))


def _mark_patterns(mark: int, word: str) -> tuple[str, ...]:
    return (rf"(?<![\w.,])({mark})(?![\w.,%])", word)


FIELDS: tuple[TargetField, ...] = (
    TargetField("login", "Логин ОО (ФИС ОКО)", "login",
                (r"логин", r"\blogin\b", r"^код (оо|оу|школы|организации)$", r"^код$")),
    TargetField("school_name", "Наименование ОО", "name",
                (r"^оо$", r"^оу$", r"наименован", r"название", r"образовательн\w* (организац|учрежден)",
                 r"^школа$", r"^учреждение$", r"^организация$", r"(?<!кол-во )(?<!количество )\bоо\b",
                 r"^ou$", r"^группы участников$")),
    TargetField("municipality", "Муниципалитет (для новых ОО)", "text",
                (r"^(наименование )?(муниципалитет|муниципальн\w* (образовани|район|округ)\w*)$",)),
    TargetField("year", "Год", "year", (r"^(учебный )?год\b",), constant=True, required=True),
    TargetField("procedure", "Процедура", "procedure",
                (r"процедур", r"вид работы", r"форма (гиа|экзамена|аттестации)", r"^экзамен$"),
                constant=True, required=True),
    TargetField("grade", "Класс", "grade", (r"^класс", r"параллел"), constant=True, required=True),
    TargetField("subject", "Предмет", "subject", (r"предмет", r"дисциплин"), constant=True, required=True),
    TargetField("participants", "Участников", "count",
                (r"(?<!группы )участник", r"участвова", r"писа(л|вш)", r"выполня(л|вш)", r"сдава",
                 r"(кол-?во|количество|число) (обучающихся|учащихся|учеников|детей|выпускников)",
                 r"^всего$", r"^кол-?во$")),
    TargetField("absent", "Отсутствовали", "count", (r"отсутств", r"не явил", r"неявк", r"не писал")),
    TargetField("mark2", "Отметка «2», чел.", "count", _mark_patterns(2, r"неудовлетвор")),
    TargetField("mark3", "Отметка «3», чел.", "count", _mark_patterns(3, r"(?<!не)удовлетворит")),
    TargetField("mark4", "Отметка «4», чел.", "count", _mark_patterns(4, r"\bхорош")),
    TargetField("mark5", "Отметка «5», чел.", "count", _mark_patterns(5, r"\bотличн")),
    # ФИС ОКО «Статистика по отметкам»: «Распределение групп баллов в %» over «2», «3», «4», «5»;
    # turned into numbers of pupils with the participants of the row
    *(TargetField(f"share{m}", f"Отметка «{m}», %", "share", _mark_patterns(m, word), needs_share_words=True)
      for m, word in ((2, r"неудовлетвор"), (3, r"(?<!не)удовлетворит"), (4, r"\bхорош"), (5, r"\bотличн"))),
    TargetField("mean_score", "Средний балл", "score",
                (r"средн\w* (первичн\w* |тестов\w* )?балл", r"\bср\.? ?балл", r"средн\w* результат")),
    TargetField("median_score", "Медиана баллов", "score", (r"медиан",)),
    TargetField("max_score", "Максимум баллов работы", "score",
                (r"максимальн\w* (первичн\w* )?балл (за работу|работы)", r"максимум работы",
                 r"максимально возможн"), constant=True),
    TargetField("kv", "Коэффициент выполнения, %", "share",
                (r"коэффициент выполнения", r"^кв\b", r"\bкв$", r"процент выполнения", r"% выполнения")),
    TargetField("share_below_min", "Не преодолели минимум, %", "share",
                (r"не преодол", r"ниже мин", r"менее мин", r"не набрал"), needs_share_words=True),
    TargetField("share_80plus", "80 баллов и более, %", "share",
                (r"(?<!\d)80(?!\d)", r"высокобалльн"), needs_share_words=True),
    TargetField("no_attestat", "Без аттестата, чел.", "count", (r"аттестат",)),
    TargetField("quality", "Качество, % (сверка)", "check", (r"качеств",)),
    TargetField("success", "Успеваемость, % (сверка)", "check",
                (r"успеваем", r"обученност")),
)
BY_KEY: dict[str, TargetField] = {f.key: f for f in FIELDS}
# the order in which header words are tried: specific fields before general ones
SUGGEST_ORDER: tuple[str, ...] = (
    "login", "absent", "no_attestat", "share_below_min", "share_80plus", "quality", "success", "kv",
    "median_score", "mean_score", "max_score", "share2", "share3", "share4", "share5",
    "mark2", "mark3", "mark4", "mark5", "participants",
    "year", "procedure", "grade", "subject", "municipality", "school_name",
)
RESULT_FIELDS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.kind in ("count", "score", "share"))
SLICE_FIELDS: tuple[str, ...] = ("year", "procedure", "grade", "subject")
RESULT_COLUMNS: tuple[str, ...] = (
    "participants", "absent", "mark2", "mark3", "mark4", "mark5", "mean_score", "median_score",
    "max_score", "kv", "share_below_min", "share_80plus", "no_attestat", "journal_lower",
    "journal_same", "journal_higher",
)
MAX_SHARE_NAME = 100
EMPTY_WORDS = frozenset({"-", "—", "–", "н/д", "нд", "нет данных", "x", "х", "*", "—%", "-%"})


def norm_header(text: str | None) -> str:
    """Case, ё, quotes, line breaks and spacing do not matter: «Отметка\n«2»» = «отметка 2»."""
    text = (text or "").casefold().replace("ё", "е")
    for quote in "«»„“”\"'`":
        text = text.replace(quote, " ")
    return " ".join(text.split()).strip(" :;.")


def header_set_key(headers: Iterable[str]) -> str:
    """The key of a header set: the same columns in any order give the same key."""
    names = sorted({norm_header(h) for h in headers if norm_header(h)})
    return hashlib.sha1("\n".join(names).encode("utf-8")).hexdigest()[:20]


# --- the mapping ---------------------------------------------------------------------------------


@dataclass
class ColumnMapping:
    """Target field -> 0-based column of the table, or a constant typed by the person; and the
    other share columns under the names the person gave them (name -> column)."""

    columns: dict[str, int] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    shares: dict[str, int] = field(default_factory=dict)

    def source_of(self, key: str) -> int | str | None:
        if key in self.columns:
            return self.columns[key]
        return self.constants.get(key)

    def to_json(self, table: TableData) -> dict[str, Any]:
        return {
            "version": 1,
            "sheet": table.sheet,
            "header_row": table.header_row,
            "header_rows": table.header_rows,
            "headers": [h for h in table.headers if h],
            "columns": {k: _column_name(table, i) for k, i in self.columns.items()},
            "column_indexes": dict(self.columns),
            "constants": dict(self.constants),
            "shares": {name: _column_name(table, i) for name, i in self.shares.items()},
            "share_indexes": dict(self.shares),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], table: TableData) -> tuple[ColumnMapping, list[str]]:
        """The mapping for ``table`` from stored or hand-written JSON, and what could not be found.

        A column is named by its header (any case, quotes and spacing) or by its letter («C»).
        """
        mapping = cls()
        missing: list[str] = []
        normalised = [norm_header(h) for h in table.headers]
        columns, indexes = _json_section(data, "columns"), _json_section(data, "column_indexes")
        for key, header in columns.items():
            if key not in BY_KEY:
                missing.append(f"неизвестное поле «{key}» (поля: {', '.join(BY_KEY)})")
                continue
            found = _find_column(str(header), normalised, table, indexes.get(key))
            if isinstance(found, int):
                mapping.columns[key] = found
            else:
                missing.append(f"{BY_KEY[key].label}: столбец «{header}» {found}")
        share_indexes = _json_section(data, "share_indexes")
        for name, header in _json_section(data, "shares").items():
            label = " ".join(str(name).split())
            found = _find_column(str(header), normalised, table, share_indexes.get(name))
            if isinstance(found, int):
                mapping.shares[label] = found
            else:
                missing.append(f"доля «{label}»: столбец «{header}» {found}")
        for key, value in _json_section(data, "constants").items():
            if key not in BY_KEY:
                missing.append(f"неизвестное поле «{key}» (поля: {', '.join(BY_KEY)})")
            elif key not in mapping.columns and value not in (None, ""):
                mapping.constants[key] = str(value)
        return mapping, missing


def _column_name(table: TableData, index: int) -> str:
    return (table.headers[index] if 0 <= index < len(table.headers) else "") or column_letter(index)


def _json_section(data: dict[str, Any], name: str) -> dict[str, Any]:
    section = data.get(name)
    return section if isinstance(section, dict) else {}


def _find_column(header: str, normalised: Sequence[str], table: TableData, hint: Any) -> int | str:
    """The column named by a header text or a letter; else why not (Russian, «не найден»…)."""
    wanted = norm_header(header)
    found = [i for i, h in enumerate(normalised) if h and h == wanted]
    if len(found) > 1 and hint in found:
        found = [hint]
    if not found and (letter := column_index(header)) is not None and letter < table.width:
        found = [letter]
    if len(found) == 1:
        return found[0]
    return "не найден" if not found else "встречается несколько раз"


def suggest_mapping(headers: Sequence[str]) -> ColumnMapping:
    """A mapping proposed from the header words; every field and every column used at most once."""
    mapping = ColumnMapping()
    normalised = [norm_header(h) for h in headers]
    for index, header in enumerate(normalised):
        if not header:
            continue
        for key in SUGGEST_ORDER:
            target = BY_KEY[key]
            if key in mapping.columns or not target.matches(header):
                continue
            if target.kind == "count" and key.startswith("mark") and (
                    re.search(SHARE_WORDS, header) or "класс" in header):
                continue
            mapping.columns[key] = index
            break
    for m in (2, 3, 4, 5):  # numbers of pupils given: their shares are only a repetition
        if f"mark{m}" in mapping.columns:
            mapping.columns.pop(f"share{m}", None)
    return mapping


def looks_like_results(headers: Sequence[str]) -> bool:
    """A school column and at least one result column can be told from the headers."""
    suggested = suggest_mapping(headers)
    has_school = "login" in suggested.columns or "school_name" in suggested.columns
    return has_school and any(k in suggested.columns for k in (*RESULT_FIELDS, "quality", "success"))


def setting_key(headers: Iterable[str]) -> str:
    return SETTING_PREFIX + header_set_key(headers)


def remembered_mapping(session: Session, table: TableData) -> ColumnMapping | None:
    """The mapping remembered for this header set, if any (columns not found are dropped)."""
    row = session.get(Setting, setting_key(table.headers))
    if row is None or not isinstance(row.value, dict):
        return None
    mapping, missing = ColumnMapping.from_json(row.value, table)
    if missing:
        log.warning("remembered mapping for %s: %s", table.file, "; ".join(missing))
    return mapping


def remember_mapping(db: Database, table: TableData, mapping: ColumnMapping) -> str:
    """Store the mapping under the hash of the header set; returns the setting key."""
    key = setting_key(table.headers)
    write_setting(db, key, mapping.to_json(table))
    return key


def load_mapping_file(path: str | Path, table: TableData) -> ColumnMapping:
    """A mapping written by hand (or exported) as JSON: {"columns": {...}, "constants": {...}}."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImportRejected([Problem(path.name, f"файл сопоставления не читается: {exc}")]) from exc
    if not isinstance(data, dict):
        raise ImportRejected([Problem(path.name, "файл сопоставления должен содержать объект JSON "
                                                 "с разделами «columns» и «constants»")])
    mapping, missing = ColumnMapping.from_json(data, table)
    if missing:
        raise ImportRejected([Problem(path.name, m) for m in missing])
    return mapping


# --- reading values ------------------------------------------------------------------------------




def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().casefold() in EMPTY_WORDS)


def _number(value: Any) -> tuple[float, bool]:
    """(the number, written with «%»)."""
    try:
        return parse_number(value)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def read_count(value: Any) -> int | None:
    if _is_empty(value):
        return None
    number, has_percent = _number(value)
    if has_percent:
        raise CellError(f"«{value}» — процент, а нужно число человек")
    if number < 0:
        raise CellError(f"{fmt_number(number, 1)} — отрицательное число")
    if not float(number).is_integer():
        raise CellError(f"«{value}» — не целое число человек")
    return int(number)


def read_score(value: Any) -> float | None:
    if _is_empty(value):
        return None
    number, has_percent = _number(value)
    if has_percent:
        raise CellError(f"«{value}» — процент, а нужен балл")
    if number < 0:
        raise CellError(f"{fmt_number(number, 1)} — отрицательный балл")
    return number


def read_year(value: Any) -> int:
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    match = re.fullmatch(r"(\d{4})(?:\s*[-/–—]\s*(\d{2,4}))?(?:\s*(?:г\.?|год|уч\.?\s*г\.?))?", text)
    if not match:
        raise CellError(f"«{value}» — не год")
    year = int(match.group(2)) if match.group(2) else int(match.group(1))
    if year < 100:
        year += 2000
    if not 2000 <= year <= 2100:
        raise CellError(f"{year} — год вне 2000–2100")
    return year


def read_grade(value: Any) -> int:
    match = re.match(r"\s*(\d{1,2})(?!\d)", str(value))
    if isinstance(value, float) and value.is_integer():
        match = re.match(r"(\d+)", str(int(value)))
    if not match or not 1 <= int(match.group(1)) <= 11:
        raise CellError(f"«{value}» — не класс (1–11)")
    return int(match.group(1))


_PROCEDURE_WORDS: tuple[tuple[str, Procedure], ...] = (
    (r"огэ|гиа-?\s?9|\boge\b", Procedure.OGE),
    (r"егэ|гиа-?\s?11|\bege\b", Procedure.EGE),
    (r"впр|\bvpr\b", Procedure.VPR),
    (r"рдр|региональн\w* диагностическ|\brdr\b", Procedure.RDR),
    (r"успеваем|итоги (учебного )?года|четверт|полугоди", Procedure.PROGRESS),
    (r"олимпиад", Procedure.OLYMPIAD),
)


def read_procedure(value: Any) -> str:
    text = norm_header(str(value))
    for member in Procedure:
        if text in (member.value.casefold(), member.label.casefold()):
            return member.value
    for pattern, member in _PROCEDURE_WORDS:
        if re.search(pattern, text):
            return member.value
    raise CellError(f"«{value}» — неизвестная процедура (ВПР, ОГЭ, ЕГЭ, РДР, успеваемость, олимпиада)")


def read_subject(value: Any) -> str:
    text = " ".join(str(value).split())
    if not text or not any(ch.isalpha() for ch in text):
        raise CellError(f"«{value}» — не название предмета")
    return text[0].upper() + text[1:] if text[0].islower() else text


SLICE_READERS: dict[str, Callable[[Any], Any]] = {
    "year": read_year, "procedure": read_procedure, "grade": read_grade, "subject": read_subject,
}


# --- school names --------------------------------------------------------------------------------

_FULL_FORMS: tuple[tuple[str, str], ...] = (
    (r"муниципальное бюджетное общеобразовательное учреждение", "мбоу"),
    (r"муниципальное казенное общеобразовательное учреждение", "мкоу"),
    (r"муниципальное автономное общеобразовательное учреждение", "маоу"),
    (r"государственное бюджетное общеобразовательное учреждение", "гбоу"),
    (r"муниципальное общеобразовательное учреждение", "моу"),
    (r"средняя общеобразовательная школа", "сош"),
    (r"основная общеобразовательная школа", "оош"),
    (r"начальная общеобразовательная школа", "нош"),
)


def school_name_key(name: str | None) -> str:
    """«МБОУ "СОШ № 5"» = «МБОУ «СОШ №5»» = «Муниципальное бюджетное … «Средняя … школа № 5»»."""
    text = (name or "").casefold().replace("ё", "е")
    for quote in "«»„“”\"'`":
        text = text.replace(quote, " ")
    text = re.sub(r"[.,;:()]", " ", text)
    text = " ".join(text.split())
    for full, short in _FULL_FORMS:
        text = re.sub(full, short, text)
    text = re.sub(r"(?:№|n|no)\s*(\d)", r"№\1", text)
    return " ".join(text.split())


# --- validation ----------------------------------------------------------------------------------


@dataclass
class TableRecord:
    """One row of the table read and checked: the school as the file names it, the slice, the numbers."""

    row: int  # Excel row
    login: str | None
    name: str | None
    year: int
    procedure: str
    grade: int
    subject: str
    values: dict[str, int | float | None]
    checks: dict[str, float | None] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)  # the named shares of the row, 0..1
    municipality: str | None = None

    @property
    def school_key(self) -> str:
        number = login_number(self.login)
        return f"login:{number}" if number else f"name:{school_name_key(self.name)}"

    @property
    def slice(self) -> tuple[int, str, int, str]:
        return self.year, self.procedure, self.grade, self.subject.casefold()


@dataclass
class Validation:
    records: list[TableRecord]
    problems: list[Problem]
    warnings: list[Problem]
    notes: list[str]  # how the columns were read (percent or share…)
    skipped: list[str]  # rows skipped on purpose (totals, empty schools)


LOGIN_IN_NAME = re.compile(r"(?<![A-Za-z0-9])((?:sch|edu|ksh|spo)\d{5,})(?![0-9])", re.IGNORECASE)
TOTAL_ROW = re.compile(r"^(итого|всего|вся выборка|в среднем|среднее|средний показатель|"
                       r"по (району|муниципалитету|округу|региону|области|краю|республике|мо|го)\b|"
                       r"район$|регион$)")


def _share_scale(cells: Sequence[Any]) -> tuple[float, bool]:
    """(divisor, in percent) of a share column: 100 when any number exceeds 1 or a cell has «%»."""
    in_percent = False
    for value in cells:
        if _is_empty(value):
            continue
        try:
            number, has_percent = _number(value)
        except CellError:
            continue
        if has_percent or abs(number) > 1:
            in_percent = True
            break
    return (100.0, True) if in_percent else (1.0, False)


def _column_scale(table: TableData, index: int, notes: list[str]) -> tuple[float, bool]:
    """(divisor, in percent) of a share column, told in ``notes``."""
    divisor, in_percent = _share_scale([cells[index] for _, cells in table.rows])
    header = table.headers[index] or column_letter(index)
    notes.append(f"«{header}» — {'в процентах' if in_percent else 'в долях единицы'}")
    return divisor, in_percent


def validate(table: TableData, mapping: ColumnMapping) -> Validation:
    """Read every row through the mapping; every problem is located (sheet, row, column)."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    notes: list[str] = []
    skipped: list[str] = []

    def problem(message: str, row: int | None = None, column: str = "") -> None:
        problems.append(Problem(table.file, message, table.sheet, row, column))

    # the mapping itself
    if "login" not in mapping.columns and "school_name" not in mapping.columns:
        problem("не выбран столбец школы: укажите «Логин ОО» или «Наименование ОО»")
    constants: dict[str, Any] = {}
    for key in SLICE_FIELDS:
        target = BY_KEY[key]
        if key in mapping.columns:
            continue
        text = mapping.constants.get(key, "").strip()
        if not text:
            problem(f"не задано поле «{target.label}»: выберите столбец или введите постоянное значение")
            continue
        try:
            constants[key] = SLICE_READERS[key](text)
        except CellError as exc:
            problem(f"постоянное значение поля «{target.label}»: {exc}")
    if "max_score" not in mapping.columns and mapping.constants.get("max_score", "").strip():
        try:
            constants["max_score"] = read_score(mapping.constants["max_score"])
        except CellError as exc:
            problem(f"постоянное значение поля «{BY_KEY['max_score'].label}»: {exc}")
    if not any(k in mapping.columns for k in RESULT_FIELDS) and not mapping.shares:
        problem("не выбран ни один столбец с результатами (участники, отметки, средний балл, доли…)")
    by_column: dict[int, list[str]] = {}
    for key, index in mapping.columns.items():
        if not 0 <= index < table.width:
            problem(f"поле «{BY_KEY[key].label}»: в таблице нет столбца {column_letter(index)}")
        by_column.setdefault(index, []).append(f"«{BY_KEY[key].label}»")
    seen_names: set[str] = set()
    for name, index in mapping.shares.items():
        if not name.strip():
            problem("у доли не задано название: введите, что она означает (например, «доля выполнивших "
                    "50 % заданий»)", column=table.column_title(index) if 0 <= index < table.width else "")
        elif len(name) > MAX_SHARE_NAME:
            problem(f"название доли «{name[:40]}…» длиннее {MAX_SHARE_NAME} знаков")
        elif name.casefold() in seen_names:
            problem(f"доля «{name}» названа дважды")
        seen_names.add(name.casefold())
        if not 0 <= index < table.width:
            problem(f"доля «{name}»: в таблице нет столбца {column_letter(index)}")
        by_column.setdefault(index, []).append(f"доля «{name}»")
    for index, labels in by_column.items():
        if len(labels) > 1:
            problem(f"один столбец выбран для нескольких полей: {', '.join(labels)}",
                    column=table.column_title(index))
    if problems:
        return Validation([], problems, warnings, notes, skipped)

    scales: dict[str, float] = {}
    for key, index in mapping.columns.items():
        if BY_KEY[key].kind in ("share", "check"):
            scales[key], in_percent = _column_scale(table, index, notes)
            header = table.headers[index] or column_letter(index)
            if in_percent is False and BY_KEY[key].kind == "share" and not re.search(SHARE_WORDS,
                                                                                      norm_header(header)):
                warnings.append(Problem(table.file, f"столбец «{header}» выбран как доля, но в заголовке нет "
                                                    "«%» или «доля»: проверьте, что это не число человек",
                                        table.sheet, None, table.column_title(index)))
    # a named share is a share because the person said so: no warning about its header
    share_scales = {name: _column_scale(table, index, notes)[0] for name, index in mapping.shares.items()}

    records: list[TableRecord] = []
    seen: dict[tuple[str, tuple[int, str, int, str]], int] = {}
    login_col = mapping.columns.get("login")
    name_col = mapping.columns.get("school_name")
    for excel_row, cells in table.rows:
        if all(_is_empty(c) for c in cells):
            continue
        login = _cell_text(cells, login_col)
        name = _cell_text(cells, name_col)  # type: ignore[assignment]  # `name` is a str above; None here
        if login and not login_number(login):  # words in the login column: a name or a total
            name, login = name or login, None
        if not login and name and (inside := LOGIN_IN_NAME.search(name)):
            login = inside.group(1)  # ФИС ОКО reports: «(sch223144) МБОУ "…"»
        first_text = next((str(c) for c in cells if isinstance(c, str) and c.strip()), "")
        if not login and TOTAL_ROW.match(norm_header(name or first_text)):
            skipped.append(f"строка {excel_row}: «{name or first_text}» — итоговая строка, пропущена")
            continue
        if not login and not name:
            skipped.append(f"строка {excel_row}: нет ни логина, ни названия ОО — пропущена")
            continue
        row_ok = True
        slice_values: dict[str, Any] = dict(constants)
        for key in SLICE_FIELDS:
            if key not in mapping.columns:
                continue
            index = mapping.columns[key]
            value = cells[index]
            if _is_empty(value):
                problem(f"пусто: нужен {BY_KEY[key].label.lower()}", excel_row, table.column_title(index))
                row_ok = False
                continue
            try:
                slice_values[key] = SLICE_READERS[key](value)
            except CellError as exc:
                problem(str(exc), excel_row, table.column_title(index))
                row_ok = False
        values: dict[str, int | float | None] = {}
        checks: dict[str, float | None] = {}
        if "max_score" in constants:
            values["max_score"] = constants["max_score"]
        for key, index in mapping.columns.items():
            target = BY_KEY[key]
            if target.kind not in ("count", "score", "share", "check"):
                continue
            value = cells[index]
            try:
                if target.kind == "count":
                    values[key] = read_count(value)
                elif target.kind == "score":
                    values[key] = read_score(value)
                else:
                    share = _read_share(value, scales[key])
                    (checks if target.kind == "check" else values)[key] = share
            except CellError as exc:
                problem(str(exc), excel_row, table.column_title(index))
                row_ok = False
        shares: dict[str, float] = {}
        for share_name, index in mapping.shares.items():
            try:
                share = _read_share(cells[index], share_scales[share_name])
            except CellError as exc:
                problem(str(exc), excel_row, table.column_title(index))
                row_ok = False
                continue
            if share is not None:
                shares[share_name] = share
        if not row_ok:
            continue
        _marks_from_shares(values, excel_row, problem, warnings, mapping, table)
        _row_consistency(values, excel_row, problem, mapping, table)
        record = TableRecord(excel_row, login, name, slice_values["year"], slice_values["procedure"],
                             slice_values["grade"], slice_values["subject"], values, checks, shares,
                             _cell_text(cells, mapping.columns.get("municipality")))
        ident = (record.school_key, record.slice)
        if ident in seen:
            problem(f"школа и срез повторяются (уже в строке {seen[ident]})", excel_row,
                    table.column_title(login_col if login_col is not None else name_col or 0))
            continue
        seen[ident] = excel_row
        records.append(record)
        _check_shares(record, warnings, table, mapping)
    if not records and not problems:
        problem("в таблице нет ни одной строки со школой")
    return Validation(records, problems, warnings, notes, skipped)


def _cell_text(cells: Sequence[Any], index: int | None) -> str | None:
    if index is None or _is_empty(cells[index]):
        return None
    value = cells[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def _read_share(value: Any, divisor: float) -> float | None:
    if _is_empty(value):
        return None
    number, has_percent = _number(value)
    share = number / 100 if has_percent else number / divisor
    if share < 0:
        raise CellError(f"«{value}» — отрицательная доля")
    if share > 1 + 1e-9:
        raise CellError(f"«{value}» — больше 100 %")
    return min(share, 1.0)


def _marks_from_shares(values: dict[str, Any], row: int, problem: Callable[..., None],
                       warnings: list[Problem], mapping: ColumnMapping, table: TableData) -> None:
    """Shares of «2»…«5» (ФИС ОКО «Статистика по отметкам») as numbers of pupils. Rounded so that
    they add up to the rounded total of the shares (percentages printed with two decimals would
    otherwise give one pupil too many or too few)."""
    participants = values.get("participants")
    shares = {m: values.pop(f"share{m}", None) for m in (2, 3, 4, 5)}
    wanted = {m: share for m, share in shares.items()
              if share is not None and f"mark{m}" not in mapping.columns}
    if not wanted:
        return
    if participants is None:
        for m in wanted:
            problem(f"доля отметки «{m}» пересчитывается в число человек по числу участников, а его нет "
                    "(выберите столбец «Участников»)", row, table.column_title(mapping.columns[f"share{m}"]))
        return
    raw = {m: share * participants for m, share in wanted.items()}
    counts = {m: int(count) for m, count in raw.items()}
    missing = round(sum(raw.values())) - sum(counts.values())
    for m in sorted(raw, key=lambda m: raw[m] - counts[m], reverse=True)[:max(missing, 0)]:
        counts[m] += 1
    for m, count in counts.items():
        values[f"mark{m}"] = count
        if abs(raw[m] - count) > 0.6:
            warnings.append(Problem(table.file, f"{fmt_percent(wanted[m])} от {participants} участников — "
                                                f"{fmt_number(raw[m], 1)} чел.; записано {count}",
                                    table.sheet, row, table.column_title(mapping.columns[f"share{m}"])))


def _row_consistency(values: dict[str, Any], row: int, problem: Callable[..., None],
                     mapping: ColumnMapping, table: TableData) -> None:
    marks = [values.get(f"mark{m}") for m in (2, 3, 4, 5)]
    participants = values.get("participants")
    if participants is not None and all(m is not None for m in marks):
        total = sum(marks)  # type: ignore[arg-type]
        if total > participants:
            problem(f"сумма отметок {total} больше числа участников {participants}", row,
                    table.column_title(mapping.columns["participants"]))
    mean, top = values.get("mean_score"), values.get("max_score")
    if mean is not None and top is not None and mean > top + 1e-9:
        problem(f"средний балл {fmt_number(mean, 1)} больше максимального {fmt_number(top, 1)}", row,
                table.column_title(mapping.columns["mean_score"]))


def _check_shares(record: TableRecord, warnings: list[Problem], table: TableData,
                  mapping: ColumnMapping) -> None:
    """«% качества» and «% успеваемости» of the file against the counts of marks."""
    marks = [record.values.get(f"mark{m}") for m in (2, 3, 4, 5)]
    if any(m is None for m in marks) or not sum(marks):  # type: ignore[arg-type]
        return
    m2, _m3, m4, m5 = marks
    total = sum(marks)  # type: ignore[arg-type]
    computed = {"quality": (m4 + m5) / total, "success": (total - m2) / total}  # type: ignore[operator]
    for key, given in record.checks.items():
        if given is None or abs(given - computed[key]) <= 0.015:
            continue
        warnings.append(Problem(
            table.file, f"{BY_KEY[key].label.split(',')[0].lower()} в файле {fmt_percent(given)}, "
                        f"по отметкам {fmt_percent(computed[key])}; в базу идут отметки",
            table.sheet, record.row, table.column_title(mapping.columns[key])))


# --- schools -------------------------------------------------------------------------------------


@dataclass
class SchoolMatch:
    """One school as the file names it, and the registry school it is taken for."""

    key: str
    login: str | None
    name: str | None
    rows: list[int]
    school_id: int | None = None
    school_name: str = ""
    how: str = ""  # login, name, manual, skip; '' when not found
    municipality: str | None = None  # as the file gives it (for a school to be created)
    create: bool = False  # not found, and the import adds it to the registry

    @property
    def file_text(self) -> str:
        return " ".join(p for p in (self.login, self.name) if p) or "—"

    @property
    def how_text(self) -> str:
        if not self.how and self.create:
            return "нет в реестре — будет добавлена"
        return {"login": "по логину", "name": "по названию — проверьте", "manual": "выбрано вручную",
                "skip": "пропустить"}.get(self.how, "не найдена в реестре — будет пропущена")

    def new_school_values(self) -> dict[str, Any]:
        """The registry card of a school added from the table: its login, name and municipality."""
        login = self.login if login_number(self.login) else ""
        name = self.name or self.login or ""
        return {"fis_login": login, "full_name": typeset(name), "short_name": typeset(name),
                "full_name_source": name, "short_name_source": name, "municipality": self.municipality or ""}


def match_schools(session: Session, records: Sequence[TableRecord],
                  overrides: dict[str, int | None] | None = None) -> list[SchoolMatch]:
    """Find every school of the records in the registry: login number, else unique normalised name.

    ``overrides`` (match key -> school id, or None to skip) are the person's own choices.
    """
    overrides = overrides or {}
    by_number: dict[str, tuple[int, str]] = {}
    by_name: dict[str, set[int]] = {}
    names: dict[int, str] = {}
    for sid, number, full, short in session.execute(
            select(School.id, School.login_number, School.full_name, School.short_name)):
        names[sid] = short or full
        if number:
            by_number[number] = (sid, short or full)
        for text in (full, short):
            key = school_name_key(text)
            if key:
                by_name.setdefault(key, set()).add(sid)

    matches: dict[str, SchoolMatch] = {}
    for record in records:
        key = record.school_key
        match = matches.get(key)
        if match is None:
            match = matches[key] = SchoolMatch(key, record.login, record.name, [],
                                               municipality=record.municipality)
            number = login_number(record.login)
            if key in overrides:
                chosen = overrides[key]
                match.school_id = chosen
                match.school_name = names.get(chosen, "") if chosen is not None else ""
                match.how = "manual" if chosen is not None else "skip"
            elif number and number in by_number:
                match.school_id, match.school_name = by_number[number]
                match.how = "login"
            else:
                found = by_name.get(school_name_key(record.name), set()) if record.name else set()
                if len(found) == 1:
                    match.school_id = next(iter(found))
                    match.school_name = names[match.school_id]
                    match.how = "name"
        if not match.municipality and record.municipality:
            match.municipality = record.municipality
        match.rows.append(record.row)
    return list(matches.values())


# --- plan and apply ------------------------------------------------------------------------------


@dataclass
class TablePlan:
    """What an import of the table would write; ``problems`` non-empty means it will be refused."""

    table: TableData
    mapping: ColumnMapping
    records: list[TableRecord]
    matches: list[SchoolMatch]
    problems: list[Problem]
    warnings: list[Problem]
    notes: list[str]
    skipped: list[str]
    sha256: str = ""
    create_missing: bool = False  # schools not found are added to the registry

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def name_matches(self) -> list[SchoolMatch]:
        return [m for m in self.matches if m.how == "name"]

    @property
    def unmatched(self) -> list[SchoolMatch]:
        """Not found in the registry (and not skipped by the person's own choice)."""
        return [m for m in self.matches if m.school_id is None and m.how != "skip"]

    @property
    def skipped_by_choice(self) -> list[SchoolMatch]:
        return [m for m in self.matches if m.how == "skip"]

    @property
    def to_create(self) -> list[SchoolMatch]:
        """Schools not in the registry that the import adds (only when asked to)."""
        return self.unmatched if self.create_missing else []

    @property
    def missing(self) -> list[SchoolMatch]:
        """Schools not in the registry that are skipped."""
        return [] if self.create_missing else self.unmatched

    @property
    def matched(self) -> dict[str, int]:
        return {m.key: m.school_id for m in self.matches if m.school_id is not None}

    def rows_to_write(self) -> list[TableRecord]:
        keys = set(self.matched) | {m.key for m in self.to_create}
        return [r for r in self.records if r.school_key in keys]

    def nothing_to_write(self) -> str:
        """Why no row would be written (Russian); '' when some would."""
        if self.rows_to_write():
            return ""
        if self.unmatched:
            return (f"ни одна школа таблицы не найдена в реестре (ОО: {len(self.unmatched)} — "
                    f"{_listing(self.unmatched)}): добавьте их в реестр (shnor schools add), сопоставьте "
                    "вручную или загрузите файл с --create-missing")
        if self.skipped_by_choice:
            return "все школы таблицы пропущены по выбору: записывать нечего"
        return "в таблице нет ни одной строки со школой"

    @property
    def slices(self) -> list[tuple[int, str, int, str]]:
        return sorted({(r.year, r.procedure, r.grade, r.subject) for r in self.records})

    @property
    def batch_key(self) -> str:
        text = "\n".join(f"{y}|{p}|{g}|{s.casefold()}" for y, p, g, s in self.slices)
        return f"{KIND}|{hashlib.sha1(text.encode('utf-8')).hexdigest()[:20]}"

    def slices_text(self) -> str:
        parts = []
        for year, procedure, grade, subject in self.slices[:10]:
            parts.append(f"{Procedure(procedure).label} {grade} кл., {subject}, {year}")
        more = f" и ещё {len(self.slices) - 10}" if len(self.slices) > 10 else ""
        return "; ".join(parts) + more

    def raise_if_rejected(self) -> None:
        if self.problems:
            raise ImportRejected(self.problems)


def _canonical_subjects(session: Session, records: Sequence[TableRecord]) -> None:
    """Write a subject as the database already spells it («математика» -> «Математика»)."""
    known: dict[str, str] = {}
    for subject in session.scalars(select(AssessmentResult.subject).distinct()):
        known.setdefault(subject_key(subject), subject)
    for record in records:
        record.subject = known.get(subject_key(record.subject), record.subject)


def plan_table_import(db: Database, table: TableData, mapping: ColumnMapping, *,
                      path: str | Path | None = None,
                      overrides: dict[str, int | None] | None = None,
                      create_missing: bool = False) -> TablePlan:
    """Validate and match without changing anything (the window's preview and the CLI's first step).

    With ``create_missing`` the schools not found in the registry are to be added (their cards are
    checked here like a card typed by hand: a problem of one rejects the file).
    """
    checked = validate(table, mapping)
    with db.session() as session:
        if checked.records:
            _canonical_subjects(session, checked.records)
        matches = match_schools(session, checked.records, overrides) if not checked.problems else []
    sha = _sha256(Path(path)) if path is not None and Path(path).exists() else ""
    plan = TablePlan(table, mapping, checked.records, matches, checked.problems, checked.warnings,
                     checked.notes, checked.skipped, sha, create_missing=create_missing)
    for match in plan.to_create:
        match.create = True
        _check_new_school(plan, match)
    return plan


def _check_new_school(plan: TablePlan, match: SchoolMatch) -> None:
    """A school to be added: its card from the file must pass the registry's own checks."""
    errors = clean_school(match.new_school_values())[1]
    table = plan.table
    for field_name, message in errors:
        source = {"fis_login": "login", "municipality": "municipality"}.get(field_name, "school_name")
        index = plan.mapping.columns.get(source)
        column = table.column_title(index) if index is not None else ""
        plan.problems.append(Problem(
            table.file, f"школа «{match.file_text}» не может быть добавлена в реестр: "
                        f"{FIELD_LABELS.get(field_name, field_name)}: {message}",
            table.sheet, match.rows[0] if match.rows else None, column))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _listing(matches: Sequence[SchoolMatch], *, with_municipality: bool = False) -> str:
    shown = [m.file_text + (f" ({m.municipality})" if with_municipality and m.municipality else "")
             + (f" → {m.school_name}" if m.school_id and m.how else "") for m in matches[:MAX_LISTED]]
    more = f"; и ещё {len(matches) - MAX_LISTED}" if len(matches) > MAX_LISTED else ""
    return "; ".join(shown) + more


def apply_table_plan(db: Database, plan: TablePlan, *, progress: ProgressFn | None = None) -> ImportSummary:
    """Write the rows in one transaction (after adding the schools to create); refuse
    (ImportRejected, nothing changed) a plan with problems or with nothing to write."""
    plan.raise_if_rejected()
    if reason := plan.nothing_to_write():
        raise ImportRejected([Problem(plan.table.file, f"нечего записать: {reason}", plan.table.sheet)])
    records = plan.rows_to_write()
    if progress is not None:
        progress(0, 2, "Запись результатов…")
    params = {"sheet": plan.table.sheet, "header_row": plan.table.header_row,
              "slices": [list(s) for s in plan.slices], "mapping": plan.mapping.to_json(plan.table)}
    with db.transaction() as session:
        ids = dict(plan.matched)
        new_schools: list[tuple[SchoolMatch, School]] = []
        for match in plan.to_create:
            raw = match.new_school_values()
            values = clean_school(raw)[0]
            school = School(**values, login_number=login_number(values.get("fis_login")))
            school.fis_login = values.get("fis_login") or None
            school.full_name_source = raw["full_name_source"]
            school.short_name_source = raw["short_name_source"]
            session.add(school)
            new_schools.append((match, school))
        session.flush()
        for match, school in new_schools:
            ids[match.key] = school.id
            match.school_id, match.school_name = school.id, school.short_name
        rows = []
        for record in records:
            row: dict[str, Any] = {"school_id": ids[record.school_key], "year": record.year,
                                   "procedure": record.procedure, "grade": record.grade,
                                   "subject": record.subject, "session": ""}
            row.update({c: record.values.get(c) for c in RESULT_COLUMNS})
            row["shares"] = dict(record.shares) or None
            rows.append(row)
        created, updated, replaced = replace_school_results(
            session, kind=KIND, key=plan.batch_key, file_name=plan.table.file, sha256=plan.sha256,
            rows_read=len(plan.records), params=params, rows=rows)
    if progress is not None:
        progress(2, 2, "Готово")
    summary = ImportSummary(file=plan.table.file, kind=TITLE, created=created, updated=updated)
    summary.skipped = sum(len(m.rows) for m in (*plan.missing, *plan.skipped_by_choice))
    summary.warnings = list(plan.warnings)
    summary.details.append(f"лист «{plan.table.sheet}»; срезы: {plan.slices_text()}")
    summary.details.append(f"записано строк: {len(rows)} по {len(ids)} ОО")
    if replaced:
        summary.details.append(f"прежние результаты заменены: {replaced}")
    if plan.name_matches:
        summary.details.append(f"сопоставлены по названию: {_listing(plan.name_matches)}")
    if new_schools:
        summary.details.append(f"в реестр добавлено ОО: {len(new_schools)} (названия из файла) — "
                               f"{_listing([m for m, _ in new_schools], with_municipality=True)}")
    if plan.missing:
        summary.details.append(
            f"нет в реестре, пропущены: {_listing(plan.missing, with_municipality=True)} "
            f"(ОО: {len(plan.missing)}, строк: {sum(len(m.rows) for m in plan.missing)}; добавьте их в "
            "реестр, сопоставьте вручную или загрузите с --create-missing)")
    if plan.skipped_by_choice:
        summary.details.append(f"пропущены по выбору: {_listing(plan.skipped_by_choice)}")
    summary.details += plan.skipped[:MAX_LISTED]
    log.info("table import %s: %s rows written (%s new, %s updated), %s replaced, %s unmatched, "
             "%s schools created", plan.table.file, len(rows), created, updated, replaced,
             len(plan.missing), len(new_schools))
    return summary


def find_sheet_table(path: Path, sheets: list[Sheet]) -> TableData | None:
    """The first sheet that looks like a table of results by school."""
    for sheet in sheets:
        if not sheet.rows:
            continue
        table = table_from_sheet(sheet, path.name)
        if table.rows and looks_like_results(table.headers):
            table.sheet_names = [s.name for s in sheets]
            return table
    return None


def remembered_sheet_table(db: Database, path: Path,
                           sheets: list[Sheet]) -> tuple[TableData, ColumnMapping] | None:
    """The first sheet whose headers have a remembered mapping, with that mapping."""
    with db.session() as session:
        for sheet in sheets:
            if not sheet.rows:
                continue
            candidate = read_table(path, sheet=sheet.name, sheets=sheets)
            found = remembered_mapping(session, candidate)
            if found is not None:
                return candidate, found
    return None


def import_table(db: Database, path: str | Path, options: Any = None, *, sheets: list[Sheet] | None = None,
                 progress: ProgressFn | None = None) -> ImportSummary:
    """The whole import without a window: a remembered mapping (or ``options.mapping``) is required.

    ``options.year`` / ``grade`` / ``subject`` fill fields the mapping leaves open.
    """
    path = Path(path)

    sheets = sheets if sheets is not None else read_workbook(path)
    mapping_file = getattr(options, "mapping", None) if options is not None else None
    mapping: ColumnMapping | None = None
    table: TableData | None = None
    if mapping_file:
        data = _json_file(Path(mapping_file))
        table = read_table(path, sheet=data.get("sheet") if data.get("sheet") in {s.name for s in sheets}
                           else None, header_row=data.get("header_row"),
                           header_rows=data.get("header_rows"), sheets=sheets)
        mapping = load_mapping_file(mapping_file, table)
    elif (remembered := remembered_sheet_table(db, path, sheets)) is not None:
        table, mapping = remembered
    if table is None or mapping is None:
        raise ImportRejected([Problem(
            path.name, "для таблицы с такими заголовками нет запомненного сопоставления столбцов. "
                       "Откройте файл в программе (Результаты → «Загрузить файл…»), сопоставьте столбцы "
                       "и нажмите «Запомнить сопоставление», или укажите файл сопоставления: "
                       "--mapping ФАЙЛ.json"), mapping_hint(path.name)])
    for key in ("year", "grade", "subject"):
        given = getattr(options, key, None) if options is not None else None
        if given is not None and key not in mapping.columns and not mapping.constants.get(key):
            mapping.constants[key] = str(given)
    create_missing = bool(getattr(options, "create_missing", False)) if options is not None else False
    plan = plan_table_import(db, table, mapping, path=path, create_missing=create_missing)
    return apply_table_plan(db, plan, progress=progress)


# a mapping file as a person writes it: column headers (or letters) by field, named shares, constants
MAPPING_EXAMPLE: dict[str, Any] = {
    "columns": {"login": "Login", "school_name": "School name", "municipality": "Municipality",
                "participants": "Participants", "mean_score": "Mean score"},
    "shares": {"доля выполнивших 50 % заданий": "Share50"},
    "constants": {"year": 2025, "procedure": "ОГЭ", "grade": 9, "subject": "Математика"},
}


def mapping_hint(file: str) -> Problem:
    """How to give a mapping in the command line, with an example file and the names of the fields."""
    example = json.dumps(MAPPING_EXAMPLE, ensure_ascii=False)
    return Problem(file, "если это таблица результатов по школам, укажите, какой столбец что содержит: "
                         "shnor import ФАЙЛ --mapping сопоставление.json. Пример файла (UTF-8): "
                         f"{example}. В «columns» — заголовок столбца файла или его буква (A, B…) для поля; "
                         f"поля: {', '.join(BY_KEY)}. В «shares» — любые доли (45,3, «45,3 %» или 0,453) "
                         "под вашими названиями; в «constants» — то, чего нет в таблице (год, процедура, "
                         "класс, предмет)")


def _json_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImportRejected([Problem(path.name, f"файл сопоставления не читается: {exc}")]) from exc
    if not isinstance(data, dict):
        raise ImportRejected([Problem(path.name, "файл сопоставления должен содержать объект JSON")])
    return data
