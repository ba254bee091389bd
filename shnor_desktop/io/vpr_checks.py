"""Rows of a ВПР protocol that must not reach any figure: values above the maxima, duplicates.

Maxima (:func:`resolve_maxima`) come from the file's task headers (the 2022 layout writes «3 (2б)»),
else from the table of maxima shipped with the scales (``task_max`` of the year × grade × subject,
editable in «Шкалы перевода»), never from the data when a table entry exists. Without one, a
task's maximum is the largest value that enough participants reached (a single «2» in a 1-point
task among 26,000 rows is a typing error, not the maximum) and the import says so.

:func:`check_rows` then finds, for a parsed protocol:

* a task's points above its maximum, or a total above the work's maximum: an error in that row;
* the same participant (code) twice in one school, class and work: identical rows are counted
  once and listed; rows that differ are errors.

Rows with errors are left out of every figure and listed (file, sheet, row, column, value,
maximum). When they are more than :data:`MAX_ERROR_SHARE` of the file's rows the file is
refused whole: so many wrong rows mean a wrong file, not typing errors. Qt-free, no database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .problems import ImportRejected, Problem

if TYPE_CHECKING:
    from .scales import ScaleSpec
    from .vpr import Protocol

MAX_ERROR_SHARE = 0.01
MAX_LISTED = 50


@dataclass
class Maxima:
    tasks: list[float]
    total: float
    source: str  # Russian: where the maxima came from
    warnings: list[str] = field(default_factory=list)
    from_data: bool = False  # estimated from the data (no table entry): the user may correct it


def task_key(label: str) -> str:
    """«5(1)», «5.1», «5 (1)» are one task; «10к1» = «10К1»."""
    text = re.sub(r"\s+", "", str(label)).upper().replace("K", "К")
    return re.sub(r"\((\d+)\)", r".\1", text)


def _table_maxima(labels: Sequence[str], table: dict[str, float]) -> list[float] | None:
    """The table's maximum for each of the file's tasks: by label, else by position when the
    numbers of tasks agree; None when they cannot be matched."""
    by_key = {task_key(k): float(v) for k, v in table.items()}
    keys = [task_key(label) for label in labels]
    if all(k in by_key for k in keys):
        return [by_key[k] for k in keys]
    if len(labels) == len(table):
        return [float(v) for v in table.values()]
    return None


def _data_maxima(protocol: Protocol) -> list[float]:
    # heavy: numpy loads only when a protocol is checked
    import numpy as np

    present = ~protocol.absent
    n_present = int(present.sum())
    min_count = 1 if n_present < 1000 else max(2, n_present // 2000)
    tasks = []
    for k in range(protocol.points.shape[1]):
        values, counts = np.unique(protocol.points[present, k], return_counts=True)
        frequent = values[counts >= min_count]
        tasks.append(float(frequent.max()) if frequent.size else 0.0)
    return tasks


def resolve_maxima(protocol: Protocol, scale: ScaleSpec | None) -> Maxima:
    """The maximum of each task and of the whole work, and where they came from."""
    warnings: list[str] = []
    scale_max = scale.max_score if scale is not None else None
    if protocol.task_max and all(m is not None for m in protocol.task_max):
        tasks = [float(m) for m in protocol.task_max if m is not None]
        total = float(sum(tasks))
        if scale_max is not None and scale_max != total:
            warnings.append(f"сумма максимумов заданий в файле ({total:g}) не равна максимуму шкалы "
                            f"({scale_max:g}); КВ считается от {total:g}")
        return Maxima(tasks, total, "максимумы заданий из заголовков файла", warnings)
    table = scale.task_max if scale is not None else None
    if table:
        matched = _table_maxima(protocol.tasks, table)
        if matched is not None:
            total = float(scale_max) if scale_max is not None else float(sum(matched))
            if abs(sum(matched) - total) > 1e-9:
                warnings.append(f"сумма максимумов заданий в таблице ({sum(matched):g}) не равна "
                                f"максимальному баллу ({total:g}); КВ считается от {total:g}")
            return Maxima(matched, total, "максимумы заданий из таблицы шкал (описание работы)", warnings)
        warnings.append(f"в таблице шкал {len(table)} заданий, а в файле {len(protocol.tasks)}: "
                        "максимумы заданий оценены по данным файла")
    tasks = _data_maxima(protocol)
    found = float(sum(tasks))
    if scale_max is not None:
        if found != scale_max:
            warnings.append(f"сумма максимумов заданий по данным файла ({found:g}) не равна "
                            f"максимальному баллу шкалы ({scale_max:g}); КВ считается от {scale_max:g}")
        return Maxima(tasks, float(scale_max), "максимумы заданий по данным файла, максимальный балл "
                                               "из шкалы", warnings, from_data=True)
    warnings.append("максимумов заданий и максимального балла этой работы нет ни в файле, ни в таблице "
                    "шкал: они оценены по данным файла (значения, которых достигли не единицы). "
                    "Проверьте их в разделе «Результаты» → «Шкалы перевода»")
    return Maxima(tasks, found, "максимумы заданий по данным файла (в файле и в таблице шкал их нет)",
                  warnings, from_data=True)


@dataclass
class RowCheck:
    """What :func:`check_rows` found: rows to leave out, errors and warnings (located)."""

    excluded: Any  # np.ndarray[bool]: rows left out (errors and repeats)
    wrong: Any  # np.ndarray[bool]: rows with an error (a value above a maximum, a conflicting repeat)
    errors: list[tuple[int, Problem]]  # (index of the row, the problem), in the order of the sheet
    duplicates: list[tuple[int, Problem]]  # identical repeats, counted once
    duplicate_rows: int
    rows: int

    @property
    def error_rows(self) -> int:
        return int(self.wrong.sum())

    def error_problems(self, rows: Any = None) -> list[Problem]:
        """The errors of the given rows (a mask; all by default), listed as a person reads them."""
        return listed([p for i, p in self.errors if rows is None or rows[i]], "таких ошибок")

    def duplicate_problems(self, rows: Any = None) -> list[Problem]:
        return listed([p for i, p in self.duplicates if rows is None or rows[i]], "повторов")


def _fmt(value: float) -> str:
    """1, 2,5, 1000000000: as the cell showed it (no exponent)."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}".replace(".", ",")


