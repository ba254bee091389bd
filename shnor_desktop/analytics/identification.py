"""Identification of the risk and control groups: deviation from the district and the 15 % rule.

Deviation
    ``ratio = school / district``; ``deviation = ratio − 1`` for indicators where higher is better
    and ``1 − ratio`` where lower is better (доля «2», ниже минимума), so that "worse than the
    district" is always negative. No deviation when either value is missing or the district is 0.

The rule (seed 000, п. 2.2: «ниже районного уровня на 15 % и более»)
    a school is *below the line* on an indicator when ``deviation ≤ −threshold`` (default 0.15).
    It is flagged (группа риска) when it is below the line on at least one indicator of the set
    (default: качество, коэффициент выполнения, средний балл, медиана).

Small schools
    The regulation names no minimum number of participants, so by default every school 15 % or
    more below is flagged. Fewer participants than ``caveat_participants`` (default 10) adds a
    caveat to the sentence («мало участников: 5; вывод по одному году ненадёжен, смотрите
    динамику») instead of removing the flag. A district that decides otherwise sets
    ``min_participants`` (default 0, none): schools with fewer participants are then marked
    «мало участников» and neither flagged nor put in the control group; every output prints the
    value. A row whose participants are unknown (a table with mean scores only) is never small.

Control group (контрольная группа), our definition
    a school not in the risk group (and not small) that either
    (a) is close to the line: ``−threshold < deviation ≤ −threshold + margin`` on an indicator of
        the set, the margin being ``threshold / 3`` by default (between 15 % and 10 % below), or
    (b) was flagged in one of the earlier years of the stability window (the same test).

Stability
    flagged in k of the last m years (``stability_min_flagged`` of ``stability_years``,
    default 2 of 3), each year judged against that year's district level.

Dynamics
    each indicator of the set against the previous year: value, previous value, change
    (value − previous), improved / worsened taking the indicator's direction into account, and
    the deviations from the district in both years.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..models.enums import Procedure
from ..registry.scope import Scope, district_scope
from ..russian import percent
from ..store.database import Database
from ..store.settings import read_setting, write_setting
from . import AnalyticsError
from .district import MEAN_LABELS, DistrictValue, MeanKind, check_mean, district_value
from .explain import school_reason
from .frame import SchoolRow, SliceKey, group_by_slice, load_rows, one_session_per_year, parse_procedure
from .groups import CheckState, Group, Trend
from .indicators import Indicator, indicator
from .region import RegionLevel, region_level

SETTINGS_KEY = "analytics.identification"
EPS = 1e-9


@dataclass(frozen=True)
class IdentificationSettings:
    threshold: float = 0.15
    indicators: tuple[str, ...] = ("median", "kv", "mean_score")  # regulation 000, п. 1
    min_participants: int = 0  # the regulation names no minimum
    mean: MeanKind = "weighted"
    caveat_participants: int = 10  # fewer: the sentence carries a caveat, the flag stays
    control_margin: float | None = None  # None: threshold / 3
    stability_years: int = 3  # m
    stability_min_flagged: int = 2  # k

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise AnalyticsError("Порог должен быть больше 0 и меньше 1 (например, 0,15 — 15 %).")
        if not self.indicators:
            raise AnalyticsError("Выберите хотя бы один показатель.")
        keys = tuple(indicator(i).key for i in self.indicators)
        object.__setattr__(self, "indicators", tuple(dict.fromkeys(keys)))
        check_mean(self.mean)
        if self.min_participants < 0 or self.caveat_participants < 0:
            raise AnalyticsError("Минимальное число участников не может быть отрицательным.")
        if self.control_margin is not None and not 0 <= self.control_margin < 1:
            raise AnalyticsError("Зона контрольной группы должна быть от 0 до 1.")
        if self.stability_years < 1 or not 1 <= self.stability_min_flagged <= self.stability_years:
            raise AnalyticsError("Устойчивость: «k из m лет» требует 1 ≤ k ≤ m.")

    @property
    def margin(self) -> float:
        return self.threshold / 3 if self.control_margin is None else self.control_margin

    @property
    def indicator_objects(self) -> list[Indicator]:
        return [indicator(k) for k in self.indicators]

    def replace(self, **changes: Any) -> IdentificationSettings:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["indicators"] = list(self.indicators)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IdentificationSettings:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        # settings saved before the rule followed the regulation: «flag small schools» or the
        # old default of 10 (saved by opening the settings, not chosen) mean no minimum
        if "flag_small" in data and (data["flag_small"] or values.get("min_participants") == 10):
            values["min_participants"] = 0
        if "indicators" in values:
            values["indicators"] = tuple(values["indicators"])
        return cls(**values)

    def describe(self) -> str:
        """One Russian line for every output: the rule and the mean used."""
        names = ", ".join(indicator(k).name for k in self.indicators)
        return (f"порог {percent(self.threshold, 0)} ниже районного уровня; показатели: {names}; "
                f"районный уровень — {MEAN_LABELS[self.mean]}; {self.small_rule()}")

    def small_rule(self) -> str:
        """The minimum of participants as every output prints it."""
        if self.min_participants > 1:
            rule = f"школы, где участников меньше {self.min_participants}, не отмечаются (решение района)"
        else:
            rule = "минимальное число участников не задано (как в положении): отмечаются все школы"
        if self.caveat_participants > max(self.min_participants, 1):
            rule += f"; при числе участников меньше {self.caveat_participants} — оговорка"
        return rule


def load_settings(session: Session) -> IdentificationSettings:
    """The stored settings, or the defaults when none are stored."""
    data = read_setting(session, SETTINGS_KEY)
    if data is None:
        return IdentificationSettings()
    try:
        return IdentificationSettings.from_json(data)
    except (AnalyticsError, TypeError, AttributeError) as exc:
        raise AnalyticsError(f"Настройки выявления ШНОР повреждены ({exc}); сохраните их заново.") from exc


def save_settings(db: Database, settings: IdentificationSettings) -> None:
    write_setting(db, SETTINGS_KEY, settings.to_json())


def compare(
    value: float | None, district: float | None, ind: Indicator | str,
) -> tuple[float | None, float | None]:
    """(ratio, deviation): ratio = value / district; deviation sign-corrected, worse is negative."""
    ind = indicator(ind)
    if value is None or district is None or district == 0:
        return None, None
    ratio = value / district
    return ratio, (ratio - 1) * ind.direction.sign


def classify(deviation: float | None, threshold: float, margin: float) -> CheckState:
    if deviation is None:
        return CheckState.NO_DATA
    if deviation <= -threshold + EPS:
        return CheckState.BELOW
    if deviation <= -threshold + margin + EPS:
        return CheckState.NEAR
    return CheckState.OK


@dataclass(frozen=True)
class Check:
    """One school × one indicator in one slice."""

    row: SchoolRow
    indicator: Indicator
    district: DistrictValue
    ratio: float | None
    deviation: float | None
    state: CheckState
    small: bool  # fewer participants than the district's minimum: not flagged
    threshold: float
    caveat: bool = False  # few participants: flagged, with a caveat in the sentence

    @property
    def value(self) -> float | None:
        return self.row.value(self.indicator.key)

    @property
    def flagged(self) -> bool:
        return self.state is CheckState.BELOW and not self.small


def check_row(row: SchoolRow, district: DistrictValue, settings: IdentificationSettings) -> Check:
    ind = indicator(district.indicator)
    ratio, deviation = compare(row.value(ind.key), district.value, ind)
    participants = row.participants  # unknown counts cannot make a school "small"
    small = participants is not None and participants < settings.min_participants
    caveat = participants is not None and participants < settings.caveat_participants
    state = classify(deviation, settings.threshold, settings.margin)
    return Check(row, ind, district, ratio, deviation, state, small, settings.threshold, caveat)


@dataclass(frozen=True)
class SliceEvaluation:
    key: SliceKey
    district: dict[str, DistrictValue]
    checks: dict[int, list[Check]]  # school_id -> one check per indicator of the settings

    def flagged(self, school_id: int) -> bool:
        return any(c.flagged for c in self.checks.get(school_id, ()))


def evaluate_slice(rows: Sequence[SchoolRow], settings: IdentificationSettings) -> SliceEvaluation:
    """District level and every school's checks in one slice (one year)."""
    if not rows:
        raise AnalyticsError("Нет результатов в выбранном срезе.")
    key = rows[0].key
    district = {k: district_value(rows, k, settings.mean, key) for k in settings.indicators}
    checks = {r.school_id: [check_row(r, district[k], settings) for k in settings.indicators] for r in rows}
    return SliceEvaluation(key, district, checks)


