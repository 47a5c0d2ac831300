"""Benchmark of importing the children's annexes (issue 9): 100 annex files into a city, against
openpyxl merely opening the same files read-only (target: ≤ 2×, and under 10 s).

The files are real annexes written by the export: one commune's database (the demo commune's figures
for the quarter, one figure changed per commune so no two files are alike) exported under 100 codes.
Measured: `ws.imports.import_files(files)` into a fresh city database that declares the 100 communes
(every check of every file, then each file stored in its own transaction); the best of --repeat runs.
Baseline in the same run: `openpyxl.load_workbook(path, read_only=True)` then close, for each file.

Run: .venv/bin/python bench/bench_import.py [--files 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("OPENPYXL_LXML", "False")  # openpyxl as the program uses it: exports/__init__.py

import openpyxl  # noqa: E402

from cchc_desktop.app import Workspace  # noqa: E402
from db.connection import close_database  # noqa: E402
from tests.support.communes import declare_city, write_commune_annexes  # noqa: E402

PERIOD = "2023-Q3"
CITY = "TP-BENCH"


def write_annexes(folder: Path, count: int) -> list[Path]:
    """The annex of each commune, exported from one database whose unit is renamed for each."""
    return write_commune_annexes(folder, count, CITY, PERIOD)


def import_once(folder: Path, files: list[Path], run: int) -> float:
    db = folder / f"city-{run}.sqlite"
    ws = Workspace.open(db, create=True)
    try:
        declare_city(ws, CITY, len(files))
        start = time.perf_counter()
        verdicts = ws.imports.import_files(files)
        elapsed = time.perf_counter() - start
        refused = [v.message for v in verdicts if v.status not in ("imported", "replaced")]
        assert not refused, refused[:3]
    finally:
        ws.close()
    return elapsed


def open_read_only(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        workbook = openpyxl.load_workbook(path, read_only=True)
        workbook.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        start = time.perf_counter()
        files = write_annexes(folder, args.files)
        close_database()
        size = sum(path.stat().st_size for path in files) / len(files) / 1024
        print(f"{len(files)} annex files written in {time.perf_counter() - start:.0f} s ({size:.0f} kB each)")
        imports, opens = [], []
        for run in range(args.repeat):
            opens.append(open_read_only(files))
            imports.append(import_once(folder, files, run))
            close_database()
        best_import, best_open = min(imports), min(opens)
        ratio = best_import / best_open
        verdict = "OK" if ratio <= 2 and best_import < 10 else "OVER TARGET"
        each = best_import / len(files) * 1000
        print(f"import_files of {len(files)} files: {best_import:.2f} s ({each:.0f} ms a file)")
        print(f"openpyxl load_workbook(read_only=True) of the same files: {best_open:.2f} s")
        print(f"RATIO import / openpyxl open: {ratio:.2f}× (target ≤ 2×, import under 10 s: {verdict})")


if __name__ == "__main__":
    main()
