"""What the start page shows, as plain values: the items needing attention and the ШНОР target.

No database here (stdlib and :mod:`shnor_desktop.russian` only), so the window can show a kept copy
of the start page (:mod:`.start_summary`) before the database layer has loaded;
:mod:`.attention` fills these from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import russian

NO_TARGET_TEXT = "Цель не задана."

KIND_LABELS = {
    "roadmap": "Дорожная карта",
    "visit": "Методический выезд",
    "recommendation": "Рекомендация после выезда",
    "agreement": "Договор о сотрудничестве",
    "plan_item": "План партнёрства",
    "risk_measure": "Антирисковая мера",
}
KIND_PAGES = {
    "roadmap": "roadmap", "visit": "visits", "recommendation": "visits",
    "agreement": "partnerships", "plan_item": "partnerships", "risk_measure": "risks",
}


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # a key of KIND_LABELS
    record_id: int
    what: str
    when: dt.date | None  # deadline, visit date, end of the agreement
    responsible: str = ""
    days_overdue: int = 0  # > 0 when the date has passed
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def page(self) -> str:
        return KIND_PAGES[self.kind]


def _share_text(percent: float) -> str:
    """29 -> «29 %», 29.4 -> «29,4 %» (as the user typed it)."""
    value = float(percent)
    return f"{russian.number(value, 0 if value.is_integer() else 1)} %"


@dataclass(frozen=True)
class TargetProgress:
    """The ШНОР count of the latest year against the target of the settings."""

    target: dict[str, Any] | None  # None: the district has not set one
    year: int | None  # the latest year with ШНОР statuses
    count: int
    schools: int  # non-archived schools in the registry

    @property
    def share(self) -> float | None:
        return self.count / self.schools if self.schools else None

    @property
    def reached(self) -> bool | None:
        if self.year is None or self.target is None:
            return None
        return self.count <= int(self.target["target_count"])

    def target_text(self) -> str:
        t = self.target
        if t is None:
            return NO_TARGET_TEXT
        return (f"{t['base_count']} ОО ({_share_text(t['base_percent'])}) в {t['base_year']} г. → "
                f"{t['target_count']} ОО ({_share_text(t['target_percent'])}) к {t['target_year']} г.")

    def text(self) -> str:
        if self.year is None:
            now = "Статусы ШНОР ещё не присвоены ни одной школе."
        else:
            share = f" ({russian.percent(self.share)})" if self.share is not None else ""
            now = f"ШНОР в {self.year} г.: {self.count} ОО{share}."
        if self.target is None:
            return f"{now} {NO_TARGET_TEXT}"
        if self.year is None:
            return f"{now} Цель: {self.target_text()}"
        gap = self.count - int(self.target["target_count"])
        if gap <= 0:
            verdict = "Цель достигнута."
        else:
            verdict = f"До цели: на {gap} {russian.plural(gap, 'школу', 'школы', 'школ')} меньше."
        return f"{now} Цель: {self.target_text()} {verdict}"


@dataclass
class Attention:
    today: dt.date
    roadmap: list[AttentionItem] = field(default_factory=list)
    visits: list[AttentionItem] = field(default_factory=list)
    recommendations: list[AttentionItem] = field(default_factory=list)
    agreements: list[AttentionItem] = field(default_factory=list)
    plan_items: list[AttentionItem] = field(default_factory=list)
    target: TargetProgress | None = None
    risk_measures: list[AttentionItem] = field(default_factory=list)

    def all_items(self) -> list[AttentionItem]:
        return [*self.roadmap, *self.visits, *self.recommendations, *self.agreements, *self.plan_items,
                *self.risk_measures]


# --- as plain JSON (the start page's kept copy) --------------------------------------------------

_LISTS = ("roadmap", "visits", "recommendations", "agreements", "plan_items", "risk_measures")


def _item_to_json(item: AttentionItem) -> dict[str, Any]:
    return {"kind": item.kind, "record_id": item.record_id, "what": item.what,
            "when": item.when.isoformat() if item.when else None, "responsible": item.responsible,
            "days_overdue": item.days_overdue, "detail": item.detail}


def _item_from_json(data: dict[str, Any]) -> AttentionItem:
    when = data["when"]
    return AttentionItem(str(data["kind"]), int(data["record_id"]), str(data["what"]),
                         dt.date.fromisoformat(when) if when else None, str(data["responsible"]),
                         int(data["days_overdue"]), str(data["detail"]))


def attention_to_json(attention: Attention) -> dict[str, Any]:
    target = attention.target
    return {
        "today": attention.today.isoformat(),
        **{name: [_item_to_json(i) for i in getattr(attention, name)] for name in _LISTS},
        "target": None if target is None else {"target": target.target, "year": target.year,
                                               "count": target.count, "schools": target.schools},
    }


def attention_from_json(data: dict[str, Any]) -> Attention:
    """The inverse of :func:`attention_to_json`; KeyError, TypeError or ValueError on a damaged copy."""
    target = data["target"]
    for item in (i for name in _LISTS for i in data[name]):
        if item["kind"] not in KIND_LABELS:
            raise ValueError(f"unknown kind {item['kind']!r}")
    return Attention(
        today=dt.date.fromisoformat(data["today"]),
        **{name: [_item_from_json(i) for i in data[name]] for name in _LISTS},
        target=None if target is None else TargetProgress(
            target["target"], target["year"], int(target["count"]), int(target["schools"])),
    )
