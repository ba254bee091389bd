"""Lessons missed without a good reason, per pupil, per school for a year (criterion 9 of seed 004)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ... import russian
from ...analytics import monitoring as mon
from ...store.database import Database
from ...tracking import mentoring
from ...validation import ValidationError
from ..widgets.forms import FormDialog, read_number


class UnexcusedAbsenceDialog(FormDialog):
    error_title = "Пропуски уроков не сохранены"

    def __init__(self, parent: QWidget | None, db: Database, year: int) -> None:
        super().__init__(parent, f"Пропуски уроков без уважительной причины, {year} г.")
        self.db = db
        self.year = year
        with db.session() as session:
            schools = mentoring.school_choices(session)
            values = mon.absence_values(session, year)
        intro = QLabel("Число уроков, пропущенных без уважительной причины, в среднем на одного обучающегося "
                       "за год (по отчётам школ). Критерий 9 выполнен, если у школы показатель ниже "
                       "среднерайонного. Пустое поле — нет данных.")
        intro.setWordWrap(True)
        self.edits: dict[int, QLineEdit] = {}
        inner = QWidget()
        form = QFormLayout(inner)
        for school_id, name in schools:
            edit = QLineEdit("" if school_id not in values else russian.number(values[school_id], 1))
            edit.setFixedWidth(100)
            self.edits[school_id] = edit
            self.add_row(form, str(school_id), name, edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(inner)  # scrolls inside the dialog with the rest of the form
        self.footer(layout)
        self.resize(560, 560)

    def data(self) -> dict[int, float | None]:
        errors: dict[str, str] = {}
        values = {sid: read_number(str(sid), edit, errors) for sid, edit in self.edits.items()}
        if errors:
            raise ValidationError(errors)
        return values

    def save(self) -> None:
        values = self.data()
        with self.db.transaction() as session:
            mon.save_absence_values(session, self.year, values)
