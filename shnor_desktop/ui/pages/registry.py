"""«Реестр ОО»: the schools of the district, their statuses by year, the card and the profile."""

# Imports inside functions: the importers and the forms load when first used.

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...models import School
from ...models.enums import SchoolStatusKind
from ...registry import service
from ...registry.queries import list_schools
from ...registry.scope import district_scope, others_in_registry
from ...registry.validation import EARLIEST_STATUS_YEAR, SCHOOL_KINDS
from .. import palette
from ..confirm import ask
from ..errors import UserError, show_error
from ..file_dialogs import open_file, save_file
from ..table_models.records import Column, RecordTableModel
from ..widgets.record_table import RecordTable
from ..work import read

if TYPE_CHECKING:
    from ..page import Ui

log = logging.getLogger(__name__)

ALL = "все"
NO_STATUS = "без статуса"
ARCHIVED_COLOR = palette.MUTED_TEXT
STATUS_COLUMN = 2  # the statuses of the chosen year, right after the name


def _rural_text(value: bool | None) -> str:
    return "" if value is None else ("село" if value else "город")


class RegistryPage(QWidget):
    def __init__(self, ui: Ui) -> None:
        super().__init__()
        self.ui = ui
        self.db = ui.ctx.db
        self.card: Any = None  # the open school card, if any
        self.profile_dialog: Any = None
        self._year = service.default_status_year(self.db)
        self._year_chosen = False  # until the person picks a year, follow the latest one with statuses

        self.model = RecordTableModel(self._columns(), row_foreground=self._foreground)
        self.table = RecordTable(self.model, export_name="Реестр ОО")
        self.table.activated.connect(lambda school: self.open_card(school.id))
        self.table.selection_changed.connect(self._update_buttons)
        self.table.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by name until the user clicks

        # --- buttons ---
        self.add_button = QPushButton("Добавить ОО")
        self.add_button.clicked.connect(lambda: self.open_card(None))
        self.card_button = QPushButton("Карточка")
        self.card_button.clicked.connect(self.open_selected_card)
        self.archive_button = QPushButton("В архив")
        self.archive_button.clicked.connect(self.toggle_archive)
        self.copy_button = QPushButton("Копировать")
        self.copy_button.setToolTip("Копировать выделенные строки (или все) для вставки в Excel")
        self.copy_button.clicked.connect(self.table.copy_selection)
        self.export_button = QPushButton("Экспорт в Excel")
        self.export_button.clicked.connect(self.table.export_dialog)
        self.profile_button = QPushButton("Сведения о районе…")
        self.profile_button.clicked.connect(self.open_district_profile)
        self.context_button = QPushButton("Загрузить контекстные данные ФИС ОКО…")
        self.context_button.clicked.connect(self.import_context)
        # licences, accreditation, directors for documents: a template for the schools, then its import
        self.requisites_button = QPushButton()  # with a menu: Qt reserves room for the arrow
        self.requisites_button.setText("Реквизиты ОО")
        self.requisites_button.setToolTip("Лицензии, аккредитация, руководители — для договоров и приказов")
        requisites_menu = QMenu(self.requisites_button)
        requisites_menu.addAction("Сохранить шаблон для школ…", self.save_requisites_template)
        requisites_menu.addAction("Загрузить заполненный шаблон…", self.load_requisites)
        self.requisites_button.setMenu(requisites_menu)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.card_button, self.archive_button, self.copy_button,
                       self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.profile_button)
        buttons.addWidget(self.requisites_button)
        buttons.addWidget(self.context_button)

        # --- filters ---
        self.year_box = QSpinBox()
        self.year_box.setRange(EARLIEST_STATUS_YEAR, dt.date.today().year + 1)
        self.year_box.setValue(min(max(self._year, EARLIEST_STATUS_YEAR), dt.date.today().year + 1))
        self.year_box.setToolTip("Год, за который показываются статусы ШНОР / ШНСУ / школа-лидер")
        self.year_box.valueChanged.connect(self._year_changed)
        self.status_filter = QComboBox()
        self.status_filter.addItem(ALL, None)
        for kind in SchoolStatusKind:
            self.status_filter.addItem(kind.label, kind.value)
        self.status_filter.addItem(NO_STATUS, "")
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.kind_filter = QComboBox()
        self.kind_filter.setMinimumWidth(150)
        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.show_archived = QCheckBox("Показывать архивные")
        self.show_archived.toggled.connect(self.refresh)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Статусы за год:"))
        filters.addWidget(self.year_box)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Статус:"))
        filters.addWidget(self.status_filter)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Вид ОО:"))
        filters.addWidget(self.kind_filter)
        filters.addSpacing(12)
        filters.addWidget(self.show_archived)
        filters.addStretch(1)

        open_action = QAction("Открыть карточку", self)
        open_action.triggered.connect(self.open_selected_card)
        self.table.add_action(open_action)

        title = QLabel("Реестр образовательных организаций")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        # schools of other municipalities (a regional file loaded before the district was named)
        self.others_label = QLabel()
        self.others_label.setWordWrap(True)
        self.others_button = QPushButton("Перенести их в архив…")
        self.others_button.clicked.connect(self.archive_others)
        others = QHBoxLayout()
        others.addWidget(self.others_label, 1)
        others.addWidget(self.others_button)
        self.others_bar = QWidget()
        self.others_bar.setLayout(others)
        self.others_bar.setStyleSheet("QWidget#othersBar { background: #fff4e5; border-radius: 4px; }")
        self.others_bar.setObjectName("othersBar")
        self.others_bar.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(self.others_bar)
        layout.addWidget(self.table, 1)

        self.refresh()

    # --- table ----------------------------------------------------------------------------------

    def _columns(self) -> list[Column]:
        return [
            Column("Логин ФИС ОКО", lambda s: s.fis_login or "", width=115),
            Column("Краткое наименование", lambda s: s.short_name, width=250,
                   tooltip=lambda s: s.full_name),
            Column(self._status_title(), lambda s: service.status_text(s, self._year), width=130,
                   tooltip=self._status_tooltip),
            Column("Вид", lambda s: s.kind, width=75),
            Column("Форма", lambda s: s.legal_form, width=60),
            Column("Директор", lambda s: s.director_name, width=240),
            Column("Обучающихся", lambda s: s.pupils, display=russian.number, align_right=True, width=100),
            Column("Педагогов", lambda s: s.teachers, display=russian.number, align_right=True, width=80),
            Column("Город/село", lambda s: _rural_text(s.is_rural), width=85),
            Column("Муниципалитет", lambda s: s.municipality, width=200),
        ]

    def _status_title(self) -> str:
        return f"Статусы {self._year} г."

    def _status_tooltip(self, school: School) -> str:
        lines = []
        for status in school.statuses_in(self._year):
            try:
                label = SchoolStatusKind(status.kind).label
            except ValueError:
                label = status.kind
            lines.append(f"{label}: {status.reason}" if status.reason else label)
        return "\n".join(lines)

    @staticmethod
    def _foreground(school: School) -> QColor | None:
        return ARCHIVED_COLOR if school.archived else None

    def refresh(self) -> None:
        """Reload the schools from the database, keeping the selection and the filters."""
        selected = {s.id for s in self.table.selected_objects()}
        if not self._year_chosen:
            self._set_year(service.default_status_year(self.db))
        with self.db.session() as session:
            schools = list_schools(session, include_archived=self.show_archived.isChecked())
            scope = district_scope(session)
            others = len(others_in_registry(session, scope))
        self._show_others(others, scope.label)
        self._fill_kinds(schools)
        self.model.set_rows(schools)
        self._apply_filter()
        for school_id in selected:
            self.select_school(school_id)
        self._update_buttons()

    def _fill_kinds(self, schools: list[School]) -> None:
        current = self.kind_filter.currentData()
        kinds = list(SCHOOL_KINDS)
        for school in schools:
            if school.kind and school.kind not in kinds:
                kinds.append(school.kind)
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(ALL, None)
        for kind in kinds:
            self.kind_filter.addItem(kind, kind)
        index = self.kind_filter.findData(current) if current is not None else 0
        self.kind_filter.setCurrentIndex(max(index, 0))
        self.kind_filter.blockSignals(False)

    def _apply_filter(self) -> None:
        status = self.status_filter.currentData()
        kind = self.kind_filter.currentData()
        year = self._year

        def keep(school: School) -> bool:
            if kind is not None and school.kind != kind:
                return False
            if status is None:
                return True
            kinds = {s.kind for s in school.statuses if s.year == year}
            return not kinds if status == "" else status in kinds

        self.model.set_predicate(None if status is None and kind is None else keep)
        self._update_buttons()

    def _set_year(self, year: int) -> None:
        """Show the statuses of ``year`` (without counting as the person's choice)."""
        self._year = year
        self.year_box.blockSignals(True)
        self.year_box.setValue(year)
        self.year_box.blockSignals(False)
        self.model.columns[STATUS_COLUMN].title = self._status_title()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, STATUS_COLUMN, STATUS_COLUMN)

    def _year_changed(self, year: int) -> None:
        self._year_chosen = True
        self._set_year(year)
        self.model.set_rows(self.model.all_objects())  # the search text includes the statuses
        self._apply_filter()

    def select_school(self, school_id: int) -> bool:
        return self.table.select_where(lambda s: s.id == school_id)

    def _update_buttons(self) -> None:
        selected = self.table.selected_objects()
        self.card_button.setEnabled(len(selected) == 1)
        self.archive_button.setEnabled(bool(selected))
        all_archived = bool(selected) and all(s.archived for s in selected)
        self.archive_button.setText("Вернуть из архива" if all_archived else "В архив")

    # --- actions --------------------------------------------------------------------------------

    def open_selected_card(self) -> None:
        school = self.table.current_object()
        if school is not None:
            self.open_card(school.id)

    def open_card(self, school_id: int | None) -> Any:
        """Open the school card (a new one for ``None``) without blocking; returns the dialog."""
        from ..dialogs.school_card import SchoolCard

        try:
            card = SchoolCard(self, self.ui.ctx, school_id, status_year=self._year)
        except Exception as exc:
            show_error(self, "Карточка не открыта", exc)
            self.refresh()
            return None
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        card.setWindowModality(Qt.WindowModality.WindowModal)
        card.changed.connect(self._school_changed)
        card.finished.connect(lambda _result: self._card_closed(card))
        self.card = card
        card.open()
        return card

    def _school_changed(self, school_id: int) -> None:
        self.refresh()
        self.table.view.clearSelection()
        self.select_school(school_id)

    def _card_closed(self, card: Any) -> None:
        if self.card is card:
            self.card = None

    def toggle_archive(self) -> None:
        selected = self.table.selected_objects()
        if not selected:
            return
        ids = [s.id for s in selected]
        names = ", ".join(f"«{s.short_name}»" for s in selected[:3])
        if len(selected) > 3:
            names += f" и ещё {len(selected) - 3}"
        try:
            if all(s.archived for s in selected):
                service.restore_schools(self.db, ids)
                self.ui.window.statusBar().showMessage(f"Возвращено из архива: {names}", 8000)
            else:
                if not ask(self, "В архив",
                           f"Перенести в архив {names}?\n\nШкола не удаляется: её данные, результаты "
                           "и статусы сохраняются, а вернуть её можно кнопкой «Вернуть из архива» "
                           "(включите «Показывать архивные»)."):
                    return
                service.archive_schools(self.db, [s.id for s in selected if not s.archived])
                self.ui.window.statusBar().showMessage(f"Перенесено в архив: {names}", 8000)
        except Exception as exc:
            show_error(self, "Архив не изменён", exc)
        self.refresh()
        for school_id in ids:
            self.select_school(school_id)

    def _show_others(self, count: int, district: str) -> None:
        self.others_count = count
        self.others_bar.setVisible(count > 0)
        if count:
            self.others_label.setText(
                f"В реестре {count} ОО других муниципалитетов — не "
                f"района ({district}). В расчётах района они не участвуют.")

    def archive_others(self) -> None:
        if not ask(self, "ОО других муниципалитетов",
                   f"Перенести в архив ОО других муниципалитетов: {self.others_count}?\n\n"
                   "Школы не удаляются: их данные и результаты сохраняются, вернуть можно кнопкой "
                   "«Вернуть из архива» (включите «Показывать архивные»)."):
            return
        try:
            count = service.archive_other_municipalities(self.db)
        except Exception as exc:
            show_error(self, "Архив не изменён", exc)
            return
        self.ui.window.statusBar().showMessage(f"Перенесено в архив ОО других муниципалитетов: {count}", 8000)
        self.refresh()

    def open_district_profile(self) -> Any:
        from ..dialogs.district_profile import DistrictProfileDialog

        try:
            dialog = DistrictProfileDialog(self, self.ui.ctx)
        except Exception as exc:
            show_error(self, "Сведения о районе не открыты", exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.profile_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "profile_dialog", None))
        dialog.open()
        return dialog

    def save_requisites_template(self, path: str | None = None) -> Path | None:
        """The «Реквизиты ОО» workbook with the district's schools, to send to them."""
        from ...io.requisites import write_template

        name = path or save_file(self, "exports", "Шаблон «Реквизиты ОО»", "Реквизиты ОО.xlsx",
                                 "Книга Excel (*.xlsx)")
        if not name:
            return None
        target = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")
        with read(self, self.db, "Шаблон не сохранён") as work:
            count = write_template(work.session, target)
        if work.failed:
            return None
        QMessageBox.information(
            self, "Шаблон «Реквизиты ОО»",
            f"Сохранён шаблон для школ района ({count}): {target}\n\nРазошлите его школам; заполненные "
            "строки соберите в один файл и загрузите: «Реквизиты ОО» → «Загрузить заполненный шаблон…».")
        return target

    def load_requisites(self, path: str | None = None) -> bool:
        """Load a filled «Реквизиты ОО» workbook: every school's details in one transaction."""
        from ...io.dispatch import ImportOptions, import_file

        name = path or open_file(self, "imports", "Заполненный шаблон «Реквизиты ОО»", "Книга Excel (*.xlsx)")
        if not name:
            return False
        try:
            summary = import_file(self.ui.ctx, Path(name), ImportOptions())
        except Exception as exc:
            show_error(self, "Реквизиты не загружены", exc)
            return False
        self.refresh()
        QMessageBox.information(
            self, "Реквизиты загружены",
            f"Обновлено карточек школ: {summary.updated}, без изменений: {summary.unchanged}. Недостающие "
            "реквизиты в документах печатаются пропусками «____».")
        return True

    def import_context(self) -> None:
        try:
            from ..dialogs.context_import import start_context_import
        except ModuleNotFoundError as exc:
            log.error("context import is not available: %s", exc)
            show_error(self, "Загрузка недоступна",
                       UserError("Загрузка контекстных данных ФИС ОКО недоступна в этой версии программы."))
            return
        start_context_import(self.ui, self)
