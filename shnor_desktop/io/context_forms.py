"""Reading the ФИС ОКО context forms (Контекстные_данные_ОО_2021/2022.xlsx). Qt-free.

:func:`parse_context_form` turns a workbook into :class:`SchoolRecord` s without touching the
database; :mod:`.context_plan` then chooses the municipality, compares with the registry (the
preview) and applies the result in one transaction.

Layouts. 2021: one sheet, ``логин`` + requisites + the questionnaire, no municipality (it comes from
the logins map loaded from logins.xlsx, see :mod:`.logins`). 2022: sheet «Общая информация об ОО»
(``Пользователь``, ``Муниципалитет`` like ``reg22_m056 | Целинный муниципальный район``, ИНН,
postal code…) and sheet «ОБРАЗОВАТЕЛЬНАЯ ДЕЯТЕЛЬНОСТЬ ОО» (pupils, teachers), joined on the login.
Columns are found by the wording of their question, not by position. The year comes from the
file name, else from ``--year``, else from a header («в 2020/2021 учебном году» -> 2021).

Which problems reject the whole file (nothing is changed) and which only skip a row or a value:

* **rejected** (:class:`~.problems.ImportRejected`): not a workbook or damaged (see
  :func:`.workbook.read_workbook`); no sheet with a login column and a school-name column; the
  year cannot be told; the same school (login number) twice with different data. These say the
  file is wrong, and a partial import would load the wrong thing. (Choice problems — an unknown
  or ambiguous municipality — are rejected by :mod:`.context_plan`.)
* **row skipped, warning**: a row without a login (or a login without a number); a row with
  neither a full nor a short name; a row of the second 2022 sheet whose login is not on the
  first; an identical repeated row. One bad row should not stop 700 good ones; the warning names
  sheet, row (as Excel numbers it) and column.
* **value left out, warning**: a malformed ИНН (not 10 digits, or a failing checksum; 12 digits
  is a person's ИНН, not a school's), a postal code that is not 6 digits, a count that is not a
  whole number, a «full name» that is only the legal-form words. The rest of the row is loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import login_number
from ..registry import naming
from ..registry.validation import inn_is_valid
from ..typography import typeset
from .problems import ImportRejected, Problem
from .sheet import Sheet
from .workbook import read_workbook

if TYPE_CHECKING:
    from .dispatch import ImportOptions

log = logging.getLogger(__name__)

CONTEXT_SOURCE = "ФИС ОКО: контекстные данные"
KIND_2021 = "context_2021"
KIND_2022 = "context_2022"
KIND_TITLES = {
    KIND_2021: "контекстные данные ОО (ФИС ОКО, форма 2021 г.)",
    KIND_2022: "контекстные данные ОО (ФИС ОКО, форма 2022 г.)",
}

# --- columns ----------------------------------------------------------------------------------

# field -> pattern on the normalised header (lower case, ё -> е, numbering and quotes removed)
COLUMNS: dict[str, str] = {
    "login": r"^(?:логин(?: оо| оу| школы| образовательной организации)?|пользователь|login)$",
    "municipality": r"^(?:муниципалитет|муниципальное образование|муниципальный район"
                    r"(?:/городской округ)?|мо)$",
    "school": r"^школа$",
    "short_name": r"^(?:название оо|сокращенное наименование|краткое наименование|наименование оо$)",
    "full_name": r"^полное наименование",
    "address": r"^(?:адрес оо|адрес(?! электрон)|юридический адрес|фактический адрес)",
    "director_name": r"^(?:фио (?:директора|руководителя)|(?:руководитель|директор)(?: оо)?(?: \(фио\))?$)",
    "phone": r"^(?:телефон|контактный телефон|номер телефона)",
    "email": r"^(?:e-?mail|электронная почта|адрес электронной почты|эл\. ?почта)",
    "inn": r"^инн(?: оо| организации)?$",
    "postal_code": r"^(?:почтовый )?индекс",
    "settlement_type": r"^где расположена",
    "settlement": r"^(?:укажите )?наименование населенного пункта",
    "settlement_size": r"^(?:каков )?размер населенного пункта",
    "transport": r"^какое из утверждений о возможности добраться",
    "pupils": r"^(?:укажите )?количество обучающихся в оо",
    "teachers": r"^(?:сколько всего в (?:школе|оо) учителей|(?:общее )?количество учителей)",
}
_META = {"login", "municipality", "school"}
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20[1-9]\d)(?!\d)")
_YEAR_IN_HEADER = re.compile(r"(20[1-9]\d)\s*/\s*(20[1-9]\d)\s+учебн")
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*[.)]?\s*")


def normalise_header(text: object) -> str:
    value = naming.tidy(text).lower().replace("ё", "е")
    value = _NUMBERING.sub("", value)
    value = re.sub(r'["«»“”]', "", value)
    return re.sub(r"\s+", " ", value).strip()


def find_columns(header: Sequence[str]) -> dict[str, int]:
    """field -> column index for the known columns of one sheet's header (first match wins)."""
    found: dict[str, int] = {}
    normalised = [normalise_header(h) for h in header]
    for name, pattern in COLUMNS.items():
        regex = re.compile(pattern)
        for index, text in enumerate(normalised):
            if text and regex.search(text):
                found[name] = index
                break
    return found


