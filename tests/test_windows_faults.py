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
from cchc_desktop.app import logs, paths
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
