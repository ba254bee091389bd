"""Synthetic ФИС ОКО protocols in the layouts found in other regions' files, and the expected
per-school numbers computed straight from the pupils (independent of ``shnor_desktop.io``).

The pupils are generated once (deterministically) and written into each layout with openpyxl;
whatever the layout, an import must give the numbers :func:`expected` computes with a plain loop.

Where the layouts come from (header texts as the real files spell them):

* ``words_subtasks`` — the 2021 family («логин школы … балл за N») with the Russian-language
  sub-tasks «1К1», «2(1)» and the spellings «Логин ОО», «Первичный балл», «Балл за задание N»,
  «Отметка по журналу»; file named like shekeldini/Flask ``excel/vpr_results``
  («Проведение работы по русскому языку, 6 класс. ВПР 2021.xlsx»);
* ``individual_results`` — the «Ф1 Индивидуальные результаты» export parsed by a school-analytics
  project (title «ВПР 2024 Физика 8 класс», «Максимальный первичный балл», a Б/П difficulty row,
  then «ОО, Муниципалитет, Название ОО, Код участника, Класс, Вариант, 1 (1б) …, Первичный балл,
  Отметка, Отметка по журналу»): the ВПР marks are in the file;
* ``merged_header`` — a regional summary of the protocol with a two-row header: «Логин школы»
  merged down, «Баллы за задания» merged over «1», «2», «3»…;
* ``login_with_name`` — the 2022 family on one sheet with ``код | название`` login cells, a real
  date in «Дата загрузки» (autumn), absent spelled «Отсутствовала», «отсутсвовал» (the typo seen
  in a school-form generator), «Отсутствовал(а)»; year and grade from folders ``2023/7/``;
* ``shuffled`` — columns in another order, «Задание N» headers, numbered headers («1. Вариант»),
  «Сумма баллов», extra columns.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

THRESHOLDS = (0.35, 0.6, 0.8)  # shares of the maximum for «3», «4», «5» (the test scale)


@dataclass
class Pupil:
    login: str  # e.g. sch220101
    present: bool
    points: list[int] = field(default_factory=list)
    journal: int | None = None
    class_name: str = ""


@dataclass
class Work:
    """A work: task labels and maxima, year, grade, subject, and the thresholds of its scale."""

    labels: list[str]
    maxima: list[int]
    year: int
    grade: int
    subject: str

    @property
    def total(self) -> int:
        return sum(self.maxima)

    @property
    def scale(self) -> tuple[int, int, int]:
        return tuple(round(self.total * t) for t in THRESHOLDS)  # type: ignore[return-value]

    def mark(self, score: float) -> int:
        min3, min4, min5 = self.scale
        return 5 if score >= min5 else 4 if score >= min4 else 3 if score >= min3 else 2


def make_pupils(work: Work, logins: list[str], per_school: int = 14, seed: int = 7) -> list[Pupil]:
    """Pupils of several schools; every task reaches its maximum at least once and some pupils
    are absent; class names start with the grade («7А»)."""
    rng = random.Random(seed)
    pupils = []
    for n, login in enumerate(logins):
        strength = 0.3 + 0.15 * n
        for k in range(per_school):
            if k % 6 == 5:
                pupils.append(Pupil(login, False, class_name=f"{work.grade}А"))
                continue
            points = [top if rng.random() < strength else rng.randint(0, top) // 2 for top in work.maxima]
            journal = rng.choice([None, 2, 3, 4, 5, 5, 4])
            pupils.append(Pupil(login, True, points, journal, f"{work.grade}{'АБ'[k % 2]}"))
    pupils[0].points = list(work.maxima)  # the maxima are reached
    pupils[0].present = True
    return pupils


@dataclass
class Expected:
    participants: int
    absent: int
    marks: tuple[int, int, int, int]
    mean: float | None
    median: float | None
    kv: float | None
    completion: list[float]
    journal: tuple[int, int, int]  # lower, same, higher


def expected(work: Work, pupils: list[Pupil]) -> dict[str, Expected]:
    """Per login digits: the aggregates by their definitions, with plain loops."""
    result: dict[str, Expected] = {}
    for login in dict.fromkeys(p.login for p in pupils):
        mine = [p for p in pupils if p.login == login]
        present = [p for p in mine if p.present]
        scores = [sum(p.points) for p in present]
        marks = [work.mark(s) for s in scores]
        lower = same = higher = 0
        for p, m in zip(present, marks, strict=True):
            if p.journal:
                lower += m < p.journal
                same += m == p.journal
                higher += m > p.journal
        n = len(present)
        completion = [sum(p.points[k] for p in present) / (n * top) for k, top in enumerate(work.maxima)]
        digits = "".join(ch for ch in login if ch.isdigit())
        result[digits] = Expected(
            participants=n, absent=len(mine) - n, marks=tuple(marks.count(m) for m in (2, 3, 4, 5)),
            mean=statistics.mean(scores) if n else None, median=statistics.median(scores) if n else None,
            kv=sum(scores) / (n * work.total) if n else None, completion=completion,
            journal=(lower, same, higher))
    return result


def _save(wb: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_words_subtasks(path: Path, work: Work, pupils: list[Pupil]) -> Path:
    """2021 family, Russian-language sub-tasks, other spellings, ragged case and line breaks."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(["ЛОГИН  ОО", "Муниципалитет", "номер обучающегося", "Код обучающегося",
               "Отметка по\nжурналу", "пол", "класс", "Вариант", "Первичный\nбалл",
               *[f"Балл за\nзадание {label}" for label in work.labels], "Учебник", "Др.уч. автор"])
    for i, p in enumerate(pupils, start=1):
        if not p.present:
            ws.append([p.login, "Целинный район", i, 50000 + i, "", "", "", "отсутствовал", "",
                       *[""] * len(work.labels), "", ""])
            continue
        ws.append([p.login, "Целинный район", i, 50000 + i, p.journal or "", "м", p.class_name[-1],
                   str(1 + i % 2), sum(p.points), *[str(v) for v in p.points], "Львов В.В.", ""])
    return _save(wb, path)


