"""The social-well-being index of a school (индекс социального благополучия). Qt-free.

Computed from the school's context answers of a year (:class:`~shnor_desktop.models.SchoolContext`:
the ФИС ОКО context form, the demo's answers, or what the methodist typed from the school's social
passport). Each **component** turns one answer into a score from 0 (the most adverse) to 1 (the
best-off); the index is the weighted mean of the scores the school has:

    index = Σ wᵢ·sᵢ / Σ wᵢ   over the components with an answer and a weight wᵢ > 0

so it is 0..1 and **higher means better conditions**. ``coverage`` is the share of the total
weight the school's answers cover (an index resting on one answer out of eleven says little).
The weights are shown and edited on the page and kept in the ``setting`` table under
``social_index_weights``; :data:`COMPONENTS` documents every rule and its default weight.

Which year's answers: those of the year asked for; failing that the nearest earlier year, then
the nearest later one (social conditions change slowly and the forms are not filled every year).
Several contexts of one year (the form and a manual entry) are merged, the manual entry first.

For the quadrant of the analytics (:mod:`shnor_desktop.analytics.ior`):
``social_axis_from_mapping(social_index_by_school(session, year))`` or :func:`social_axis`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import School, SchoolContext, Setting
from ..russian import parse_number, parse_share
from ..validation import Errors
from .profiles import status_texts
from .social_axis import SocialAxis, social_axis_from_mapping, social_axis_from_statuses

log = logging.getLogger(__name__)

WEIGHTS_SETTING = "social_index_weights"
MANUAL_SOURCE = "Социальный паспорт ОО (ввод в программе)"
MAX_WEIGHT = 100.0


def _norm(text: Any) -> str:
    value = str(text or "").lower().replace("ё", "е")
    value = re.sub(r"^\s*\d+\s*[.)]\s*", "", value)
    return re.sub(r"\s+", " ", value).strip()


@dataclass
class ContextFacts:
    """The answers of one school in one year that the components read."""

    year: int
    settlement_type: str = ""
    settlement_size: str = ""
    transport: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def answer(self, *keys: str) -> Any:
        for key in keys:
            value = self.answers.get(key)
            if value not in (None, ""):
                return value
        return None

    def answer_matching(self, pattern: str) -> Any:
        regex = re.compile(pattern)
        for key, value in self.answers.items():
            if value not in (None, "") and regex.search(_norm(key)):
                return value
        return None


# --- turning answers into scores ----------------------------------------------------------------


def share_value(value: Any) -> float | None:
    """0.31, «0,31», 31, «31 %» -> 0.31; None for anything else or out of 0..100 %."""
    try:
        number = parse_share(value)
    except ValueError:
        return None
    return number if 0 <= number <= 1 else None


def _number(value: Any) -> float | None:
    try:
        return parse_number(value)[0]
    except ValueError:
        return None


def adverse_share(cap: float) -> Callable[[float], float]:
    """A share where more is worse: 0 -> 1, ``cap`` and more -> 0, linear between."""
    return lambda share: 1 - min(share / cap, 1.0)


def favourable_share(cap: float) -> Callable[[float], float]:
    """A share where more is better: 0 -> 0, ``cap`` and more -> 1, linear between."""
    return lambda share: min(share / cap, 1.0)


def settlement_type_score(facts: ContextFacts) -> float | None:
    text = _norm(facts.settlement_type)
    if not text:
        return None
    if "столица" in text or "административный центр" in text:
        return 1.0
    if "городского типа" in text:
        return 0.5
    if "сельского типа" in text or text in {"село", "деревня", "сельская местность"}:
        return 0.0
    if text.startswith("город"):
        return 0.75
    return None


_SIZE_SCORES = ((1, 0.0), (5, 0.2), (10, 0.35), (50, 0.5), (100, 0.65), (450, 0.8), (680, 0.9))


def settlement_thousands(text: str) -> tuple[float, float] | None:
    """«1–5 тыс. человек» -> (1, 5); «Менее 1 тыс.» -> (0, 1); «Более 680 тыс.» -> (680, inf)."""
    value = _norm(text)
    if not value:
        return None
    numbers = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", value)]
    if not numbers:
        return None
    if value.startswith("менее") or value.startswith("до "):
        return (0.0, numbers[0])
    if value.startswith("более") or value.startswith("свыше"):
        return (numbers[0], float("inf"))
    if len(numbers) >= 2:
        return (numbers[0], numbers[1])
    return None


def settlement_size_score(facts: ContextFacts) -> float | None:
    bounds = settlement_thousands(facts.settlement_size)
    if bounds is None:
        return None
    upper = bounds[1]
    for limit, score in _SIZE_SCORES:
        if upper <= limit:
            return score
    return 1.0


def transport_score(facts: ContextFacts) -> float | None:
    text = _norm(facts.transport)
    if not text:
        bounds = settlement_thousands(facts.settlement_size)
        # the form skips the question for a school in a city of 100 thousand and more
        return 1.0 if bounds is not None and bounds[0] >= 100 else None
    if "ежедневно ездить" in text:
        return 1.0
    if "в тот же день" in text:
        return 2 / 3
    if "не менее двух дней" in text:
        return 1 / 3
    if "затруднительн" in text or "невозможн" in text:
        return 0.0
    return None


def distance_score(facts: ContextFacts) -> float | None:
    km = _number(facts.answer("distance_to_centre_km"))
    if km is None or km < 0:
        return None
    return 1 - min(km / 100, 1.0)


def _share_component(keys: tuple[str, ...], transform: Callable[[float], float]
                     ) -> Callable[[ContextFacts], float | None]:
    def score(facts: ContextFacts) -> float | None:
        share = share_value(facts.answer(*keys))
        return None if share is None else transform(share)
    return score


def aop_share(facts: ContextFacts) -> float | None:
    """The share of pupils with ОВЗ / on adapted programmes: ``share_ovz`` or, from the ФИС ОКО
    form, the pupils on АОП among the pupils of the birth years the form asks about."""
    direct = share_value(facts.answer("share_ovz"))
    if direct is not None:
        return direct
    totals: dict[str, float] = {}
    aop: dict[str, float] = {}
    last_year = None
    for key, value in facts.answers.items():
        text = _norm(key).strip('"')
        number = _number(value)
        if number is None:
            continue
        match = re.search(r"общее количество обучающихся.*?(\d{4}) года рождения", text)
        if match:
            totals[match.group(1)] = number
            last_year = match.group(1)
            continue
        match = re.search(r"(\d{4}) г\. ?р\.?,? обучающихся по аоп", text)
        if match:
            aop[match.group(1)] = number
        elif text.startswith("из них обучаются по адаптированным") and last_year is not None:
            aop[last_year] = number
    years = [y for y in aop if totals.get(y)]
    if not years:
        return None
    total = sum(totals[y] for y in years)
    return min(sum(aop[y] for y in years) / total, 1.0) if total else None


def ovz_score(facts: ContextFacts) -> float | None:
    share = aop_share(facts)
    return None if share is None else adverse_share(0.15)(share)


def parents_score(facts: ContextFacts) -> float | None:
    text = _norm(facts.answer_matching(r"откликаются на приглашение") or facts.answer("parents_response"))
    if not text:
        return None
    if text.startswith("почти все"):
        return 1.0
    if text.startswith("примерно половина"):
        return 0.5
    if text.startswith("лишь некоторые"):
        return 0.0
    return None


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    rule: str  # how the answer becomes a score, for the page
    default_weight: float
    score: Callable[[ContextFacts], float | None]
    share_key: str = ""  # the answers key a person can type on the page ('' — not a share)


COMPONENTS: tuple[Component, ...] = (
    Component("settlement_type", "Тип населённого пункта",
              "административный центр (столица) субъекта — 1; город — 0,75; посёлок городского "
              "типа — 0,5; сельский населённый пункт — 0", 1.0, settlement_type_score),
    Component("settlement_size", "Размер населённого пункта",
              "менее 1 тыс. жителей — 0; 1–5 тыс. — 0,2; 5–10 тыс. — 0,35; 10–50 тыс. — 0,5; "
              "50–100 тыс. — 0,65; 100–450 тыс. — 0,8; 450–680 тыс. — 0,9; более 680 тыс. — 1",
              1.0, settlement_size_score),
    Component("transport", "Транспортная доступность крупного города",
              "можно ездить ежедневно — 1; съездить и вернуться в тот же день — 0,67; нужно не "
              "менее двух дней — 0,33; поездки затруднительны — 0; вопрос пропущен школой в городе "
              "от 100 тыс. жителей — 1", 1.0, transport_score),
    Component("distance", "Удалённость от районного центра",
              "0 км — 1; 100 км и дальше — 0; между ними — пропорционально", 1.0, distance_score,
              "distance_to_centre_km"),
    Component("low_income", "Обучающиеся из малообеспеченных семей",
              "доля 0 % — 1; 50 % и больше — 0; между ними — пропорционально", 2.0,
              _share_component(("share_low_income",), adverse_share(0.5)), "share_low_income"),
    Component("single_parent", "Обучающиеся из неполных семей",
              "доля 0 % — 1; 40 % и больше — 0; между ними — пропорционально", 1.0,
              _share_component(("share_single_parent",), adverse_share(0.4)), "share_single_parent"),
    Component("registered_families", "Семьи в социально опасном положении (на учёте)",
              "доля 0 % — 1; 10 % и больше — 0; между ними — пропорционально", 1.0,
              _share_component(("share_registered_families",), adverse_share(0.1)),
              "share_registered_families"),
    Component("parents_higher_education", "Родители с высшим образованием",
              "доля 0 % — 0; 50 % и больше — 1; между ними — пропорционально", 2.0,
              _share_component(("share_parents_higher_education",), favourable_share(0.5)),
              "share_parents_higher_education"),
    Component("non_russian_home", "Обучающиеся, говорящие дома не на русском языке",
              "доля 0 % — 1; 30 % и больше — 0; между ними — пропорционально", 1.0,
              _share_component(("share_non_russian_home",), adverse_share(0.3)),
              "share_non_russian_home"),
    Component("ovz", "Обучающиеся с ОВЗ / по адаптированным программам",
              "доля 0 % — 1; 15 % и больше — 0; между ними — пропорционально (в форме ФИС ОКО — "
              "обучающиеся по АОП среди обучающихся указанных в форме годов рождения)", 1.0,
              ovz_score, "share_ovz"),
    Component("parents_engagement", "Отклик родителей на приглашения школы (форма 2021 г.)",
              "почти все родители — 1; примерно половина — 0,5; лишь некоторые — 0", 1.0,
              parents_score),
)
COMPONENT_KEYS = tuple(c.key for c in COMPONENTS)
DEFAULT_WEIGHTS: dict[str, float] = {c.key: c.default_weight for c in COMPONENTS}


def component(key: str) -> Component:
    for c in COMPONENTS:
        if c.key == key:
            return c
    raise KeyError(key)


def scores_of(facts: ContextFacts) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for c in COMPONENTS:
        try:
            out[c.key] = c.score(facts)
        except (TypeError, ValueError):
            log.exception("social index component %s failed on %s", c.key, facts)
            out[c.key] = None
    return out


def combine(scores: Mapping[str, float | None],
            weights: Mapping[str, float]) -> tuple[float | None, float]:
    """(index, coverage): the weighted mean of the present scores and the share of the total
    weight they carry. (None, 0) when no weighted component has a score."""
    total = sum(w for w in weights.values() if w > 0)
    used = 0.0
    acc = 0.0
    for key, weight in weights.items():
        score = scores.get(key)
        if weight > 0 and score is not None:
            used += weight
            acc += weight * score
    if used == 0:
        return None, 0.0
    return acc / used, (used / total if total else 0.0)


# --- weights ------------------------------------------------------------------------------------


def load_weights(session: Session) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    setting = session.get(Setting, WEIGHTS_SETTING)
    if setting is not None and isinstance(setting.value, dict):
        for key, value in setting.value.items():
            if key in weights and isinstance(value, (int, float)) and not isinstance(value, bool):
                weights[key] = float(value)
    return weights


def validate_weights(weights: Mapping[str, Any]) -> dict[str, float]:
    errors = Errors()
    clean: dict[str, float] = {}
    for key in COMPONENT_KEYS:
        value = weights.get(key, DEFAULT_WEIGHTS[key])
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_WEIGHT:
            errors.add(key, f"{component(key).label}: вес — число от 0 до {MAX_WEIGHT:g}.")
            continue
        clean[key] = float(value)
    unknown = set(weights) - set(COMPONENT_KEYS)
    if unknown:
        errors.add("weights", "Неизвестные составляющие индекса: " + ", ".join(sorted(unknown)))
    if clean and len(clean) == len(COMPONENT_KEYS) and not any(v > 0 for v in clean.values()):
        errors.add("weights", "Хотя бы одна составляющая индекса должна иметь вес больше нуля.")
    errors.raise_if_any()
    return clean


def save_weights(session: Session, weights: Mapping[str, Any]) -> dict[str, float]:
    clean = validate_weights(weights)
    setting = session.get(Setting, WEIGHTS_SETTING)
    if setting is None:
        session.add(Setting(key=WEIGHTS_SETTING, value=clean))
    else:
        setting.value = clean
    session.flush()
    return clean


def reset_weights(session: Session) -> dict[str, float]:
    setting = session.get(Setting, WEIGHTS_SETTING)
    if setting is not None:
        session.delete(setting)
        session.flush()
    return dict(DEFAULT_WEIGHTS)


# --- the contexts -------------------------------------------------------------------------------


def _merge(year: int, contexts: Iterable[SchoolContext]) -> ContextFacts:
    ordered = sorted(contexts, key=lambda c: (c.source != MANUAL_SOURCE, -(c.id or 0)))
    facts = ContextFacts(year=year)
    for c in reversed(ordered):  # the first (preferred) context is applied last and wins
        for name in ("settlement_type", "settlement_size", "transport"):
            value = getattr(c, name) or ""
            if value:
                setattr(facts, name, value)
        facts.answers.update({k: v for k, v in (c.answers or {}).items() if v not in (None, "")})
    facts.sources = [f"{c.source or 'без источника'} ({c.year})" for c in ordered]
    return facts


def facts_for_year(contexts: Iterable[SchoolContext], year: int) -> ContextFacts | None:
    """The school's answers of ``year`` or of the nearest year that has them (earlier first)."""
    by_year: dict[int, list[SchoolContext]] = {}
    for c in contexts:
        by_year.setdefault(c.year, []).append(c)
    if not by_year:
        return None
    earlier = [y for y in by_year if y <= year]
    chosen = max(earlier) if earlier else min(by_year)
    return _merge(chosen, by_year[chosen])


