"""Frozen entry point of the command line."""

from shnor_desktop.cli import main

raise SystemExit(main())
