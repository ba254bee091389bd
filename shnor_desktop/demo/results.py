"""Simulated assessment results of the demo district.

For every school × year × test the pupils are drawn (a share of the maximum, normal around the
school's ability), marked by the test's scale and aggregated as an importer would: so counts of
marks, mean, median, КВ, shares and the comparison with journal marks always agree with each
other. Nothing here depends on the date or on the database; the same seed gives the same rows.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .. import russian
from ..models.enums import Procedure
from .schools import RESULT_YEARS, SchoolSpec

RUSSIAN = "Русский язык"
MATHS = "Математика"
MATHS_PROFILE = "Математика (профильный уровень)"
WORLD = "Окружающий мир"
HISTORY = "История"

# District level drifts a little from year to year
YEAR_DRIFT = {2023: 1.0, 2024: 0.985, 2025: 1.01}
SCALE_SOURCE = "Демонстрационная шкала (вымышленный район)"


@dataclass(frozen=True)
class TestSpec:
    procedure: str
    grade: int
    subject: str
    max_score: int
    min3: int  # lowest primary score for «3»
    min4: int
    min5: int
    base: float  # district mean as a share of the maximum
    spread: float = 0.17
    threshold: int | None = None  # the minimum score; below it counts in share_below_min
    cohort_share: float = 1.0  # share of the grade that writes it
    n_tasks: int = 0  # per-task completion rows (ВПР)

    @property
    def key(self) -> str:
        return f"{self.procedure}-{self.grade}-{self.subject}"


def _vpr(grade: int, subject: str, max_score: int, base: float, n_tasks: int) -> TestSpec:
    return TestSpec(
        Procedure.VPR.value, grade, subject, max_score,
        math.ceil(0.33 * max_score), math.ceil(0.58 * max_score), math.ceil(0.82 * max_score),
        base, n_tasks=n_tasks,
    )


VPR_TESTS: tuple[TestSpec, ...] = (
    _vpr(4, RUSSIAN, 38, 0.64, 12), _vpr(4, MATHS, 20, 0.62, 12), _vpr(4, WORLD, 32, 0.63, 10),
    _vpr(5, RUSSIAN, 45, 0.57, 12), _vpr(5, MATHS, 20, 0.56, 14), _vpr(5, HISTORY, 15, 0.58, 8),
    _vpr(6, RUSSIAN, 51, 0.56, 13), _vpr(6, MATHS, 20, 0.54, 13), _vpr(6, HISTORY, 20, 0.57, 10),
    _vpr(7, RUSSIAN, 47, 0.55, 14), _vpr(7, MATHS, 19, 0.53, 16), _vpr(7, HISTORY, 25, 0.56, 12),
    _vpr(8, RUSSIAN, 51, 0.54, 14), _vpr(8, MATHS, 25, 0.51, 19), _vpr(8, HISTORY, 25, 0.55, 12),
)
GIA_TESTS: tuple[TestSpec, ...] = (
    TestSpec(Procedure.OGE.value, 9, RUSSIAN, 33, 15, 23, 29, 0.66, spread=0.15, threshold=15),
    TestSpec(Procedure.OGE.value, 9, MATHS, 31, 8, 15, 22, 0.47, spread=0.17, threshold=8),
    TestSpec(Procedure.EGE.value, 11, RUSSIAN, 100, 24, 50, 72, 0.69, spread=0.14, threshold=24,
             cohort_share=0.96),
    TestSpec(Procedure.EGE.value, 11, MATHS_PROFILE, 100, 27, 50, 68, 0.55, spread=0.17,
             threshold=27, cohort_share=0.5),
)


def tests_for(school: SchoolSpec) -> list[TestSpec]:
    grades = set(school.grades)
    return [t for t in (*VPR_TESTS, *GIA_TESTS) if t.grade in grades]


@dataclass
class DemoResult:
    """One result row (the AssessmentResult columns) and its per-task completion."""

    school_n: int
    values: dict[str, Any]
    tasks: list[tuple[str, float, float]]  # (task, max points, completion)


def _task_maxima(test: TestSpec) -> list[tuple[int, float]]:
    """The fixed maxima and relative difficulty of a test's tasks (same for every school)."""
    rng = random.Random(f"demo-tasks:{test.key}")
    maxima = [1] * test.n_tasks
    for _ in range(test.max_score - test.n_tasks):
        candidates = [i for i, m in enumerate(maxima) if m < 4]
        maxima[rng.choice(candidates)] += 1
    return [(m, rng.uniform(0.7, 1.25)) for m in maxima]


