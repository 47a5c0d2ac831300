"""Issue 17, cases 8, 16 and 18: a backup is verified by value type and by the program that wrote it
before it replaces anything; a damaged database (a stored 'abc', pages overwritten behind a valid
header, a file cut short beside its -wal, a read-only file or folder) is refused with the damage
message and the way back, changing nothing; the daily backup's failure and a bug never print English
or a traceback on the terminal; an interrupted restore offers its verified copy, not `cchc init`."""

from __future__ import annotations

import errno
import random
import shlex
import sqlite3
import tempfile
from pathlib import Path

import psycopg
import pytest

from cchc_desktop import __version__
from cchc_desktop.app.presenters.recovery_presenter import RecoveryPresenter
from cchc_desktop.app.usecases.recovery import missing_offer
from cchc_desktop.cli import main
from db import backup
from db.connection import close_database
from db.restore import move_aside, prepared_copy, work_path
from tests.refusals import (
    assert_refused,
    assert_vietnamese,
    bare_logging,
    holds_commits,
    make_read_only,
    make_writable,
    snapshot,
)
from tests.slow.damaged_corpus import random_pages, truncated_with_wal
from tests.test_recovery_presenter import FakeView

RESTORE = "restore"
CODE, LABEL = "cd.van_ban_chi_dao", "Văn bản chỉ đạo"


@pytest.fixture
def filled(cchc, engine_target):
    """A unit with figures, on each engine, and a backup of it (a file, whatever the engine)."""

    def run(*args):
        return cchc(*args, db=engine_target)

    assert run("init", "--unit-code", "P1", "--unit-name", "UBND phường An Hòa").code == 0
    assert run("set", "--period", "2023-07", f"{CODE}=5", "tthc.hs.tiep_nhan=40").code == 0
    return run


def _sql(target: str, statement: str) -> None:
    """A change made from outside the program (another tool, a disk error), on either engine."""
    if target.startswith("postgresql://"):
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(statement)
        return
    conn = sqlite3.connect(target)
    conn.execute(statement)
    conn.commit()
    conn.close()


def _spoiled_backup(run, tmp_path: Path, statement: str) -> Path:
    bad = tmp_path / "sao-luu.sqlite"
    assert run("backup", "-o", str(bad)).code == 0
    _sql(str(bad), statement)
    return bad


def _stored(target: str) -> list:
    if target.startswith("postgresql://"):
        with psycopg.connect(target) as conn:
            return conn.execute("SELECT code, value FROM value ORDER BY code").fetchall()
    with sqlite3.connect(target) as conn:
        return conn.execute("SELECT code, value FROM value ORDER BY code").fetchall()


# ----- case 8: a backup is verified by value type and by the program that wrote it ------------
def test_a_backup_holding_abc_for_a_count_is_refused_and_nothing_changes(filled, engine_target, tmp_path):
    bad = _spoiled_backup(filled, tmp_path, f"UPDATE value SET value = 'abc' WHERE code = '{CODE}'")
    before = _stored(engine_target)
    result = filled(RESTORE, str(bad))
    assert_refused(result, "không khôi phục", CODE, "'abc'", "số nguyên")
    assert _stored(engine_target) == before
    assert filled("get", "--period", "2023-07", "--json").json()[CODE] == 5


def test_a_backup_written_by_a_newer_program_is_refused_and_nothing_changes(filled, engine_target, tmp_path):
    bad = _spoiled_backup(filled, tmp_path, "UPDATE setting SET value = '99.0' WHERE key = 'app.last_version'")
    before = _stored(engine_target)
    result = filled(RESTORE, str(bad))
    assert_refused(result, "phiên bản 99.0", "Không khôi phục", "chưa thay đổi gì")
    assert _stored(engine_target) == before
    assert filled("get", "--period", "2023-07", "--json").code == 0  # this program still opens its data


