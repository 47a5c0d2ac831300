"""The template versions, read once and kept compiled for the next start (issue 19: reading the TOML
files took about 40 ms of every command, and `cchc --version` lists the versions).

One file in the data folder, `cache/mau-bao-cao.pickle`: a small header (the fingerprint of what it was
read from, and the versions as `--version` lists them), then the TemplateSet itself. The fingerprint
covers the program (its version and the code that reads templates: the forms modules' size and time,
or the bundle's executable) and every file of every template folder, shipped and installed, by name,
length and CRC-32 of its content: a TOML that changes, a pack installed or removed, another build of the
program, and the cache is not used. A cache that cannot be read is read from the TOML files again; one
that cannot be written is simply not kept. The file is the user's own (0600 in a 0700 folder), like the
database beside it: a pickle is only ever read from there.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

from cchc_desktop import __version__
from cchc_desktop.app import paths
from db.private import create_private_file

FORMAT = 1
FOLDER = "cache"
NAME = "mau-bao-cao.pickle"


def cache_path() -> Path:
    return paths.data_dir() / FOLDER / NAME


def _shipped_root():
    """forms' folder, as forms.registry.shipped_root finds it (importlib.resources only when forms is not
    a plain folder: it costs a few milliseconds of every `--version`)."""
    import forms

    folder = Path(forms.__file__).parent
    if folder.is_dir():
        return folder
    from importlib import resources

    return resources.files("forms")


def _program_stamp() -> list:
    if getattr(sys, "frozen", False):  # a bundle: its code lives in the executable
        info = os.stat(sys.executable)
        return [info.st_size, info.st_mtime_ns]
    import forms

    folder = Path(forms.__file__).parent
    return [(path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in sorted(folder.glob("*.py"))]


def _files(folder) -> list:
    found = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.is_file():
            data = entry.read_bytes()
            found.append((entry.name, len(data), zlib.crc32(data)))
    return found


def fingerprint(user_folder: Path) -> str:
    """What the template set is read from, and by which program: equal fingerprints, equal sets."""
    shipped = [
        (entry.name, _files(entry))
        for entry in sorted(_shipped_root().iterdir(), key=lambda item: item.name)
        if entry.is_dir() and (entry / "template.toml").is_file()
    ]
    installed = []
    if user_folder.is_dir():
        installed = [
            (entry.name, _files(entry))
            for entry in sorted(user_folder.iterdir(), key=lambda item: item.name)
            if not entry.name.startswith(".") and entry.is_dir()
        ]
    return repr((FORMAT, __version__, _program_stamp(), shipped, installed))


def read_header(key: str) -> dict | None:
    """The cache's header when its fingerprint is `key`, else None (no cache, another set, unreadable)."""
    try:
        with open(cache_path(), "rb") as stream:
            header = pickle.load(stream)
    except Exception:  # noqa: BLE001 - a damaged or foreign cache is only not used
        return None
    return header if isinstance(header, dict) and header.get("key") == key else None


def read_set(key: str):
    """The cached TemplateSet when its fingerprint is `key`, else None."""
    try:
        with open(cache_path(), "rb") as stream:
            header = pickle.load(stream)
            if not isinstance(header, dict) or header.get("key") != key:
                return None
            return pickle.load(stream)
    except Exception:  # noqa: BLE001 - a cache written by another build, damaged: read the TOML again
        return None


def write(key: str, versions: list[tuple[str, ...]], problems: list[str], found) -> None:
    """Keep the set for the next start (only in an existing data folder; a failure changes nothing)."""
    target = cache_path()
    if not target.parent.parent.is_dir():
        return  # a command never creates the data folder for its cache
    temp = target.with_name(f".{NAME}.{os.getpid()}.tmp")
    try:
        temp.unlink(missing_ok=True)
        create_private_file(temp)
        with open(temp, "wb") as stream:
            pickle.dump({"key": key, "versions": versions, "problems": problems}, stream, pickle.HIGHEST_PROTOCOL)
            pickle.dump(found, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temp, target)
    except Exception:  # noqa: BLE001 - read-only or full data folder, a set that cannot be pickled
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def cached(user_folder: Path, load: Callable[[], object], describe: Callable[[object], list]) -> object:
    """The set from the cache, or `load()`ed and kept (when nothing changed while it was read)."""
    key = fingerprint(user_folder)
    found = read_set(key)
    if found is not None:
        return found
    found = load()
    if fingerprint(user_folder) == key:
        write(key, describe(found), list(found.problems), found)
    return found
