"""The type check of scripts/test.sh (mypy, configured in pyproject.toml) can fail: in a temporary copy of the
program, a view lacking a method of its Protocol, a view method the presenter cannot call as the Protocol
says, and a presenter asking its view for a method the Protocol lacks each make `mypy` fail, naming the
place; the unmodified copy passes. tests/typing_conformance.py is where the views meet their Protocols.

The copy starts from the worktree's mypy cache when there is one (scripts/test.sh has just filled it; mypy
checks each cached module against its source, so a stale entry is read again): about a second a check
instead of several for the first one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Skipped where mypy cannot load (its compiled parts); the check is about the source tree, the same on every
# platform: Linux CI runs it, the Wine lane need not (as tests/test_contracts.py).
pytest.importorskip("mypy.api", exc_type=ImportError)
pytestmark = pytest.mark.posix_only(reason="a check of the source tree, run by Linux CI; under Wine only slow")

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("cchc_desktop", "forms", "db", "exports")

# name -> (file of the copy, the text replaced, its replacement, what mypy must then say)
VIOLATIONS = {
    "a dialog lacking a method of its Protocol": (
        "cchc_desktop/ui/import_dialog.py",
        "    def show_summary(self, ",
        "    def show_summary_text(self, ",
        r'tests/typing_conformance\.py:\d+: error: .*"ImportDialog".*"ImportView"',
    ),
    "the window's method with an argument fewer than its Protocol's": (
        "cchc_desktop/ui/main_window.py",
        "    def show_period_choice(self, year: int, kind: str, index: int)",
        "    def show_period_choice(self, year: int, kind: str)",
        r'tests/typing_conformance\.py:\d+: error: .*"MainWindow".*"MainView"',
    ),
    "a presenter asking its view for a method the Protocol lacks": (
        "cchc_desktop/app/presenters/main_presenter.py",
        "        self.view.show_unit(",
        "        self.view.show_unit_title(",
        r'main_presenter\.py:\d+: error: "MainView" has no attribute "show_unit_title"',
    ),
    "a part of the main presenter asking the window for a method its own small Protocol lacks": (
        "cchc_desktop/app/presenters/backup_presenter.py",
        '            self.view.show_saved(f"Đã sao lưu lúc',
        '            self.view.show_unit(f"Đã sao lưu lúc',  # MainView has it, BackupView has not
        r'backup_presenter\.py:\d+: error: "BackupView" has no attribute "show_unit"',
    ),
    "the window lacking a method of a part's Protocol": (
        "cchc_desktop/ui/main_window.py",
        "    def mark_fields(self, ",
        "    def mark_all_fields(self, ",
        r'tests/typing_conformance\.py:\d+: error: .*"MainWindow".*"CheckListView"',
    ),
}


def mypy(copy: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "mypy"],  # the files, the settings and the cache folder: pyproject.toml's
        cwd=copy,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "MYPY_FORCE_COLOR": "0"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The program's packages (their files' times kept), the conformance module, the configuration."""
    root = tmp_path_factory.mktemp("types")
    for package in PACKAGES:
        shutil.copytree(
            REPO / package, root / package, ignore=lambda folder, names: [n for n in names if n == "__pycache__"]
        )
    (root / "tests").mkdir()
    shutil.copy2(REPO / "tests" / "typing_conformance.py", root / "tests" / "typing_conformance.py")
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    cache = REPO / ".cache" / "mypy"  # pyproject.toml's cache_dir
    if cache.is_dir():
        shutil.copytree(cache, root / ".cache" / "mypy")
    return root


def test_the_unmodified_copy_passes(copy):
    status, output = mypy(copy)
    assert status == 0 and "Success: no issues found" in output, output


@pytest.mark.parametrize("name", list(VIOLATIONS))
def test_a_violation_fails_the_check(copy, name):
    relative, old, new, said = VIOLATIONS[name]
    target = copy / relative
    original = target.read_text(encoding="utf-8")
    assert original.count(old) == 1, f"{relative}: {old!r} is not there once (moved? update VIOLATIONS)"
    target.write_text(original.replace(old, new), encoding="utf-8")
    try:
        status, output = mypy(copy)
    finally:
        target.write_text(original, encoding="utf-8")
    assert status == 1, output
    assert re.search(said, output), output
