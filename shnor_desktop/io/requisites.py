"""«Реквизиты ОО»: the spreadsheet the office sends to its schools, and its import.

The ФИС ОКО context forms carry no licence or accreditation details, and documents need them. The
office saves a template with one row per school of the district (login and name filled in, with
what the registry already knows), the schools fill in the rest, and the filled file is loaded
in one step for the district's 20–40 schools.

Columns are found by the meaning of their headers (the template's own headers, or any spelling a
school may have typed), like every table of the program. Every value is checked as the school card
checks it (the ИНН's checksum, dates, e-mail); a file with errors is refused whole with the list of
them (file, sheet, row, column) and changes nothing. An empty cell never clears what the registry
has. Qt-free.
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

from sqlalchemy import select

from ..models import ImportBatch, School, login_number
from ..registry.scope import district_scope
from ..registry.validation import FIELD_LABELS, clean_school
from .problems import ImportRejected, ImportSummary, Problem
from .workbook import read_workbook

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..store.database import Database
    from .sheet import Sheet

log = logging.getLogger(__name__)

SHEET = "Реквизиты ОО"
ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Column:
    field: str  # School's attribute
    title: str  # the template's header
    patterns: tuple[str, ...]  # other spellings (normalised headers, regular expressions)
    width: float = 22
    date: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("fis_login", "Логин ФИС ОКО", (r"логин.*",), 14),
    Column("short_name", "Краткое наименование ОО (не менять)",
           (r"краткое наименование.*", r"наименование оо"), 34),
    Column("inn", "ИНН", (r"инн",), 14),
    Column("director_name", "Руководитель: фамилия, имя, отчество",
           (r"(?:руководитель|директор).*фио.*", r"фио (?:руководителя|директора)"), 30),
    Column("director_position", "Руководитель: должность", (r"должность.*",), 20),
    Column("director_basis", "Действует на основании (Устава…)", (r"действует на основании.*",
                                                                 r"основани.*"), 20),
    Column("licence_reg_number", "Лицензия: номер (запись в реестре лицензий)",
           (r"лицензия.*(?:номер|№).*(?:реестр|регистрац).*", r"регистрационный номер лицензии"), 18),
    Column("licence_date", "Лицензия: дата", (r"лицензия.*дата.*", r"дата лицензии"), 13, True),
    Column("licence_issuer", "Лицензия: кем выдана", (r"лицензия.*кем выдана.*", r"кем выдана лицензия"), 34),
    Column("licence_series", "Лицензия: серия бланка (для лицензий до 2021 г.)", (r"лицензия.*серия.*",), 12),
    Column("licence_number", "Лицензия: номер бланка (для лицензий до 2021 г.)",
           (r"лицензия.*номер бланка.*",), 14),
    Column("accreditation_reg_number", "Аккредитация: номер записи в реестре",
           (r"аккредитация.*(?:номер|№).*(?:реестр|регистрац).*",), 16),
    Column("accreditation_date", "Аккредитация: дата", (r"аккредитация.*дата.*",), 13, True),
    Column("phone", "Телефон", (r"телефон.*",), 16),
    Column("email", "Электронная почта", (r"(?:электронная почта|e-?mail|эл\.? почта).*",), 22),
    Column("address", "Почтовый адрес", (r"(?:почтовый )?адрес.*",), 34),
)
_BY_FIELD = {c.field: c for c in COLUMNS}


def _norm(text: Any) -> str:
    return " ".join(str(text or "").replace("\u00a0", " ").lower().replace("ё", "е").split()).strip(" :*")


def _column_of(header: str) -> Column | None:
    name = _norm(header)
    for column in COLUMNS:
        if name == _norm(column.title):
            return column
    for column in COLUMNS:
        if any(re.fullmatch(p, name) for p in column.patterns):
            return column
    return None


def find_columns(header: Sequence[Any]) -> dict[str, int]:
    """field -> column index for the headers it recognises (the first of each)."""
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        column = _column_of(str(title or ""))
        if column is not None and column.field not in found:
            found[column.field] = index
    return found


def is_requisites_sheet(sheet: Sheet) -> bool:
    """The template (by its sheet name) or any sheet with a login and at least three requisites."""
    header = sheet.header
    found = find_columns(header)
    if sheet.name == SHEET and "fis_login" in found:
        return True
    requisites = set(found) - {"fis_login", "short_name", "phone", "email", "address"}
    return "fis_login" in found and len(requisites) >= 3 and any(
        f.startswith(("licence", "accreditation")) for f in requisites)


# --- the template ------------------------------------------------------------------------------


def write_template(session: Session, path: str | Path) -> int:
    """Save the template for the district's schools (what the registry knows is filled in);
    returns the number of schools."""
    # heavy: openpyxl loads only when the template is written
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    scope = district_scope(session)
    schools = [s for s in session.scalars(select(School).where(School.archived.is_(False))
                                          .order_by(School.short_name)) if scope.covers_school(s)]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([c.title for c in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E7E6E6")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[1].height = 48
    for school in schools:
        row = []
        for column in COLUMNS:
            value = getattr(school, column.field)
            row.append(value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else (value or None))
        sheet.append(row)
    sheet.freeze_panes = "C2"
    note = book.create_sheet("Как заполнять")
    for line in (
        "Заполните пустые ячейки своей школы и верните файл в управление образования.",
        "Логин и краткое наименование не меняйте: по ним программа находит школу.",
        "Лицензия с 2021 года — запись в реестре лицензий: укажите её номер, дату и кем выдана; серию и "
        "номер бланка — только для лицензий, выданных на бланке до 2021 года.",
        "Государственная аккредитация с 1 сентября 2022 года — запись в реестре: укажите её номер и дату.",
        "Даты — в виде ДД.ММ.ГГГГ; ФИО руководителя — полностью: Иванова Мария Петровна.",
    ):
        note.append([line])
    note.column_dimensions["A"].width = 120
    book.save(path)
    return len(schools)


# --- the import ----------------------------------------------------------------------------------


@dataclass
class Requisites:
    """One school's row: its login, the row and the values found (text as typed)."""

    login: str
    row: int
    values: dict[str, Any]