def test_the_safety_copy_of_a_restore_is_restorable_by_the_same_program(filled, engine_target, tmp_path):
    older = tmp_path / "cu.sqlite"
    assert filled("backup", "-o", str(older)).code == 0
    assert filled("set", "--period", "2023-07", f"{CODE}=9").code == 0
    restored = filled(RESTORE, str(older))
    assert restored.code == 0, restored
    safety = Path(restored.out.split("sao lưu tại ")[1].strip().rstrip("."))
    assert "truoc-khoi-phuc" in safety.name
    assert filled("get", "--period", "2023-07", "--json").json()[CODE] == 5
    back = filled(RESTORE, str(safety))
    assert back.code == 0, back
    assert filled("get", "--period", "2023-07", "--json").json()[CODE] == 9


def test_a_database_left_by_a_newer_program_can_still_be_restored_over(monthly_unit, db_path, tmp_path):
    """The state the accepted newer backup left (every command refused): restoring the safety copy works."""
    assert monthly_unit("set", "--period", "2023-07", f"{CODE}=5").code == 0
    safety = tmp_path / "an-toan.sqlite"
    assert monthly_unit("backup", "-o", str(safety)).code == 0
    _sql(str(db_path), "UPDATE setting SET value = '99.0' WHERE key = 'app.last_version'")
    assert_refused(monthly_unit("get", "--period", "2023-07"), "phiên bản 99.0")
    result = monthly_unit(RESTORE, str(safety))
    assert result.code == 0, result
    assert monthly_unit("get", "--period", "2023-07", "--json").json()[CODE] == 5
    assert sqlite3.connect(db_path).execute("SELECT value FROM setting WHERE key='app.last_version'").fetchone() == (
        __version__,
    )


# ----- case 16: damaged databases ---------------------------------------------------------------
def test_a_stored_abc_is_damage_with_the_way_back_on_get_and_check(filled, engine_target):
    _sql(engine_target, f"UPDATE value SET value = 'abc' WHERE code = '{CODE}'")
    for command in ("get", "check"):
        result = filled(command, "--period", "2023-07")
        assert_refused(result, "bị hỏng", LABEL, CODE, "“abc”", "không phải số nguyên", "cchc set --period 2023-07")
        assert "Chưa thay đổi gì" in result.err
    assert _stored(engine_target)[0] == (CODE, "abc")
    # the fix the message names works, and nothing else was touched
    assert filled("set", "--period", "2023-07", f"{CODE}=6").code == 0
    assert filled("get", "--period", "2023-07", "--json").json() == {CODE: 6, "tthc.hs.tiep_nhan": 40}


STRAY_RECORDS = [  # (statement made from outside, words of the damage message)
    (f"UPDATE value SET period = 'quý ba' WHERE code = '{CODE}'", ["“quý ba”", "không phải một kỳ báo cáo"]),
    (f"UPDATE value SET unit_id = 999 WHERE code = '{CODE}'", ["đơn vị số 999", "không còn trong danh sách"]),
    # below every other unit and period: the look walks every distinct one, not only past the last
    (f"UPDATE value SET period = '0' WHERE code = '{CODE}'", ["“0”", "không phải một kỳ báo cáo"]),
    (f"UPDATE value SET unit_id = 0 WHERE code = '{CODE}'", ["đơn vị số 0", "không còn trong danh sách"]),
    ("UPDATE unit SET level = 'thon' WHERE code = 'P1'", ["cấp đơn vị", "“thon”", "cấp xã"]),
    ("UPDATE unit SET deadline_day = 'ngay 20' WHERE code = 'P1'", ["hạn gửi báo cáo", "“ngay 20”"]),
    ("UPDATE unit SET valid_from = 'hôm nay' WHERE code = 'P1'", ["ngày bắt đầu hiệu lực", "“hôm nay”"]),
    (
        "INSERT INTO period_status (unit_id, period, status, author, at, reason) "
        "SELECT id, 'quý ba', 'submitted', 'x', '2023-10-01 08:00:00', '' FROM unit WHERE code = 'P1'",
        ["trạng thái gửi (khóa)", "“quý ba”"],
    ),
    (
        "INSERT INTO period_status (unit_id, period, status, author, at, reason) "
        "SELECT id, '2023-Q3', 'da-xoa', 'x', '2023-10-01 08:00:00', '' FROM unit WHERE code = 'P1'",
        ["trạng thái của kỳ 2023-Q3", "“da-xoa”"],
    ),
]


