"""The shared «Добавить / Изменить / Удалить» flow: what is asked, what runs, what is message_boxes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from shnor_desktop.ui.widgets.crud import chosen_id, confirm_and_delete, open_form
from shnor_desktop.validation import ValidationError


def _answer(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, title, text, *a: asked.append(f"{title}: {text}") or button)
    return asked


def test_delete_asks_the_described_question_then_deletes_and_refreshes(qtbot, monkeypatch, message_boxes):
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    calls: list[str] = []
    assert confirm_and_delete(parent, "Удаление выезда", lambda: "Удалить выезд и 2 рекомендации?",
                              lambda: calls.append("delete"), lambda: calls.append("refresh"),
                              error_title="Выезд не удалён")
    assert asked == ["Удаление выезда: Удалить выезд и 2 рекомендации?"]
    assert calls == ["delete", "refresh"] and message_boxes == []


def test_no_leaves_everything_as_it_was(qtbot, monkeypatch, message_boxes):
    parent = QWidget()
    qtbot.addWidget(parent)
    _answer(monkeypatch, QMessageBox.StandardButton.No)
    calls: list[str] = []
    assert not confirm_and_delete(parent, "Удаление", lambda: "Удалить?", lambda: calls.append("delete"),
                                  lambda: calls.append("refresh"), error_title="Не удалено")
    assert calls == [] and message_boxes == []


def test_a_refused_deletion_is_a_warning_and_the_page_refreshes(qtbot, monkeypatch, message_boxes):
    parent = QWidget()
    qtbot.addWidget(parent)
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    calls: list[str] = []

    def refuse() -> None:
        raise ValidationError({"visit": "Выезд не найден: возможно, его уже удалили."})

    assert not confirm_and_delete(parent, "Удаление выезда", lambda: "Удалить?", refuse,
                                  lambda: calls.append("refresh"), error_title="Выезд не удалён")
    assert message_boxes == [("warning", "Выезд не удалён", "Выезд не найден: возможно, его уже удалили.")]
    assert calls == ["refresh"]


def test_a_question_that_cannot_be_made_is_reported_without_asking(qtbot, monkeypatch, message_boxes):
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    calls: list[str] = []

    def describe() -> str:
        raise ValidationError({"partnership": "Партнёрство не найдено: возможно, его уже удалили."})

    assert not confirm_and_delete(parent, "Удаление партнёрства", describe, lambda: calls.append("delete"),
                                  lambda: calls.append("refresh"), error_title="Партнёрство не удалено")
    assert asked == [] and calls == ["refresh"]
    assert message_boxes == [("warning", "Партнёрство не удалено",
                     "Партнёрство не найдено: возможно, его уже удалили.")]


def test_open_form_runs_on_saved_with_the_dialog_or_reports_a_form_it_cannot_build(
        qtbot, monkeypatch, message_boxes):
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    saved: list[QDialog] = []
    dialog = QDialog(parent)
    assert open_form(parent, lambda: dialog, "Выезд не открыт", saved.append)
    assert saved == [dialog]
    assert not open_form(parent, lambda: None, "Выезд не открыт", saved.append)

    refreshed: list[bool] = []

    def broken() -> QDialog:
        raise ValidationError({"visit": "Выезд не найден: возможно, его уже удалили."})

    assert not open_form(parent, broken, "Выезд не открыт", saved.append,
                         on_error=lambda: refreshed.append(True))
    assert message_boxes == [("warning", "Выезд не открыт", "Выезд не найден: возможно, его уже удалили.")]
    assert refreshed == [True] and saved == [dialog]


def test_chosen_id_prefers_the_given_record_to_the_selected_one():
    class Row:
        id = 7

    assert chosen_id(3, Row()) == 3
    assert chosen_id(None, Row()) == 7
    assert chosen_id(None, None) is None