def _mark(test: TestSpec, score: int) -> int:
    if score >= test.min5:
        return 5
    if score >= test.min4:
        return 4
    if score >= test.min3:
        return 3
    return 2


def _enrolment(school: SchoolSpec, rng: random.Random) -> dict[int, int]:
    """Pupils per grade in one year: senior grades are smaller."""
    weights = {g: (0.6 if g >= 10 else 1.0) for g in school.grades}
    per_unit = school.pupils / sum(weights.values())
    return {g: max(1, round(per_unit * w * rng.uniform(0.85, 1.15))) for g, w in weights.items()}


def _journal_delta(rng: random.Random, suspicious: bool) -> int:
    """Journal mark minus ВПР mark: +1 the work lowered the mark, -1 it raised it."""
    r = rng.random()
    if suspicious:
        return 1 if r < 0.04 else (0 if r < 0.52 else -1)
    return 1 if r < 0.22 else (0 if r < 0.94 else -1)


def _simulate(test: TestSpec, school: SchoolSpec, year: int, enrolled: int,
              rng: random.Random) -> tuple[dict[str, Any], list[tuple[str, float, float]]]:
    is_vpr = test.procedure == Procedure.VPR.value
    factor = school.ability[RESULT_YEARS.index(year)] * (1.0 if is_vpr else school.gia_factor)
    mu = test.base * YEAR_DRIFT[year] * factor * (1 + rng.gauss(0, 0.03))
    writers = max(1, round(enrolled * test.cohort_share))
    absent = rng.randint(0, round(writers * 0.08)) if is_vpr else 0
    participants = max(1, writers - absent)

    scores: list[int] = []
    marks = {2: 0, 3: 0, 4: 0, 5: 0}
    lower = same = higher = 0
    for _ in range(participants):
        share = min(1.0, max(0.0, rng.gauss(mu, test.spread)))
        score = round(share * test.max_score)
        scores.append(score)
        mark = _mark(test, score)
        marks[mark] += 1
        if is_vpr:
            journal = min(5, max(2, mark + _journal_delta(rng, school.suspicious)))
            if journal > mark:
                lower += 1
            elif journal < mark:
                higher += 1
            else:
                same += 1

    mean = sum(scores) / participants
    kv = mean / test.max_score
    below = sum(1 for s in scores if test.threshold is not None and s < test.threshold)
    values: dict[str, Any] = {
        "year": year,
        "procedure": test.procedure,
        "grade": test.grade,
        "subject": test.subject,
        "session": "весна" if is_vpr else "",
        "participants": participants,
        "absent": absent,
        "mark2": marks[2],
        "mark3": marks[3],
        "mark4": marks[4],
        "mark5": marks[5],
        "mean_score": round(mean, 2),
        "median_score": float(statistics.median(scores)),
        "max_score": float(test.max_score),
        "kv": round(kv, 4),
        "share_below_min": round(below / participants, 4) if test.threshold is not None else None,
        "share_80plus": (round(sum(1 for s in scores if s >= 80) / participants, 4)
                         if test.procedure == Procedure.EGE.value else None),
        "no_attestat": None,
        "journal_lower": lower if is_vpr else None,
        "journal_same": same if is_vpr else None,
        "journal_higher": higher if is_vpr else None,
    }
    return values, _tasks(test, kv, rng) if is_vpr else []


