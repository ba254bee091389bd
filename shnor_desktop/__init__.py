"""ШНОР Desktop: the district methodist's workplace for schools with low results."""

__version__ = "0.1.0"
