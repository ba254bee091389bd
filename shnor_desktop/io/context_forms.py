"""Import of the ФИС ОКО context forms (Контекстные_данные_ОО_2021/2022.xlsx). Qt-free.

Three steps, so a window can show a preview and ask for the municipality before anything changes:

1. :func:`parse_context_form` reads the workbook into :class:`SchoolRecord` s (no database);
2. :func:`plan_context_import` chooses the municipality and compares with the database:
   what would be created, updated, left unchanged, and the problems (the preview);
3. :func:`apply_context_plan` writes the plan in ONE transaction (and recomputes every change
   inside it, so a database edited since the preview is still handled correctly).

Layouts. 2021: one sheet, ``логин`` + requisites + the questionnaire, no municipality (it comes from
the logins map loaded from logins.xlsx, see :mod:`.logins`). 2022: sheet «Общая информация об ОО»
(``Пользователь``, ``Муниципалитет`` like ``reg22_m056 | Целинный муниципальный район``, ИНН,
postal code…) and sheet «ОБРАЗОВАТЕЛЬНАЯ ДЕЯТЕЛЬНОСТЬ ОО» (pupils, teachers), joined on the login.
Columns are found by the wording of their question, not by position.

Which problems reject the whole file (nothing is changed) and which only skip a row or a value:

* **rejected**: not a workbook / damaged (see :func:`.workbook.read_workbook`); no sheet with a
  login column and a school name column; the year cannot be told; the same school (login number)
  twice with different data; a municipality asked for (``--municipality`` or the district
  profile) that is not in the file, or matches several; a municipality asked for while the file
  has none (2021) and no logins map was loaded. These say the file or the choice is wrong, and
  a partial import would silently load the wrong schools.
* **row skipped, warning**: a row without a login (or a login without a number); a row with
  neither a full nor a short name; a row of the second 2022 sheet whose login is not on the first.
  One bad row should not stop 700 good ones; the warning names sheet, row and column.
* **value left out, warning**: a malformed ИНН (not 10 digits or a failing checksum: 12 digits
  is a person's ИНН, not a school's), a postal code that is not 6 digits, a count that is not a
  whole number, a «full name» that is only the legal-form words. The rest of the row is loaded.
  An identical repeated row is skipped with a warning.

Merging rules: schools are matched on :func:`~shnor_desktop.models.login_number` (``sch224052`` and
``edu224052`` are one school; a school typed by hand without a login is matched on its ИНН). A value
empty in the file never clears a value in the database. A form of an older year than the newest
context already stored for the school only fills empty fields, so loading 2021 after 2022 does
not bring back last year's director. Spellings that mean the same are not changes (a municipality
written «Целинный район» / «Целинный муниципальный район», a director «Хороброва Н.В.» for
«Хороброва Наталья Витальевна»). Re-importing a file therefore changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..registry import naming
from .problems import ImportRejected, ImportSummary, Problem
from .workbook import Sheet, read_workbook

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..models import School, SchoolContext
    from ..store.database import Database
    from .dispatch import ImportOptions

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]

CONTEXT_SOURCE = "ФИС ОКО: контекстные данные"
KIND_2021 = "context_2021"
KIND_2022 = "context_2022"
KIND_TITLES = {
    KIND_2021: "контекстные данные ОО (ФИС ОКО, форма 2021 г.)",
    KIND_2022: "контекстные данные ОО (ФИС ОКО, форма 2022 г.)",
}
WHOLE_FILE = "весь файл"
NO_MUNICIPALITY = "муниципалитет не определён"

# --- columns ----------------------------------------------------------------------------------

# field -> pattern on the normalised header (lower case, ё -> е, numbering and quotes removed)
COLUMNS: dict[str, str] = {
    "login": r"^(?:логин|пользователь)$",
    "municipality": r"^муниципалитет$",
    "school": r"^школа$",
    "short_name": r"^(?:название оо|сокращенное наименование)",
    "full_name": r"^полное наименование",
    "address": r"^адрес оо",
    "director_name": r"^фио директора",
    "phone": r"^телефон",
    "email": r"^(?:e-?mail|электронная почта)",
    "inn": r"^инн$",
    "postal_code": r"^индекс",
    "settlement_type": r"^где расположена",
    "settlement": r"^укажите наименование населенного пункта",
    "settlement_size": r"^каков размер населенного пункта",
    "transport": r"^какое из утверждений о возможности добраться",
    "pupils": r"^укажите количество обучающихся в оо",
    "teachers": r"^сколько всего в (?:школе|оо) учителей",
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


def detect_layout(sheets: Sequence[Sheet]) -> str | None:
    """KIND_2021 / KIND_2022 for a context form, else None."""
    for sheet in sheets:
        if is_context_sheet(sheet.header):
            return KIND_2022 if "municipality" in find_columns(sheet.header) else KIND_2021
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
    from ..registry.validation import inn_is_valid

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


@dataclass
class ContextForm:
    """A parsed context form: records and the problems that did not reject it."""

    path: Path
    kind: str
    year: int
    records: list[SchoolRecord]
    warnings: list[Problem]
    skipped: int
    has_municipalities: bool
    sha256: str

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def title(self) -> str:
        return f"{KIND_TITLES[self.kind]}, {self.year} год"


def _year_of(path: Path, sheets: Sequence[Sheet], options: ImportOptions | None) -> int | None:
    match = _YEAR_IN_NAME.search(path.stem)
    if match:
        return int(match.group(1))
    if options is not None and options.year:
        return options.year
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
    main_sheets = [s for s in sheets if is_context_sheet(s.header)]
    if not main_sheets:
        raise ImportRejected([Problem(
            file, "это не форма контекстных данных ФИС ОКО: не найден лист со столбцами «логин» "
                  "(«Пользователь») и «Название ОО» / «Полное наименование ОО»")])
    main = main_sheets[0]
    kind = KIND_2022 if "municipality" in find_columns(main.header) else KIND_2021
    year = _year_of(path, sheets, options)
    if year is None:
        raise ImportRejected([Problem(
            file, "не удалось определить год формы: его нет ни в имени файла, ни в заголовках; "
                  "укажите год (--year)")])

    warnings: list[Problem] = []
    records, skipped = _read_main_sheet(file, main, kind, warnings)
    by_login = {r.login.lower(): r for r in records}
    for extra in sheets:
        if extra is main or not extra.rows:
            continue
        columns = find_columns(extra.header)
        if "login" in columns and len(extra.header) > 1:
            _merge_extra_sheet(file, extra, columns, by_login, warnings)
    records = _drop_duplicates(file, main.name, records, warnings)
    log.info("context form %s: %d records, %d warnings, %d skipped", file, len(records),
             len(warnings), skipped)
    return ContextForm(path=path, kind=kind, year=year, records=records, warnings=warnings,
                       skipped=skipped, has_municipalities=kind == KIND_2022,
                       sha256=_sha256(path))


def _read_main_sheet(file: str, sheet: Sheet, kind: str,
                     warnings: list[Problem]) -> tuple[list[SchoolRecord], int]:
    from ..models import login_number

    header = sheet.header
    columns = find_columns(header)
    answer_columns = _answer_columns(header, set(columns.values()))
    records: list[SchoolRecord] = []
    skipped = 0

    def col_title(name: str) -> str:
        return naming.tidy(header[columns[name]]) if name in columns else ""

    for index, raw in enumerate(sheet.rows[1:], start=2):
        row = list(raw) + [None] * (len(header) - len(raw))
        if all(v is None for v in row):
            continue

        def get(name: str, row: list[Any] = row) -> Any:
            return row[columns[name]] if name in columns else None

        login = _text(get("login"))
        number = login_number(login)
        if not login or number is None:
            warnings.append(Problem(file, "нет логина ФИС ОКО (или в нём нет номера) — строка "
                                          "пропущена", sheet.name, index, col_title("login")))
            skipped += 1
            continue
        record = SchoolRecord(sheet=sheet.name, row=index, login=login, number=number)
        problems: list[tuple[str, str]] = []
        unusable = _fill_record(record, get, kind, problems)
        if unusable:
            warnings.append(Problem(file, unusable, sheet.name, index, col_title("full_name")))
            skipped += 1
            continue
        record.answers = _answers(answer_columns, row)
        for message, column in problems:
            warnings.append(Problem(file, message, sheet.name, index, col_title(column)))
        records.append(record)
    return records, skipped


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
    f["full_name"] = full or short
    f["short_name"] = short or full
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
                       by_login: dict[str, SchoolRecord], warnings: list[Problem]) -> None:
    """The second 2022 sheet: pupils, teachers and more answers, joined on the login."""
    header = sheet.header
    used = {i for name, i in columns.items() if name in _META or name in {"pupils", "teachers"}}
    # the sheet repeats the first sheet's identification columns: keep them out of the answers
    first_data = next((i for i, h in enumerate(header) if re.match(r"^\s*\d", h or "")), 0)
    used |= set(range(first_data))
    answer_columns = _answer_columns(header, used)
    for index, raw in enumerate(sheet.rows[1:], start=2):
        row = list(raw) + [None] * (len(header) - len(raw))
        if all(v is None for v in row):
            continue
        login = _text(row[columns["login"]]).lower()
        record = by_login.get(login)
        if record is None:
            warnings.append(Problem(
                file, f"логина «{login or '—'}» нет на первом листе — строка пропущена",
                sheet.name, index, naming.tidy(header[columns["login"]])))
            continue
        problems: list[tuple[str, str]] = []
        for name in ("pupils", "teachers"):
            if name in columns:
                _set_count(record, name, row[columns[name]], problems)
        for message, name in problems:
            warnings.append(Problem(file, message, sheet.name, index,
                                    naming.tidy(header[columns[name]])))
        record.answers.update(_answers(answer_columns, row))


def _drop_duplicates(file: str, sheet: str, records: list[SchoolRecord],
                     warnings: list[Problem]) -> list[SchoolRecord]:
    seen: dict[str, SchoolRecord] = {}
    result: list[SchoolRecord] = []
    conflicts: list[Problem] = []
    for record in records:
        first = seen.get(record.number)
        if first is None:
            seen[record.number] = record
            result.append(record)
        elif first.same_data(record):
            warnings.append(Problem(file, f"повтор строки {first.row} (логин {record.login}) — "
                                          "пропущена", sheet, record.row))
        else:
            conflicts.append(Problem(
                file, f"школа с логином {record.login} уже была в строке {first.row} "
                      f"({first.login}), но с другими данными: какую строку считать верной?",
                sheet, record.row))
    if conflicts:
        raise ImportRejected(conflicts)
    return result


# --- municipalities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Municipality:
    name: str
    code: str = ""
    schools: int = 0

    @property
    def label(self) -> str:
        return f"{self.name} ({self.schools})"


def with_logins(form: ContextForm, logins: dict[str, str]) -> list[SchoolRecord]:
    """Records with the municipality filled from the logins map where the file has none."""
    from ..models import login_number

    if form.has_municipalities or not logins:
        return list(form.records)
    by_number = {login_number(k): v for k, v in logins.items() if login_number(k)}
    return [r if r.municipality else replace(r, municipality=by_number.get(r.number, ""))
            for r in form.records]


def municipalities_of(records: Sequence[SchoolRecord]) -> list[Municipality]:
    counts: dict[tuple[str, str], int] = {}
    for r in records:
        if r.municipality:
            key = (r.municipality, r.municipality_code)
            counts[key] = counts.get(key, 0) + 1
    return sorted((Municipality(n, c, k) for (n, c), k in counts.items()),
                  key=lambda m: m.name.lower().replace("ё", "е"))


def match_municipality(found: Sequence[Municipality], needle: str) -> list[Municipality]:
    """Those of ``found`` that ``needle`` names: by code, then the same name, then a part of it
    (case-insensitive; «Целинный район» finds «Целинный муниципальный район»)."""
    needle = naming.tidy(needle)
    low = needle.lower().replace("ё", "е")
    key = naming.municipality_key(needle)
    exact = [m for m in found if m.code and m.code.lower() == low]
    if exact:
        return exact
    same = [m for m in found if m.name.lower().replace("ё", "е") == low
            or (key and naming.municipality_key(m.name) == key)]
    if same:
        return same
    if key:
        words = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
        whole = [m for m in found if words.search(naming.municipality_key(m.name))]
        if whole:  # «Бийск» is «город Бийск», not «Бийский район»
            return whole
    return [m for m in found
            if (m.code and low in m.code.lower())
            or low in m.name.lower().replace("ё", "е")
            or (key and key in naming.municipality_key(m.name))]


@dataclass
class Choice:
    municipality: Municipality | None  # None: the whole file
    note: str


def suggest_municipality(found: Sequence[Municipality], profile_name: str,
                         profile_code: str) -> Choice:
    """The district profile's municipality among ``found``, else the whole file (never raises)."""
    if not (profile_name or profile_code):
        return Choice(None, "муниципалитет района не задан в профиле — загружается весь файл")
    candidates: list[Municipality] = []
    if profile_code:
        candidates = match_municipality(found, profile_code)
    if len(candidates) != 1 and profile_name:
        candidates = match_municipality(found, profile_name)
    if len(candidates) == 1:
        return Choice(candidates[0], f"муниципалитет района (из профиля): {candidates[0].name}")
    ours = profile_name or profile_code
    return Choice(None, f"муниципалитет района «{ours}» в файле не найден")


