"""A corpus of damaged databases (tests/slow/damaged_corpus.py) run through the commands a clerk runs:
`get`, `check`, `set`, `export pdf`, `export xlsx` and `restore`, each on its own fresh damaged copy.

Every run ends in exit 0 (a normal result) or 2 (a refusal): a Vietnamese message, no English word of
a driver or the system, no traceback; a refusal changes nothing in the database's folder (file, side
files, backups); a restore that succeeds brings back the healthy figures. Logging is as in a real
process (no handler until the program sets one), so a line Python would print on the terminal is seen.
Per kind: runs, exit codes per command, the longest run (recorded, not asserted)."""

from __future__ import annotations

import random
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.workspace.demo import create_demo
from cchc_desktop.cli import main
from db.connection import close_database
from tests.refusals import bare_logging, problem_of, snapshot
from tests.slow.damaged_corpus import KINDS, PERIOD, release
from tests.slow.figures import record

SEEDED = {"random_pages": 4, "table_root_garbage": 3, "truncated_with_wal": 3}  # random kinds: several copies
COMMANDS = {
    "get": ["get", "--period", PERIOD, "--json"],
    "check": ["check", "--period", PERIOD],
    "set": ["set", "--period", PERIOD, "cd.kt.co_quan=7"],
    "export pdf": ["export", "pdf", "--period", PERIOD, "-o", "{out}/bao-cao.pdf"],
    "export xlsx": ["export", "xlsx", "--period", PERIOD, "-o", "{out}/phu-luc.xlsx"],
    "restore": ["restore", "{out}/sao-luu-tot.sqlite"],
}


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    """The demo with a date and an amount besides its figures, opened once (today's daily backup made),
    and a healthy backup of it outside its folder (the source each restore run uses)."""
    folder = tmp_path_factory.mktemp("healthy") / "du-lieu"
    db = folder / "cchc.sqlite"
    create_demo(db)
    close_database()
    with Workspace.open(db) as ws:
        ws.entry.set_values(PERIOD, {"tcc.ngay_chot": "15/9/2023", "tcc.thu.du_toan": "1.234,5"})
        ws.maintenance.backup(folder.parent / "sao-luu-tot.sqlite")
    close_database()
    return folder


def _healthy_get(capsys, folder: Path) -> str:
    code, out, _err, _seconds = _run(capsys, ["--db", str(folder / "cchc.sqlite"), *COMMANDS["get"]])
    assert code == 0
    return out


def _run(capsys, argv: list[str]) -> tuple[int, str, str, float]:
    capsys.readouterr()
    start = time.perf_counter()
    try:
        code = main(argv)
    finally:
        close_database()
    seconds = time.perf_counter() - start
    captured = capsys.readouterr()
    return code, captured.out, captured.err, seconds


def test_every_damaged_database_is_refused_or_served(healthy, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # the log file of these runs
    expected = _healthy_get(capsys, healthy)
    figures: dict[str, dict] = {}
    problems: list[str] = []
    for kind, damage in KINDS.items():
        codes: dict[str, Counter] = {name: Counter() for name in COMMANDS}
        slowest = 0.0
        runs = 0
        other_answers = 0  # `get` exit 0 with figures unlike the healthy database's
        for seed in range(SEEDED.get(kind, 1)):
            for name, argv in COMMANDS.items():
                run_dir = tmp_path / f"{kind}-{seed}-{name.replace(' ', '-')}"
                shutil.copytree(healthy.parent, run_dir)
                db = run_dir / "du-lieu" / "cchc.sqlite"
                damage(random.Random(seed), db)
                before = snapshot(db.parent)
                args = ["--db", str(db), *[arg.replace("{out}", str(run_dir)) for arg in argv]]
                with bare_logging():
                    code, out, err, seconds = _run(capsys, args)
                runs += 1
                slowest = max(slowest, seconds)
                codes[name][code] += 1
                where = f"{kind}/{seed}/{name}"
                problem = problem_of(code, err)
                if problem:
                    problems.append(f"{where}: {problem}")
                if code == 2:
                    release(db)
                    after = snapshot(db.parent)
                    if after != before:
                        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
                        problems.append(f"{where}: refused, but the folder changed: {changed}")
                elif code != 0:
                    pass
                elif "Traceback" in out + err or (err.strip() and not err.startswith("Cảnh báo:")):
                    problems.append(f"{where}: exit 0 with {err.strip()[:300]!r}")
                elif name == "get" and out != expected:
                    other_answers += 1
                elif name == "restore":
                    release(db)
                    again = _run(capsys, ["--db", str(db), *COMMANDS["get"]])
                    if again[0] != 0 or again[1] != expected:
                        problems.append(f"{where}: restored, but get says {again[:3]}")
                release(db)
                shutil.rmtree(run_dir)
        figures[kind] = {
            "runs": runs,
            "exit_codes": {name: dict(sorted(count.items())) for name, count in codes.items()},
            "max_seconds": round(slowest, 3),
            "get_answers_unlike_healthy": other_answers,
        }
    record(
        "damaged_databases",
        {"kinds": figures, "commands": list(COMMANDS), "runs": sum(item["runs"] for item in figures.values())},
    )
    assert not problems, "\n".join(problems)
    assert len(KINDS) >= 20
