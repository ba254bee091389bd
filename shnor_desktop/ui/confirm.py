"""The one confirmation of the program: a «Да / Нет» question whose default is «Нет», so Enter never
deletes, overwrites or restores anything by accident. Light on purpose (Qt only): the main window
imports it before the database layer has loaded."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, question: str) -> bool:
    """A «Да / Нет» question, «Нет» by default; True when the answer is «Да»."""
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
