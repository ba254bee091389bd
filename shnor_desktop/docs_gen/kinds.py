"""The registry of document kinds: template file, Russian title, what the id refers to, and the
Qt-free context builder of each kind.

A builder is two functions of an open session: ``describe(session, params)`` gives the title, the
source records and the year (and the record's own number/date, e.g. an agreement's); ``build(session,
params, meta)`` gives the template context once the journal has fixed the number and the date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .contexts import agreement, analytical_note, joint_plan, orders, visit_note
from .contexts.common import Description, DocMeta, DocParams


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str  # Russian, for menus and the journal
    template: str  # file name in resources/templates (or the user's copy)
    record: str | None  # what --id refers to: "partnership", "visit", or None (year-wide documents)
    series: str  # numbering series: numbers run per series and year (all orders share one)
    numbered_by_user: bool  # the number is editable in the journal (orders)
    describe: Callable[[Session, DocParams], Description]
    build: Callable[[Session, DocParams, DocMeta], dict[str, Any]]
    auto_number: bool = True  # False: the record's own number or a blank (an agreement's)

    @property
    def record_label(self) -> str:
        return {"partnership": "партнёрство", "visit": "методический выезд"}.get(self.record or "", "")


def _kinds() -> dict[str, DocumentKind]:
    kinds = [
        DocumentKind("agreement", "Договор о взаимодействии и сотрудничестве", "agreement.docx",
                     "partnership", "agreement", False, agreement.describe, agreement.build,
                     auto_number=False),
        DocumentKind("order-partners", "Приказ о рабочей группе, координаторе и школах-партнёрах",
                     "order_partners.docx", None, "order", True, orders.describe_partners,
                     orders.build_partners),
        DocumentKind("order-monitoring", "Приказ о проведении мониторинга", "order_monitoring.docx", None,
                     "order", True, orders.describe_monitoring, orders.build_monitoring),
        DocumentKind("order-shnor-list", "Приказ об утверждении перечня ШНОР", "order_shnor_list.docx", None,
                     "order", True, orders.describe_shnor_list, orders.build_shnor_list),
        DocumentKind("analytical-note", "Аналитическая справка", "analytical_note.docx", None,
                     "analytical-note", False, analytical_note.describe, analytical_note.build),
        DocumentKind("visit-note", "Справка по итогам методического выезда", "visit_note.docx", "visit",
                     "visit-note", False, visit_note.describe, visit_note.build),
        DocumentKind("joint-plan", "План совместной работы", "joint_plan.docx", "partnership",
                     "joint-plan", False, joint_plan.describe, joint_plan.build),
    ]
    return {k.key: k for k in kinds}


_CACHE: dict[str, DocumentKind] = {}

KIND_KEYS: tuple[str, ...] = (
    "agreement", "order-partners", "order-monitoring", "order-shnor-list", "analytical-note",
    "visit-note", "joint-plan",
)
"""Every kind, in menu order (known without importing the builders)."""


def all_kinds() -> dict[str, DocumentKind]:
    if not _CACHE:
        _CACHE.update(_kinds())
    return _CACHE


def kind(key: str) -> DocumentKind:
    kinds = all_kinds()
    if key not in kinds:
        known = ", ".join(kinds)
        raise KeyError(f"Неизвестный вид документа «{key}». Доступны: {known}.")
    return kinds[key]


def kind_title(key: str) -> str:
    try:
        return kind(key).title
    except KeyError:
        return key
