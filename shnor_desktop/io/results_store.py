"""Applying a parsed ВПР protocol: keep the district's schools, check the rows, write the results.

:func:`plan_vpr_import` reads the file, checks its rows against the maxima (:mod:`.vpr_checks`),
finds the scale, matches the schools and aggregates — without changing anything (the window
shows this as the preview; a file with too many wrong rows stops here). :func:`apply_vpr_plan`
writes it in one transaction: the rows of the file's schools in the slice are replaced, and so
are all rows of an earlier import of the same file (ImportBatch keyed by
procedure/year/grade/subject/session and file name); protocols that come one file per school add
up instead of wiping each other. Then the results and their per-task rows are bulk-inserted with
SQLAlchemy Core in chunks.

Schools are matched by the number of the ФИС ОКО login (``sch223144`` = ``edu223144``).
A region-wide file keeps only the district's schools (:mod:`..registry.scope`: the option, else
the district profile); the 2021 and 2022 layouts name each school's municipality, for 2020 the
logins map (setting ``fis_logins``) or the registry is used. With no district named, only the
registry's schools are kept. Schools of the district that are not in the registry are listed and
skipped, never created silently; ``create_missing`` creates them with the name the file gives.
A file that covers several municipalities also gives the region's level of the slice
(``ReferenceResult``), computed from all its rows. Without a scale the results are written
without marks; :mod:`.recount` fills them in when the scale is entered.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, or_, select

from ..models import (
    AssessmentResult,
    DistrictProfile,
    ImportBatch,
    ReferenceResult,
    School,
    Setting,
    TaskResult,
)
from ..models.enums import Procedure
from ..models.school import login_number
from ..registry.naming import municipality_key
from ..registry.scope import Scope, district_scope
from ..typography import typeset
from .problems import ImportSummary, Problem
from .recount import MARKS_FROM_FILE
from .scales import (
    SCALES_SECTION,
    SEEDED_KEY,
    ScaleSpec,
    describe_slice,
    find_scale,
    seed_shipped_scales,
    shipped_scales,
    shipped_version,
)
from .vpr import Protocol, ProtocolOptions, parse_protocol
from .vpr_aggregate import SchoolAggregate, WholeFile, aggregate, aggregate_whole
from .vpr_checks import (
    MAX_ERROR_SHARE,
    Maxima,
    check_rows,
    refuse_if_too_many,
    resolve_maxima,
    without_rows,
)

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Table
    from sqlalchemy.orm import Session

    from ..store.database import Database

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
LOGINS_SETTING = "fis_logins"
ERROR_LIMIT_SETTING = "import.max_error_share"
CHUNK = 2000
MAX_LISTED_SCHOOLS = 30



def _table(entity: Any) -> Table:
    """The Core table of an ORM entity (its ``__table__`` is typed as a FromClause)."""
    table: Table = entity.__table__
    return table


@dataclass
class VprOptions:
    """The same fields as dispatch.ImportOptions (any object with these attributes will do)."""

    year: int | None = None
    grade: int | None = None
    subject: str | None = None
    municipality: str | None = None
    all_municipalities: bool = False
    create_missing: bool = False
    max_error_share: float | None = None


@dataclass
class MissingSchool:
    login: str
    number: str
    name: str
    municipality: str
    participants: int


@dataclass
class VprPlan:
    """Everything an import would write, computed without touching the database."""

    path: Path
    protocol: Protocol
    scale: ScaleSpec | None
    maxima: Maxima
    aggregates: list[SchoolAggregate]  # schools to write (matched, plus missing if created)
    school_ids: dict[str, int]  # login number -> registry id, for the matched schools
    missing: list[MissingSchool]  # in scope, not in the registry
    create_missing: bool
    out_of_scope: int  # schools of other municipalities, skipped
    scope: str  # Russian: which schools were kept and why
    key: str
    sha256: str
    warnings: list[Problem] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # rows left out (values above maxima…)
    duplicates: list[Problem] = field(default_factory=list)  # repeated participants, counted once
    region: WholeFile | None = None  # the whole file: the region's level of the slice
    set_municipality: str = ""  # the district to keep in the profile when it names none
    has_marks: bool = True
    error_rows: int = 0  # rows of the loaded schools left out for errors

    @property
    def slice_text(self) -> str:
        p = self.protocol
        return f"{describe_slice(p.year, p.grade, p.subject)}, {p.session}"


def batch_key(year: int, grade: int, subject: str, session: str) -> str:
    return f"{Procedure.VPR.value}|{year}|{grade}|{subject}|{session}"


def _get(options: Any, name: str, default: Any = None) -> Any:
    return getattr(options, name, default) if options is not None else default


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _logins_map(session: Session) -> dict[str, str]:
    """login number -> municipality, from the logins importer's setting."""
    setting = session.get(Setting, LOGINS_SETTING)
    result: dict[str, str] = {}
    if setting is None or not isinstance(setting.value, dict):
        return result

    for login, value in setting.value.items():
        number = login_number(login)
        if isinstance(value, dict):
            value = value.get("municipality") or value.get("регион") or ""
        if number and value:
            result[number] = str(value)
    return result


