"""Benchmark of the PyInstaller bundle (issues 11 and 19): its size, and its start-up against Python's and the
venv's, in the same run.

1. Size of the one-folder bundle built by installer/build.sh (target: at most 75 MB unpacked, issue 19), with its
   biggest parts (what installer/cchc.spec leaves out and why is listed in the spec).
2. Start-up of the bundled command line against Python itself, alternated, each start a fresh process (issue 19):
   `cchc --version` against `python -c pass` (target <= 2x) and `cchc check` on the demo against
   `python -c "import sqlite3"` (target <= 3x), medians.
3. Start-up to the first drawn frame of the main window on the demo database: the bundled `cchc-desktop`
   against the venv's (`python -c "...gui_main.main()"`), alternated, each start a fresh process.
   The clock starts just before the process is spawned and stops at the time the program prints when
   its first frame is drawn (CCHC_EXIT_AFTER_FIRST_FRAME=1: `update_idletasks` + `update`, then
   "first-frame <epoch seconds>", then it quits). Target: bundle within 1.3x of the venv.

Headless: without DISPLAY an Xvfb is started for the run on a free display number and stopped at the end
(tests/support/display.py).
Not a test: it prints figures and RATIO lines.

Run: .venv/bin/python bench/bench_bundle.py [--starts 5] [--bundle dist/cchc]  (builds into a temp folder if
--bundle is not given)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.display import virtual_display  # noqa: E402

PERIOD = "2023-Q3"
SIZE_TARGET_MB = 75
RATIO_TARGET = 1.3
VERSION_TARGET = 2.0  # bundled `cchc --version` / `python -c pass`
CHECK_TARGET = 3.0  # bundled `cchc check` on the demo / `python -c "import sqlite3"`
VENV_GUI = [sys.executable, "-c", "import sys; from cchc_desktop.gui_main import main; sys.exit(main())"]
VENV_CLI = [sys.executable, "-c", "import sys; from cchc_desktop.cli import main; sys.exit(main())"]


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def first_frame(command: list[str], database: Path, env: dict[str, str]) -> float:
    """Seconds from spawning `command` to its first drawn frame."""
    start = time.time()
    result = subprocess.run(
        [*command, "--db", str(database), "--period", PERIOD],
        env={**env, "CCHC_EXIT_AFTER_FIRST_FRAME": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    stamps = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("first-frame ")]
    if result.returncode != 0 or len(stamps) != 1:
        raise SystemExit(f"{command[0]} failed ({result.returncode}): {result.stdout}{result.stderr}")
    return float(stamps[0]) - start


def run_seconds(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `command` to its end (exit 0, or 1 for `check` finding the demo's known errors)."""
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, timeout=120)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command} failed ({result.returncode}): {result.stdout!r}{result.stderr!r}")
    return seconds


def command_line_start_up(cchc: str, database: Path, env: dict[str, str], starts: int) -> None:
    """The bundled `cchc --version` and `cchc check` against Python's own start-up, alternated, same run."""
    pairs = [
        ("cchc --version", [cchc, "--version"], "python -c pass", [sys.executable, "-c", "pass"], VERSION_TARGET),
        (
            "cchc check (demo)",
            [cchc, "--db", str(database), "check", "--period", PERIOD],
            'python -c "import sqlite3"',
            [sys.executable, "-c", "import sqlite3"],
            CHECK_TARGET,
        ),
    ]
    for name, command, base_name, base_command, target in pairs:
        run_seconds(command, env), run_seconds(base_command, env)  # warm-up (disk cache), not counted
        times: dict[str, list[float]] = {name: [], base_name: []}
        for _ in range(starts):
            times[name].append(run_seconds(command, env))
            times[base_name].append(run_seconds(base_command, env))
        for label, values in times.items():
            print(
                f"start-up {label:28s}: {statistics.median(values) * 1000:7.1f} ms median, "
                f"{min(values) * 1000:7.1f} ms best"
            )
        ratio = statistics.median(times[name]) / statistics.median(times[base_name])
        verdict = "OK" if ratio <= target else "OVER TARGET"
        print(f"RATIO {name} / {base_name}: {ratio:.2f}x median   (target <= {target}x) {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="starts of each program (alternated)")
    parser.add_argument("--bundle", type=Path, help="an already built bundle folder (default: build one now)")
    args = parser.parse_args()
    with virtual_display(say=print):
        with tempfile.TemporaryDirectory(prefix="cchc-bench-bundle-") as tmp:
            work = Path(tmp)
            bundle = args.bundle
            if bundle is None:
                began = time.perf_counter()
                subprocess.run(
                    ["bash", str(ROOT / "installer" / "build.sh"), str(work / "dist")],
                    env={**os.environ, "PYTHON": sys.executable},
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                bundle = work / "dist" / "cchc"
                print(f"build (installer/build.sh): {time.perf_counter() - began:.1f} s")
            exe = ".exe" if sys.platform.startswith("win") else ""
            size = folder_size(bundle) / 1e6
            verdict = "OK" if size <= SIZE_TARGET_MB else "OVER TARGET"
            print(f"bundle size: {size:.1f} MB unpacked ({bundle})   (target <= {SIZE_TARGET_MB} MB) {verdict}")
            parts = sorted(
                (
                    (folder_size(p) if p.is_dir() else p.stat().st_size, p.name)
                    for p in (bundle / "_internal").iterdir()
                    if not p.is_symlink()  # the links PyInstaller makes to a library of a *.libs folder
                ),
                reverse=True,
            )
            print("   biggest parts: " + ", ".join(f"{name} {bytes_ / 1e6:.1f} MB" for bytes_, name in parts[:8]))
            print(f"RATIO bundle size / target: {size / SIZE_TARGET_MB:.2f}   (target <= 1.00)")

            env = {key: value for key, value in os.environ.items() if key != "CCHC_DB"}
            env.update(HOME=str(work / "home"), XDG_DATA_HOME=str(work / "home" / "data"))
            database = work / "demo.sqlite"
            subprocess.run([*VENV_CLI, "demo", "--db", str(database)], env=env, check=True, capture_output=True)
            command_line_start_up(str(bundle / f"cchc{exe}"), database, env, args.starts)
            programs = {"venv": VENV_GUI, "bundle": [str(bundle / f"cchc-desktop{exe}")]}
            times: dict[str, list[float]] = {name: [] for name in programs}
            for command in programs.values():  # one warm-up start each (disk cache), not counted
                first_frame(command, database, env)
            for _ in range(args.starts):
                for name, command in programs.items():
                    times[name].append(first_frame(command, database, env))
            for name, values in times.items():
                print(
                    f"start-up to first frame, {name:6s}: {statistics.median(values) * 1000:7.1f} ms median, "
                    f"{min(values) * 1000:7.1f} ms best   ({len(values)} fresh processes)"
                )
            ratio = statistics.median(times["bundle"]) / statistics.median(times["venv"])
            best = min(times["bundle"]) / min(times["venv"])
            verdict = "OK" if ratio <= RATIO_TARGET else "OVER TARGET"
            print(
                f"RATIO start-up bundle / venv: {ratio:.2f}x median, {best:.2f}x best   "
                f"(target <= {RATIO_TARGET}x) {verdict}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
