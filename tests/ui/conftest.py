"""Every window test runs with Qt's Russian translation, as the program does."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _russian_qt(qapp):  # type: ignore[no-untyped-def]
    from shnor_desktop.ui.locale import install_russian

    install_russian(qapp)