def read_protocol(path: str | Path, options: Any = None, *,
                  progress: ProgressFn | None = None) -> Protocol:
    """Parse a protocol with what the options say about its slice."""
    slice_options = ProtocolOptions(year=_get(options, "year"), grade=_get(options, "grade"),
                                    subject=_get(options, "subject"))
    return parse_protocol(Path(path), slice_options, progress=progress)


def plan_vpr_import(db: Database, path: str | Path, options: Any = None, *,
                    progress: ProgressFn | None = None, protocol: Protocol | None = None) -> VprPlan:
    """Parse (unless ``protocol`` is already parsed), check the rows, find the scale, match and
    aggregate; raise ImportRejected, change nothing."""
    path = Path(path)
    if protocol is None:
        protocol = read_protocol(path, options, progress=progress)
    with db.session() as session:
        scale = find_scale(session, protocol.year, protocol.grade, protocol.subject)
        if scale is None and not _seeded(session):
            scale = _shipped_scale(protocol.year, protocol.grade, protocol.subject)
        registry = {number: (sid, muni) for sid, number, muni in session.execute(
            select(School.id, School.login_number, School.municipality)) if number}
        logins = {} if protocol.has_municipalities else _logins_map(session)
        scope = district_scope(session, _get(options, "municipality"))
        given_limit = _get(options, "max_error_share")
        error_limit = import_error_limit(session) if given_limit is None else float(given_limit)

    all_municipalities = bool(_get(options, "all_municipalities", False))
    create_missing = bool(_get(options, "create_missing", False))
    school_ids: dict[str, int] = {}
    missing_numbers: list[str] = []
    out_of_scope = 0
    for number, school in protocol.schools.items():
        in_registry = number in registry
        muni = school.municipality or logins.get(number, "")
        if all_municipalities:
            in_scope = True
        elif scope.everything:
            in_scope = in_registry  # no district named: the registry is the district
        elif muni or school.municipality_code:
            in_scope = scope.covers(muni, school.municipality_code)
        else:  # the file does not say: the registry's record does
            in_scope = in_registry and (not registry[number][1] or scope.covers(registry[number][1]))
        if not in_scope:
            out_of_scope += 1
        elif in_registry:
            school_ids[number] = registry[number][0]
        else:
            missing_numbers.append(number)

    if all_municipalities:
        scope_text = "загружен весь файл (все муниципалитеты)"
    elif scope.everything:
        scope_text = ("муниципалитет района не задан («Сведения о районе…»): оставлены только школы "
                      "реестра")
    else:
        scope_text = f"оставлены школы района: {scope.label}"
    if not protocol.has_municipalities and not scope.everything and not all_municipalities and not logins:
        scope_text += ("; в протоколе муниципалитета нет, а соответствие логинов (logins.xlsx) не "
                       "загружено — муниципалитет взят из реестра")

    maxima = resolve_maxima(protocol, scale)
    check = check_rows(protocol, maxima)
    wanted = set(school_ids) | (set(missing_numbers) if create_missing else set())
    kept_rows = _rows_of(protocol, wanted)
    refuse_if_too_many(check, protocol, kept_rows, error_limit)
    clean = without_rows(protocol, check.excluded)
    participants = _participants(clean)
    missing = [MissingSchool(login=protocol.schools[n].login, number=n, name=protocol.schools[n].name,
                             municipality=protocol.schools[n].municipality or logins.get(n, ""),
                             participants=participants.get(n, 0)) for n in missing_numbers]
    aggregates = aggregate(clean, scale, maxima, numbers=wanted)
    region = _whole_region(clean, scale, maxima, logins)

    warnings = list(protocol.warnings)
    details = list(protocol.details)
    has_marks = protocol.marks is not None or (scale is not None and scale.has_marks)
    what = describe_slice(protocol.year, protocol.grade, protocol.subject)
    if protocol.marks is None and scale is not None and scale.has_marks:
        details.append(f"шкала перевода: {scale.text()}")
        if not scale.verified:
            warnings.append(Problem(protocol.file, f"шкала перевода для {what} не сверена с рекомендациями "
                                                   f"ФИОКО; проверьте её в разделе {SCALES_SECTION}. "
                                                   f"Источник: {scale.source}"))
    if not has_marks:
        warnings.append(Problem(protocol.file, f"шкалы перевода для {what} нет: первичные баллы, средний "
                                               "балл, медиана и КВ посчитаны, а отметки «2»–«5», "
                                               "успеваемость и качество пока пусты. Введите шкалу в разделе "
                                               f"{SCALES_SECTION} — отметки посчитаются сами, загружать файл "
                                               "снова не нужно"))
    details.append(f"максимальный балл {maxima.total:g}: {maxima.source}")
    if protocol.marks is not None and scale is not None and scale.has_marks:
        differ = _marks_against_scale(clean, scale)
        if differ:
            warnings.append(Problem(protocol.file, f"отметки в файле расходятся со шкалой перевода у "
                                                   f"{differ} участников; взяты отметки из файла"))
    warnings += [Problem(protocol.file, w) for w in maxima.warnings]
    kept_errors = int((check.wrong & kept_rows).sum())
    if check.error_rows:
        loaded = f" (в загружаемых школах: {kept_errors})" if kept_errors != check.error_rows else ""
        details.append(f"строк с ошибками не учтено ни в одном показателе: {check.error_rows}{loaded}")
    if check.duplicate_rows:
        details.append(f"повторы участников учтены один раз: {check.duplicate_rows}")
    return VprPlan(
        path=path, protocol=protocol, scale=scale, maxima=maxima, aggregates=aggregates,
        school_ids=school_ids, missing=missing, create_missing=create_missing, out_of_scope=out_of_scope,
        scope=scope_text, key=batch_key(protocol.year, protocol.grade, protocol.subject, protocol.session),
        # the rows of the schools loaded are listed one by one; others' errors touch no figure kept
        sha256=_sha256(path), warnings=warnings, details=details, errors=check.error_problems(kept_rows),
        duplicates=check.duplicate_problems(kept_rows), region=region,
        set_municipality=_new_district(scope, options), has_marks=has_marks, error_rows=kept_errors)


