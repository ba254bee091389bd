"""Signs of non-objective ВПР results.

1. ВПР marks far above the journal: the share of pupils whose ВПР mark is higher than their
   journal mark («повысили») is at least ``higher_share_max`` (default 15 %). In a typical
   school only a few per cent get a higher mark at ВПР than in the journal.
2. The reverse: the share «понизили» (ВПР mark below the journal mark) is at least
   ``lower_share_max`` (default 50 %) — journal marks inflated.
   Shares are over понизили + подтвердили + повысили (else over the number of marks).
3. A school's ВПР quality far above its own usual picture: the school's gap between the ВПР
   quality and its reference quality (the year's journal marks — procedure «успеваемость» of the
   same year, grade and subject — or, failing that and for 5th grade and up, ОГЭ of the same year
   and subject) exceeds the district's same gap by at least ``quality_gap_max`` (default 20
   percentage points). Comparing with the district's gap removes the difference that the two
   procedures have everywhere.

Schools with fewer than ``min_participants`` participants are not judged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..models.enums import LabelledEnum, Procedure
from ..russian import number, percent
from ..store.database import Database
from ..store.settings import read_setting, write_setting
from . import AnalyticsError
from .district import district_value
from .explain import slice_label
from .frame import ResultNumbers, SchoolRow, SliceKey, group_by_slice, load_rows, subject_key
from .indicators import BY_KEY, half_up, marks_total

SETTINGS_KEY = "analytics.objectivity"
EPS = 1e-9


@dataclass(frozen=True)
class ObjectivitySettings:
    higher_share_max: float = 0.15
    lower_share_max: float = 0.50
    quality_gap_max: float = 0.20
    min_participants: int = 10
    reference_procedures: tuple[str, ...] = (Procedure.PROGRESS.value, Procedure.OGE.value)
    oge_from_grade: int = 5  # ОГЭ is a reference only for ВПР of basic school (5th grade and up)

    def __post_init__(self) -> None:
        for name in ("higher_share_max", "lower_share_max", "quality_gap_max"):
            if not 0 < getattr(self, name) <= 1:
                raise AnalyticsError("Пороги признаков необъективности — доли от 0 до 1.")
        if self.min_participants < 0:
            raise AnalyticsError("Минимальное число участников не может быть отрицательным.")

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["reference_procedures"] = list(self.reference_procedures)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ObjectivitySettings:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "reference_procedures" in values:
            values["reference_procedures"] = tuple(values["reference_procedures"])
        return cls(**values)


def load_settings(session: Session) -> ObjectivitySettings:
    data = read_setting(session, SETTINGS_KEY)
    if data is None:
        return ObjectivitySettings()
    try:
        return ObjectivitySettings.from_json(data)
    except (AnalyticsError, TypeError, AttributeError) as exc:
        raise AnalyticsError(
            f"Настройки признаков необъективности повреждены ({exc}); сохраните их заново."
        ) from exc


def save_settings(db: Database, settings: ObjectivitySettings) -> None:
    write_setting(db, SETTINGS_KEY, settings.to_json())


class SignKind(LabelledEnum):
    ABOVE_JOURNAL = "vpr_above_journal", "отметки ВПР выше журнальных"
    BELOW_JOURNAL = "vpr_below_journal", "отметки ВПР ниже журнальных"
    ABOVE_REFERENCE = "vpr_above_reference", "качество ВПР выше обычной картины школы"


@dataclass(frozen=True)
class ObjectivitySign:
    kind: SignKind
    row: SchoolRow  # the ВПР row
    value: float  # the share, or the excess gap (a share of pupils: 0.25 = 25 п.п.)
    threshold: float
    sentence: str
    reference: SchoolRow | None = None


def journal_shares(numbers: ResultNumbers) -> tuple[float, float, float] | None:
    """(понизили, подтвердили, повысили) as shares, or None when the counts are not there."""
    lower, same, higher = numbers.journal_lower, numbers.journal_same, numbers.journal_higher
    if lower is None or higher is None:
        return None
    total: int | None = lower + (same or 0) + higher if same is not None else marks_total(numbers)
    if not total:
        return None
    return lower / total, (total - lower - higher) / total, higher / total


def _pct(share: float) -> str:
    return BY_KEY["quality"].format(share)


def _pp(share_difference: float) -> str:
    """0.365 -> «36,5 п.п.» (percentage points)."""
    return f"{number(half_up(share_difference * 100, 1), 1)}\u00a0п.\u00a0п."


def _reference_label(procedure: str) -> str:
    if procedure == Procedure.PROGRESS.value:
        return "по итогам года (журнал)"
    return f"по {Procedure(procedure).label}" if procedure in Procedure._value2member_map_ else procedure


def _journal_signs(row: SchoolRow, settings: ObjectivitySettings) -> list[ObjectivitySign]:
    shares = journal_shares(row.numbers)
    if shares is None:
        return []
    lower, _same, higher = shares
    label = slice_label(row.key)
    signs = []
    if higher >= settings.higher_share_max - EPS:
        signs.append(ObjectivitySign(
            SignKind.ABOVE_JOURNAL, row, higher, settings.higher_share_max,
            f"{label}: отметку выше журнальной получили {_pct(higher)} участников "
            f"(порог {percent(settings.higher_share_max, 0)}) — проверьте объективность проведения "
            f"и проверки ВПР",
        ))
    if lower >= settings.lower_share_max - EPS:
        signs.append(ObjectivitySign(
            SignKind.BELOW_JOURNAL, row, lower, settings.lower_share_max,
            f"{label}: отметку ниже журнальной получили {_pct(lower)} участников "
            f"(порог {percent(settings.lower_share_max, 0)}) — проверьте объективность текущего "
            f"оценивания",
        ))
    return signs


def signs_from_rows(
    rows: Iterable[SchoolRow], settings: ObjectivitySettings | None = None,
) -> list[ObjectivitySign]:
    """All signs in the rows: ВПР rows are judged; reference rows (журнал, ОГЭ) are compared with."""
    settings = settings or ObjectivitySettings()
    groups = group_by_slice(rows)
    # district quality of every slice, weighted by the number of marks
    district_quality = {key: district_value(g, "quality", "weighted", key).value for key, g in groups.items()}
    by_school_slice: dict[tuple[int, int, str, int | None, str], SchoolRow] = {}
    reference_keys: dict[tuple[int, str, int | None, str], SliceKey] = {}
    for key, group in groups.items():
        if key.procedure == Procedure.VPR.value:
            continue
        grade = key.grade if key.procedure == Procedure.PROGRESS.value else None
        reference_keys[(key.year, key.procedure, grade, subject_key(key.subject))] = key
        for r in group:
            by_school_slice[(r.school_id, key.year, key.procedure, grade, subject_key(key.subject))] = r

    signs: list[ObjectivitySign] = []
    for key, group in sorted(groups.items()):
        if key.procedure != Procedure.VPR.value:
            continue
        for row in group:
            if row.participants is not None and row.participants < settings.min_participants:
                continue
            signs.extend(_journal_signs(row, settings))
            sign = _reference_sign(row, settings, by_school_slice, reference_keys, district_quality)
            if sign is not None:
                signs.append(sign)
    return signs


def _reference_sign(
    row: SchoolRow, settings: ObjectivitySettings,
    by_school_slice: dict[tuple[int, int, str, int | None, str], SchoolRow],
    reference_keys: dict[tuple[int, str, int | None, str], SliceKey],
    district_quality: dict[SliceKey, float | None],
) -> ObjectivitySign | None:
    key = row.key
    q_vpr = row.value("quality")
    d_vpr = district_quality.get(key)
    if q_vpr is None or d_vpr is None:
        return None
    for proc in settings.reference_procedures:
        if proc == Procedure.OGE.value and key.grade < settings.oge_from_grade:
            continue
        grade = key.grade if proc == Procedure.PROGRESS.value else None
        ref_key = reference_keys.get((key.year, proc, grade, subject_key(key.subject)))
        ref = by_school_slice.get((row.school_id, key.year, proc, grade, subject_key(key.subject)))
        if ref is None or ref_key is None:
            continue
        q_ref = ref.value("quality")
        d_ref = district_quality.get(ref_key)
        if q_ref is None or d_ref is None:
            continue
        excess = (q_vpr - q_ref) - (d_vpr - d_ref)
        if excess < settings.quality_gap_max - EPS:
            return None
        where = _reference_label(proc)
        limit = number(settings.quality_gap_max * 100, 0)
        sentence = (
            f"{slice_label(key)}: качество по ВПР {_pct(q_vpr)} при {_pct(q_ref)} {where}; "
            f"разрыв {_pp(q_vpr - q_ref)} при районном {_pp(d_vpr - d_ref)} "
            f"— больше на {_pp(excess)} (порог {limit}\u00a0п.\u00a0п.)"
        )
        return ObjectivitySign(SignKind.ABOVE_REFERENCE, row, excess, settings.quality_gap_max, sentence, ref)
    return None


def find_signs(
    session: Session,
    *,
    year: int,
    grade: int | None = None,
    subject: str | None = None,
    settings: ObjectivitySettings | None = None,
) -> list[ObjectivitySign]:
    """Signs of non-objective ВПР results of a year (optionally one grade and subject)."""
    settings = settings or load_settings(session)
    rows: list[SchoolRow] = list(load_rows(session, years=year, procedure=Procedure.VPR, grade=grade,
                                           subject=subject))
    for proc in settings.reference_procedures:
        rows.extend(load_rows(session, years=year, procedure=proc, subject=subject,
                              grade=grade if proc == Procedure.PROGRESS.value else None))
    return signs_from_rows(rows, settings)


def sign_sentences(signs: Sequence[ObjectivitySign]) -> list[str]:
    return [s.sentence for s in signs]
