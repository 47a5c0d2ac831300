"""SIGKILL a process that is storing values at random moments: nothing it reported as stored is lost."""

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

ROUNDS = 6


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_loses_nothing_reported(tmp_path):
    path = tmp_path / "durable.sqlite"
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="X", name="UBND xã Kiểm Thử", frequency="month")
    ws.close()
    writer = Path(__file__).with_name("durability_writer.py")
    rng = random.Random(20231005)
    reported: dict[tuple[str, str], str] = {}
    start = 0
    for _ in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, str(writer), str(path), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        )
        first = proc.stdout.readline()
        assert first, proc.stderr.read()
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        lines = [first] + proc.stdout.read().splitlines()
        for line in lines:
            parts = line.split()
            if len(parts) == 3:
                reported[(parts[0], parts[1])] = parts[2]
                start = max(start, int(parts[2]) + 1)
    assert len(reported) > ROUNDS
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {(p, c): v for p, c, v in conn.execute("SELECT period, code, value FROM value")}
    conn.close()
    lost = {key: value for key, value in reported.items() if stored.get(key) != value}
    assert lost == {}
