"""The registry of schools: queries, saving with validation, statuses. Qt-free."""
