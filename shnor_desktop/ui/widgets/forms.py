"""The pieces every form dialog shares.

:class:`FormDialog` has labelled fields with an error line under each, a red banner listing
everything to fix, a yellow non-blocking warning, and «Сохранить» that keeps the dialog open
until the service accepts the input. :class:`DateField` takes a date typed as ДД.ММ.ГГГГ or
picked from a calendar; the combo helpers fill and read choice boxes, :func:`read_number`
reads a number typed with a comma.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ... import russian
from ...models import School
from ...tracking.validation import ValidationError
from ..errors import show_error
from . import labels

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ...store.database import Database

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b00020;"
BANNER_STYLE = ("background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0; "
                "border-radius: 4px; padding: 6px;")
WARNING_STYLE = ("background: #fff4d6; color: #6b4e00; border: 1px solid #f0d48a; "
                 "border-radius: 4px; padding: 6px;")


def error_label() -> QLabel:
    """A hidden red line for a field's error."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def error_banner() -> QLabel:
    """A hidden red box for the list of everything to fix."""
    banner = QLabel()
    banner.setWordWrap(True)
    banner.setStyleSheet(BANNER_STYLE)
    banner.hide()
    return banner


def field_box(widget: QWidget, hint: str = "") -> tuple[QWidget, QLabel]:
    """``widget`` with its grey hint (if any) and its hidden error line below it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    if hint:
        note = labels.hint(hint)
        column.addWidget(note)
    error = error_label()
    column.addWidget(error)
    return box, error


def read_number(field: str, edit: QLineEdit, errors: dict[str, str]) -> float | None:
    """The number typed in ``edit`` (a comma or a point); a wrong one goes to ``errors``."""
    text = edit.text().strip().replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        errors[field] = f"«{edit.text().strip()}» — не число: введите, например, 12,5."
        return None


class DateField(QWidget):
    """A date typed as ДД.ММ.ГГГГ (or picked from a calendar); empty means «не указана»."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("ДД.ММ.ГГГГ")
        self.edit.setClearButtonEnabled(True)
        self.edit.setFixedWidth(130)
        self.edit.setValidator(QRegularExpressionValidator(r"[0-9./\-]{0,10}", self.edit))
        self.button = QToolButton()
        self.button.setText("Календарь")
        self.button.setToolTip("Выбрать дату в календаре")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        layout.addStretch(1)

    def text(self) -> str:
        return self.edit.text().strip()

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(russian.date_short(value))

    def _prepare_calendar(self) -> None:
        try:
            value = russian.parse_date(self.text())
        except ValueError:
            value = None
        value = value or dt.date.today()
        self.calendar.setSelectedDate(QDate(value.year, value.month, value.day))

    def _picked(self, date: QDate) -> None:
        self.edit.setText(russian.date_short(dt.date(date.year(), date.month(), date.day())))
        self.button.menu().hide()