def _rows_of(protocol: Protocol, numbers: set[str]) -> Any:
    """Mask of the rows of the given schools."""
    # heavy: numpy loads only when a protocol is imported
    import numpy as np

    wanted = np.zeros(len(protocol.schools) + 1, dtype=bool)
    for number in numbers:
        wanted[protocol.schools[number].index] = True
    return wanted[protocol.school_index]


def _whole_region(protocol: Protocol, scale: ScaleSpec | None, maxima: Maxima,
                  logins: dict[str, str]) -> WholeFile | None:
    """The whole file as the region's level, when the file covers more than one municipality."""
    municipalities = {municipality_key(s.municipality or logins.get(s.number, "")) or s.municipality_code
                      for s in protocol.schools.values()} - {""}
    if len(municipalities) < 2:
        return None
    whole = aggregate_whole(protocol, scale, maxima)
    whole.municipalities = len(municipalities)
    return whole


def _new_district(scope: Scope, options: Any) -> str:
    """The municipality given for this import, to be kept in the profile when it names none."""
    given = _get(options, "municipality")
    if not given or scope.everything or _get(options, "all_municipalities", False):
        return ""
    return scope.label


def import_error_limit(session: Session) -> float:
    """The share of rows with errors above which a file is refused (setting, default 1 %)."""
    setting = session.get(Setting, ERROR_LIMIT_SETTING)
    try:
        value = float(setting.value) if setting is not None else MAX_ERROR_SHARE
    except (TypeError, ValueError):
        return MAX_ERROR_SHARE
    return value if 0 <= value < 1 else MAX_ERROR_SHARE


def _marks_against_scale(protocol: Protocol, scale: ScaleSpec) -> int:
    """How many present participants have a mark in the file other than the scale gives."""
    # heavy: numpy loads only when a protocol is imported
    import numpy as np

    present = ~protocol.absent
    scores = protocol.scores[present]
    by_scale = (2 + (scores >= scale.min3).astype(np.int8) + (scores >= scale.min4).astype(np.int8)
                + (scores >= scale.min5).astype(np.int8))
    return int((by_scale != protocol.marks[present]).sum())


