"""Which importer a file needs, and running it: the one entry the CLI and the window share.

A kind of file is an :class:`ImportKind` in :data:`KINDS`: a ``matches`` test on the workbook's
sheets and headers, and a ``run`` that imports it (read -> validate -> report -> apply in one
transaction). To add a kind, write its module and append one entry to :data:`KINDS`; the first
entry whose ``matches`` is true wins, so put more specific tests first. A file that no kind
recognises is refused with :class:`UnknownKind` (its headers listed), unless a column mapping is
given or remembered for its headers: then it is a table of results by school whatever its headers
(``--mapping`` in the CLI; the window opens the column-mapping step instead). Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .context_forms import detect_layout as detect_context_layout
from .context_plan import import_context_form
from .logins import import_logins, is_logins_sheet
from .problems import ImportRejected, ImportSummary, Problem
from .requisites import import_requisites, is_requisites_sheet
from .results_store import import_vpr
from .sheet import Sheet
from .table_import import find_sheet_table, import_table, mapping_hint, remembered_sheet_table
from .table_sheet import table_from_sheet
from .vpr import detect_layout as detect_vpr_layout
from .vpr import sniff_layout
from .workbook import read_workbook

if TYPE_CHECKING:
    from ..context import AppContext

ProgressFn = Callable[[int, int, str], None]


@dataclass
class ImportOptions:
    """What a file's name or content may not say."""

    year: int | None = None
    grade: int | None = None
    subject: str | None = None
    municipality: str | None = None
    all_municipalities: bool = False
    create_missing: bool = False  # add schools missing from the registry (ВПР protocols, tables)
    mapping: str | None = None  # a column mapping (JSON file) for a table of results by school
    max_error_share: float | None = None  # refuse a protocol with more wrong rows (default: the setting, 1 %)


@dataclass
class SourceFile:
    """A file being imported; its sheets are read once and shared by detection and import."""

    path: Path
    _sheets: list[Sheet] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    def sheets(self) -> list[Sheet]:
        if self._sheets is None:
            self._sheets = read_workbook(self.path)
        return self._sheets

    def headers(self) -> dict[str, list[str]]:
        """Sheet name -> its first row as text."""
        return {s.name: s.header for s in self.sheets()}


Runner = Callable[["AppContext", SourceFile, ImportOptions, "ProgressFn | None"], ImportSummary]


@dataclass(frozen=True)
class ImportKind:
    key: str  # "logins", "context_2021"…
    title: str  # Russian, for messages
    matches: Callable[[SourceFile], bool]
    run: Runner


class UnknownKind(ImportRejected):
    """The file was read, but no kind recognises it: the window offers the column-mapping step.

    ``hint`` (the last problem) tells how to give a mapping in the command line."""

    def __init__(self, problems: list[Problem], hint: Problem) -> None:
        super().__init__([*problems, hint])
        self.hint = hint

    def without_hint(self) -> ImportRejected:
        """The same refusal for a window, where ``--mapping`` means nothing."""
        return ImportRejected([p for p in self.problems if p is not self.hint])


# --- the kinds --------------------------------------------------------------------------------


def _is_requisites(source: SourceFile) -> bool:
    return any(is_requisites_sheet(sheet) for sheet in source.sheets())


def _run_requisites(ctx: AppContext, source: SourceFile, options: ImportOptions,
                    progress: ProgressFn | None) -> ImportSummary:
    return import_requisites(ctx.db, source.path, sheets=source.sheets(), progress=progress)


def _is_logins(source: SourceFile) -> bool:
    return any(is_logins_sheet(h) for h in source.headers().values())


def _run_logins(ctx: AppContext, source: SourceFile, options: ImportOptions,
                progress: ProgressFn | None) -> ImportSummary:
    return import_logins(ctx.db, source.path, sheets=source.sheets(), progress=progress)


def _context_layout(source: SourceFile) -> str | None:
    return detect_context_layout(source.sheets())


def _run_context(ctx: AppContext, source: SourceFile, options: ImportOptions,
                 progress: ProgressFn | None) -> ImportSummary:
    return import_context_form(ctx.db, source.path, options, sheets=source.sheets(),
                               progress=progress)


def _vpr_layout(source: SourceFile) -> str | None:
    # the cheap look into the archive first: a 26,000-row protocol is then read only once; else
    # the header is looked for below any title rows, by the meaning of its columns
    return sniff_layout(source.path) or detect_vpr_layout(source.sheets())


