"""The README gallery: every page and the main dialogs of the real window at 1366×768.

Runs the program's own window on a fresh demo district in a temporary folder, on a virtual screen
with Qt's real X11 platform (not offscreen), visits every page, opens the main dialogs (one of them
in its error state) and saves each as docs/screenshots/NN-name.png.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py

(without xvfb-run it re-runs itself under it when xvfb-run is installed: apt-get install xvfb).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)


def _under_xvfb() -> int | None:
    """Re-run under xvfb-run when there is no display; None when already on one."""
    if os.environ.get("DISPLAY") or os.environ.get("SHNOR_SCREENSHOTS_CHILD"):
        return None
    if shutil.which("xvfb-run") is None:
        sys.stderr.write("Нужен xvfb-run (apt-get install xvfb) или экран (DISPLAY)\n")
        return 1
    env = dict(os.environ, SHNOR_SCREENSHOTS_CHILD="1", QT_QPA_PLATFORM="xcb")
    return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {SIZE[0]}x{SIZE[1]}x24", sys.executable,
                            __file__], env=env)


def main() -> int:
    code = _under_xvfb()
    if code is not None:
        return code
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from shnor_desktop.context import AppContext
    from shnor_desktop.demo import load_demo
    from shnor_desktop.paths import resources_dir
    from shnor_desktop.ui.locale import install_russian
    from shnor_desktop.ui.main_window import PAGES, MainWindow

    app = QApplication(sys.argv[:1])
    install_russian(app)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "shnor.png")))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    data = Path(tempfile.mkdtemp(prefix="shnor-screens-"))
    ctx = AppContext.open(data, daily_backup=False)
    load_demo(ctx.db)
    window = MainWindow(ctx, offer_demo=False)
    window.setGeometry(0, 0, *SIZE)
    window.showMaximized()
    counter = iter(range(1, 100))

    def settle(ms: int = 150) -> None:
        deadline = dt.datetime.now() + dt.timedelta(milliseconds=ms)
        while dt.datetime.now() < deadline:
            app.processEvents()

    def shot(widget: QWidget, name: str) -> None:
        settle()
        path = OUT / f"{next(counter):02d}-{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(ROOT))

    def dialog_shot(make: Callable[[], QDialog | None], name: str,
                    before: Callable[[QDialog], None] | None = None) -> None:
        dialog = make()
        if dialog is None:
            return
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.show()
        settle(200)
        if before is not None:
            before(dialog)
            settle(200)
        shot(dialog, name)
        dialog.done(0)  # closes without the unsaved-changes question
        dialog.deleteLater()

    for spec in PAGES:
        window.show_page(spec.key)
        if spec.key == "analysis":
            page = window.page("analysis")
            settle(200)
            window.runner.wait(60_000)
            settle(600)
            if getattr(page, "table", None) is not None and page.model.rowCount():
                page.table.view.selectRow(0)
        shot(window, spec.key)

    registry = window.page("registry")
    dialog_shot(lambda: registry.open_card(registry.table.current_object().id
                                           if registry.table.current_object() else 1), "school-card")
    partnerships = window.page("partnerships")
    dialog_shot(lambda: partnerships.make_partnership_dialog(), "partnership-new")
    visits = window.page("visits")
    dialog_shot(lambda: visits.make_visit_dialog(), "visit-new-error", before=lambda d: d.accept())
    documents = window.page("documents")
    dialog_shot(lambda: documents.make_generate_dialog("order-partners"), "generate-order")
    from shnor_desktop.docs_gen.contexts.common import DocParams
    from shnor_desktop.docs_gen.journal import preview_gaps
    from shnor_desktop.ui.dialogs.generate_dialog import BlanksDialog

    gaps = preview_gaps(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026))
    if gaps:
        dialog_shot(lambda: BlanksDialog(window, window.ui, "order-shnor-list", DocParams(year=2026), gaps),
                    "blanks-before-saving")
    documents.templates_table.select_where(lambda r: r.kind == "agreement")
    dialog_shot(lambda: documents.make_fields_dialog(), "template-fields")
    start = window.page("start")
    dialog_shot(lambda: start.make_target_dialog(), "target")
    window.runner.wait(30_000)
    window.close()
    ctx.close()
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
