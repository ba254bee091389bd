"""Russian for Qt itself: the standard buttons («Да», «Нет», «Отмена»), the context menus of inputs
(«Отменить», «Вырезать», «Копировать», «Вставить»), file dialogs; and Russian number formats in
spin boxes (decimal comma). PySide6 ships Qt's translations; they are loaded before any widget."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)


def install_russian(app: QCoreApplication) -> bool:
    """Load qtbase_ru (and qt_ru where present) into ``app``; True when Qt speaks Russian."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in ("qtbase", "qt"):  # qt_ru is the catalogue of every module's file: only as a fallback
        translator = QTranslator(app)
        if translator.load(QLocale(QLocale.Language.Russian), name, "_", folder):
            app.installTranslator(translator)
            loaded = True
            break
    if not loaded:
        log.warning("Qt's Russian translation not found in %s: standard buttons stay English", folder)
    return loaded
