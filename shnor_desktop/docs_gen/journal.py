"""The journal of generated documents: generate, number, regenerate, renumber.

Every generated document is a row of ``GeneratedDocument`` — kind, number (per numbering series
and year; all orders share one series, as in an office's register of orders), date, title, the
records it was made from and the request (so it can be made again), the file path relative to
the data directory.

Rendering happens inside the transaction that writes the row: a template problem or missing data
raises before anything is written, so the journal (and an existing file) stays as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import russian
from ..errors import ShnorError
from ..models import GeneratedDocument
from ..models.visits import MethodicalVisit
from ..models.work import Partnership
from ..paths import AppPaths
from ..store.database import Database
from .blanks import Gap
from .contexts.common import DocMeta, DocParams
from .fields import Field, field_list
from .kinds import DocumentKind, all_kinds, kind
from .rendering import MissingData, render_to, template_path
from .workdays import workdays

log = logging.getLogger(__name__)

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_LEADING_DIGITS = re.compile(r"^\s*(\d+)")


class DocumentError(ShnorError):
    """A request that cannot be carried out (a taken number, a missing journal entry): Russian text."""


@dataclass(frozen=True)
class Generated:
    id: int
    kind: str
    number: str
    date: dt.date
    title: str
    path: Path  # absolute
    gaps: tuple[Gap, ...] = ()  # the details printed as blanks

    @property
    def kind_title(self) -> str:
        return kind(self.kind).title


# --- numbers --------------------------------------------------------------------------------------


def series_kinds(series: str) -> list[str]:
    return [k.key for k in all_kinds().values() if k.series == series]


def next_number(session: Session, document_kind: DocumentKind, year: int) -> str:
    """One more than the largest number of the series in the year (numbers like «15-о» count as 15)."""
    numbers = session.scalars(select(GeneratedDocument.number).where(
        GeneratedDocument.kind.in_(series_kinds(document_kind.series)), GeneratedDocument.year == year)).all()
    largest = 0
    for number in numbers:
        match = _LEADING_DIGITS.match(number or "")
        if match:
            largest = max(largest, int(match.group(1)))
    return str(largest + 1)


def _check_free(session: Session, document_kind: DocumentKind, year: int, number: str,
                exclude_id: int | None = None) -> None:
    if not number:
        return  # a blank number (a draft) takes no number of the series
    stmt = select(GeneratedDocument).where(
        GeneratedDocument.kind.in_(series_kinds(document_kind.series)), GeneratedDocument.year == year,
        GeneratedDocument.number == number)
    taken = [d for d in session.scalars(stmt) if d.id != exclude_id]
    if taken:
        other = taken[0]
        raise DocumentError(f"Номер {number} в {year} г. уже присвоен документу «{other.title}» от "
                            f"{russian.date_short(other.doc_date)}. Укажите другой номер.")


# --- files -----------------------------------------------------------------------------------------


def safe_file_name(text: str, limit: int = 150) -> str:
    """A name Windows accepts: no <>:"/\\|?*, no trailing dots or spaces, not too long."""
    name = _FORBIDDEN.sub(" ", text)
    name = " ".join(name.split()).strip(" .")
    return (name[:limit].rstrip(" .") or "Документ")


def stored_path(paths: AppPaths, target: Path) -> str:
    """Relative to the data directory (with /) when inside it, else absolute."""
    try:
        return target.resolve().relative_to(paths.data_dir.resolve()).as_posix()
    except ValueError:
        return str(target.resolve())


def absolute_path(paths: AppPaths, document: GeneratedDocument) -> Path:
    path = Path(document.file_path)
    return path if path.is_absolute() else paths.data_dir / path


