"""«Сведения о районе»: the education authority printed on every order and note."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...context import AppContext
from ...registry import service
from ...registry.validation import DISTRICT_FIELDS, DISTRICT_LIST_FIELDS, FIELD_LABELS, FieldError
from ...validation import ValidationError
from ..errors import show_error
from ..widgets.forms import ChangeGuard, error_banner, field_box, grow_to_fit, scroll_body

log = logging.getLogger(__name__)

# (group title, [(field, label, hint)])
GROUPS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Орган управления образованием", [
        ("authority_full_name", "Полное наименование",
         "как в бланке приказа: Комитет по образованию Администрации Целинного района"),
        ("authority_short_name", "Краткое наименование", "например: Комитет по образованию"),
        ("head_name", "ФИО руководителя", "полностью: Петрова Анна Сергеевна"),
        ("head_position", "Должность руководителя", "например: председатель комитета"),
        ("city", "Город (место издания)", "для документов: с. Целинное"),
        ("address", "Адрес", ""),
        ("phone", "Телефон", ""),
        ("email", "Электронная почта", ""),
    ]),
    ("Наш муниципалитет в файлах ФИС ОКО", [
        ("municipality_name", "Название", "как в файлах, например: Целинный муниципальный район"),
        ("municipality_code", "Код", "например: reg22_m056"),
        ("extra_municipalities", "Другие муниципалитеты района",
         "если район объединяет несколько, через «;»"),
        ("region_name", "Регион", "например: Алтайский край (второй уровень сравнения)"),
    ]),
    ("Исполнитель документов", [
        ("executor_name", "ФИО исполнителя", "печатается внизу приказов и справок"),
        ("executor_phone", "Телефон исполнителя", ""),
    ]),
]


class DistrictProfileDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Сведения о районе")
        self.setMinimumWidth(720)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.error_labels: dict[str, QLabel] = {}

        layout = QVBoxLayout(self)
        intro = QLabel("Эти сведения подставляются в приказы, договоры и справки. Муниципалитет "
                       "определяет «наш район»: из файлов ФИС ОКО по всему региону загружаются только его "
                       "школы, и все показатели сравниваются с районным уровнем.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for title, fields in GROUPS:
            group = QGroupBox(title)
            form = QFormLayout(group)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for field, label, hint in fields:
                caption = QLabel(f"{label}:")
                caption.setMinimumWidth(200)  # the three groups align
                box = self._field(field, hint)
                if isinstance(self.edits[field], QPlainTextEdit):
                    caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                    caption.setContentsMargins(0, 4, 0, 0)
                else:
                    caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    caption.setFixedHeight(self.edits[field].sizeHint().height())
                form.addRow(caption, box)
            layout.addWidget(group)

        self.banner = error_banner()
        layout.addWidget(self.banner)

        self.save_button = QPushButton("Сохранить")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Отмена")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.body_scroll = scroll_body(layout, keep_last=1)
        self.guard = ChangeGuard(self, self.values, self.save)

        profile = service.load_district_profile(ctx.db)
        for field in DISTRICT_FIELDS + DISTRICT_LIST_FIELDS:
            value = getattr(profile, field) or ""
            if isinstance(value, list):
                value = "; ".join(value)
            edit = self.edits[field]
            if isinstance(edit, QPlainTextEdit):
                edit.setPlainText(value)
            else:
                edit.setText(value)

    def _field(self, field: str, hint: str) -> QWidget:
        if field == "authority_full_name":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(64)
            edit: QLineEdit | QPlainTextEdit = text
        else:
            edit = QLineEdit()
        edit.setObjectName(field)
        if hint:
            edit.setPlaceholderText(hint)
        box, error = field_box(edit)
        self.edits[field] = edit
        self.error_labels[field] = error
        return box

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.guard.mark_once()
        super().showEvent(event)
        grow_to_fit(self)  # the whole form when the screen has room (not 2/3 of it)

    def reject(self) -> None:
        if self.guard.may_close():
            super().reject()

    def values(self) -> dict[str, str]:
        return {field: edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
                for field, edit in self.edits.items()}

    def show_errors(self, errors: list[FieldError]) -> None:
        for label in self.error_labels.values():
            label.hide()
        lines = []
        for field, message in errors:
            if field in self.error_labels:
                self.error_labels[field].setText(message)
                self.error_labels[field].show()
            lines.append(f"• {FIELD_LABELS.get(field, field)}: {message}")
        self.banner.setText("Сведения не сохранены. Исправьте:\n" + "\n".join(lines))
        self.banner.show()
        grow_to_fit(self)
        self.body_scroll.ensureWidgetVisible(self.banner)

    def save(self) -> bool:
        try:
            service.save_district_profile(self.ctx.db, self.values())
        except ValidationError as exc:
            log.info("district profile not saved: %s", exc.pairs)
            self.show_errors(exc.pairs)
            return False
        except Exception as exc:
            show_error(self, "Сведения о районе не сохранены", exc)
            return False
        self.accept()
        return True
