"""The year, grade and subject of a protocol from its title, its name, its folders, its classes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import ImportRejected, Problem
from ..subjects import SUBJECTS, canonical_subject
from .cells import DATE
from .model import AUTUMN, LAYOUT_2020, SPRING, ProtocolOptions


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
    date = DATE.search(text)
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


def resolve_hints(protocol_hints: SliceHints, name_hints: SliceHints, options: ProtocolOptions,
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


