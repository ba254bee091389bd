"""`shnor`: the application's services without a window.

Every command opens the same database as the window (``--data-dir`` or
``--database-url``) and calls the same Qt-free services.
"""

# Imports inside functions: each command loads only what it needs, so `shnor --help` and the small
# commands start quickly.

from __future__ import annotations

import argparse
import csv
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .context import AppContext
from .errors import ShnorError
from .io.problems import ImportRejected
from .store.database import DatabaseError, ReadOnlyError

log = logging.getLogger(__name__)

Command = Callable[[AppContext, argparse.Namespace], int]


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _write_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


# --- commands -----------------------------------------------------------------------------


def cmd_schools(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.action == "add":
        return _schools_add(ctx, args)
    if args.action == "archive-others":
        return _schools_archive_others(ctx)
    given = [f"--{o.replace('_', '-')}" for o in SCHOOL_OPTIONS if getattr(args, o) is not None]
    if given or args.rural is not None:
        sys.stderr.write(f"Параметры {', '.join(given) or '--rural/--urban'} — для добавления школы: "
                         "shnor schools add …\n")
        return 1
    from .registry.queries import list_schools

    header = ["login", "short_name", "full_name", "municipality", "inn", "kind", "legal_form",
              "postal_code", "address", "settlement", "phone", "email", "director", "pupils",
              "teachers", "rural", "archived"]
    with ctx.db.session() as session:
        schools = list_schools(session, include_archived=args.all)
        rows = [
            [s.fis_login or "", s.short_name, s.full_name, s.municipality, s.inn, s.kind,
             s.legal_form, s.postal_code, s.address, s.settlement, s.phone, s.email,
             s.director_name,
             "" if s.pupils is None else s.pupils, "" if s.teachers is None else s.teachers,
             "" if s.is_rural is None else ("да" if s.is_rural else "нет"),
             "да" if s.archived else ""]
            for s in schools
        ]
    if args.csv:
        _write_csv(header, rows)
    else:
        for r in rows:
            _out(f"{r[0]:<12} {r[1]}")
        _out(f"Всего: {len(rows)}")
    return 0


# `shnor schools add` option -> the school card's field
SCHOOL_OPTIONS: dict[str, str] = {
    "login": "fis_login", "name": "short_name", "full_name": "full_name", "municipality": "municipality",
    "inn": "inn", "legal_form": "legal_form", "kind": "kind", "postal_code": "postal_code",
    "address": "address", "settlement": "settlement", "phone": "phone", "email": "email",
    "director": "director_name", "pupils": "pupils", "teachers": "teachers",
}
REQUIRED_SCHOOL_OPTIONS = ("login", "name", "municipality")


def _schools_add(ctx: AppContext, args: argparse.Namespace) -> int:
    """Add one school through the registry's own checks; print its id."""
    from .registry.service import create_school
    from .registry.validation import summary
    from .validation import ValidationError

    missing = [f"--{o.replace('_', '-')}" for o in REQUIRED_SCHOOL_OPTIONS if not getattr(args, o)]
    if missing:
        sys.stderr.write(f"Школа не записана: укажите {', '.join(missing)}\n")
        return 1
    raw: dict[str, object] = {field: getattr(args, option) for option, field in SCHOOL_OPTIONS.items()
                              if getattr(args, option) is not None}
    raw.setdefault("full_name", args.name)
    if args.rural is not None:
        raw["is_rural"] = args.rural
    try:
        school = create_school(ctx.db, raw)
    except ValidationError as exc:
        sys.stderr.write(f"Школа не записана:\n{summary(exc.pairs)}\n")
        return 1
    _out(str(school.id))
    return 0


def _schools_archive_others(ctx: AppContext) -> int:
    from .registry.scope import district_scope
    from .registry.service import archive_other_municipalities

    with ctx.db.session() as session:
        scope = district_scope(session)
    if scope.everything:
        sys.stderr.write("Муниципалитет района не задан («Сведения о районе…» в окне): непонятно, какие ОО "
                         "чужие. Ничего не изменено.\n")
        return 1
    count = archive_other_municipalities(ctx.db)
    _out(f"Перенесено в архив ОО других муниципалитетов (не {scope.label}): {count}")
    return 0


def cmd_requisites(ctx: AppContext, args: argparse.Namespace) -> int:
    """The «Реквизиты ОО» template for the district's schools (filled in, it is loaded by import)."""
    from .io.requisites import write_template

    with ctx.db.session() as session:
        count = write_template(session, Path(args.file))
    _out(f"{args.file}: шаблон «Реквизиты ОО», школ: {count}. Заполненный файл загрузите командой "
         f"shnor import {args.file}")
    return 0


def cmd_pivot(ctx: AppContext, args: argparse.Namespace) -> int:
    """Every school of the district × every work × year in one workbook."""
    from .analytics.indicators import indicator
    from .analytics.pivot import results_pivot
    from .io.pivot_export import write_pivot

    ind = indicator(args.indicator)  # AnalyticsError: reported by main()
    with ctx.db.session() as session:
        pivot = results_pivot(session, indicator_key=ind.key, procedure=args.procedure)
    if pivot.table.empty:
        sys.stderr.write("Результатов района нет: сначала загрузите протоколы (shnor import).\n")
        return 1
    write_pivot(pivot, Path(args.file))
    works = len({w for w, _y in pivot.table.columns})
    _out(f"{args.file}: {ind.short}, школ: {len(pivot.table) - 1}, работ: {works}, "
         f"столбцов (работа × год): {len(pivot.table.columns)}")
    return 0


def cmd_import(ctx: AppContext, args: argparse.Namespace) -> int:
    from .io.dispatch import ImportOptions, import_file

    options = ImportOptions(
        year=args.year, grade=args.grade, subject=args.subject,
        municipality=args.municipality, all_municipalities=args.all_municipalities,
        create_missing=args.create_missing, mapping=args.mapping, max_error_share=args.max_error_share,
    )
    failed = False
    for name in args.files:
        try:
            summary = import_file(ctx, Path(name), options)
        except ImportRejected as exc:
            failed = True
            sys.stderr.write(f"Файл {name} не загружен, база не изменена. Ошибки:\n")
            for problem in exc.problems:
                sys.stderr.write(f"  - {problem}\n")
            continue
        _out(summary.text())
        if summary.written == 0:
            failed = True
            sys.stderr.write(f"Файл {name}: в базу не записано ни одной строки. Причина: "
                             f"{summary.nothing_written_reason()}\n")
    return 1 if failed else 0


def _share_arg(text: str) -> float:
    """0.15, 0,15, 15 or 15% -> 0.15 (for --threshold)."""
    from .russian import parse_share

    return parse_share(text)


def cmd_flags(ctx: AppContext, args: argparse.Namespace) -> int:
    from .analytics.districts import DISTRICTS_CSV_HEADER, districts_csv, districts_text, identify_each
    from .analytics.identification import identify, load_settings
    from .analytics.indicators import indicator
    from .analytics.report import CSV_HEADER, csv_rows, text_lines
    from .registry.scope import district_scope

    with ctx.db.session() as session:  # AnalyticsError: main()
        changes: dict[str, object] = {}
        if args.indicator:
            changes["indicators"] = (indicator(args.indicator).key,)
        if args.mean:
            changes["mean"] = args.mean
        if args.threshold is not None:
            changes["threshold"] = args.threshold
        if args.min_participants is not None:
            changes["min_participants"] = args.min_participants
        settings = load_settings(session).replace(**changes)
        slice_args = {"year": args.year, "procedure": args.procedure, "grade": args.grade,
                      "subject": args.subject, "settings": settings, "session_name": args.session}
        if args.each_municipality:
            summaries = identify_each(session, **slice_args)
            results = [s.identification for s in summaries]
        else:
            scope = district_scope(session, args.municipality)
            results = [identify(session, **slice_args, scope=scope)]
            summaries = []
    if args.csv:
        if args.districts and summaries:
            _write_csv(DISTRICTS_CSV_HEADER, districts_csv(summaries))
        else:
            _write_csv(CSV_HEADER, [row for result in results for row in csv_rows(result)])
        return 0
    for number, result in enumerate(results):
        if number:
            _out()
        if result.scope_label and args.each_municipality:
            _out(f"== {result.scope_label} ==")
        for line in text_lines(result):
            _out(line)
    if summaries:
        _out()
        for line in districts_text(summaries):
            _out(line)
    return 0


def cmd_scales(ctx: AppContext, args: argparse.Namespace) -> int:
    from .io.scales import (
        ScaleError,
        ScaleSpec,
        list_scales,
        parse_task_max,
        save_scale,
        seed_shipped_scales,
        task_max_text,
    )

    if args.action == "set":
        missing = [flag for flag, value in (("--year", args.year), ("--grade", args.grade),
                                            ("--subject", args.subject)) if value is None]
        if missing:
            sys.stderr.write(f"Шкала не записана: укажите {', '.join(missing)}\n")
            return 1
        try:
            with ctx.db.transaction() as session:
                seed_shipped_scales(session)
                row = save_scale(session, year=args.year, grade=args.grade, subject=args.subject,
                                 min3=args.min3, min4=args.min4, min5=args.min5, max_score=args.max,
                                 task_max=parse_task_max(args.tasks or ""), source=args.source or "")
                _out(f"{row.year}, {row.grade} класс, {row.subject}: {ScaleSpec.of(row).text()}")
        except ScaleError as exc:
            sys.stderr.write(f"Шкала не записана: {exc}\n")
            return 1
        return 0

    def n(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    with ctx.db.transaction() as session:
        seed_shipped_scales(session)
        rows = [[s.year, s.grade, s.subject, n(s.min3), n(s.min4), n(s.min5), n(s.max_score),
                 task_max_text(s.task_max), s.source]
                for s in list_scales(session, "VPR")
                if args.year in (None, s.year) and args.grade in (None, s.grade)]
    if args.csv:
        _write_csv(["year", "grade", "subject", "min3", "min4", "min5", "max", "tasks", "source"], rows)
    else:
        for r in rows:
            marks = (f"«3» от {r[3]:>3}, «4» от {r[4]:>3}, «5» от {r[5]:>3}" if r[3]
                     else "пороги отметок не заданы")
            top = f", максимум {r[6]}" if r[6] else ""
            _out(f"{r[0]} {r[1]:>2} кл. {r[2]:<18} {marks}{top}")
        _out(f"Всего: {len(rows)}")
    return 0


def cmd_demo(ctx: AppContext, args: argparse.Namespace) -> int:
    from .demo import load_demo

    counts = load_demo(ctx.db, force=args.force)  # DemoNotEmpty: reported by main()
    _out("Демонстрационный район загружен: " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


def cmd_backup(ctx: AppContext, args: argparse.Namespace) -> int:
    from .store.backup import backup_database

    if ctx.db.sqlite_file is None:
        sys.stderr.write("Программа работает с общей базой PostgreSQL: её копии делает администратор "
                         "сервера (pg_dump). Команда backup копирует только локальный файл SQLite.\n")
        return 1
    path = backup_database(ctx.db, ctx.paths.backups_dir, reason="manual")
    _out(str(path))
    return 0


def cmd_restore(ctx: AppContext, args: argparse.Namespace) -> int:
    from .store.restore import restore_database

    if ctx.db.sqlite_file is None:
        sys.stderr.write("Общая база PostgreSQL восстанавливается администратором сервера (pg_restore).\n")
        return 1
    safety = restore_database(ctx.db, Path(args.file), ctx.paths.backups_dir)  # BackupError: main()
    _out(f"Восстановлено из {args.file}; прежнее состояние сохранено в {safety}")
    return 0


def cmd_partner_add(ctx: AppContext, args: argparse.Namespace) -> int:
    from .russian import parse_date
    from .tracking.partnerships import add_partnership_by_logins
    from .validation import ValidationError

    try:
        date = parse_date(args.date or "")
    except ValueError as exc:
        sys.stderr.write(f"Дата договора: {exc}\n")
        return 1
    try:
        with ctx.db.transaction() as session:
            partnership = add_partnership_by_logins(
                session, args.leader, args.school, number=args.number or "",
                agreement_date=date, city=args.city or "")
            partnership_id = partnership.id
    except ValidationError as exc:
        sys.stderr.write("Партнёрство не записано:\n")
        for message in exc.messages:
            sys.stderr.write(f"  - {message}\n")
        return 1
    _out(str(partnership_id))
    return 0


def _today_arg(text: str) -> object:
    from .russian import parse_date

    try:
        value = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    if value is None:
        raise argparse.ArgumentTypeError("укажите дату")
    return value


def cmd_monitoring(ctx: AppContext, args: argparse.Namespace) -> int:
    from .analytics.monitoring import monitoring_report

    with ctx.db.session() as session:
        report = monitoring_report(session, args.year, today=args.today)
    if args.csv:
        _write_csv(["code", "indicator", "value", "unit", "numerator", "denominator"],
                   [[i.code, i.name, "" if i.percent is None else i.percent, i.unit, i.numerator,
                     i.denominator] for i in report.indicators])
        return 0
    _out(f"Показатели мониторинга ШНОР и ШНСУ за {args.year} г. "
         f"(ОО под наблюдением: {len(report.schools)})")
    for i in report.indicators:
        _out(f"{i.name}: {i.text()} ({i.numerator} / {i.denominator})")
    return 0


def cmd_overdue(ctx: AppContext, args: argparse.Namespace) -> int:
    from .russian import date_short
    from .tracking.attention import overdue

    with ctx.db.session() as session:
        items = overdue(session, args.today)
    rows = [[i.kind_label, i.what, date_short(i.when), i.responsible, i.days_overdue] for i in items]
    if args.csv:
        _write_csv(["kind", "what", "deadline", "responsible", "days_overdue"], rows)
        return 0
    for kind, what, when, who, days in rows:
        _out(f"{when}  просрочено на {days} дн.  [{kind}] {what}" + (f" — {who}" if who else ""))
    _out(f"Всего просрочено: {len(rows)}")
    return 0


def cmd_risks(ctx: AppContext, args: argparse.Namespace) -> int:
    from .risks.factors import ensure_default_factors
    from .risks.profiles import risk_matrix

    with ctx.db.transaction() as session:
        ensure_default_factors(session)
        matrix = risk_matrix(session, args.year, all_schools=args.all)
        header, rows = matrix.header(), matrix.table()
    if args.csv:
        _write_csv(header, rows)
        return 0
    _out(f"Профили рисков ОО за {args.year} г.")
    for number, (_, name) in enumerate(matrix.factors, start=1):
        _out(f"  Ф{number}. {name}")
    for row in rows:
        levels = ", ".join(f"Ф{i}: {level}" for i, level in enumerate(row[2:], start=1) if level)
        _out(f"{row[0]:<12} {row[1]} — {levels or 'профиль не заполнен'}")
    _out(f"Всего ОО: {len(rows)}")
    return 0


def cmd_generate(ctx: AppContext, args: argparse.Namespace) -> int:
    from .docs_gen.contexts.common import DocParams
    from .docs_gen.journal import generate
    from .docs_gen.kinds import kind

    document_kind = kind(args.kind)
    if document_kind.record is not None and args.id is None:
        sys.stderr.write(f"Для документа «{document_kind.title}» укажите --id "
                         f"({document_kind.record_label}).\n")
        return 1
    options: dict[str, object] = {}
    for name in ("procedure", "grade", "subject", "municipality"):
        if getattr(args, name, None) not in (None, ""):
            options[name] = getattr(args, name)
    params = DocParams(record_id=args.id, year=args.year, options=options)
    result = generate(ctx.paths, ctx.db, args.kind, params, number=args.number, doc_date=args.date,
                      output=Path(args.output) if args.output else None)  # ShnorError: main()
    if result.gaps:
        count = len(result.gaps)
        sys.stderr.write(f"Предупреждение: в документе пропуски для заполнения от руки ({count}):\n")
        for gap in result.gaps:
            sys.stderr.write(f"  - {gap.text()}\n")
    _out(str(result.path))
    return 0


# --- parser -------------------------------------------------------------------------------


# argparse's own words (usage, errors, help headings) in Russian: argparse looks each up through
# its module-level ``_`` (gettext), which is pointed at this table.
ARGPARSE_RU = {
    "usage: ": "использование: ",
    "options": "параметры",
    "positional arguments": "аргументы",
    "show this help message and exit": "показать эту справку и выйти",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "недопустимое значение %(value)r (возможны: %(choices)s)",
    "invalid %(type)s value: %(value)r": "недопустимое значение: %(value)r",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "expected one argument": "ожидается одно значение",
    "expected at most one argument": "ожидается не больше одного значения",
    "expected at least one argument": "ожидается хотя бы одно значение",
    "ambiguous option: %(option)s could match %(matches)s":
        "неоднозначный параметр %(option)s: подходят %(matches)s",
    "not allowed with argument %s": "нельзя вместе с %s",
    "one of the arguments %s is required": "нужен один из аргументов: %s",
    "can't open '%(filename)s': %(error)s": "не открывается «%(filename)s»: %(error)s",
}


def _argparse_ru(text: str) -> str:
    return ARGPARSE_RU.get(text, text)


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _argparse_ru  # type: ignore[attr-defined]  # argparse has no public hook for this
    parser = argparse.ArgumentParser(prog="shnor", description="ШНОР Desktop без окна")
    parser.add_argument("--version", action="version", version=f"ШНОР Desktop {__version__}",
                        help="показать версию программы")
    parser.add_argument("--data-dir", metavar="ПАПКА",
                        help="папка данных (по умолчанию — профиль пользователя)")
    parser.add_argument("--database-url", metavar="АДРЕС", help="адрес базы (например, postgresql+psycopg://…)")
    parser.add_argument("-v", "--verbose", action="store_true", help="подробный журнал в консоль")
    sub = parser.add_subparsers(dest="command", required=True, metavar="КОМАНДА")

    p = sub.add_parser("schools", help="реестр ОО: список (list), добавление школы (add), архив ОО других "
                                       "муниципалитетов (archive-others)",
                       description="shnor schools [list] [--csv] [--all] — список ОО; shnor schools add "
                                   "--login ЛОГИН --name НАЗВАНИЕ --municipality МУНИЦИПАЛИТЕТ [...] — "
                                   "добавить школу (печатает её номер); shnor schools archive-others — "
                                   "перенести в архив ОО не из муниципалитета района")
    p.add_argument("action", nargs="?", choices=["list", "add", "archive-others"], default="list",
                   metavar="list|add|archive-others",
                   help="list — список (по умолчанию), add — добавить школу, archive-others — в архив ОО "
                        "других муниципалитетов")
    p.add_argument("--csv", action="store_true", help="list: вывод в CSV")
    p.add_argument("--all", action="store_true", help="list: включая архивные")
    add = p.add_argument_group("add: карточка школы (проверяется, как в окне)")
    add.add_argument("--login", metavar="ЛОГИН", help="логин ФИС ОКО (edu223144 или sch223144)")
    add.add_argument("--name", metavar="НАЗВАНИЕ", help="краткое наименование (МБОУ «СОШ № 1»)")
    add.add_argument("--municipality", metavar="МУНИЦИПАЛИТЕТ", help="муниципалитет, как в файлах ФИС ОКО")
    add.add_argument("--full-name", metavar="НАЗВАНИЕ", help="полное наименование по уставу "
                     "(по умолчанию — краткое)")
    add.add_argument("--inn", metavar="ИНН")
    add.add_argument("--legal-form", metavar="ФОРМА", help="МБОУ, МКОУ, МАОУ…")
    add.add_argument("--kind", metavar="ВИД", help="СОШ, ООШ, НОШ, гимназия, лицей…")
    add.add_argument("--postal-code", metavar="ИНДЕКС")
    add.add_argument("--address", metavar="АДРЕС")
    add.add_argument("--settlement", metavar="ПУНКТ", help="населённый пункт")
    add.add_argument("--phone", metavar="ТЕЛЕФОН")
    add.add_argument("--email", metavar="ПОЧТА")
    add.add_argument("--director", metavar="ФИО", help="ФИО руководителя")
    add.add_argument("--pupils", metavar="N", help="число обучающихся")
    add.add_argument("--teachers", metavar="N", help="число педагогов")
    rural = add.add_mutually_exclusive_group()
    rural.add_argument("--rural", dest="rural", action="store_const", const=True, help="сельская школа")
    rural.add_argument("--urban", dest="rural", action="store_const", const=False, help="городская школа")
    p.set_defaults(func=cmd_schools)

    p = sub.add_parser("import", help="загрузить файлы .xlsx, .xls, .csv (контекстные данные, протоколы ВПР, "
                                        "таблицы результатов)")
    p.add_argument("files", nargs="+")
    p.add_argument("--year", type=int)
    p.add_argument("--grade", type=int)
    p.add_argument("--subject")
    p.add_argument("--municipality", help="муниципалитет, если файл охватывает весь регион")
    p.add_argument("--all-municipalities", action="store_true", help="загрузить весь регион")
    p.add_argument("--create-missing", action="store_true",
                   help="добавить в реестр ОО из протокола ВПР или таблицы, которых в нём нет (с названием "
                        "и муниципалитетом из файла)")
    p.add_argument("--max-error-share", type=_share_arg, metavar="ДОЛЯ",
                   help="протокол ВПР не загружается, если строк с ошибками (баллы выше максимума, "
                        "противоречивые повторы) больше этой доли загружаемых строк (по умолчанию 1%%)")
    p.add_argument("--mapping", metavar="ФАЙЛ.json",
                   help="сопоставление столбцов для таблицы результатов по школам с любыми заголовками "
                        "(иначе — запомненное); пример: {\"columns\": {\"login\": \"Login\", "
                        "\"mean_score\": \"Mean score\"}, \"constants\": {\"year\": 2025, "
                        "\"procedure\": \"ОГЭ\", \"grade\": 9, \"subject\": \"Математика\"}}")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("requisites", help="шаблон «Реквизиты ОО» для школ района (лицензия, аккредитация, "
                                          "руководитель); заполненный загружается командой import")
    p.add_argument("file", metavar="ФАЙЛ.xlsx")
    p.set_defaults(func=cmd_requisites)

    p = sub.add_parser("pivot", help="сводная таблица в Excel: школы района × работы × годы "
                                     "по одному показателю")
    p.add_argument("file", metavar="ФАЙЛ.xlsx")
    p.add_argument("--indicator", default="kv",
                   help="показатель: kv (по умолчанию), quality, mean_score, median…")
    p.add_argument("--procedure", help="только одна процедура: ВПР, ОГЭ, ЕГЭ")
    p.set_defaults(func=cmd_pivot)

    p = sub.add_parser("scales", help="шкалы перевода первичных баллов ВПР в отметки: список или запись")
    p.add_argument("action", nargs="?", choices=["list", "set"], default="list")
    p.add_argument("--year", type=int)
    p.add_argument("--grade", type=int)
    p.add_argument("--subject")
    p.add_argument("--min3", type=float, help="наименьший первичный балл отметки «3»")
    p.add_argument("--min4", type=float, help="наименьший первичный балл отметки «4»")
    p.add_argument("--min5", type=float, help="наименьший первичный балл отметки «5»")
    p.add_argument("--max", type=float, help="максимальный первичный балл")
    p.add_argument("--tasks", metavar="МАКСИМУМЫ",
                   help="максимумы заданий: «1: 1; 2: 1; 5.1: 2» или по порядку «1 1 2 …»")
    p.add_argument("--source", help="откуда взята шкала (документ, письмо)")
    p.add_argument("--csv", action="store_true", help="вывод в CSV")
    p.set_defaults(func=cmd_scales)

    p = sub.add_parser("flags", help="выявление ШНОР: школы ниже районного уровня в срезе")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--procedure", required=True, help="ВПР, ОГЭ, ЕГЭ (или VPR, OGE, EGE)")
    p.add_argument("--grade", type=int, required=True)
    p.add_argument("--subject", required=True)
    p.add_argument("--indicator", help="один показатель (по умолчанию — набор из настроек)")
    p.add_argument("--mean", choices=["weighted", "schools"], help="районный уровень: weighted или schools")
    p.add_argument("--threshold", type=_share_arg, help="порог, например 0.15 или 15%%")
    p.add_argument("--min-participants", type=int,
                   help="минимум участников, чтобы отмечать школу (по положению — не задан, 0)")
    p.add_argument("--session", help="сессия (весна/осень), если в году их несколько")
    p.add_argument("--municipality", metavar="МУНИЦИПАЛИТЕТ",
                   help="район для сравнения (название или код reg22_m056; несколько — через «;»); "
                        "по умолчанию — из сведений о районе")
    p.add_argument("--each-municipality", action="store_true",
                   help="для ЦОКО: каждый муниципалитет базы отдельно и сводная таблица районов")
    p.add_argument("--districts", action="store_true",
                   help="с --each-municipality и --csv: только сводная таблица районов")
    p.add_argument("--csv", action="store_true", help="вывод в CSV")
    p.set_defaults(func=cmd_flags)

    p = sub.add_parser("demo", help="загрузить демонстрационный район")
    p.add_argument("--force", action="store_true", help="даже если база не пуста")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("backup", help="создать резервную копию")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="восстановить из резервной копии")
    p.add_argument("file")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("partner", help="сетевое взаимодействие: партнёрства школ")
    partner = p.add_subparsers(dest="partner_command", required=True, metavar="ДЕЙСТВИЕ")
    p = partner.add_parser("add", help="записать партнёрство школы-лидера и поддерживаемой школы")
    p.add_argument("--leader", required=True, metavar="ЛОГИН", help="логин ФИС ОКО школы-лидера (Школа 1)")
    p.add_argument("--school", required=True, metavar="ЛОГИН",
                   help="логин ФИС ОКО поддерживаемой школы (Школа 2)")
    p.add_argument("--number", metavar="N", help="номер договора")
    p.add_argument("--date", metavar="ГГГГ-ММ-ДД", help="дата договора (договор с датой — «действует»)")
    p.add_argument("--city", metavar="ГОРОД", help="место заключения договора")
    p.set_defaults(func=cmd_partner_add)

    p = sub.add_parser("monitoring", help="показатели ежегодного мониторинга ШНОР и ШНСУ")
    p.add_argument("--year", type=int, required=True, help="год мониторинга")
    p.add_argument("--csv", action="store_true", help="вывод в CSV")
    p.add_argument("--today", type=_today_arg, help="дата расчёта (по умолчанию — сегодня)")
    p.set_defaults(func=cmd_monitoring)

    from .docs_gen.kinds import KIND_KEYS

    p = sub.add_parser("generate", help="сформировать документ (договор, приказ, справку, план)")
    p.add_argument("kind", choices=KIND_KEYS, metavar="KIND", help="вид: " + ", ".join(KIND_KEYS))
    p.add_argument("--id", type=int, help="номер записи: партнёрства (agreement, joint-plan) или выезда "
                   "(visit-note)")
    p.add_argument("-o", "--output", metavar="FILE", help="куда сохранить .docx (по умолчанию — папка "
                   "документов)")
    p.add_argument("--year", type=int, help="год (приказы и аналитическая справка; по умолчанию — текущий)")
    p.add_argument("--date", type=_today_arg, help="дата документа (по умолчанию — сегодня)")
    p.add_argument("--number", help="номер документа (по умолчанию — следующий по журналу)")
    p.add_argument("--procedure", help="аналитическая справка: процедура (ВПР, ОГЭ, ЕГЭ)")
    p.add_argument("--grade", type=int, help="аналитическая справка: класс")
    p.add_argument("--subject", help="аналитическая справка: предмет")
    p.add_argument("--municipality", metavar="МУНИЦИПАЛИТЕТ",
                   help="аналитическая справка: район (по умолчанию — из сведений о районе)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("overdue", help="просроченное: дорожная карта, рекомендации, договоры, планы")
    p.add_argument("--csv", action="store_true", help="вывод в CSV")
    p.add_argument("--today", type=_today_arg, help="дата отсчёта (по умолчанию — сегодня)")
    p.set_defaults(func=cmd_overdue)

    p = sub.add_parser("risks", help="профили рисков ОО за год: уровни факторов риска по школам")
    p.add_argument("--year", type=int, required=True, help="год профиля")
    p.add_argument("--csv", action="store_true", help="вывод в CSV: login, name, по столбцу на фактор")
    p.add_argument("--all", action="store_true", help="все школы реестра, а не только с профилем")
    p.set_defaults(func=cmd_risks)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .logging_setup import setup_logging
    from .paths import AppPaths

    args = build_parser().parse_args(argv)
    paths = AppPaths.create(args.data_dir)
    setup_logging(paths.logs_dir, verbose=args.verbose, to_stderr=True)
    try:
        ctx = AppContext.open(paths.data_dir, args.database_url)
    except ReadOnlyError as exc:  # the message says it all: which folder or file, what to do
        sys.stderr.write(f"{exc}\n")
        return 2
    except DatabaseError as exc:
        sys.stderr.write(f"Ошибка базы данных: {exc}\n")
        return 2
    try:
        return int(args.func(ctx, args))
    except ShnorError as exc:  # the one translation of the CLI: a Russian message, details in the log
        log.info("%s refused: %s", args.command, exc, exc_info=True)
        sys.stderr.write(f"{exc.user_message}\n")
        return 1
    except BrokenPipeError:  # `shnor schools --csv | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
