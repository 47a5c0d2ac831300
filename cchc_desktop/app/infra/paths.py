"""Where the database and the log live: --db, then CCHC_DB, then the database the clerk declared
their unit in (remembered in the data folder), then `cchc.sqlite` in the user's data folder.

The database is a file (a Path) or a PostgreSQL server database given as a
`postgresql://user:password@host:port/dbname` URL (a ServerTarget, whose str() hides the password).
The sample data (the demo) lives in a folder of its own, so that its backups never mix with the unit's."""

from __future__ import annotations

import os
from pathlib import Path

from db.private import create_private_file, make_private, private_folder

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing.TypeIs from Python 3.13

    from db.target import ServerTarget

# platformdirs (it loads tempfile) and db.target (dataclasses, urllib) are imported when first needed:
# `cchc --version` finds the data folder from CCHC_DATA_DIR or platformdirs and never parses an address.

DB_NAME = "cchc.sqlite"
SAMPLE_FOLDER = "du-lieu-mau"
SAMPLE_NAME = "du-lieu-mau.sqlite"
CHOSEN_FILE = "du-lieu-dang-dung.txt"  # the path of the database of the clerk's own unit
UNIT_FOLDER = "don-vi-{number}"  # a further unit's database, when cchc.sqlite is taken
DATA_DIR_ENV = "CCHC_DATA_DIR"


def data_dir() -> Path:
    """The user's data folder: CCHC_DATA_DIR when set (tests, a CI machine: on Windows platformdirs asks the
    system for AppData and ignores %LOCALAPPDATA%), else the platform's (…\\AppData\\Local\\CCHC Desktop)."""
    chosen = os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_data_dir("CCHC Desktop", appauthor=False))


def default_db_path(explicit: str | os.PathLike | ServerTarget | None = None) -> Path | ServerTarget:
    """The database the command line and the window open: a file, or a server database."""
    from db.target import parse_target

    if explicit:
        return parse_target(explicit)
    env = os.environ.get("CCHC_DB")
    if env:
        return parse_target(env)
    return chosen_db_path() or data_dir() / DB_NAME


def protect_data_folder() -> None:
    """The data folder of an earlier release (0755) narrowed to this user (0700; POSIX only)."""
    make_private(data_dir())


def sample_db_path() -> Path:
    """The sample data (Sa Đéc, quý III/2023), in a folder of its own in the data folder."""
    return data_dir() / SAMPLE_FOLDER / SAMPLE_NAME


def is_sample(target: Path | ServerTarget) -> bool:
    return isinstance(target, Path) and _same_file(target, sample_db_path())


def chosen_db_path() -> Path | None:
    """The database of the unit the clerk declared from the window (Tệp → Khai báo đơn vị mới…), while
    its folder is there; None when none was declared that way."""
    try:
        text = (data_dir() / CHOSEN_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeError):
        return None
    if not text:
        return None
    chosen = Path(text)
    return chosen if chosen.is_absolute() and chosen.parent.is_dir() else None


def remember_db(target: Path) -> None:
    """From now on, `default_db_path` (the window's next start, `cchc` without --db) is `target`."""
    folder = data_dir()
    private_folder(folder)
    temp = folder / (CHOSEN_FILE + ".tmp")
    temp.unlink(missing_ok=True)
    create_private_file(temp)
    temp.write_text(str(Path(target).resolve()) + "\n", encoding="utf-8")
    os.replace(temp, folder / CHOSEN_FILE)


def new_unit_db_path() -> Path:
    """Where a unit declared from the window keeps its data: `cchc.sqlite` in the data folder when it is
    free, else `don-vi-2/cchc.sqlite`, `don-vi-3/…` (never a database that exists: nothing is replaced)."""
    first = data_dir() / DB_NAME
    if not _taken(first):
        return first
    number = 2
    while _taken(data_dir() / UNIT_FOLDER.format(number=number) / DB_NAME):
        number += 1
    return data_dir() / UNIT_FOLDER.format(number=number) / DB_NAME


def _taken(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def is_server(target: Path | ServerTarget) -> TypeIs[ServerTarget]:
    return not isinstance(target, Path) and _is_server(target)


def _is_server(target) -> bool:
    from db.target import ServerTarget

    return isinstance(target, ServerTarget)


def backups_dir(target: Path | ServerTarget) -> Path | None:
    """Where backups go: beside a file (None lets db decide), or per server database in the data folder."""
    if is_server(target):
        return data_dir() / "backups" / target.folder_name()
    return None


def database_exists(target: Path | ServerTarget) -> bool:
    """Whether the window opens an existing database (else it asks: a new unit or the demo)."""
    if is_server(target):
        from db.connection import target_has_data  # the database layer only when a server is asked

        return target_has_data(target)
    return target.exists()


def lock_path(target: Path | ServerTarget) -> Path:
    """The file that keeps one window per database on this PC: beside a database file, or in the
    data folder for a server database (other PCs' windows are other clerks, welcome)."""
    if is_server(target):
        return data_dir() / "locks" / f"{target.folder_name()}.lock"
    return target.with_name(target.name + ".lock")


def log_path() -> Path:
    return data_dir() / "cchc.log"


def templates_dir() -> Path:
    """Where installed template versions live: `<user data folder>/templates/`."""
    return data_dir() / "templates"


def documents_dir() -> Path:
    """Where the save dialog opens: the user's Documents folder, or the home folder when there is none."""
    import platformdirs

    try:
        folder = Path(platformdirs.user_documents_dir())
    except (OSError, KeyError, ValueError):
        return Path.home()
    return folder if folder.is_dir() else Path.home()
