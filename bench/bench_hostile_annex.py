"""Benchmark of hostile and broken annex files (issue 9): each must be refused in < 2 s and < 200 MB.

Each case is built from a real exported annex (tests/hostile_annex.py), then read in a fresh subprocess
that reports the time of read_annex, the Python heap peak (tracemalloc) and the process's peak resident
memory (getrusage) with how much of it the read added over the imports. The good annex's read time is
also given as a ratio to openpyxl merely opening it read-only (best of --repeat).

--before FILE.py reads the same cases with another reader (e.g. the reader before this change, from
`git show af13820:exports/annex_reader.py > /tmp/old_reader.py`), each under --timeout seconds and a
4 GB address-space ceiling.

Run: .venv/bin/python bench/bench_hostile_annex.py [--repeat 5] [--before /tmp/old_reader.py --timeout 90]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("OPENPYXL_LXML", "False")  # openpyxl as the program uses it: exports/__init__.py

import openpyxl  # noqa: E402

from exports.annex_reader import read_annex  # noqa: E402
from tests.hostile_annex import EXPECTED, build, export_annex  # noqa: E402

TARGET_SECONDS = 2.0
TARGET_MB = 200

CHILD = r"""
import importlib.util, json, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
reader_file, path = sys.argv[2], sys.argv[3]
if reader_file == "-":
    from exports.annex_reader import read_annex
else:
    spec = importlib.util.spec_from_file_location("reader_under_test", reader_file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    read_annex = module.read_annex
from exports.errors import ExportError
if len(sys.argv) > 4:
    limit = int(sys.argv[4])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
start = time.perf_counter()
try:
    read_annex(path)
    outcome = "read"
except ExportError as error:
    outcome = "refused: " + str(error)
except MemoryError:
    outcome = "MemoryError"
seconds = time.perf_counter() - start
heap = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "heap": heap, "rss": peak * 1024, "added": (peak - base) * 1024,
                  "outcome": outcome}))
"""


def measure(path: Path, reader: str = "-", timeout: float | None = None, limit: int | None = None) -> dict:
    args = [sys.executable, "-c", CHILD, str(ROOT), reader, str(path)]
    if limit:
        args.append(str(limit))
    started = time.perf_counter()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": f"timeout after {timeout:.0f} s", "seconds": time.perf_counter() - started}
    if done.returncode != 0:
        return {"outcome": "crashed: " + done.stderr.strip().splitlines()[-1][:80], "seconds": 0.0}
    return json.loads(done.stdout.strip().splitlines()[-1])


def mb(value: float) -> str:
    return f"{value / 1024 / 1024:7.1f}"


def report(case: str, path: Path, result: dict) -> bool:
    outcome = result["outcome"]
    size = path.stat().st_size / 1024
    if "heap" not in result:
        print(f"  {case:28} {size:8.0f} kB  {result['seconds']:7.2f} s   {outcome}")
        return False
    ok = result["seconds"] < TARGET_SECONDS and result["rss"] < TARGET_MB * 1024 * 1024
    ok = ok and outcome.startswith("refused")
    print(
        f"  {case:28} {size:8.0f} kB  {result['seconds']:7.3f} s  heap {mb(result['heap'])} MB  "
        f"rss {mb(result['rss'])} MB (+{mb(result['added']).strip()})  {'OK ' if ok else 'MISS'}  {outcome[:70]}"
    )
    return ok


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", help="another reader module (file) to measure on the same cases")
    parser.add_argument("--timeout", type=float, default=90.0)
    parser.add_argument("--cases", nargs="*", default=list(EXPECTED))
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cchc-hostile-"))
    good = export_annex(folder / "Phụ lục CCHC quý III-2023.xlsx")
    files = {case: build(case, good, folder) for case in options.cases}

    print(f"Hostile annexes (targets: < {TARGET_SECONDS:.0f} s and < {TARGET_MB} MB peak resident memory)")
    print("  case                              size        time   Python heap  peak resident (added by the read)")
    misses = [case for case, path in files.items() if not report(case, path, measure(path))]

    opening = best(lambda: openpyxl.load_workbook(good, read_only=True).close(), options.repeat)
    reading = best(lambda: read_annex(good), options.repeat)
    good_run = measure(good)
    print(
        f"\nGood annex ({good.stat().st_size / 1024:.0f} kB): read_annex {reading * 1000:.1f} ms, openpyxl opening "
        f"it read-only {opening * 1000:.1f} ms: ratio {reading / opening:.2f}× (best of {options.repeat}); "
        f"in a fresh process {good_run['seconds']:.3f} s, peak resident {mb(good_run['rss']).strip()} MB, "
        f"outcome {good_run['outcome']}"
    )
    if options.before:
        print(f"\nBefore: {options.before} (timeout {options.timeout:.0f} s, 4 GB address-space ceiling)")
        for case, path in files.items():
            report(case, path, measure(path, options.before, options.timeout, 4 * 1024**3))
        result = measure(good, options.before, options.timeout)
        print(f"  good annex: {result['seconds']:.3f} s, outcome {result['outcome'][:60]}")
    print(
        f"\n{len(files) - len(misses)}/{len(files)} hostile files within targets"
        + (f"; missed: {misses}" if misses else "")
    )
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