class FormDialog(QDialog):
    """A dialog with labelled fields whose «Сохранить» runs :meth:`save` until it succeeds."""

    error_title = "Не сохранено"
    saved_id: int | None = None

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.widgets: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._date_errors: dict[str, str] = {}
        self.banner = error_banner()
        self.banner.setObjectName("errors")
        self.warning = QLabel()
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # --- building ---------------------------------------------------------------------------

    def add_row(self, form: QFormLayout, field: str, label: str, widget: QWidget,
                hint: str = "") -> QWidget:
        widget.setObjectName(field)
        if isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)
        box, error = field_box(widget, hint)
        form.addRow(label + ":", box)
        self.widgets[field] = widget
        self.error_labels[field] = error
        return widget

    def footer(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.warning)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)

    # --- reading fields -----------------------------------------------------------------------

    def read_date(self, field: str, label: str) -> dt.date | None:
        """The date typed in ``field``; a wrong one is remembered as an error for the field."""
        widget = self.widgets[field]
        assert isinstance(widget, DateField)
        try:
            return russian.parse_date(widget.text())
        except ValueError as exc:
            self._date_errors[field] = f"{label}: {exc}."
            return None

    def raise_errors(self, check: Callable[[], None] | None = None,
                     typed: Mapping[str, str] | None = None) -> None:
        """Raise the wrong dates read so far together with what ``check`` (a service's
        validation) finds and the problems of what was ``typed`` (numbers, see :func:`read_number`),
        so that the person sees every problem at once."""
        dates, self._date_errors = self._date_errors, {}
        found: dict[str, str] = {}
        if check is not None:
            try:
                check()
            except ValidationError as exc:
                found = exc.errors
        errors = {**found, **(typed or {}), **dates}
        if errors:
            raise ValidationError(errors)

    # --- errors ---------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()
        self.banner.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        for field, message in errors.items():
            label = self.error_labels.get(field)
            if label is not None:
                label.setText(message)
                label.show()
        self.banner.setText("Не сохранено. Исправьте:\n" + "\n".join(f"• {m}" for m in errors.values()))
        self.banner.show()
        first = next((f for f in errors if f in self.widgets), None)
        if first is not None:
            self.focus_field(first)
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to show new error lines instead of squeezing the fields."""
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def focus_field(self, field: str) -> None:
        widget = self.widgets[field]
        (widget.edit if isinstance(widget, DateField) else widget).setFocus()

    def error_text(self, field: str) -> str:
        label = self.error_labels[field]
        return label.text() if not label.isHidden() else ""

    def set_warnings(self, warnings: list[str]) -> None:
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        if warnings and self.layout() is not None:
            self.fit_height()

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> None:  # pragma: no cover - every dialog defines it
        raise NotImplementedError

    def write(self, db: Database, record_id: int | None, create: Callable[[Session], Any],
              update: Callable[[Session, int], object]) -> None:
        """Create the record (``record_id`` None) or update it, in one transaction; ``saved_id`` is
        its id afterwards."""
        with db.transaction() as session:
            if record_id is None:
                self.saved_id = create(session).id
            else:
                update(session, record_id)
                self.saved_id = record_id

    def accept(self) -> None:
        try:
            self.save()
        except ValidationError as exc:
            log.info("%s not saved: %s", type(self).__name__, exc.errors)
            self.show_errors(exc.errors)
            return
        except Exception as exc:
            show_error(self, self.error_title, exc)
            return
        super().accept()


def choice_combo(choices: list[tuple[int, str]], placeholder: str, *, min_width: int = 360) -> QComboBox:
    """An editable pick list (people, schools) that finds an entry by any part of its text."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItem("", None)
    for record_id, text in choices:
        combo.addItem(text, record_id)
    combo.lineEdit().setPlaceholderText(placeholder)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setMinimumWidth(min_width)
    return combo


def school_combo(schools: list[School], placeholder: str) -> QComboBox:
    """A combo of registry schools that also finds a school by any part of its name."""
    return choice_combo([(school.id, school.short_name) for school in schools], placeholder, min_width=320)


def combo_id(combo: QComboBox) -> int | None:
    """The chosen record, or None when the text names no entry of the list."""
    text = combo.currentText().strip()
    if not text:
        return None
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    return combo.itemData(index) if index >= 0 else None


def ensure_choice(combo: QComboBox, record_id: int | None, text: str) -> None:
    """Select ``record_id``, adding it first if the list skips it (a person who has left)."""
    if record_id is not None and combo.findData(record_id) < 0:
        combo.addItem(text, record_id)
    select_data(combo, record_id)


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def enum_combo(members: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    for value, label in members:
        combo.addItem(label, value)
    return combo


def run_dialog(dialog: QDialog, on_saved: Callable[[], None]) -> bool:
    """Show a modal form; call ``on_saved`` when it was saved."""
    if dialog.exec() == QDialog.DialogCode.Accepted:
        on_saved()
        return True
    return False
