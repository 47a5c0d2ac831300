"""Issue 17, case 10: what holds a unit's figures is this user's alone. On POSIX, with the usual umask
022 (which would give 0755 folders and 0644 files), the data folder is 0700 and the database (with its
-wal and -shm), every backup (the copy of a server database included), the log, a restored database
and installed templates are 0600. (On Windows the data folder is in the user's AppData, private already.)"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace, paths
from cchc_desktop.app.templates import install_pack
from cchc_desktop.cli import COMMANDS, main
from db.connection import close_database
from tests.test_templates import NOTHING, _pack_folder, _zip

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; AppData is private on Windows")


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def modes(folder: Path) -> dict[str, str]:
    """The mode of every file and folder under `folder` (itself included), by relative path."""
    found = {".": mode(folder)}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = mode(path)
    return found


def not_private(folder: Path) -> dict[str, str]:
    return {name: shown for name, shown in modes(folder).items() if int(shown, 8) & 0o077}


@pytest.fixture(autouse=True)
def usual_umask(monkeypatch):
    """The umask of a desktop session: without the program's care, folders 0755 and files 0644."""
    previous = os.umask(0o022)
    monkeypatch.delenv("CCHC_DB")  # the database in the data folder, as a clerk's is
    yield
    os.umask(previous)


def cchc(*args: str) -> int:
    code = main(list(args))
    close_database()
    return code


def test_data_folder_database_backups_and_log_are_private(monkeypatch, tmp_path, capsys):
    data = paths.data_dir()
    assert not data.exists()
    assert cchc("init", "--unit-code", "X", "--unit-name", "UBND xã X") == 0
    assert cchc("set", "--period", "2023-07", "tthc.hs.tiep_nhan=5") == 0  # the day's backup is taken
    assert cchc("backup") == 0
    assert cchc("backup", "-o", str(data / "ban-sao.sqlite")) == 0
    with Workspace.open(paths.default_db_path()) as ws:  # -wal and -shm exist while it is open
        ws.entry.set_values("2023-08", {"tthc.hs.tiep_nhan": 6})
        live = modes(data)
    assert {"cchc.sqlite-wal", "cchc.sqlite-shm", "cchc.sqlite"} <= set(live)
    assert {name: shown for name, shown in live.items() if int(shown, 8) & 0o077} == {}

    def bug(ws, args):
        raise RuntimeError("một lỗi lập trình")

    monkeypatch.setitem(COMMANDS, "get", bug)
    assert cchc("get", "--period", "2023-07") == 3  # a bug: written to the log
    assert (data / "cchc.log").exists()
    backups = list((data / "backups").glob("*.sqlite"))
    assert len(backups) == 2
    assert modes(data)["."] == "0o700" and modes(data)["cchc.log"] == "0o600"
    assert not_private(data) == {}
    assert not_private(paths.data_dir().parent) == {}  # the folders made on the way too


def test_a_restored_database_and_an_installed_template_are_private(tmp_path):
    assert cchc("init", "--unit-code", "X", "--unit-name", "UBND xã X") == 0
    backup = paths.data_dir() / "ban-sao.sqlite"
    assert cchc("backup", "-o", str(backup)) == 0
    assert cchc("restore", str(backup)) == 0
    os.chmod(paths.data_dir() / "cchc.sqlite", 0o600)
    damaged = paths.data_dir() / "cchc.sqlite"
    damaged.write_bytes(b"not a database")
    assert cchc("restore", str(backup)) == 0  # a damaged file: the copy renamed into its place
    pack = _zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau.zip")
    install_pack(pack, NOTHING)
    assert (paths.data_dir() / "templates" / "2024.1" / "template.toml").exists()
    assert not_private(paths.data_dir()) == {}


def test_the_data_folder_of_an_earlier_release_is_narrowed(tmp_path):
    data = paths.data_dir()
    data.mkdir(parents=True, mode=0o755)
    os.chmod(data, 0o755)
    assert cchc("units") == 2  # no database yet: refused, and the folder narrowed all the same
    assert mode(data) == "0o700"


@pytest.mark.postgresql
def test_a_server_database_backup_is_private(pg_url):
    assert cchc("--db", pg_url, "init", "--unit-code", "X", "--unit-name", "UBND xã X") == 0
    assert cchc("--db", pg_url, "set", "--period", "2023-07", "tthc.hs.tiep_nhan=5") == 0
    assert cchc("--db", pg_url, "backup") == 0
    backups = list((paths.data_dir() / "backups").rglob("*.sqlite"))
    # Only the one asked for: a server database gets no daily copy, the advice to back it up on the server
    # instead (written beside the backups, private like them).
    assert len(backups) == 1
    assert len(list((paths.data_dir() / "backups").rglob("sao-luu-may-chu.txt"))) == 1
    assert not_private(paths.data_dir()) == {}
