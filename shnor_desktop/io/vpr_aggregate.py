"""Per-school aggregates of a parsed ВПР protocol.

Definitions (the same for every layout):

* participants — rows not absent; absent — «отсутствовал» or an empty row;
* marks «2»–«5» — from the file when it carries them, else from the scale for that
  year × subject × grade; with neither, the marks (and успеваемость, качество, the journal
  comparison) stay empty until a scale is entered: the participants per primary score
  (``score_counts``) are kept, and the marks are counted from them then (no re-import);
* mean and median of the primary score over participants;
* КВ (коэффициент выполнения) = sum of primary scores / (participants × maximum score);
  the maxima come from :func:`.vpr_checks.resolve_maxima` (the file's headers, else the table
  shipped with the scales, else the data, said so);
* per-task completion = points on the task / (participants × the task's maximum), every
  participant counted («X», «не пройд.» and empty cells are 0 points);
* успеваемость = share of «3»–«5», качество = share of «4»–«5»;
* comparison with the previous-term journal mark, over participants who have one:
  понизили (ВПР mark below the journal mark), подтвердили (equal), повысили (above).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .recount import counts_key
from .vpr_checks import Maxima, resolve_maxima

if TYPE_CHECKING:
    from .scales import ScaleSpec
    from .vpr import Protocol


@dataclass
class TaskCompletion:
    task: str
    max_points: float
    completion: float | None  # 0..1; None when the school had no participants


@dataclass
class SchoolAggregate:
    number: str
    participants: int
    absent: int
    mark2: int | None
    mark3: int | None
    mark4: int | None
    mark5: int | None
    mean_score: float | None
    median_score: float | None
    max_score: float
    kv: float | None
    journal_lower: int | None
    journal_same: int | None
    journal_higher: int | None
    tasks: list[TaskCompletion] = field(default_factory=list)
    score_counts: dict[str, int] = field(default_factory=dict)

    @property
    def has_marks(self) -> bool:
        return self.mark2 is not None

    @property
    def success(self) -> float | None:
        """Успеваемость: share of «3», «4» and «5»."""
        if not self.participants or self.mark2 is None:
            return None
        return (self.participants - self.mark2) / self.participants

    @property
    def quality(self) -> float | None:
        """Качество: share of «4» and «5»."""
        if not self.participants or self.mark4 is None or self.mark5 is None:
            return None
        return (self.mark4 + self.mark5) / self.participants

    @property
    def share2(self) -> float | None:
        return self.mark2 / self.participants if self.participants and self.mark2 is not None else None


def task_maxima(protocol: Protocol, scale: ScaleSpec | None) -> Maxima:
    """The maxima of the tasks and of the work (see :func:`.vpr_checks.resolve_maxima`)."""
    return resolve_maxima(protocol, scale)


def vpr_marks(protocol: Protocol, scale: ScaleSpec | None) -> Any:
    """One mark per row (0 for the absent); None when neither the file nor a scale gives them."""
    # heavy: numpy loads only when a protocol is aggregated
    import numpy as np

    if protocol.marks is not None:
        return protocol.marks
    if scale is None:
        return None
    scores = np.nan_to_num(protocol.scores, nan=-1.0)
    marks = (2 + (scores >= scale.min3).astype(np.int8) + (scores >= scale.min4).astype(np.int8)
             + (scores >= scale.min5).astype(np.int8))
    marks[protocol.absent] = 0
    return marks.astype(np.int8)


def aggregate(protocol: Protocol, scale: ScaleSpec | None, maxima: Maxima | None = None,
              numbers: set[str] | None = None) -> list[SchoolAggregate]:
    """Aggregates for every school of the protocol (or only those whose login number is given)."""
    # heavy: numpy loads only when a protocol is aggregated
    import numpy as np

    maxima = maxima or task_maxima(protocol, scale)
    marks = vpr_marks(protocol, scale)
    n_schools = len(protocol.schools)
    idx = protocol.school_index
    present = ~protocol.absent
    pidx = idx[present]

    def count(where: Any) -> Any:
        return np.bincount(idx[where], minlength=n_schools)

    participants = np.bincount(pidx, minlength=n_schools)
    absent = count(protocol.absent)
    scores = protocol.scores[present]
    score_sum = np.bincount(pidx, weights=scores, minlength=n_schools)
    if marks is not None:
        by_mark = {m: count(marks == m).tolist() for m in (2, 3, 4, 5)}
        journals = protocol.journals
        has_journal = present & (journals > 0)
        lower = count(has_journal & (marks < journals)).tolist()
        same = count(has_journal & (marks == journals)).tolist()
        higher = count(has_journal & (marks > journals)).tolist()
    task_max = np.array(maxima.tasks, dtype=np.float64)
    capped = np.minimum(protocol.points[present], task_max) if task_max.size else protocol.points[present]
    task_sums = np.stack([np.bincount(pidx, weights=capped[:, k], minlength=n_schools)
                          for k in range(capped.shape[1])], axis=1) if capped.shape[1] else None
    # medians and score counts: scores sorted within each school
    order = np.lexsort((scores, pidx))
    sorted_scores, sorted_idx = scores[order], pidx[order]
    sorted_journals = protocol.journals[present][order].tolist()
    starts = np.searchsorted(sorted_idx, np.arange(n_schools), side="left")

    # plain lists: element access from Python is much cheaper than on numpy arrays
    participants_l, absent_l, score_sum_l = participants.tolist(), absent.tolist(), score_sum.tolist()
    starts_l = starts.tolist()
    task_sums_l = task_sums.tolist() if task_sums is not None else None
    sorted_l = sorted_scores.tolist()
    result = []
    for school in protocol.schools.values():
        if numbers is not None and school.number not in numbers:
            continue
        i = school.index
        n = participants_l[i]
        block = sorted_l[starts_l[i]:starts_l[i] + n]
        if n:
            half = n // 2
            median = block[half] if n % 2 else (block[half - 1] + block[half]) / 2
            mean = score_sum_l[i] / n
            kv = score_sum_l[i] / (n * maxima.total) if maxima.total else None
        else:
            median = mean = kv = None
        counts: dict[str, int] = {}
        for value, journal in zip(block, sorted_journals[starts_l[i]:starts_l[i] + n], strict=True):
            key = counts_key(value, journal)
            counts[key] = counts.get(key, 0) + 1
        sums_i = task_sums_l[i] if task_sums_l is not None else []
        tasks = [TaskCompletion(label, top, sums_i[k] / (n * top) if n and top and sums_i else None)
                 for k, (label, top) in enumerate(zip(protocol.tasks, maxima.tasks, strict=True))]
        if marks is not None:
            mark_values = (by_mark[2][i], by_mark[3][i], by_mark[4][i], by_mark[5][i])
            journal = (lower[i], same[i], higher[i])
        else:
            mark_values = (None, None, None, None)
            journal = (None, None, None)
        result.append(SchoolAggregate(
            number=school.number, participants=n, absent=absent_l[i],
            mark2=mark_values[0], mark3=mark_values[1], mark4=mark_values[2], mark5=mark_values[3],
            mean_score=mean, median_score=median, max_score=maxima.total, kv=kv,
            journal_lower=journal[0], journal_same=journal[1], journal_higher=journal[2], tasks=tasks,
            score_counts=counts))
    return result


@dataclass
class WholeFile:
    """The whole file as one unit (the region's level of the slice)."""

    schools: int
    municipalities: int
    participants: int
    absent: int
    marks: tuple[int, int, int, int] | None
    mean_score: float | None
    median_score: float | None
    max_score: float
    kv: float | None
    score_counts: dict[str, int]


def aggregate_whole(protocol: Protocol, scale: ScaleSpec | None, maxima: Maxima) -> WholeFile:
    """Participants, marks, mean, median and КВ of every row of the file together."""
    # heavy: numpy loads only when a protocol is aggregated
    import numpy as np

    present = ~protocol.absent
    scores = np.sort(protocol.scores[present])
    n = int(scores.size)
    marks = vpr_marks(protocol, scale)
    mark_counts = None
    if marks is not None:
        mark_counts = tuple(int(((marks == m) & present).sum()) for m in (2, 3, 4, 5))
    pairs: dict[str, int] = {}
    for value, journal in zip(protocol.scores[present].tolist(), protocol.journals[present].tolist(),
                              strict=True):
        key = counts_key(value, journal)
        pairs[key] = pairs.get(key, 0) + 1
    municipalities = {s.municipality_code or s.municipality for s in protocol.schools.values()} - {""}
    median = None
    if n:
        half = n // 2
        median = float(scores[half]) if n % 2 else float(scores[half - 1] + scores[half]) / 2
    total = float(scores.sum())
    return WholeFile(
        schools=len(protocol.schools), municipalities=len(municipalities), participants=n,
        absent=int(protocol.absent.sum()), marks=mark_counts,  # type: ignore[arg-type]
        mean_score=total / n if n else None, median_score=median, max_score=maxima.total,
        kv=total / (n * maxima.total) if n and maxima.total else None,
        score_counts=pairs)