def _participants(protocol: Protocol) -> dict[str, int]:
    # heavy: numpy loads only when a protocol is imported
    import numpy as np

    counts = np.bincount(protocol.school_index[~protocol.absent], minlength=len(protocol.schools))
    return {s.number: int(counts[s.index]) for s in protocol.schools.values()}


def _seeded(session: Session) -> bool:
    setting = session.get(Setting, SEEDED_KEY)
    return setting is not None and setting.value == shipped_version()


def _shipped_scale(year: int, grade: int, subject: str) -> ScaleSpec | None:
    for spec in shipped_scales():
        if (spec.year, spec.grade, spec.subject, spec.variant) == (year, grade, subject, ""):
            return spec
    return None


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def apply_vpr_plan(db: Database, plan: VprPlan, *, progress: ProgressFn | None = None) -> ImportSummary:
    """Write the plan in one transaction; an earlier import of the same slice is replaced."""
    protocol = plan.protocol
    summary = ImportSummary(file=protocol.file, kind=protocol.title)
    slice_filter = (
        AssessmentResult.procedure == Procedure.VPR.value, AssessmentResult.year == protocol.year,
        AssessmentResult.grade == protocol.grade, AssessmentResult.subject == protocol.subject,
        AssessmentResult.session == protocol.session)
    with db.transaction() as session:
        seed_shipped_scales(session)
        ids = dict(plan.school_ids)
        created_schools = []
        if plan.create_missing:
            for m in plan.missing:
                name = m.name or m.login
                school = School(fis_login=m.login, login_number=m.number, full_name=typeset(name),
                                short_name=typeset(name), full_name_source=name, short_name_source=name,
                                municipality=m.municipality)
                session.add(school)
                created_schools.append(school)
            session.flush()
            ids.update({s.login_number: s.id for s in created_schools if s.login_number})
        if progress is not None:
            progress(0, 3, "запись результатов")
        # an earlier import of this file: all its rows go; other files of the slice keep theirs
        old_batches = list(session.execute(
            select(ImportBatch.id).where(ImportBatch.key == plan.key,
                                         ImportBatch.file_name == protocol.file)).scalars())
        previous = set(session.execute(select(AssessmentResult.school_id).where(*slice_filter)).scalars())
        condition: ColumnElement[bool] | None = (AssessmentResult.school_id.in_(list(ids.values())) if ids
                                                 else None)
        if old_batches:
            by_batch = AssessmentResult.batch_id.in_(old_batches)
            condition = by_batch if condition is None else or_(condition, by_batch)
        replaced = 0
        if condition is not None:
            replaced = session.execute(
                delete(AssessmentResult).where(*slice_filter, condition)
                .execution_options(synchronize_session=False)).rowcount or 0  # type: ignore[attr-defined]  # a CursorResult
        if old_batches:
            session.execute(delete(ImportBatch).where(ImportBatch.id.in_(old_batches))
                            .execution_options(synchronize_session=False))
        batch = ImportBatch(
            kind=protocol.layout, key=plan.key, file_name=protocol.file, file_sha256=plan.sha256,
            rows_read=protocol.rows_read, rows_written=0,
            params={"year": protocol.year, "grade": protocol.grade, "subject": protocol.subject,
                    "session": protocol.session, "scope": plan.scope,
                    "scale": plan.scale.text() if plan.scale else None,
                    "scale_source": plan.scale.source if plan.scale else None,
                    "max_score": plan.maxima.total, "max_source": plan.maxima.source,
                    "marks_source": (MARKS_FROM_FILE if protocol.marks is not None
                                     else "scale" if plan.has_marks else "none"),
                    "error_rows": len(plan.errors), "duplicate_rows": len(plan.duplicates)})
        session.add(batch)
        session.flush()

        result_rows = []
        task_lists = []
        for agg in plan.aggregates:
            school_id = ids.get(agg.number)
            if school_id is None:
                continue
            result_rows.append({
                "school_id": school_id, "batch_id": batch.id, "year": protocol.year,
                "procedure": Procedure.VPR.value, "grade": protocol.grade, "subject": protocol.subject,
                "session": protocol.session, "participants": agg.participants, "absent": agg.absent,
                "mark2": agg.mark2, "mark3": agg.mark3, "mark4": agg.mark4, "mark5": agg.mark5,
                "mean_score": agg.mean_score, "median_score": agg.median_score,
                "max_score": agg.max_score, "kv": agg.kv, "share_below_min": agg.share2,
                "share_80plus": None, "no_attestat": None, "journal_lower": agg.journal_lower,
                "journal_same": agg.journal_same, "journal_higher": agg.journal_higher,
                "score_counts": agg.score_counts})
            task_lists.append(agg.tasks)
        result_ids: list[int] = []
        # Core statements on the tables (not the ORM entities): no per-row ORM bookkeeping
        results_table, tasks_table = _table(AssessmentResult), _table(TaskResult)
        statement = insert(results_table).returning(results_table.c.id, sort_by_parameter_order=True)
        for chunk in _chunks(result_rows):
            result_ids.extend(session.execute(statement, list(chunk)).scalars())
        if progress is not None:
            progress(1, 3, "запись результатов по заданиям")
        task_rows = [{"result_id": rid, "task": t.task, "max_points": t.max_points,
                      "completion": t.completion}
                     for rid, tasks in zip(result_ids, task_lists, strict=True) for t in tasks]
        for chunk in _chunks(task_rows):
            session.execute(insert(tasks_table), list(chunk))
        batch.rows_written = len(result_rows)
        if plan.region is not None:
            _write_region(session, plan, batch.id)
        _complete_profile(session, plan)
        written = {row["school_id"] for row in result_rows}
        summary.updated = len(written & previous)
        summary.created = len(written) - summary.updated
        if progress is not None:
            progress(3, 3, "готово")

    skipped_missing = 0 if plan.create_missing else len(plan.missing)
    summary.skipped = skipped_missing + plan.out_of_scope
    summary.warnings = [*plan.warnings, *plan.errors, *plan.duplicates]
    summary.details = [
        f"{plan.slice_text}; строк участников: {protocol.rows_read}, ОО в файле: {len(protocol.schools)}",
        plan.scope,
        *plan.details,
    ]
    if replaced:
        summary.details.append(f"прежние результаты этого среза заменены: {replaced}")
    if plan.out_of_scope:
        summary.details.append(f"ОО других муниципалитетов пропущено: {plan.out_of_scope}")
    if created_schools:
        summary.details.append(f"в реестр добавлено ОО: {len(created_schools)} (названия из файла)")
    if plan.missing and not plan.create_missing:
        summary.details.append(missing_text(plan.missing))
    if not written:
        reasons = []
        if plan.missing and not plan.create_missing:
            reasons.append(f"ни одной ОО файла своего муниципалитета нет в реестре: "
                           f"{missing_text(plan.missing)}")
        if plan.out_of_scope:
            reasons.append(f"ОО других муниципалитетов пропущено: {plan.out_of_scope} ({plan.scope}; укажите "
                           "--municipality или --all-municipalities)")
        summary.empty_reason = "; ".join(reasons) or f"в файле нет ни одной ОО с результатами ({plan.scope})"
    log.info("VPR import %s: %s written, %s replaced, %s missing, %s out of scope", protocol.file,
             len(written), replaced, len(plan.missing), plan.out_of_scope)
    return summary


