"""Start-up of the command line against Python itself, measured in the same run (issue 19's targets):
`cchc --version` ≤ 2 × `python -c pass`; `cchc check` on the demo ≤ 3 × `python -c "import sqlite3"`.

Run: .venv/bin/python bench/bench_startup.py [--rounds N]   (prints the medians and the ratios)

The program's own packages are compiled to bytecode first, as an installed or bundled program is (with
PYTHONDONTWRITEBYTECODE set, every run would otherwise compile them again while Python's own modules
come compiled); `check` is timed on a real quarter of the demo (without --period it only prints usage).
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_seconds(command: list[str], rounds: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(
            command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT
        )  # check's exit status 1 = slips found
        times.append(time.perf_counter() - start)
    return statistics.median(times)


ROOT = Path(__file__).resolve().parents[1]  # the checkout measured: the commands run from it


def compile_project() -> None:
    """Bytecode of the packages the command imports, beside their sources (as pip installs them): this
    checkout's (run from it, `-m` finds them before an editable install of another checkout)."""
    for name in ("cchc_desktop", "forms", "db", "exports"):
        folder = ROOT / name
        if not folder.is_dir():
            folder = Path(importlib.import_module(name).__file__).parent
        compileall.compile_dir(folder, quiet=2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    python = sys.executable
    cli = [python, "-m", "cchc_desktop.cli"]
    compile_project()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CCHC_DATA_DIR": str(Path(folder) / "data")}  # a fresh data folder, not the user's
        (Path(folder) / "data").mkdir()  # as a clerk's, which holds the database: template versions are kept there
        db = str(Path(folder) / "demo.sqlite")
        subprocess.run([*cli, "--db", db, "demo"], check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
        pairs = [
            ("cchc --version", [*cli, "--version"], "python -c pass", [python, "-c", "pass"], 2.0),
            (
                "cchc check (demo)",
                [*cli, "--db", db, "check", "--period", "2023-Q3"],
                "python -c 'import sqlite3'",
                [python, "-c", "import sqlite3"],
                3.0,
            ),  # fmt: skip
        ]
        worst = 0.0
        for name, command, base_name, base, target in pairs:
            base_time = median_seconds(base, args.rounds, env)
            run_time = median_seconds(command, args.rounds, env)
            ratio = run_time / base_time
            worst = max(worst, ratio / target)
            verdict = "đạt" if ratio <= target else "CHƯA ĐẠT"
            print(f"{name}: {run_time * 1000:.0f} ms; {base_name}: {base_time * 1000:.0f} ms; "
                  f"tỉ lệ {ratio:.1f}× (mục tiêu ≤ {target:g}×) — {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
