"""Persistence: peewee on SQLite (embedded default) or PostgreSQL (shared server): models, migrations,
backup/restore, audited writes. Only this package knows which engine is open."""

from db import server_driver

server_driver.without_driver_at_import()