@pytest.mark.parametrize(
    ("statement", "words"),
    STRAY_RECORDS,
    ids=["period", "unit", "period-first", "unit-first", "level", "deadline", "valid", "lock", "status"],
)
def test_a_record_no_reading_would_meet_right_is_damage_not_a_missing_figure(
    filled, engine_target, tmp_path, statement, words
):
    """A figure stored for no period or no unit is never read: without the look for it, `get` and the
    report would leave it out silently. A unit field the program never writes is damage too."""
    good = tmp_path / "sao-luu-tot.sqlite"
    assert filled("backup", "-o", str(good)).code == 0
    if engine_target.startswith("postgresql://"):  # the server enforces the unit reference: go round it
        statement = f"SET session_replication_role = replica; {statement}"
    _sql(engine_target, statement)
    before = _stored(engine_target)
    for args in (
        ["get", "--period", "2023-07"],
        ["check", "--period", "2023-07"],
        ["set", "--period", "2023-07", "tthc.hs.tiep_nhan=41"],
    ):
        result = filled(*args)
        assert_refused(result, "bị hỏng", *words)
        assert "Chưa thay đổi gì" in result.err
    assert _stored(engine_target) == before
    assert filled("restore", str(good)).code == 0
    assert filled("get", "--period", "2023-07", "--json").json() == {CODE: 5, "tthc.hs.tiep_nhan": 40}


def test_a_stored_abc_offers_the_newest_backup_that_a_restore_accepts(monthly_unit, db_path):
    """A daily backup taken after the damage holds it too: the backup offered is the one before."""
    assert monthly_unit("set", "--period", "2023-07", f"{CODE}=5").code == 0
    assert monthly_unit("backup").code == 0
    good = backup.latest_backup(db_path.parent / "backups")
    _sql(str(db_path), f"UPDATE value SET value = 'abc' WHERE code = '{CODE}'")
    assert monthly_unit("backup").code == 0  # a later backup, holding the damage
    refused = monthly_unit("get", "--period", "2023-07")
    assert_refused(refused, f'restore "{good}"')
    command = refused.err.split("lệnh: ")[-1].split(" (dữ liệu")[0]
    assert main(shlex.split(command)[1:]) == 0
    assert monthly_unit("get", "--period", "2023-07", "--json").json() == {CODE: 5}


def _damage_get_meets(db_path: Path, damage, wanted=lambda: True) -> None:
    """`damage` with the first seed whose damage `get` meets (a page it reads) and that is `wanted`:
    the others leave the figures readable, which is a normal result, not the case under test."""
    data = db_path.read_bytes()
    for seed in range(80):
        damage(random.Random(seed), db_path)
        if not wanted():
            for side in ("-wal", "-shm"):
                Path(str(db_path) + side).unlink(missing_ok=True)
            db_path.write_bytes(data)
            continue
        before = snapshot(db_path.parent)
        result = main(["--db", str(db_path), "get", "--period", "2023-07"])
        close_database()
        if result == 2 and snapshot(db_path.parent) == before:
            return
        for side in ("-wal", "-shm"):
            Path(str(db_path) + side).unlink(missing_ok=True)
        db_path.write_bytes(data)
    pytest.fail("no seed damaged a page that get reads")