def _run_vpr(ctx: AppContext, source: SourceFile, options: ImportOptions,
             progress: ProgressFn | None) -> ImportSummary:
    return import_vpr(ctx.db, source.path, options, progress=progress)


def _is_results_table(source: SourceFile) -> bool:
    return find_sheet_table(source.path, source.sheets()) is not None


def _run_table(ctx: AppContext, source: SourceFile, options: ImportOptions,
               progress: ProgressFn | None) -> ImportSummary:
    return import_table(ctx.db, source.path, options, sheets=source.sheets(), progress=progress)


KINDS: list[ImportKind] = [
    ImportKind("vpr_2022", "протокол ВПР ФИС ОКО, формат 2022 г.",
               lambda s: _vpr_layout(s) == "vpr_2022", _run_vpr),
    ImportKind("vpr_2021", "протокол ВПР ФИС ОКО, формат 2021 г.",
               lambda s: _vpr_layout(s) == "vpr_2021", _run_vpr),
    ImportKind("vpr_2020", "протокол ВПР ФИС ОКО, формат 2020 г.",
               lambda s: _vpr_layout(s) == "vpr_2020", _run_vpr),
    ImportKind("requisites", "реквизиты ОО (шаблон «Реквизиты ОО»)", _is_requisites, _run_requisites),
    ImportKind("logins", "логины ФИС ОКО (logins.xlsx)", _is_logins, _run_logins),
    ImportKind("context_2021", "контекстные данные ОО, форма 2021 г.",
               lambda s: _context_layout(s) == "context_2021", _run_context),
    ImportKind("context_2022", "контекстные данные ОО, форма 2022 г.",
               lambda s: _context_layout(s) == "context_2022", _run_context),
    # last: any table of results by school that no kind above recognises
    ImportKind("table", "таблица результатов по школам (сопоставление столбцов)", _is_results_table,
               _run_table),
]


# --- entry points -----------------------------------------------------------------------------


def _known_kinds() -> str:
    return "; ".join(k.title for k in KINDS)


def _file_headers(source: SourceFile, limit: int = 40) -> str | None:
    """The column headers of the first filled sheet, as a person reads them; None for no filled sheet."""
    for sheet in source.sheets():
        if any(any(c is not None for c in row) for row in sheet.rows):
            headers = [h for h in table_from_sheet(sheet, source.name).headers if h]
            more = f" и ещё {len(headers) - limit}" if len(headers) > limit else ""
            shown = "; ".join(f"«{h}»" for h in headers[:limit])
            return f"заголовки столбцов (лист «{sheet.name}»): {shown or '—'}{more}"
    return None


def detect_source(source: SourceFile) -> ImportKind:
    """The importer for an opened source (its sheets stay read for the import); UnknownKind when
    no kind recognises a file with something in it."""
    for kind in KINDS:
        if kind.matches(source):
            return kind
    sheets = ", ".join(f"«{s}»" for s in source.headers()) or "—"
    unknown = Problem(source.name, f"не удалось определить, что это за файл (листы: {sheets}). "
                                   f"Загружаются: {_known_kinds()}")
    headers = _file_headers(source)
    if headers is None:
        raise ImportRejected([unknown, Problem(source.name, "в файле нет ни одной заполненной строки")])
    raise UnknownKind([unknown, Problem(source.name, headers)], mapping_hint(source.name))


def table_kind() -> ImportKind:
    """The kind of a table of results by school (column mapping)."""
    return next(k for k in KINDS if k.key == "table")


def kind_title(key: str) -> str:
    """The Russian name of a kind of file, for the window (the key itself is internal)."""
    return next((k.title for k in KINDS if k.key == key), key)


def detect_kind(path: Path) -> str:
    """The key of the importer for ``path``; ImportRejected if the file is unknown or damaged."""
    return detect_source(SourceFile(Path(path))).key


def import_file(ctx: AppContext, path: Path, options: ImportOptions,
                progress: ProgressFn | None = None) -> ImportSummary:
    """Detect the kind of ``path`` and import it whole, or raise ImportRejected (nothing changed)."""
    source = SourceFile(Path(path))
    if progress is not None:
        progress(0, 0, f"Чтение {source.name}…")
    try:
        kind = detect_source(source)
    except UnknownKind:
        if not options.mapping and remembered_sheet_table(ctx.db, source.path, source.sheets()) is None:
            raise
        # a mapping was given, or remembered for these headers: a table of results by school
        kind = table_kind()
    return kind.run(ctx, source, options, progress)
