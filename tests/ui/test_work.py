"""The window's unit of work (ui/work.py): a change is committed or rolled back as a whole, and
what went wrong reaches the user once."""

from __future__ import annotations

import pytest

from shnor_desktop.errors import ValidationError
from shnor_desktop.models import School
from shnor_desktop.registry.queries import school_count
from shnor_desktop.ui.work import change, read


def test_a_change_is_committed(db, message_boxes):
    with change(None, db, "Школа не добавлена") as work:
        work.session.add(School(full_name="МБОУ «СОШ № 1»", short_name="СОШ № 1"))
    assert not work.failed and message_boxes == []
    with read(None, db, "Реестр не загружен") as work:
        count = school_count(work.session)
    assert count == 1 and not work.failed


def test_a_failed_change_writes_nothing_and_is_shown_once(db, message_boxes):
    with change(None, db, "Школа не добавлена") as work:
        work.session.add(School(full_name="МБОУ «СОШ № 1»", short_name="СОШ № 1"))
        work.session.flush()
        raise ValidationError({"inn": "ИНН — 10 цифр."})
    assert work.failed and isinstance(work.error, ValidationError)
    assert message_boxes == [("warning", "Школа не добавлена", "ИНН — 10 цифр.")]
    with read(None, db, "Реестр не загружен") as check:
        assert school_count(check.session) == 0  # rolled back


def test_a_failed_read_is_reported_as_an_error(db, message_boxes, caplog):
    with read(None, db, "Реестр не загружен") as work:
        raise OSError(28, "No space left on device")
    assert work.failed
    assert message_boxes[0][:2] == ("critical", "Реестр не загружен") and len(message_boxes) == 1
    assert "No space left" in caplog.text  # the details go to the log


def test_the_session_exists_only_inside_the_block(db, message_boxes):
    with read(None, db, "Реестр не загружен") as work:
        pass
    with pytest.raises(AssertionError):
        work.session  # noqa: B018
