"""Recounting loaded ВПР results when their scale or maxima are entered or corrected.

An import keeps, for every school, its participants per primary score and journal mark
(``AssessmentResult.score_counts``, keys «score|journal», journal 0 when there is none). From
them the marks «2»–«5», the comparison with the journal and КВ are counted again whenever the
scale of the slice changes: a protocol loaded before its scale was known gets its marks when
the scale is entered, with no re-import. Results whose marks came from the file itself (the
later layouts carry a «Отметка» column) keep them. Per-task completion follows a corrected task
maximum. The regional figures of the slice (``ReferenceResult``) are recounted the same way.
Runs inside the caller's transaction; Qt-free.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..models import AssessmentResult, ImportBatch, ReferenceResult, TaskResult
from ..models.enums import Procedure
from .subjects import canonical_subject
from .vpr_checks import task_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .scales import ScaleSpec

log = logging.getLogger(__name__)

MARKS_FROM_FILE = "file"


def counts_key(score: float, journal: int | None) -> str:
    return f"{score:g}|{journal or 0}"


def parse_counts(counts: dict[str, int]) -> list[tuple[float, int, int]]:
    """[(score, journal mark or 0, participants)] from a ``score_counts`` mapping."""
    result = []
    for key, n in counts.items():
        score, _, journal = str(key).partition("|")
        result.append((float(score), int(journal or 0), int(n)))
    return result


def marks_and_journal(counts: dict[str, int], scale: ScaleSpec) -> dict[str, int]:
    """mark2…mark5 and journal_lower/same/higher counted from score counts with a scale."""
    values = {"mark2": 0, "mark3": 0, "mark4": 0, "mark5": 0,
              "journal_lower": 0, "journal_same": 0, "journal_higher": 0}
    for score, journal, n in parse_counts(counts):
        mark = scale.mark(score)
        values[f"mark{mark}"] += n
        if journal:
            side = "lower" if mark < journal else "higher" if mark > journal else "same"
            values[f"journal_{side}"] += n
    return values


def kv_of(counts: dict[str, int], max_score: float | None) -> float | None:
    items = parse_counts(counts)
    n = sum(c for _, _, c in items)
    if not n or not max_score:
        return None
    return sum(score * c for score, _, c in items) / (n * max_score)


def _slice_filter(model: Any, spec: ScaleSpec) -> list[Any]:
    return [model.procedure == Procedure.VPR.value, model.year == spec.year, model.grade == spec.grade]


def _same_subject(a: str, b: str) -> bool:
    return (canonical_subject(a) or a).casefold() == (canonical_subject(b) or b).casefold()


def recount_slice(session: Session, spec: ScaleSpec) -> int:
    """Recount every result of the scale's year × grade × subject; returns how many changed."""
    file_marks = {b.id for b in session.scalars(select(ImportBatch))
                  if isinstance(b.params, dict) and b.params.get("marks_source") == MARKS_FROM_FILE}
    changed = 0
    query = select(AssessmentResult).where(*_slice_filter(AssessmentResult, spec))
    results = [r for r in session.scalars(query) if _same_subject(r.subject, spec.subject) and r.score_counts]
    task_max = {task_key(k): float(v) for k, v in (spec.task_max or {}).items()}
    for result in results:
        before = (result.mark2, result.mark3, result.mark4, result.mark5, result.kv)
        if spec.has_marks and result.batch_id not in file_marks:
            for name, value in marks_and_journal(result.score_counts or {}, spec).items():
                setattr(result, name, value)
        if spec.max_score is not None and result.max_score != spec.max_score:
            result.kv = kv_of(result.score_counts or {}, spec.max_score)
            result.max_score = spec.max_score
        if task_max:
            for task in session.scalars(select(TaskResult).where(TaskResult.result_id == result.id)):
                new = task_max.get(task_key(task.task))
                if new and task.max_points and new != task.max_points and task.completion is not None:
                    task.completion = task.completion * task.max_points / new
                    task.max_points = new
        if before != (result.mark2, result.mark3, result.mark4, result.mark5, result.kv):
            changed += 1
    for reference in session.scalars(select(ReferenceResult).where(*_slice_filter(ReferenceResult, spec))):
        if not _same_subject(reference.subject, spec.subject) or not reference.score_counts:
            continue
        if spec.has_marks and reference.batch_id not in file_marks:
            values = marks_and_journal(reference.score_counts, spec)
            reference.mark2, reference.mark3 = values["mark2"], values["mark3"]
            reference.mark4, reference.mark5 = values["mark4"], values["mark5"]
        if spec.max_score is not None and reference.max_score != spec.max_score:
            reference.kv = kv_of(reference.score_counts, spec.max_score)
            reference.max_score = spec.max_score
    session.flush()
    if changed:
        log.info("recounted %d results of ВПР %s %s %s", changed, spec.year, spec.grade, spec.subject)
    return changed