def is_context_sheet(header: Sequence[str]) -> bool:
    columns = find_columns(header)
    return "login" in columns and ("full_name" in columns or "short_name" in columns) and (
        "director_name" in columns or "settlement_type" in columns)


HEADER_SCAN_ROWS = 10  # title rows a form may have above its header


def header_offset(sheet: Sheet, test: Callable[[Sequence[str]], bool] = is_context_sheet) -> int | None:
    """How many title rows stand above the header that ``test`` accepts (None: no such header)."""
    for k, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        if test([str(c).strip() if c is not None else "" for c in row]):
            return k
    return None


def from_header(sheet: Sheet, offset: int) -> Sheet:
    """The sheet without its title rows: the header is the first row."""
    return sheet if not offset else Sheet(sheet.name, sheet.rows[offset:])


def detect_layout(sheets: Sequence[Sheet]) -> str | None:
    """KIND_2021 / KIND_2022 for a context form, else None."""
    for sheet in sheets:
        offset = header_offset(sheet)
        if offset is not None:
            header = from_header(sheet, offset).header
            return KIND_2022 if "municipality" in find_columns(header) else KIND_2021
    return None


# --- cell values ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Да" if value else "Нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    text = naming.tidy(value)
    match = re.fullmatch(r"(\d+)\.0+", text)  # «3859638316.0» typed as text
    return match.group(1) if match else text


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return _text(value) if not isinstance(value, (dt.time, dt.timedelta)) else str(value)
    if isinstance(value, str):
        return naming.tidy(value)
    return value


def _answer_label(text: str) -> str:
    """«4. Населенный пункт сельского типа (…)» / «4) …» -> «Населенный пункт сельского типа (…)»."""
    return re.sub(r"^\s*\d+\s*[.)]\s*", "", text).strip()


