"""The analytical heart: indicators, district level, identification of ШНОР, ИОР, objectivity.

Pure Python (no Qt; pandas only inside the functions that build data frames), so the CLI,
the window and the tests all call the same rules.

Modules:
    indicators      the catalogue of indicators and how each is computed from a result row
    frame           loading a slice of results from the database into plain rows
    district        the district level (weighted by participants or the mean of schools)
    identification  deviation from the district, the 15 % rule, groups, stability, dynamics
    ior             ИОР (composite index of results) and the quadrant with the social context
    objectivity     signs of non-objective ВПР results
    explain         the Russian sentences that explain every flag
    status          recording the chosen schools as ШНОР for a year
"""

from ..errors import ShnorError


class AnalyticsError(ShnorError):
    """A problem with what was asked (unknown indicator, ambiguous slice): the message is Russian."""
