"""«Файл» menu actions: back up the database now, restore from a backup, open the data folder."""

# Imports inside functions: the backup and restore code loads when the «Файл» menu is used.

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .confirm import ask
from .errors import show_error

if TYPE_CHECKING:
    from ..context import AppContext

log = logging.getLogger(__name__)


def make_backup(parent: QWidget, ctx: AppContext) -> Path | None:
    from ..store.backup import backup_database

    if ctx.db.sqlite_file is None:
        QMessageBox.information(parent, "Резервная копия",
                                "Программа работает с общей базой на сервере PostgreSQL: её копии "
                                "делает администратор сервера (pg_dump).")
        return None
    try:
        path = backup_database(ctx.db, ctx.paths.backups_dir, reason="manual")
    except Exception as exc:
        show_error(parent, "Копия не создана", exc)
        return None
    QMessageBox.information(parent, "Резервная копия создана",
                            f"Копия базы сохранена:\n{path}\n\nПапка копий: {ctx.paths.backups_dir}")
    return path


def restore_backup(parent: QWidget, ctx: AppContext, on_done: Callable[[], None] | None = None) -> bool:
    from ..store.recovery import is_healthy
    from ..store.restore import restore_database

    if ctx.db.sqlite_file is None:
        QMessageBox.information(parent, "Восстановление",
                                "Общая база на сервере восстанавливается администратором сервера.")
        return False
    name, _ = QFileDialog.getOpenFileName(parent, "Восстановить из резервной копии",  # the backups folder
                                          str(ctx.paths.backups_dir), "Копии базы (*.sqlite3)")
    if not name:
        return False
    backup = Path(name)
    if not is_healthy(backup):
        QMessageBox.warning(parent, "Восстановление не выполнено",
                            f"Файл «{backup.name}» повреждён или не является копией базы. База не изменена.")
        return False
    if not ask(parent, "Восстановление из копии",
               f"Заменить текущие данные содержимым копии «{backup.name}»?\n\n"
               "Текущее состояние базы перед этим будет сохранено в отдельную копию, так что "
               "восстановление можно отменить, восстановив её."):
        return False
    try:
        safety = restore_database(ctx.db, backup, ctx.paths.backups_dir)
    except Exception as exc:
        show_error(parent, "Восстановление не выполнено", exc)
        return False
    log.info("restored from %s; previous state in %s", backup, safety)
    if on_done:
        on_done()
    QMessageBox.information(parent, "Данные восстановлены",
                            f"Данные восстановлены из «{backup.name}».\n"
                            f"Прежнее состояние сохранено в «{safety.name}».")
    return True


def open_data_folder(ctx: AppContext) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.paths.data_dir)))
