"""«Поля шаблона»: the Russian fields a template can use, each with an example from the current data.

Double click (or Enter) copies the field as it is written in Word: «{{ школа1.полное_наименование }}».
Fields of table rows («строки[].наименование») are explained: they are written inside a loop that
repeats a whole table row.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ...docs_gen.fields import Field
from ..table_models.records import Column, RecordTableModel
from ..widgets.record_table import RecordTable

LOOP_HINT = (
    "Поля со знаком [] относятся к строкам таблицы: строка таблицы в шаблоне начинается с "
    "{%tr for строка in строки %} и заканчивается {%tr endfor %}, внутри — {{ строка.наименование }}. "
    "Условные абзацы: {%p if есть_исполнитель %} … {%p endif %}.")


def field_markup(field: Field) -> str:
    """The field as typed into a template: the loop variable for a row field."""
    if "[]." in field.path:
        return "{{ строка." + field.path.rsplit("[].", 1)[1] + " }}"
    return "{{ " + field.path.replace("[]", "") + " }}"


class TemplateFieldsDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, fields: Sequence[Field]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Поля шаблона — {title}")
        self.resize(900, 560)
        self.fields = list(fields)
        self.model = RecordTableModel([
            Column("Поле", lambda f: f.path, width=330, tooltip=field_markup),
            Column("Как писать в шаблоне", field_markup, width=260),
            Column("Пример из ваших данных", lambda f: f.example or "(пусто)", tooltip=lambda f: f.example),
        ])
        self.model.set_rows(self.fields)
        self.table = RecordTable(self.model, export_name="Поля шаблона")
        self.table.activated.connect(self.copy_field)
        intro = QLabel(
            "Эти поля можно вставить в свою копию шаблона в Word. Двойной щелчок копирует поле в буфер "
            "обмена. " + LOOP_HINT)
        intro.setWordWrap(True)
        self.status = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        if not self.fields:
            self.status.setText(
                "Для этого документа пока нет данных: внесите партнёрство или проведённый выезд.")

    def copy_field(self, field: Field) -> None:
        text = field_markup(field)
        QApplication.clipboard().setText(text)
        self.status.setText(f"Скопировано: {text}")
