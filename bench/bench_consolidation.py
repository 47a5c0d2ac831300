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

The province (issue 20): `--province` measures `get --consolidated` (`Entry.get_values(consolidated=True)`)
of a province with 3,321 communes entering monthly × 1 year (2023) × `--codes` figures a month (about 4
million values), for a quarter and for the year: the median time and the peak of Python's memory
(tracemalloc, a separate run), against the targets quarter ≤ 1 s, year ≤ 3 s, peak ≤ 300 MB; and the
year's PDF report (`export_file(..., "pdf")`, the figures, the texts, the children's notes, the pages)
against ≤ 5 s. Beside each, the per-unit model on the same data (`consolidate`, every child's values
loaded into Python: what `get --consolidated` and the report's figures read before the sums were made
by the database), for the PDF with the report's figures read by that model.
`--children N` a smaller province; `--keep FILE` (SQLite) fills FILE once and reuses it on later runs
(`--pg URL`: the database `cchc_bench_p` is kept the same way with `--keep`).

Run: .venv/bin/python bench/bench_consolidation.py [--pg URL] [--codes 100] [--repeat 5]
     .venv/bin/python bench/bench_consolidation.py --province [--children 3321] [--keep /tmp/p.sqlite] [--pg URL]
  with PostgreSQL: source scripts/pg-test-server.sh; pg_test_start; \
    .venv/bin/python bench/bench_consolidation.py --pg "$CCHC_TEST_PG_URL"; pg_test_stop
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_and_median  # noqa: E402

from cchc_desktop.app import Workspace  # noqa: E402
from db.connection import close_database  # noqa: E402
from db.models import Unit, Value  # noqa: E402
from forms.figures import identity_groups  # noqa: E402

PERIOD = "2023-Q3"
PROVINCE = {"quarter": ("2023-Q3", 1.0), "year": ("2023", 3.0)}
PEAK_MB = 300
PDF_YEAR = 5.0
SCENARIOS = {"A": (100, range(2019, 2024), 0.5), "B": (1000, range(2023, 2024), 2.0)}


def fill(target: str, children: int, years: range, codes_count: int, level: str = "huyen") -> None:
    """A city (quarterly) with `children` communes entering monthly, each month `codes_count` figures."""
    # Filled as of January 2024: the template then in force (2023.1) is the one the figures are stored with.
    ws = Workspace.open(target, create=True, clock=lambda: datetime(2024, 1, 5, 8, 0))
    try:
        ws.units.init_unit(code="TP-BENCH", name="UBND thành phố Thử", level=level, frequency="quarter")
        codes = _codes(ws.template, codes_count, whole=level == "tinh")
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
            database.execute_sql("VACUUM ANALYZE")  # what the server's autovacuum does after a bulk load
    finally:
        ws.close()


def _codes(template, count: int, whole: bool) -> list[str]:
    """The first `count` integer `units = sum` figures by month or stock; `whole`: each identity's figures
    all or none (a commune fills a section whole: nothing derived, what the database may add up)."""
    found = [
        code
        for code, ind in template.indicators.items()
        if ind.type == "int" and ind.units == "sum" and ind.time in ("sum", "last")
    ]
    if not whole:
        return found[:count]
    groups = [set(group) for group in identity_groups(template)]
    groups += [{code, ind.opening, *ind.flow} for code, ind in template.indicators.items() if ind.time == "derived"]
    chosen: list[str] = []
    for code in found:
        group = set().union(*(g for g in groups if code in g)) or {code}
        while any(g & group and not g <= group for g in groups):
            group |= set().union(*(g for g in groups if g & group))
        if code not in chosen and group <= set(found) and len(chosen) + len(group) <= count:
            chosen += [c for c in found if c in group and c not in chosen]
    return chosen


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


def measure_province(target: str, repeat: int, with_model: bool = True) -> dict[str, tuple[float, float]]:
    """`get --consolidated` of the quarter and of the year: (median seconds, peak MB of Python's memory)."""
    ws = Workspace.open(target)
    try:
        result = {}
        for name, (period, _) in PROVINCE.items():
            values = ws.entry.get_values(period, consolidated=True)
            assert values, period
            seconds = best_and_median(lambda p=period: _fresh(ws).entry.get_values(p, consolidated=True), repeat)[1]
            _fresh(ws)
            tracemalloc.start()
            ws.entry.get_values(period, consolidated=True)
            peak = tracemalloc.get_traced_memory()[1] / (1 << 20)
            tracemalloc.stop()
            model = model_peak = float("nan")
            if with_model:
                model = best_and_median(lambda p=period: _fresh(ws).consolidated.figures(p).total, repeat)[1]
                _fresh(ws)
                tracemalloc.start()
                ws.consolidated.figures(period)
                model_peak = tracemalloc.get_traced_memory()[1] / (1 << 20)
                tracemalloc.stop()
                _fresh(ws)
            result[name] = (seconds, peak, model, model_peak)
        result["pdf"] = (_pdf(ws, "2023", repeat), _pdf(ws, "2023", repeat, model=True) if with_model else float("nan"))
        total = Value.select().count()
    finally:
        ws.close()
    return {**result, "stored": total}


