"""GUI tests: a real window under Xvfb (started here when there is no DISPLAY), one App per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session")
def display():
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: run the README's test command (scripts/test.sh), which installs it.")
    number = 90 + os.getpid() % 9
    proc = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["DISPLAY"] = f":{number}"
    time.sleep(0.8)
    yield os.environ["DISPLAY"]
    proc.terminate()
    proc.wait(timeout=5)
    del os.environ["DISPLAY"]


@pytest.fixture(scope="session")
def root(display):
    from cchc_desktop.gui_main import make_root

    app = make_root()
    app.geometry("1366x740+0+0")
    yield app
    app.destroy()


@pytest.fixture
def window(root, demo_db):
    """The main window on a fresh demo database; its widgets are destroyed after the test."""
    from cchc_desktop.gui_main import build

    ws, presenter, main = build(root, demo_db, "2023-Q3")
    root.deiconify()
    root.focus_force()
    pump(root)
    yield main
    ws.close()
    for child in root.winfo_children():
        child.destroy()
    root.configure(menu="")


def pump(root, seconds: float = 0.15) -> None:
    end = time.time() + seconds
    while time.time() < end:
        root.update()
        time.sleep(0.01)
