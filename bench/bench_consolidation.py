"""Benchmark of consolidation (issue 9): a parent's consolidated quarter over many children entering monthly.

Two databases per engine, filled by bulk inserts (not through `set`, which bench_core measures):
A. 100 children × 5 years (2019–2023) of monthly data;
B. 1,000 children × 1 year (2023) of monthly data;
each child holds `--codes` figures a month (default 100 `units = sum` integers; the template has 334).
Measured: `ws.consolidated.figures("2023-Q3")` — own, per child, per level, total, with computed values
(what the PDF, the annexes and `get --consolidated` read) — the median of several runs; targets A < 0.5 s, B < 2 s.
Baseline in the same run: the same rows fetched by one raw SELECT through the same connection (no
typing, no aggregation); the ratio says what the application adds on top of reading the rows.

A target is a new SQLite folder (default: a temporary one) or an EMPTY PostgreSQL server database URL
(`--pg postgresql://user@host:port/db`): two databases `cchc_bench_a`/`cchc_bench_b` are created on that
server (and dropped at the end).

Run: .venv/bin/python bench/bench_consolidation.py [--pg URL] [--codes 100] [--repeat 5]
  with PostgreSQL: source scripts/pg-test-server.sh; pg_test_start; \
    .venv/bin/python bench/bench_consolidation.py --pg "$CCHC_TEST_PG_URL"; pg_test_stop
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_and_median  # noqa: E402

from cchc_desktop.app import Workspace  # noqa: E402
from db.connection import close_database  # noqa: E402
from db.models import Unit, Value  # noqa: E402

PERIOD = "2023-Q3"
SCENARIOS = {"A": (100, range(2019, 2024), 0.5), "B": (1000, range(2023, 2024), 2.0)}


def fill(target: str, children: int, years: range, codes_count: int) -> None:
    """A city (quarterly) with `children` communes entering monthly, each month `codes_count` figures."""
    ws = Workspace.open(target, create=True)
    try:
        ws.units.init_unit(code="TP-BENCH", name="UBND thành phố Thử", level="huyen", frequency="quarter")
        codes = [
            code
            for code, ind in ws.template.indicators.items()
            if ind.type == "int" and ind.units == "sum" and ind.time in ("sum", "last")
        ][:codes_count]
        version = ws.template.version
        database = Value._meta.database
        now = datetime(2024, 1, 5, 8, 0)
        with database.atomic():
            Unit.insert_many(
                [
                    {
                        "code": f"XA-{n:04d}",
                        "name": f"UBND xã Số {n:04d}",
                        "level": "xa",
                        "frequency": "month",
                        "parent_code": "TP-BENCH",
                        "parent_name": "UBND thành phố Thử",
                        "created_at": now,
                    }
                    for n in range(1, children + 1)
                ]
            ).execute()
        ids = [unit.id for unit in Unit.select(Unit.id).where(Unit.parent_code == "TP-BENCH")]
        periods = [f"{year}-{month:02d}" for year in years for month in range(1, 13)]
        batch: list[tuple] = []
        fields = [Value.unit, Value.period, Value.code, Value.value, Value.template_version, Value.updated_at]
        for index, unit_id in enumerate(ids):
            for p_index, period in enumerate(periods):
                for c_index, code in enumerate(codes):
                    batch.append((unit_id, period, code, str((index + p_index + c_index) % 97), version, now))
            if len(batch) >= 50_000:
                _insert(database, batch, fields)
                batch = []
        _insert(database, batch, fields)
        if database.__class__.__name__.startswith("Postgres"):
            database.execute_sql("ANALYZE")
    finally:
        ws.close()


def _insert(database, rows: list[tuple], fields) -> None:
    with database.atomic():
        for start in range(0, len(rows), 5000):  # SQLite takes at most 32,766 parameters a statement
            Value.insert_many(rows[start : start + 5000], fields=fields).execute()


def measure(target: str, repeat: int) -> dict[str, float]:
    ws = Workspace.open(target)
    try:
        children = Unit.select().where(Unit.parent_code == "TP-BENCH").count()
        figures = ws.consolidated.figures(PERIOD)
        assert len(figures.children) == children, (len(figures.children), children)
        database = Value._meta.database
        ids = [unit.id for unit in Unit.select(Unit.id)]
        periods = ["2023-07", "2023-08", "2023-09", PERIOD]

        def raw() -> int:
            query = Value.select(Value.unit, Value.period, Value.code, Value.value, Value.template_version).where(
                Value.unit.in_(ids) & Value.period.in_(periods)
            )
            return len(database.execute(query).fetchall())

        rows = raw()
        consolidated = best_and_median(lambda: ws.consolidated.figures(PERIOD), repeat)[1]
        baseline = best_and_median(raw, repeat)[1]
        total = Value.select().count()
    finally:
        ws.close()
    return {"children": children, "stored": total, "rows": rows, "consolidated": consolidated, "raw": baseline}


def server_databases(url: str) -> dict[str, str]:
    """Create (or recreate) the two empty databases on the server of `url`; their URLs."""
    import psycopg

    parts = urlsplit(url)
    result = {}
    with psycopg.connect(url, autocommit=True) as connection:
        for name in ("cchc_bench_a", "cchc_bench_b"):
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
            result[name] = urlunsplit(parts._replace(path=f"/{name}"))
    return result


def drop_server_databases(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for name in ("cchc_bench_a", "cchc_bench_b"):
            connection.execute(f"DROP DATABASE IF EXISTS {name}")


def run_engine(engine: str, targets: dict[str, str], codes: int, repeat: int) -> None:
    for key, (children, years, limit) in SCENARIOS.items():
        start = time.perf_counter()
        fill(targets[key], children, years, codes)
        close_database()
        filled = time.perf_counter() - start
        result = measure(targets[key], repeat)
        close_database()
        verdict = "OK" if result["consolidated"] < limit else "OVER TARGET"
        print(
            f"{engine:10s} {key}: {children:5d} children × {len(years)} year(s) monthly, {result['stored']:,} values "
            f"stored (filled in {filled:.0f} s); consolidated {PERIOD} reads {result['rows']:,} rows: "
            f"{result['consolidated']:.3f} s (target < {limit} s: {verdict}); raw SELECT of the same rows "
            f"{result['raw']:.3f} s; ratio {result['consolidated'] / result['raw']:.1f}×"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", help="an empty PostgreSQL server database URL (also measures PostgreSQL)")
    parser.add_argument("--codes", type=int, default=100, help="figures per child and month")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "pg"], help="measure one engine only")
    args = parser.parse_args()
    if args.only != "pg":
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            run_engine("sqlite", {key: str(folder / f"{key}.sqlite") for key in SCENARIOS}, args.codes, args.repeat)
    if args.pg and args.only != "sqlite":
        urls = server_databases(args.pg)
        try:
            run_engine("postgresql", dict(zip(SCENARIOS, urls.values(), strict=True)), args.codes, args.repeat)
        finally:
            close_database()
            drop_server_databases(args.pg)


if __name__ == "__main__":
    main()