def listed(problems: list[Problem], what: str) -> list[Problem]:
    """The first :data:`MAX_LISTED` problems and a line «и ещё N …» for the rest."""
    if len(problems) <= MAX_LISTED:
        return problems
    return [*problems[:MAX_LISTED], Problem(problems[0].file, f"и ещё {len(problems) - MAX_LISTED} {what}")]


def check_rows(protocol: Protocol, maxima: Maxima) -> RowCheck:
    """Rows above the maxima and duplicated participants (nothing is refused here)."""
    # heavy: numpy loads only when a protocol is checked
    import numpy as np

    n = len(protocol.school_index)
    present = ~protocol.absent
    file, sheet = protocol.file, protocol.sheet
    rows = protocol.row_numbers if protocol.row_numbers is not None else np.arange(1, n + 1)
    errors: list[tuple[int, Problem]] = []
    task_max = np.array(maxima.tasks, dtype=np.float64)
    columns = protocol.task_columns or protocol.tasks
    wrong = np.zeros(n, dtype=bool)  # rows with an error: left out
    if task_max.size:
        above = (protocol.points > task_max + 1e-9) & present[:, None]
        for i, k in zip(*np.nonzero(above), strict=True):
            errors.append((int(i), Problem(file, f"балл за задание {_fmt(protocol.points[i, k])} больше "
                                                 f"максимума {_fmt(task_max[k])}", sheet=sheet,
                                           row=int(rows[i]), column=str(columns[k]))))
        wrong |= above.any(axis=1)
    total_above = present & (np.nan_to_num(protocol.scores, nan=0.0) > maxima.total + 1e-9)
    for i in np.nonzero(total_above)[0]:
        errors.append((int(i), Problem(file, f"итоговый балл {_fmt(protocol.scores[i])} больше "
                                             f"максимального {_fmt(maxima.total)}", sheet=sheet,
                                       row=int(rows[i]), column=protocol.score_column or "итоговый балл")))
    wrong |= total_above

    repeated = np.zeros(n, dtype=bool)  # identical repeats: counted once
    duplicates: list[tuple[int, Problem]] = []
    if protocol.codes:
        groups: dict[tuple[int, str, str], list[int]] = {}
        classes = protocol.classes or [""] * n
        for i, (school, code, klass) in enumerate(zip(protocol.school_index.tolist(), protocol.codes,
                                                      classes, strict=True)):
            if code:
                groups.setdefault((school, klass, code), []).append(i)
        for (_, _, code), members in groups.items():
            if len(members) < 2:
                continue
            places = ", ".join(str(int(rows[j])) for j in members)
            if all(_same_row(protocol, members[0], j) for j in members[1:]):
                repeated[members[1:]] = True
                duplicates.append((members[1], Problem(
                    file, f"участник с кодом {code} записан {len(members)} раза (строки {places}) — учтён "
                          "один раз", sheet=sheet, row=int(rows[members[1]]))))
            else:
                wrong[members] = True
                errors.append((members[0], Problem(
                    file, f"участник с кодом {code} записан {len(members)} раза с разными результатами "
                          f"(строки {places}) — не учтён", sheet=sheet, row=int(rows[members[0]]))))
    errors.sort(key=lambda e: (e[1].row or 0, e[1].column))
    return RowCheck(wrong | repeated, wrong, errors, duplicates, int((repeated & ~wrong).sum()), n)