@pytest.fixture
def many_pages(monthly_unit, db_path):
    """Figures, twelve long report texts (pages enough for damage to land on data), and a backup."""
    assert monthly_unit("set", "--period", "2023-07", f"{CODE}=5").code == 0
    for month in range(1, 13):
        text = "đã triển khai kế hoạch cải cách hành chính. " * 60
        assert (
            monthly_unit("set", "--period", f"2022-Q{(month - 1) // 3 + 1}", f"nx.cd=Tháng {month}: {text}").code == 0
        )
    assert monthly_unit("backup").code == 0
    close_database()
    return monthly_unit


def test_random_pages_behind_a_valid_header_are_refused_on_get_check_and_set(many_pages, db_path):
    monthly_unit = many_pages
    _damage_get_meets(db_path, random_pages)
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    before = snapshot(db_path.parent)
    for args in (
        ("get", "--period", "2023-07"),
        ("check", "--period", "2023-07"),
        ("set", "--period", "2023-07", f"{CODE}=7"),
    ):
        result = monthly_unit(*args)
        assert_refused(result, "bị hỏng", 'restore "')
        assert snapshot(db_path.parent) == before


def test_a_file_cut_short_beside_its_wal_is_damage_and_the_restore_works(many_pages, db_path):
    monthly_unit = many_pages
    wal = Path(str(db_path) + "-wal")
    _damage_get_meets(db_path, truncated_with_wal, lambda: wal.exists() and holds_commits(wal))
    assert holds_commits(wal)  # the -wal kept as it was, its transaction in it
    refused = monthly_unit("get", "--period", "2023-07")
    assert_refused(refused, "bị hỏng", 'restore "')
    command = refused.err.split("khôi phục bằng lệnh: ")[1].split(" (tệp hỏng")[0]
    assert main(shlex.split(command)[1:]) == 0
    assert monthly_unit("get", "--period", "2023-07", "--json").json() == {CODE: 5}


@pytest.fixture
def read_only(db_path):
    made: list[Path] = []

    def make(target: Path) -> None:
        made.append(target)
        make_read_only(target)

    yield make
    for target in made:
        make_writable(target)


def test_a_read_only_file_refuses_set_and_restore_and_still_reads(monthly_unit, db_path, tmp_path, read_only):
    assert monthly_unit("set", "--period", "2023-07", f"{CODE}=5").code == 0
    source = tmp_path / "sao-luu.sqlite"
    assert monthly_unit("backup", "-o", str(source)).code == 0
    read_only(db_path)
    before = snapshot(db_path.parent)
    assert_refused(monthly_unit("set", "--period", "2023-07", f"{CODE}=6"), "chỉ cho đọc", "Chưa thay đổi gì")
    assert_refused(monthly_unit(RESTORE, str(source)), "chỉ cho đọc")
    assert snapshot(db_path.parent) == before  # no safety backup left behind either
    assert monthly_unit("get", "--period", "2023-07", "--json").json() == {CODE: 5}


@pytest.mark.posix_only(reason="a read-only folder is a POSIX permission; Windows ignores a folder's read-only flag")
def test_a_read_only_folder_is_said_without_a_traceback(monthly_unit, db_path, read_only, capsys):
    assert monthly_unit("set", "--period", "2023-07", f"{CODE}=5").code == 0
    read_only(db_path.parent)
    before = snapshot(db_path.parent)
    with bare_logging():
        for args in (("get", "--period", "2023-07"), ("set", "--period", "2023-07", f"{CODE}=6")):
            result = monthly_unit(*args)
            assert_refused(result, "chỉ cho đọc", "--db")
            assert result.out == ""
    assert snapshot(db_path.parent) == before


