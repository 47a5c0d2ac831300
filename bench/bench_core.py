"""Benchmark of the data core (issues 2 and 8), the same figures per database engine side by side.

For each `--db` target (default: one temporary SQLite file), in one database:
1. `check` of the demo quarter (all rules, with reads), and the pure rule evaluation (target < 5 ms);
2. with 100 child units holding figures: the consolidated quarter (`get_values(consolidated=True)`)
   and the completeness of the children;
3. 10,000 `set`s of the unit's own values through the application layer (12 quarters of 2010–2012),
   one transaction per value; on SQLite also as a
   ratio to raw sqlite3 inserts with the same durability settings (WAL, synchronous=FULL) (target ≤ 3×).

A target is a new SQLite file (it must not exist) or an EMPTY PostgreSQL database given as
`postgresql://user:password@host:port/dbname`; the bench fills it. A target that cannot be used is
said in one line and its column shows “—”.

Run: .venv/bin/python bench/bench_core.py [--db PATH_OR_URL ...] [--sets 10000] [--children 100]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from many_children import PERIOD, add_children  # noqa: E402
from timing import best_and_median  # noqa: E402

from cchc_desktop.app import Workspace  # noqa: E402
from cchc_desktop.app.workspace.demo import create_demo  # noqa: E402
from db.connection import close_database  # noqa: E402
from forms.rules import CheckContext, evaluate  # noqa: E402

MS = 1000.0


def is_url(target: str) -> bool:
    return target.lower().startswith(("postgresql://", "postgres://"))


def label(target: str) -> str:
    """A column heading: the engine and the database, never a password."""
    if not is_url(target):
        return f"sqlite {Path(target).name}"
    parts = urlsplit(target)
    return f"postgresql {parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path}"


def refusal(target: str) -> str | None:
    """Why this target cannot be benchmarked here, or None."""
    if is_url(target):
        return None
    if Path(target).exists() and Path(target).stat().st_size > 0:
        return "the file exists; give a new file name (the bench fills the database)"
    return None


def bench_target(target: str, sets: int, children: int) -> dict[str, float]:
    """The figures of one database; the database is left filled."""
    figures: dict[str, float] = {}
    create_demo(target)
    close_database()
    ws = Workspace.open(target)
    try:
        values = ws.entry.get_values(PERIOD, computed=False)
        context = CheckContext(period_label="quý III năm 2023", previous={}, history=[{}, {}, {}, {}])
        figures["rules"] = best_and_median(lambda: evaluate(ws.template, values, context), 200)[1] * MS
        figures["check"] = best_and_median(lambda: ws.checks.check(PERIOD), 30)[1] * MS
    finally:
        ws.close()
    add_children(target, children)
    ws = Workspace.open(target)
    try:
        figures["children"] = len(ws.units.children())
        figures["consolidated"] = best_and_median(lambda: ws.entry.get_values(PERIOD, consolidated=True), 10)[1] * MS
        figures["completeness"] = best_and_median(lambda: ws.consolidation.completeness(PERIOD), 10)[1] * MS
        codes = [code for code, ind in ws.template.indicators.items() if ind.type == "int" and ind.table is None]
        start = time.perf_counter()
        for i in range(sets):  # the city's own quarters of 2010-2012, far from the quarter measured above
            ws.entry.set_values(f"{2010 + i % 12 // 4}-Q{i % 4 + 1}", {codes[(i // 12) % len(codes)]: str(i)})
        figures["set"] = (time.perf_counter() - start) / sets * 1e6
    finally:
        ws.close()
    return figures


def raw_sqlite_insert(folder: Path, count: int) -> float:
    """µs per value of raw sqlite3 inserts, WAL + synchronous=FULL, one transaction each."""
    conn = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
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
            (f"2023-{i % 12 + 1:02d}", f"code.{(i // 12) % 40}", str(i)),
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed / count * 1e6


ROWS = (
    ("rules", "rule evaluation, pure, all rules (ms, target < 5)", "{:.3f}"),
    ("check", f"Workspace.check('{PERIOD}') with reads (ms)", "{:.2f}"),
    ("children", "child units", "{:.0f}"),
    ("consolidated", "consolidated quarter of the children (ms)", "{:.1f}"),
    ("completeness", "completeness of the children (ms)", "{:.1f}"),
    ("set", "set through the application layer (µs/value)", "{:.0f}"),
    ("ratio", "RATIO set / raw sqlite3 insert (target ≤ 3x)", "{:.2f}x"),
)


def print_table(columns: list[tuple[str, dict[str, float] | None]]) -> None:
    width = max(len(text) for _, text, _ in ROWS) + 2
    cell = max(24, *(len(name) + 2 for name, _ in columns))
    print("".ljust(width) + "".join(name.rjust(cell) for name, _ in columns))
    for key, text, shape in ROWS:
        line = text.ljust(width)
        for _, figures in columns:
            value = None if figures is None else figures.get(key)
            line += ("—" if value is None else shape.format(value)).rjust(cell)
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", default=[], help="new SQLite file or empty postgresql:// database")
    parser.add_argument("--sets", type=int, default=10_000)
    parser.add_argument("--children", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        targets = args.db or [str(folder / "bench.sqlite")]
        raw = raw_sqlite_insert(folder, args.sets)
        print(f"{args.sets} raw sqlite3 inserts (WAL, FULL), one transaction each: {raw:.0f} µs per value")
        columns = []
        for target in targets:
            reason = refusal(target)
            if reason is None:
                try:
                    figures = bench_target(target, args.sets, args.children)
                except Exception as exc:  # noqa: BLE001 - one engine failing says so and the others go on
                    reason = f"failed: {exc}"
                    close_database()
            if reason is not None:
                print(f"{label(target)}: not measured — {reason}")
                columns.append((label(target), None))
                continue
            if not is_url(target):
                figures["ratio"] = figures["set"] / raw
            columns.append((label(target), figures))
        print_table(columns)


if __name__ == "__main__":
    main()
