"""GUI tests: a real window under Xvfb (the `display` fixture of tests/conftest.py), one App per session."""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import datetime

import pytest

from tests.support.display import make_window, scaled

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session")
def root(display):
    app = make_window()
    yield app
    app.destroy()


FIXED_NOW = datetime(2026, 12, 6, 9, 5, 7)  # the window's "now" unless a test gives its own (never the real clock)


@pytest.fixture(params=[1.0, 1.25], ids=["100%", "125%"])
def scaling(root, request):
    """Tk scaling as Windows sets it at 100% / 125% (96 dpi × factor)."""
    with scaled(root, request.param):
        yield request.param


@contextmanager
def opened_window(root, db, period: str, settle: float = 0.15, now: datetime = FIXED_NOW):
    """The main window on `db` at `period`, shown and focused; its widgets are destroyed afterwards."""
    from cchc_desktop.gui_main import build

    ws, presenter, main = build(root, db, period, clock=lambda: now)
    root.deiconify()
    root.focus_force()
    pump(root, settle)
    try:
        yield main
    finally:
        ws.close()
        for child in root.winfo_children():
            child.destroy()
        root.configure(menu="")


@pytest.fixture
def window(root, demo_db):
    """The main window on a fresh demo database; its widgets are destroyed after the test."""
    with opened_window(root, demo_db, "2023-Q3") as main:
        yield main


def pump(root, seconds: float = 0.15) -> None:
    end = time.time() + seconds
    while time.time() < end:
        root.update()
        time.sleep(0.01)


DIALOG_WAIT_LIMIT_MS = 180_000  # no test waits this long on a dialog: one nobody answers is a test's bug


@pytest.fixture(autouse=True)
def no_dialog_left_waiting(request):
    """A dialog a test leaves waiting for an answer (e.g. a new question it did not expect) would hold
    the suite forever inside Tk's wait: after DIALOG_WAIT_LIMIT_MS it is closed and the test fails,
    naming it."""
    if "root" not in request.fixturenames:
        yield
        return
    from cchc_desktop.ui.modal import Modal

    root = request.getfixturevalue("root")
    abandoned: list[str] = []

    def close_abandoned() -> None:
        for widget in root.winfo_children():
            if isinstance(widget, Modal) and widget.winfo_exists():
                abandoned.append(f"{type(widget).__name__} «{widget.title()}»")
                widget.destroy()

    timer = root.after(DIALOG_WAIT_LIMIT_MS, close_abandoned)
    yield
    root.after_cancel(timer)
    assert not abandoned, f"a dialog was left waiting for an answer: {abandoned}"
