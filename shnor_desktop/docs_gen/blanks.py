"""Blanks instead of refusals: a missing detail prints as the blank a Russian form uses.

Offices print forms with blanks («____», «"___" ________ 20__ г.») and fill them in by hand: a
document is always made with what is known. Every blank is recorded as a :class:`Gap` (what is
missing, whose detail it is, where it is filled in), so the window can list them before saving
(«Заполнить сейчас» opens the card at the field) and the CLI can print them as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NBSP = "\u00a0"
BLANK = "__________"  # a word or a number
BLANK_LONG = "______________________________"  # a name, an issuing body
BLANK_DATE = f"«___»{NBSP}____________ 20___{NBSP}г."
BLANK_DATE_AGREEMENT = f"«___»{NBSP}____________ 20___{NBSP}года"
BLANK_NUMBER = "_____"
BLANK_CELL = "_______________"  # in a table cell: fits the narrowest column that takes a name


@dataclass(frozen=True)
class Gap:
    """One detail a document printed as a blank."""

    what: str  # «дата лицензии»
    owner: str  # «МБОУ «СОШ № 5»», «Сведения о районе»
    target: str = ""  # where it is filled in: "school", "district", "partnership", "visit", "people"
    record_id: int | None = None
    field: str = ""  # the model field (the window opens the card at it)

    def text(self) -> str:
        return f"{self.owner}: {self.what}"


@dataclass
class Blanks:
    """Collects the gaps of one document; ``value(...)`` gives the value or the blank."""

    gaps: list[Gap] = field(default_factory=list)

    def note(self, gap: Gap) -> None:
        if gap not in self.gaps:
            self.gaps.append(gap)

    def value(self, value: object, gap: Gap, blank: str = BLANK) -> str:
        """``value`` as text, or ``blank`` (and the gap recorded) when it is empty."""
        text = "" if value is None else " ".join(str(value).split())
        if text:
            return text
        self.note(gap)
        return blank

    def texts(self) -> list[str]:
        return [g.text() for g in self.gaps]
