"""Annex files parsed once for a check and the import that follows it.

The import dialog checks the files the clerk picked, then imports them: the import takes the check's
parse instead of reading each file again. A parse is kept with the file's identity — its path, size,
modification time and the SHA-256 of its bytes — so a file changed, replaced or touched in between is
read again, never taken from before. Only what the last check read is kept (a new check forgets the
previous one's files), and an import takes each file's parse away as it uses it.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from exports.annex_reader import AnnexContent, read_annex

MAX_KEPT = 2_000  # files of one check (a province's communes): beyond that, read again

_kept: dict[tuple, AnnexContent] = {}
_lock = threading.Lock()


def identity(path: Path) -> tuple | None:
    """The file as it is now: (path, size, modification time, SHA-256); None when it cannot be read."""
    try:
        status = path.stat()
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None  # the reader says why, in Vietnamese
    return (str(path.resolve()), status.st_size, status.st_mtime_ns, digest.hexdigest())


def forget() -> None:
    """A new check: the previous one's parses are not kept."""
    with _lock:
        _kept.clear()


def read(path: Path, keep: bool = False, take: bool = False) -> AnnexContent:
    """The annex at `path` (exports.annex_reader.read_annex). `keep`: kept for the import that follows;
    `take`: the parse a check kept is used (and no longer kept) when the file is still the one it read."""
    key = identity(path) if keep or take else None
    if key is not None and take:
        with _lock:
            content = _kept.pop(key, None)
        if content is not None:
            return content
    content = read_annex(path)
    if key is not None and keep:
        with _lock:
            if len(_kept) < MAX_KEPT:
                _kept[key] = content
    return content
