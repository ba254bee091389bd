"""ВПР participant protocols from ФИС ОКО: layout detection and parsing (``model``, ``cells``,
``headers``, ``hints``, ``parse``).

Three families of real layouts are known (samples in ``tests/data/fisoko``), told apart by
how the task columns are named, not by the year:

* ``vpr_2020`` — Latin headers ``groups, user, id, code, otc, …, var-1, var-2, sum, a-N-grade``;
  nothing inside says the year, grade or subject (autumn 2020);
* ``vpr_2021`` — Russian headers, tasks named by words: ``логин школы, регион, …, вариант,
  всего баллов, балл за N`` (also «Балл за задание N», «Задание N», «1К1», «2(1)»);
* ``vpr_2022`` — tasks carrying their maximum: ``3 (2б)``, ``5(1) (1б)``, ``10К1 (1б)``; sheets
  ``Классы`` and ``Протокол`` with ``код | название`` cells, and the later «Индивидуальные
  результаты» exports (title rows above the table, «ОО», «Код участника», «Первичный балл»,
  «Отметка», «Отметка по журналу»).

Columns are found by the meaning of their header, whatever the case, «ё», spacing, line breaks
or numbering («12. Логин ОО»): the login («логин школы», «Логин ОО», «Пользователь», «user», «ОО»),
the variant, the primary score («всего баллов», «Итого баллов», «Первичный балл», «sum»), the
journal mark («отметка за предыдущую четверть», «Отметка по журналу», «otc») and, when the file
has it, the ВПР mark («Отметка»). The header may sit below title rows and span two or three rows
(a group label merged over «1», «2», «3»…). Year, grade and subject come from the options, else
the file (title rows, the textbook codes of «Классы», the upload date), else the file's name and
folders, else the class names; the window confirms them.

The parser turns a file into a pupil-free intermediate: per school login, a list of
``(score, mark, journal, points, absent)`` tuples. Nothing here touches the database.

Rules for the untidy cells of real exports:

* a row is absent when its variant (or score) is «отсутствовал» (any ending, «отсутсвовал»
  too), when it has neither a score nor any task points, or when its total is a formula's 0 with
  no variant and every task cell blank («X» is a present pupil's unattempted task);
* task cells «X», «Х», «-», «не пройд.», «H» (and other text) count 0 points; negative numbers
  also count 0 and are reported; points above a task's maximum are kept as written (the import
  checks them against the maxima and leaves such rows out, see :mod:`.vpr_checks`);
* «отсутствовал» with a positive score or task points: the row counts as absent, with a warning
  naming the row;
* the primary score is the file's total; when the total is empty, or 0 while the task points
  add up to more (a whole school's totals left uncomputed), the sum of the task points is
  used and the summary says how many rows that concerned;
* rows with no login and no results (school headings, signatures under the table) are skipped;
  a row with results but no login rejects the file.

Refused with a message naming what is missing: no login column (a school's own results form),
no primary-score column, no task columns, task columns split by other columns with points on
both sides, several sheets holding protocols.
"""

from .headers import detect_layout, layout_of_header, sniff_layout
from .hints import SliceHints, hints_from_folders, hints_from_name, hints_from_text
from .model import (
    LAYOUT_2020,
    LAYOUT_2021,
    LAYOUT_2022,
    LAYOUT_TITLES,
    LAYOUTS,
    Protocol,
    ProtocolOptions,
    SchoolRows,
)
from .parse import parse_protocol

__all__ = [
    "LAYOUTS", "LAYOUT_2020", "LAYOUT_2021", "LAYOUT_2022", "LAYOUT_TITLES", "Protocol", "ProtocolOptions",
    "SchoolRows", "SliceHints", "detect_layout", "hints_from_folders", "hints_from_name", "hints_from_text",
    "layout_of_header", "parse_protocol", "sniff_layout",
]