@dataclass
class SchoolIndex:
    school_id: int
    login: str
    name: str
    context_year: int | None
    scores: dict[str, float | None]
    index: float | None
    coverage: float
    sources: list[str] = field(default_factory=list)
    statuses: str = ""  # «ШНОР, ШНСУ» in the year


def imported_facts(session: Session, school_id: int, year: int) -> ContextFacts | None:
    """What the ФИС ОКО forms of ``year`` say about the school (the answers typed into the program
    left out): the hints of the social passport form."""
    rows = session.scalars(select(SchoolContext).where(
        SchoolContext.school_id == school_id, SchoolContext.year == year,
        SchoolContext.source != MANUAL_SOURCE))
    contexts = list(rows)
    return facts_for_year(contexts, year) if contexts else None


def school_index(school: School, year: int, weights: Mapping[str, float]) -> SchoolIndex:
    facts = facts_for_year(school.contexts, year)
    if facts is None:
        return SchoolIndex(school.id, school.fis_login or "", school.short_name, None,
                           {k: None for k in COMPONENT_KEYS}, None, 0.0)
    scores = scores_of(facts)
    index, coverage = combine(scores, weights)
    return SchoolIndex(school.id, school.fis_login or "", school.short_name, facts.year, scores,
                       index, coverage, facts.sources)