def _count(value: Any) -> int | None:
    """A whole number ≥ 0, or None; raises ValueError for text that is not one."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _text(value).replace(" ", "")
        if not text:
            return None
        number = int(text)
    if number < 0 or number > 1_000_000:
        raise ValueError(value)
    return number


def normalise_inn(value: Any) -> tuple[str, str | None]:
    """(ИНН, problem): floats and text like 2287003893.0 become «2287003893»; a 9-digit number
    whose missing leading zero makes a valid ИНН is repaired; anything that is not a valid
    10-digit organisation ИНН gives ("", message)."""
    text = _text(value).replace(" ", "")
    if not text:
        return "", None
    if text.isdigit() and len(text) == 9 and inn_is_valid("0" + text):
        text = "0" + text
    if not (text.isascii() and text.isdigit()):
        return "", f"ИНН «{text}» записан не цифрами — не загружен"
    if len(text) == 12:
        return "", (f"ИНН «{text}» из 12 цифр — это ИНН физического лица, а у школы 10 цифр; "
                    "не загружен")
    if len(text) != 10:
        return "", f"ИНН «{text}» должен состоять из 10 цифр (здесь {len(text)}) — не загружен"
    if not inn_is_valid(text):
        return "", f"ИНН «{text}»: не сходится контрольное число — не загружен"
    return text, None


def is_rural_answer(answer: str) -> bool | None:
    """«Где расположена ОО?»: сельского типа -> True; город, столица, административный центр,
    посёлок городского типа -> False (urban, as Rosstat counts them); unknown -> None."""
    text = answer.lower()
    if "сельск" in text:
        return True
    if "город" in text or "столиц" in text or "центр" in text:
        return False
    return None


def split_coded(value: Any) -> tuple[str, str]:
    """``"reg22_m056 | Целинный муниципальный район"`` -> ("reg22_m056", "Целинный …")."""
    text = _text(value)
    if "|" in text:
        code, name = text.split("|", 1)
        return code.strip(), name.strip()
    return "", text


# --- records ----------------------------------------------------------------------------------


@dataclass
class SchoolRecord:
    """One school as a context form gives it."""

    sheet: str
    row: int  # Excel row on the first sheet
    login: str
    number: str
    municipality: str = ""
    municipality_code: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # School attributes, non-empty only
    fill_only: set[str] = field(default_factory=set)  # guessed fields: only fill empty ones
    acting_director: bool = False
    context: dict[str, Any] = field(default_factory=dict)  # SchoolContext attributes
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.fields.get("short_name") or self.fields.get("full_name") or self.login

    def same_data(self, other: SchoolRecord) -> bool:
        """Equal apart from the login's prefix and the answers (a repeated row)."""
        mine = {k: v for k, v in self.fields.items() if k != "fis_login"}
        theirs = {k: v for k, v in other.fields.items() if k != "fis_login"}
        return (mine == theirs and self.context == other.context
                and self.municipality == other.municipality)


@dataclass(frozen=True)
class RowNote:
    """A warning and whose row it is about, so a preview for one municipality shows its own."""

    problem: Problem
    login: str = ""
    municipality: str = ""  # as the 2022 form writes it; "" when the file does not say
    skipped: bool = False  # the whole row was left out (not just one value)


@dataclass
class ContextForm:
    """A parsed context form: records and the problems that did not reject it."""

    path: Path
    kind: str
    year: int
    records: list[SchoolRecord]
    notes: list[RowNote]
    has_municipalities: bool
    sha256: str

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def warnings(self) -> list[Problem]:
        return [n.problem for n in self.notes]

    @property
    def skipped(self) -> int:
        return sum(n.skipped for n in self.notes)

    @property
    def title(self) -> str:
        return f"{KIND_TITLES[self.kind]}, {self.year} год"


