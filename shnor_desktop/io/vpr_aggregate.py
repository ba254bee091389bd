"""Per-school aggregates of a parsed ВПР protocol.

Definitions (the same for every layout):

* participants — rows not absent; absent — «отсутствовал» or an empty row;
* marks «2»–«5» — from the file when it carries them, else from the scale for that
  year × subject × grade;
* mean and median of the primary score over participants;
* КВ (коэффициент выполнения) = sum of primary scores / (participants × maximum score);
  the maximum is the sum of the task maxima in the file's headers, else the scale's maximum,
  else the sum of the task maxima found in the data (see :func:`task_maxima`);
* per-task completion = points on the task / (participants × the task's maximum), every
  participant counted («X», «не пройд.» and empty cells are 0 points);
* успеваемость = share of «3»–«5», качество = share of «4»–«5»;
* comparison with the previous-term journal mark, over participants who have one:
  понизили (ВПР mark below the journal mark), подтвердили (equal), повысили (above).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .problems import ImportRejected, Problem

if TYPE_CHECKING:
    from .scales import ScaleSpec
    from .vpr_protocol import Protocol


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
    mark2: int
    mark3: int
    mark4: int
    mark5: int
    mean_score: float | None
    median_score: float | None
    max_score: float
    kv: float | None
    journal_lower: int
    journal_same: int
    journal_higher: int
    tasks: list[TaskCompletion] = field(default_factory=list)

    @property
    def success(self) -> float | None:
        """Успеваемость: share of «3», «4» and «5»."""
        return (self.mark3 + self.mark4 + self.mark5) / self.participants if self.participants else None

    @property
    def quality(self) -> float | None:
        """Качество: share of «4» and «5»."""
        return (self.mark4 + self.mark5) / self.participants if self.participants else None

    @property
    def share2(self) -> float | None:
        return self.mark2 / self.participants if self.participants else None


@dataclass
class Maxima:
    tasks: list[float]
    total: float
    source: str  # Russian: where the maxima came from
    warnings: list[str] = field(default_factory=list)


def task_maxima(protocol: Protocol, scale: ScaleSpec | None) -> Maxima:
    """The maximum of each task and of the whole work.

    The 2022 layout writes each task's maximum in its header. The 2020 and 2021 layouts do
    not; there the maximum of a task is the largest value that at least a few participants
    reached (a single «2» in a 1-point task among 26,000 rows is a typing error, not the
    maximum). The total is the headers' sum, else the scale's maximum, else that sum.
    """
    import numpy as np

    warnings: list[str] = []
    if protocol.task_max and all(m is not None for m in protocol.task_max):
        tasks = [float(m) for m in protocol.task_max if m is not None]
        total = float(sum(tasks))
        source = "максимумы заданий из заголовков файла"
        if scale is not None and scale.max_score is not None and scale.max_score != total:
            warnings.append(f"сумма максимумов заданий в файле ({total:g}) не равна максимуму шкалы "
                            f"({scale.max_score:g}); КВ считается от {total:g}")
        return Maxima(tasks, total, source, warnings)
    present = ~protocol.absent
    n_present = int(present.sum())
    min_count = 1 if n_present < 1000 else max(2, n_present // 2000)
    tasks = []
    for k in range(protocol.points.shape[1]):
        values, counts = np.unique(protocol.points[present, k], return_counts=True)
        frequent = values[counts >= min_count]
        tasks.append(float(frequent.max()) if frequent.size else 0.0)
    found = float(sum(tasks))
    above = int((protocol.points[present] > np.array(tasks)).sum())
    if above:
        warnings.append(f"баллов за задание больше максимума, найденного по данным файла: {above} — "
                        "для выполнения заданий засчитан максимум")
    if scale is not None and scale.max_score is not None:
        total = float(scale.max_score)
        source = "максимумы заданий по данным файла, максимальный балл из шкалы"
        if total != found:
            warnings.append(f"сумма максимумов заданий по данным файла ({found:g}) не равна максимальному "
                            f"баллу шкалы ({total:g}); КВ считается от {total:g}")
    else:
        total = found
        source = "максимумы заданий по данным файла (в файле их нет)"
    return Maxima(tasks, total, source, warnings)


def vpr_marks(protocol: Protocol, scale: ScaleSpec | None) -> Any:
    """One mark per row (0 for the absent)."""
    import numpy as np

    if protocol.marks is not None:
        return protocol.marks
    if scale is None:
        raise ImportRejected([Problem(protocol.file, "в файле нет отметок и нет шкалы перевода")])
    scores = np.nan_to_num(protocol.scores, nan=-1.0)
    marks = (2 + (scores >= scale.min3).astype(np.int8) + (scores >= scale.min4).astype(np.int8)
             + (scores >= scale.min5).astype(np.int8))
    marks[protocol.absent] = 0
    return marks.astype(np.int8)


def aggregate(protocol: Protocol, scale: ScaleSpec | None, maxima: Maxima | None = None,
              numbers: set[str] | None = None) -> list[SchoolAggregate]:
    """Aggregates for every school of the protocol (or only those whose login number is given)."""
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
    by_mark = {m: count(marks == m) for m in (2, 3, 4, 5)}
    scores = protocol.scores[present]
    score_sum = np.bincount(pidx, weights=scores, minlength=n_schools)
    journals = protocol.journals
    has_journal = present & (journals > 0)
    lower = count(has_journal & (marks < journals))
    same = count(has_journal & (marks == journals))
    higher = count(has_journal & (marks > journals))
    task_max = np.array(maxima.tasks, dtype=np.float64)
    capped = np.minimum(protocol.points[present], task_max) if task_max.size else protocol.points[present]
    task_sums = np.stack([np.bincount(pidx, weights=capped[:, k], minlength=n_schools)
                          for k in range(capped.shape[1])], axis=1) if capped.shape[1] else None
    # medians: scores sorted within each school
    order = np.lexsort((scores, pidx))
    sorted_scores, sorted_idx = scores[order], pidx[order]
    starts = np.searchsorted(sorted_idx, np.arange(n_schools), side="left")

    # plain lists: element access from Python is much cheaper than on numpy arrays
    participants_l, absent_l, score_sum_l = participants.tolist(), absent.tolist(), score_sum.tolist()
    marks_l = {m: by_mark[m].tolist() for m in by_mark}
    lower_l, same_l, higher_l, starts_l = lower.tolist(), same.tolist(), higher.tolist(), starts.tolist()
    task_sums_l = task_sums.tolist() if task_sums is not None else None
    sorted_l = sorted_scores.tolist()
    result = []
    for school in protocol.schools.values():
        if numbers is not None and school.number not in numbers:
            continue
        i = school.index
        n = participants_l[i]
        if n:
            block = sorted_l[starts_l[i]:starts_l[i] + n]
            half = n // 2
            median = block[half] if n % 2 else (block[half - 1] + block[half]) / 2
            mean = score_sum_l[i] / n
            kv = score_sum_l[i] / (n * maxima.total) if maxima.total else None
        else:
            median = mean = kv = None
        sums_i = task_sums_l[i] if task_sums_l is not None else []
        tasks = [TaskCompletion(label, top, sums_i[k] / (n * top) if n and top and sums_i else None)
                 for k, (label, top) in enumerate(zip(protocol.tasks, maxima.tasks, strict=True))]
        result.append(SchoolAggregate(
            number=school.number, participants=n, absent=absent_l[i],
            mark2=marks_l[2][i], mark3=marks_l[3][i], mark4=marks_l[4][i], mark5=marks_l[5][i],
            mean_score=mean, median_score=median, max_score=maxima.total, kv=kv,
            journal_lower=lower_l[i], journal_same=same_l[i], journal_higher=higher_l[i], tasks=tasks))
    return result
