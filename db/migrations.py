"""Numbered schema migrations tracked in PRAGMA user_version; each runs in one transaction."""

from __future__ import annotations

import logging

from peewee import Database

from db.errors import DatabaseTooNew

log = logging.getLogger(__name__)

V1 = [
    """CREATE TABLE unit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        code VARCHAR(255) NOT NULL UNIQUE,
        name TEXT NOT NULL,
        level VARCHAR(255) NOT NULL DEFAULT 'xa',
        frequency VARCHAR(255) NOT NULL DEFAULT 'month',
        place TEXT NOT NULL DEFAULT '',
        parent_code VARCHAR(255) NOT NULL DEFAULT '',
        parent_name TEXT NOT NULL DEFAULT '',
        is_self INTEGER NOT NULL DEFAULT 0,
        created_at DATETIME NOT NULL)""",
    """CREATE TABLE value (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        unit_id INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        period VARCHAR(255) NOT NULL,
        code VARCHAR(255) NOT NULL,
        value TEXT NOT NULL,
        template_version VARCHAR(255) NOT NULL,
        updated_at DATETIME NOT NULL,
        updated_by VARCHAR(255) NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX value_unit_id_period_code ON value (unit_id, period, code)",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at DATETIME NOT NULL,
        author VARCHAR(255) NOT NULL,
        action VARCHAR(255) NOT NULL,
        unit_code VARCHAR(255) NOT NULL DEFAULT '',
        period VARCHAR(255) NOT NULL DEFAULT '',
        code VARCHAR(255) NOT NULL DEFAULT '',
        old TEXT,
        new TEXT)""",
    "CREATE TABLE setting (key VARCHAR(255) NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
]

V2 = [
    "ALTER TABLE unit ADD COLUMN short_name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE unit ADD COLUMN body TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE unit ADD COLUMN signer_name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE unit ADD COLUMN signer_title TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE unit ADD COLUMN authority_line TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE unit ADD COLUMN recipients TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE unit ADD COLUMN valid_from VARCHAR(255) NOT NULL DEFAULT ''",
    "ALTER TABLE unit ADD COLUMN valid_to VARCHAR(255) NOT NULL DEFAULT ''",
    """CREATE TABLE explanation (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        unit_id INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        period VARCHAR(255) NOT NULL,
        rule VARCHAR(255) NOT NULL,
        text TEXT NOT NULL,
        author VARCHAR(255) NOT NULL DEFAULT '',
        at DATETIME NOT NULL)""",
    "CREATE UNIQUE INDEX explanation_unit_id_period_rule ON explanation (unit_id, period, rule)",
    """CREATE TABLE period_status (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        unit_id INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        period VARCHAR(255) NOT NULL,
        status VARCHAR(255) NOT NULL DEFAULT 'open',
        author VARCHAR(255) NOT NULL DEFAULT '',
        at DATETIME NOT NULL,
        reason TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX period_status_unit_id_period ON period_status (unit_id, period)",
    "CREATE INDEX audit_unit_period ON audit (unit_code, period)",
]

MIGRATIONS: list[list[str]] = [V1, V2]
LATEST = len(MIGRATIONS)


def current_version(db: Database) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def pending(db: Database) -> int:
    """How many migrations this database still needs."""
    return LATEST - current_version(db)


def migrate(db: Database, target: int = LATEST) -> int:
    """Apply the missing migrations up to `target`, each atomically; returns the new version."""
    version = current_version(db)
    if version > LATEST:
        raise DatabaseTooNew(version, LATEST)
    while version < target:
        steps = MIGRATIONS[version]
        with db.atomic():
            for statement in steps:
                db.execute_sql(statement)
            version += 1
            db.execute_sql(f"PRAGMA user_version = {version}")
        log.info("database migrated to schema %d", version)
    return version