def _year_of(path: Path, sheets: Sequence[Sheet], options: ImportOptions | None,
             title_rows: Sequence[Sequence[Any]] = ()) -> int | None:
    """The file's name, else ``--year``, else the title rows above the header («Сбор контекстных
    данных об ОО (2023)»), else a header («в 2020/2021 учебном году» -> 2021)."""
    match = _YEAR_IN_NAME.search(path.stem)
    if match:
        return int(match.group(1))
    if options is not None and options.year:
        return options.year
    for row in title_rows:
        for cell in row:
            found = _YEAR_IN_HEADER.search(_text(cell))
            match = _YEAR_IN_NAME.search(_text(cell))
            if found or match:
                return int(found.group(2)) if found else int(match.group(1))  # type: ignore[union-attr]
    for sheet in sheets:
        for header in sheet.header:
            found = _YEAR_IN_HEADER.search(header)
            if found:
                return int(found.group(2))
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_context_form(
    path: str | Path, options: ImportOptions | None = None, *, sheets: list[Sheet] | None = None
) -> ContextForm:
    """Read and check a context form (no database). Raises ImportRejected for a wrong file."""
    path = Path(path)
    if sheets is None:
        sheets = read_workbook(path)
    file = path.name
    offsets = {s.name: k for s in sheets if (k := header_offset(s)) is not None}
    main_sheets = [s for s in sheets if s.name in offsets]
    if not main_sheets:
        raise _not_a_form(file, sheets)
    main = main_sheets[0]
    main_offset = offsets[main.name]
    title_rows = main.rows[:main_offset]
    main = from_header(main, main_offset)
    kind = KIND_2022 if "municipality" in find_columns(main.header) else KIND_2021
    year = _year_of(path, sheets, options, title_rows)
    if year is None:
        raise ImportRejected([Problem(
            file, "не удалось определить год формы: его нет ни в имени файла, ни в заголовках. "
                  "Добавьте год в имя файла (например, …_2023.xlsx) или укажите его (--year)")])

    notes: list[RowNote] = []
    records = _read_main_sheet(file, main, kind, notes, main_offset)
    by_login = {r.login.lower(): r for r in records}
    for extra in sheets:
        if extra.name == main.name or not extra.rows:
            continue
        offset = header_offset(extra, lambda h: "login" in find_columns(h) and len(h) > 1) or 0
        extra = from_header(extra, offset)
        columns = find_columns(extra.header)
        if "login" in columns and len(extra.header) > 1:
            _merge_extra_sheet(file, extra, columns, by_login, notes, offset)
    records = _drop_duplicates(file, main.name, records, notes)
    form = ContextForm(path=path, kind=kind, year=year, records=records, notes=notes,
                       has_municipalities=kind == KIND_2022, sha256=_sha256(path))
    log.info("context form %s: %d records, %d warnings, %d rows skipped", file, len(records),
             len(notes), form.skipped)
    return form


def _not_a_form(file: str, sheets: Sequence[Sheet]) -> ImportRejected:
    """Why no sheet is a context form: the columns the most form-like header lacks."""
    wanted = (("login", "логин ОО («логин», «Логин ОО», «Пользователь»)"),
              ("name", "название ОО («Название ОО», «Полное наименование ОО», «Краткое наименование»)"),
              ("director", "ФИО директора или «Где расположена ОО?»"))
    best: tuple[int, str, list[str]] | None = None
    for sheet in sheets:
        for row in sheet.rows[:HEADER_SCAN_ROWS]:
            columns = find_columns([str(c).strip() if c is not None else "" for c in row])
            have = {"login": "login" in columns,
                    "name": "full_name" in columns or "short_name" in columns,
                    "director": "director_name" in columns or "settlement_type" in columns}
            lacking = [title for key, title in wanted if not have[key]]
            if len(lacking) < 3 and (best is None or len(lacking) < len(best[2])):
                best = (0, sheet.name, lacking)
    if best is None:
        return ImportRejected([Problem(
            file, "это не форма контекстных данных ФИС ОКО: не найден лист со столбцами «логин» "
                  "(«Пользователь») и «Название ОО» / «Полное наименование ОО»")])
    return ImportRejected([Problem(
        file, "это не форма контекстных данных ФИС ОКО: не найден лист со всеми нужными столбцами; "
              "в заголовке нет столбцов: " + "; ".join(best[2]), sheet=best[1])])


