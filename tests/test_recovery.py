"""Recovery from outside damage: each damaged database case, the exact restore command the message
names, the damaged file kept beside it; backups verified before anything is replaced."""

from __future__ import annotations

import re
import shlex
import sqlite3
from pathlib import Path

import pytest

from cchc_desktop.cli import main
from db import migrations

SIDES = ("-wal", "-shm", "-journal")  # kept together with the damaged file they belong to
COMMAND = re.compile(r'cchc --db "[^"]+" restore "[^"]+"')


@pytest.fixture
def damaged_setup(monthly_unit, db_path):
    """A database with figures, one backup (the state to get back), later figures, then the next day's
    first open (no daily backup of today yet): the state before outside damage strikes."""
    cchc = monthly_unit
    assert cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=5", "tthc.hs.truc_tuyen=1.028").code == 0
    for month in range(1, 13):  # enough pages that 4 kB in the middle land on data
        values = [f"nx.cd=Tháng {month}: " + "đã triển khai kế hoạch cải cách hành chính. " * 40]
        assert cchc("set", "--period", f"2022-Q{(month - 1) // 3 + 1}", *values).code == 0
    assert cchc("backup").code == 0
    assert cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=6").code == 0
    for daily in (db_path.parent / "backups").glob("*-ngay.sqlite"):
        daily.unlink()  # tomorrow morning: the first open of the day checks the whole file
    for suffix in ("-wal", "-shm"):
        assert not Path(str(db_path) + suffix).exists()
    return cchc


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _overwrite_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database " * 200)


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "ghi-chu.txt").write_text("ai đó tạo thư mục ở đây", encoding="utf-8")


def _zero_length(path: Path) -> None:
    path.write_bytes(b"")


def _missing(path: Path) -> None:
    path.unlink()


DAMAGES = {
    "truncated": _truncate,
    "overwritten_4k": _overwrite_middle,
    "not_sqlite": _not_sqlite,
    "directory": _directory,
    "zero_length": _zero_length,
    "missing": _missing,
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_the_named_restore_command_works_on_a_damaged_database(damaged_setup, db_path, capsys, damage):
    cchc = damaged_setup
    DAMAGES[damage](db_path)
    before = db_path.read_bytes() if db_path.is_file() else None
    refused = cchc("get", "--period", "2023-07", "--json")
    assert refused.code == 2, refused
    assert "cchc" in refused.err and "Lỗi hệ thống" not in refused.err
    commands = COMMAND.findall(refused.err)
    assert len(commands) == 1, refused.err
    # exactly the command the message names
    capsys.readouterr()
    assert main(shlex.split(commands[0])[1:]) == 0
    said = capsys.readouterr().out
    assert "Đã khôi phục" in said
    assert cchc("get", "--period", "2023-07", "--json").json()["cd.van_ban_chi_dao"] == 5
    kept = [p for p in sorted(db_path.parent.glob(db_path.name + ".hong-*")) if not p.name.endswith(SIDES)]
    if damage == "missing":
        assert kept == []
    else:
        assert len(kept) == 1 and str(kept[0]) in said
        if before is not None:
            assert kept[0].read_bytes() == before  # the damaged file kept as it was, never deleted
        else:
            assert (kept[0] / "ghi-chu.txt").exists()
    assert not list(db_path.parent.glob("*.tmp"))
    audit = sqlite3.connect(db_path).execute("SELECT action FROM audit WHERE action='khoi_phuc'").fetchall()
    assert audit == [("khoi_phuc",)]
    # later commands work on the restored database, with its daily check
    assert cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=8").code == 0


def test_restore_into_a_healthy_database_keeps_a_safety_backup(damaged_setup, db_path, tmp_path):
    cchc = damaged_setup
    source = sorted((db_path.parent / "backups").glob("*-thu-cong.sqlite"))[0]
    result = cchc("restore", str(source))
    assert result.code == 0, result
    assert "truoc-khoi-phuc" in result.out
    assert not list(db_path.parent.glob(db_path.name + ".hong-*"))
    assert cchc("get", "--period", "2023-07", "--json").json()["cd.van_ban_chi_dao"] == 5


# ----- a backup is verified before anything is replaced ---------------------------------------
def _spoil_newer(conn):
    conn.execute(f"UPDATE schema_version SET version = {migrations.LATEST + 1}")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")


def _spoil_user_version(conn):
    conn.execute("PRAGMA user_version = 0")


def _spoil_audit(conn):
    conn.execute("DROP TABLE audit")


def _spoil_integer(conn):
    conn.execute("UPDATE value SET unit_id = 'abc' WHERE code = 'cd.van_ban_chi_dao'")


def _spoil_datetime(conn):
    conn.execute("UPDATE value SET updated_at = 'hôm qua' WHERE code = 'cd.van_ban_chi_dao'")


SPOILS = {
    "newer_schema": (_spoil_newer, ["phiên bản mới hơn", str(migrations.LATEST + 1)]),
    "user_version_0": (_spoil_user_version, ["user_version = 0"]),
    "missing_audit": (_spoil_audit, ["thiếu bảng audit"]),
    "abc_in_integer": (_spoil_integer, ["'abc'", "unit_id", "số nguyên"]),
    "bad_datetime": (_spoil_datetime, ["updated_at", "ngày giờ"]),
}


@pytest.mark.parametrize("spoil", list(SPOILS))
def test_a_bad_backup_is_refused_and_nothing_changes(damaged_setup, db_path, tmp_path, spoil):
    cchc = damaged_setup
    bad = tmp_path / "sao-luu-xau.sqlite"
    assert cchc("backup", "-o", str(bad)).code == 0
    conn = sqlite3.connect(bad)
    conn.execute("PRAGMA foreign_keys = OFF")
    action, words = SPOILS[spoil]
    action(conn)
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    backups_before = sorted(p.name for p in (db_path.parent / "backups").iterdir())
    result = cchc("restore", str(bad))
    assert result.code == 2, result
    assert "không khôi phục" in result.err or "Hãy cập nhật" in result.err
    for word in words:
        assert word in result.err
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in (db_path.parent / "backups").iterdir()) == backups_before
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_bad_backup_is_refused_on_a_damaged_database_too(damaged_setup, db_path, tmp_path):
    cchc = damaged_setup
    bad = tmp_path / "sao-luu-xau.sqlite"
    bad.write_bytes(b"\x00" * 8192)
    _not_sqlite(db_path)
    before = db_path.read_bytes()
    result = cchc("restore", str(bad))
    assert result.code == 2 and "không khôi phục" in result.err
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob(db_path.name + ".hong-*"))


