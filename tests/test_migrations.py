"""A database of the first schema opens, upgrades to the latest and keeps every value."""

from __future__ import annotations

import sqlite3

from cchc_desktop.app import Workspace
from db import migrations
from db.engines import SqliteEngine
from db.models import database


def _first_release_database(path):
    """What release 1 wrote: schema v1 only, with a unit, values and audit rows."""
    conn = sqlite3.connect(path)
    for statement in migrations.statements(0, SqliteEngine.schema_words):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO unit (code, name, level, frequency, place, is_self, created_at) "
        "VALUES ('X-TANQUY', 'UBND xã Tân Quy Tây', 'xa', 'month', 'Sa Đéc', 1, '2023-07-01 08:00:00')"
    )
    rows = [
        ("2023-07", "tthc.hs.tiep_nhan", "130"),
        ("2023-07", "tcc.thu.thuc_hien", "1000.5"),
        ("2023-08", "tthc.hs.tiep_nhan", "70"),
        ("2023-Q3", "nx.cd", "Văn bản thuyết minh"),
    ]
    for period, code, value in rows:
        conn.execute(
            "INSERT INTO value (unit_id, period, code, value, template_version, updated_at) "
            "VALUES (1, ?, ?, ?, '2023.1', '2023-08-01 08:00:00')",
            (period, code, value),
        )
    conn.execute("INSERT INTO setting (key, value) VALUES ('template_version', '2023.1')")
    conn.commit()
    conn.close()
    return rows


def test_upgrade_from_first_schema_keeps_values(tmp_path):
    path = tmp_path / "old.sqlite"
    rows = _first_release_database(path)
    ws = Workspace.open(path)
    try:
        assert migrations.current_version(database) == migrations.LATEST
        unit = ws.units.self_unit()
        assert unit.code == "X-TANQUY" and unit.name == "UBND xã Tân Quy Tây"
        assert unit.signer_name == "" and unit.recipients == ()
        for period, code, value in rows:
            assert ws.entry.stored_texts(period)[code] == value
        assert ws.entry.get_values("2023-Q3")["nx.cd"] == "Văn bản thuyết minh"
        ws.units.update_unit(signer_name="Nguyễn Văn A", recipients=["Sở Nội vụ", "Lưu: VT"])
        ws.entry.set_values("2023-07", {"cd.giao.tong": "1", "cd.giao.dung_han": "2", "tthc.hs.truc_tuyen": "130"})
        for rule in {v.rule for v in ws.checks.check("2023-Q3") if v.is_error}:
            ws.checks.explain("2023-Q3", rule, "Giao bổ sung")
        ws.reports.submit("2023-Q3")
        assert ws.reports.status("2023-Q3").status == "submitted"
        assert ws.reports.status("2023-07").locked_by == ws.period("2023-Q3")
    finally:
        ws.close()
    backups = list((tmp_path / "backups").glob("*truoc-nang-cap-v1*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT COUNT(*) FROM value").fetchone()[0] == len(rows)


def test_every_schema_version_upgrades(tmp_path):
    for start in range(1, migrations.LATEST + 1):
        path = tmp_path / f"v{start}.sqlite"
        conn = sqlite3.connect(path)
        for step in range(start):
            for statement in migrations.statements(step, SqliteEngine.schema_words):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {start}")
        conn.execute("INSERT INTO unit (code, name, is_self, created_at) VALUES ('U', 'Đơn vị', 1, '2024-01-01')")
        conn.execute(
            "INSERT INTO value (unit_id, period, code, value, template_version, updated_at) "
            "VALUES (1, '2024-01', 'cd.van_ban_chi_dao', '4', '2023.1', '2024-01-02')"
        )
        conn.commit()
        conn.close()
        ws = Workspace.open(path)
        try:
            assert migrations.current_version(database) == migrations.LATEST
            assert ws.entry.get_values("2024-01")["cd.van_ban_chi_dao"] == 4
        finally:
            ws.close()


def test_newer_database_is_refused(tmp_path, cchc):
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    conn.execute("CREATE TABLE unit (id INTEGER)")
    conn.commit()
    conn.close()
    result = cchc("units", db=path)
    assert result.code == 2 and "phiên bản mới hơn" in result.err


def test_foreign_sqlite_file_is_refused(tmp_path, cchc):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE khachhang (id INTEGER)")
    conn.commit()
    conn.close()
    result = cchc("units", db=path)
    assert result.code == 2 and "khachhang" in result.err


def test_pragmas_for_durability(tmp_path):
    ws = Workspace.open(tmp_path / "p.sqlite", create=True)
    try:
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        ws.close()