def write_individual_results(path: Path, work: Work, pupils: list[Pupil], *, with_school_column: bool = True,
                             district: str = "Целинный муниципальный район") -> Path:
    """«Ф1 Индивидуальные результаты»: title rows, difficulty row, marks in the file; a school
    heading inside the table and signatures under it (no results: skipped)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Индивидуальные результаты"
    logins = list(dict.fromkeys(p.login for p in pupils))
    ws.append([f"ВПР {work.year} {work.subject} {work.grade} класс"])
    ws.append(["Предмет", work.subject])
    ws.append(["Максимальный первичный балл", work.total])
    ws.append(["Дата", f"18.04.{work.year}"])
    if not with_school_column:
        ws.append([f'МБОУ "СОШ №1" ({logins[0].replace("sch", "edu")}) | Кол-во участников: '
                   f"{sum(p.present for p in pupils)}"])
    ws.append([])
    school_cols = ["ОО", "Муниципалитет", "Название ОО"] if with_school_column else []
    lead = len(school_cols) + 3
    ws.append([None] * lead + ["Б" if k % 3 else "П" for k in range(len(work.labels))])
    ws.append([*school_cols, "Код участника", "Класс", "Вариант",
               *[f"{label} ({top}б)" for label, top in zip(work.labels, work.maxima, strict=True)],
               "Первичный балл", "Отметка", "Отметка по журналу"])
    current = None
    for i, p in enumerate(pupils, start=1):
        if with_school_column and p.login != current:
            current = p.login
            ws.append([f"Школа {p.login}"])  # a heading row: no login, no results
        school = [p.login.replace("sch", "edu"), district, f'МБОУ "СОШ {p.login[-3:]}"'] \
            if with_school_column else []
        if not p.present:
            ws.append([*school, 40000 + i, p.class_name, "отсутствовал", *[None] * len(work.labels),
                       None, None, None])
            continue
        score = sum(p.points)
        ws.append([*school, 40000 + i, p.class_name, 1 + i % 2, *p.points, score, work.mark(score),
                   p.journal])
    ws.append([])
    ws.append(["Ответственный организатор ______________ Иванова А. А."])
    return _save(wb, path)


def write_merged_header(path: Path, work: Work, pupils: list[Pupil]) -> Path:
    """A title row, then a two-row header with merged cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Результаты"
    n = len(work.labels)
    ws.append([f"Результаты ВПР по географии, {work.grade} класс"])
    ws.append(["Логин школы", "Вариант", "Баллы за задания", *[None] * (n - 1), "Всего баллов",
               "Отметка за предыдущий год"])
    ws.append([None, None, *[int(label) for label in work.labels], None, None])
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    ws.merge_cells(start_row=2, start_column=2, end_row=3, end_column=2)
    ws.merge_cells(start_row=2, start_column=3, end_row=2, end_column=2 + n)
    ws.merge_cells(start_row=2, start_column=3 + n, end_row=3, end_column=3 + n)
    ws.merge_cells(start_row=2, start_column=4 + n, end_row=3, end_column=4 + n)
    for p in pupils:
        if not p.present:
            ws.append([p.login, "отсутствовал", *[None] * n, None, None])
        else:
            ws.append([p.login, 1, *p.points, sum(p.points), p.journal])
    return _save(wb, path)