def choose_municipality(file: str, found: Sequence[Municipality], options: ImportOptions,
                        profile_name: str, profile_code: str, *,
                        has_municipalities: bool) -> Choice:
    """The municipality to keep, as the CLI decides it; ImportRejected when the choice fails."""
    if options.all_municipalities:
        return Choice(None, "выбран весь файл (все муниципалитеты)")
    needle = options.municipality or ""
    source = "указан"
    if not needle:
        if not (profile_name or profile_code):
            return Choice(None, "муниципалитет района не задан в профиле — загружен весь файл")
        source = "из профиля района"
    if not has_municipalities:
        raise ImportRejected([Problem(
            file, "в файле нет муниципалитетов, а соответствие логинов муниципалитетам не "
                  "загружено: сначала загрузите logins.xlsx или загрузите весь файл "
                  "(--all-municipalities)")])
    if needle:
        candidates = match_municipality(found, needle)
    else:
        candidates = match_municipality(found, profile_code) if profile_code else []
        if len(candidates) != 1 and profile_name:
            candidates = match_municipality(found, profile_name)
        needle = profile_name or profile_code
    if len(candidates) == 1:
        return Choice(candidates[0], f"муниципалитет ({source}): {candidates[0].name}")
    if not candidates:
        known = ", ".join(m.name for m in found[:12]) + (", …" if len(found) > 12 else "")
        raise ImportRejected([Problem(
            file, f"муниципалитет «{needle}» ({source}) в файле не найден. В файле есть: {known}. "
                  "Укажите другой (--municipality) или весь файл (--all-municipalities)")])
    names = "; ".join(f"«{m.name}»" for m in candidates)
    raise ImportRejected([Problem(
        file, f"«{needle}» подходит к нескольким муниципалитетам: {names}. Уточните название "
              "или укажите код (например, reg22_m056)")])


