"""One ValidationError for every service, and the message the user sees for it."""

from __future__ import annotations

import pytest

from shnor_desktop.registry import service
from shnor_desktop.tracking.validation import ValidationError
from shnor_desktop.ui.errors import user_message


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