@dataclass
class RequisitesFile:
    file: str
    sheet: str
    sha256: str
    rows: list[Requisites] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as typed


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def read_requisites(path: str | Path, sheets: list[Sheet] | None = None) -> RequisitesFile:
    path = Path(path)
    sheets = sheets if sheets is not None else read_workbook(path)
    sheet = next((s for s in sheets if is_requisites_sheet(s)), None)
    if sheet is None:
        raise ImportRejected([Problem(path.name, "в файле нет листа с реквизитами ОО (нужен столбец "
                                                 "логина ФИС ОКО и столбцы лицензии, аккредитации или "
                                                 "руководителя)")])
    columns = find_columns(sheet.header)
    result = RequisitesFile(path.name, sheet.name, hashlib.sha256(path.read_bytes()).hexdigest(),
                            columns={f: str(sheet.header[i]) for f, i in columns.items()})
    for number, raw in enumerate(sheet.rows[1:], start=2):
        values = {f: _cell(raw[i]) if i < len(raw) else None for f, i in columns.items()}
        login = str(values.pop("fis_login") or "").strip()
        if not login and not any(v not in (None, "") for v in values.values()):
            continue  # an empty row
        result.rows.append(Requisites(login, number, values))
    return result


def plan_requisites(session: Session, data: RequisitesFile) -> list[tuple[int, dict[str, Any]]]:
    """(school id, values to write) per row; ImportRejected with every problem located."""
    registry = {s.login_number: s for s in session.scalars(select(School)) if s.login_number}
    problems: list[Problem] = []
    out: list[tuple[int, dict[str, Any]]] = []
    seen: dict[int, int] = {}

    def problem(row: int, field_name: str, message: str) -> None:
        header = data.columns.get(field_name) or FIELD_LABELS.get(field_name, field_name)
        problems.append(Problem(data.file, message, sheet=data.sheet, row=row, column=header))

    for item in data.rows:
        number = login_number(item.login)
        school = registry.get(number) if number else None
        if school is None:
            problem(item.row, "fis_login", f"школы с логином «{item.login}» нет в реестре" if item.login
                    else "нет логина ФИС ОКО")
            continue
        if school.id in seen:
            problem(item.row, "fis_login", f"школа {school.short_name} уже есть в строке {seen[school.id]}")
            continue
        seen[school.id] = item.row
        raw = {k: v for k, v in item.values.items() if v not in (None, "") and k != "short_name"}
        values, errors = clean_school(raw)
        for field_name, message in errors:
            problem(item.row, field_name, message)
        changed = {k: v for k, v in values.items() if getattr(school, k) != v}
        out.append((school.id, changed))
    if problems:
        raise ImportRejected(problems)
    return out


def import_requisites(db: Database, path: str | Path, *, sheets: list[Sheet] | None = None,
                      progress: ProgressFn | None = None) -> ImportSummary:
    """Read, check every row, then write every change in one transaction (or nothing)."""
    data = read_requisites(path, sheets)
    with db.session() as session:
        plan = plan_requisites(session, data)
    summary = ImportSummary(file=data.file, kind="реквизиты ОО")
    with db.transaction() as session:
        for index, (school_id, values) in enumerate(plan):
            if progress is not None:
                progress(index, len(plan), "Запись реквизитов…")
            if not values:
                summary.unchanged += 1
                continue
            school = session.get(School, school_id)
            assert school is not None
            for name, value in values.items():
                setattr(school, name, value)
            summary.updated += 1
        session.add(ImportBatch(kind="requisites", key=f"requisites:{data.file}", file_name=data.file,
                                file_sha256=data.sha256, rows_read=len(data.rows),
                                rows_written=summary.updated, params={}))
    summary.details.append(f"школ в файле: {len(data.rows)}; столбцы: " + ", ".join(
        _BY_FIELD[f].title for f in data.columns if f in _BY_FIELD))
    log.info("requisites %s: %s updated, %s unchanged", data.file, summary.updated, summary.unchanged)
    return summary
