"""The window's Tệp → Khai báo đơn vị mới…, Sao lưu…, Khôi phục… and the export's Mở tệp / Mở thư mục,
under Xvfb without a window manager at 100% and 125%, driven by menu commands and key events; the
window is opened as `cchc-desktop` opens it (gui_session), so it really switches from one database
to the next."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import threading
from contextlib import closing

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra import opener, paths
from cchc_desktop.app.infra.instance_lock import InstanceLock
from cchc_desktop.app.presenters.backup_presenter import BACKUP_LABEL, RESTORE_LABEL
from cchc_desktop.app.usecases.data_files import NEW_UNIT_LABEL, OWN_LABEL, SAMPLE_LABEL
from cchc_desktop.app.usecases.maintenance import Maintenance
from cchc_desktop.app.workspace import databases
from cchc_desktop.gui_session import WindowSession
from cchc_desktop.ui.backup_dialog import RestoreDialog
from cchc_desktop.ui.choice_dialog import ChoiceDialog
from cchc_desktop.ui.dialogs import MessageDialog, QuestionDialog, UnitDialog
from db.connection import close_database
from tests.gui.conftest import FIXED_NOW, pump
from tests.gui.dialog_driver import DialogDriver, assert_focus_in, assert_seen, press

pytestmark = pytest.mark.gui
CODE = "cd.van_ban_chi_dao"
KEYSYMS = {" ": "space", "-": "minus", "/": "slash", ".": "period"}


def keys(widget, text: str) -> None:
    """Type ASCII text key by key into the focused widget."""
    widget.focus_force()
    for char in text:
        widget.event_generate("<KeyPress>", keysym=KEYSYMS.get(char, char), when="now")
        widget.event_generate("<KeyRelease>", keysym=KEYSYMS.get(char, char), when="now")


def stored(path, period: str = "2023-07") -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT value FROM value WHERE period = ? AND code = ?", (period, CODE)).fetchone()[0]


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def menu_state(window, label: str) -> str:
    menu = window.files_menu
    return str(menu.entrycget(menu.index(label), "state"))


def invoke(window, label: str) -> None:
    window.files_menu.invoke(window.files_menu.index(label))


def until_done(root, driver, seconds: float = 30.0) -> None:
    """Let the event loop run (the menu command switches from an idle callback) until every step ran."""
    rounds = int(seconds / 0.05)
    for _ in range(rounds):
        if not driver.steps or driver.errors:
            break
        pump(root, 0.05)
    pump(root, 0.1)


@pytest.fixture
def data_folder(monkeypatch, tmp_path):
    """An empty user data folder and no CCHC_DB: what `bash scripts/start.sh` starts from."""
    monkeypatch.delenv("CCHC_DB", raising=False)
    folder = tmp_path / "CCHC Desktop"
    monkeypatch.setattr(paths, "data_dir", lambda: folder)
    return folder


@pytest.fixture
def session(root):
    sessions = []

    def start(db, period, lock=True):
        held = InstanceLock(db) if lock else None
        if held is not None:
            assert held.acquire()
        opened = WindowSession(root, held, clock=lambda: FIXED_NOW)
        sessions.append(opened)
        assert opened.open(db, period) is not None
        root.deiconify()
        pump(root, 0.2)
        return opened

    yield start
    for opened in sessions:
        opened.close_window()
        opened.close()
    for child in root.winfo_children():
        child.destroy()
    root.configure(menu="")
    close_database()


@pytest.fixture
def ward(tmp_path):
    path = tmp_path / "phuong" / "cchc.sqlite"
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="P-ANHOA", name="Ủy ban nhân dân phường An Hòa", short_name="UBND phường", place="An Hòa")
    ws.entry.set_values("2023-07", {CODE: "5"})
    ws.close()
    close_database()
    return path


def open_field(window, section: str, code: str):
    window.nav.selection_set(section)
    pump(window.root)
    return window.forms[section].entries[code]


def test_a_ward_declares_its_own_unit_from_the_sample_window(root, scaling, data_folder, session):
    sample = databases.ensure_sample()  # what start.sh makes in an empty data folder
    close_database()
    before = digest(sample)
    opened = session(sample, "2023-Q3")
    window = opened.built[2]
    assert (menu_state(window, NEW_UNIT_LABEL), menu_state(window, SAMPLE_LABEL)) == ("normal", "disabled")
    assert menu_state(window, OWN_LABEL) == "disabled"  # no unit of its own yet
    seen = {}

    def declare(dialog):
        assert_seen(dialog)
        assert dialog.title() == "Khai báo đơn vị mới"
        fields = {key: widget for key, (_, widget) in dialog.widgets.items()}
        assert_focus_in(dialog, fields["name"])
        fields["name"].insert(0, "Ủy ban nhân dân xã Tân Phú Đông")  # a Vietnamese name, as Unikey commits it
        keys(fields["code"], "XA-TPD")
        keys(fields["place"], "Tan Phu Dong")
        seen["unit"] = True
        press(fields["place"], "<Return>")

    def declared(dialog):
        assert_seen(dialog)
        seen["text"] = dialog.text.cget("text")
        press(dialog.ok, "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(UnitDialog, declare).expect(MessageDialog, declared)
        invoke(window, NEW_UNIT_LABEL)
        until_done(root, driver)
    target = data_folder / "cchc.sqlite"
    assert seen["unit"] and seen["text"].startswith("Đã khai báo Ủy ban nhân dân xã Tân Phú Đông.")
    assert str(target) in seen["text"] and "Tệp → Mở dữ liệu mẫu" in seen["text"]
    ws, presenter, window = opened.built
    assert ws.path == target and root.winfo_viewable()
    assert window.unit_label.full_text.startswith("Ủy ban nhân dân xã Tân Phú Đông")
    assert ws.units.self_unit().place == "Tan Phu Dong"
    assert digest(sample) == before  # the sample untouched
    assert paths.default_db_path() == target  # the next start opens the unit's own data
    assert opened.lock.path == paths.lock_path(target)  # the window holds the new database's lock only
    probe = InstanceLock(sample)
    assert probe.acquire()
    probe.release()
    assert (menu_state(window, SAMPLE_LABEL), menu_state(window, OWN_LABEL)) == ("normal", "disabled")

    invoke(window, SAMPLE_LABEL)  # the sample stays reachable, and the way back too
    pump(root, 1.0)
    assert opened.built[0].path == sample
    assert menu_state(opened.built[2], OWN_LABEL) == "normal"
    invoke(opened.built[2], OWN_LABEL)
    pump(root, 1.0)
    assert opened.built[0].path == target and digest(sample) == before


def test_a_cancelled_declaration_comes_back_to_the_window_it_left(root, data_folder, session):
    sample = databases.ensure_sample()
    close_database()
    opened = session(sample, "2023-Q3")

    def cancel(dialog):
        dialog.cancel_button.focus_force()
        press(dialog.cancel_button, "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(UnitDialog, cancel)
        invoke(opened.built[2], NEW_UNIT_LABEL)
        until_done(root, driver)
    pump(root, 0.5)
    assert opened.built[0].path == sample and root.winfo_viewable()
    assert not (data_folder / "cchc.sqlite").exists() and paths.chosen_db_path() is None


def test_backup_then_restore_puts_the_figures_back(root, scaling, ward, session, monkeypatch):
    opened = session(ward, "2023-07")
    window = opened.built[2]
    seen = {}

    def backed_up(dialog):
        assert_seen(dialog)
        seen["backup"] = dialog.text.cget("text")
        labels = [button.cget("text") for button in dialog.choice_buttons.values()]
        assert labels == ["Chép ra USB…", "Mở thư mục"] and dialog.ok.cget("text") == "Đóng"
        assert_focus_in(dialog, dialog.ok)
        for button in (*dialog.choice_buttons.values(), dialog.ok):  # nothing cut off at either scaling
            assert button.winfo_rootx() + button.winfo_width() <= dialog.winfo_rootx() + dialog.winfo_width()
        press(dialog.ok, "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(ChoiceDialog, backed_up)
        invoke(window, BACKUP_LABEL)
        until_done(root, driver)
    folder = ward.parent / "backups"
    manual = next(folder.glob("cchc-*-thu-cong.sqlite"))
    assert (
        seen["backup"].startswith("Đã sao lưu dữ liệu lúc 09:05 ngày 06/12/2026 vào:") and str(manual) in seen["backup"]
    )

    entry = open_field(window, "cd", CODE)  # typing after a backup works
    entry.focus_force()
    entry.delete(0, "end")
    keys(entry, "9")
    press(entry, "<Tab>")
    pump(root)
    assert opened.built[0].entry.get_values("2023-07")[CODE] == 9

    def choose(dialog):
        assert_seen(dialog)
        rows = [dialog.table.item(iid)["values"] for iid in dialog.table.get_children()]
        assert rows[0][1] == "Sao lưu tay" and re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", str(rows[0][0]))
        assert dialog.table.selection() == ("0",)
        assert_focus_in(dialog, dialog.table)
        for widget in (dialog.restore_button, dialog.other_button, dialog.cancel_button, dialog.table):
            assert widget.winfo_rootx() + widget.winfo_width() <= dialog.winfo_rootx() + dialog.winfo_width()
            assert widget.winfo_rooty() + widget.winfo_height() <= dialog.winfo_rooty() + dialog.winfo_height()
        press(dialog.table, "<Return>")

    def confirm(dialog):
        assert_seen(dialog)
        seen["question"] = dialog.text.cget("text")
        assert_focus_in(dialog, dialog.yes)
        press(dialog.yes, "<Return>")

    def restored(dialog):
        assert_seen(dialog)
        seen["restored"] = dialog.text.cget("text")
        press(dialog.ok, "<Return>")

    entered, release = threading.Event(), threading.Event()
    original = Maintenance.restore

    def held(self, source):  # the worker waits here until the test has looked at the window
        entered.set()
        release.wait(20)
        return original(self, source)

    monkeypatch.setattr(Maintenance, "restore", held)
    with DialogDriver(root) as driver:
        driver.expect(RestoreDialog, choose).expect(QuestionDialog, confirm)
        invoke(window, RESTORE_LABEL)
        until_done(root, driver)
        for _ in range(200):
            if entered.is_set():
                break
            pump(root, 0.05)
        assert entered.is_set() and window.busy.winfo_ismapped()
        assert str(root.grab_current()) == str(window.busy)  # the window takes no input meanwhile…
        assert window.busy.text.full_text == "Đang kiểm tra bản sao lưu…"
        beats = []
        root.after(20, lambda: beats.append(1))
        pump(root, 0.2)
        assert beats  # …yet its event loop runs: it redraws, never frozen
        driver.expect(MessageDialog, restored)
        release.set()
        until_done(root, driver)
    assert "(Sao lưu tay)" in seen["question"] and "Trước khi khôi phục" in seen["question"]
    assert seen["restored"].startswith("Đã khôi phục dữ liệu từ bản sao lưu lúc ")
    ws, presenter, window = opened.built
    assert ws.entry.get_values("2023-07")[CODE] == 5 and str(presenter.period) == "2023-07"
    entry = open_field(window, "cd", CODE)
    assert entry.get() == "5"
    safety = next(folder.glob("cchc-*-truoc-khoi-phuc.sqlite"))
    assert stored(safety) == "9"  # what was there before the restore is kept (read aside: the window's stays open)
    entry.focus_force()  # and typing goes on in the reopened window
    entry.delete(0, "end")
    keys(entry, "6")
    press(entry, "<Tab>")
    pump(root)
    assert opened.built[0].entry.get_values("2023-07")[CODE] == 6


def test_after_an_export_the_open_buttons_call_the_system_opener(root, scaling, ward, session, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(opener, "open_path", lambda path: calls.append(("file", str(path))))
    monkeypatch.setattr(opener, "open_folder", lambda path: calls.append(("folder", str(path))))
    opened = session(ward, "2023-07")
    window = opened.built[2]
    target = tmp_path / "xuat" / "phu-luc.xlsx"
    target.parent.mkdir()
    window.ask_save_path = lambda title, name, kind: str(target)

    def pick(key):
        def step(dialog):
            assert_seen(dialog)
            assert str(target) in dialog.text.cget("text")
            assert [b.cget("text") for b in dialog.choice_buttons.values()] == ["Mở tệp", "Mở thư mục"]
            button = dialog.choice_buttons[key]
            button.focus_force()
            press(button, "<Return>")

        return step

    for key in ("file", "folder"):
        with DialogDriver(root) as driver:
            driver.expect(ChoiceDialog, pick(key))
            window.files_menu.invoke(window.files_menu.index("Xuất phụ lục Excel…"))
            until_done(root, driver)
    assert calls == [("file", str(target)), ("folder", str(target))]
    assert target.exists() and not window.root.grab_current()


def test_a_copy_on_usb_restores_on_a_machine_without_backups(root, scaling, ward, session, tmp_path, monkeypatch):
    from cchc_desktop.ui import backup_dialog

    usb = tmp_path / "USB"
    usb.mkdir()
    opened = session(ward, "2023-07")
    window = opened.built[2]
    window.ask_backup_copy_path = lambda title, name: str(usb / name)

    def copy(dialog):
        button = dialog.choice_buttons["copy"]
        button.focus_force()
        press(button, "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(ChoiceDialog, copy).expect(MessageDialog, lambda dialog: press(dialog.ok, "<Return>"))
        invoke(window, BACKUP_LABEL)
        until_done(root, driver)
    (copied,) = usb.glob("Sao lưu CCHC - *.sqlite")
    assert copied.name == "Sao lưu CCHC - Ủy ban nhân dân phường An Hòa - 06-12-2026 0905.sqlite"
    assert stored(copied) == "5"

    entry = open_field(window, "cd", CODE)
    entry.focus_force()
    entry.delete(0, "end")
    keys(entry, "12")
    press(entry, "<Tab>")
    pump(root)
    shutil.rmtree(ward.parent / "backups")  # as on a new PC: no backup beside the data
    monkeypatch.setattr(backup_dialog.filedialog, "askopenfilename", lambda **kw: str(copied))

    def other(dialog):
        assert_seen(dialog)
        assert dialog.table.get_children() == () and str(dialog.restore_button.cget("state")) == "disabled"
        assert "Chọn tệp khác" in dialog.intro.cget("text")
        assert_focus_in(dialog, dialog.other_button)
        press(dialog.other_button, "<Return>")

    def confirm(dialog):
        assert str(copied) in dialog.text.cget("text")
        press(dialog.yes, "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(RestoreDialog, other).expect(QuestionDialog, confirm)
        driver.expect(MessageDialog, lambda dialog: press(dialog.ok, "<Return>"))
        invoke(window, RESTORE_LABEL)
        until_done(root, driver)
    assert opened.built[0].entry.get_values("2023-07")[CODE] == 5
    assert stored(next((ward.parent / "backups").glob("cchc-*-truoc-khoi-phuc.sqlite"))) == "12"