ABSENT_SPELLINGS = ("Отсутствовала", "отсутсвовал", "Отсутствовал(а)", "отсутствовал")


def write_login_with_name(path: Path, work: Work, pupils: list[Pupil]) -> Path:
    """2022 family on one sheet: ``edu… | name`` logins, a real date, absent spelt four ways."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Пользователь", "Регион", "Муниципалитет", "Дата загрузки", "Код", "Вариант",
               *[f"{label}({top} б)" for label, top in zip(work.labels, work.maxima, strict=True)],
               "Наименование класса", "Пол", "Отметка за предыдущий триместр/ четверть/полугодие",
               "Итого баллов"])
    uploaded = dt.datetime(work.year, 10, 5, 12, 30)
    for i, p in enumerate(pupils):
        login = f'{p.login.replace("sch", "edu")} | МБОУ "Школа {p.login[-3:]}"'
        muni = "reg22_m056 | Целинный муниципальный район"
        if not p.present:
            ws.append([login, "reg220000 | Алтайский край", muni, uploaded, 70000 + i,
                       ABSENT_SPELLINGS[i % len(ABSENT_SPELLINGS)], *[None] * len(work.labels),
                       p.class_name, None, None, 0])
            continue
        ws.append([login, "reg220000 | Алтайский край", muni, uploaded, 70000 + i, "2",
                   *[v if v else "X" if i % 4 == 0 else 0 for v in p.points], p.class_name, "ж",
                   p.journal, sum(p.points)])
    return _save(wb, path)


def write_shuffled(path: Path, work: Work, pupils: list[Pupil]) -> Path:
    """Columns in another order, «Задание N», numbered headers, extra columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Данные"
    ws.append(["ФИО учителя", "1. Вариант", *[f"Задание {label}" for label in work.labels], "Сумма баллов",
               "Примечание", "Отметка за предыдущую четверть", "2. Логин"])
    for p in pupils:
        if not p.present:
            ws.append(["Петрова", "отсутствовал", *[None] * len(work.labels), None, "болел", None, p.login])
        else:
            ws.append(["Петрова", "1", *p.points, float(sum(p.points)), None,
                       f"{p.journal}.0" if p.journal else None, p.login])
    return _save(wb, path)


def write_rows(path: Path, rows: list[list[Any]], title: str = "Лист1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    return _save(wb, path)
