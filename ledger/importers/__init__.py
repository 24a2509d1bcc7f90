"""Importers: turn what users paste or upload into plain data (pure; no ORM, no I/O)."""