def _read_main_sheet(file: str, sheet: Sheet, kind: str,
                     notes: list[RowNote], offset: int = 0) -> list[SchoolRecord]:
    header = sheet.header
    columns = find_columns(header)
    answer_columns = _answer_columns(header, set(columns.values()))
    records: list[SchoolRecord] = []
    login_header = naming.tidy(header[columns["login"]]).lower()

    def col_title(name: str) -> str:
        return naming.tidy(header[columns[name]]) if name in columns else ""

    for index, raw in enumerate(sheet.rows[1:], start=2 + offset):
        row = list(raw) + [None] * (len(header) - len(raw))
        if all(v is None for v in row):
            continue
        if naming.tidy(row[columns["login"]]).lower() == login_header:
            continue  # the header repeated as the first data row

        def get(name: str, row: list[Any] = row) -> Any:
            return row[columns[name]] if name in columns else None

        login = _text(get("login"))
        number = login_number(login)
        place = split_coded(get("municipality"))[1]
        if not login or number is None:
            notes.append(RowNote(Problem(file, "нет логина ФИС ОКО (или в нём нет номера) — строка "
                                               "пропущена", sheet.name, index, col_title("login")),
                                 login, place, skipped=True))
            continue
        record = SchoolRecord(sheet=sheet.name, row=index, login=login, number=number)
        problems: list[tuple[str, str]] = []
        unusable = _fill_record(record, get, kind, problems)
        if unusable:
            notes.append(RowNote(Problem(file, unusable, sheet.name, index, col_title("full_name")),
                                 login, place, skipped=True))
            continue
        record.answers = _answers(answer_columns, row)
        for message, column in problems:
            notes.append(RowNote(Problem(file, message, sheet.name, index, col_title(column)),
                                 login, place))
        records.append(record)
    return records


def _fill_record(record: SchoolRecord, get: Callable[[str], Any], kind: str,
                 problems: list[tuple[str, str]]) -> str | None:
    """Fill record.fields/context from the main sheet's row, adding (message, column) for each
    value left out; returns a message when the whole row is unusable."""
    f = record.fields
    f["fis_login"] = record.login

    full = naming.capitalise_first(_text(get("full_name")))
    short = _text(get("short_name"))
    if not short and get("school") is not None:
        short = split_coded(get("school"))[1]  # «edu224052 | МБОУ "Воеводская СОШ "»
    short = naming.upper_abbreviations(short)
    if full and not naming.full_name_is_meaningful(full):
        problems.append((f"полное наименование «{full}» без названия школы — не загружено",
                         "full_name"))
        full = ""
    if not full and not short:
        return "нет ни полного, ни краткого наименования ОО — строка пропущена"
    # typeset once, at import (МБОУ «СОШ № 12»); the file's spelling is kept for matching
    f["full_name_source"] = full or short
    f["short_name_source"] = short or full
    f["full_name"] = typeset(full or short)
    f["short_name"] = typeset(short or full)
    if not full:
        record.fill_only.add("full_name")
    if form := naming.legal_form(full, short):
        f["legal_form"] = form
    if school_kind := naming.school_kind(full, short):
        f["kind"] = school_kind

    if kind == KIND_2022:
        record.municipality_code, record.municipality = split_coded(get("municipality"))

    postal_in_address, address = naming.split_postal_code(_text(get("address")))
    postal = _text(get("postal_code")).replace(" ", "")
    if postal and not (postal.isdigit() and len(postal) == 6):
        problems.append((f"почтовый индекс «{postal}» должен состоять из 6 цифр — не загружен",
                         "postal_code"))
        postal = ""
    if postal or postal_in_address:
        f["postal_code"] = postal or postal_in_address
    if address:
        f["address"] = address
    settlement = _text(get("settlement")).strip(" ,.")
    if not settlement and address:
        settlement = naming.settlement_from_address(address)
        if settlement:
            record.fill_only.add("settlement")
    if settlement:
        f["settlement"] = settlement

    for name in ("phone", "email"):
        if value := _text(get(name)):
            f[name] = value
    director, acting = naming.clean_person_name(_text(get("director_name")))
    if director:
        f["director_name"] = director
        record.acting_director = acting
    inn, problem = normalise_inn(get("inn"))
    if problem:
        problems.append((problem, "inn"))
    if inn:
        f["inn"] = inn

    settlement_type = _answer_label(_text(get("settlement_type")))
    if settlement_type:
        record.context["settlement_type"] = settlement_type
        rural = is_rural_answer(settlement_type)
        if rural is not None:
            f["is_rural"] = rural
    for name in ("settlement_size", "transport"):
        if value := _answer_label(_text(get(name))):
            record.context[name] = value
    for name in ("pupils", "teachers"):
        _set_count(record, name, get(name), problems)
    return None


