"""Benchmark of the data core (issue 2): rule evaluation and storage overhead, as ratios.

1. `check` of a full period (all rules, the demo quarter) against one bare SQLite read of the
   same values; and the pure rule evaluation time (target < 5 ms).
2. 10,000 `set`s through the application layer against raw sqlite3 inserts with the same
   durability settings (WAL, synchronous=FULL, one transaction per value) (target ≤ 3×).

Run: .venv/bin/python bench/bench_core.py [--sets 10000]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_and_median  # noqa: E402

from cchc_desktop.app import Workspace  # noqa: E402
from cchc_desktop.app.demo import create_demo  # noqa: E402
from db.connection import close_database  # noqa: E402
from forms.rules import CheckContext, evaluate  # noqa: E402


def bench_check(folder: Path) -> None:
    path = folder / "demo.sqlite"
    create_demo(path)
    close_database()

    conn = sqlite3.connect(path)

    def bare_read():
        conn.execute("SELECT code, value FROM value WHERE unit_id = 1 AND period = '2023-Q3'").fetchall()

    ws = Workspace.open(path)
    values = ws.entry.get_values("2023-Q3", computed=False)
    template = ws.template
    context = CheckContext(period_label="quý III năm 2023", previous={}, history=[{}, {}, {}, {}])
    rules_best, rules_median = best_and_median(lambda: evaluate(template, values, context), 200)
    check_best, check_median = best_and_median(lambda: ws.checks.check("2023-Q3"), 50)
    ws.close()
    read_best, read_median = best_and_median(bare_read, 50)
    conn.close()
    print(f"values in the demo quarter: {len(values)}; rules: {len(template.rules)}")
    ms = 1000
    print(f"rule evaluation (pure, all rules):      {rules_best * ms:8.3f} ms best, {rules_median * ms:8.3f} ms median")
    print("   (target < 5 ms)")
    print(f"Workspace.check('2023-Q3') incl. reads: {check_best * ms:8.3f} ms best, {check_median * ms:8.3f} ms median")
    print(
        f"bare SQLite read of the same values:    {read_best * 1000:8.3f} ms best, {read_median * 1000:8.3f} ms median"
    )
    print(f"RATIO check / bare read: {check_median / read_median:.1f}x")


def bench_sets(folder: Path, count: int) -> None:
    app_path = folder / "app.sqlite"
    ws = Workspace.open(app_path, create=True)
    ws.units.init_unit(code="X", name="UBND xã Đo Tốc Độ", frequency="month")
    codes = [code for code, ind in ws.template.indicators.items() if ind.type == "int" and ind.table is None]
    start = time.perf_counter()
    for i in range(count):
        ws.entry.set_values(f"2023-{i % 12 + 1:02d}", {codes[(i // 12) % len(codes)]: str(i)})
    app_time = time.perf_counter() - start
    ws.close()

    raw_path = folder / "raw.sqlite"
    conn = sqlite3.connect(raw_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        "CREATE TABLE value (id INTEGER PRIMARY KEY, unit_id INTEGER, period TEXT, code TEXT, value TEXT,"
        " UNIQUE(unit_id, period, code))"
    )
    start = time.perf_counter()
    for i in range(count):
        conn.execute("BEGIN")
        conn.execute(
            "INSERT OR REPLACE INTO value (unit_id, period, code, value) VALUES (1, ?, ?, ?)",
            (f"2023-{i % 12 + 1:02d}", codes[(i // 12) % len(codes)], str(i)),
        )
        conn.execute("COMMIT")
    raw_time = time.perf_counter() - start
    conn.close()
    print(f"{count} sets through the application layer: {app_time:7.2f} s = {app_time / count * 1e6:8.1f} µs per value")
    print(f"{count} raw sqlite3 inserts (WAL, FULL):    {raw_time:7.2f} s = {raw_time / count * 1e6:8.1f} µs per value")
    print(f"RATIO application set / raw insert: {app_time / raw_time:.2f}x   (target ≤ 3x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_check(Path(folder))
        bench_sets(Path(folder), args.sets)


if __name__ == "__main__":
    main()
