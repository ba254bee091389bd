"""«История изменений» of one record, from the audit trail."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ...models.labels import TABLE_LABELS, field_label
from ...store.audit import history
from ..table_models.records import Column, RecordTableModel
from ..widgets.forms import fit_to_screen
from ..widgets.record_table import RecordTable

if TYPE_CHECKING:
    from ...context import AppContext

ACTIONS = {"insert": "создание", "update": "изменение", "delete": "удаление"}


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}.{value[5:7]}.{value[0:4]}"
    return str(value)


def describe_changes(changes: dict[str, list[Any]]) -> str:
    parts = []
    for key, (old, new) in changes.items():
        if old in (None, ""):
            parts.append(f"{field_label(key)}: {_value(new)}")
        else:
            parts.append(f"{field_label(key)}: {_value(old)} → {_value(new)}")
    return "; ".join(parts)


class AuditHistoryDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx: AppContext, table_name: str, record_id: int,
                 title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("История изменений")
        self.resize(900, 480)
        with ctx.db.session() as session:
            entries = history(session, table_name, record_id)
        columns = [
            Column("Когда", lambda e: e.at, display=lambda v: v.strftime("%d.%m.%Y %H:%M"), width=130),
            Column("Кто", lambda e: e.user, width=140),
            Column("Действие", lambda e: ACTIONS.get(e.action, e.action), width=100),
            Column("Что изменено", lambda e: describe_changes(e.changes)),
        ]
        self.model = RecordTableModel(columns)
        self.model.set_rows(entries)
        self.table = RecordTable(self.model, export_name="история изменений")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        what = TABLE_LABELS.get(table_name, table_name)
        heading = QLabel(f"<b>{what.capitalize()}</b> {html.escape(title)}".strip())
        heading.setWordWrap(True)  # a school's full name is long
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        fit_to_screen(self)