@dataclass(frozen=True)
class Stability:
    window: tuple[int, ...]  # the last m years, oldest first
    flagged_years: tuple[int, ...]
    data_years: tuple[int, ...]  # years of the window in which the school has a result
    required: int  # k

    @property
    def count(self) -> int:
        return len(self.flagged_years)

    @property
    def stable(self) -> bool:
        return self.count >= self.required


@dataclass(frozen=True)
class Dynamics:
    indicator: Indicator
    year: int
    previous_year: int
    value: float | None
    previous: float | None
    deviation: float | None
    previous_deviation: float | None

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def trend(self) -> Trend | None:
        change = self.change
        if change is None:
            return None
        signed = change * self.indicator.direction.sign
        if signed > EPS:
            return Trend.IMPROVED
        if signed < -EPS:
            return Trend.WORSENED
        return Trend.SAME


def dynamics_of(current: Check, previous: Check | None, previous_year: int) -> Dynamics:
    return Dynamics(
        current.indicator, current.row.key.year, previous_year, current.value,
        None if previous is None else previous.value, current.deviation,
        None if previous is None else previous.deviation,
    )


@dataclass(frozen=True)
class SchoolResult:
    row: SchoolRow
    checks: list[Check]
    group: Group
    stability: Stability
    dynamics: list[Dynamics] = field(default_factory=list)

    @property
    def school_id(self) -> int:
        return self.row.school_id

    @property
    def small(self) -> bool:
        return any(c.small for c in self.checks)

    @property
    def caveat(self) -> bool:
        """Few participants: a one-year conclusion is unreliable (the sentence says so)."""
        return any(c.caveat for c in self.checks)

    @property
    def flagged(self) -> bool:
        return self.group is Group.RISK

    @property
    def flagged_checks(self) -> list[Check]:
        return [c for c in self.checks if c.flagged]

    @property
    def below_checks(self) -> list[Check]:
        return [c for c in self.checks if c.state is CheckState.BELOW]

    @property
    def near_checks(self) -> list[Check]:
        return [c for c in self.checks if c.state is CheckState.NEAR]

    @property
    def earlier_flagged_years(self) -> tuple[int, ...]:
        return tuple(y for y in self.stability.flagged_years if y < self.row.key.year)

    @property
    def worst(self) -> Check:
        """The check with the lowest deviation (the one deciding the flag); the first if none has data."""
        valued = [c for c in self.checks if c.deviation is not None]
        return min(valued, key=lambda c: c.deviation) if valued else self.checks[0]  # type: ignore[arg-type,return-value]

    def check(self, indicator_key: str) -> Check | None:
        return next((c for c in self.checks if c.indicator.key == indicator_key), None)

    @property
    def reason(self) -> str:
        return school_reason(self)


