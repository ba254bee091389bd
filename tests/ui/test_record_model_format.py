"""Numbers in the record tables: right-aligned, Russian decimal comma, whole numbers without «,0»."""

from __future__ import annotations

from PySide6.QtCore import Qt

from shnor_desktop.ui.table_models.records import Column, RecordTableModel


def test_numbers_are_right_aligned_and_written_the_russian_way() -> None:
    titles = ["Название", "Участников", "Средний балл", "Учеников в районе", "Год"]
    columns = [Column(t, lambda r, i=i: r[i]) for i, t in enumerate(titles)]
    model = RecordTableModel([*columns, Column("Код", lambda r: r[5], align_right=False)])
    model.set_rows([("СОШ № 1", 25, 45.25, 26140, 2025, 7)])
    texts = [model.data(model.index(0, c)) for c in range(6)]
    assert texts == ["СОШ № 1", "25", "45,3", "26\u00a0140", "2025", "7"]
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    aligns = [model.data(model.index(0, c), Qt.ItemDataRole.TextAlignmentRole) for c in range(6)]
    assert [a == right for a in aligns] == [False, True, True, True, True, False]
