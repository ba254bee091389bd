"""`shnor-desktop`: the composition root of the window application.

Order: arguments -> paths -> logging -> exception hook -> database (backup,
migrate) -> QApplication -> main window. Heavy libraries (pandas, matplotlib,
openpyxl, docxtpl, pymorphy3) are imported where used, not here.
"""

# Imports inside functions: the window frame comes first; Qt, the database layer and the window's
# modules load in the order the start needs them (ARCHITECTURE.md, «Start-up order»).

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the database layer loads after the window is on screen
    from .context import AppContext
    from .paths import AppPaths
    from .tracking.attention_items import Attention

log = logging.getLogger("shnor_desktop")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="shnor-desktop", description="ШНОР Desktop")
    parser.add_argument("--data-dir", help="папка данных (по умолчанию — профиль пользователя)")
    parser.add_argument("--database-url", help="адрес общей базы PostgreSQL")
    parser.add_argument("--smoke", action="store_true", help="открыть окно и сразу выйти (проверка сборки)")
    parser.add_argument("--no-demo-offer", action="store_true", help="не предлагать демо-район")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv)


def say(text: str) -> None:
    """A line for whoever runs --smoke; a windowed program on Windows has no stdout at all."""
    log.info("smoke: %s", text)
    if sys.stdout is not None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    from .logging_setup import setup_logging
    from .paths import AppPaths

    paths = AppPaths.create(args.data_dir)
    setup_logging(paths.logs_dir, verbose=args.verbose)
    log.info("starting, data dir %s", paths.data_dir)

    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("ШНОР Desktop")
    app.setOrganizationName("shnor")

    from .paths import resources_dir
    from .ui.locale import install_russian

    install_russian(app)
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "shnor.png")))

    from .ui.errors import install_excepthook, show_fatal

    install_excepthook(smoke=args.smoke)

    # The window frame appears first; the database layer (SQLAlchemy, models) loads once the
    # event loop has painted it.
    from PySide6.QtCore import QTimer

    from .ui.main_window import MainWindow

    window = MainWindow(None)
    state = _Run()

    def show_kept_start() -> None:
        """Today's start page from the copy the last session kept, when it still holds."""
        if args.smoke:
            say("window shown")
        kept = None if args.database_url else kept_start_page(paths)
        if kept is None:
            open_database()
            return
        window.show_kept_start(kept)
        if args.smoke:
            say("start page shown (kept copy)")
        QTimer.singleShot(0, open_database)  # after the page is painted

    def open_database() -> None:
        from .context import AppContext
        from .store.database import DatabaseError

        ctx: AppContext | None
        try:
            ctx = AppContext.open(paths.data_dir, args.database_url, daily_backup=False)
        except DatabaseError as exc:
            log.exception("cannot open the database")
            ctx = None
            if not args.database_url and not args.smoke:
                ctx = offer_recovery(paths, exc)
            if ctx is None:
                show_fatal("Не удалось открыть базу данных", str(exc), smoke=args.smoke)
                state.code = 2
                window.close()
                app.quit()
                return
        state.ctx = ctx
        window.attach(ctx, offer_demo=not (args.smoke or args.no_demo_offer))
        # the day's first copy of the database is made in the background: a region's database takes
        # a second or more to copy, and the window is already usable (closing waits for it)
        window.runner.start(lambda _progress: ctx.make_daily_backup())
        if args.smoke:
            say("database open, start page shown")
            QTimer.singleShot(0, app.quit)

    if (paths.data_dir / "window.ini").is_file():
        window.restore_geometry(paths.data_dir)  # the size and place the user left it in
        window.show()
    else:
        window.showMaximized()  # the first start: the whole screen of a small laptop
    QTimer.singleShot(10, show_kept_start)
    code = app.exec()
    result = int(state.code or code)
    if state.ctx is not None:
        window.close()
        keep_start_page(state.ctx)
        if args.smoke and result == 0:
            say("smoke ok")
    return result


def kept_start_page(paths: AppPaths) -> Attention | None:
    """The start page the last session kept (``tracking.start_summary``), if the window opens on the
    start page of the local database and the copy still holds; None means: read the database."""
    import datetime as dt

    from .paths import configured_database_url
    from .tracking.start_summary import read_summary
    from .ui.main_window import remembered_page, window_settings

    if configured_database_url(paths) is not None:
        return None  # a shared server: other people change it, no file to stamp
    if remembered_page(window_settings(paths.data_dir)) != 0:
        return None  # the window opens on another page: that page needs the database anyway
    return read_summary(paths.data_dir, paths.database_file, dt.date.today())


def keep_start_page(ctx: AppContext) -> None:
    """Close the database, keeping today's start page beside it for the next start."""
    import datetime as dt

    from .tracking.start_summary import discard_summary, write_summary

    db = ctx.db
    local = db.sqlite_file is not None and db.sqlite_file.resolve() == ctx.paths.database_file.resolve()
    attention = None
    if local and not db.read_only:
        from .tracking.attention import attention_today

        try:
            with db.session() as session:
                attention = attention_today(session, dt.date.today())
        except Exception:  # never keeps the program from closing; the next start reads the database
            log.exception("the start page's copy was not computed")
    ctx.close()
    if attention is not None:
        write_summary(ctx.paths.data_dir, ctx.paths.database_file, attention)
    else:
        discard_summary(ctx.paths.data_dir)


@dataclass
class _Run:
    """What the start leaves for the end: the exit code and the opened context."""

    code: int = 0
    ctx: AppContext | None = None


def offer_recovery(paths: AppPaths, exc: Exception) -> AppContext | None:
    """A damaged database: offer the latest good backup (the damaged file is kept aside)."""
    from .context import AppContext
    from .store.database import DatabaseError, DatabaseTooNew, ReadOnlyError, read_only_reason
    from .store.recovery import latest_good_backup, recover_from_backup
    from .ui.confirm import ask

    if isinstance(exc, (DatabaseTooNew, ReadOnlyError)):  # not damaged: a backup would not help
        return None
    if read_only_reason(paths.database_file) is not None:
        return None  # the damaged file cannot be moved aside: the message says it is damaged
    backup = latest_good_backup(paths.backups_dir)
    if backup is None:
        return None
    if not ask(None, "База данных повреждена",
               f"{exc}\n\nВосстановить базу из последней исправной резервной копии?\n{backup.name}\n\n"
               "Повреждённый файл не удаляется: он будет переименован и сохранён рядом."):
        return None
    aside = recover_from_backup(paths.database_file, backup)
    log.warning("recovered from %s; damaged file kept as %s", backup, aside)
    try:
        return AppContext.open(paths.data_dir)
    except DatabaseError:
        log.exception("the backup did not open either")
        return None


if __name__ == "__main__":
    raise SystemExit(main())
