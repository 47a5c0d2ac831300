"""The template versions, read once and kept compiled for the next start (issue 19: reading the TOML
files took about 40 ms of every command, and `cchc --version` lists the versions).

One file in the data folder, `cache/mau-bao-cao.pickle`: a mark of its format, a small header (the
fingerprint of what it was read from, and the versions as `--version` lists them, in `marshal`: Python
has it loaded already, so `--version` imports no pickle), then the TemplateSet itself, pickled.

The fingerprint covers the program (its version and the code that reads templates: the forms modules'
size and time, or in a bundle the executable's size and time, so a newer build installed over an older
one at the same path is another program) and every file of every template folder, shipped and
installed, by name, length and CRC-32 of its content: a TOML that changes, a pack installed or removed,
another build of the program, and the cache is not used. A cache that cannot be read is read from the
TOML files again; one that cannot be written is simply not kept. The file is the user's own (0600 in a
0700 folder), like the database beside it: a pickle is only ever read from there.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path

from cchc_desktop import __version__
from cchc_desktop.app.infra import paths
from db.private import create_private_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from collections.abc import Callable

    from forms.registry import TemplateSet

FORMAT = 2
MARK = b"CCHC mau-bao-cao 2\n"  # a cache of another format (or no cache at all) is read from the TOML files
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
    """The build of the program reading the templates: the forms modules the templates are read with,
    by name, size and time; in a bundle also its executable (the code lives in it: a newer build installed
    over an older one, at the same path, has another size or time) and any module file beside it."""
    import forms

    folder = Path(forms.__file__).parent
    if getattr(sys, "frozen", False):
        info = os.stat(sys.executable)
        return [info.st_size, info.st_mtime_ns, _stats(folder, "*.py*")]
    return _stats(folder, "*.py")


def _stats(folder: Path, pattern: str) -> list:
    return [(path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in sorted(folder.glob(pattern))]


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


def _header(stream, key: str) -> dict | None:
    if stream.read(len(MARK)) != MARK:
        return None
    header = marshal.load(stream)
    return header if isinstance(header, dict) and header.get("key") == key else None


def read_header(key: str) -> dict | None:
    """The cache's header when its fingerprint is `key`, else None (no cache, another set, unreadable)."""
    try:
        with open(cache_path(), "rb") as stream:
            return _header(stream, key)
    except Exception:  # noqa: BLE001 - a damaged or foreign cache is only not used
        return None


def listed_versions() -> tuple[list[tuple[str, ...]], list[str]] | None:
    """The template versions of this computer as the cache lists them (version, title, valid_from,
    validity, origin, origin_label), and the installed ones that could not be read; None when the
    templates changed since (or no cache): `cchc --version` reads no template when nothing changed."""
    header = read_header(fingerprint(paths.templates_dir()))
    return None if header is None else ([tuple(row) for row in header["versions"]], list(header["problems"]))


def read_set(key: str):
    """The cached TemplateSet when its fingerprint is `key`, else None."""
    try:
        with open(cache_path(), "rb") as stream:
            if _header(stream, key) is None:
                return None
            import pickle  # only here: `--version` reads the header alone

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
        import pickle

        temp.unlink(missing_ok=True)
        create_private_file(temp)
        with open(temp, "wb") as stream:
            stream.write(MARK)
            marshal.dump({"key": key, "versions": list(versions), "problems": list(problems)}, stream)
            pickle.dump(found, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temp, target)
    except Exception:  # noqa: BLE001 - read-only or full data folder, a set that cannot be pickled
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def cached(user_folder: Path, load: Callable[[], TemplateSet], describe: Callable[[TemplateSet], list]) -> TemplateSet:
    """The set from the cache, or `load()`ed and kept (when nothing changed while it was read)."""
    key = fingerprint(user_folder)
    found = read_set(key)
    if found is not None:
        return found
    found = load()
    if fingerprint(user_folder) == key:
        write(key, describe(found), list(found.problems), found)
    return found