def _write_region(session: Session, plan: VprPlan, batch_id: int) -> None:
    """The region's level of the slice, from the whole file (replaces an earlier one)."""
    protocol, whole = plan.protocol, plan.region
    assert whole is not None
    session.execute(delete(ReferenceResult).where(
        ReferenceResult.level == "region", ReferenceResult.year == protocol.year,
        ReferenceResult.procedure == Procedure.VPR.value, ReferenceResult.grade == protocol.grade,
        ReferenceResult.subject == protocol.subject, ReferenceResult.session == protocol.session))
    profile = session.scalar(select(DistrictProfile).limit(1))
    name = protocol.region or (profile.region_name if profile is not None else "")
    marks = whole.marks or (None, None, None, None)
    session.add(ReferenceResult(
        level="region", name=name, batch_id=batch_id, year=protocol.year, procedure=Procedure.VPR.value,
        grade=protocol.grade, subject=protocol.subject, session=protocol.session, schools=whole.schools,
        municipalities=whole.municipalities, participants=whole.participants, absent=whole.absent,
        mark2=marks[0], mark3=marks[1], mark4=marks[2], mark5=marks[3], mean_score=whole.mean_score,
        median_score=whole.median_score, max_score=whole.max_score, kv=whole.kv,
        score_counts=whole.score_counts))


