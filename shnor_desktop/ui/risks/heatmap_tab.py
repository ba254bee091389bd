"""«Тепловая карта»: schools × risk factors of a year coloured by level, exported as a PNG image.

The table is the same :class:`~shnor_desktop.risks.profiles.RiskMatrix` that ``shnor risks``
prints, so the window and the command line always agree.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...models.risks import RiskLevel
from ...risks import profiles as svc
from ...risks.factors import ensure_default_factors
from ..errors import show_error
from ..file_dialogs import save_file
from ..table_models.records import Column, RecordTableModel
from ..widgets.labels import hint
from ..widgets.record_table import RecordTable
from ..work import change, read
from .common import LEVEL_COLORS, year_box

if TYPE_CHECKING:
    from ...context import AppContext

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
FIXED_COLUMNS = 3  # login, school, status


def factor_code(number: int) -> str:
    return f"Ф{number}"



def _rank(factor_id: int, row: Any) -> int | None:
    return svc.level_rank(row.level(factor_id))


def _level_tip(factor_id: int, name: str, row: Any) -> str:
    return f"{name}: {svc.level_label(row.level(factor_id))}"


class HeatmapModel(RecordTableModel):
    """Rows are :class:`MatrixRow`; one column per factor, its cell coloured by the level."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent=parent)
        self.matrix: svc.RiskMatrix | None = None

    def set_matrix(self, matrix: svc.RiskMatrix) -> None:
        self.matrix = matrix
        columns = [
            Column("Логин", lambda r: r.login or None, width=90),
            Column("ОО", lambda r: r.name, width=200, tooltip=lambda r: r.name),
            Column("Статус", lambda r: r.statuses or None, width=105),
        ]
        for number, (factor_id, name) in enumerate(matrix.factors, start=1):
            columns.append(Column(
                factor_code(number),
                partial(_rank, factor_id), display=lambda _v: "", width=70,
                tooltip=partial(_level_tip, factor_id, name)))
        self.beginResetModel()
        self.columns = columns
        self.endResetModel()
        self.set_rows(matrix.rows)

    def factor_id(self, column: int) -> int | None:
        if self.matrix is None or column < FIXED_COLUMNS:
            return None
        return self.matrix.factors[column - FIXED_COLUMNS][0]

    def level_text(self, row: int, column: int) -> str:
        factor_id = self.factor_id(column)
        if factor_id is None:
            return ""
        level = self.row_object(row).level(factor_id)
        return svc.level_label(level) if level else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() >= FIXED_COLUMNS:
            level = self.row_object(index.row()).level(self.factor_id(index.column()))
            if role == Qt.ItemDataRole.DisplayRole:
                return svc.level_label(level) if level else ""
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(LEVEL_COLORS.get(level, LEVEL_COLORS[None]))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole
                and self.matrix is not None and section >= FIXED_COLUMNS):
            return self.matrix.factors[section - FIXED_COLUMNS][1]
        return super().headerData(section, orientation, role)

    def text_rows(self, rows: Any) -> list[list[str]]:
        return [[self.data(self.index(r, c)) or "" for c in range(self.columnCount())] for r in rows]

    def export_rows(self, rows: Any = None) -> list[list[Any]]:
        indices = range(self.rowCount()) if rows is None else rows
        return self.text_rows(indices)

    def headers(self) -> list[str]:
        if self.matrix is None:
            return []
        return ["Логин", "ОО", "Статус", *[name for _, name in self.matrix.factors]]


# --- the image ------------------------------------------------------------------------------------


