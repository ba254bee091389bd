"""The preview and the load of a context form: municipality, comparison, one transaction. Qt-free.

1. :func:`.context_forms.parse_context_form` reads the workbook (no database);
2. :func:`plan_context_import` chooses the municipality and compares with the registry: what would
   be created, updated, left unchanged, and the problems of the rows concerned (the preview);
3. :func:`apply_context_plan` writes the plan in ONE transaction, recomputing every change inside
   it, so a registry edited since the preview is still handled correctly.

The municipality kept from a region-wide file: ``--municipality`` (by code or name, any case,
a part is enough: «Целинный», «reg22_m056», «г. Бийск»), else the district profile's
municipality, else the whole file (the summary says which). ``--all-municipalities`` keeps all.
The 2021 form has no municipality column: the logins map (logins.xlsx) gives it. Rejected
(nothing changed): a municipality asked for that is not in the file or matches several; a
municipality asked for while the file has none and no logins map is loaded.

Merging rules: schools are matched on :func:`~shnor_desktop.models.login_number` (``sch224052`` and
``edu224052`` are one school; a school typed by hand without a login is matched on its ИНН). A value
empty in the file never clears a value in the database. A form of an older year than the newest
context already stored for the school only fills empty fields, so loading 2021 after 2022 does
not bring back last year's director (but a name written out in full still replaces initials).
Spellings that mean the same are not changes (a director «Хороброва Н.В.» for «Хороброва Наталья
Витальевна», «Целинный район» from logins.xlsx for «Целинный муниципальный район»). Re-importing a
file therefore changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..models import DistrictProfile, ImportBatch, School, SchoolContext, Setting, login_number
from ..registry import naming
from ..registry.scope import Scope
from .context_forms import CONTEXT_SOURCE, ContextForm, RowNote, SchoolRecord, parse_context_form
from .logins import SETTING_KEY
from .problems import ImportRejected, ImportSummary, Problem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..store.database import Database
    from .dispatch import ImportOptions
    from .sheet import Sheet

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]

WHOLE_FILE = "весь файл"

# --- municipalities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Municipality:
    name: str
    code: str = ""
    schools: int = 0

    @property
    def label(self) -> str:
        return f"{self.name} ({self.schools})"


def with_logins(form: ContextForm, logins: dict[str, str]) -> list[SchoolRecord]:
    """Records with the municipality filled from the logins map where the file has none."""
    if form.has_municipalities or not logins:
        return list(form.records)
    by_number = {login_number(k): v for k, v in logins.items() if login_number(k)}
    return [r if r.municipality else replace(r, municipality=by_number.get(r.number, ""))
            for r in form.records]


def municipalities_of(records: Sequence[SchoolRecord]) -> list[Municipality]:
    counts: dict[tuple[str, str], int] = {}
    for r in records:
        if r.municipality:
            key = (r.municipality, r.municipality_code)
            counts[key] = counts.get(key, 0) + 1
    return sorted((Municipality(n, c, k) for (n, c), k in counts.items()),
                  key=lambda m: m.name.lower().replace("ё", "е"))


def match_municipality(found: Sequence[Municipality], needle: str) -> list[Municipality]:
    """Those of ``found`` that ``needle`` names: by code, then the same name, then a part of it
    (case-insensitive; «Целинный район» finds «Целинный муниципальный район»)."""
    needle = naming.tidy(needle)
    low = needle.lower().replace("ё", "е")
    key = naming.municipality_key(needle)
    exact = [m for m in found if m.code and m.code.lower() == low]
    if exact:
        return exact
    same = [m for m in found if m.name.lower().replace("ё", "е") == low
            or (key and naming.municipality_key(m.name) == key)]
    if same:
        return same
    if key:
        words = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
        whole = [m for m in found if words.search(naming.municipality_key(m.name))]
        if whole:  # «Бийск» is «город Бийск», not «Бийский район»
            return whole
    return [m for m in found
            if (m.code and low in m.code.lower())
            or low in m.name.lower().replace("ё", "е")
            or (key and key in naming.municipality_key(m.name))]


@dataclass
class Choice:
    municipality: Municipality | None  # None: the whole file
    note: str
    needs_choice: bool = False  # the window must ask which municipality is the district's
    profile_missing: bool = False  # the profile names a municipality this file does not have


def profile_candidates(found: Sequence[Municipality], profile_name: str,
                       profile_code: str) -> list[Municipality]:
    """The municipalities of ``found`` that are the district profile's.

    A code match counts only when the profile has no name or the names agree: codes are the
    region's numbering (``reg22_m099``), and a profile's code from another region or an invented
    one (the demo district's) may name a different municipality of this file."""
    candidates: list[Municipality] = []
    if profile_code:
        candidates = match_municipality(found, profile_code)
        if profile_name:
            key = naming.municipality_key(profile_name)
            candidates = [m for m in candidates if naming.municipality_key(m.name) == key]
    if len(candidates) != 1 and profile_name:
        candidates = match_municipality(found, profile_name)
    return candidates


def suggest_municipality(found: Sequence[Municipality], profile_name: str,
                         profile_code: str) -> Choice:
    """The district profile's municipality among ``found``, else the whole file (never raises)."""
    if not (profile_name or profile_code):
        if len(found) > 1:
            return Choice(None, f"в файле {len(found)} муниципалитетов, муниципалитет района не задан — "
                                "выберите свой", needs_choice=True)
        return Choice(None, "муниципалитет района не задан в профиле — загружается весь файл")
    candidates = profile_candidates(found, profile_name, profile_code)
    if len(candidates) == 1:
        return Choice(candidates[0], f"муниципалитет района (из профиля): {candidates[0].name}")
    ours = profile_name or profile_code
    return Choice(None, f"муниципалитет района «{ours}» в файле не найден", profile_missing=True)


def choose_municipality(file: str, found: Sequence[Municipality], options: ImportOptions,
                        profile_name: str, profile_code: str, *,
                        has_municipalities: bool) -> Choice:
    """The municipality to keep, as the CLI decides it; ImportRejected when the choice fails."""
    if options.all_municipalities:
        return Choice(None, "выбран весь файл (все муниципалитеты)")
    needle = options.municipality or ""
    source = "указан"
    if not needle:
        if not (profile_name or profile_code):
            if len(found) > 1:
                known = ", ".join(f"{m.name} ({m.schools})" for m in found[:12]) + (
                    ", …" if len(found) > 12 else "")
                raise ImportRejected([Problem(
                    file, f"в файле ОО {len(found)} муниципалитетов, а муниципалитет района не задан. "
                          "Укажите свой: --municipality «название» (он запишется в сведения о районе и "
                          "будет действовать для всех загрузок) или загрузите весь регион "
                          f"(--all-municipalities). В файле: {known}")])
            return Choice(None, "муниципалитет района не задан в профиле — загружен весь файл")
        source = "из профиля района"
    if not has_municipalities:
        raise ImportRejected([Problem(
            file, "в файле нет муниципалитетов, а соответствие логинов муниципалитетам не "
                  "загружено: сначала загрузите logins.xlsx или загрузите весь файл "
                  "(--all-municipalities)")])
    if needle:
        candidates = match_municipality(found, needle)
    else:
        candidates = profile_candidates(found, profile_name, profile_code)
        needle = profile_name or profile_code
    if len(candidates) == 1:
        return Choice(candidates[0], f"муниципалитет ({source}): {candidates[0].name}")
    if not candidates:
        known = ", ".join(m.name for m in found[:12]) + (", …" if len(found) > 12 else "")
        raise ImportRejected([Problem(
            file, f"муниципалитет «{needle}» ({source}) в файле не найден. В файле есть: {known}. "
                  "Укажите другой (--municipality) или весь файл (--all-municipalities)")])
    names = "; ".join(f"«{m.name}»" for m in candidates)
    raise ImportRejected([Problem(
        file, f"«{needle}» подходит к нескольким муниципалитетам: {names}. Уточните название "
              "или укажите код (например, reg22_m056)")])


# --- comparing with the database --------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _same(name: str, current: Any, new: Any, record: SchoolRecord) -> bool:
    """True when ``new`` says nothing more than ``current`` (so it is not a change)."""
    if current == new:
        return True
    if isinstance(current, str) and isinstance(new, str):
        if name == "municipality":
            # another spelling from the logins map; the form's own (coded) name replaces it
            return (not record.municipality_code
                    and naming.municipality_key(current) == naming.municipality_key(new))
        if name == "director_name":
            return naming.is_abbreviation_of(new, current)
        if name == "full_name":
            # «МБОУ "…"» does not replace «Муниципальное бюджетное … "…"»
            return (naming.starts_with_abbreviation(new)
                    and not naming.starts_with_abbreviation(current) and bool(current))
        if name in {"email", "legal_form"}:
            return current.lower() == new.lower()
    return False


def _improves(name: str, current: Any, new: Any) -> bool:
    """The same value written out in full (taken even from an older year's form)."""
    if name == "full_name":
        return naming.starts_with_abbreviation(current) and not naming.starts_with_abbreviation(new)
    if name == "director_name":
        return naming.is_abbreviation_of(current, new)
    return False


def _latest_year(school: School) -> int | None:
    return max((c.year for c in school.contexts), default=None)


def school_changes(school: School | None, record: SchoolRecord, year: int) -> dict[str, Any]:
    """The School attributes the record would change (all of them for a new school)."""
    values = dict(record.fields)
    if record.municipality:
        values["municipality"] = record.municipality
    if school is None:
        result = dict(values)
        if "director_name" in result:
            result["director_position"] = _position(record)
            gender = naming.gender_from_name(result["director_name"])
            if gender:
                result["director_gender"] = gender
        return result
    latest = _latest_year(school)
    authoritative = latest is None or year >= latest
    changes: dict[str, Any] = {}
    for name, value in values.items():
        current = getattr(school, name)
        if _same(name, current, value, record):
            continue
        if ((not authoritative or name in record.fill_only) and not _empty(current)
                and not _improves(name, current, value)):
            continue
        changes[name] = value
    if "director_name" in changes:
        if school.director_position != _position(record):
            changes["director_position"] = _position(record)
        gender = naming.gender_from_name(changes["director_name"])
        if gender and gender != school.director_gender:
            changes["director_gender"] = gender
    elif not school.director_gender:
        gender = naming.gender_from_name(school.director_name or values.get("director_name"))
        if gender:
            changes["director_gender"] = gender
    return changes


def _position(record: SchoolRecord) -> str:
    return "исполняющий обязанности директора" if record.acting_director else "директор"


def context_changes(row: SchoolContext | None, record: SchoolRecord) -> dict[str, Any]:
    """The SchoolContext attributes the record would change; the answers are merged."""
    changes: dict[str, Any] = {}
    for name, value in record.context.items():
        if row is None or getattr(row, name) != value:
            changes[name] = value
    old = dict(row.answers or {}) if row is not None else {}
    merged = {**old, **record.answers}
    if row is None or merged != old:
        changes["answers"] = merged
    return changes


def _context_of(school: School, year: int) -> SchoolContext | None:
    return next((c for c in school.contexts if c.year == year and c.source == CONTEXT_SOURCE),
                None)


def _load_schools(session: Session) -> tuple[dict[str, School], dict[str, School]]:
    schools = list(session.scalars(select(School).options(selectinload(School.contexts))))
    by_number = {s.login_number: s for s in schools if s.login_number}
    by_inn = {s.inn: s for s in schools if s.inn and not s.login_number}
    return by_number, by_inn


def _match(record: SchoolRecord, by_number: dict[str, School],
           by_inn: dict[str, School]) -> School | None:
    school = by_number.get(record.number)
    if school is None and record.fields.get("inn"):
        school = by_inn.get(record.fields["inn"])
    return school


# --- the plan (preview) -----------------------------------------------------------------------


@dataclass
class ContextPlan:
    """What importing ``form`` would do: the preview the window shows before «Загрузить»."""

    form: ContextForm
    municipalities: list[Municipality]
    choice: Choice
    selected: list[SchoolRecord]
    outside: int  # rows of other municipalities (or of none), left out
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    logins_loaded: bool = False

    notes: list[RowNote] = field(default_factory=list)  # those about the chosen rows

    @property
    def warnings(self) -> list[Problem]:
        return [n.problem for n in self.notes]

    @property
    def skipped(self) -> int:
        return sum(n.skipped for n in self.notes)

    def details(self) -> list[str]:
        lines = [f"год: {self.form.year}", self.choice.note]
        if self.outside:
            lines.append(f"строк других муниципалитетов не загружается: {self.outside}")
        if not self.form.has_municipalities:
            lines.append("муниципалитеты взяты из logins.xlsx" if self.logins_loaded else
                         "в файле нет муниципалитетов, logins.xlsx не загружен — муниципалитет "
                         "не заполняется")
        return lines

    def summary(self) -> ImportSummary:
        return ImportSummary(
            file=self.form.file, kind=self.form.title, created=self.to_create,
            updated=self.to_update, unchanged=self.unchanged, skipped=self.skipped,
            warnings=self.warnings, details=self.details(),
        )


def load_logins_map(session: Session) -> dict[str, str]:
    setting = session.get(Setting, SETTING_KEY)
    return dict(setting.value or {}) if setting is not None else {}


def _profile(session: Session) -> tuple[str, str]:
    profile = session.scalar(select(DistrictProfile).limit(1))
    if profile is None:
        return "", ""
    return profile.municipality_name or "", profile.municipality_code or ""


def plan_context_import(db: Database, form: ContextForm, options: ImportOptions, *,
                        suggest: bool = False) -> ContextPlan:
    """Choose the municipality and compare with the database (no change is made).

    ``suggest=True`` (the window) falls back to the whole file when the profile's municipality
    is not in the file instead of rejecting; an explicit ``options.municipality`` still rejects.
    """
    with db.session() as session:
        logins = load_logins_map(session)
        profile_name, profile_code = _profile(session)
        records = with_logins(form, logins)
        found = municipalities_of(records)
        has_municipalities = bool(found)
        if suggest and not options.municipality and not options.all_municipalities:
            choice = suggest_municipality(found, profile_name, profile_code)
        else:
            choice = choose_municipality(form.file, found, options, profile_name, profile_code,
                                         has_municipalities=has_municipalities)
        extra = _extra_scope(session) if not (options.municipality or options.all_municipalities) else None
        if choice.municipality is None:
            selected = [] if choice.needs_choice else records
        else:
            chosen = choice.municipality
            selected = [r for r in records if (r.municipality == chosen.name
                                               and r.municipality_code == chosen.code)
                        or (extra is not None and r.municipality
                            and extra.covers(r.municipality, r.municipality_code))]
        plan = ContextPlan(form=form, municipalities=found, choice=choice, selected=selected,
                           outside=len(records) - len(selected), logins_loaded=bool(logins),
                           notes=_notes_for(form, choice, selected, logins))
        by_number, by_inn = _load_schools(session)
        for record in selected:
            school = _match(record, by_number, by_inn)
            if school is None:
                plan.to_create += 1
                continue
            changed = school_changes(school, record, form.year) or context_changes(
                _context_of(school, form.year), record)
            if changed:
                plan.to_update += 1
            else:
                plan.unchanged += 1
        return plan


def _extra_scope(session: Session) -> Scope | None:
    """The further municipalities of a city district with its own list (from the profile)."""
    profile = session.scalar(select(DistrictProfile).limit(1))
    names = list(profile.extra_municipalities or []) if profile is not None else []
    return Scope.of(names) if names else None


def _notes_for(form: ContextForm, choice: Choice, selected: Sequence[SchoolRecord],
               logins: dict[str, str]) -> list[RowNote]:
    """The warnings about the chosen municipality's rows (and those whose place is unknown)."""
    chosen = choice.municipality
    if chosen is None:
        return list(form.notes)
    ours = {r.login.lower() for r in selected}
    by_number = {login_number(k): v for k, v in logins.items() if login_number(k)}
    kept = []
    for note in form.notes:
        place = note.municipality or by_number.get(login_number(note.login) or "", "")
        if note.login.lower() in ours or place == chosen.name or not place:
            kept.append(note)
    return kept


def read_context_form(db: Database, path: str | Path, options: ImportOptions, *,
                      suggest: bool = False, sheets: list[Sheet] | None = None) -> ContextPlan:
    """Parse and plan in one call (what the window runs in the background for the preview)."""
    form = parse_context_form(path, options, sheets=sheets)
    return plan_context_import(db, form, options, suggest=suggest)


# --- applying ---------------------------------------------------------------------------------


def apply_context_plan(db: Database, plan: ContextPlan,
                       progress: ProgressFn | None = None) -> ImportSummary:
    """Write the plan in one transaction; returns what was actually done."""
    form = plan.form
    summary = ImportSummary(file=form.file, kind=form.title, skipped=plan.skipped,
                            warnings=plan.warnings, details=plan.details())
    total = len(plan.selected)
    with db.transaction() as session:
        by_number, by_inn = _load_schools(session)
        for index, record in enumerate(plan.selected):
            if progress is not None and index % 20 == 0:
                progress(index, total, f"Запись: {record.name}")
            school = _match(record, by_number, by_inn)
            if school is None:
                values = school_changes(None, record, form.year)
                school = School(login_number=record.number, **values)
                session.add(school)
                by_number[record.number] = school
                school.contexts.append(SchoolContext(year=form.year, source=CONTEXT_SOURCE,
                                                     **context_changes(None, record)))
                summary.created += 1
                continue
            changes = school_changes(school, record, form.year)
            context_row = _context_of(school, form.year)
            ctx_changes = context_changes(context_row, record)
            if not changes and not ctx_changes:
                summary.unchanged += 1
                continue
            for name, value in changes.items():
                setattr(school, name, value)
            if "fis_login" in changes:
                school.login_number = login_number(changes["fis_login"])
            if context_row is None:
                school.contexts.append(SchoolContext(year=form.year, source=CONTEXT_SOURCE,
                                                     **ctx_changes))
            else:
                for name, value in ctx_changes.items():
                    setattr(context_row, name, value)
            summary.updated += 1
        _record_batch(session, form, plan, summary)
        _name_the_district(session, plan, summary)
        if progress is not None:
            progress(total, total, "Сохранение…")
    log.info("context form %s imported: %s", form.file, summary.text().replace("\n", " | "))
    return summary


def _name_the_district(session: Session, plan: ContextPlan, summary: ImportSummary) -> None:
    """The municipality chosen for the first import becomes the district's (when the profile
    names none): every later import and analysis keeps to it."""
    chosen = plan.choice.municipality
    if chosen is None:
        return
    profile = session.scalar(select(DistrictProfile).limit(1))
    if profile is None:
        profile = DistrictProfile()
        session.add(profile)
    if profile.municipality_name or profile.municipality_code:
        return
    profile.municipality_name, profile.municipality_code = chosen.name, chosen.code
    summary.details.append(f"муниципалитет района записан в сведения о районе: {chosen.name}")


def _record_batch(session: Session, form: ContextForm, plan: ContextPlan,
                  summary: ImportSummary) -> None:
    key = f"{form.kind}:{form.year}"
    batch = session.scalar(select(ImportBatch).where(ImportBatch.key == key).limit(1))
    if batch is None:
        batch = ImportBatch(kind=form.kind, key=key)
        session.add(batch)
    batch.file_name = form.file
    batch.file_sha256 = form.sha256
    batch.imported_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    batch.rows_read = len(form.records) + form.skipped
    batch.rows_written = summary.created + summary.updated
    batch.params = {
        "year": form.year,
        "municipality": plan.choice.municipality.name if plan.choice.municipality else WHOLE_FILE,
    }


def import_context_form(db: Database, path: str | Path, options: ImportOptions, *,
                        sheets: list[Sheet] | None = None,
                        progress: ProgressFn | None = None) -> ImportSummary:
    """Read -> validate -> plan -> apply: the whole import as the CLI runs it."""
    if progress is not None:
        progress(0, 0, "Чтение файла…")
    plan = read_context_form(db, path, options, sheets=sheets)
    return apply_context_plan(db, plan, progress)
