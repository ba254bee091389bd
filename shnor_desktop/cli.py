"""`shnor`: the application's services without a window.

Every command opens the same database as the window (``--data-dir`` or
``--database-url``) and calls the same Qt-free services.
"""

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


def cmd_import(ctx: AppContext, args: argparse.Namespace) -> int:
    from .io.dispatch import ImportOptions, import_file

    options = ImportOptions(
        year=args.year, grade=args.grade, subject=args.subject,
        municipality=args.municipality, all_municipalities=args.all_municipalities,
        create_missing=args.create_missing, mapping=args.mapping,
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
    return 1 if failed else 0


def _share_arg(text: str) -> float:
    """0.15, 0,15, 15 or 15% -> 0.15 (for --threshold)."""
    value = float(text.strip().rstrip("%").strip().replace(",", "."))
    return value / 100 if value >= 1 else value


def cmd_flags(ctx: AppContext, args: argparse.Namespace) -> int:
    from .analytics import AnalyticsError
    from .analytics.identification import identify, load_settings
    from .analytics.indicators import indicator
    from .analytics.report import CSV_HEADER, csv_rows, text_lines

    try:
        with ctx.db.session() as session:
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
            result = identify(session, year=args.year, procedure=args.procedure, grade=args.grade,
                              subject=args.subject, settings=settings, session_name=args.session)
    except AnalyticsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    if args.csv:
        _write_csv(CSV_HEADER, csv_rows(result))
    else:
        for line in text_lines(result):
            _out(line)
    return 0


def cmd_scales(ctx: AppContext, args: argparse.Namespace) -> int:
    from .io.scales import ScaleError, ScaleSpec, list_scales, save_scale, seed_shipped_scales

    if args.action == "set":
        missing = [flag for flag, value in (("--year", args.year), ("--grade", args.grade),
                                            ("--subject", args.subject), ("--min3", args.min3),
                                            ("--min4", args.min4), ("--min5", args.min5)) if value is None]
        if missing:
            sys.stderr.write(f"Шкала не записана: укажите {', '.join(missing)}\n")
            return 1
        try:
            with ctx.db.transaction() as session:
                seed_shipped_scales(session)
                row = save_scale(session, year=args.year, grade=args.grade, subject=args.subject,
                                 min3=args.min3, min4=args.min4, min5=args.min5, max_score=args.max,
                                 source=args.source or "")
                _out(f"{row.year}, {row.grade} класс, {row.subject}: {ScaleSpec.of(row).text()}")
        except ScaleError as exc:
            sys.stderr.write(f"Шкала не записана: {exc}\n")
            return 1
        return 0
    with ctx.db.transaction() as session:
        seed_shipped_scales(session)
        rows = [[s.year, s.grade, s.subject, f"{s.min3:g}", f"{s.min4:g}", f"{s.min5:g}",
                 "" if s.max_score is None else f"{s.max_score:g}", s.source]
                for s in list_scales(session, "VPR")
                if args.year in (None, s.year) and args.grade in (None, s.grade)]
    if args.csv:
        _write_csv(["year", "grade", "subject", "min3", "min4", "min5", "max", "source"], rows)
    else:
        for r in rows:
            _out(f"{r[0]} {r[1]:>2} кл. {r[2]:<18} «3» от {r[3]:>3}, «4» от {r[4]:>3}, «5» от {r[5]:>3}")
        _out(f"Всего: {len(rows)}")
    return 0


def cmd_demo(ctx: AppContext, args: argparse.Namespace) -> int:
    from .store.demo import DemoNotEmpty, load_demo

    try:
        counts = load_demo(ctx.db, force=args.force)
    except DemoNotEmpty as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
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
    from .store.backup import BackupError, restore_database

    if ctx.db.sqlite_file is None:
        sys.stderr.write("Общая база PostgreSQL восстанавливается администратором сервера (pg_restore).\n")
        return 1
    try:
        safety = restore_database(ctx.db, Path(args.file), ctx.paths.backups_dir)
    except BackupError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    _out(f"Восстановлено из {args.file}; прежнее состояние сохранено в {safety}")
    return 0


def cmd_partner_add(ctx: AppContext, args: argparse.Namespace) -> int:
    from .russian import parse_date
    from .tracking.partnerships import add_partnership_by_logins
    from .tracking.validation import ValidationError

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
    from .docs_gen.journal import DocumentError, generate
    from .docs_gen.kinds import kind
    from .docs_gen.rendering import MissingData, TemplateProblem

    document_kind = kind(args.kind)
    if document_kind.record is not None and args.id is None:
        sys.stderr.write(f"Для документа «{document_kind.title}» укажите --id "
                         f"({document_kind.record_label}).\n")
        return 1
    options: dict[str, object] = {}
    for name in ("procedure", "grade", "subject"):
        if getattr(args, name, None) not in (None, ""):
            options[name] = getattr(args, name)
    params = DocParams(record_id=args.id, year=args.year, options=options)
    try:
        result = generate(ctx.paths, ctx.db, args.kind, params, number=args.number, doc_date=args.date,
                          output=Path(args.output) if args.output else None)
    except (TemplateProblem, MissingData, DocumentError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    _out(str(result.path))
    return 0


# --- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shnor", description="ШНОР Desktop без окна")
    parser.add_argument("--version", action="version", version=f"ШНОР Desktop {__version__}")
    parser.add_argument("--data-dir", help="папка данных (по умолчанию — профиль пользователя)")
    parser.add_argument("--database-url", help="адрес базы (например, postgresql+psycopg://…)")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("schools", help="реестр ОО")
    p.add_argument("--csv", action="store_true", help="вывод в CSV")
    p.add_argument("--all", action="store_true", help="включая архивные")
    p.set_defaults(func=cmd_schools)

    p = sub.add_parser("import", help="загрузить файлы (контекстные данные, протоколы ВПР, таблицы)")
    p.add_argument("files", nargs="+")
    p.add_argument("--year", type=int)
    p.add_argument("--grade", type=int)
    p.add_argument("--subject")
    p.add_argument("--municipality", help="муниципалитет, если файл охватывает весь регион")
    p.add_argument("--all-municipalities", action="store_true", help="загрузить весь регион")
    p.add_argument("--create-missing", action="store_true",
                   help="добавить в реестр ОО из протокола ВПР, которых в нём нет (с названием из файла)")
    p.add_argument("--mapping", metavar="ФАЙЛ.json",
                   help="сопоставление столбцов для таблицы результатов по школам (иначе — запомненное)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("scales", help="шкалы перевода первичных баллов ВПР в отметки: список или запись")
    p.add_argument("action", nargs="?", choices=["list", "set"], default="list")
    p.add_argument("--year", type=int)
    p.add_argument("--grade", type=int)
    p.add_argument("--subject")
    p.add_argument("--min3", type=float, help="наименьший первичный балл отметки «3»")
    p.add_argument("--min4", type=float, help="наименьший первичный балл отметки «4»")
    p.add_argument("--min5", type=float, help="наименьший первичный балл отметки «5»")
    p.add_argument("--max", type=float, help="максимальный первичный балл")
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
    p.add_argument("--min-participants", type=int, help="минимум участников, чтобы отмечать школу")
    p.add_argument("--session", help="сессия (весна/осень), если в году их несколько")
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
    except DatabaseError as exc:  # e.g. a change refused by a read-only database: nothing changed
        log.info("%s refused: %s", args.command, exc, exc_info=True)
        sys.stderr.write(f"{exc}\n")
        return 1
    except BrokenPipeError:  # `shnor schools --csv | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
