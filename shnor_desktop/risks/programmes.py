"""The registry of school programmes and documents, their files and expert assessments. Qt-free.

Kinds: программа перехода в эффективный режим работы, антирисковая программа, концепция
развития, план партнёрства, другое. A file of any format is copied into the data folder
(:mod:`.attachments`) and opened with the system's program by the window.

Writing a file and the database together: the file is copied first, then the record is written
in one transaction; when the transaction fails, a copy made for it is removed again, so neither
a record without its file nor an orphan file is left behind.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, fields
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..models import ExpertAssessment, School, SchoolProgramme
from ..models.risks import ExpertVerdict, ProgrammeKind
from ..store.database import Database
from ..validation import Errors
from . import attachments

log = logging.getLogger(__name__)

TITLE_MAX = 1000


def kind_label(kind: str) -> str:
    try:
        return ProgrammeKind(kind).label
    except ValueError:
        return kind


def verdict_label(verdict: str) -> str:
    try:
        return ExpertVerdict(verdict).label
    except ValueError:
        return verdict


# --- programmes ---------------------------------------------------------------------------------


@dataclass
class ProgrammeData:
    school_id: int | None
    kind: str
    title: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    approved_on: dt.date | None = None
    approved_by: str = ""
    edition: str = ""
    notes: str = ""

    @classmethod
    def of(cls, programme: SchoolProgramme) -> ProgrammeData:
        return cls(**{f.name: getattr(programme, f.name) for f in fields(cls)})

    def clean(self) -> ProgrammeData:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                setattr(self, f.name, value.strip())
        return self


def validate_programme(session: Session, data: ProgrammeData) -> None:
    errors = Errors()
    if data.school_id is None:
        errors.add("school_id", "Выберите школу.")
    elif session.get(School, data.school_id) is None:
        errors.add("school_id", "Школа не найдена: возможно, её удалили.")
    if data.kind not in {k.value for k in ProgrammeKind}:
        errors.add("kind", "Выберите вид документа.")
    errors.require("title", data.title, "Укажите название документа.")
    if len(data.title) > TITLE_MAX:
        errors.add("title", f"Название длиннее {TITLE_MAX} знаков.")
    errors.dates_in_order("date_to", data.date_from, data.date_to,
                          "Окончание срока раньше его начала.")
    if data.approved_by and data.approved_on is None:
        errors.add("approved_on", "Укажите дату утверждения (кем утверждено — указано).")
    errors.raise_if_any()


def _get(session: Session, programme_id: int, version: int | None) -> SchoolProgramme:
    programme = session.get(SchoolProgramme, programme_id)
    if programme is None:
        raise StaleDataError("school programme removed")
    if version is not None and programme.version != version:
        raise StaleDataError("school programme changed by someone else")
    return programme


def add_programme(session: Session, data: ProgrammeData, *, file_path: str = "",
                  original_name: str = "") -> SchoolProgramme:
    data.clean()
    validate_programme(session, data)
    programme = SchoolProgramme(**{f.name: getattr(data, f.name) for f in fields(data)},
                                file_path=file_path, original_name=original_name)
    session.add(programme)
    session.flush()
    return programme


def update_programme(session: Session, programme_id: int, data: ProgrammeData, *,
                     version: int | None = None) -> SchoolProgramme:
    data.clean()
    programme = _get(session, programme_id, version)
    validate_programme(session, data)
    for f in fields(data):
        setattr(programme, f.name, getattr(data, f.name))
    session.flush()
    return programme


def set_file(session: Session, programme_id: int, relative: str, original_name: str, *,
             version: int | None = None) -> str:
    """Point the programme at a kept file; returns the previous relative path ('' if none)."""
    programme = _get(session, programme_id, version)
    previous = programme.file_path
    programme.file_path = relative
    programme.original_name = original_name
    session.flush()
    return previous


def file_in_use(session: Session, relative: str) -> bool:
    return bool(relative) and bool(session.scalar(
        select(func.count()).select_from(SchoolProgramme).where(SchoolProgramme.file_path == relative)))


def delete_programme(session: Session, programme_id: int, *, version: int | None = None) -> str:
    """Delete the programme with its assessments; returns its file's relative path."""
    programme = _get(session, programme_id, version)
    relative = programme.file_path
    session.delete(programme)
    session.flush()
    return relative


def list_programmes(session: Session, *, school_id: int | None = None) -> list[SchoolProgramme]:
    stmt = select(SchoolProgramme).options(selectinload(SchoolProgramme.school),
                                           selectinload(SchoolProgramme.assessments))
    if school_id is not None:
        stmt = stmt.where(SchoolProgramme.school_id == school_id)
    rows = list(session.scalars(stmt))
    rows.sort(key=lambda p: (p.school.short_name.casefold(), p.date_from or dt.date.min, p.id))
    return rows


def latest_assessment(programme: SchoolProgramme) -> ExpertAssessment | None:
    dated = [a for a in programme.assessments]
    dated.sort(key=lambda a: (a.date or dt.date.min, a.id))
    return dated[-1] if dated else None


# --- with files (each one transaction) ------------------------------------------------------------


