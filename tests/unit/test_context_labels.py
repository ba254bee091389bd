"""Every context indicator the program knows has a Russian label with its unit."""

from __future__ import annotations

import re

from shnor_desktop.demo.schools import SCHOOLS
from shnor_desktop.io.context_forms import COLUMNS
from shnor_desktop.models import SchoolContext
from shnor_desktop.registry.context_labels import context_label, context_value
from shnor_desktop.risks.social_index import MANUAL_ANSWER_KEYS


def known_keys() -> set[str]:
    columns = {c.key for c in SchoolContext.__table__.columns} - {"id", "school_id", "answers", "version",
                                                                 "created_at", "updated_at"}
    demo = {k for spec in SCHOOLS for k in spec.social}
    return set(COLUMNS) | columns | demo | set(MANUAL_ANSWER_KEYS)


def test_every_known_key_has_a_russian_label() -> None:
    for key in sorted(known_keys()):
        label = context_label(key)
        assert re.search("[А-Яа-яЁё]", label), key
        assert key not in label and "_" not in label, (key, label)


def test_units_and_values() -> None:
    assert context_label("share_low_income") == "Обучающиеся из малообеспеченных семей, %"
    assert context_label("distance_to_centre_km") == "Расстояние до районного центра, км"
    assert context_value("share_low_income", 0.453) == "45,3\u00a0%"
    assert context_value("distance_to_centre_km", 12.0) == "12"
    assert context_value("teacher_vacancies", 2) == "2"
    question = "Сколько учеников пользуются подвозом?"
    assert context_label(question) == question