def _set_count(record: SchoolRecord, name: str, value: Any,
               problems: list[tuple[str, str]]) -> None:
    try:
        number = _count(value)
    except ValueError:
        problems.append((f"«{_text(value)}» — не число — не загружено", name))
        return
    if number is not None:
        record.context[name] = number
        record.fields[name] = number


def _answer_columns(header: Sequence[str], used: set[int]) -> list[tuple[int, str]]:
    """(index, title) of the columns kept as answers: all but those read into fields."""
    return [(i, naming.tidy(t)) for i, t in enumerate(header) if i not in used and t]


def _answers(columns: list[tuple[int, str]], row: Sequence[Any]) -> dict[str, Any]:
    return {title: _json_value(row[i]) for i, title in columns
            if i < len(row) and row[i] is not None}


def _merge_extra_sheet(file: str, sheet: Sheet, columns: dict[str, int],
                       by_login: dict[str, SchoolRecord], notes: list[RowNote], offset: int = 0) -> None:
    """The second 2022 sheet: pupils, teachers and more answers, joined on the login."""
    header = sheet.header
    used = {i for name, i in columns.items() if name in _META or name in {"pupils", "teachers"}}
    # the sheet repeats the first sheet's identification columns: keep them out of the answers
    first_data = next((i for i, h in enumerate(header) if re.match(r"^\s*\d", h or "")), 0)
    used |= set(range(first_data))
    answer_columns = _answer_columns(header, used)
    login_header = naming.tidy(header[columns["login"]]).lower()
    for index, raw in enumerate(sheet.rows[1:], start=2 + offset):
        row = list(raw) + [None] * (len(header) - len(raw))
        if all(v is None for v in row):
            continue
        login = _text(row[columns["login"]])
        if login.lower() == login_header:
            continue  # the header repeated as the first data row
        record = by_login.get(login.lower())
        if record is None:
            place = split_coded(row[columns["municipality"]])[1] if "municipality" in columns else ""
            notes.append(RowNote(Problem(
                file, f"логина «{login or '—'}» нет на первом листе — строка пропущена",
                sheet.name, index, naming.tidy(header[columns["login"]])), login, place,
                skipped=True))
            continue
        problems: list[tuple[str, str]] = []
        for name in ("pupils", "teachers"):
            if name in columns:
                _set_count(record, name, row[columns[name]], problems)
        for message, name in problems:
            notes.append(RowNote(Problem(file, message, sheet.name, index,
                                         naming.tidy(header[columns[name]])),
                                 record.login, record.municipality))
        record.answers.update(_answers(answer_columns, row))


def _drop_duplicates(file: str, sheet: str, records: list[SchoolRecord],
                     notes: list[RowNote]) -> list[SchoolRecord]:
    seen: dict[str, SchoolRecord] = {}
    result: list[SchoolRecord] = []
    conflicts: list[Problem] = []
    for record in records:
        first = seen.get(record.number)
        if first is None:
            seen[record.number] = record
            result.append(record)
        elif first.same_data(record):
            notes.append(RowNote(Problem(file, f"повтор строки {first.row} (логин {record.login}) "
                                               "— пропущена", sheet, record.row),
                                 record.login, record.municipality, skipped=True))
        else:
            conflicts.append(Problem(
                file, f"школа с логином {record.login} уже была в строке {first.row} "
                      f"({first.login}), но с другими данными: какую строку считать верной?",
                sheet, record.row))
    if conflicts:
        raise ImportRejected(conflicts)
    return result
