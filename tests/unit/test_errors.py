"""One error type: every problem a person can act on is a ShnorError with a Russian message, and
one function turns any exception into the text the user reads."""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3

import shnor_desktop
from shnor_desktop.errors import CellError, ShnorError, ValidationError, user_message
from shnor_desktop.io.problems import ImportRejected, Problem

INTERNAL = {"Cancelled", "_StopParse"}  # control flow, never shown to anybody


def _exception_classes() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(shnor_desktop.__path__, "shnor_desktop."):
        if ".ui" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Exception) and value.__module__ == info.name):
                found.append(value)
    return found


def test_every_error_of_the_program_is_a_shnor_error():
    classes = _exception_classes()
    assert len(classes) >= 12
    strays = [c.__qualname__ for c in classes if not issubclass(c, ShnorError) and c.__name__ not in INTERNAL]
    assert not strays, strays


def test_one_cell_error():
    from shnor_desktop.io import results_table, table_import

    assert results_table.CellError is table_import.CellError is CellError


def test_user_message_for_each_kind_of_failure():
    rejected = ImportRejected([Problem("протокол.xlsx", "больше максимума", "Лист1", 7, "балл за 3")])
    text = user_message(rejected)
    assert text.startswith("Файл не загружен, база не изменена.") and "строка 7" in text
    assert user_message(ValidationError({"date": "Укажите дату выезда."})) == "Укажите дату выезда."
    assert "занята другим процессом" in user_message(sqlite3.OperationalError("database is locked"))
    assert "Нет доступа к файлу: a.docx" in user_message(PermissionError(13, "denied", "a.docx"))
    assert user_message(KeyError("x")).startswith("Непредвиденная ошибка")
