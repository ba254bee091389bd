"""Context builders: one module per document kind, plus the shared pieces in ``common``.

Each builder reads the database through an open session and returns plain data (strings,
lists, dicts and chart images) that a template can print without any further formatting.
"""