def _new_target(paths: AppPaths, stem: str, number: str, date: dt.date) -> Path:
    folder = paths.documents_dir / str(date.year)
    made = f"№ {number} от {russian.date_short(date)}" if number else f"проект от {russian.date_short(date)}"
    base = safe_file_name(f"{stem} ({made})")
    target = folder / f"{base}.docx"
    n = 2
    while target.exists():
        target = folder / f"{base} ({n}).docx"
        n += 1
    return target


# --- generating ------------------------------------------------------------------------------------


def _same_record_entry(session: Session, document_kind: DocumentKind,
                       params: DocParams) -> GeneratedDocument | None:
    """For documents about one record (agreement, plan, справка): the entry already made for it."""
    if document_kind.record is None or params.record_id is None:
        return None
    rows = session.scalars(select(GeneratedDocument).where(GeneratedDocument.kind == document_kind.key)
                           .order_by(GeneratedDocument.id.desc())).all()
    for row in rows:
        if DocParams.from_json((row.sources or {}).get("params")).record_id == params.record_id:
            return row
    return None


def generate(paths: AppPaths, db: Database, kind_key: str, params: DocParams | None = None, *,
             number: str | None = None, doc_date: dt.date | None = None, output: Path | None = None,
             today: dt.date | None = None) -> Generated:
    """Make a document and record it in the journal; returns where it is.

    A document about one record (an agreement, a plan, a справка) made again replaces its earlier
    version in the journal (same entry, same number); orders and notes get a new entry each time.
    Raises ``TemplateProblem``, ``MissingData`` or ``DocumentError`` with Russian messages; the
    journal is then unchanged.
    """
    db.require_writable()  # before the file is written: a read-only database keeps no journal
    document_kind = kind(kind_key)
    params = params or DocParams()
    template = template_path(paths, document_kind.template)
    with db.transaction() as session:
        description = document_kind.describe(session, params)
        existing = _same_record_entry(session, document_kind, params)
        date = doc_date or description.date or today or dt.date.today()
        year = date.year
        if number:
            number = number.strip()
            _check_free(session, document_kind, year, number, existing.id if existing else None)
        elif not document_kind.auto_number:
            number = description.number or ""  # a draft agreement: its number is a blank
        else:
            number = (description.number or (existing.number if existing and existing.year == year else None)
                      or next_number(session, document_kind, year))
        meta = DocMeta(number, date, calendar=workdays(paths))
        context = document_kind.build(session, params, meta)
        if output is not None:
            target = Path(output)
        elif existing is not None and existing.file_path:
            target = absolute_path(paths, existing)
        else:
            target = _new_target(paths, description.file_stem or document_kind.title, number, date)
        render_to(template, context, target, template_name=document_kind.template)
        row = existing if existing is not None else GeneratedDocument(kind=document_kind.key)
        row.number = number
        row.year = year
        row.doc_date = date
        row.title = description.title
        row.file_path = stored_path(paths, target)
        row.template = document_kind.template
        row.sources = {**description.sources, "params": params.to_json()}
        if existing is None:
            session.add(row)
        session.flush()
        result = Generated(row.id, row.kind, number, date, row.title, target, tuple(meta.blanks.gaps))
    log.info("generated %s № %s: %s (blanks: %d)", kind_key, number, target, len(meta.blanks.gaps))
    return result


def preview_gaps(paths: AppPaths, db: Database, kind_key: str, params: DocParams | None = None, *,
                 doc_date: dt.date | None = None) -> list[Gap]:
    """The details a document would print as blanks (nothing is written): what the window lists
    before saving, with «Заполнить сейчас» and «Сформировать с пропусками»."""
    document_kind = kind(kind_key)
    params = params or DocParams()
    with db.session() as session:
        description = document_kind.describe(session, params)
        date = doc_date or description.date or dt.date.today()
        meta = DocMeta(description.number or "", date, calendar=workdays(paths))
        document_kind.build(session, params, meta)
        session.rollback()
    return list(meta.blanks.gaps)


