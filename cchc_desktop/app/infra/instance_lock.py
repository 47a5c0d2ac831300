"""One window per database on a PC: an OS file lock (beside the database file, or in the data folder
for a server database), released when the process ends."""

from __future__ import annotations

import sys

from cchc_desktop.app.infra import paths
from db.private import create_private_file


class InstanceLock:
    """Exclusive, non-blocking lock on `<database>.lock` or another lock file (fcntl on POSIX, msvcrt on Windows)."""

    def __init__(self, target=None, *, path=None):
        """The lock of a database (`target`), or of what the file at `path` stands for."""
        self.path = path if path is not None else paths.lock_path(target)
        self._handle = None

    def acquire(self) -> bool:
        """True if this process now holds the lock; False if another window holds it."""
        create_private_file(self.path)  # in a private folder, readable by this user only
        handle = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lock is held
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()
