"""The school card: every field of a school on six tabs, statuses and context answers.

Field changes are saved by «Сохранить» in one transaction after validation; a status
is given or taken away at once with its own button (each one transaction), since it
is a decision recorded with its reason, not an edit of the card.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...context import AppContext
from ...models import School, SchoolContext, SchoolStatus
from ...models.enums import Gender, SchoolStatusKind, StatusSource
from ...registry import service
from ...registry.context_labels import context_label, context_value
from ...registry.validation import (
    EARLIEST_STATUS_YEAR,
    FIELD_LABELS,
    LEGAL_FORMS,
    SCHOOL_FIELDS,
    SCHOOL_KINDS,
    FieldError,
)
from ...validation import ValidationError
from ..errors import show_error
from ..risks.card_section import RiskProfileSection
from ..table_models.records import Column, RecordTableModel
from ..widgets.forms import (
    ChangeGuard,
    DateField,
    error_banner,
    error_label,
    field_box,
    fit_to_screen,
    widget_state,
)
from ..widgets.labels import label_of
from ..widgets.record_table import RecordTable
from .audit_history import AuditHistoryDialog

log = logging.getLogger(__name__)

MULTILINE = ("full_name", "address", "licence_issuer", "accreditation_issuer", "notes")

TAB_MAIN, TAB_HEAD, TAB_LICENCE, TAB_PUPILS, TAB_STATUSES, TAB_CONTEXT = range(6)


class SchoolCard(QDialog):
    """Create (``school_id=None``) or edit a school. Emits ``changed(id)`` after each write."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None, ctx: AppContext, school_id: int | None = None, *,
                 status_year: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.school_id = school_id
        self._version: int | None = None
        self._status_year = status_year or dt.date.today().year
        self.widgets: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._tab_of: dict[str, int] = {}
        self.setMinimumSize(760, 420)  # the tabs scroll; a 1366×768 laptop at 125 % fits it
        self.resize(900, 700)

        self.banner = error_banner()
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._scrolled(self._main_tab()), "Основное")
        self.tabs.addTab(self._scrolled(self._head_tab()), "Руководитель")
        self.tabs.addTab(self._scrolled(self._licence_tab()), "Лицензия и аккредитация")
        self.tabs.addTab(self._scrolled(self._pupils_tab()), "Контингент и условия")
        self.tabs.addTab(self._statuses_tab(), "Статусы")
        self.tabs.addTab(self._context_tab(), "Контекстные данные")
        if school_id is not None:  # read-only, filled on the «Риски и программы ОО» page

            self.risk_profile = RiskProfileSection(ctx, school_id)
            self.tabs.addTab(self.risk_profile, "Профиль рисков")

        self.save_button = QPushButton("Сохранить")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Закрыть без сохранения")
        self.cancel_button.clicked.connect(self.reject)
        self.history_button = QPushButton("История изменений…")
        self.history_button.clicked.connect(self.show_history)
        self.history_button.setEnabled(school_id is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)

        if school_id is None:
            self._fill(School(full_name="", short_name="", director_position="директор",
                              director_basis="Устава"))
            self.setWindowTitle("Новая образовательная организация")
        else:
            self._fill(service.load_school(ctx.db, school_id))
        self.guard = ChangeGuard(self, lambda: [(f, widget_state(w)) for f, w in self.widgets.items()],
                                 self.save)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.guard.mark_once()
        super().showEvent(event)
        fit_to_screen(self)

    def reject(self) -> None:
        """«Закрыть без сохранения», Esc and the close button: ask when a field was changed."""
        if self.guard.may_close():
            super().reject()

    # --- building ---------------------------------------------------------------------------------

    @staticmethod
    def _scrolled(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(widget)
        return area

    @staticmethod
    def _page(form: QFormLayout) -> QWidget:
        """A tab page: the form on top, the spare height below it."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return form

    def _add(self, form: QFormLayout, tab: int, field: str, widget: QWidget, label: str | None = None,
             hint: str = "") -> QWidget:
        widget.setObjectName(field)
        if isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(140 if field == "notes" else 56)
        box, error = field_box(widget, hint)
        caption = QLabel((label or FIELD_LABELS[field]) + ":")
        if tab == TAB_LICENCE:
            caption.setMinimumWidth(170)  # both groups of the tab align
        if isinstance(widget, QPlainTextEdit):
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            caption.setContentsMargins(0, 4, 0, 0)
        else:  # level with the text of a one-line field, whatever hint or error is below it
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            caption.setFixedHeight(widget.sizeHint().height())
        caption.setBuddy(widget.edit if isinstance(widget, DateField) else widget)
        form.addRow(caption, box)
        self.widgets[field] = widget
        self.error_labels[field] = error
        self._tab_of[field] = tab
        return widget

    def _line(self, max_width: int | None = None) -> QLineEdit:
        edit = QLineEdit()
        if max_width:
            edit.setMaximumWidth(max_width)
        return edit

    @staticmethod
    def _combo(items: tuple[str, ...], *, editable: bool = True, width: int = 220) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(editable)
        combo.addItems(["", *items])
        combo.setMaximumWidth(width)
        combo.setMinimumWidth(width)
        return combo

    def _main_tab(self) -> QWidget:
        form = self._form()
        t = TAB_MAIN
        self._add(form, t, "fis_login", self._line(220), hint="например, edu223144 (sch223144 — та же школа)")
        self._add(form, t, "full_name", QPlainTextEdit())
        self._add(form, t, "short_name", self._line())
        self._add(form, t, "legal_form", self._combo(LEGAL_FORMS))
        self._add(form, t, "kind", self._combo(SCHOOL_KINDS))
        self._add(form, t, "inn", self._line(220))
        self._add(form, t, "municipality", self._line())
        self._add(form, t, "postal_code", self._line(120))
        self._add(form, t, "settlement", self._line())
        self._add(form, t, "address", QPlainTextEdit())
        self._add(form, t, "phone", self._line(320))
        self._add(form, t, "email", self._line(320))
        self._add(form, t, "notes", QPlainTextEdit())
        return self._page(form)

    def _head_tab(self) -> QWidget:
        form = self._form()
        t = TAB_HEAD
        self._add(form, t, "director_name", self._line(), label="ФИО руководителя (полностью)",
                  hint="Фамилия Имя Отчество, как в документах: Хороброва Наталья Викторовна")
        self._add(form, t, "director_position", self._line(), label="Должность",
                  hint="в именительном падеже: директор, и. о. директора")
        gender = QComboBox()
        gender.addItem("не указан", None)
        for g in Gender:
            gender.addItem(g.label, g.value)
        gender.setMaximumWidth(220)
        self._add(form, t, "director_gender", gender, label="Пол",
                  hint="нужен, чтобы правильно склонять ФИО в договорах и приказах")
        self._add(form, t, "director_basis", self._line(), label="Действует на основании",
                  hint="в родительном падеже: Устава (в договоре: «действующего на основании Устава»)")
        return self._page(form)

    def _licence_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        licence = QGroupBox("Лицензия на осуществление образовательной деятельности")
        form = self._form()
        t = TAB_LICENCE
        self._add(form, t, "licence_date", DateField(), label="Дата выдачи")
        self._add(form, t, "licence_series", self._line(220), label="Серия")
        self._add(form, t, "licence_number", self._line(220), label="Номер")
        self._add(form, t, "licence_reg_number", self._line(220), label="Регистрационный номер")
        self._add(form, t, "licence_issuer", QPlainTextEdit(), label="Кем выдана")
        licence.setLayout(form)
        accreditation = QGroupBox("Свидетельство о государственной аккредитации")
        form = self._form()
        self._add(form, t, "accreditation_date", DateField(), label="Дата выдачи")
        self._add(form, t, "accreditation_series", self._line(220), label="Серия")
        self._add(form, t, "accreditation_number", self._line(220), label="Номер")
        self._add(form, t, "accreditation_reg_number", self._line(220), label="Регистрационный номер")
        self._add(form, t, "accreditation_issuer", QPlainTextEdit(), label="Кем выдано")
        self._add(form, t, "accreditation_valid_until", DateField(), label="Действительно до")
        accreditation.setLayout(form)
        layout.addWidget(licence)
        layout.addWidget(accreditation)
        layout.addStretch(1)
        return page

    def _pupils_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = self._form()
        t = TAB_PUPILS
        rural = QComboBox()
        rural.addItem("не указано", None)
        rural.addItem("город", False)
        rural.addItem("село", True)
        rural.setMaximumWidth(220)
        self._add(form, t, "is_rural", rural, label="Местность")
        self._add(form, t, "pupils", self._line(120), label="Обучающихся")
        self._add(form, t, "teachers", self._line(120), label="Педагогических работников")
        layout.addLayout(form)
        self.social_box = QGroupBox("Социальный контекст (из формы ФИС ОКО)")
        self.social_form = QFormLayout(self.social_box)
        self.social_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.social_box)
        layout.addStretch(1)
        return page

    def _statuses_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.status_model = RecordTableModel([
            Column("Год", lambda s: s.year, display=str, width=60),
            Column("Статус", lambda s: label_of(SchoolStatusKind, s.kind), width=110),
            Column("Причина", lambda s: s.reason, width=300, tooltip=lambda s: s.reason),
            Column("Источник", lambda s: label_of(StatusSource, s.source), width=170),
            Column("Основание (документ)", lambda s: s.basis_document, tooltip=lambda s: s.basis_document),
        ])
        self.status_table = RecordTable(self.status_model, export_name="статусы")
        self.status_table.search.hide()
        self.status_table.count_label.hide()
        self.status_table.selection_changed.connect(self._status_selected)
        layout.addWidget(QLabel("История статусов школы (ШНОР, ШНСУ, школа-лидер) по годам:"))
        layout.addWidget(self.status_table, 1)

        remove_row = QHBoxLayout()
        self.remove_reason = QLineEdit()
        self.remove_reason.setPlaceholderText("почему статус снимается (сохранится в примечаниях)")
        self.remove_button = QPushButton("Снять выбранный статус")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected_status)
        remove_row.addWidget(QLabel("Причина снятия:"))
        remove_row.addWidget(self.remove_reason, 1)
        remove_row.addWidget(self.remove_button)
        layout.addLayout(remove_row)

        group = QGroupBox("Присвоить статус или изменить причину")
        form = QFormLayout(group)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.status_year = QSpinBox()
        self.status_year.setRange(EARLIEST_STATUS_YEAR, dt.date.today().year + 1)
        self.status_year.setValue(min(max(self._status_year, EARLIEST_STATUS_YEAR), dt.date.today().year + 1))
        self.status_year.setMaximumWidth(100)
        self.status_kind = QComboBox()
        for kind in SchoolStatusKind:
            self.status_kind.addItem(kind.label, kind.value)
        self.status_kind.setMaximumWidth(220)
        self.status_source = QComboBox()
        for source in StatusSource:
            self.status_source.addItem(source.label, source.value)
        self.status_source.setCurrentIndex(self.status_source.findData(StatusSource.DECISION.value))
        self.status_source.setMaximumWidth(260)
        self.status_reason = QPlainTextEdit()
        self.status_reason.setTabChangesFocus(True)
        self.status_reason.setFixedHeight(56)
        self.status_reason.setPlaceholderText("например: качество ВПР по математике ниже районного на 35 %")
        self.status_basis = QLineEdit()
        self.status_basis.setPlaceholderText("например: приказ от 01.09.2025 № 123")
        self.status_error = error_label()
        self.add_status_button = QPushButton("Сохранить статус")
        self.add_status_button.clicked.connect(self.add_status)
        form.addRow("Год:", self.status_year)
        form.addRow("Статус:", self.status_kind)
        form.addRow("Источник:", self.status_source)
        form.addRow("Причина:", self.status_reason)
        form.addRow("Документ-основание:", self.status_basis)
        form.addRow("", self.status_error)
        button_row = QHBoxLayout()
        button_row.addWidget(self.add_status_button)
        button_row.addStretch(1)
        form.addRow("", button_row)
        layout.addWidget(group)
        return page

    def _context_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.context_year = QComboBox()
        self.context_year.setMinimumWidth(260)
        self.context_year.currentIndexChanged.connect(self._show_context)
        top.addWidget(QLabel("Год формы:"))
        top.addWidget(self.context_year)
        top.addStretch(1)
        layout.addLayout(top)
        self.context_empty = QLabel(
            "Контекстные данные ФИС ОКО для этой школы не загружены. Их загружают на странице "
            "«Реестр ОО» кнопкой «Загрузить контекстные данные ФИС ОКО…»."
        )
        self.context_empty.setWordWrap(True)
        layout.addWidget(self.context_empty)
        self.context_model = RecordTableModel([
            Column("Вопрос формы", lambda row: row[0], width=480, tooltip=lambda row: row[0]),
            Column("Ответ школы", lambda row: row[1], tooltip=lambda row: row[1]),
        ])
        self.context_table = RecordTable(self.context_model, export_name="контекстные данные")
        self.context_table.view.setWordWrap(True)
        layout.addWidget(self.context_table, 1)
        self._contexts: list[SchoolContext] = []
        return page

    # --- filling --------------------------------------------------------------------------------

    def _fill(self, school: School) -> None:
        self._version = school.version if self.school_id is not None else None
        if self.school_id is not None:
            self.setWindowTitle(f"Карточка ОО — {school.short_name}")
        for field in SCHOOL_FIELDS:
            self._set_value(field, getattr(school, field))
        self._set_statuses(list(school.statuses) if self.school_id is not None else [])
        self._set_contexts(list(school.contexts) if self.school_id is not None else [])

    def _set_value(self, field: str, value: Any) -> None:
        widget = self.widgets[field]
        if isinstance(widget, DateField):
            widget.set_date(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QComboBox) and widget.isEditable():
            widget.setCurrentText(value or "")
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def _value(self, field: str) -> Any:
        widget = self.widgets[field]
        if isinstance(widget, DateField):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox) and widget.isEditable():
            return widget.currentText()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QLineEdit):
            return widget.text()
        raise TypeError(field)

    def values(self) -> dict[str, Any]:
        """What the card holds now, as typed (the service parses and checks it)."""
        return {field: self._value(field) for field in SCHOOL_FIELDS}

    def _set_statuses(self, statuses: list[SchoolStatus]) -> None:
        statuses.sort(key=lambda s: (-s.year, service.STATUS_ORDER.get(s.kind, 99)))
        self.status_model.set_rows(statuses)
        self.remove_button.setEnabled(False)

    def _set_contexts(self, contexts: list[SchoolContext]) -> None:
        self._contexts = sorted(contexts, key=lambda c: c.year, reverse=True)
        self.context_year.blockSignals(True)
        self.context_year.clear()
        for context in self._contexts:
            source = f" ({context.source})" if context.source else ""
            self.context_year.addItem(f"{context.year}{source}", context.id)
        self.context_year.blockSignals(False)
        has = bool(self._contexts)
        self.context_empty.setVisible(not has)
        self.context_table.setVisible(has)
        self.context_year.setEnabled(has)
        self._show_context()
        self._fill_social(self._contexts[0] if has else None)

    @staticmethod
    def _context_rows(context: SchoolContext) -> list[tuple[str, str]]:
        rows = [
            ("Тип населённого пункта", context.settlement_type),
            ("Размер населённого пункта", context.settlement_size),
            ("Транспортная доступность крупного города", context.transport),
            ("Обучающихся", "" if context.pupils is None else str(context.pupils)),
            ("Учителей", "" if context.teachers is None else str(context.teachers)),
        ]

        for question, answer in (context.answers or {}).items():
            if isinstance(answer, (dict, list)):
                text = json.dumps(answer, ensure_ascii=False)
            else:
                text = context_value(str(question), answer)
            rows.append((context_label(str(question)), text))  # Russian, never the program's key
        return [(q, a or "") for q, a in rows]

    def _show_context(self) -> None:
        index = self.context_year.currentIndex()
        if 0 <= index < len(self._contexts):
            self.context_model.set_rows(self._context_rows(self._contexts[index]))
        else:
            self.context_model.set_rows([])

    def _fill_social(self, context: SchoolContext | None) -> None:
        while self.social_form.rowCount():
            self.social_form.removeRow(0)
        if context is None:
            self.social_box.setTitle("Социальный контекст (из формы ФИС ОКО)")
            note = QLabel("Форма ФИС ОКО не загружена.")
            note.setStyleSheet("color: #666;")
            self.social_form.addRow(note)
            return
        self.social_box.setTitle(f"Социальный контекст (форма ФИС ОКО за {context.year} г.)")
        for title, value in (("Тип населённого пункта:", context.settlement_type),
                             ("Размер населённого пункта:", context.settlement_size),
                             ("Транспортная доступность:", context.transport),
                             ("Обучающихся по форме:", context.pupils),
                             ("Учителей по форме:", context.teachers)):
            label = QLabel("—" if value in (None, "") else str(value))
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(title)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.social_form.addRow(caption, label)

    # --- errors ---------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()
        self.banner.hide()

    def show_errors(self, errors: list[FieldError]) -> None:
        self.clear_errors()
        lines = []
        for field, message in errors:
            label = self.error_labels.get(field)
            if label is not None:
                label.setText(message if not label.text() else f"{label.text()}\n{message}")
                label.show()
            name = FIELD_LABELS.get(field)
            lines.append(f"• {name}: {message}" if name else f"• {message}")
        self.banner.setText("Карточка не сохранена. Исправьте:\n" + "\n".join(lines))
        self.banner.show()
        first = next((f for f, _ in errors if f in self.widgets), None)
        if first is not None:
            self.tabs.setCurrentIndex(self._tab_of[first])
            widget = self.widgets[first]
            target = widget.edit if isinstance(widget, DateField) else widget
            target.setFocus()

    def focus_field(self, field: str) -> None:
        """Show the tab of ``field`` with the cursor in it (the card opened for a missing detail)."""
        widget = self.widgets.get(field)
        if widget is None:
            return
        self.tabs.setCurrentIndex(self._tab_of[field])
        target = widget.edit if isinstance(widget, DateField) else widget
        target.setFocus()

    def error_text(self, field: str) -> str:
        label = self.error_labels[field]
        return label.text() if not label.isHidden() else ""

    # --- saving ---------------------------------------------------------------------------------

    def _write(self) -> bool:
        """Save the fields; True when saved. Errors are shown, nothing is written then."""
        try:
            if self.school_id is None:
                school = service.create_school(self.ctx.db, self.values())
                self.school_id = school.id
            else:
                school = service.update_school(self.ctx.db, self.school_id, self.values(),
                                               expected_version=self._version)
        except ValidationError as exc:
            log.info("school card not saved: %s", exc.pairs)
            self.show_errors(exc.pairs)
            return False
        except Exception as exc:
            show_error(self, "Карточка не сохранена", exc)
            return False
        self.clear_errors()
        self._version = school.version
        self.setWindowTitle(f"Карточка ОО — {school.short_name}")
        self.changed.emit(school.id)
        return True

    def show_history(self) -> None:
        if self.school_id is not None:
            AuditHistoryDialog(self, self.ctx, "school", self.school_id, self.windowTitle()).exec()

    def save(self) -> bool:
        if self._write():
            self.accept()
            return True
        return False

    # --- statuses -------------------------------------------------------------------------------

    def _selected_status(self) -> SchoolStatus | None:
        return self.status_table.current_object()

    def _status_selected(self) -> None:
        status = self._selected_status()
        self.remove_button.setEnabled(status is not None)
        if status is None:
            return
        self.status_year.setValue(status.year)
        self.status_kind.setCurrentIndex(max(self.status_kind.findData(status.kind), 0))
        self.status_source.setCurrentIndex(max(self.status_source.findData(status.source), 0))
        self.status_reason.setPlainText(status.reason)
        self.status_basis.setText(status.basis_document)

    def _status_message(self, text: str) -> None:
        self.status_error.setText(text)
        self.status_error.setVisible(bool(text))

    def _reload_statuses(self) -> None:
        assert self.school_id is not None
        school = service.load_school(self.ctx.db, self.school_id)
        self._set_statuses(list(school.statuses))
        self.changed.emit(self.school_id)

    def add_status(self) -> None:
        """Give the school the status from the form (a new school is saved first)."""
        self._status_message("")
        if self.school_id is None and not self._write():
            self._status_message("Сначала заполните карточку: статус сохраняется у сохранённой школы.")
            return
        assert self.school_id is not None
        year, kind = self.status_year.value(), self.status_kind.currentData()
        try:
            service.set_status(self.ctx.db, self.school_id, kind, year,
                               reason=self.status_reason.toPlainText(),
                               source=self.status_source.currentData(),
                               basis_document=self.status_basis.text())
        except ValidationError as exc:
            self._status_message("\n".join(exc.messages))
            return
        except Exception as exc:
            show_error(self, "Статус не сохранён", exc)
            return
        self._reload_statuses()
        self.status_table.select_where(lambda s: s.year == year and s.kind == kind)

    def remove_selected_status(self) -> None:
        status = self._selected_status()
        if status is None or self.school_id is None:
            return
        self._status_message("")
        try:
            line = service.remove_status(self.ctx.db, status.id, reason=self.remove_reason.text())
        except ValidationError as exc:
            self._status_message("\n".join(exc.messages))
            self.remove_reason.setFocus()
            return
        except Exception as exc:
            show_error(self, "Статус не снят", exc)
            return
        # The reason went into the school's notes: show it there and take the new version,
        # keeping whatever else the person has typed into the card meanwhile.
        notes = self.widgets["notes"]
        assert isinstance(notes, QPlainTextEdit)
        text = notes.toPlainText().rstrip()
        notes.setPlainText(f"{text}\n{line}" if text else line)
        self._version = service.load_school(self.ctx.db, self.school_id).version
        self.remove_reason.clear()
        self._reload_statuses()
