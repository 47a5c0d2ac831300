"""Benchmark of a parent's Excel annex at scale (issue 20, item 5): time and peak memory of one export.

The databases are those of bench_consolidation.py (children entering monthly, `--codes` figures a
month each, values that break many rules: PL4 lists many slips per child). Each export runs in a
process of its own, so its peak memory (ru_maxrss) is the export's alone.

Scenarios (`--only` picks some): A-Q: 100 children × 5 years, a quarter; A-Y: the same, the year
2023 (target ≤ 3 s); B-Q: 1 000 children × 1 year, a quarter (target ≤ 15 s, ≤ 300 MB);
C-Q: 300 children × 1 year, a quarter (the growth between 100/300/1 000 children says "linear").
Each scenario also times bare openpyxl writing the same cells (the floor of any export through openpyxl).

Run: .venv/bin/python bench/bench_parent_annex.py [--only A-Q,A-Y,C-Q,B-Q] [--repeat N] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_consolidation import fill  # noqa: E402

from db.connection import close_database  # noqa: E402

DATABASES = {"A": (100, range(2019, 2024)), "B": (1000, range(2023, 2024)), "C": (300, range(2023, 2024))}
SCENARIOS = {
    "A-Q": ("A", "2023-Q3", None),
    "A-Y": ("A", "2023", (3.0, None)),
    "C-Q": ("C", "2023-Q3", None),
    "B-Q": ("B", "2023-Q3", (15.0, 300)),
}


def export_once(database: str, period: str, target: str) -> dict:
    """One export as the window does it (export_file), in this process: wall and CPU seconds (the CPU time
    says more on a busy machine), peak MB."""
    from cchc_desktop.app import Workspace
    from cchc_desktop.app.outputs.exporting import export_file

    ws = Workspace.open(database)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        export_file(ws, period, "xlsx", target)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        ws.close()
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_megabytes()}


def peak_megabytes() -> float:
    """This process's peak resident memory. On Linux the high-water mark of its own memory (VmHWM):
    ru_maxrss carries the parent's over fork and exec, so an export run after a large one would show
    the benchmark's own peak instead of its own."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kilobytes) / 1024


def measure(database: str, period: str, target: str) -> dict:
    code = (
        "import json, sys; sys.path[:0] = sys.argv[1:3]; from bench_parent_annex import export_once; "
        "print(json.dumps(export_once(*sys.argv[3:])))"
    )
    here = Path(__file__).resolve().parent
    out = subprocess.run(
        [sys.executable, "-c", code, str(here.parent), str(here), database, period, target],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def pl4_rows(target: str) -> int:
    from openpyxl import load_workbook

    book = load_workbook(target, read_only=True)
    try:
        return book.worksheets[3].max_row
    finally:
        book.close()


def bare_seconds(exported: str, folder: Path) -> tuple[float, int]:
    """openpyxl writing the same cells as the export, bare (no styles, merges, print setup, _cchc): the floor
    any export through openpyxl stands on. Seconds, and the number of cells holding a value."""
    from openpyxl import Workbook, load_workbook

    source = load_workbook(exported, read_only=True)
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in source.worksheets}
    source.close()
    count = sum(1 for rows in sheets.values() for row in rows for value in row if value is not None)
    start = time.perf_counter()
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(folder / "bare.xlsx")
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default=",".join(SCENARIOS), help="scenarios, comma separated")
    parser.add_argument("--codes", type=int, default=100, help="figures per child and month")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each export (the median is judged)")
    parser.add_argument("--keep", help="a folder keeping the databases between runs (filled once)")
    args = parser.parse_args()
    chosen = [name for name in args.only.split(",") if name]
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    for name in chosen:
        key, period, target = SCENARIOS[name]
        database = folder / f"{key}-{args.codes}.sqlite"
        if not database.exists():
            children, years = DATABASES[key]
            start = time.perf_counter()
            fill(str(database), children, years, args.codes)
            close_database()
            took = time.perf_counter() - start
            print(f"filled {database.name} ({children} children × {len(years)} years) in {took:.0f} s")
        output = str(folder / f"{name}.xlsx")
        runs = [measure(str(database), period, output) for _ in range(args.repeat)]
        runs.sort(key=lambda run: run["seconds"])
        result = runs[len(runs) // 2]  # the median run (this machine's times vary by a third between runs)
        if len(runs) > 1:
            print(f"{name}: {len(runs)} runs, " + " / ".join(f"{run['seconds']:.2f}" for run in runs) + " s")
        verdict = ""
        if target:
            seconds, megabytes = target
            ok = result["seconds"] <= seconds and (megabytes is None or result["peak_mb"] <= megabytes)
            verdict = (
                f"  target ≤ {seconds} s"
                + (f", ≤ {megabytes} MB" if megabytes else "")
                + (": OK" if ok else ": OVER TARGET")
            )
        print(
            f"{name}: {DATABASES[key][0]:5d} children, {period:8s} xlsx {result['seconds']:7.2f} s "
            f"({result['cpu']:.2f} s CPU), "
            f"peak {result['peak_mb']:6.0f} MB, PL4 {pl4_rows(output):,} rows{verdict}",
            flush=True,
        )
        bare, cells = bare_seconds(output, folder)
        print(
            f"   bare openpyxl, the same {cells:,} cells: {bare:.2f} s — RATIO ours / bare "
            f"{result['seconds'] / bare:.2f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
