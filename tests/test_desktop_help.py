"""`cchc-desktop --help` and its argument errors speak Vietnamese, as `cchc` does (issue 18, item 8)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = Path(sysconfig.get_path("scripts")) / ("cchc-desktop.exe" if os.name == "nt" else "cchc-desktop")
ENGLISH = ("usage", "options:", "optional arguments", "show this help", "error:", "unrecognized", "expected one")


def _run(*args: str) -> tuple[int, str, str]:
    """The installed program (this checkout's code first), without a display: it must answer before any window."""
    command = [str(DESKTOP)] if DESKTOP.exists() else [sys.executable, "-m", "cchc_desktop.gui_main"]
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "", "PYTHONPATH": str(ROOT)}
    env.pop("DISPLAY", None)
    done = subprocess.run([*command, *args], capture_output=True, env=env, timeout=120, check=False)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def test_help_is_vietnamese():
    code, out, err = _run("--help")
    assert code == 0 and err == ""
    assert out.startswith("cách dùng: cchc-desktop [-h] [--db TỆP|URL] [--period KỲ]")
    assert "tùy chọn:" in out and "-h, --help" in out and "hiện trợ giúp này rồi thoát" in out
    assert "tệp cơ sở dữ liệu" in out and "postgresql://" in out
    assert "2023-Q3" in out and "kỳ mở sẵn" in out
    assert not [word for word in ENGLISH if word in out.lower()]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--perod", "2023-Q3"), "cchc-desktop: lỗi: đối số không nhận ra: --perod 2023-Q3"),
        (("--period",), "cchc-desktop: lỗi: đối số --period: cần một giá trị"),
        (("bao-cao.sqlite",), "cchc-desktop: lỗi: đối số không nhận ra: bao-cao.sqlite"),
    ],
)
def test_a_bad_argument_is_said_in_vietnamese_and_opens_nothing(args, said):
    code, out, err = _run(*args)
    assert code == 2 and out == ""
    assert err.startswith("cách dùng: cchc-desktop")
    assert said in err
    assert 'Gõ "cchc-desktop --help" để xem hướng dẫn.' in err
    assert not [word for word in ENGLISH if word in err.lower()]