# --- comparing with the database --------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _same(name: str, current: Any, new: Any, record: SchoolRecord) -> bool:
    """True when ``new`` says nothing more than ``current`` (so it is not a change)."""
    if current == new:
        return True
    if isinstance(current, str) and isinstance(new, str):
        if name == "municipality":
            # another spelling from the logins map; the form's own (coded) name replaces it
            return (not record.municipality_code
                    and naming.municipality_key(current) == naming.municipality_key(new))
        if name == "director_name":
            return naming.is_abbreviation_of(new, current)
        if name == "full_name":
            # «МБОУ "…"» does not replace «Муниципальное бюджетное … "…"»
            return (naming.starts_with_abbreviation(new)
                    and not naming.starts_with_abbreviation(current) and bool(current))
        if name in {"email", "legal_form"}:
            return current.lower() == new.lower()
    return False


def _improves(name: str, current: Any, new: Any) -> bool:
    """The same value written out in full (taken even from an older year's form)."""
    if name == "full_name":
        return naming.starts_with_abbreviation(current) and not naming.starts_with_abbreviation(new)
    if name == "director_name":
        return naming.is_abbreviation_of(current, new)
    return False


def _latest_year(school: School) -> int | None:
    return max((c.year for c in school.contexts), default=None)


def school_changes(school: School | None, record: SchoolRecord, year: int) -> dict[str, Any]:
    """The School attributes the record would change (all of them for a new school)."""
    values = dict(record.fields)
    if record.municipality:
        values["municipality"] = record.municipality
    if school is None:
        result = dict(values)
        if "director_name" in result:
            result["director_position"] = _position(record)
            gender = naming.gender_from_name(result["director_name"])
            if gender:
                result["director_gender"] = gender
        return result
    latest = _latest_year(school)
    authoritative = latest is None or year >= latest
    changes: dict[str, Any] = {}
    for name, value in values.items():
        current = getattr(school, name)
        if _same(name, current, value, record):
            continue
        if ((not authoritative or name in record.fill_only) and not _empty(current)
                and not _improves(name, current, value)):
            continue
        changes[name] = value
    if "director_name" in changes:
        if school.director_position != _position(record):
            changes["director_position"] = _position(record)
        gender = naming.gender_from_name(changes["director_name"])
        if gender and gender != school.director_gender:
            changes["director_gender"] = gender
    elif not school.director_gender:
        gender = naming.gender_from_name(school.director_name or values.get("director_name"))
        if gender:
            changes["director_gender"] = gender
    return changes


