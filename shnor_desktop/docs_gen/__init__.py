"""Documents: kinds and their context builders, Russian names in cases, DOCX rendering, the journal.

Qt-free: the window and the CLI both call these modules.
"""
