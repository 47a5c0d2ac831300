"""The installed template versions on disk: `<user data folder>/templates/<version>/`, each holding a
version's TOML files and the fingerprint of the pack it came from.

An installed version never changes content (every database of the PC reads its figures with it):
a reinstall may only write the same bytes again, to repair a damaged copy. The copy is put in place
atomically: written beside the others (a hidden folder) and synced, then made the version's newest
copy with one rename (`2024.1~2`, read in preference to `2024.1`: forms.registry.installed_folders);
only then is the old copy moved aside and removed and the new one given the plain name. A process
killed at any moment leaves the old copy or the new one in place, never neither and never a mix; the
next install finishes the tidying. Installs take a lock, so two never interleave.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.infra.instance_lock import InstanceLock
from cchc_desktop.app.usecases.pack_files import MAX_BYTES, fingerprint, is_pack_file
from db.private import create_private_file, private_folder
from forms.errors import os_reason
from forms.registry import folder_version, generation_name, installed_folders

logger = logging.getLogger(__name__)
FINGERPRINT = ".pack-sha256"  # inside a version's folder: the fingerprint of the pack installed there
HIDDEN = re.compile(r"\.[0-9]{4}\.[0-9]{1,4}(~[0-9]+)?-(moi|cu)-[0-9a-z_]+")  # an install's staging and trash


def current_copy(folder: Path, version: str) -> Path | None:
    """The folder the program reads `version` from, or None when it is not installed."""
    if not folder.is_dir():
        return None
    copies = installed_folders(folder)[0].get(version)
    return copies[-1] if copies else None


def installed_names(folder: Path) -> list[str]:
    """The installed copies' folder names (what an install compares before and after taking the lock)."""
    if not folder.is_dir():
        return []
    return sorted(copy.name for copies in installed_folders(folder)[0].values() for copy in copies)


def installed_fingerprint(copy: Path) -> str:
    """The fingerprint of an installed copy: as recorded when it was installed (so a damaged copy can
    be repaired with the same pack), else computed from its files (installed by an older program)."""
    try:
        recorded = (copy / FINGERPRINT).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        recorded = ""
    if re.fullmatch(r"[0-9a-f]{64}", recorded):
        return recorded
    files = {}
    for path in copy.iterdir():
        if is_pack_file(path.name) and path.is_file() and not path.is_symlink():
            with path.open("rb") as stream:
                files[path.name] = stream.read(MAX_BYTES + 1)
    return fingerprint(files)


@contextmanager
def install_lock(folder: Path) -> Iterator[None]:
    """One install at a time on this PC (the lock file sits beside the templates folder)."""
    lock = InstanceLock(path=folder.with_name(folder.name + ".lock"))
    if not lock.acquire():
        raise UserError("Một lần cài mẫu báo cáo khác đang chạy trên máy này; hãy đợi nó xong rồi thử lại.")
    try:
        yield
    finally:
        lock.release()


def put_in_place(folder: Path, version: str, files: dict[str, bytes], pack_fingerprint: str) -> bool:
    """Install `files` as `version` (see the module's docstring), under the install lock; True when
    an installed copy was replaced. UserError when the new copy cannot be written or put in place
    (the disk full, the folder held by another program): the installed copies stay as they were."""
    staging = None
    try:
        private_folder(folder)
        _tidy_quietly(folder)
        copies = installed_folders(folder)[0].get(version, [])
        staging = Path(tempfile.mkdtemp(prefix=f".{version}-moi-", dir=folder))
        for name, data in files.items():
            _write(staging / name, data)
        _write(staging / FINGERPRINT, pack_fingerprint.encode("ascii"))
        _sync(staging)
        last = folder_version(copies[-1].name) if copies else None  # installed copies are named by version
        generation = last[1] + 1 if last else 1
        _rename(staging, folder / generation_name(version, generation))  # the new copy is in place
        _sync(folder)
    except OSError as exc:
        if staging is not None and staging.exists():
            _remove(staging)
        raise UserError(
            f"Không ghi được mẫu báo cáo phiên bản {version} vào {folder}: {os_reason(exc)} "
            "(đĩa đầy, hoặc thư mục đang bị chương trình khác giữ?). Mẫu đã cài vẫn như cũ."
        ) from None
    _tidy_quietly(folder)
    return bool(copies)


def _tidy_quietly(folder: Path) -> None:
    """Tidy, but an old copy that cannot be moved yet (held by another program) is left for the next
    install: the version read is the newest copy either way."""
    try:
        tidy(folder)
    except OSError as exc:
        logger.warning("Chưa dọn được thư mục mẫu %s: %s", folder, exc)


def tidy(folder: Path) -> None:
    """What an interrupted install left, finished: each version's older copies moved aside, its
    newest under the plain name, the hidden staging and old copies removed."""
    for version, copies in installed_folders(folder)[0].items():
        *older, newest = copies
        for copy in older:
            _rename(copy, folder / f".{copy.name}-cu-{uuid.uuid4().hex[:8]}")
        if newest.name != version:
            _rename(newest, folder / version)
    _sync(folder)
    for leftover in folder.iterdir():
        if HIDDEN.fullmatch(leftover.name) and leftover.is_dir() and not leftover.is_symlink():
            _remove(leftover)


def _rename(source: Path, target: Path) -> None:
    """One step of an install that a crash may interrupt (the tests interrupt each in turn)."""
    os.rename(source, target)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _write(path: Path, data: bytes) -> None:
    """A new file readable by this user only, synced to disk."""
    with open(create_private_file(path), "r+b") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _sync(folder: Path) -> None:
    """A folder's entries on disk (a rename survives a power cut); Windows has no folder handle to sync."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
