"""Several writers: SQLite waits for the write lock instead of failing, says "đang bận" after the busy
timeout; two clerks writing the same value are told of the conflict on both engines."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from db import store
from db.connection import close_database, open_database
from db.errors import DatabaseBusy, ValueConflict
from db.models import database

REPO = Path(__file__).resolve().parents[1]


def _unit_database(path: Path) -> None:
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="X", name="UBND xã Kiểm Thử", frequency="month")
    ws.close()


def test_second_process_waits_for_the_write_lock(tmp_path):
    path = tmp_path / "shared.sqlite"
    _unit_database(path)
    writer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("concurrent_writer.py")), str(path), "7"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO setting (key, value) VALUES ('khac', '1')")
        writer.stdin.write("go\n")
        writer.stdin.flush()
        time.sleep(0.5)  # let the other process meet the lock (the outcome does not depend on it)
        holder.execute("COMMIT")
        holder.close()
        out, err = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, err
    assert out.strip() == "stored"
    ws = Workspace.open(path)
    try:
        assert ws.entry.stored_texts("2024-01") == {"cd.van_ban_chi_dao": "7"}
        assert ws.settings.get("khac") == "1"
    finally:
        ws.close()


def test_busy_after_the_timeout_is_a_clear_error(tmp_path):
    path = tmp_path / "busy.sqlite"
    _unit_database(path)
    open_database(path, busy_timeout=0.2)
    unit = store.self_unit()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy, match="Cơ sở dữ liệu đang bận"):
            store.write_values(unit, "2024-01", {"a": "1"}, "2023.1")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.stored_values(unit, ["2024-01"])["2024-01"] == {}
    close_database()


def test_cli_reports_busy_not_system_error(tmp_path, cchc, monkeypatch):
    path = tmp_path / "busy-cli.sqlite"
    _unit_database(path)
    monkeypatch.setattr("db.engines.BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cchc("set", "--period", "2024-01", "cd.van_ban_chi_dao=3", db=path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 2 and "đang bận" in result.err and "Lỗi hệ thống" not in result.err


def test_two_clerks_writing_the_same_value_at_once(engine_target, tmp_path):
    """Both saw no value and save at the same moment: one is stored, the other is told, on both engines."""
    open_database(engine_target, create=True, backup_dir=tmp_path / "backups")
    unit = store.save_unit({"code": "X", "name": "UBND xã X"}, is_self=True)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def clerk(name: str, text: str) -> None:
        start.wait()
        try:
            store.write_values(unit, "2024-01", {"a": text}, "2023.1", expected={"a": None})
            outcomes[name] = "stored"
        except ValueConflict as exc:
            outcomes[name] = exc
        finally:
            database.close()

    threads = [threading.Thread(target=clerk, args=(name, text)) for name, text in (("lan", "1"), ("binh", "2"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(type(o).__name__ for o in outcomes.values()) == ["ValueConflict", "str"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "stored")
    loser = outcomes[next(name for name in outcomes if name != winner)]
    stored = store.stored_values(unit, ["2024-01"])["2024-01"]
    assert stored == {"a": {"lan": "1", "binh": "2"}[winner]}
    assert [c.stored for c in loser.conflicts] == [stored["a"]]


@pytest.mark.postgresql
def test_server_writer_waits_for_another_transaction(pg_url, tmp_path):
    """On PostgreSQL a writer of the same unit waits for the other's transaction, then sees its value."""
    import psycopg

    open_database(pg_url, create=True, backup_dir=tmp_path / "backups")
    unit = store.save_unit({"code": "X", "name": "UBND xã X"}, is_self=True)
    other = psycopg.connect(pg_url)
    other.execute("SELECT pg_advisory_xact_lock(%s, %s)", (store.WRITE_LOCK, unit.id))
    other.execute(
        "INSERT INTO value (unit_id, period, code, value, template_version, updated_at, updated_by) "
        "VALUES (%s, '2024-01', 'a', 'của người kia', '2023.1', now(), 'nguoi.kia')",
        (unit.id,),
    )
    result: dict[str, object] = {}

    def write() -> None:
        try:
            store.write_values(unit, "2024-01", {"a": "của tôi"}, "2023.1", expected={"a": None})
            result["outcome"] = "stored"
        except ValueConflict as exc:
            result["outcome"] = exc
        finally:
            database.close()

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.3)  # let it meet the lock (the outcome does not depend on it)
    other.commit()
    other.close()
    thread.join(60)
    assert isinstance(result["outcome"], ValueConflict)
    assert "nguoi.kia" in str(result["outcome"])


@pytest.mark.postgresql
def test_server_writer_gives_up_after_the_busy_timeout(pg_url, tmp_path):
    import psycopg

    open_database(pg_url, create=True, backup_dir=tmp_path / "backups", busy_timeout=0.2)
    unit = store.save_unit({"code": "X", "name": "UBND xã X"}, is_self=True)
    other = psycopg.connect(pg_url)
    other.execute("SELECT pg_advisory_xact_lock(%s, %s)", (store.WRITE_LOCK, unit.id))
    try:
        with pytest.raises(DatabaseBusy, match="Cơ sở dữ liệu đang bận"):
            store.write_values(unit, "2024-01", {"a": "1"}, "2023.1")
    finally:
        other.rollback()
        other.close()
    assert store.stored_values(unit, ["2024-01"])["2024-01"] == {}
    assert store.write_values(unit, "2024-01", {"a": "1"}, "2023.1") == 1
