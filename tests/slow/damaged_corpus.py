"""A corpus of damaged databases, generated deterministically (one seed per copy) from a healthy one.

Each kind damages a copy of a database the way it happens outside the program: pages overwritten
behind a valid header, a stored record that is not what the program wrote (a figure that is not a
number, a period or a unit's setting that means nothing), a file cut short while its -wal is still
beside it (an interrupted copy or restore), a file or a folder that cannot be written."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from db.restore import move_aside, prepared_copy, work_path
from tests.refusals import make_read_only, make_writable

PERIOD = "2023-Q3"
SELF = "TP-SADEC"
CHILD = "XA-SADEC-P1"


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _value(code: str, text: str, unit: str = SELF) -> Callable[[random.Random, Path], None]:
    """A stored figure replaced by `text` (a value the program never writes)."""

    def damage(_rng: random.Random, path: Path) -> None:
        _sql(
            path,
            f"UPDATE value SET value = '{text}' WHERE code = '{code}' AND period = '{PERIOD}' "
            f"AND unit_id = (SELECT id FROM unit WHERE code = '{unit}')",
        )

    return damage


def random_pages(rng: random.Random, path: Path) -> None:
    """The header page kept, one to four later pages replaced by random bytes."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    pages = len(data) // page
    for number in rng.sample(range(1, pages), min(pages - 1, rng.randint(1, 4))):
        data[number * page : (number + 1) * page] = rng.randbytes(page)
    path.write_bytes(bytes(data))


def table_root_garbage(rng: random.Random, path: Path) -> None:
    """The root page of a table read by every command (unit, value, setting) replaced by random bytes."""
    conn = sqlite3.connect(path)
    table = rng.choice(["unit", "value", "setting"])
    root, page = (
        conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0],
        conn.execute("PRAGMA page_size").fetchone()[0],
    )
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page : root * page] = rng.randbytes(page)
    path.write_bytes(bytes(data))


def truncated_with_wal(rng: random.Random, path: Path) -> None:
    """Cut short while a -wal is beside it (as a copy or a restore interrupted mid-way leaves it)."""
    conn = sqlite3.connect(path)  # the file is in WAL mode: the change goes to the -wal
    conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('ghi-thu', 'x')")
    conn.commit()
    wal = Path(str(path) + "-wal").read_bytes()
    conn.close()  # the last connection checkpoints and removes the -wal: write it back
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(100, len(data) - 1)])
    Path(str(path) + "-wal").write_bytes(wal if rng.random() < 0.5 else wal[: rng.randrange(32, len(wal))])


def interrupted_restore(_rng: random.Random, path: Path) -> None:
    """A restore stopped (power cut) after the damaged file was moved aside, before the verified copy
    took its place: the file is missing, the copy and the old file are beside it."""
    source = path.with_name("ban-sao-tren-usb.sqlite")
    shutil.copy(path, source)
    prepared_copy(source, work_path(path, source))
    move_aside(path, "2023-10-05_081500")
    source.unlink()


def release(path: Path) -> None:
    """Undo what the read-only kinds did (so the test folder can be removed)."""
    for target in (path, path.parent):
        make_writable(target)


def read_only_file(_rng: random.Random, path: Path) -> None:
    """The file marked read-only (immutable even for root)."""
    make_read_only(path)


def read_only_folder(_rng: random.Random, path: Path) -> None:
    """The folder holding the file cannot be written (no -wal, no -shm can be made)."""
    make_read_only(path.parent)


def unknown_template_version(_rng: random.Random, path: Path) -> None:
    _sql(path, f"UPDATE value SET template_version = '9999.9' WHERE period = '{PERIOD}'")


def garbage_period(_rng: random.Random, path: Path) -> None:
    _sql(path, f"UPDATE value SET period = '2023-Q7' WHERE code = 'cd.van_ban_chi_dao' AND period = '{PERIOD}'")