def social_indices(session: Session, year: int, *,
                   weights: Mapping[str, float] | None = None) -> list[SchoolIndex]:
    """The index of every non-archived school, by name."""
    weights = load_weights(session) if weights is None else weights
    schools = session.scalars(select(School).options(selectinload(School.contexts))
                              .where(School.archived.is_(False)))

    statuses = status_texts(session, year)
    out = [school_index(s, year, weights) for s in schools]
    for row in out:
        row.statuses = statuses.get(row.school_id, "")
    out.sort(key=lambda i: (i.name.casefold(), i.school_id))
    return out


def social_index_by_school(session: Session, year: int) -> dict[int, float]:
    """school_id -> index (0..1, higher = better-off) for the quadrant's social axis; schools
    without any context answers are left out."""
    return {i.school_id: i.index for i in social_indices(session, year) if i.index is not None}


def social_axis(session: Session, year: int, *, adverse_quantile: float = 0.25) -> SocialAxis:
    """The quadrant's social axis from this index (adverse: the lower quartile by default)."""
    return social_axis_from_mapping(social_index_by_school(session, year),
                                    adverse_quantile=adverse_quantile,
                                    source=f"индекс социального благополучия ({year} г.)")


def quadrant_social_axis(session: Session, year: int, school_ids: Iterable[int]) -> SocialAxis:
    """The social axis for the quadrant of the schools ``school_ids`` (those with an ИОР): this
    index among them, adverse at most its lower quartile; when fewer than half of them (or fewer
    than three) have context answers, the ШНСУ statuses of the year instead."""
    ids = list(school_ids)
    wanted = set(ids)
    mapping = {k: v for k, v in social_index_by_school(session, year).items() if k in wanted}
    if len(mapping) < max(3, (len(ids) + 1) // 2):
        return social_axis_from_statuses(session, year, ids)
    return social_axis_from_mapping(mapping, source=f"индекс социального благополучия ({year} г.)")


# --- the methodist's own entry --------------------------------------------------------------------

MANUAL_TEXT_FIELDS = ("settlement_type", "settlement_size", "transport")
MANUAL_ANSWER_KEYS = tuple(c.share_key for c in COMPONENTS if c.share_key)


def manual_context(session: Session, school_id: int, year: int) -> SchoolContext | None:
    return session.scalar(select(SchoolContext).where(
        SchoolContext.school_id == school_id, SchoolContext.year == year,
        SchoolContext.source == MANUAL_SOURCE))


def save_manual_context(session: Session, school_id: int, year: int,
                        values: Mapping[str, Any]) -> SchoolContext | None:
    """Keep what the methodist typed for a school and year (settlement type, size, transport and
    the shares of :data:`MANUAL_ANSWER_KEYS`, as 0..1) in its own context row; empty values are
    dropped and an entry left empty is removed. The form's own rows are never touched."""
    errors = Errors()
    if session.get(School, school_id) is None:
        errors.add("school_id", "Школа не найдена.")
    if not 2000 <= year <= 2100:
        errors.add("year", "Год — четыре цифры, например 2025.")
    answers: dict[str, Any] = {}
    for key in MANUAL_ANSWER_KEYS:
        value = values.get(key)
        if value in (None, ""):
            continue
        if key == "distance_to_centre_km":
            number = _number(value)
            if number is None or not 0 <= number <= 2000:
                errors.add(key, "Расстояние — число километров от 0 до 2000.")
            else:
                answers[key] = number
            continue
        number = _number(value)
        if number is None or not 0 <= number <= 1:
            errors.add(key, f"{_share_label(key)}: доля от 0 до 100 %.")
        else:
            answers[key] = number
    errors.raise_if_any()
    texts = {name: str(values.get(name) or "").strip() for name in MANUAL_TEXT_FIELDS}
    row = manual_context(session, school_id, year)
    if not answers and not any(texts.values()):
        if row is not None:
            session.delete(row)
            session.flush()
        return None
    if row is None:
        row = SchoolContext(school_id=school_id, year=year, source=MANUAL_SOURCE, answers={})
        session.add(row)
    for name, value in texts.items():
        setattr(row, name, value)
    row.answers = answers
    session.flush()
    return row


def _share_label(key: str) -> str:
    return next((c.label for c in COMPONENTS if c.share_key == key), key)
