"""Every window test runs with Qt's Russian translation, as the program does."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _russian_qt(qapp):  # type: ignore[no-untyped-def]
    from shnor_desktop.ui.locale import install_russian

    install_russian(qapp)


@pytest.fixture
def message_boxes(monkeypatch):  # type: ignore[no-untyped-def]
    """Every warning and error box a test's window opens: (kind, title, text), none shown."""
    from PySide6.QtWidgets import QMessageBox

    boxes: list[tuple[str, str, str]] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind,
                            lambda _p, title, text, *_a, kind=kind, **_k: boxes.append((kind, title, text)))
    return boxes
