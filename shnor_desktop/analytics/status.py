"""«Записать как ШНОР за год Y»: the chosen schools get a ШНОР status with its reason, in one transaction.

An existing ШНОР status of the same school and year is updated (reason, source), never duplicated;
its basis document is kept. The same checks as the school card's (``registry.validation.validate_status``:
the year, the source, a reason for every school) run first; a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from ..errors import ValidationError
from ..models import School, SchoolStatus
from ..models.enums import SchoolStatusKind, StatusSource
from ..registry.validation import summary, validate_status
from ..store.database import Database
from . import AnalyticsError
from .explain import check_sentence, flag_sentences
from .identification import Identification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordSummary:
    year: int
    created: int
    updated: int

    def text(self) -> str:
        return f"ШНОР за {self.year} г.: добавлено {self.created}, обновлено {self.updated}"


def record_shnor(
    db: Database,
    year: int,
    reasons: Mapping[int, str],
    *,
    source: StatusSource = StatusSource.RULE,
    today: dt.date | None = None,
) -> RecordSummary:
    """Write SchoolStatus(kind=ШНОР, year, reason, source) for each school id -> reason."""
    checks = validate_status(SchoolStatusKind.SHNOR.value, year, "", source.value, today=today)
    no_reason = any(not (reason or "").strip() for reason in reasons.values())
    problems = [p for p in checks if p[0] != "reason" or no_reason]
    if problems:
        raise ValidationError(problems, summary="Статусы не записаны:\n" + summary(problems))
    created = updated = 0
    with db.transaction() as session:
        if reasons:
            known = set(session.scalars(select(School.id).where(School.id.in_(list(reasons)))))
            missing = sorted(set(reasons) - known)
            if missing:
                raise AnalyticsError(f"Школы не найдены в реестре (id: {', '.join(map(str, missing))}).")
        existing = {
            s.school_id: s
            for s in session.scalars(
                select(SchoolStatus).where(
                    SchoolStatus.kind == SchoolStatusKind.SHNOR.value,
                    SchoolStatus.year == year,
                    SchoolStatus.school_id.in_(list(reasons)),
                )
            )
        }
        for school_id, reason in reasons.items():
            status = existing.get(school_id)
            if status is None:
                session.add(SchoolStatus(school_id=school_id, kind=SchoolStatusKind.SHNOR.value, year=year,
                                         reason=reason, source=source.value))
                created += 1
            else:
                status.reason = reason
                status.source = source.value
                updated += 1
    log.info("recorded ШНОР for %s: %s created, %s updated", year, created, updated)
    return RecordSummary(year, created, updated)


def reasons_from(
    identifications: Iterable[Identification], school_ids: Iterable[int] | None = None,
) -> dict[int, str]:
    """The flag sentences of the risk group (or of the chosen schools) joined per school, across slices."""
    chosen = None if school_ids is None else set(school_ids)
    sentences: dict[int, list[str]] = {}
    for ident in identifications:
        for result in ident.schools:
            if chosen is not None and result.school_id not in chosen:
                continue
            lines = flag_sentences(result)
            if not lines and chosen is not None:
                # chosen by hand although not flagged: say where it stands
                lines = [result.reason or check_sentence(result.worst)]
            if lines:
                sentences.setdefault(result.school_id, []).extend(lines)
    return {sid: "\n".join(lines) for sid, lines in sentences.items()}


def record_identified(
    db: Database, year: int, identifications: Iterable[Identification],
    school_ids: Iterable[int] | None = None,
) -> RecordSummary:
    """Record the flagged schools of one or several slices (optionally only the chosen ones) as ШНОР."""
    return record_shnor(db, year, reasons_from(identifications, school_ids))
