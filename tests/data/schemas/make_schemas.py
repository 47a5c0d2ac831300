"""Build one SQLite file per released schema version (v1.sqlite … v7.sqlite), as each release wrote it:
db/migrations.py's statements applied step by step up to that version, then rows of every kind the
release held (units, values, explanations and period statuses from v2, audit rows, settings).

Run from the repository root: `.venv/bin/python tests/data/schemas/make_schemas.py` (the files are
committed; the test tests/slow/test_schema_fixtures.py opens copies of them with the current program)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from db import migrations  # noqa: E402
from db.engines import SqliteEngine  # noqa: E402

STAMP = "2023-10-05 08:30:00.000000"
VALUES = [  # (unit id, period, code, value): integers, decimals, dates, a narrative with diacritics
    (1, "2023-07", "tthc.hs.tiep_nhan", "130"),
    (1, "2023-07", "tthc.hs.da_giai_quyet", "125"),
    (1, "2023-07", "tcc.thu.thuc_hien", "1000.5"),
    (1, "2023-08", "tthc.hs.tiep_nhan", "70"),
    (1, "2023-09", "cd.van_ban_chi_dao", "4"),
    (1, "2023-Q3", "nx.cd", "Văn bản thuyết minh: đã hoàn thành kế hoạch cải cách hành chính quý III."),
    (2, "2023-07", "tthc.hs.tiep_nhan", "12"),
]
EXPLANATIONS = [(1, "2023-Q3", "tthc.hs.3", "Hồ sơ tồn từ kỳ trước được giải quyết trong tháng 7.", "Nguyễn Văn A")]
STATUSES = [(1, "2023-Q3", "submitted", "Nguyễn Văn A", ""), (1, "2023-Q2", "open", "Trần Thị B", "Mở lại để sửa")]
AUDIT = [
    ("Nguyễn Văn A", "nhap", "X-TANQUY", "2023-07", "tthc.hs.tiep_nhan", None, "130"),
    ("Nguyễn Văn A", "nhap", "X-TANQUY", "2023-07", "tthc.hs.tiep_nhan", "130", "131"),
    ("Nguyễn Văn A", "nhap", "X-TANQUY", "2023-07", "tthc.hs.tiep_nhan", "131", "130"),
    ("Trần Thị B", "nop", "X-TANQUY", "2023-Q3", "", None, "submitted"),
]


def build(version: int, target: Path) -> None:
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    for step in range(version):
        for statement in migrations.statements(step, SqliteEngine.schema_words):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    if version >= 3:
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    columns = "code, name, level, frequency, place, is_self, created_at"
    units = [
        ("X-TANQUY", "UBND xã Tân Quy Tây", "xa", "month", "Sa Đéc", 1, STAMP),
        ("A-PHUONG", "UBND phường Ấp Một", "xa", "month", "", 0, STAMP),
    ]
    if version >= 2:
        columns += ", signer_name, signer_title, recipients"
        units = [u + ("Nguyễn Văn A", "CHỦ TỊCH", '["Sở Nội vụ", "Lưu: VT"]') for u in units]
    if version >= 5:
        columns += ", replaced_by"
        units = [u + ("",) for u in units]
    if version >= 6:
        columns += ", deadline_day"
        units = [u + ("18",) for u in units]
    marks = ", ".join("?" * len(units[0]))
    conn.executemany(f"INSERT INTO unit ({columns}) VALUES ({marks})", units)
    conn.executemany(
        "INSERT INTO value (unit_id, period, code, value, template_version, updated_at, updated_by) "
        "VALUES (?, ?, ?, ?, '2023.1', ?, 'Nguyễn Văn A')",
        [row + (STAMP,) for row in VALUES],
    )
    conn.executemany(
        "INSERT INTO audit (at, author, action, unit_code, period, code, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(STAMP,) + row for row in AUDIT],
    )
    if version >= 2:
        conn.executemany(
            "INSERT INTO explanation (unit_id, period, rule, text, author, at) VALUES (?, ?, ?, ?, ?, ?)",
            [row + (STAMP,) for row in EXPLANATIONS],
        )
        conn.executemany(
            "INSERT INTO period_status (unit_id, period, status, author, at, reason) VALUES (?, ?, ?, ?, ?, ?)",
            [(u, p, s, a, STAMP, r) for u, p, s, a, r in STATUSES],
        )
    conn.execute("INSERT INTO setting (key, value) VALUES ('template_version', '2023.1')")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def main() -> None:
    for version in range(1, migrations.LATEST + 1):
        build(version, HERE / f"v{version}.sqlite")


if __name__ == "__main__":
    main()
