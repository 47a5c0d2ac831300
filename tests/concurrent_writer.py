"""Child process of the concurrency test: open the database, say "ready", wait for "go", store a value."""

import sys

from cchc_desktop.app import Workspace


def main(path: str, value: str) -> None:
    ws = Workspace.open(path)
    print("ready", flush=True)
    sys.stdin.readline()
    ws.entry.set_values("2024-01", {"cd.van_ban_chi_dao": value})
    print("stored", flush=True)
    ws.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