def _complete_profile(session: Session, plan: VprPlan) -> None:
    """The first import names the district (``--municipality``) and the region when the profile
    does not; a profile that names them is never changed by an import."""
    if not (plan.set_municipality or plan.protocol.region):
        return
    profile = session.scalar(select(DistrictProfile).limit(1))
    if profile is None:
        profile = DistrictProfile()
        session.add(profile)
    if plan.set_municipality and not profile.municipality_name and not profile.municipality_code:
        profile.municipality_name = plan.set_municipality
        plan.details.append(f"муниципалитет района записан в сведения о районе: {plan.set_municipality}")
    if plan.protocol.region and not profile.region_name:
        profile.region_name = plan.protocol.region


def missing_text(missing: Sequence[MissingSchool]) -> str:
    shown = [f"{m.login}{' ' + m.name if m.name else ''}"
             f"{' (' + m.municipality + ')' if m.municipality else ''}: {m.participants} уч."
             for m in missing[:MAX_LISTED_SCHOOLS]]
    more = f"; и ещё {len(missing) - MAX_LISTED_SCHOOLS}" if len(missing) > MAX_LISTED_SCHOOLS else ""
    return (f"нет в реестре, пропущено ОО: {len(missing)} — " + "; ".join(shown) + more
            + " (добавьте их в реестр или загрузите с --create-missing)")


def import_vpr(db: Database, path: str | Path, options: Any = None, *,
               progress: ProgressFn | None = None) -> ImportSummary:
    """Plan and apply: the whole import of one ВПР protocol, or ImportRejected (nothing changed)."""
    plan = plan_vpr_import(db, path, options, progress=progress)
    return apply_vpr_plan(db, plan, progress=progress)


def replace_school_results(session: Session, *, kind: str, key: str, file_name: str, sha256: str,
                           rows_read: int, params: dict[str, Any], rows: Sequence[dict[str, Any]],
                           ) -> tuple[int, int, int]:
    """Write school-level result rows (without per-task rows) inside the caller's transaction.

    An earlier import with the same batch ``key`` is replaced whole, and any row of the same
    school × year × procedure × grade × subject × session is replaced by the new one.
    Each row holds the columns of ``assessment_result`` except ``id`` and ``batch_id``.
    Returns (created, updated, replaced): written rows that are new, written rows whose slice
    the school already had, and rows deleted.
    """
    results_table = _table(AssessmentResult)
    old_batches = list(session.execute(select(ImportBatch.id).where(ImportBatch.key == key)).scalars())
    by_slice: dict[tuple[int, str, int, str, str], set[int]] = {}
    for row in rows:
        slice_key = (row["year"], row["procedure"], row["grade"], row["subject"], row.get("session") or "")
        by_slice.setdefault(slice_key, set()).add(row["school_id"])
    replaced = updated = 0
    for (year, procedure, grade, subject, session_name), school_ids in by_slice.items():
        slice_filter = (AssessmentResult.year == year, AssessmentResult.procedure == procedure,
                        AssessmentResult.grade == grade, AssessmentResult.subject == subject,
                        AssessmentResult.session == session_name)
        previous = set(session.execute(
            select(AssessmentResult.school_id).where(*slice_filter)).scalars())
        updated += len(previous & school_ids)
        replaced += session.execute(
            delete(AssessmentResult).where(*slice_filter, AssessmentResult.school_id.in_(list(school_ids)))
            .execution_options(synchronize_session=False)).rowcount or 0  # type: ignore[attr-defined]  # a CursorResult
    if old_batches:
        replaced += session.execute(
            delete(AssessmentResult).where(AssessmentResult.batch_id.in_(old_batches))
            .execution_options(synchronize_session=False)).rowcount or 0  # type: ignore[attr-defined]  # a CursorResult
        session.execute(delete(ImportBatch).where(ImportBatch.id.in_(old_batches))
                        .execution_options(synchronize_session=False))
    batch = ImportBatch(kind=kind, key=key, file_name=file_name, file_sha256=sha256, rows_read=rows_read,
                        rows_written=len(rows), params=params)
    session.add(batch)
    session.flush()
    written = [{**row, "session": row.get("session") or "", "batch_id": batch.id} for row in rows]
    for chunk in _chunks(written):
        session.execute(insert(results_table), list(chunk))
    return len(rows) - updated, updated, replaced
