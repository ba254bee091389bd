"""Шкалы перевода первичных баллов в отметки: the shipped ones, lookup, add and edit.

A scale is stored as the lowest primary score of «3», «4» and «5» (everything below
``min3`` is «2»). The program ships the scales it can name a source for
(``resources/scales/vpr.json``); every other scale is entered by the user. Shipped scales
are copied into the GradingScale table once per resource version, so a user's edit or
deletion is never undone by the next start.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..errors import ShnorError
from ..models import GradingScale, Setting
from ..models.enums import Procedure
from ..paths import resources_dir
from ..russian import parse_number
from ..store.database import is_read_only
from .recount import recount_slice
from .subjects import canonical_subject

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

SEEDED_KEY = "vpr_scales_seeded_version"
SCALES_PLACE = "«Результаты» → «Шкалы перевода…»"  # the page and the button of the window
SCALES_COMMAND = "shnor scales set --year … --grade … --subject … --min3 … --min4 … --min5 …"
# the CLI's wording; the window shows SCALES_PLACE alone (io.import_report.window_text)
SCALES_SECTION = f"{SCALES_PLACE} (или командой «{SCALES_COMMAND}»)"
UNVERIFIED_MARK = "Не сверено с рекомендациями ФИОКО"

# canonical subject names and the short codes ФИС ОКО uses in textbook and group codes
class ScaleError(ShnorError, ValueError):
    """A scale that cannot be saved, with a Russian message."""


@dataclass(frozen=True)
class ScaleSpec:
    """A scale as plain values (shipped, or read from the table for an import).

    The thresholds may be unknown (``None``) while the maxima are known: results are then
    imported without marks, and the marks are counted when the thresholds are entered."""

    year: int
    grade: int
    subject: str
    min3: float | None
    min4: float | None
    min5: float | None
    max_score: float | None = None
    source: str = ""
    variant: str = ""
    procedure: str = Procedure.VPR.value
    task_max: dict[str, float] | None = None  # label -> maximum, in the order of the work

    @property
    def verified(self) -> bool:
        return UNVERIFIED_MARK not in self.source

    @property
    def has_marks(self) -> bool:
        return self.min3 is not None and self.min4 is not None and self.min5 is not None

    def mark(self, score: float) -> int:
        if not self.has_marks:
            raise ScaleError("пороги отметок этой шкалы не заданы")
        if score >= self.min5:  # type: ignore[operator]
            return 5
        if score >= self.min4:  # type: ignore[operator]
            return 4
        if score >= self.min3:  # type: ignore[operator]
            return 3
        return 2

    def text(self) -> str:
        """«2»: 0–6, «3»: 7–10, «4»: 11–14, «5»: 15–20 (for whole-number thresholds)."""
        def n(value: float) -> str:
            return f"{value:g}".replace(".", ",")

        def below(value: float) -> str:
            return n(value - 1) if float(value).is_integer() else f"<{n(value)}"

        if not self.has_marks:
            top = f"; максимальный балл {n(self.max_score)}" if self.max_score is not None else ""
            return f"пороги отметок не заданы{top}"
        assert self.min3 is not None and self.min4 is not None and self.min5 is not None
        top = f"–{n(self.max_score)}" if self.max_score is not None else " и выше"
        return (f"«2»: 0–{below(self.min3)}, «3»: {n(self.min3)}–{below(self.min4)}, "
                f"«4»: {n(self.min4)}–{below(self.min5)}, «5»: {n(self.min5)}{top}")

    @classmethod
    def of(cls, row: GradingScale) -> ScaleSpec:
        return cls(year=row.year, grade=row.grade, subject=row.subject, min3=row.min3, min4=row.min4,
                   min5=row.min5, max_score=row.max_score, source=row.source or "",
                   variant=row.variant or "", procedure=row.procedure,
                   task_max=dict(row.task_max) if row.task_max else None)


def task_max_text(task_max: dict[str, float] | None) -> str:
    """«1: 1; 2: 1; 5.1: 2» for a table cell or an edit box."""
    if not task_max:
        return ""
    return "; ".join(f"{label}: {value:g}".replace(".", ",") for label, value in task_max.items())


def parse_task_max(text: str) -> dict[str, float] | None:
    """«1: 1; 2: 1; 5.1: 2» or, in the order of the work, «1, 1, 2» (tasks 1, 2, 3)."""
    text = (text or "").strip()
    if not text:
        return None
    result: dict[str, float] = {}
    if ":" in text:
        for part in re.split(r"\s*;\s*", text):
            if not part:
                continue
            label, sep, value = part.partition(":")
            if not sep or not label.strip():
                raise ScaleError(f"максимум задания «{part}» записан неверно: нужно «номер: баллы»")
            result[label.strip()] = _positive(value)
        return result
    for number, value in enumerate(re.split(r"[;\s]+|,\s+", text), start=1):
        if value:
            result[str(number)] = _positive(value)
    return result


def _positive(text: str) -> float:
    try:
        value = parse_number(text)[0]
    except ValueError as exc:
        raise ScaleError(f"«{text.strip()}» — не число баллов") from exc
    if value <= 0:
        raise ScaleError("максимум задания должен быть больше 0")
    return value


def describe_slice(year: int, grade: int, subject: str) -> str:
    return f"ВПР {year}, {grade} класс, {subject}"


def validate(min3: float | None, min4: float | None, min5: float | None, max_score: float | None,
             task_max: dict[str, float] | None = None) -> None:
    problems = []
    given = [v is not None for v in (min3, min4, min5)]
    if any(given) and not all(given):
        problems.append("укажите все три порога («3», «4», «5») или ни одного")
    elif all(given):
        assert min3 is not None and min4 is not None and min5 is not None
        if min3 < 0:
            problems.append("порог «3» не может быть меньше 0")
        if not min3 < min4 < min5:
            problems.append("пороги должны возрастать: «3» < «4» < «5»")
        if max_score is not None and min5 > max_score:
            problems.append("порог «5» больше максимального балла")
    elif max_score is None and not task_max:
        problems.append("укажите пороги отметок или хотя бы максимальный балл")
    if task_max and max_score is not None and abs(sum(task_max.values()) - max_score) > 1e-9:
        problems.append(f"сумма максимумов заданий ({sum(task_max.values()):g}) не равна максимальному баллу "
                        f"({max_score:g})")
    if problems:
        raise ScaleError("; ".join(problems))


# --- shipped scales -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _shipped_document() -> dict[str, Any]:
    path = resources_dir() / "scales" / "vpr.json"
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def shipped_version() -> int:
    return int(_shipped_document().get("version", 1))


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


def shipped_scales() -> list[ScaleSpec]:
    result = []
    for item in _shipped_document()["scales"]:
        subject = canonical_subject(item["subject"]) or item["subject"]
        tasks = item.get("tasks") or None
        result.append(ScaleSpec(
            year=int(item["year"]), grade=int(item["grade"]), subject=subject,
            min3=_optional(item.get("min3")), min4=_optional(item.get("min4")),
            min5=_optional(item.get("min5")), max_score=_optional(item.get("max_score")),
            source=str(item["source"])[:500], variant=item.get("variant", ""),
            procedure=item.get("procedure", Procedure.VPR.value),
            task_max={str(k): float(v) for k, v in tasks.items()} if tasks else None))
    return result


def seed_shipped_scales(session: Session) -> int:
    """Copy shipped scales the table lacks, once per resource version. Returns rows added.

    Nothing on a database opened read-only: what it has is listed."""
    if is_read_only(session):
        return 0
    setting = session.get(Setting, SEEDED_KEY)
    version = shipped_version()
    if setting is not None and setting.value == version:
        return 0
    existing = {(r.procedure, r.year, r.grade, r.subject, r.variant): r
                for r in session.scalars(select(GradingScale))}
    added = 0
    for spec in shipped_scales():
        key = (spec.procedure, spec.year, spec.grade, spec.subject, spec.variant)
        row = existing.get(key)
        if row is not None:
            # a newer resource may know the maxima of a scale the user already has: they are added
            # where the thresholds agree and the row has none; nothing the user entered is replaced
            if (row.min3, row.min4, row.min5) == (spec.min3, spec.min4, spec.min5):
                if row.max_score is None and spec.max_score is not None:
                    row.max_score = spec.max_score
                if not row.task_max and spec.task_max:
                    row.task_max = dict(spec.task_max)
            continue
        session.add(GradingScale(procedure=spec.procedure, year=spec.year, grade=spec.grade,
                                 subject=spec.subject, variant=spec.variant, max_score=spec.max_score,
                                 min3=spec.min3, min4=spec.min4, min5=spec.min5, source=spec.source,
                                 task_max=spec.task_max))
        added += 1
    if setting is None:
        session.add(Setting(key=SEEDED_KEY, value=version))
    else:
        setting.value = version
    session.flush()
    if added:
        log.info("shipped grading scales added: %d (version %s)", added, version)
    return added


# --- lookup and editing -------------------------------------------------------------------


def find_scale(session: Session, year: int, grade: int, subject: str, *,
               procedure: str = Procedure.VPR.value, variant: str = "") -> ScaleSpec | None:
    subject = canonical_subject(subject) or subject
    row = session.execute(
        select(GradingScale).where(
            GradingScale.procedure == procedure, GradingScale.year == year,
            GradingScale.grade == grade, GradingScale.subject == subject,
            GradingScale.variant == variant)
    ).scalar_one_or_none()
    return ScaleSpec.of(row) if row is not None else None


def list_scales(session: Session, procedure: str | None = None) -> list[GradingScale]:
    query = select(GradingScale).order_by(GradingScale.year, GradingScale.subject, GradingScale.grade)
    if procedure:
        query = query.where(GradingScale.procedure == procedure)
    return list(session.execute(query).scalars())


def save_scale(session: Session, *, year: int, grade: int, subject: str, min3: float | None,
               min4: float | None, min5: float | None, max_score: float | None = None, source: str = "",
               variant: str = "", procedure: str = Procedure.VPR.value,
               task_max: dict[str, float] | None = None, recount: bool = True) -> GradingScale:
    """Add a scale, or change the one with the same year × grade × subject (× variant); the
    results already loaded for that slice are recounted (marks, КВ, tasks) from their score counts."""
    name = canonical_subject(subject)
    if name is None:
        name = re.sub(r"\s+", " ", subject or "").strip()
        if not name:
            raise ScaleError("не указан предмет")
    if not 1 <= int(grade) <= 11:
        raise ScaleError(f"класс должен быть от 1 до 11, а указан {grade}")
    if not 2000 <= int(year) <= 2100:
        raise ScaleError(f"год указан неверно: {year}")
    if task_max and max_score is None:
        max_score = float(sum(task_max.values()))
    validate(min3, min4, min5, max_score, task_max)
    row = session.execute(
        select(GradingScale).where(
            GradingScale.procedure == procedure, GradingScale.year == year,
            GradingScale.grade == grade, GradingScale.subject == name,
            GradingScale.variant == variant)
    ).scalar_one_or_none()
    if row is None:
        row = GradingScale(procedure=procedure, year=year, grade=grade, subject=name, variant=variant)
        session.add(row)
    row.min3, row.min4, row.min5 = (None if v is None else float(v) for v in (min3, min4, min5))
    row.max_score = max_score
    row.task_max = dict(task_max) if task_max else None
    row.source = (source or "введено пользователем")[:500]
    session.flush()
    if recount and not variant:
        recount_slice(session, ScaleSpec.of(row))
    return row


def delete_scale(session: Session, scale_id: int) -> None:
    row = session.get(GradingScale, scale_id)
    if row is None:
        raise ScaleError("шкала не найдена (возможно, уже удалена)")
    session.delete(row)
    session.flush()
