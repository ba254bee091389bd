"""Moved to ``shnor_desktop.validation`` (kept for the window's imports until they follow)."""

from ..validation import Errors, ValidationError

__all__ = ["Errors", "ValidationError"]
