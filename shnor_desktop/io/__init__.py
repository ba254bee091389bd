"""Importers (read -> validate -> report -> apply in one transaction) and exporters."""
