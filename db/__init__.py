"""Persistence: peewee on SQLite (models, migrations, backup, audit)."""