def refuse_if_too_many(check: RowCheck, protocol: Protocol, kept: Any = None,
                       limit: float = MAX_ERROR_SHARE) -> None:
    """Refuse the file whole when rows with errors are more than ``limit`` of the rows that are
    imported (``kept``: a mask of the rows of the schools being loaded; all rows by default).
    Errors in schools of other municipalities touch no figure that is kept, so they do not count."""
    # heavy: numpy loads only when a protocol is checked
    import numpy as np

    kept = np.ones(check.rows, dtype=bool) if kept is None else kept
    rows = int(kept.sum())
    wrong = int((check.wrong & kept).sum())
    if not rows or wrong / rows <= limit + 1e-12:
        return
    share = f"{wrong / rows * 100:.1f}".replace(".", ",")
    head = Problem(protocol.file, f"строк с ошибками {wrong} из {rows} ({share} %) — больше "
                                  f"{limit * 100:g} %: файл не похож на протокол с отдельными опечатками "
                                  "(возможно, выбран не тот год, класс или предмет, или в таблице шкал "
                                  "неверные максимумы). База не изменена", sheet=protocol.sheet)
    raise ImportRejected([head, *check.error_problems(kept)])


def _same_row(protocol: Protocol, i: int, j: int) -> bool:
    # heavy: numpy loads only when a protocol is checked
    import numpy as np

    if bool(protocol.absent[i]) != bool(protocol.absent[j]):
        return False
    if protocol.absent[i]:
        return True
    same_marks = protocol.marks is None or protocol.marks[i] == protocol.marks[j]
    return bool(protocol.scores[i] == protocol.scores[j] and protocol.journals[i] == protocol.journals[j]
                and same_marks and np.array_equal(protocol.points[i], protocol.points[j]))


def without_rows(protocol: Protocol, excluded: Any) -> Protocol:
    """A copy of the protocol without the excluded rows (schools left without rows keep their
    place and simply count no participants)."""
    if not excluded.any():
        return protocol
    keep = ~excluded
    keep_list = keep.tolist()
    return replace(
        protocol, school_index=protocol.school_index[keep], absent=protocol.absent[keep],
        scores=protocol.scores[keep], journals=protocol.journals[keep], points=protocol.points[keep],
        marks=None if protocol.marks is None else protocol.marks[keep],
        row_numbers=None if protocol.row_numbers is None else protocol.row_numbers[keep],
        codes=[c for c, k in zip(protocol.codes, keep_list, strict=False) if k],
        classes=[c for c, k in zip(protocol.classes, keep_list, strict=False) if k])
