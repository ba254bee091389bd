"""«Шкалы перевода»: the editable table of ВПР primary-score-to-mark scales."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ... import russian
from ...io.scales import (
    ScaleError,
    delete_scale,
    list_scales,
    parse_task_max,
    save_scale,
    seed_shipped_scales,
    task_max_text,
)
from ..confirm import ask
from ..errors import show_error
from ..table_models.records import Column, RecordTableModel
from ..widgets.record_table import RecordTable
from ..work import change

if TYPE_CHECKING:
    from ...context import AppContext


def _score(value: float | None) -> str:
    return "" if value is None else russian.number(value, 0 if float(value).is_integer() else 1)


def _ranges(scale: Any) -> str:
    """0–6 / 7–10 / 11–14 / 15–20: the primary scores for «2», «3», «4», «5»."""
    def up(x: float) -> str:
        return _score(x - 1) if float(x).is_integer() else f"<{_score(x)}"

    if scale.min3 is None:
        return "пороги не заданы"

    top = _score(scale.max_score) if scale.max_score is not None else "…"
    return (f"0–{up(scale.min3)} / {_score(scale.min3)}–{up(scale.min4)} / "
            f"{_score(scale.min4)}–{up(scale.min5)} / {_score(scale.min5)}–{top}")


class ScaleEditDialog(QDialog):
    def __init__(self, parent: QWidget | None, scale: Any | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Шкала перевода" if scale else "Новая шкала перевода")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(scale.year if scale else dt.date.today().year)
        self.grade = QSpinBox()
        self.grade.setRange(1, 11)
        self.grade.setValue(scale.grade if scale else 5)
        self.subject = QLineEdit(scale.subject if scale else "")
        self.subject.setPlaceholderText("например, Математика")
        self.max_score = QDoubleSpinBox()
        self.max_score.setRange(0, 1000)
        self.max_score.setDecimals(1)
        self.max_score.setSpecialValueText("не указан")
        self.max_score.setValue(scale.max_score or 0 if scale else 0)
        self.min3, self.min4, self.min5 = (QDoubleSpinBox() for _ in range(3))
        for box, value in ((self.min3, scale.min3 if scale else 0), (self.min4, scale.min4 if scale else 0),
                           (self.min5, scale.min5 if scale else 0)):
            box.setRange(0, 1000)
            box.setDecimals(1)
            box.setValue(value or 0)
        self.no_marks = QCheckBox("Пороги отметок пока неизвестны (результаты загружаются без отметок)")
        self.no_marks.toggled.connect(self._marks_known)
        self.no_marks.setChecked(scale is not None and scale.min3 is None)
        self.tasks = QLineEdit(task_max_text(scale.task_max) if scale else "")
        self.tasks.setPlaceholderText("например: 1: 1; 2: 1; 5.1: 2 — или по порядку: 1 1 2 1 …")
        self.tasks.setToolTip("Максимальный балл каждого задания из описания работы (система оценивания). "
                              "По нему считается выполнение заданий; баллы выше максимума — ошибки в строке.")
        self.source = QLineEdit(scale.source if scale else "")
        self.source.setPlaceholderText("документ, откуда взята шкала")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("Год:", self.year)
        form.addRow("Класс:", self.grade)
        form.addRow("Предмет:", self.subject)
        form.addRow("Максимальный балл:", self.max_score)
        form.addRow("Максимумы заданий:", self.tasks)
        form.addRow("", self.no_marks)
        form.addRow("Отметка «3» — от (баллов):", self.min3)
        form.addRow("Отметка «4» — от (баллов):", self.min4)
        form.addRow("Отметка «5» — от (баллов):", self.min5)
        form.addRow("Источник:", self.source)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _marks_known(self, unknown: bool) -> None:
        for box in (self.min3, self.min4, self.min5):
            box.setEnabled(not unknown)

    def values(self) -> dict[str, Any]:
        """The fields as ``save_scale`` takes them; ScaleError when the task maxima cannot be read."""
        known = not self.no_marks.isChecked()
        return dict(year=self.year.value(), grade=self.grade.value(), subject=self.subject.text(),
                    min3=self.min3.value() if known else None, min4=self.min4.value() if known else None,
                    min5=self.min5.value() if known else None, max_score=self.max_score.value() or None,
                    task_max=parse_task_max(self.tasks.text()), source=self.source.text().strip())

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class ScalesDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Шкалы перевода первичных баллов ВПР в отметки")
        self.resize(1100, 560)
        columns = [
            Column("Год", lambda s: s.year, width=60),
            Column("Класс", lambda s: s.grade, width=60),
            Column("Предмет", lambda s: s.subject, width=180),
            Column("Макс. балл", lambda s: s.max_score, display=_score, align_right=True, width=90),
            Column("«2» / «3» / «4» / «5», баллы", _ranges, width=230),
            Column("Заданий", lambda s: len(s.task_max) if s.task_max else None, align_right=True, width=70,
                   tooltip=lambda s: task_max_text(s.task_max)),
            Column("Источник", lambda s: s.source, tooltip=lambda s: s.source),
        ]
        self.model = RecordTableModel(columns)
        self.table = RecordTable(self.model, export_name="шкалы перевода")
        self.table.activated.connect(self.edit)
        add = QPushButton("Добавить…")
        add.clicked.connect(lambda: self.edit(None))
        change = QPushButton("Изменить…")
        change.clicked.connect(lambda: self.edit(self.table.current_object()))
        remove = QPushButton("Удалить")
        remove.clicked.connect(self.remove)
        top = QHBoxLayout()
        for button in (add, change, remove):
            top.addWidget(button)
        top.addStretch(1)
        note = QLabel("Шкалы нужны для протоколов, в которых есть баллы, но нет отметок. Поставляемые шкалы "
                      "помечены источником; проверьте их по рекомендациям ФИОКО своего года и при "
                      "необходимости исправьте — исправление сохраняется, а уже загруженные результаты "
                      "этого года, класса и предмета пересчитываются сразу, без повторной загрузки.")
        note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.db.transaction() as session:
            seed_shipped_scales(session)
            rows = list_scales(session, "VPR")
            session.expunge_all()
        self.model.set_rows(rows)

    def edit(self, scale: Any | None) -> ScaleEditDialog:
        dialog = ScaleEditDialog(self, scale)
        def report(parent: QWidget | None, title: str, exc: Exception) -> None:
            if isinstance(exc, ScaleError):  # said in the dialog, which stays open to correct it
                dialog.show_problem(f"{title}: {exc}.")
            else:
                show_error(parent, title, exc)

        while dialog.exec() == QDialog.DialogCode.Accepted:
            with change(self, self.ctx.db, "Шкала не сохранена", report=report) as work:
                save_scale(work.session, **dialog.values())
            if isinstance(work.error, ScaleError):
                continue
            if not work.failed:
                self.refresh()
            break
        return dialog

    def remove(self) -> None:
        scale = self.table.current_object()
        if scale is None:
            return
        if not ask(self, "Удаление шкалы",
                   f"Удалить шкалу ВПР {scale.year}, {scale.grade} класс, {scale.subject}?\n\n"
                   "Уже загруженные результаты не изменятся; новые протоколы этого среза будут загружаться "
                   "без отметок, пока шкала не будет введена снова."):
            return
        with change(self, self.ctx.db, "Шкала не удалена") as work:
            delete_scale(work.session, scale.id)
        self.refresh()