def garbage_update_time(_rng: random.Random, path: Path) -> None:
    _sql(path, f"UPDATE value SET updated_at = 'hôm qua' WHERE period = '{PERIOD}'")


def _unit(column: str, text: str, unit: str = SELF) -> Callable[[random.Random, Path], None]:
    def damage(_rng: random.Random, path: Path) -> None:
        _sql(path, f"UPDATE unit SET {column} = '{text}' WHERE code = '{unit}'")

    return damage


def unit_parent_loop(_rng: random.Random, path: Path) -> None:
    _sql(path, f"UPDATE unit SET parent_code = '{CHILD}' WHERE code = '{SELF}'")


def no_self_unit(_rng: random.Random, path: Path) -> None:
    _sql(path, "UPDATE unit SET is_self = 0")


def _status(period: str, status: str, at: str) -> Callable[[random.Random, Path], None]:
    """A period status row of this unit the program never writes."""

    def damage(_rng: random.Random, path: Path) -> None:
        _sql(
            path,
            "INSERT INTO period_status (unit_id, period, status, author, at, reason) "
            f"SELECT id, '{period}', '{status}', 'x', '{at}', '' FROM unit WHERE code = '{SELF}'",
        )

    return damage


def blob_value(_rng: random.Random, path: Path) -> None:
    _sql(path, f"UPDATE value SET value = x'00ff10' WHERE code = 'nx.cd' AND period = '{PERIOD}'")


def garbage_explanation_time(_rng: random.Random, path: Path) -> None:
    _sql(path, "UPDATE explanation SET at = 'abc'")


def garbage_report_setting(_rng: random.Random, path: Path) -> None:
    _sql(path, f"UPDATE setting SET value = 'mười ba' WHERE key = 'report.{PERIOD}.month'")


def dangling_unit(_rng: random.Random, path: Path) -> None:
    _sql(path, f"UPDATE value SET unit_id = 999 WHERE code = 'cd.van_ban_chi_dao' AND period = '{PERIOD}'")


KINDS: dict[str, Callable[[random.Random, Path], None]] = {
    "random_pages": random_pages,
    "table_root_garbage": table_root_garbage,
    "truncated_with_wal": truncated_with_wal,
    "read_only_file": read_only_file,
    "read_only_folder": read_only_folder,
    "interrupted_restore": interrupted_restore,
    "int_abc": _value("cd.van_ban_chi_dao", "abc"),
    "int_abc_child": _value("tthc.hs.tiep_nhan", "abc", CHILD),
    "percent_abc": _value("cds.tl.so_hoa", "abc"),
    "decimal_nan": _value("cds.tl.thanh_toan", "NaN"),
    "huge_number": _value("cd.van_ban_chi_dao", "1" + "0" * 5000),
    "date_abc": _value("tcc.ngay_chot", "31/02/2023"),
    "unknown_template_version": unknown_template_version,
    "garbage_period": garbage_period,
    "garbage_update_time": garbage_update_time,
    "unit_frequency": _unit("frequency", "tuan"),
    "unit_level": _unit("level", "thon", CHILD),
    "unit_recipients": _unit("recipients", "[khong phai json"),
    "unit_deadline_day": _unit("deadline_day", "ngay 20", CHILD),
    "unit_valid_from": _unit("valid_from", "hôm nay", CHILD),
    "unit_created_at": _unit("created_at", "abc"),
    "unit_parent_loop": unit_parent_loop,
    "no_self_unit": no_self_unit,
    "garbage_status": _status(PERIOD, "da-xoa", "2023-10-01 08:00:00"),
    "submitted_garbage_time": _status(PERIOD, "submitted", "không rõ"),
    "submitted_garbage_period": _status("quý ba", "submitted", "2023-10-01 08:00:00"),
    "blob_value": blob_value,
    "garbage_explanation_time": garbage_explanation_time,
    "garbage_report_setting": garbage_report_setting,
    "dangling_unit": dangling_unit,
}
