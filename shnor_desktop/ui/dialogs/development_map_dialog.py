"""A person's development map (карта профессионального развития): everything about one person."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...models.enums import DeficitSource, MentoringKind, PersonCategory, SupportRole, WorkState
from ...store.database import Database
from ...tracking import mentoring as svc
from ..table_models.records import Column, RecordTableModel
from ..widgets.forms import fit_to_screen
from ..widgets.record_table import RecordTable


def label(vocabulary: type, value: str | None) -> str:
    try:
        return str(vocabulary(value).label)
    except ValueError:
        return value or ""


class DevelopmentMapDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, person_id: int) -> None:
        super().__init__(parent)
        with db.session() as session:
            self.map = svc.development_map(session, person_id)
        m, p = self.map, self.map.person
        self.setWindowTitle(f"Карта профессионального развития — {p.full_name}")

        facts = [
            ("Место работы", m.school_name),
            ("Должность", p.position),
            ("Категория", label(PersonCategory, p.category)),
            ("Предметы", p.subjects),
            ("Квалификационная категория", p.qualification),
        ]
        rows = "".join(f"<tr><td style='color:#555;padding-right:12px'>{html.escape(k)}</td>"
                       f"<td>{html.escape(v)}</td></tr>" for k, v in facts if v)
        overcome = len(m.deficits) - len(m.open_deficits)
        summary = (f"Затруднений: {len(m.deficits)} (преодолено {overcome}); курсов: {len(m.courses)} "
                   f"({russian.number(m.course_hours, 0)} ч); наставничество: "
                   f"{len(m.as_mentor)} как наставник, {len(m.as_mentee)} как наставляемый; "
                   f"посещённых уроков: {len(m.lessons)}.")
        self.header = QLabel(f"<h3>{html.escape(p.full_name)}</h3><table>{rows}</table>"
                             f"<p>{html.escape(summary)}</p>")
        self.header.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tables: dict[str, RecordTable] = {}
        self._add("deficits", f"Затруднения ({len(m.deficits)})", m.deficits, [
            Column("Предмет", lambda d: d.subject or None, width=120),
            Column("Затруднение", lambda d: d.topic, width=260, tooltip=lambda d: d.topic),
            Column("Как выявлено", lambda d: label(DeficitSource, d.found_by), width=130),
            Column("Дата", lambda d: d.found_on, width=90),
            Column("Балл до", lambda d: d.score_before, align_right=True, width=70),
            Column("Балл после", lambda d: d.score_after, align_right=True, width=80),
            Column("Преодолено", lambda d: d.overcome, width=90),
            Column("Когда", lambda d: d.overcome_on),
        ])
        self._add("courses", f"Курсы ({len(m.courses)})", m.courses, [
            Column("Курс", lambda c: c.title, width=280, tooltip=lambda c: c.title),
            Column("Часов", lambda c: c.hours, align_right=True, width=60),
            Column("Начало", lambda c: c.date_from, width=90),
            Column("Окончание", lambda c: c.date_to, width=90),
            Column("Кто проводил", lambda c: c.provider or None, width=160),
            Column("Удостоверение", lambda c: c.certificate or None),
        ])
        pairs = [("наставник", x) for x in m.as_mentor] + [("наставляемый", x) for x in m.as_mentee]
        self._add("pairs", f"Наставничество ({len(pairs)})", pairs, [
            Column("Роль", lambda r: r[0], width=110),
            Column("Вид", lambda r: label(MentoringKind, r[1].kind), width=170),
            Column("Наставник", lambda r: svc.pair_side(r[1], "mentor"), width=170),
            Column("Наставляемый", lambda r: svc.pair_side(r[1], "mentee"), width=170),
            Column("Цели", lambda r: r[1].goals or None, width=180, tooltip=lambda r: r[1].goals),
            Column("С", lambda r: r[1].date_from, width=90),
            Column("По", lambda r: r[1].date_to, width=90),
            Column("Состояние", lambda r: label(WorkState, r[1].state)),
        ])
        self._add("assignments", f"Сопровождение школ ({len(m.assignments)})", m.assignments, [
            Column("Роль", lambda a: label(SupportRole, a.role), width=190),
            Column("Школа", lambda a: a.school.short_name if a.school else "весь район", width=200),
            Column("С", lambda a: a.date_from, width=90),
            Column("По", lambda a: a.date_to, width=90),
            Column("Основание", lambda a: a.basis or None),
        ])
        self._add("lessons", f"Посещённые уроки ({len(m.lessons)})", m.lessons, [
            Column("Дата выезда", lambda x: x.visit.date, width=100),
            Column("Школа", lambda x: x.visit.school.short_name, width=160),
            Column("Класс", lambda x: x.class_name or None, width=60),
            Column("Предмет", lambda x: x.subject or None, width=120),
            Column("Тема", lambda x: x.topic or None, width=200, tooltip=lambda x: x.topic),
            Column("Замечания", lambda x: x.remarks or None, tooltip=lambda x: x.remarks),
        ])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(980, 620)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        fit_to_screen(self)

    def _add(self, key: str, title: str, rows: list[Any], columns: list[Column]) -> None:
        model = RecordTableModel(columns)
        model.set_rows(rows)
        name = f"{title.split(' (')[0]} — {self.map.person.full_name}"
        table = RecordTable(model, export_name=name)
        self.tables[key] = table
        self.tabs.addTab(table, title)
