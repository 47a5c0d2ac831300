"""Backups never block work: a daily backup that cannot be written warns once and the command goes on;
no temporary file is left; integrity_check (not only quick_check) at the daily backup."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from peewee import OperationalError

from db import backup
from db.connection import close_database, open_database
from db.errors import BackupNotWritten, DatabaseCorrupt


@pytest.fixture
def next_morning(monthly_unit, db_path):
    """A database with a figure, on the first open of a day (no daily backup of today yet)."""
    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5").code == 0
    for daily in (db_path.parent / "backups").glob("*-ngay.sqlite"):
        daily.unlink()
    return monthly_unit


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if ".tmp" in p.name]


def test_backup_folder_not_writable_warns_once_and_work_goes_on(next_morning, db_path, tmp_path):
    folder = db_path.parent / "backups"
    for old in folder.iterdir():
        old.unlink()
    folder.rmdir()
    folder.write_text("một tệp chiếm chỗ thư mục sao lưu", encoding="utf-8")  # not writable, even for root
    result = next_morning("set", "--period", "2023-07", "cd.van_ban_chi_dao=6")
    assert result.code == 0, result
    assert result.err.count("Cảnh báo:") == 1 and "Chưa sao lưu hằng ngày" in result.err
    assert "cchc backup -o" in result.err
    assert next_morning("get", "--period", "2023-07", "--json").json()["cd.van_ban_chi_dao"] == 6
    elsewhere = tmp_path / "o-dia-khac" / "sao-luu.sqlite"
    saved = next_morning("backup", "-o", str(elsewhere))
    assert saved.code == 0, saved
    assert sqlite3.connect(elsewhere).execute("SELECT value FROM value").fetchone()[0] == "6"
    assert _leftovers(tmp_path) == []


def test_disk_full_during_the_daily_backup_leaves_no_temporary_file(next_morning, db_path, tmp_path, monkeypatch):
    folder = db_path.parent / "backups"
    real = backup._write_copy

    def full_in_backups(temp: Path) -> None:
        if temp.parent == folder:
            temp.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)  # half written
            Path(str(temp) + "-journal").write_bytes(b"\x00" * 512)
            raise OSError(errno.ENOSPC, "No space left on device")
        real(temp)

    monkeypatch.setattr(backup, "_write_copy", full_in_backups)
    result = next_morning("set", "--period", "2023-07", "cd.van_ban_chi_dao=7")
    assert result.code == 0, result
    assert result.err.count("Cảnh báo:") == 1 and "ổ đĩa đã đầy" in result.err
    assert _leftovers(tmp_path) == []
    assert not list(folder.glob("*-ngay.sqlite"))
    elsewhere = tmp_path / "usb" / "sao-luu.sqlite"
    assert next_morning("backup", "-o", str(elsewhere)).code == 0
    assert sqlite3.connect(elsewhere).execute("SELECT value FROM value").fetchone()[0] == "7"
    # the next command tries again (and warns again: the person still has no backup of today)
    again = next_morning("get", "--period", "2023-07", "--json")
    assert again.code == 0 and again.json()["cd.van_ban_chi_dao"] == 7
    assert again.err.count("Cảnh báo:") == 1


def test_a_manual_backup_onto_a_full_disk_is_a_clear_refusal(next_morning, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "_write_copy", lambda temp: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    result = next_morning("backup", "-o", str(tmp_path / "x.sqlite"))
    assert result.code == 2 and "ổ đĩa đã đầy" in result.err and "Lỗi hệ thống" not in result.err
    assert _leftovers(tmp_path) == []


def test_low_disk_is_said_before_writing(next_morning, db_path, tmp_path, monkeypatch):
    open_database(db_path)
    usage = backup.shutil.disk_usage(tmp_path)
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda _p: usage._replace(free=20_000))
    written = []
    monkeypatch.setattr(backup, "_write_copy", written.append)
    with pytest.raises(BackupNotWritten, match="ổ đĩa chỉ còn trống 19 kB"):
        backup.backup_to(tmp_path / "x.sqlite")
    assert written == [] and not (tmp_path / "x.sqlite").exists()


def test_no_room_for_the_check_is_not_called_damage(next_morning, db_path, monkeypatch):
    def full():
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "integrity_problem", full)
    result = next_morning("get", "--period", "2023-07", "--json")
    assert result.code == 0 and "bị hỏng" not in result.err and "ổ đĩa đã đầy" in result.err


def _break_an_index(path: Path) -> None:
    """Rows intact, an index wrong: the kind of damage quick_check does not see."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = "
        "'CREATE INDEX value_template_version_period ON value (period, template_version)'"
        " WHERE name = 'value_template_version_period'"
    )
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    conn.close()


def test_only_an_index_wrong_is_rebuilt_at_the_daily_check(next_morning, db_path):
    close_database()
    _break_an_index(db_path)
    result = next_morning("get", "--period", "2023-07", "--json")
    assert result.code == 0, result
    assert result.json()["cd.van_ban_chi_dao"] == 5
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_damage_beyond_an_index_names_the_restore(next_morning, db_path, monkeypatch):
    assert next_morning("backup").code == 0
    for daily in (db_path.parent / "backups").glob("*-ngay.sqlite"):
        daily.unlink()
    monkeypatch.setattr(backup, "integrity_problem", lambda: "*** in database main *** Page 7: btreeInitPage() error")
    with pytest.raises(DatabaseCorrupt, match='restore "'):
        open_database(db_path)


def test_a_full_disk_during_a_write_loses_nothing_and_says_so(monthly_unit, db_path):
    from cchc_desktop.app import UserError, Workspace
    from db.models import database

    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5").code == 0
    with Workspace.open(db_path) as ws:
        pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
        database.execute_sql(f"PRAGMA max_page_count = {pages}")  # the disk holds not one page more
        long_text = "Đã triển khai kế hoạch cải cách hành chính năm 2023. " * 400
        with pytest.raises(UserError, match="đã đầy: lần ghi này chưa được lưu") as caught:
            ws.entry.set_values("2023-Q3", {"nx.cd": long_text})
        assert "Lỗi" not in str(caught.value)
        assert "nx.cd" not in ws.entry.get_values("2023-Q3")
    assert monthly_unit("get", "--period", "2023-07", "--json").json() == {"cd.van_ban_chi_dao": 5}
    assert "nx.cd" not in monthly_unit("get", "--period", "2023-Q3", "--json").json()
    assert monthly_unit("set", "--period", "2023-Q3", "nx.cd=Ngắn gọn.").code == 0  # room again: it works
