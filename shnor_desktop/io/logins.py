"""Import of logins.xlsx (``логин, имя, регион``): which municipality each ФИС ОКО login belongs to.

The map is stored whole in the ``setting`` table under ``fis_logins`` as ``{login: municipality}``
and merged on re-import (a login missing from a newer file keeps its municipality). It gives the
2021 context form, which has no municipality column, its municipalities; loading it also fills
the municipality of registry schools that have none yet (never overwriting one). Qt-free.

Rejected whole: no sheet with the columns «логин» and «регион»; the same login twice with
different municipalities. Skipped with a warning: a row without a login or without a municipality.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..models import School, Setting, login_number
from ..registry import naming
from .problems import ImportRejected, ImportSummary, Problem
from .sheet import Sheet
from .workbook import read_workbook

if TYPE_CHECKING:
    from ..store.database import Database

log = logging.getLogger(__name__)

SETTING_KEY = "fis_logins"
KIND = "logins"
TITLE = "логины ФИС ОКО и муниципалитеты (logins.xlsx)"

ProgressFn = Callable[[int, int, str], None]


_LOGIN_TITLES = {"логин", "login", "логин оо", "логин школы", "логин оу", "пользователь"}
_PLACE_TITLES = {"регион", "муниципалитет", "муниципальное образование", "муниципальный район", "мо",
                 "район", "муниципальный район/городской округ"}
_NAME_TITLES = {"имя", "название", "название оо", "наименование", "наименование оо", "школа",
                "краткое наименование", "краткое наименование оо", "оо"}


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Columns by their title, whatever the case, «ё», quotes, spacing or a trailing colon."""
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        text = re.sub(r"[«»\"]", "", naming.tidy(title).lower().replace("ё", "е")).strip(" :*")
        if text in _LOGIN_TITLES and "login" not in found:
            found["login"] = index
        elif text in _PLACE_TITLES and "municipality" not in found:
            found["municipality"] = index
        elif text in _NAME_TITLES and "name" not in found:
            found["name"] = index
    return found


def is_logins_sheet(header: Sequence[str]) -> bool:
    """A short table whose columns are the login and the municipality (and perhaps the name)."""
    columns = _columns(header)
    filled = [h for h in header if h]
    # nothing but the login, the municipality and the name: a table of results that also has
    # «Логин ОО» and «Муниципалитет» columns is not a logins list
    return "login" in columns and "municipality" in columns and len(filled) == len(columns)


@dataclass
class LoginsFile:
    path: Path
    municipalities: dict[str, str]  # login -> municipality
    names: dict[str, str]
    warnings: list[Problem] = field(default_factory=list)
    skipped: int = 0
    sha256: str = ""

    @property
    def file(self) -> str:
        return self.path.name


def parse_logins(path: str | Path, *, sheets: list[Sheet] | None = None) -> LoginsFile:
    path = Path(path)
    if sheets is None:
        sheets = read_workbook(path)
    sheet = next((s for s in sheets if is_logins_sheet(s.header)), None)
    if sheet is None:
        raise ImportRejected([Problem(path.name, "это не список логинов: нужен лист со "
                                                 "столбцами «логин», «имя», «регион»")])
    columns = _columns(sheet.header)
    result = LoginsFile(path=path, municipalities={}, names={},
                        sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    first_row: dict[str, int] = {}
    conflicts: list[Problem] = []
    login_title = naming.tidy(sheet.header[columns["login"]])
    place_title = naming.tidy(sheet.header[columns["municipality"]])
    for index, row in enumerate(sheet.rows[1:], start=2):
        if all(v is None for v in row):
            continue

        def cell(name: str, row: list[Any] = row) -> str:
            i = columns.get(name)
            return naming.tidy(row[i]) if i is not None and i < len(row) and row[i] is not None \
                else ""

        login, place = cell("login"), cell("municipality")
        if not login:
            result.warnings.append(Problem(result.file, "нет логина — строка пропущена",
                                           sheet.name, index, login_title))
            result.skipped += 1
            continue
        if not place:
            result.warnings.append(Problem(result.file, f"у логина {login} не указан регион "
                                                        "(муниципалитет) — строка пропущена",
                                           sheet.name, index, place_title))
            result.skipped += 1
            continue
        known = result.municipalities.get(login)
        if known is not None and known != place:
            conflicts.append(Problem(
                result.file, f"логин {login} уже был в строке {first_row[login]} с муниципалитетом "
                             f"«{known}», а здесь «{place}»", sheet.name, index, place_title))
            continue
        if known is not None:
            result.warnings.append(Problem(result.file, f"повтор логина {login} (строка "
                                                        f"{first_row[login]}) — пропущен",
                                           sheet.name, index, login_title))
            continue
        result.municipalities[login] = place
        first_row[login] = index
        if name := cell("name"):
            result.names[login] = name
    if conflicts:
        raise ImportRejected(conflicts)
    if not result.municipalities:
        raise ImportRejected([Problem(result.file, "в списке логинов нет ни одной заполненной "
                                                   "строки", sheet.name)])
    return result


def apply_logins(db: Database, logins: LoginsFile,
                 progress: ProgressFn | None = None) -> ImportSummary:
    """Merge the map into the ``fis_logins`` setting and fill empty school municipalities."""
    summary = ImportSummary(file=logins.file, kind=TITLE, skipped=logins.skipped,
                            warnings=list(logins.warnings))
    if progress is not None:
        progress(0, 0, "Запись соответствий логинов…")
    with db.transaction() as session:
        setting = session.get(Setting, SETTING_KEY)
        old: dict[str, str] = dict(setting.value or {}) if setting is not None else {}
        merged = dict(old)
        for login, place in logins.municipalities.items():
            if login not in old:
                summary.created += 1
            elif old[login] != place:
                summary.updated += 1
            else:
                summary.unchanged += 1
            merged[login] = place
        if setting is None:
            session.add(Setting(key=SETTING_KEY, value=merged))
        elif merged != old:
            setting.value = merged
        by_number = {login_number(k): v for k, v in merged.items() if login_number(k)}
        filled = 0
        for school in session.scalars(select(School).where(School.municipality == "")):
            found = by_number.get(school.login_number or "")
            if found:
                school.municipality = found
                filled += 1
    summary.details.append(f"соответствий логин → муниципалитет в базе: {len(merged)}")
    summary.details.append(f"школам реестра заполнен муниципалитет: {filled}")
    log.info("logins %s: %d entries, %d schools filled", logins.file, len(merged), filled)
    return summary


def import_logins(db: Database, path: str | Path, *, sheets: list[Sheet] | None = None,
                  progress: ProgressFn | None = None) -> ImportSummary:
    return apply_logins(db, parse_logins(path, sheets=sheets), progress)
