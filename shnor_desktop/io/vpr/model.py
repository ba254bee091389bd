"""The protocol as the parser gives it: layouts, options, per-school rows (pupil-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem

LAYOUT_2020 = "vpr_2020"
LAYOUT_2021 = "vpr_2021"
LAYOUT_2022 = "vpr_2022"
LAYOUTS = (LAYOUT_2020, LAYOUT_2021, LAYOUT_2022)
LAYOUT_TITLES = {
    LAYOUT_2020: "протокол ВПР ФИС ОКО (формат 2020 г.)",
    LAYOUT_2021: "протокол ВПР ФИС ОКО (формат 2021 г.)",
    LAYOUT_2022: "протокол ВПР ФИС ОКО (формат 2022 г.)",
}
AUTUMN = "осень"
SPRING = "весна"
MAX_LISTED_PROBLEMS = 50

# (score or None, mark or None, journal mark or None, points per task, absent); task points are
# 0 for «X», «не пройд.» and empty cells
Row = tuple[float | None, int | None, int | None, tuple[float, ...], bool]


@dataclass
class ProtocolOptions:
    """What the user says about the file (CLI options, the window's confirmation)."""

    year: int | None = None
    grade: int | None = None
    subject: str | None = None
    session: str | None = None


@dataclass
class SchoolRows:
    """One school of the file: who it is and where its pupils' rows are."""

    login: str
    number: str
    index: int  # position in Protocol.schools; the value of Protocol.school_index for its rows
    name: str = ""
    municipality: str = ""
    municipality_code: str = ""
    first_row: int = 0


@dataclass
class Protocol:
    """A parsed protocol: school list plus one array element per participant row.

    The per-row data are kept as columns (numpy) so that a region-wide file of 26,000 rows is
    aggregated for all schools at once; :meth:`rows` gives the same data as a list of
    ``(score, mark, journal, points, absent)`` tuples for one school.
    """

    file: str
    layout: str
    sheet: str
    year: int
    grade: int
    subject: str
    session: str
    tasks: list[str]
    task_max: list[float | None]  # from the headers (2022); None where the file does not say
    schools: dict[str, SchoolRows]  # key: the login number (``sch223144`` = ``edu223144``)
    school_index: Any  # np.ndarray[int32]: the school of each row
    absent: Any  # np.ndarray[bool]
    scores: Any  # np.ndarray[float]; NaN for the absent
    journals: Any  # np.ndarray[int8]; 0 where there is no journal mark
    points: Any  # np.ndarray[float], rows × tasks
    marks: Any = None  # np.ndarray[int8] when the file carries ВПР marks («Отметка»); 0 for the absent
    row_numbers: Any = None  # np.ndarray[int32]: the Excel row of each row
    codes: list[str] = field(default_factory=list)  # participant code of each row ('' when none)
    classes: list[str] = field(default_factory=list)  # class of each row ('' when none)
    region: str = ""  # the region the file names («Алтайский край»), when it does
    task_columns: list[str] = field(default_factory=list)  # the header of each task, as in the file
    score_column: str = ""
    rows_read: int = 0
    header_row: int = 1  # Excel row of the (first) header row
    warnings: list[Problem] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return LAYOUT_TITLES[self.layout]

    def rows(self, number: str) -> list[Row]:
        """The pupil-free rows of one school (by login number), in file order."""
        index = self.schools[number].index
        result: list[Row] = []
        for i in (self.school_index == index).nonzero()[0]:
            if self.absent[i]:
                result.append((None, None, None, (), True))
                continue
            mark = int(self.marks[i]) if self.marks is not None else None
            journal = int(self.journals[i]) or None
            result.append((float(self.scores[i]), mark, journal, tuple(float(p) for p in self.points[i]),
                           False))
        return result

    @property
    def has_municipalities(self) -> bool:
        """Whether the file names the municipality of its schools (the 2020 layout does not)."""
        return any(s.municipality or s.municipality_code for s in self.schools.values())

    @property
    def file_total_max(self) -> float | None:
        if self.task_max and all(m is not None for m in self.task_max):
            return float(sum(m for m in self.task_max if m is not None))
        return None


