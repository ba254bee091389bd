"""A matplotlib chart embedded in a page, with its own controls and «Сохранить PNG…».

matplotlib is imported when the first chart is drawn, never when the page is built: it costs
half a second. The figure is drawn by a Qt-free builder (``analytics.charts``) that receives the
canvas's figure, so the same code draws the pictures of documents.
"""

# Imports inside functions: heavy: matplotlib loads with the first chart.

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..errors import show_error
from ..file_dialogs import save_file

log = logging.getLogger(__name__)


class ChartPanel(QWidget):
    def __init__(self, default_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default_name = default_name
        self.figure: Any = None
        self.canvas: Any = None
        self.controls = QHBoxLayout()
        self.save_button = QPushButton("Сохранить PNG…")
        self.save_button.setToolTip("Сохранить рисунок в файл PNG (для справки или презентации)")
        self.save_button.clicked.connect(self.save_dialog)
        self.save_button.setEnabled(False)
        top = QHBoxLayout()
        top.addLayout(self.controls)
        top.addStretch(1)
        top.addWidget(self.save_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #555;")
        self.message.hide()
        self.area = QVBoxLayout()
        self.area.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(self.area, 1)

    def _ensure_canvas(self) -> None:
        if self.canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(9, 5), dpi=96)
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]  # matplotlib: unannotated
        self.canvas.setMinimumHeight(260)
        self.area.addWidget(self.canvas, 1)

    def draw(self, builder: Callable[[Any], Any]) -> None:
        """Clear the figure and let ``builder(figure)`` draw it; a Russian message if it cannot."""
        self._ensure_canvas()
        self.figure.clear()
        try:
            builder(self.figure)
        except Exception as exc:  # a chart must never take the page down; the reason is shown
            log.exception("chart %s not drawn", self.default_name)
            self.figure.clear()
            self.show_message(f"Рисунок не построен: {exc}")
            self.canvas.draw_idle()
            return
        self.message.hide()
        self.canvas.show()
        self.save_button.setEnabled(True)
        self.canvas.draw_idle()

    def show_message(self, text: str) -> None:
        """No chart: say why (no data, no social context…)."""
        self.message.setText(text)
        self.message.show()
        if self.canvas is not None:
            self.canvas.hide()
        self.save_button.setEnabled(False)

    def export_png(self, path: str | Path) -> Path:
        from ...analytics.charts import save_png

        if self.figure is None:
            raise ValueError("рисунок ещё не построен")
        return save_png(self.figure, path)

    def save_dialog(self) -> Path | None:
        name = save_file(self, "pictures", "Сохранить рисунок", f"{self.default_name}.png",
                         "Рисунок PNG (*.png)")
        if not name:
            return None
        try:
            return self.export_png(name)
        except Exception as exc:
            show_error(self, "Рисунок не сохранён", exc)
            return None