def render_heatmap(matrix: svc.RiskMatrix, title: str, rows: list[svc.MatrixRow] | None = None) -> QImage:
    """The heat map as an image: a title, the grid with the factors numbered, the legends."""
    rows = matrix.rows if rows is None else rows
    font = QFont()
    font.setPointSize(10)
    bold = QFont(font)
    bold.setBold(True)
    big = QFont(font)
    big.setPointSize(13)
    big.setBold(True)
    metrics, bold_metrics = QFontMetrics(font), QFontMetrics(bold)
    margin, cell_w, cell_h = 24, 82, 26
    name_w = max([bold_metrics.horizontalAdvance("Образовательная организация")]
                 + [metrics.horizontalAdvance(r.name) for r in rows]) + 16
    grid_w = name_w + cell_w * len(matrix.factors)
    legend = [f"{factor_code(i)} — {name}" for i, (_, name) in enumerate(matrix.factors, start=1)]
    legend_h = (len(legend) + 2) * (metrics.height() + 4)
    width = max(grid_w, max((metrics.horizontalAdvance(t) for t in legend), default=0) + 40,
                600) + 2 * margin
    height = margin + 36 + cell_h * (len(rows) + 1) + 20 + legend_h + margin
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    pen = QPen(QColor("#999999"))
    painter.setFont(big)
    painter.setPen(QColor("black"))
    painter.drawText(QRect(margin, margin, width - 2 * margin, 30), Qt.AlignmentFlag.AlignLeft, title)
    top = margin + 36
    painter.setFont(bold)
    painter.drawText(QRect(margin + 4, top, name_w - 8, cell_h),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                     "Образовательная организация")
    for i in range(len(matrix.factors)):
        painter.drawText(QRect(margin + name_w + i * cell_w, top, cell_w, cell_h),
                         Qt.AlignmentFlag.AlignCenter, factor_code(i + 1))
    painter.setFont(font)
    for r, row in enumerate(rows, start=1):
        y = top + r * cell_h
        painter.setPen(QColor("black"))
        painter.drawText(QRect(margin + 4, y, name_w - 8, cell_h),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, row.name)
        for i, (factor_id, _) in enumerate(matrix.factors):
            level = row.level(factor_id)
            rect = QRect(margin + name_w + i * cell_w, y, cell_w, cell_h)
            painter.fillRect(rect, LEVEL_COLORS.get(level, LEVEL_COLORS[None]))
            painter.setPen(pen)
            painter.drawRect(rect)
            painter.setPen(QColor("black"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, svc.level_label(level) if level else "")
    y = top + cell_h * (len(rows) + 1) + 20
    x = margin
    for level in [*RiskLevel, None]:
        label = svc.level_label(level.value if level else None)
        painter.fillRect(QRect(x, y, 18, 14), LEVEL_COLORS[level.value if level else None])
        painter.setPen(pen)
        painter.drawRect(QRect(x, y, 18, 14))
        painter.setPen(QColor("black"))
        painter.drawText(x + 24, y + 12, label)
        x += 24 + metrics.horizontalAdvance(label) + 24
    y += metrics.height() + 12
    for line in legend:
        painter.drawText(margin, y + metrics.ascent(), line)
        y += metrics.height() + 4
    painter.end()
    return image


class HeatmapTab(QWidget):
    open_profile = Signal(int, int)  # school_id, year

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.year = year_box()
        self.year.setMaximumWidth(90)
        self.year.valueChanged.connect(self.load)
        self.all_schools = QCheckBox("все школы реестра (и без профиля)")
        self.all_schools.toggled.connect(self.load)
        self.export_button = QPushButton("Сохранить изображение (PNG)…")
        self.export_button.clicked.connect(self.export_dialog)
        top = QHBoxLayout()
        top.addWidget(QLabel("Год:"))
        top.addWidget(self.year)
        top.addWidget(self.all_schools)
        top.addStretch(1)
        top.addWidget(self.export_button)

        self.model = HeatmapModel()
        self.table = RecordTable(self.model, export_name="Тепловая карта рисков")
        self.table.view.setObjectName("heatmap")
        self.table.activated.connect(lambda r: self.open_profile.emit(r.school_id, self.year.value()))
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.legend)
        layout.addWidget(hint("Двойной щелчок по школе открывает её профиль рисков. Цвет: красный — "
                              "высокий риск, оранжевый — средний, жёлтый — низкий, зелёный — нет "
                              "риска, серый — фактор не оценён."))
        self._initialised = False

    def refresh(self) -> None:
        if not self._initialised:
            with read(self, self.db, "Тепловая карта не построена") as work:
                years = svc.profile_years(work.session)
            if work.failed:
                return
            if years:
                self.year.blockSignals(True)
                self.year.setValue(years[0])
                self.year.blockSignals(False)
            self._initialised = True
        self.load()

    def load(self) -> None:
        with change(self, self.db, "Тепловая карта не построена") as work:
            ensure_default_factors(work.session)
            matrix = svc.risk_matrix(work.session, self.year.value(),
                                     all_schools=self.all_schools.isChecked())
        if work.failed:
            return
        self.model.set_matrix(matrix)
        for column, c in enumerate(self.model.columns):
            if c.width:
                self.table.view.setColumnWidth(column, c.width)
        self.legend.setText("   ".join(f"{factor_code(i)} — {name};"
                                       for i, (_, name) in enumerate(matrix.factors, start=1)))
        counts = svc.level_counts(matrix)
        self.counts.setText(
            f"Школ: {len(matrix.rows)}. Оценок: высоких — {counts['high']}, средних — "
            f"{counts['medium']}, низких — {counts['low']}, «нет» — {counts['none']}.")
        self.export_button.setEnabled(bool(matrix.rows))

    def image(self) -> QImage:
        matrix = self.model.matrix
        assert matrix is not None
        return render_heatmap(matrix, f"Тепловая карта рисков ОО, {matrix.year} г.",
                              self.model.objects())

    def export_to(self, path: str | Path) -> Path:
        target = Path(path)
        if not self.image().save(str(target), "PNG"):  # type: ignore[call-overload]  # the stub wants bytes, PySide6 takes str
            raise OSError(f"Изображение не записано: {target}")
        return target

    def export_dialog(self) -> None:
        name = save_file(self, "pictures", "Сохранить тепловую карту",
                         f"Тепловая карта рисков {self.year.value()}.png", "Изображение PNG (*.png)")
        if not name:
            return
        if not name.lower().endswith(".png"):
            name += ".png"
        try:
            self.export_to(name)
        except Exception as exc:
            show_error(self, "Изображение не сохранено", exc)
            return
        QMessageBox.information(self, "Тепловая карта", f"Изображение сохранено:\n{name}")