def _discard_copy(db: Database, attachments_dir: Path, stored: attachments.StoredFile) -> None:
    if not stored.created:
        return
    with db.session() as session:
        if not file_in_use(session, stored.relative):
            attachments.remove(attachments_dir, stored.relative)


def save_programme(db: Database, attachments_dir: Path, data: ProgrammeData, *,
                   programme_id: int | None = None, source: str | Path | None = None,
                   version: int | None = None) -> int:
    """Add (``programme_id=None``) or change a programme, with a new file when ``source`` is
    given, in one transaction; returns the programme's id. A replaced file is removed when no
    other record points at it."""
    db.require_writable()  # before the copy: a read-only database refuses with its own message
    stored = attachments.store(attachments_dir, source) if source else None
    previous = ""
    try:
        with db.transaction() as session:
            if programme_id is None:
                programme = add_programme(
                    session, data, file_path=stored.relative if stored else "",
                    original_name=Path(source).name if source else "")
            else:
                programme = update_programme(session, programme_id, data, version=version)
                if stored is not None and source is not None:
                    previous = set_file(session, programme.id, stored.relative, Path(source).name)
            saved_id = programme.id
    except BaseException:
        if stored is not None:
            _discard_copy(db, attachments_dir, stored)
        raise
    if previous and stored is not None and previous != stored.relative:
        with db.session() as session:
            if not file_in_use(session, previous):
                attachments.remove(attachments_dir, previous)
    return saved_id


def attach_file(db: Database, attachments_dir: Path, programme_id: int, source: str | Path, *,
                version: int | None = None) -> str:
    """Copy ``source`` into the data folder and attach it (replacing the previous file, which is
    removed when nothing else points at it); returns the new relative path."""
    db.require_writable()
    stored = attachments.store(attachments_dir, source)
    try:
        with db.transaction() as session:
            previous = set_file(session, programme_id, stored.relative, Path(source).name,
                                version=version)
    except BaseException:
        _discard_copy(db, attachments_dir, stored)
        raise
    if previous and previous != stored.relative:
        with db.session() as session:
            if not file_in_use(session, previous):
                attachments.remove(attachments_dir, previous)
    return stored.relative


def delete_with_file(db: Database, attachments_dir: Path, programme_id: int, *,
                     version: int | None = None) -> None:
    with db.transaction() as session:
        relative = delete_programme(session, programme_id, version=version)
    if relative:
        with db.session() as session:
            if not file_in_use(session, relative):
                attachments.remove(attachments_dir, relative)


def file_of(db: Database, attachments_dir: Path, programme_id: int) -> Path:
    """The kept file of a programme (AttachmentError when there is none or it is missing)."""
    with db.session() as session:
        programme = session.get(SchoolProgramme, programme_id)
        if programme is None:
            raise attachments.AttachmentError("Документ не найден: возможно, его удалили.")
        return attachments.existing(attachments_dir, programme.file_path)


# --- expert assessments -------------------------------------------------------------------------


@dataclass
class AssessmentData:
    date: dt.date | None
    expert: str
    verdict: str
    remarks: str = ""

    @classmethod
    def of(cls, assessment: ExpertAssessment) -> AssessmentData:
        return cls(**{f.name: getattr(assessment, f.name) for f in fields(cls)})


def validate_assessment(data: AssessmentData) -> None:
    errors = Errors()
    if data.date is None:
        errors.add("date", "Укажите дату экспертизы.")
    errors.require("expert", data.expert, "Укажите эксперта (ФИО, должность или экспертную группу).")
    if data.verdict not in {v.value for v in ExpertVerdict}:
        errors.add("verdict", "Выберите заключение.")
    if data.verdict in (ExpertVerdict.REVISE.value, ExpertVerdict.REJECTED.value) \
            and not data.remarks.strip():
        errors.add("remarks", "Укажите замечания: что доработать или почему программа не одобрена.")
    errors.raise_if_any()


def add_assessment(session: Session, programme_id: int, data: AssessmentData) -> ExpertAssessment:
    _get(session, programme_id, None)
    data.expert, data.remarks = data.expert.strip(), data.remarks.strip()
    validate_assessment(data)
    row = ExpertAssessment(programme_id=programme_id, date=data.date, expert=data.expert,
                           verdict=data.verdict, remarks=data.remarks)
    session.add(row)
    session.flush()
    return row


def update_assessment(session: Session, assessment_id: int, data: AssessmentData, *,
                      version: int | None = None) -> ExpertAssessment:
    row = session.get(ExpertAssessment, assessment_id)
    if row is None or (version is not None and row.version != version):
        raise StaleDataError("expert assessment changed or removed")
    data.expert, data.remarks = data.expert.strip(), data.remarks.strip()
    validate_assessment(data)
    row.date, row.expert, row.verdict, row.remarks = data.date, data.expert, data.verdict, data.remarks
    session.flush()
    return row


def delete_assessment(session: Session, assessment_id: int, *, version: int | None = None) -> None:
    row = session.get(ExpertAssessment, assessment_id)
    if row is None or (version is not None and row.version != version):
        raise StaleDataError("expert assessment changed or removed")
    session.delete(row)
    session.flush()