def _tasks(test: TestSpec, kv: float, rng: random.Random) -> list[tuple[str, float, float]]:
    """Per-task completion around the work's КВ, rescaled so the weighted mean is the КВ."""
    spec = _task_maxima(test)
    raw = [min(1.0, max(0.0, kv * difficulty + rng.gauss(0, 0.04))) for _, difficulty in spec]
    weighted = sum(c * m for c, (m, _) in zip(raw, spec, strict=True)) / test.max_score
    scale = kv / weighted if weighted > 0 else 1.0
    return [(str(i + 1), float(m), round(min(1.0, c * scale), 3))
            for i, (c, (m, _)) in enumerate(zip(raw, spec, strict=True))]


def simulate_results(schools: Iterable[SchoolSpec]) -> list[DemoResult]:
    out: list[DemoResult] = []
    for school in schools:
        for year in RESULT_YEARS:
            rng = random.Random(f"demo-results:{school.n}:{year}")
            enrolment = _enrolment(school, rng)
            for test in tests_for(school):
                values, tasks = _simulate(test, school, year, enrolment[test.grade], rng)
                out.append(DemoResult(school.n, values, tasks))
    return out


def grading_scales() -> list[dict[str, Any]]:
    """The ВПР scales the demo marks were given by, one per year × test."""
    return [
        {"procedure": t.procedure, "year": year, "grade": t.grade, "subject": t.subject,
         "variant": "", "max_score": float(t.max_score), "min3": float(t.min3),
         "min4": float(t.min4), "min5": float(t.min5), "source": SCALE_SOURCE}
        for year in RESULT_YEARS for t in VPR_TESTS
    ]


# --- levels and the words for statuses -------------------------------------------------------

SliceKey = tuple[int, str, int, str]  # year, procedure, grade, subject
FIFTEEN = russian.percent(0.15, 0)


def _slice(values: dict[str, Any]) -> SliceKey:
    return values["year"], values["procedure"], values["grade"], values["subject"]


def quality(values: dict[str, Any]) -> float:
    n = values["mark2"] + values["mark3"] + values["mark4"] + values["mark5"]
    return float(values["mark4"] + values["mark5"]) / float(n)


def district_quality(results: list[DemoResult]) -> dict[SliceKey, float]:
    """Participant-weighted district quality (share of «4» and «5») per slice."""
    good: dict[SliceKey, int] = defaultdict(int)
    total: dict[SliceKey, int] = defaultdict(int)
    for r in results:
        v = r.values
        key = _slice(v)
        good[key] += v["mark4"] + v["mark5"]
        total[key] += v["participants"]
    return {k: good[k] / total[k] for k in total}


def _label(key: SliceKey) -> str:
    _, procedure, grade, subject = key
    return f"{Procedure(procedure).label} {grade} кл., {subject.lower()}"


def shnor_reason(results: list[DemoResult], school_n: int, year: int) -> str:
    """Why a school is on the list, in words, from the simulated results of ``year``."""
    levels = district_quality(results)
    gaps: list[tuple[float, SliceKey, float]] = []
    total = 0
    for r in results:
        if r.school_n != school_n or r.values["year"] != year:
            continue
        total += 1
        key = _slice(r.values)
        own, district = quality(r.values), levels[key]
        if district > 0 and own <= 0.85 * district:
            gaps.append((1 - own / district, key, own))
    gaps.sort(key=lambda g: (-g[0], g[1]))
    if not gaps:
        return f"Результаты {year} г.: отставания от районного уровня на {FIFTEEN} и более нет."
    gap, key, own = gaps[0]
    return (
        f"Результаты {year} г.: качество ниже районного на {FIFTEEN} и более в {len(gaps)} из "
        f"{total} работ ВПР, ОГЭ и ЕГЭ; наибольшее отставание — {_label(key)}: "
        f"{russian.percent(own)} при районном {russian.percent(levels[key])} "
        f"(ниже на {russian.percent(gap, 0)})."
    )


def mean_quality(results: list[DemoResult], school_n: int, year: int, procedure: str) -> float:
    rows = [r.values for r in results if r.school_n == school_n and r.values["year"] == year
            and r.values["procedure"] == procedure]
    good = sum(v["mark4"] + v["mark5"] for v in rows)
    return float(good) / float(sum(v["participants"] for v in rows))