@dataclass(frozen=True)
class Identification:
    key: SliceKey
    settings: IdentificationSettings
    district: dict[str, DistrictValue]
    schools: list[SchoolResult]
    window: tuple[int, ...]
    scope_label: str = ""  # the district's municipality («г. Бийск»); empty: all schools given
    region: RegionLevel | None = None  # the second level, when known

    @property
    def risk_group(self) -> list[SchoolResult]:
        return [s for s in self.schools if s.group is Group.RISK]

    @property
    def control_group(self) -> list[SchoolResult]:
        return [s for s in self.schools if s.group is Group.CONTROL]

    @property
    def small_schools(self) -> list[SchoolResult]:
        return [s for s in self.schools if s.group is Group.SMALL]

    def school(self, school_id: int) -> SchoolResult | None:
        return next((s for s in self.schools if s.school_id == school_id), None)

    @property
    def mean_used(self) -> MeanKind:
        """The mean actually used (schools if any indicator had to fall back to it)."""
        if any(d.mean == "schools" for d in self.district.values()):
            return "schools"
        return self.settings.mean

    @property
    def mean_label(self) -> str:
        return MEAN_LABELS[self.mean_used]


def _group(current: list[Check], earlier_flagged: bool, settings: IdentificationSettings) -> Group:
    if all(c.state is CheckState.NO_DATA for c in current):
        return Group.NO_DATA
    if any(c.flagged for c in current):
        return Group.RISK
    if any(c.small for c in current):
        return Group.SMALL
    if earlier_flagged or any(c.state is CheckState.NEAR for c in current):
        return Group.CONTROL
    return Group.NONE


