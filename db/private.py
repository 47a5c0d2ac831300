"""Files and folders only this user may read: the data folder, the database (and SQLite's -wal and -shm
beside it), every backup (a server backup is a copy of the whole shared database) and the log.

On POSIX a folder is created 0700 and a file 0600, whatever the umask; SQLite gives its -wal, -shm and
-journal files the mode of the database file, so they follow. On Windows nothing is changed: the user's
AppData folder, where the data folder lives, is private to the user already (its access list grants
only the user, SYSTEM and Administrators), and chmod there only sets the read-only flag.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

POSIX = os.name == "posix"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: str | os.PathLike) -> Path:
    """The folder, created with every missing parent readable by this user only (an existing one is
    left as it is: the person may have chosen it)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process
        _chmod(folder, FOLDER_MODE)  # mkdir's mode passes through the umask
    return path


def create_private_file(path: str | os.PathLike) -> Path:
    """An empty file readable by this user only, in a private folder when the folder is new; an existing
    file is left as it is."""
    path = Path(path)
    private_folder(path.parent)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)  # the umask can only narrow it
    except FileExistsError:
        return path
    os.close(handle)
    return path


def make_private(path: str | os.PathLike) -> None:
    """Narrow an existing file (0600) or folder (0700) of this user to the user alone (POSIX only)."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError:
        return
    if not POSIX or info.st_uid != os.geteuid():
        return
    wanted = FOLDER_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
    if stat.S_IMODE(info.st_mode) & ~wanted:
        _chmod(path, stat.S_IMODE(info.st_mode) & wanted)


def _chmod(path: Path, mode: int) -> None:
    if POSIX:
        try:
            os.chmod(path, mode)
        except OSError:
            pass  # a folder on a file system without modes (a USB stick): nothing more to do