def _position(record: SchoolRecord) -> str:
    return "исполняющий обязанности директора" if record.acting_director else "директор"


def context_changes(row: SchoolContext | None, record: SchoolRecord) -> dict[str, Any]:
    """The SchoolContext attributes the record would change; the answers are merged."""
    changes: dict[str, Any] = {}
    for name, value in record.context.items():
        if row is None or getattr(row, name) != value:
            changes[name] = value
    old = dict(row.answers or {}) if row is not None else {}
    merged = {**old, **record.answers}
    if row is None or merged != old:
        changes["answers"] = merged
    return changes


def _context_of(school: School, year: int) -> SchoolContext | None:
    return next((c for c in school.contexts if c.year == year and c.source == CONTEXT_SOURCE),
                None)


def _load_schools(session: Session) -> tuple[dict[str, School], dict[str, School]]:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from ..models import School

    schools = list(session.scalars(select(School).options(selectinload(School.contexts))))
    by_number = {s.login_number: s for s in schools if s.login_number}
    by_inn = {s.inn: s for s in schools if s.inn and not s.login_number}
    return by_number, by_inn


def _match(record: SchoolRecord, by_number: dict[str, School],
           by_inn: dict[str, School]) -> School | None:
    school = by_number.get(record.number)
    if school is None and record.fields.get("inn"):
        school = by_inn.get(record.fields["inn"])
    return school


