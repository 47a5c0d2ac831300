"""The window while an export runs: progress above the status bar, typing and navigating go on, Hủy cancels."""

from __future__ import annotations

import threading

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra.progress import CANCELLED_MESSAGE
from cchc_desktop.app.usecases.reading import Reader
from cchc_desktop.app.workspace.demo import create_demo, demo_data
from db.connection import close_database
from tests.gui.conftest import opened_window, pump

pytestmark = pytest.mark.gui
PERIOD = "2023-Q3"


@pytest.fixture
def parent_db(tmp_path):
    """The demo city (its nine communes) with three more communes holding the first commune's figures."""
    path = tmp_path / "huyen.sqlite"
    create_demo(path)
    close_database()
    child = demo_data()["children"][0]
    figures = {**child["values"], **child.get("corrected", {})}
    ws = Workspace.open(path)
    for number in (2, 3, 4):
        ws.units.add_child(code=f"XA-{number}", name=f"UBND xã Số {number}", level="xa", frequency="quarter")
        ws.entry.set_values(PERIOD, figures, unit_code=f"XA-{number}")
    ws.close()
    return path


@pytest.fixture
def gate(monkeypatch):
    """Holds the export's worker inside its read of the units' figures until released, or until a
    progress put in `watched` is asked to stop (the window's own reads pass)."""
    entered, release, watched = threading.Event(), threading.Event(), []
    original = Reader.many_own_values

    def gated(self, units, period, *args, **kwargs):
        if len(units) > 1 and threading.current_thread() is not threading.main_thread():
            entered.set()
            for _ in range(3000):
                if release.wait(0.01) or any(progress.cancel_requested for progress in watched):
                    break
        return original(self, units, period, *args, **kwargs)

    monkeypatch.setattr(Reader, "many_own_values", gated)
    yield entered, release, watched
    release.set()


def wait_for(root, condition, rounds: int = 400) -> None:
    for _ in range(rounds):
        if condition():
            return
        pump(root, 0.05)
    raise AssertionError("the window never reached the expected state")


def test_export_shows_progress_keeps_the_window_usable_and_hu_cancels(root, parent_db, gate, tmp_path):
    entered, release, _ = gate
    target = tmp_path / "phu-luc.xlsx"
    target.write_bytes(b"the annexes sent last quarter")
    with opened_window(root, parent_db, PERIOD) as window:
        shown = []
        window.ask_save_path = lambda title, name, kind: str(target)
        window.show_message = lambda title, text, error=False: shown.append((title, text, error))
        menu = window.files_menu
        menu.invoke(menu.index("Xuất phụ lục Excel…"))
        wait_for(root, entered.is_set)
        pump(root, 0.2)
        strip = window.busy
        assert strip.winfo_manager() == "pack" and strip.winfo_ismapped()
        # held in the one read of all the units' figures (the annexes' consolidation), which the
        # annexes now make while reading, before checking and building
        children = len(demo_data()["children"]) + 3
        assert strip.text.full_text == f"Đang đọc số liệu (cùng {children} đơn vị trực thuộc)…"
        assert float(strip.bar.cget("value")) < 100
        assert str(strip.cancel_button.cget("state")) == "normal"

        beats = []

        def heartbeat():
            beats.append(1)
            if not release.is_set():
                root.after(10, heartbeat)

        root.after(10, heartbeat)
        window.nav.selection_set("tthc")  # navigating while the worker is held in its read
        pump(root)
        assert window.presenter.section_key == "tthc"
        entry = window.forms["tthc"].entries["tthc.hs.truc_tuyen"]
        entry.focus_force()
        pump(root, 0.05)
        entry.delete(0, "end")
        entry.insert(0, "929")
        entry.event_generate("<Tab>")
        pump(root)
        assert window.presenter.ws.entry.get_values(PERIOD)["tthc.hs.truc_tuyen"] == 929
        assert beats and not release.is_set()

        window.files_menu.invoke(window.files_menu.index("Xuất báo cáo PDF…"))  # a second export is refused
        assert shown[-1] == (
            "Xuất báo cáo PDF",
            "Đang xuất phu-luc.xlsx. Hãy chờ xuất xong (hoặc bấm “Hủy”) rồi xuất tệp khác.",
            False,
        )

        strip.cancel_button.invoke()
        pump(root, 0.1)
        assert strip.text.full_text.startswith("Đang hủy")
        assert str(strip.cancel_button.cget("state")) == "disabled"
        release.set()
        wait_for(root, lambda: len(shown) == 2)
        assert shown[-1] == ("Xuất phụ lục Excel", CANCELLED_MESSAGE, False)
        assert strip.winfo_manager() == ""
        assert target.read_bytes() == b"the annexes sent last quarter"
        assert [p.name for p in tmp_path.iterdir() if p.is_file() and "sqlite" not in p.name] == [target.name]


def test_closing_the_window_mid_export_cancels_it_and_leaves_no_temporary_file(
    root, parent_db, gate, tmp_path, monkeypatch
):
    entered, release, watched = gate
    target = tmp_path / "bao-cao.pdf"
    with opened_window(root, parent_db, PERIOD) as window:
        window.ask_save_path = lambda title, name, kind: str(target)
        window.show_message = lambda *args, **kwargs: None
        window.files_menu.invoke(window.files_menu.index("Xuất báo cáo PDF…"))
        wait_for(root, entered.is_set)
        watched.append(window.presenter.exports.running)
        worker = window.busy.job.thread
        destroyed = []
        monkeypatch.setattr(window.root, "destroy", lambda: destroyed.append(True))
        window.close()
        assert destroyed and not worker.is_alive() and not release.is_set()
        assert [p.name for p in tmp_path.iterdir() if p.is_file() and "sqlite" not in p.name] == []
