"""The parser: a protocol file into per-school rows, with located problems and warnings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...models.school import login_number
from ..problems import ImportRejected, Problem
from ..subjects import SUBJECTS
from ..workbook import read_raw_sheets
from .cells import (
    DATE,
    LOGIN_TOKEN,
    cell_number,
    is_absent_text,
    journal_mark,
    login_token,
    norm_header,
    split_code,
)
from .headers import (
    CODE_LIKE_LOGIN_HEADERS,
    HEADER_SCAN_ROWS,
    LOGIN_HEADERS,
    SCORE_HEADERS,
    HeaderInfo,
    HeaderSpot,
    cell_text,
    classify_header,
    find_header,
)
from .hints import SliceHints, hints_from_folders, hints_from_name, hints_from_text, resolve_hints
from .model import AUTUMN, LAYOUT_2021, MAX_LISTED_PROBLEMS, SPRING, Protocol, ProtocolOptions, SchoolRows


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


def _columns(spot: HeaderSpot, file_name: str, sheet: str, title_login: str | None) -> _Columns:
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


def _stray_ok(spot: HeaderSpot, data: Sequence[Sequence[Any]]) -> None:
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
    hints = hints_from_text(title) if title.strip() else SliceHints()
    classes = sheets.get("Классы")
    if classes:
        names = [norm_header(h) for h in classes[0]]
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
                match = DATE.search(str(value or ""))
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
        match = re.match(r"^\s*(\d{1,2})(?!\d)", cell_text(value))
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
    number = cell_number(value)
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
    def wanted(names: list[str]) -> list[str]:
        return [n for n in names if n in ("Протокол", "Классы")] or names

    return {sheet.name: sheet.rows for sheet in read_raw_sheets(path, wanted, file_name=name)}


def _not_a_protocol(sheets: dict[str, list[list[Any]]], name: str) -> ImportRejected:
    """Why no sheet is a protocol, naming what the most protocol-like header lacks."""
    best: tuple[int, str, int, HeaderInfo] | None = None
    for s_name, rows in sheets.items():
        for k, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            info = classify_header(row)
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


def _locate(sheets: dict[str, list[list[Any]]], name: str) -> tuple[str, HeaderSpot]:
    """The sheet holding the protocol and its header; ImportRejected when there is none, or several."""
    found: list[tuple[str, HeaderSpot]] = []
    for s_name in sorted(sheets, key=lambda n: n != "Протокол"):
        spot = find_header(sheets[s_name])
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
    return "\n".join(" ".join(cell_text(v) for v in row if v not in (None, "")) for row in rows)


def parse_protocol(path: str | Path, options: ProtocolOptions | None = None, *,
                   file_name: str | None = None,
                   progress: Callable[[int, int, str], None] | None = None) -> Protocol:
    """Read and validate a protocol; raise ImportRejected with located problems."""
    # heavy: numpy loads only when a protocol is read
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
    titled = {t for t in LOGIN_TOKEN.findall(title) if login_number(t) and not t.isdigit()}
    title_login = next(iter(titled)) if len(titled) == 1 else None
    if spot.info.stray_tasks:
        _stray_ok(spot, data)
    cols = _columns(spot, name, sheet_name, title_login)
    width = len(header)
    if data and min(map(len, data)) < width:
        data = [r if len(r) >= width else [*r, *([None] * (width - len(r)))] for r in data]
    # the header repeated inside the table (protocols pasted together): blank rows, same numbering
    score_header = cell_text(header[cols.score])
    repeated = [i for i, r in enumerate(data) if isinstance(r[cols.score], str)
                and cell_text(r[cols.score]) == score_header] if score_header else []
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
    year, grade, subject, session, details = resolve_hints(content, name_hints, options, layout, name, weak)
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
    prefixed_only = cols.login is not None and norm_header(header[cols.login]) in CODE_LIKE_LOGIN_HEADERS
    for i, login in enumerate(login_column):
        if login in school_of:
            continue
        token = login_token(login)
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
        text = cell_text(login_column[i])
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
        absent = [absent_memo[v] if v in absent_memo else absent_memo.setdefault(v, is_absent_text(v))
                  for v in columns[cols.variant]]
    else:
        absent = [False] * len(data)
    score_memo: dict[Any, float | str | None] = {}
    scores: list[Any] = [score_memo[v] if v in score_memo else score_memo.setdefault(v, cell_number(v))
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
        if isinstance(score, str) and is_absent_text(score):
            absent[i] = True  # «отсутствовал» written in the score column
        elif isinstance(score, str) or (score is not None and score < 0):
            what = f"«{score}» — не число" if isinstance(score, str) else f"отрицательный: {score:g}"
            errors.append(Problem(name, f"итоговый балл {what}", sheet=sheet_name, row=i + base,
                                  column=score_title))
        elif score is None:
            if all(_classify(data[i][c])[1] == _EMPTY for c in cols.tasks):
                if cols.code is not None and not any(ch.isdigit() for ch in cell_text(data[i][cols.code])) \
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
            v, journal_mark(v) or 0) for v in columns[cols.journal]], dtype=np.int8)
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
    codes = [cell_text(v) for v in columns[cols.code]] if cols.code is not None else [""] * len(data)
    classes = ([cell_text(v).lower() for v in columns[cols.class_name]] if cols.class_name is not None
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
        marker = cell_text(data[i][cols.variant]) if cols.variant is not None else "отсутствовал"
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
    # heavy: numpy loads only when a protocol is read
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
    # heavy: numpy loads only when a protocol is read
    import numpy as np

    memo: dict[Any, int] = {}
    values = []
    for v in column:
        if v not in memo:
            number = cell_number(v)
            memo[v] = (0 if number is None or is_absent_text(number) else
                       int(number) if isinstance(number, float) and number.is_integer() and 2 <= number <= 5
                       else -1)
        values.append(memo[v])
    present = [i for i, a in enumerate(absent) if not a and school_column[i] >= 0]
    if all(values[i] == 0 for i in present):
        return None, [f"столбец «{title}» пуст — отметки поставлены по шкале перевода"]
    for i in present:
        if values[i] <= 0:
            what = ("нет отметки" if values[i] == 0
                    else f"отметка «{cell_text(column[i])}» — не 2, 3, 4 или 5")
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