# --- the plan (preview) -----------------------------------------------------------------------


@dataclass
class ContextPlan:
    """What importing ``form`` would do: the preview the window shows before «Загрузить»."""

    form: ContextForm
    municipalities: list[Municipality]
    choice: Choice
    selected: list[SchoolRecord]
    outside: int  # rows of other municipalities (or of none), left out
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    logins_loaded: bool = False

    @property
    def warnings(self) -> list[Problem]:
        return self.form.warnings

    def details(self) -> list[str]:
        lines = [f"год: {self.form.year}", self.choice.note]
        if self.outside:
            lines.append(f"строк других муниципалитетов не загружается: {self.outside}")
        if not self.form.has_municipalities:
            lines.append("муниципалитеты взяты из logins.xlsx" if self.logins_loaded else
                         "в файле нет муниципалитетов, logins.xlsx не загружен — муниципалитет "
                         "не заполняется")
        return lines

    def summary(self) -> ImportSummary:
        return ImportSummary(
            file=self.form.file, kind=self.form.title, created=self.to_create,
            updated=self.to_update, unchanged=self.unchanged, skipped=self.form.skipped,
            warnings=list(self.form.warnings), details=self.details(),
        )


def load_logins_map(session: Session) -> dict[str, str]:
    from ..models import Setting
    from .logins import SETTING_KEY

    setting = session.get(Setting, SETTING_KEY)
    return dict(setting.value or {}) if setting is not None else {}


def _profile(session: Session) -> tuple[str, str]:
    from sqlalchemy import select

    from ..models import DistrictProfile

    profile = session.scalar(select(DistrictProfile).limit(1))
    if profile is None:
        return "", ""
    return profile.municipality_name or "", profile.municipality_code or ""


