"""Regional (среднереспубликанские) ЕГЭ figures of a year, for criteria 3–6 of seed 004."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ... import russian
from ...analytics import monitoring as mon
from ...store.database import Database
from ...validation import ValidationError
from ..widgets.forms import FormDialog, read_number


class RegionalReferenceDialog(FormDialog):
    error_title = "Показатели региона не сохранены"

    def __init__(self, parent: QWidget | None, db: Database, year: int) -> None:
        super().__init__(parent, f"Показатели региона, {year} г.")
        self.db = db
        self.year = year
        with db.session() as session:
            values = mon.regional_reference(session, year)
        intro = QLabel("Значения по региону для сравнения в критериях результативности 3–6. "
                       "Если поле пусто, школа сравнивается со средним по району.")
        intro.setWordWrap(True)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in mon.REGIONAL_LABELS.items():
            edit = QLineEdit("" if key not in values else russian.number(values[key], 1))
            edit.setFixedWidth(100)
            self.edits[key] = edit
            self.add_row(form, key, label, edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.footer(layout)
        self.resize(560, self.sizeHint().height())

    def data(self) -> dict[str, float | None]:
        errors: dict[str, str] = {}
        values = {key: read_number(key, edit, errors) for key, edit in self.edits.items()}
        # the range is checked with the typing, so every wrong field is named at once
        for key, message in mon.regional_reference_errors(values).items():
            errors.setdefault(key, message)
        if errors:
            raise ValidationError(errors)
        return values

    def save(self) -> None:
        values = self.data()
        with self.db.transaction() as session:
            mon.save_regional_reference(session, self.year, values)
