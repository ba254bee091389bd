"""The scale table in the window: shipped scales listed, add with validation, edit, delete."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from shnor_desktop.io.scales import find_scale
from shnor_desktop.ui.dialogs import scales as scales_ui


@pytest.fixture
def dialog(qtbot, ctx):
    d = scales_ui.ScalesDialog(None, ctx)
    qtbot.addWidget(d)
    return d


def test_shipped_scales_are_listed_with_ranges(dialog):
    assert dialog.model.rowCount() > 50
    texts = [dialog.model.data(dialog.model.index(r, 4)) for r in range(dialog.model.rowCount())]
    # a shipped entry knows its thresholds, or only the maxima of the work (from its description)
    assert all((t.startswith("0–") and t.count("/") == 3) or t == "пороги не заданы" for t in texts)
    assert sum(t == "пороги не заданы" for t in texts) < 10
    tasks = [dialog.model.data(dialog.model.index(r, 5)) for r in range(dialog.model.rowCount())]
    assert "16" in tasks  # the grade-5 mathematics work: its 16 tasks


def test_a_scale_without_thresholds_keeps_its_maxima(dialog, ctx, monkeypatch):
    def fake_exec(self):
        self.year.setValue(2024)
        self.grade.setValue(7)
        self.subject.setText("Физика")
        self.no_marks.setChecked(True)
        self.tasks.setText("1 2 2 1")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(scales_ui.ScaleEditDialog, "exec", fake_exec)
    dialog.edit(None)
    with ctx.db.session() as s:
        scale = find_scale(s, 2024, 7, "Физика")
    assert scale is not None and not scale.has_marks and scale.max_score == 6
    assert scale.task_max == {"1": 1, "2": 2, "3": 2, "4": 1}


def test_add_refuses_bad_thresholds_then_saves(dialog, ctx, monkeypatch):
    attempts = []

    def fake_exec(self):
        attempts.append(self)
        if len(attempts) == 1:
            self.year.setValue(2019)
            self.grade.setValue(6)
            self.subject.setText("География")
            self.max_score.setValue(37)
            self.min3.setValue(20)
            self.min4.setValue(10)  # not increasing: refused
            self.min5.setValue(30)
            return QDialog.DialogCode.Accepted
        if len(attempts) == 2:
            assert "пороги должны возрастать" in self.error.text()
            self.min3.setValue(10)
            self.min4.setValue(20)
            return QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(scales_ui.ScaleEditDialog, "exec", fake_exec)
    dialog.edit(None)
    with ctx.db.session() as s:
        scale = find_scale(s, 2019, 6, "География")
    assert scale is not None and (scale.min3, scale.min4, scale.min5) == (10, 20, 30)
    assert scale.source == "введено пользователем"


def test_delete_asks_first(dialog, ctx, monkeypatch):
    before = dialog.model.rowCount()
    dialog.table.view.selectRow(0)
    asked: list[tuple[object, ...]] = []
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or no)
    dialog.remove()
    assert dialog.model.rowCount() == before
    assert asked[0][-1] == QMessageBox.StandardButton.No  # Enter does not delete (issue 13)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.remove()
    assert dialog.model.rowCount() == before - 1
