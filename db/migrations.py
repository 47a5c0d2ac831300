"""Numbered schema migrations on both engines; each runs in one transaction.

The version is recorded in the `schema_version` table on both engines (and mirrored in SQLite's
PRAGMA user_version, which files of schema 1 and 2 carry and older releases read). The statements
are written once with three engine words: {id} (auto-numbered key), {ts} (date-time), {bool}, which
each engine declares (`schema_words`); how the steps are run, and where else the version is recorded,
is the engine's too (db.engine.Engine).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from peewee import Database, fn

from db.errors import DatabaseTooNew
from db.models import SchemaVersion

log = logging.getLogger(__name__)

V1 = [
    """CREATE TABLE unit (
        id {id},
        code VARCHAR(255) NOT NULL UNIQUE,
        name TEXT NOT NULL,
        level VARCHAR(255) NOT NULL DEFAULT 'xa',
        frequency VARCHAR(255) NOT NULL DEFAULT 'month',
        place TEXT NOT NULL DEFAULT '',
        parent_code VARCHAR(255) NOT NULL DEFAULT '',
        parent_name TEXT NOT NULL DEFAULT '',
        is_self {bool},
        created_at {ts} NOT NULL)""",
    """CREATE TABLE value (
        id {id},
        unit_id INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        period VARCHAR(255) NOT NULL,
        code VARCHAR(255) NOT NULL,
        value TEXT NOT NULL,
        template_version VARCHAR(255) NOT NULL,
        updated_at {ts} NOT NULL,
        updated_by VARCHAR(255) NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX value_unit_id_period_code ON value (unit_id, period, code)",
    """CREATE TABLE audit (
        id {id},
        at {ts} NOT NULL,
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
        id {id},
        unit_id INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        period VARCHAR(255) NOT NULL,
        rule VARCHAR(255) NOT NULL,
        text TEXT NOT NULL,
        author VARCHAR(255) NOT NULL DEFAULT '',
        at {ts} NOT NULL)""",
    "CREATE UNIQUE INDEX explanation_unit_id_period_rule ON explanation (unit_id, period, rule)",
    """CREATE TABLE period_status (
        id {id},
        unit_id INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        period VARCHAR(255) NOT NULL,
        status VARCHAR(255) NOT NULL DEFAULT 'open',
        author VARCHAR(255) NOT NULL DEFAULT '',
        at {ts} NOT NULL,
        reason TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX period_status_unit_id_period ON period_status (unit_id, period)",
    "CREATE INDEX audit_unit_period ON audit (unit_code, period)",
]

V3 = ["CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY)"]

# Which template versions the stored values use, found by index seeks at every open (not a scan).
V4 = ["CREATE INDEX value_template_version_period ON value (template_version, period)"]

# The 2025 mergers: the code of the unit that replaced this one from the day after its valid_to ('' if none).
V5 = ["ALTER TABLE unit ADD COLUMN replaced_by VARCHAR(255) NOT NULL DEFAULT ''"]

# V6: each unit's reporting deadline, a day of the period's last month ('' = the default, the 20th)
V6 = ["ALTER TABLE unit ADD COLUMN deadline_day VARCHAR(255) NOT NULL DEFAULT ''"]

# V7: a parent's sums made by the database (db.sums) read the children's rows of the periods asked:
# on SQLite in the order of their GROUP BY (period, code) with the value itself (its GROUP BY sorts
# what is not in an index's order: no sort of millions of rows, no table row read); PostgreSQL adds up
# by hash in parallel workers and only needs the periods' rows found (a bitmap scan of the index on
# period, not the whole table; an index holding the texts would refuse a long narrative there). An
# engine's empty statement is not run.
# And when each unit's period last changed (a parent's list of what its children sent) by one seek per
# unit and period (db.reads.updates_by_period), on both engines.
V7 = ["{summing_index}", "CREATE INDEX value_unit_id_period_updated_at ON value (unit_id, period, updated_at)"]

MIGRATIONS: list[list[str]] = [V1, V2, V3, V4, V5, V6, V7]
LATEST = len(MIGRATIONS)

MIGRATE_LOCK = 4_202_311  # PostgreSQL advisory lock: one client migrates at a time


def statements(step: int, words: Mapping[str, str]) -> list[str]:
    """The statements of migration `step` (0-based) in an engine's words (its `schema_words`)."""
    return [text for text in (statement.format(**words) for statement in MIGRATIONS[step]) if text]


def current_version(db: Database) -> int:
    """The schema version of `db` (an engine, or the models' proxy bound to one)."""
    version = 0
    if "schema_version" in db.get_tables():
        version = db.execute(SchemaVersion.select(fn.MAX(SchemaVersion.version))).fetchone()[0] or 0
    return max(version, db.schema_mark())


def _record(db: Database, version: int) -> None:
    db.execute(SchemaVersion.delete())
    db.execute(SchemaVersion.insert(version=version))
    db.mark_schema(version)


def pending(db: Database) -> int:
    """How many migrations this database still needs."""
    return LATEST - current_version(db)


def migrate(db: Database, target: int = LATEST) -> int:
    """Apply the missing migrations up to `target`, atomically; returns the new version.

    The engine runs them in its transactions (db.engine.Engine.run_migrations): SQLite each step in its
    own (the file's write lock keeps others out), PostgreSQL every pending step in one, holding
    MIGRATE_LOCK so that two clients never migrate at once."""
    return db.run_migrations(lambda: current_version(db), lambda upto: _steps(db, upto), target, MIGRATE_LOCK)


def _steps(db: Database, target: int) -> int:
    version = start = current_version(db)
    if version > LATEST:
        raise DatabaseTooNew(version, LATEST)
    while version < target:
        for statement in statements(version, db.schema_words):
            db.execute_sql(statement)
        version += 1
        db.mark_schema(version)
        log.info("database migrated to schema %d", version)
    if version != start and version >= 3:
        _record(db, version)
    return version