def identify_rows(
    rows: Iterable[SchoolRow], year: int, settings: IdentificationSettings | None = None,
) -> Identification:
    """Identify in the given year from rows of one test (one procedure × grade × subject, any years)."""
    settings = settings or IdentificationSettings()
    rows = list(rows)
    one_session_per_year(rows)
    current_rows = [r for r in rows if r.key.year == year]
    if not current_rows:
        raise AnalyticsError(f"Нет результатов за {year} г. в выбранном срезе.")
    key = current_rows[0].key
    if any(not r.key.same_test(key) for r in rows):
        raise AnalyticsError("Выявление ведётся по одной процедуре, одному классу и одному предмету.")

    by_year = {k.year: evaluate_slice(g, settings) for k, g in group_by_slice(rows).items()}
    window = tuple(range(year - settings.stability_years + 1, year + 1))
    current = by_year[year]
    previous = by_year.get(year - 1)

    schools: list[SchoolResult] = []
    for row in current_rows:
        checks = current.checks[row.school_id]
        data_years = tuple(y for y in window if y in by_year and row.school_id in by_year[y].checks)
        flagged_years = tuple(y for y in data_years if by_year[y].flagged(row.school_id))
        stability = Stability(window, flagged_years, data_years, settings.stability_min_flagged)
        earlier = any(y < year for y in flagged_years)
        prev_checks = previous.checks.get(row.school_id) if previous else None
        dynamics = [
            dynamics_of(c, None if prev_checks is None else prev_checks[i], year - 1)
            for i, c in enumerate(checks)
        ]
        group = _group(checks, earlier, settings)
        schools.append(SchoolResult(row, checks, group, stability, dynamics))
    return Identification(key, settings, current.district, schools, window)


def identify(
    session: Session,
    *,
    year: int,
    procedure: str | Procedure,
    grade: int,
    subject: str,
    settings: IdentificationSettings | None = None,
    session_name: str | None = None,
    scope: Scope | None = None,
) -> Identification:
    """Load the slice over the stability window (and the previous year) and identify in ``year``
    among the schools of ``scope`` (the district by default), with the region as second level."""
    settings = settings or load_settings(session)
    scope = scope if scope is not None else district_scope(session)
    span = max(settings.stability_years, 2)
    proc = parse_procedure(procedure)
    rows = load_rows(session, years=range(year - span + 1, year + 1), procedure=proc, grade=grade,
                     subject=subject, session_name=session_name, scope=scope)
    if not any(r.key.year == year for r in rows):
        where = "" if scope.everything else f" в районе ({scope.label})"
        raise AnalyticsError(
            f"Нет результатов{where}: {proc.label}, {grade} класс, «{subject}», {year} г."
        )
    result = identify_rows(rows, year, settings)
    region = region_level(session, result.key, settings.indicators, scope, settings.mean)
    return dataclasses.replace(result, scope_label="" if scope.everything else scope.label,
                               region=region)
