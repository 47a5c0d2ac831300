"""The window killed mid-typing (SIGKILL) under Xvfb, round after round on the same database: every value the
window said it saved (“Đã lưu lúc …” after the Tab) is stored afterwards, and integrity_check is ok.

Each round is a real window (tests/slow/window_typist.py) typing key by key into the integer fields of the
“Thủ tục hành chính” section and pressing Tab; the kill lands at a random moment (mid-number, mid-save,
between fields)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from db.connection import close_database
from tests.slow.figures import record

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 10
PERIOD = "2024-01"

pytestmark = [pytest.mark.gui, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]


def test_the_window_killed_mid_typing_loses_no_value_it_said_it_saved(display, tmp_path):
    path = tmp_path / "window.sqlite"
    with Workspace.open(path, create=True) as ws:
        ws.units.init_unit(code="X", name="UBND xã Kiểm Thử", frequency="month")
    close_database()
    rng = random.Random(2611)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DISPLAY": display}
    acked: dict[str, int] = {}
    typed: dict[str, set[str]] = {}
    start, saves = 0, 0
    for round_ in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.slow.window_typist", str(path), PERIOD, "tthc", str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        first = proc.stdout.readline()
        assert first.startswith("codes "), proc.stderr.read()[-2000:]
        codes = first.split()[1:]
        time.sleep(rng.uniform(0.2, 1.2))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        for line in out.split("\n")[:-1]:
            code, value = line.split()
            acked[code] = int(value)
            saves += 1
            start = max(start, int(value) + 1)
        start += len(codes)  # past whatever was typed but not acknowledged
        for n in range(start):
            typed.setdefault(codes[n % len(codes)], set()).add(str(n))
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = dict(conn.execute("SELECT code, value FROM value WHERE period = ?", (PERIOD,)).fetchall())
        finally:
            conn.close()
        lost = {code: value for code, value in acked.items() if code not in stored or int(stored[code]) < value}
        assert lost == {}, f"round {round_}: acknowledged values lost"
        assert all(value in typed.get(code, ()) for code, value in stored.items()), f"round {round_}"
    assert saves >= ROUNDS
    record("window_kill", {"rounds": ROUNDS, "saves_acknowledged": saves, "fields": len(acked)})
