"""A sheet as every reader gives it (Excel, CSV): a name and rows of normalised cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_ROWS = 1_100_000  # over Excel's 1,048,576: only a damaged or made-up sheet has more
MAX_CELL_CHARS = 32_767  # Excel's own limit


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]

    @property
    def header(self) -> list[str]:
        return [str(c).strip() if c is not None else "" for c in self.rows[0]] if self.rows else []


def normalise_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
