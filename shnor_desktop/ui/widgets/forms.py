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

from PySide6.QtCore import QDate, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QBoxLayout,
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ... import russian
from ...models import School
from ...validation import ValidationError
from ..confirm import ask
from ..errors import show_error, user_message
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


# --- the screen ---------------------------------------------------------------------------------

# What the window frame (title bar, borders) adds around a dialog's client area.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40
# Tests set this to a laptop's available area (e.g. 1366×728) instead of the screen's.
SCREEN_OVERRIDE: QRect | None = None
# Form labels longer than this wrap onto several lines instead of widening the dialog.
WRAP_LABEL_CHARS = 40


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the screen a window may use (without the taskbar)."""
    if SCREEN_OVERRIDE is not None:
        return QRect(SCREEN_OVERRIDE)
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fit_to_screen(dialog: QWidget) -> None:
    """Limit ``dialog`` (its frame included) to the available screen area and keep it inside."""
    area = available_area(dialog)
    limit = QSize(max(area.width() - FRAME_WIDTH, 200), max(area.height() - FRAME_HEIGHT, 200))
    dialog.setMaximumSize(limit)
    minimum = dialog.minimumSize()
    if minimum.width() > limit.width() or minimum.height() > limit.height():
        dialog.setMinimumSize(minimum.boundedTo(limit))
    size = dialog.size().boundedTo(limit)
    if size != dialog.size():
        dialog.resize(size)
    if dialog.isWindow() and dialog.isVisible():
        x = min(max(dialog.x(), area.left()), area.right() + 1 - size.width() - FRAME_WIDTH)
        y = min(max(dialog.y(), area.top()), area.bottom() + 1 - size.height() - FRAME_HEIGHT)
        if (x, y) != (dialog.x(), dialog.y()):
            dialog.move(max(x, area.left()), max(y, area.top()))


def grow_to_fit(dialog: QWidget) -> None:
    """Grow ``dialog`` to its size hint (new error lines) without passing the screen."""
    for scroll in dialog.findChildren(BodyScroll):
        holder = scroll.widget()
        inner = holder.layout() if holder is not None else None
        if inner is not None:
            inner.activate()
        scroll.updateGeometry()
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    hint = dialog.sizeHint()
    dialog.resize(max(dialog.width(), hint.width()), max(dialog.height(), hint.height()))
    fit_to_screen(dialog)


class BodyScroll(QScrollArea):
    """A frameless scroll area whose size hint is its whole content (the dialog opens showing
    everything when the screen allows) and whose minimum height is small (it scrolls instead of
    pushing the buttons off the screen); its minimum width is the content's, so inputs are
    never cut at the right edge."""

    MIN_HEIGHT = 120

    def __init__(self, body: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(body)
        body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # new error lines: the dialog's layout asks the new size hint
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:  # noqa: N802
        body = self.widget()
        bar = self.verticalScrollBar().sizeHint().width()
        layout = body.layout() if body is not None else None
        if layout is None:
            return QSize(bar, 0)
        hint = layout.totalSizeHint()
        height = hint.height()
        if layout.hasHeightForWidth():  # wrapped labels: as tall as they are at the width they get
            width = self.viewport().width() if self.isVisible() else hint.width()
            height = max(height, layout.totalHeightForWidth(max(width, hint.width())))
        return QSize(hint.width() + bar, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        body = self.widget()
        width = body.minimumSizeHint().width() if body is not None else 0
        return QSize(width + self.verticalScrollBar().sizeHint().width(), self.MIN_HEIGHT)


def scroll_body(layout: QBoxLayout, keep_last: int = 0, top: list[QWidget] | None = None) -> BodyScroll:
    """Move what ``layout`` holds (except its last ``keep_last`` items: the buttons) into a
    scroll area that takes its place; ``top`` widgets go first inside it."""
    body = QWidget()
    column = QVBoxLayout(body)
    column.setContentsMargins(0, 0, 0, 0)
    for widget in top or []:
        column.addWidget(widget)
    stretched = False
    while layout.count() > keep_last:
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is None:
            break
        stretched = stretched or stretch > 0
        held, inner = item.widget(), item.layout()
        if held is not None:
            column.addWidget(held, stretch)
        elif inner is not None:
            inner.setParent(None)
            column.addLayout(inner, stretch)
        else:
            column.addItem(item)
    if not stretched:
        column.addStretch(1)
    scroll = BodyScroll(body)
    layout.insertWidget(0, scroll, 1)
    return scroll


def wrapped_label(text: str) -> QLabel:
    """A form label that wraps when it is long (a school's full name)."""
    label = QLabel(text)
    if len(text) > WRAP_LABEL_CHARS:
        label.setWordWrap(True)
        label.setMinimumWidth(200)
        label.setMaximumWidth(320)
    return label


def shrinkable(combo: QComboBox, chars: int = 30) -> QComboBox:
    """Keep a combo of long entries (school names) from widening the dialog: it is as wide as
    ``chars`` characters at least, its list elides in the middle and each entry has a tooltip."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
    for index in range(combo.count()):
        text = combo.itemText(index)
        if len(text) > chars:
            combo.setItemData(index, text, Qt.ItemDataRole.ToolTipRole)
    edit = combo.lineEdit() if combo.isEditable() else None
    if edit is not None:  # a long name shows its beginning
        combo.currentIndexChanged.connect(lambda _i: edit.setCursorPosition(0))
    return combo


# --- questions ---------------------------------------------------------------------------------

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget) -> str:
    """«Сохранить изменения?» — :data:`SAVE`, :data:`DISCARD` or :data:`CANCEL` (the default and
    what Esc means: nothing is lost by pressing Enter or Esc)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Несохранённые изменения",
                      "Сохранить изменения?", QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText("В окне есть изменения, которые ещё не сохранены.")
    save = box.addButton("Сохранить", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Не сохранять", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


def confirm_anyway(parent: QWidget, title: str, warnings: list[str]) -> bool:
    """Show ``warnings`` and ask «Сохранить всё равно?», «Нет» by default; True on «Да»."""
    text = "\n".join(f"• {w}" for w in warnings) + "\n\nСохранить всё равно?"
    return ask(parent, title, text)


class ChangeGuard:
    """«Сохранить изменения?» for a dialog that is not a :class:`FormDialog`: ``state`` reads
    what the dialog holds, ``save`` saves it (closing the dialog when it succeeds)."""

    def __init__(self, dialog: QWidget, state: Callable[[], object], save: Callable[[], object]) -> None:
        self.dialog = dialog
        self.state = state
        self.save = save
        self.snapshot: object | None = None

    def mark(self) -> None:
        self.snapshot = self.state()

    def mark_once(self) -> None:
        if self.snapshot is None:
            self.mark()

    def changed(self) -> bool:
        return self.snapshot is not None and self.state() != self.snapshot

    def may_close(self) -> bool:
        """True when the dialog may close now: nothing changed, or «Не сохранять». On
        «Сохранить» the save runs (and closes the dialog itself when it succeeds)."""
        if not self.changed():
            return True
        answer = ask_unsaved(self.dialog)
        if answer == SAVE:
            self.save()
            return False
        return answer == DISCARD


class SaveCancelled(Exception):
    """The person chose not to save after a warning: the dialog stays open as it is."""


def widget_state(widget: QWidget) -> object:
    """What a field holds, to tell whether a form was changed."""
    if isinstance(widget, DateField):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText().strip()
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
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
    warning_title = "Проверьте даты"
    saved_id: int | None = None

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.widgets: dict[str, QWidget] = {}
        self.field_labels: dict[str, str] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.body_scroll: BodyScroll | None = None
        self._snapshot: object | None = None
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
        caption = wrapped_label(label + ":")
        caption.setBuddy(widget.edit if isinstance(widget, DateField) else widget)
        form.addRow(caption, box)
        if len(label) > WRAP_LABEL_CHARS:
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        if isinstance(widget, QComboBox):
            shrinkable(widget)
        self.widgets[field] = widget
        self.field_labels[field] = label
        self.error_labels[field] = error
        return widget

    def footer(self, layout: QVBoxLayout, *, scroll: bool = True) -> None:
        """The buttons at the bottom; what ``layout`` holds so far (and the yellow warning and
        the red banner, on top) scrolls above them, so that neither a long form nor a long list
        of errors pushes «Сохранить» off the screen."""
        if scroll:
            self.body_scroll = scroll_body(layout, top=[self.warning, self.banner])
        else:
            layout.insertWidget(0, self.banner)
            layout.insertWidget(0, self.warning)
        layout.addWidget(self.buttons)

    # --- unsaved changes --------------------------------------------------------------------------

    def form_state(self) -> object:
        """What the form holds; :meth:`extra_state` adds what is not a field (lists of rows)."""
        return ([(field, widget_state(w)) for field, w in self.widgets.items()], self.extra_form_state())

    def extra_form_state(self) -> object:
        return None

    def mark_unchanged(self) -> None:
        """What the form holds now is what «unchanged» means."""
        self._snapshot = self.form_state()

    def is_changed(self) -> bool:
        return self._snapshot is not None and self.form_state() != self._snapshot

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._snapshot is None:
            self.mark_unchanged()
        super().showEvent(event)
        fit_to_screen(self)

    def reject(self) -> None:
        """Esc, «Отмена» and the close button: ask before losing changes."""
        if self.is_changed():
            answer = ask_unsaved(self)
            if answer == SAVE:
                self.accept()
                return
            if answer != DISCARD:
                return
        super().reject()

    def confirm_warnings(self, warnings: list[str]) -> None:
        """Ask «Сохранить всё равно?» about ``warnings`` (dates that look wrong); raise
        :class:`SaveCancelled` on «Нет»."""
        if warnings and not confirm_anyway(self, self.warning_title, warnings):
            raise SaveCancelled

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
        self.banner.setText("Не сохранено. Исправьте:\n"
                            + "\n".join(f"• {self.named(f, m)}" for f, m in errors.items()))
        self.banner.show()
        self.fit_height()
        if self.body_scroll is not None:
            self.body_scroll.verticalScrollBar().setValue(0)
        first = next((f for f in errors if f in self.widgets), None)
        if first is not None:
            self.focus_field(first)

    def named(self, field: str, message: str) -> str:
        """``message`` led by the name of its field, unless it already names it."""
        label = self.field_labels.get(field, "")
        if not label or message.lower().startswith(label.lower()):
            return message
        return f"{label}: {message}"

    def fit_height(self) -> None:
        """Grow to show new error lines instead of squeezing the fields, up to the screen."""
        grow_to_fit(self)

    def focus_field(self, field: str) -> None:
        widget = self.widgets[field]
        target = widget.edit if isinstance(widget, DateField) else widget
        target.setFocus()
        body = self.body_scroll.widget() if self.body_scroll is not None else None
        if self.body_scroll is not None and body is not None and body.isAncestorOf(target):
            self.body_scroll.ensureWidgetVisible(target)

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
        except SaveCancelled:
            return
        except ValidationError as exc:
            log.info("%s not saved: %s", type(self).__name__, exc.errors)
            self.show_errors(exc.errors)
            return
        except Exception as exc:
            show_error(self, self.error_title, exc)
            self.clear_errors()  # and the reason stays in the dialog after the message is closed
            self.banner.setText(f"{self.error_title}: {user_message(exc)}")
            self.banner.show()
            self.fit_height()
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
    edit = combo.lineEdit()
    assert edit is not None  # the combo was made editable above
    edit.setPlaceholderText(placeholder)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setMinimumWidth(min_width)
    return shrinkable(combo)


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
