"""Qt speaks Russian: standard buttons and the context menu of an input, after install_russian."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from shnor_desktop.ui.locale import install_russian


def test_standard_buttons_and_context_menus_are_russian(qapp, qtbot):
    assert install_russian(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No
                           | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Да", "Нет", "Отмена"}
    edit = QLineEdit("текст")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    actions = [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]
    assert "Копировать" in actions and "Вставить" in actions and not any("Copy" in a for a in actions)
    message = QMessageBox(QMessageBox.Icon.Question, "Вопрос", "Удалить?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert message.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Нет"
