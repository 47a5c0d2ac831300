"""What a refusal must be, for the tests of damaged databases, full disks and server accounts: exit 2,
a Vietnamese message (no English word of a driver or of the system outside paths and commands), no
traceback, nothing changed in the database's folder."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
# Words of SQLite, psycopg, PostgreSQL or the operating system that must not reach the person.
ENGLISH = re.compile(
    r"\b(the|failed|error|errno|permission|denied|connection|closed|disk|space|device|unable|attempt|readonly"
    r"|malformed|image|server|fatal|could|system|starting|shutting|terminating|invalid|literal|decode|no such"
    r"|traceback|exception|none|true|false)\b",
    re.IGNORECASE,
)
_COMMAND = re.compile(r"cchc [^\n]*?(?=\s\(|\.\s|\.$|$)|GRANT [^;]*;")


def english_left(text: str) -> list[str]:
    """English words in `text` once paths, URLs and the commands it names are set aside."""
    kept = _COMMAND.sub(" ", text)
    kept = " ".join(word for word in kept.split() if "/" not in word and "\\" not in word)
    return ENGLISH.findall(kept)


def assert_vietnamese(text: str) -> None:
    assert text.strip(), "no message"
    assert unicodedata.is_normalized("NFC", text), text
    assert VIETNAMESE & set(text), text
    assert not english_left(text), f"English in the message: {english_left(text)} — {text}"
    assert "Traceback" not in text and "Lỗi hệ thống" not in text, text


def assert_refused(result, *needles: str) -> None:
    """Exit 2 with a Vietnamese message on stderr holding every needle (and nothing on stdout)."""
    assert result.code == 2, result
    assert_vietnamese(result.err)
    for needle in needles:
        assert needle in result.err, f"{needle!r} not in {result.err!r}"


def holds_commits(wal: Path) -> bool:
    """Whether an SQLite -wal holds a whole committed transaction: a whole frame (a 24-byte header and a
    page) carrying the header's salts and a database size (the last frame of a commit). A -wal without
    one carries no data: SQLite ignores it when it opens the file, and drops it."""
    data = wal.read_bytes()
    if len(data) < 32:
        return False
    page, salts = int.from_bytes(data[8:12], "big"), data[16:24]
    for start in range(32, len(data) - 24 - page + 1, 24 + page):
        if data[start + 8 : start + 16] == salts and int.from_bytes(data[start + 4 : start + 8], "big"):
            return True
    return False


def problem_of(code: int, err: str) -> str | None:
    """What is wrong with a run that must end in exit 0 or in a Vietnamese refusal (None: nothing)."""
    if code not in (0, 2):
        return f"exit {code}: {err.strip()[-300:]}"
    if code == 2:
        try:
            assert_vietnamese(err)
        except AssertionError as exc:
            return str(exc)
    return None


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (the database, its backups) by content. Left out: the daily backup a
    first opening of the day writes and the log (the program's own), SQLite's -shm (an index it rebuilds) and a
    -wal that holds no committed transaction (SQLite makes or drops it when it opens a file)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.endswith(("-ngay.sqlite", "-shm")) or path.name == "cchc.log":
            continue
        if path.name.endswith("-wal") and not holds_commits(path):
            continue
        found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _is_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0


def make_read_only(target: Path) -> None:
    """Read-only as a locked folder or a write-protected USB stick is: even for root (chattr +i)."""
    target.chmod(0o555 if target.is_dir() else 0o444)
    if os.name == "nt" and not target.is_dir():
        try:  # Wine run by root writes through the read-only flag: nothing to prove there
            os.close(os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0)))
        except PermissionError:
            return
        target.chmod(0o644)
        pytest.skip("the read-only flag is not enforced here (Wine run by root)")
    if _is_root():
        done = subprocess.run(["chattr", "+i", str(target)], capture_output=True, check=False)
        if done.returncode != 0:
            target.chmod(0o755 if target.is_dir() else 0o644)
            pytest.skip("root ignores file permissions and chattr +i is not available here")


def make_writable(target: Path) -> None:
    if target.exists() and _is_root():
        subprocess.run(["chattr", "-i", str(target)], capture_output=True, check=False)
    if target.exists():
        target.chmod(0o755 if target.is_dir() else 0o644)


@contextmanager
def bare_logging() -> Iterator[None]:
    """Logging as a real `cchc` process starts: no handler (pytest's capture set aside), so anything the
    program does not send to its log file would be printed on the terminal by Python."""
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers.clear()
    try:
        yield
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = saved
        root.setLevel(level)
