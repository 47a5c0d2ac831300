"""What differs between SQLite and PostgreSQL is asked of the engine (db.engine.Engine): no module of db/
compares which engine is open or which kind of target it was given, except the one that picks the engine
for a target (db.engines) and the one that reads a target (db.target)."""

from __future__ import annotations

import re
from pathlib import Path

DB = Path(__file__).resolve().parents[1] / "db"
PICKERS = {"engines.py", "target.py"}
BRANCH = re.compile(
    r"""\bkind\s*[!=]=|[!=]=\s*\S*kind\b|["'](?:sqlite|postgresql)["']\s*(?:[!=]=|in\b)"""
    r"""|[!=]=\s*["'](?:sqlite|postgresql)["']"""
    r"|isinstance\([^)]*\b(?:ServerTarget|PostgresqlDatabase|SqliteDatabase|SqliteEngine|PostgresEngine)\b"
    r"|isinstance\(\s*(?:\w+\.)?(?:target|current)\s*,\s*Path\s*\)"  # a target's kind told by its type
)


def branches(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if BRANCH.search(line)]


def test_no_module_of_db_branches_on_the_engine():
    found = {
        path.name: branches(path.read_text(encoding="utf-8"))
        for path in sorted(DB.glob("*.py"))
        if path.name not in PICKERS
    }
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_check_sees_the_branches_it_forbids():
    said = [
        'if kind == "sqlite":',
        "return engine_kind(database) == 'postgresql'",
        'if database.obj.kind != "postgresql":',
        "if isinstance(target, ServerTarget):",
        "if isinstance(db, PostgresqlDatabase):",
        "if isinstance(state.target, Path):",
    ]
    assert branches("\n".join(said)) == said
    assert branches("full = (database.obj.kind, key, len(values))\nkind = 'sqlite'") == []