# ----- case 18: the terminal gets Vietnamese only; an interrupted restore -------------------------
def test_a_failing_daily_backup_warns_in_vietnamese_only(monthly_unit, db_path, tmp_path, monkeypatch):
    assert monthly_unit("set", "--period", "2023-07", f"{CODE}=5").code == 0
    folder = db_path.parent / "backups"
    for old in folder.iterdir():
        old.unlink()

    def full(_temp):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_write_copy", full)
    with bare_logging():
        for _ in range(2):  # every command while the daily backup fails
            result = monthly_unit("get", "--period", "2023-07", "--json")
            assert result.code == 0 and result.json() == {CODE: 5}
            assert result.err.count("\n") == 1 and result.err.startswith("Cảnh báo: Chưa sao lưu hằng ngày")
            assert_vietnamese(result.err)
    log = (tmp_path / "xdg" / "CCHC Desktop" / "cchc.log").read_text(encoding="utf-8")
    assert "daily backup failed, the work goes on" in log  # the English is for whoever supports the clerk


@pytest.mark.posix_only(
    reason="the data folder is locked with POSIX permissions; Windows ignores a folder's read-only flag"
)
def test_a_bug_points_at_the_log_without_a_traceback_even_when_the_data_folder_is_locked(
    monthly_unit, tmp_path, monkeypatch, read_only
):
    from cchc_desktop.app.infra import logs
    from cchc_desktop.app.usecases.entry import Entry

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Entry, "get_values", broken)
    data = tmp_path / "xdg" / "CCHC Desktop"
    data.mkdir(parents=True, exist_ok=True)
    if (data / "cchc.log").exists():  # written by the commands before: locked with its folder
        read_only(data / "cchc.log")
    read_only(data)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "tam"))  # logs imports it when it writes
    with bare_logging():
        result = monthly_unit("get", "--period", "2023-07")
    assert result.code == 3 and "Traceback" not in result.err and "a bug" not in result.err
    fallback = tmp_path / "tam" / logs.FALLBACK_NAME
    assert result.err.strip() == f"Lỗi hệ thống — chi tiết trong {fallback}"
    assert "RuntimeError: a bug" in fallback.read_text(encoding="utf-8")


@pytest.fixture
def interrupted(monthly_unit, db_path, tmp_path):
    """A restore from a USB stick stopped (power cut) after the damaged file was moved aside, before the
    verified copy took its place: as `db.restore.restore_file` leaves it between its two renames."""
    assert monthly_unit("set", "--period", "2023-07", f"{CODE}=5").code == 0
    usb = tmp_path / "usb" / "sao-luu.sqlite"
    assert monthly_unit("backup", "-o", str(usb)).code == 0
    close_database()
    db_path.write_bytes(b"PK\x03\x04 not a database any more " * 100)
    prepared_copy(usb, work_path(db_path, usb))
    kept = move_aside(db_path, "2023-10-05_081500")
    usb.unlink()  # the stick is gone
    return kept


def test_after_an_interrupted_restore_the_verified_copy_is_offered_not_init(interrupted, monthly_unit, db_path):
    refused = monthly_unit("get", "--period", "2023-07")
    copy = work_path(db_path, db_path)
    assert_refused(refused, "bị ngắt giữa chừng", str(copy), str(interrupted), f'restore "{copy}"')
    assert "cchc init" not in refused.err and "cchc demo" not in refused.err
    command = refused.err.split("hoàn tất việc khôi phục bằng lệnh: ")[1].split(" (bản này")[0]
    assert main(shlex.split(command)[1:]) == 0
    assert monthly_unit("get", "--period", "2023-07", "--json").json() == {CODE: 5}
    assert interrupted.exists()  # the damaged file is still kept


def test_the_window_offers_the_verified_copy_of_an_interrupted_restore(interrupted, db_path):
    offer = missing_offer(db_path)
    assert offer is not None and not offer.missing and "bị ngắt giữa chừng" in offer.problem
    view = FakeView()
    presenter = RecoveryPresenter(offer, view)
    presenter.start()
    assert view.rows[0].kind == "Bản chép sẵn của lần khôi phục bị ngắt"
    assert presenter.restore(0) is True
    assert "Đã khôi phục" in view.done
