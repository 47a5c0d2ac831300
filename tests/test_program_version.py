"""The database records which program version last wrote it; an older program refuses a database
written by a newer one, with a Vietnamese message naming both versions, and changes nothing."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from cchc_desktop import __version__
from cchc_desktop.app import Workspace
from db.connection import close_database
from db.errors import ProgramTooOld
from db.program_version import KEY, is_newer, version_key


def stamp(path, version: str) -> None:
    with sqlite3.connect(path) as con:
        con.execute("UPDATE setting SET value = ? WHERE key = ?", (version, KEY))
    con.close()


def recorded(path) -> str | None:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT value FROM setting WHERE key = ?", (KEY,)).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def snapshot(path) -> tuple[str, str]:
    con = sqlite3.connect(path)
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), dump


@pytest.mark.parametrize(
    "older, newer",
    [
        ("0.1.0", "0.2.0"),
        ("0.9", "0.10"),
        ("1.0.dev1", "1.0a1"),
        ("1.0a1", "1.0a2"),
        ("1.0a2", "1.0b1"),
        ("1.0b1", "1.0rc1"),
        ("1.0rc1", "1.0"),
        ("1.0", "1.0.post1"),
        ("1.0.post1", "1.0.1"),
        ("1.9.9", "2!0.1"),
        ("1.0.dev1", "1.0"),
    ],
)
def test_versions_are_ordered_as_pep_440_says(older, newer):
    assert version_key(older) < version_key(newer)
    assert is_newer(newer, older) and not is_newer(older, newer)


def test_equal_versions_and_unreadable_ones_are_not_newer():
    assert version_key("1.0") == version_key("1.0.0") == version_key("v1.0+local.7")
    assert not is_newer("0.1.0", "0.1.0")
    assert not is_newer("chưa rõ", "0.1.0")
    with pytest.raises(ValueError):
        version_key("chưa rõ")


def test_a_new_database_records_the_version_that_wrote_it(monthly_unit, db_path):
    assert recorded(db_path) == __version__


def test_an_older_stamp_is_upgraded_to_this_version(monthly_unit, db_path):
    stamp(db_path, "0.0.1")
    result = monthly_unit("units", "list")
    assert result.code == 0, result
    assert recorded(db_path) == __version__


def test_the_stamp_is_written_once_per_opening_not_per_write(monthly_unit, db_path):
    from db.models import Audit

    stamp(db_path, "0.0.1")
    for _ in range(2):
        with Workspace.open(db_path):
            audits = Audit.select().where(Audit.code == KEY).count()
    assert audits == 0  # the stamp is bookkeeping, not a person's setting: no audit row
    con = sqlite3.connect(db_path)
    changes = con.execute("SELECT count(*) FROM audit").fetchone()[0]
    con.close()
    with Workspace.open(db_path) as ws:  # already stamped: opening again writes nothing
        assert ws.settings is not None
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM audit").fetchone()[0] == changes
    con.close()


def test_a_database_written_by_a_newer_program_is_refused_by_the_command_line(monthly_unit, db_path):
    stamp(db_path, "99.0.0")
    before = snapshot(db_path)
    result = monthly_unit("units", "list")
    assert result.code == 2, result
    assert "phiên bản 99.0.0" in result.err and f"({__version__})" in result.err
    assert "Hãy cài CCHC Desktop phiên bản 99.0.0 hoặc mới hơn" in result.err
    assert snapshot(db_path) == before
    assert recorded(db_path) == "99.0.0"


def test_the_refusal_comes_before_any_migration_or_backup(tmp_path):
    from pathlib import Path

    old = tmp_path / "v1.sqlite"  # schema 1: opening it would migrate it, after a backup
    old.write_bytes((Path(__file__).parent / "data" / "schemas" / "v1.sqlite").read_bytes())
    with sqlite3.connect(old) as con:
        con.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (KEY, "1.0rc1"))
    con.close()
    before = snapshot(old)
    with pytest.raises(ProgramTooOld) as caught:
        Workspace.open(old)
    close_database()
    assert caught.value.recorded == "1.0rc1" and caught.value.running == __version__
    assert snapshot(old)[1] == before[1]  # the same content (connecting switches the old file to WAL: its header)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["v1.sqlite"]  # no backup, no side file left