def plan_context_import(db: Database, form: ContextForm, options: ImportOptions, *,
                        suggest: bool = False) -> ContextPlan:
    """Choose the municipality and compare with the database (no change is made).

    ``suggest=True`` (the window) falls back to the whole file when the profile's municipality
    is not in the file instead of rejecting; an explicit ``options.municipality`` still rejects.
    """
    with db.session() as session:
        logins = load_logins_map(session)
        profile_name, profile_code = _profile(session)
        records = with_logins(form, logins)
        found = municipalities_of(records)
        has_municipalities = bool(found)
        if suggest and not options.municipality and not options.all_municipalities:
            choice = suggest_municipality(found, profile_name, profile_code)
        else:
            choice = choose_municipality(form.file, found, options, profile_name, profile_code,
                                         has_municipalities=has_municipalities)
        if choice.municipality is None:
            selected = records
        else:
            chosen = choice.municipality
            selected = [r for r in records if r.municipality == chosen.name
                        and r.municipality_code == chosen.code]
        plan = ContextPlan(form=form, municipalities=found, choice=choice, selected=selected,
                           outside=len(records) - len(selected),
                           logins_loaded=bool(logins))
        by_number, by_inn = _load_schools(session)
        for record in selected:
            school = _match(record, by_number, by_inn)
            if school is None:
                plan.to_create += 1
                continue
            changed = school_changes(school, record, form.year) or context_changes(
                _context_of(school, form.year), record)
            if changed:
                plan.to_update += 1
            else:
                plan.unchanged += 1
        return plan


def read_context_form(db: Database, path: str | Path, options: ImportOptions, *,
                      suggest: bool = False, sheets: list[Sheet] | None = None) -> ContextPlan:
    """Parse and plan in one call (what the window runs in the background for the preview)."""
    form = parse_context_form(path, options, sheets=sheets)
    return plan_context_import(db, form, options, suggest=suggest)


# --- applying ---------------------------------------------------------------------------------


def apply_context_plan(db: Database, plan: ContextPlan,
                       progress: ProgressFn | None = None) -> ImportSummary:
    """Write the plan in one transaction; returns what was actually done."""
    from ..models import School, SchoolContext, login_number

    form = plan.form
    summary = ImportSummary(file=form.file, kind=form.title, skipped=form.skipped,
                            warnings=list(form.warnings), details=plan.details())
    total = len(plan.selected)
    with db.transaction() as session:
        by_number, by_inn = _load_schools(session)
        for index, record in enumerate(plan.selected):
            if progress is not None and index % 20 == 0:
                progress(index, total, f"Запись: {record.name}")
            school = _match(record, by_number, by_inn)
            if school is None:
                values = school_changes(None, record, form.year)
                school = School(login_number=record.number, **values)
                session.add(school)
                by_number[record.number] = school
                school.contexts.append(SchoolContext(year=form.year, source=CONTEXT_SOURCE,
                                                     **context_changes(None, record)))
                summary.created += 1
                continue
            changes = school_changes(school, record, form.year)
            context_row = _context_of(school, form.year)
            ctx_changes = context_changes(context_row, record)
            if not changes and not ctx_changes:
                summary.unchanged += 1
                continue
            for name, value in changes.items():
                setattr(school, name, value)
            if "fis_login" in changes:
                school.login_number = login_number(changes["fis_login"])
            if context_row is None:
                school.contexts.append(SchoolContext(year=form.year, source=CONTEXT_SOURCE,
                                                     **ctx_changes))
            else:
                for name, value in ctx_changes.items():
                    setattr(context_row, name, value)
            summary.updated += 1
        _record_batch(session, form, plan, summary)
        if progress is not None:
            progress(total, total, "Сохранение…")
    log.info("context form %s imported: %s", form.file, summary.text().replace("\n", " | "))
    return summary


def _record_batch(session: Session, form: ContextForm, plan: ContextPlan,
                  summary: ImportSummary) -> None:
    from sqlalchemy import select

    from ..models import ImportBatch

    key = f"{form.kind}:{form.year}"
    batch = session.scalar(select(ImportBatch).where(ImportBatch.key == key).limit(1))
    if batch is None:
        batch = ImportBatch(kind=form.kind, key=key)
        session.add(batch)
    batch.file_name = form.file
    batch.file_sha256 = form.sha256
    batch.imported_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    batch.rows_read = len(form.records) + form.skipped
    batch.rows_written = summary.created + summary.updated
    batch.params = {
        "year": form.year,
        "municipality": plan.choice.municipality.name if plan.choice.municipality else WHOLE_FILE,
    }


def import_context_form(db: Database, path: str | Path, options: ImportOptions, *,
                        sheets: list[Sheet] | None = None,
                        progress: ProgressFn | None = None) -> ImportSummary:
    """Read -> validate -> plan -> apply: the whole import as the CLI runs it."""
    if progress is not None:
        progress(0, 0, "Чтение файла…")
    plan = read_context_form(db, path, options, sheets=sheets)
    return apply_context_plan(db, plan, progress)