def _pdf(ws, period: str, repeat: int, model: bool = False) -> float:
    """The median seconds of the period's PDF export; `model`: the report's figures read by the
    per-unit model (`consolidate`), as before the database added them up."""
    from cchc_desktop.app.outputs.exporting import export_file
    from cchc_desktop.app.usecases import consolidated_total

    summed = consolidated_total.summed_figures
    if model:
        consolidated_total.summed_figures = lambda *args, **kwargs: None
    try:
        with tempfile.TemporaryDirectory() as folder:
            export_file(_fresh(ws), period, "pdf", Path(folder) / "warm.pdf")  # what an opening reads once
            return best_and_median(
                lambda: export_file(_fresh(ws), period, "pdf", Path(folder) / "r.pdf"), max(1, repeat // 2)
            )[1]
    finally:
        consolidated_total.summed_figures = summed


def _fresh(ws):
    """No figure kept from an earlier run (each measure reads the database)."""
    ws.consolidated.clear()
    ws.narratives.clear()
    return ws


def run_province(
    engine: str, target: str, children: int, codes: int, repeat: int, keep: bool, with_model: bool = True
) -> None:
    start = time.perf_counter()
    filled = "kept"
    if not keep:
        fill(target, children, range(2023, 2024), codes, level="tinh")
        close_database()
        filled = f"filled in {time.perf_counter() - start:.0f} s"
    result = measure_province(target, repeat, with_model)
    close_database()
    print(f"{engine:10s} province: {children:,} communes × 1 year monthly, {result['stored']:,} values ({filled})")
    for name, (period, limit) in PROVINCE.items():
        seconds, peak, model, model_peak = result[name]
        verdict = "OK" if seconds <= limit and peak <= PEAK_MB else "OVER TARGET"
        print(
            f"{'':10s}   get --consolidated {period:8s} {seconds:6.2f} s (≤ {limit} s: {seconds / limit:4.2f}×), "
            f"peak {peak:6.0f} MB (≤ {PEAK_MB} MB: {peak / PEAK_MB:4.2f}×): {verdict}; the per-unit model "
            f"(consolidate, before) {model:6.2f} s, peak {model_peak:6.0f} MB"
        )
    pdf, pdf_model = result["pdf"]
    verdict = "OK" if pdf <= PDF_YEAR else "OVER TARGET"
    print(
        f"{'':10s}   the year's PDF report   {pdf:6.2f} s (≤ {PDF_YEAR} s: {pdf / PDF_YEAR:4.2f}×): {verdict}; "
        f"with the report's figures read by the per-unit model {pdf_model:6.2f} s"
    )


def province(args) -> None:
    if args.only != "pg":
        if args.keep:
            path = Path(args.keep)
            run_province("sqlite", str(path), args.children, args.codes, args.repeat, path.exists(), not args.no_model)
        else:
            with tempfile.TemporaryDirectory() as name:
                run_province("sqlite", str(Path(name) / "p.sqlite"), args.children, args.codes, args.repeat, False)
    if args.pg and args.only != "sqlite":
        import psycopg

        url = urlunsplit(urlsplit(args.pg)._replace(path="/cchc_bench_p"))
        with psycopg.connect(args.pg, autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = 'cchc_bench_p'").fetchone()
            if exists and not args.keep:
                connection.execute("DROP DATABASE cchc_bench_p")
            if not exists or not args.keep:
                connection.execute("CREATE DATABASE cchc_bench_p")
        try:
            run_province(
                "postgresql", url, args.children, args.codes, args.repeat, bool(exists and args.keep), not args.no_model
            )
        finally:
            close_database()
            if not args.keep:
                with psycopg.connect(args.pg, autocommit=True) as connection:
                    connection.execute("DROP DATABASE IF EXISTS cchc_bench_p")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", help="an empty PostgreSQL server database URL (also measures PostgreSQL)")
    parser.add_argument("--codes", type=int, default=100, help="figures per child and month")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "pg"], help="measure one engine only")
    parser.add_argument("--province", action="store_true", help="the province: get --consolidated, quarter and year")
    parser.add_argument("--children", type=int, default=3321, help="the province's communes")
    parser.add_argument("--no-model", action="store_true", help="the province without the per-unit model beside")
    parser.add_argument("--keep", help="the SQLite file, filled once, reused (--pg: keep the database)")
    args = parser.parse_args()
    if args.province:
        province(args)
        return
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
