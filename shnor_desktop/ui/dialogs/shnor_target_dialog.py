"""The district's target for the number of ШНОР (seed 001: 5 ОО (29 %) in 2022 → 1 ОО (5 %) by 2024)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ...store.database import Database
from ...tracking import attention as svc
from ..widgets.forms import FormDialog


def _year() -> QSpinBox:
    box = QSpinBox()
    box.setRange(2000, 2100)
    box.setFixedWidth(100)
    return box


def _count() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 10_000)
    box.setSuffix(" ОО")
    box.setFixedWidth(100)
    return box


def _percent() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 100)
    box.setDecimals(1)
    box.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))  # 29,4 %
    box.setSuffix(" %")
    box.setFixedWidth(100)
    return box


class ShnorTargetDialog(FormDialog):
    error_title = "Цель не сохранена"

    def __init__(self, parent: QWidget | None, db: Database) -> None:
        super().__init__(parent, "Цель по сокращению числа ШНОР")
        self.db = db
        with db.session() as session:
            target = svc.load_target(session)
        self.base_year, self.target_year = _year(), _year()
        self.base_count, self.target_count = _count(), _count()
        self.base_percent, self.target_percent = _percent(), _percent()
        intro = QLabel("Цель района по сокращению числа ШНОР. Например, в концепции одного из округов: "
                       "«сокращение школ с низкими результатами обучения с 29 % (5 ОО) в 2022 году до 5 % "
                       "(1 ОО) к 2024 году».")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.add_row(form, "base_year", "Исходный год", self.base_year)
        self.add_row(form, "base_count", "ШНОР в исходном году", self.base_count)
        self.add_row(form, "base_percent", "Их доля", self.base_percent)
        self.add_row(form, "target_year", "Год цели", self.target_year)
        self.add_row(form, "target_count", "Не более ШНОР", self.target_count)
        self.add_row(form, "target_percent", "Доля по цели", self.target_percent)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.footer(layout)
        if target is None:  # not set yet: this year and the next ones, nothing else assumed
            import datetime as dt

            year = dt.date.today().year
            target = {"base_year": year, "target_year": year + 2, "base_count": 0, "target_count": 0,
                      "base_percent": 0.0, "target_percent": 0.0}
        for key in ("base_year", "target_year", "base_count", "target_count"):
            getattr(self, key).setValue(int(target[key]))
        for key in ("base_percent", "target_percent"):
            getattr(self, key).setValue(float(target[key]))
        self.resize(520, self.sizeHint().height())

    def data(self) -> dict[str, Any]:
        return {
            "base_year": self.base_year.value(), "base_count": self.base_count.value(),
            "base_percent": self.base_percent.value(), "target_year": self.target_year.value(),
            "target_count": self.target_count.value(), "target_percent": self.target_percent.value(),
        }

    def save(self) -> None:
        with self.db.transaction() as session:
            svc.save_target(session, self.data())
