"""A fork server for the SIGKILL rounds: imports the program once, then for each line `start ACKFILE`
(optionally `start ACKFILE PAUSE`, seconds between two values) on stdin forks a child that opens the database
and stores values one by one, appending `period code value`
to ACKFILE (an unbuffered write, so the line is in the file the moment it is acknowledged) after each
`set_values` returns. The server prints the child's pid, waits for it (the test kills it) and prints `done`.

Process start (interpreter, imports, templates) is paid once; each round still opens the database afresh,
as a program started after a power cut does."""

from __future__ import annotations

import os
import sys
import time

from cchc_desktop.app import Workspace  # imported before any fork: the children share it
from db.connection import close_database


def key(counter: int, codes: list[str]) -> tuple[str, str]:
    """The (month, code) the counter-th value goes to: each counter its own cell."""
    month = f"{2000 + counter // 12 // len(codes)}-{counter % 12 + 1:02d}"
    return month, codes[(counter // 12) % len(codes)]


def int_codes(template) -> list[str]:
    return sorted(code for code, ind in template.indicators.items() if ind.type == "int" and ind.table is None)


def child(path: str, start: int, ackfile: str, pause: float = 0.0) -> None:
    fd = os.open(ackfile, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    ws = Workspace.open(path)
    codes = int_codes(ws.template)
    counter = start
    while True:
        month, code = key(counter, codes)
        ws.entry.set_values(month, {code: str(counter)})
        os.write(fd, f"{month} {code} {counter}\n".encode())
        counter += 1
        if pause:
            time.sleep(pause)


def main() -> None:
    for line in sys.stdin:
        parts = line.split()
        if len(parts) not in (3, 4):
            return
        path, start, ackfile = parts[0], int(parts[1]), parts[2]
        pause = float(parts[3]) if len(parts) == 4 else 0.0
        pid = os.fork()
        if pid == 0:
            try:
                child(path, start, ackfile, pause)
            finally:
                os._exit(1)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("done", flush=True)
    close_database()


if __name__ == "__main__":
    main()
