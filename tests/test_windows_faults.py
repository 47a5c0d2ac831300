"""Faults that only Windows shows, proven on Linux by the behaviour Windows needs and on Windows (under
Wine: scripts/windows-check.sh) by the real thing."""

from __future__ import annotations

import os

from db import restore


def test_a_restored_copy_is_flushed_through_a_handle_that_may_write(tmp_path, monkeypatch):
    """Windows refuses to flush a read-only handle ("permission denied"): every restore failed there."""
    copy = tmp_path / "cchc.sqlite.khoi-phuc.tmp"
    copy.write_bytes(b"SQLite format 3\0")
    modes: list[str] = []
    if os.name == "posix":  # Linux flushes any handle: look at how it was opened
        import fcntl

        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            readonly = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY
            modes.append("read" if readonly else "write")
            real_fsync(fd)

        monkeypatch.setattr(restore.os, "fsync", fsync)
    restore._fsync(copy)  # on Windows a read-only handle raises PermissionError right here
    assert modes == (["write"] if os.name == "posix" else [])
    assert copy.read_bytes() == b"SQLite format 3\0"
