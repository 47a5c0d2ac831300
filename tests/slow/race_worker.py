"""A fork server for the race rounds (tests/slow/test_races.py): imports the program once, then for each
line on stdin (a JSON list of jobs) forks one child per job, prints `done` when all have ended.

Each child is a process of its own with its own connection, as a second clerk's program is: it gets ready
(opens the database when the job works on the application layer), writes `ready` to its `out` file,
waits for the `go` file to appear (so that the jobs of a round start together), does its job and writes
what happened to `out` as JSON. Jobs:

- `write`: store the months of `period`'s quarter one value at a time (`ws.entry.set_values`) until a
  write is refused; says how many were stored and the refusal's message.
- `submit`: after `delay` seconds, submit (lock) `period` (`ws.reports.submit`).
- `import`: `cchc --db DB import FILE` (the command line in this process; no `--yes`): its exit status
  and what it printed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

from cchc_desktop.app import UserError, Workspace  # imported before any fork: the children share it
from cchc_desktop.cli import main as cchc_main
from forms.periods import parse_period

WAIT_LIMIT = 60.0  # seconds a child waits for `go` or writes at most: a round never hangs the test
WRITE_CODE = "cd.van_ban_chi_dao"


def _wait_for(go: Path) -> None:
    limit = time.monotonic() + WAIT_LIMIT
    while not go.exists():
        if time.monotonic() > limit:
            raise SystemExit("no go")
        time.sleep(0.0005)


def _ready(job: dict, go: Path, act) -> dict:
    """Open the database, say ready, wait for `go`, then `act(ws)`: its figures, or the refusal it met."""
    ws = Workspace.open(job["db"])
    Path(job["out"]).write_text("ready", encoding="utf-8")
    _wait_for(go)
    done: dict = {}
    try:
        act(ws, done)
        done["refused"] = ""
    except UserError as exc:
        done["refused"] = str(exc)
    finally:
        ws.close()
    return done


def _write(job: dict, go: Path) -> dict:
    months = [str(month) for month in parse_period(job["period"]).entry_periods("month")]

    def act(ws: Workspace, done: dict) -> None:
        done["stored"], counter, limit = 0, job["start"], time.monotonic() + WAIT_LIMIT
        while time.monotonic() < limit:
            ws.entry.set_values(months[counter % len(months)], {WRITE_CODE: str(counter)})
            done["stored"], counter = done["stored"] + 1, counter + 1

    return _ready(job, go, act)


def _submit(job: dict, go: Path) -> dict:
    def act(ws: Workspace, done: dict) -> None:
        done["submitted"] = False
        time.sleep(job["delay"])
        ws.reports.submit(job["period"])
        done["submitted"] = True

    return _ready(job, go, act)


def _import(job: dict, go: Path) -> dict:
    Path(job["out"]).write_text("ready", encoding="utf-8")
    _wait_for(go)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cchc_main(["--db", job["db"], "import", job["file"]])
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


JOBS = {"write": _write, "submit": _submit, "import": _import}


def _child(job: dict, go: Path) -> None:
    try:
        result = JOBS[job["job"]](job, go)
    except BaseException as exc:  # noqa: BLE001 - the test reads what went wrong from the file
        result = {"crashed": f"{type(exc).__name__}: {exc}"}
    Path(job["out"]).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            return
        command = json.loads(line)
        go = Path(command["go"])
        pids = []
        for job in command["jobs"]:
            pid = os.fork()
            if pid == 0:
                try:
                    _child(job, go)
                finally:
                    os._exit(0)
            pids.append(pid)
        for pid in pids:
            os.waitpid(pid, 0)
        print("done", flush=True)


if __name__ == "__main__":
    main()
