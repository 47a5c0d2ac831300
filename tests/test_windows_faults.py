"""Faults that only Windows shows, proven on Linux by the behaviour Windows needs and on Windows (under
Wine: scripts/windows-check.sh) by the real thing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


MESSAGE = "Nguyễn Văn A đã xuất báo cáo"
LOG_A_VIETNAMESE_LINE = f"""
import json, locale, logging, os, pathlib
from cchc_desktop.app.infra import logs, paths
paths.log_path = lambda: pathlib.Path(os.environ["CCHC_TEST_LOG"])  # never the real data folder (Windows)
path = logs.setup_logging()
logging.getLogger("cchc_desktop.test").warning({ascii(MESSAGE)})
logs.stop_logging()
print(json.dumps([locale.getpreferredencoding(False), str(path)]))
"""


def test_the_log_is_utf8_when_the_locale_is_not(tmp_path):
    """Windows opens files in the ANSI code page (cp1252 in an English Windows) unless told otherwise: a log
    line with "Nguyễn" was dropped there and the file stayed empty. Here the locale is plain ASCII (LC_ALL=C,
    UTF-8 mode off: stricter than cp1252, which has no "ễ" either) and the line must still be written."""
    repo = Path(__file__).resolve().parents[1]
    unwanted = {"PYTHONUTF8", "PYTHONIOENCODING", "LANG", "LANGUAGE", "CCHC_DB"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted and not key.startswith("LC_")}
    env.update(
        LC_ALL="C", PYTHONCOERCECLOCALE="0", CCHC_TEST_LOG=str(tmp_path / "data" / "cchc.log"), PYTHONPATH=str(repo)
    )
    result = subprocess.run(
        [sys.executable, "-X", "utf8=0", "-c", LOG_A_VIETNAMESE_LINE],
        env=env,
        cwd=repo,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    encoding, path = json.loads(result.stdout.decode("ascii"))
    assert encoding.lower().replace("-", "") not in {"utf8", "utf8mb4"}  # the condition of the Windows fault
    assert Path(path) == tmp_path / "data" / "cchc.log"
    text = Path(path).read_text(encoding="utf-8")
    assert text.rstrip("\n").endswith(f"WARNING cchc_desktop.test: {MESSAGE}")
    assert result.stderr == b""  # nothing printed instead of written


def test_a_pack_folder_installs_when_the_listing_has_no_file_ids_as_on_windows(tmp_path, monkeypatch):
    """On Windows os.scandir's entries report st_ino = st_dev = 0: a file listed that way never matched the
    file opened, and every template pack installed from a folder was refused as "replaced while read"."""
    from cchc_desktop.app.usecases import pack_files
    from cchc_desktop.app.usecases.templates import install_pack
    from tests.test_templates import NOTHING, _pack_folder

    real_scandir = os.scandir

    class WindowsEntry:
        def __init__(self, entry: os.DirEntry):
            self.name, self.path, self._entry = entry.name, entry.path, entry

        def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
            info = list(self._entry.stat(follow_symlinks=follow_symlinks))
            info[1] = info[2] = 0  # st_ino, st_dev: what Windows leaves out of a directory listing
            return os.stat_result(info)

    class WindowsScandir:
        def __init__(self, path):
            self._inner = real_scandir(path)

        def __enter__(self):
            return (WindowsEntry(entry) for entry in self._inner)

        def __exit__(self, *exc):
            self._inner.close()

    monkeypatch.setattr(pack_files.os, "scandir", WindowsScandir)
    installed = tmp_path / "installed"
    install_pack(_pack_folder(tmp_path / "pack"), NOTHING, folder=installed)
    assert (installed / "2024.1" / "template.toml").is_file()


def test_the_window_s_help_is_utf8_through_a_pipe_whatever_the_locale(tmp_path):
    """A pipe on Windows is in the ANSI code page (cp1252 has no "ệ"): `cchc-desktop --help` crashed there.
    Here the locale is plain ASCII with UTF-8 mode off, stricter still; the help must come out in UTF-8."""
    repo = Path(__file__).resolve().parents[1]
    unwanted = {"PYTHONUTF8", "PYTHONIOENCODING", "LANG", "LANGUAGE", "DISPLAY"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted and not key.startswith("LC_")}
    env.update(LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONPATH=str(repo))
    for module, usage in (
        ("cchc_desktop.gui_main", "cách dùng: cchc-desktop"),
        ("cchc_desktop.cli", "cách dùng: cchc"),
    ):
        done = subprocess.run(
            [sys.executable, "-X", "utf8=0", "-m", module, "--help"], env=env, capture_output=True, timeout=60
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        assert done.stdout.decode("utf-8").startswith(usage) and done.stderr == b""


def test_the_data_folder_is_the_one_cchc_data_dir_names(tmp_path, monkeypatch):
    """CCHC_DATA_DIR chooses the data folder on every system (platformdirs takes Windows' AppData from the
    system, not from %LOCALAPPDATA%): the database, the log and the backups follow it."""
    from cchc_desktop.app.infra import paths

    chosen = tmp_path / "Dữ liệu CCHC"
    monkeypatch.delenv("CCHC_DB", raising=False)
    monkeypatch.setenv("CCHC_DATA_DIR", str(chosen))
    assert paths.data_dir() == chosen
    assert paths.default_db_path() == chosen / "cchc.sqlite"
    assert paths.log_path() == chosen / "cchc.log"
    monkeypatch.delenv("CCHC_DATA_DIR")
    assert paths.data_dir() != chosen and paths.data_dir().name == "CCHC Desktop"


def test_loading_a_folder_says_it_is_a_folder_when_the_system_says_permission_denied(tmp_path, monkeypatch, cchc):
    """Windows answers "permission denied" when a folder is opened as a file: the clerk was told to get rights
    to read a file instead of being told the path is a folder."""
    folder = tmp_path / "Số liệu tháng 7"
    folder.mkdir()
    real_open = Path.open

    def windows_open(self, *args, **kwargs):
        if self.is_dir():
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", windows_open)
    assert cchc("init", "--unit-code", "XA-1", "--unit-name", "UBND xã Một").code == 0
    result = cchc("load", "--period", "2023-07", str(folder))
    assert result.code == 2
    assert "đây là một thư mục, không phải tệp" in result.err and "quyền" not in result.err
