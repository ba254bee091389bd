"""One ValidationError for every service, and the message the user sees for it."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QMessageBox

from shnor_desktop.registry import service
from shnor_desktop.ui.errors import show_error, user_message
from shnor_desktop.validation import ValidationError


def test_a_refused_form_is_told_in_its_own_words():
    exc = ValidationError({"title": "Укажите тему мероприятия.", "date_to": "Окончание раньше начала."})
    assert user_message(exc) == "Укажите тему мероприятия.\nОкончание раньше начала."
    assert exc.fields() == ["title", "date_to"]


def test_the_registry_refuses_with_the_same_class_keeping_every_message_of_a_field(ctx):
    with pytest.raises(ValidationError) as caught:
        service.create_school(ctx.db, {"full_name": "", "short_name": "", "inn": "12"})
    exc = caught.value
    assert exc.fields()[:2] == ["full_name", "short_name"]
    assert exc.errors["full_name"] == exc.pairs[0][1]  # the first message of a field
    assert len(exc.messages) == len(exc.pairs) >= 3
    assert user_message(exc).startswith("Изменения не сохранены:\n• Полное наименование (по уставу): ")


def test_show_error_warns_of_a_refusal_and_reports_a_failure(qtbot, monkeypatch, caplog):
    shown: list[tuple[str, str, str]] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind,
                            lambda _p, title, text, kind=kind: shown.append((kind, title, text)))
    refused = ValidationError({"visit": "Выезд не найден: возможно, его уже удалили."})
    show_error(None, "Выезд не удалён", refused)
    show_error(None, "Выезд не удалён", PermissionError(13, "Permission denied", "/tmp/x.docx"))
    assert shown == [("warning", "Выезд не удалён", "Выезд не найден: возможно, его уже удалили."),
                     ("critical", "Выезд не удалён", "Нет доступа к файлу: /tmp/x.docx. Закройте его в "
                      "другой программе или проверьте права.")]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None  # only the failure, with its traceback
