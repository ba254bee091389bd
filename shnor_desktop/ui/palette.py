"""The window's colours, defined once: every page marks «overdue», «done», «cancelled» alike.

Chosen to stay readable on white and in a black-and-white printout of a screenshot (dark text
colours, light backgrounds)."""

from __future__ import annotations

from PySide6.QtGui import QColor

# text
OVERDUE_TEXT = QColor("#9b1c1c")  # a date that has passed, a missing file, a flag
DONE_TEXT = QColor("#2e6b30")  # done, improved, met
MUTED_TEXT = QColor("#777777")  # cancelled, closed, no data
INFO_TEXT = QColor("#1f4e79")  # the user's own copy of something (an edited template)

# backgrounds
OVERDUE_BACKGROUND = QColor("#fde2e1")  # also «not met», an error cell
DONE_BACKGROUND = QColor("#e3f4e1")  # «met», a row to be created
WARNING_BACKGROUND = QColor("#fff3cd")  # check this (a name matched by similarity)
NEUTRAL_BACKGROUND = QColor("#e9ecef")  # left out, skipped
