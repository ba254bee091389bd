"""Frozen entry point of the window application."""

from shnor_desktop.__main__ import main

raise SystemExit(main())