def _sample_record(session: Session, record: str | None) -> int | None:
    """A record to show a template's fields on: the latest partnership or held visit."""
    if record == "partnership":
        return session.scalar(select(Partnership.id).order_by(Partnership.id.desc()).limit(1))
    if record == "visit":
        return session.scalar(select(MethodicalVisit.id).where(MethodicalVisit.state == "done")
                              .order_by(MethodicalVisit.date.desc()).limit(1))
    return None


def preview_fields(paths: AppPaths, db: Database, kind_key: str, params: DocParams | None = None, *,
                   doc_date: dt.date | None = None) -> list[Field]:
    """The Russian fields of a kind's template with examples from the current data (nothing is
    written): the «Поля шаблона» list. Without a record, the latest one of its kind is used; with
    none at all, the fields are listed from an empty context (examples blank)."""
    document_kind = kind(kind_key)
    params = params or DocParams()
    with db.session() as session:
        if document_kind.record and params.record_id is None:
            params = DocParams(_sample_record(session, document_kind.record), params.year, params.options)
        try:
            description = document_kind.describe(session, params)
        except MissingData:
            session.rollback()
            return []
        date = doc_date or description.date or dt.date.today()
        meta = DocMeta(description.number or "", date, calendar=workdays(paths))
        context = document_kind.build(session, params, meta)
        session.rollback()
    return field_list(context)


def _entry(session: Session, document_id: int) -> GeneratedDocument:
    row = session.get(GeneratedDocument, document_id)
    if row is None:
        raise DocumentError(f"Документ № {document_id} в журнале не найден (возможно, удалён).")
    return row


def regenerate(paths: AppPaths, db: Database, document_id: int, *, number: str | None = None,
               doc_date: dt.date | None = None) -> Generated:
    """Make the document again from the current data, with its number and date (or new ones)."""
    db.require_writable()  # the file would be overwritten before the journal refused the change
    with db.session() as session:
        row = _entry(session, document_id)
        kind_key = row.kind
        params = DocParams.from_json((row.sources or {}).get("params"))
        old_number, old_date, old_path = row.number, row.doc_date, absolute_path(paths, row)
    document_kind = kind(kind_key)
    template = template_path(paths, document_kind.template)
    with db.transaction() as session:
        row = _entry(session, document_id)
        date = doc_date or old_date
        new_number = (number or "").strip() or old_number
        if new_number != old_number or date.year != row.year:
            _check_free(session, document_kind, date.year, new_number, exclude_id=row.id)
        description = document_kind.describe(session, params)
        meta = DocMeta(new_number, date, calendar=workdays(paths))
        context = document_kind.build(session, params, meta)
        render_to(template, context, old_path, template_name=document_kind.template)
        row.number = new_number
        row.doc_date = date
        row.year = date.year
        row.title = description.title
        row.template = document_kind.template
        row.sources = {**description.sources, "params": params.to_json()}
        result = Generated(row.id, row.kind, new_number, date, row.title, old_path, tuple(meta.blanks.gaps))
    log.info("regenerated document %s (%s № %s)", document_id, kind_key, new_number)
    return result


def renumber(paths: AppPaths, db: Database, document_id: int, number: str) -> Generated:
    """Give a document (an order) the number it got at registration; the file is made again."""
    number = (number or "").strip()
    if not number:
        raise DocumentError("Укажите номер документа.")
    return regenerate(paths, db, document_id, number=number)


def list_documents(session: Session) -> list[GeneratedDocument]:
    return list(session.scalars(select(GeneratedDocument).order_by(
        GeneratedDocument.doc_date.desc(), GeneratedDocument.id.desc())))


def delete_entry(paths: AppPaths, db: Database, document_id: int, *, delete_file: bool = False) -> None:
    """Remove an entry from the journal (and its file, if asked)."""
    with db.transaction() as session:
        row = _entry(session, document_id)
        path = absolute_path(paths, row)
        session.delete(row)
    if delete_file:
        path.unlink(missing_ok=True)
