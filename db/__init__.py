"""Persistence: peewee on SQLite (embedded default) or PostgreSQL (shared server): models, migrations,
backup/restore, audited writes. Only this package knows which engine is open."""
