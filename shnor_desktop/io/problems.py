"""What an importer reports: problems located to file, sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ShnorError


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    sheet: str = ""
    row: int | None = None  # 1-based, as Excel shows it
    column: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"лист «{self.sheet}»")
        if self.row is not None:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец «{self.column}»")
        return f"{', '.join(where)}: {self.message}"


class ImportRejected(ShnorError):
    """The file is rejected whole; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def user_message(self) -> str:
        lines = [str(p) for p in self.problems[:30]]
        if len(self.problems) > 30:
            lines.append(f"… и ещё {len(self.problems) - 30}")
        return "Файл не загружен, база не изменена.\n\n" + "\n".join(lines)


@dataclass
class ImportSummary:
    """What an import did (or, for a preview, would do)."""

    file: str
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: list[Problem] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    empty_reason: str = ""  # why nothing was written, when an importer can tell

    @property
    def written(self) -> int:
        """Rows of the file that are in the database after the import (unchanged ones included)."""
        return self.created + self.updated + self.unchanged

    def nothing_written_reason(self) -> str:
        """Why no row of the file reached the database (Russian), for a refusal of an empty import."""
        if self.empty_reason:
            return self.empty_reason
        parts = ["ни одна строка файла не записана в базу"]
        if self.skipped:
            parts.append(f"пропущено строк: {self.skipped}")
        parts += self.details
        return "; ".join(parts)

    def text(self) -> str:
        lines = [
            f"{self.file}: {self.kind}",
            f"  добавлено: {self.created}, обновлено: {self.updated}, "
            f"без изменений: {self.unchanged}, пропущено: {self.skipped}",
        ]
        lines += [f"  {d}" for d in self.details]
        lines += [f"  предупреждение: {w}" for w in self.warnings]
        return "\n".join(lines)