def test_a_damaged_page_found_by_a_command_names_the_restore(damaged_setup, db_path, capsys):
    """Damage the daily check has not seen yet (today's check already ran): the command that reads the
    damaged page says so, with the restore command, instead of a system error."""
    cchc = damaged_setup
    assert cchc("get", "--period", "2023-07").code == 0  # today's check and daily backup done
    conn = sqlite3.connect(db_path)
    root_page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'value'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    start = (root_page - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size
    db_path.write_bytes(bytes(data))
    refused = cchc("get", "--period", "2023-07", "--json")
    assert refused.code == 2, refused
    assert "bị hỏng" in refused.err and "Lỗi hệ thống" not in refused.err
    commands = COMMAND.findall(refused.err)
    assert len(commands) == 1
    capsys.readouterr()
    assert main(shlex.split(commands[0])[1:]) == 0
    assert "-ngay.sqlite" in commands[0]  # the newest backup: this morning's
    assert cchc("get", "--period", "2023-07", "--json").json()["cd.van_ban_chi_dao"] == 6


def test_a_file_that_cannot_be_replaced_is_put_back_and_said(damaged_setup, db_path, monkeypatch):
    """As on Windows when another program holds the damaged file: nothing restored, nothing lost."""
    import os

    from db import backup

    cchc = damaged_setup
    _not_sqlite(db_path)
    before = db_path.read_bytes()
    source = sorted((db_path.parent / "backups").glob("*-thu-cong.sqlite"))[0]
    real = os.replace

    def busy(src, dst):
        if str(src).endswith(".khoi-phuc.tmp"):
            raise PermissionError(13, "The process cannot access the file")
        return real(src, dst)

    monkeypatch.setattr(backup.os, "replace", busy)
    result = cchc("restore", str(source))
    assert result.code == 2 and "Chưa khôi phục" in result.err and "Lỗi hệ thống" not in result.err
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.tmp")) and not list(db_path.parent.glob(db_path.name + ".hong-*"))
