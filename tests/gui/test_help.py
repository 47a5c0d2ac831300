"""Trợ giúp in the real window under Xvfb, without a window manager, at 100 % and 125 %: F1 opens the guide
at the topic of the section or dialog shown, the menu opens and prints it, the help window fits and is
searchable, and each menu shortcut does what its menu entry does — through real key events."""

from __future__ import annotations

import os
import time
import tkinter.font as tkfont

import pytest

from cchc_desktop.app.content.guide import fold, load_guide
from cchc_desktop.app.outputs.guide_print import PRINT_LABEL
from cchc_desktop.app.presenters.backup_presenter import BACKUP_LABEL
from cchc_desktop.ui.menus import GUIDE_LABEL, IMPORT_LABEL
from cchc_desktop.ui.modal import TASKBAR
from cchc_desktop.ui.shortcuts import menu_entries
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import DialogDriver

pytestmark = pytest.mark.gui
EXPORT_PDF_LABEL, EXPORT_XLSX_LABEL = "Xuất báo cáo PDF…", "Xuất phụ lục Excel…"  # as the Tệp menu shows them


def help_window(root):
    window = root.help_launcher.window
    assert window is not None and window.winfo_exists()
    return window


def press_f1(root, widget) -> None:
    widget.focus_force()
    pump(root, 0.05)
    widget.event_generate("<KeyPress>", keysym="F1")
    pump(root, 0.3)


def shown_at(window, topic: str) -> bool:
    """The topic is selected in the list and its heading is the text's top line."""
    top = window.text.index("@0,0").split(".")[0]
    heading = window.text.index(f"topic:{topic}").split(".")[0]
    return window.current == topic and window.topics.selection() == (topic,) and top == heading


def close_help(root, window) -> None:
    window.event_generate("<KeyPress>", keysym="Escape")
    pump(root, 0.1)
    assert not window.winfo_viewable()


def shot(root, name: str, scaling: float) -> None:
    folder = os.environ.get("CCHC_SHOTS")
    if folder:
        from PIL import ImageGrab

        root.update()
        ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).save(f"{folder}/{name}-{int(scaling * 100)}.png")


def test_f1_opens_the_guide_at_the_section_shown(root, scaling, window):
    for section, topic in (("tthc", "muc-tthc"), ("giai_trinh", "kiem-tra-giai-trinh"), ("kien_nghi", "muc-kien-nghi")):
        window.nav.selection_set(section)
        pump(root)
        assert window.presenter.section_key == section
        press_f1(root, window.nav)
        guide = help_window(root)
        assert guide.winfo_viewable() and shown_at(guide, topic), (section, guide.current)
        assert root.grab_current() is None  # beside the main window, not modal: the clerk reads and types
        shot(root, f"help-{topic}", scaling)
        close_help(root, guide)
    # a field of the form has the focus: F1 from there too
    window.nav.selection_set("tc")
    pump(root)
    entry = next(iter(window.current_form.entries.values()))
    press_f1(root, entry)
    assert shown_at(help_window(root), "muc-tc")


def test_the_menu_opens_the_guide_and_nothing_in_it_is_cut(root, scaling, window):
    menu = window.helps
    assert menu.entrycget(menu.index(GUIDE_LABEL), "accelerator") == "F1"
    menu.invoke(menu.index(GUIDE_LABEL))
    pump(root, 0.5)
    guide = help_window(root)
    assert guide.winfo_viewable() and shown_at(guide, "gioi-thieu")
    # within the screen above the taskbar
    x, y, width, height = guide.winfo_rootx(), guide.winfo_rooty(), guide.winfo_width(), guide.winfo_height()
    assert x >= 0 and y >= 0 and x + width <= guide.winfo_screenwidth()
    assert y + height <= guide.winfo_screenheight() - TASKBAR
    # the text wraps: nothing runs off to the right; every picture fits the text's width
    text = guide.text
    assert text.xview() == (0.0, 1.0)
    room = text.winfo_width() - 2 * int(text.cget("padx"))
    assert len(guide.images) == sum(1 for block in load_guide().blocks if block.kind == "image")
    for name, (_path, photo) in guide.images.items():
        assert photo.width() <= room, (name, photo.width(), room)
        assert text.image_cget(name, "image") == str(photo)
    # the topic list shows every title whole
    font = tkfont.nametofont("TkDefaultFont")
    column = guide.topics.column("#0", "width")
    assert guide.topics.winfo_width() >= column
    for topic in load_guide().topics:
        assert font.measure(topic.title) + (40 if topic.level == 3 else 20) <= column, topic.title
    # the footer: the hint whole, the button inside the window
    hint = guide.close_button.master.winfo_children()[0]
    assert hint.winfo_reqwidth() <= hint.winfo_width()
    button = guide.close_button
    assert button.winfo_rootx() + button.winfo_width() <= x + width
    assert button.winfo_rooty() + button.winfo_height() <= y + height
    # the last topic can be reached
    guide.topics.selection_set("su-co")
    pump(root, 0.2)
    assert text.bbox("topic:su-co") is not None
    shot(root, "help-menu", scaling)
    close_help(root, guide)


def test_search_finds_what_is_typed_without_diacritics(root, window):
    window.helps.invoke(window.helps.index(GUIDE_LABEL))
    pump(root, 0.3)
    guide = help_window(root)
    guide.search.focus_force()
    pump(root, 0.05)
    for char in "sao luu":
        key = "space" if char == " " else char
        guide.search.event_generate("<KeyPress>", keysym=key, when="now")
        guide.search.event_generate("<KeyRelease>", keysym=key, when="now")
    pump(root, 0.4)
    assert guide.search.get() == "sao luu"
    assert guide.topics.get_children()[0] == "sao-luu"
    assert "Tìm thấy ở" in guide.found.cget("text")
    guide.search.event_generate("<KeyPress>", keysym="Return")  # Enter: the first topic found, its first place
    pump(root, 0.2)
    current = guide.text.tag_ranges("current_hit")
    assert current and fold(guide.text.get(*current)) == "sao luu"  # the words as typed, not each word
    assert guide.topics.selection() == ("sao-luu",) and guide.text.bbox("topic:sao-luu") is not None
    first = guide.text.index(current[0])
    guide.search.event_generate("<KeyPress>", keysym="Return")  # Enter again: the next place
    pump(root, 0.2)
    following = guide.text.tag_ranges("current_hit")
    assert guide.text.compare(following[0], ">", first) and guide.text.bbox(following[0]) is not None
    # nothing found: said, and the list is empty
    guide.search.delete(0, "end")
    guide.search.insert(0, "qwxz")
    guide.search.event_generate("<KeyRelease>", keysym="z")
    pump(root, 0.4)
    assert guide.topics.get_children() == () and guide.found.cget("text") == "Không tìm thấy “qwxz”."
    # emptied: every topic again
    guide.search.delete(0, "end")
    guide.search.event_generate("<KeyRelease>", keysym="BackSpace")
    pump(root, 0.4)
    assert "gioi-thieu" in guide.topics.get_children() and guide.found.cget("text") == ""


def test_f1_in_a_dialog_opens_its_topic_then_gives_the_dialog_back_its_keyboard(root, scaling, window):
    from cchc_desktop.app.presenters.setup_presenter import SetupPresenter
    from cchc_desktop.ui.dialogs import UnitDialog

    dialog = UnitDialog(root, "Thông tin đơn vị")
    setup = SetupPresenter(window.presenter.ws, dialog)
    dialog.presenter = setup
    setup.start()
    dialog.show()  # as Đơn vị → Thông tin đơn vị… shows it, without waiting here
    pump(root, 0.3)
    assert root.grab_current() is dialog
    name = dialog.widgets["name"][1]
    press_f1(root, name)
    guide = help_window(root)
    assert guide.winfo_viewable() and shown_at(guide, "khai-bao-don-vi")
    assert root.grab_current() is guide  # the guide can be read (scrolled, searched) over the modal dialog
    shot(root, "help-dialog", scaling)
    close_help(root, guide)
    assert root.grab_current() is dialog and dialog.focus_get() is not None
    dialog.cancel()
    pump(root)


def test_f1_at_the_first_start(root, tmp_path):
    from cchc_desktop.ui.dialogs import FirstStartDialog

    root.withdraw()
    try:
        dialog = FirstStartDialog(root, str(tmp_path / "cchc.sqlite"))
        dialog.show()
        pump(root, 0.3)
        press_f1(root, dialog.new_button)
        guide = help_window(root)
        assert guide.winfo_viewable() and shown_at(guide, "bat-dau")
        close_help(root, guide)
        assert root.grab_current() is dialog
        dialog.cancel()
        guide.destroy()
    finally:
        root.deiconify()


# ----- shortcuts ---------------------------------------------------------------------------------------
SHIFT, LOCK, CONTROL = 1, 2, 4  # X modifier bits; the state is given after the keysym, as a keyboard sends it
KEYS = [  # (key, modifiers, presenter method): plain, and with Caps Lock on (the letter arrives in the other case)
    ("e", CONTROL, "export_pdf"),
    ("E", CONTROL | LOCK, "export_pdf"),
    ("E", CONTROL | SHIFT, "export_xlsx"),
    ("e", CONTROL | SHIFT | LOCK, "export_xlsx"),
    ("i", CONTROL, "import_annexes"),
    ("I", CONTROL | LOCK, "import_annexes"),
    ("b", CONTROL, "backup"),
    ("B", CONTROL | LOCK, "backup"),
]


def key(widget, keysym: str, state: int) -> None:
    """A key pressed with modifiers (Tk would add Shift to a capital letter given in a sequence)."""
    widget.event_generate("<KeyPress>", keysym=keysym, state=state)


def record(monkeypatch, presenter, names=("import_annexes", "backup")) -> list[str]:
    """The presenter's actions a shortcut may call, recorded instead of done (an export as `export_<key>`)."""
    calls: list[str] = []
    for name in names:
        monkeypatch.setattr(presenter, name, lambda name=name: calls.append(name))
    monkeypatch.setattr(presenter, "export", lambda key: calls.append(f"export_{key}"))
    return calls


def test_each_shortcut_calls_what_its_menu_entry_calls(root, scaling, window, monkeypatch):
    entries = menu_entries(window)
    labels = (EXPORT_PDF_LABEL, EXPORT_XLSX_LABEL, IMPORT_LABEL, BACKUP_LABEL)
    shown = [entries[label][0].entrycget(entries[label][1], "accelerator") for label in labels]
    assert shown == ["Ctrl+E", "Ctrl+Shift+E", "Ctrl+I", "Ctrl+B"]
    calls = record(monkeypatch, window.presenter)
    window.nav.selection_set("tthc")
    pump(root)
    targets = [window.nav, next(iter(window.current_form.entries.values())), window.check_panel.tree]
    for target in targets:
        for keysym, state, method in KEYS:
            target.focus_force()
            pump(root, 0.05)
            calls.clear()
            key(target, keysym, state)
            pump(root, 0.05)
            assert calls == [method], (str(target), keysym, state, calls)


def test_a_shortcut_stores_what_is_being_typed_first(root, window, monkeypatch):
    presenter = window.presenter
    seen = {}

    def at_call(name):
        seen[name] = dict(presenter.ws.entry.stored_texts(presenter.period))

    monkeypatch.setattr(presenter, "export", lambda key: at_call(f"export_{key}"))
    monkeypatch.setattr(presenter, "import_annexes", lambda: at_call("import_annexes"))
    window.nav.selection_set("tthc")
    pump(root)
    form = window.current_form
    # a field typed without Enter, then Ctrl+E
    entry = form.entries["tthc.hs.tiep_nhan"]
    entry.focus_force()
    pump(root, 0.05)
    entry.select_range(0, "end")
    entry.event_generate("<Delete>")
    for digit in "1140":
        entry.event_generate("<KeyPress>", keysym=digit, when="now")
    key(entry, "e", CONTROL)
    pump(root, 0.1)
    assert seen["export_pdf"]["tthc.hs.tiep_nhan"] == "1140"
    # a grid cell being typed, then Ctrl+I: the digits are stored, no tab typed into the cell
    grid = next(iter(form.grids.values()))
    _kind, cap, row = grid.layout[0]
    column = grid.spec.columns[1][0]
    grid.sheet.select_cell(0, 1)
    grid.sheet.MT.focus_force()
    pump(root, 0.05)
    for digit in "73":
        root.focus_get().event_generate("<KeyPress>", keysym=digit)
        pump(root, 0.05)
    editor = root.focus_get()
    assert type(editor).__name__ == "TextEditorTkText" and editor.get("1.0", "end-1c") == "73"
    key(editor, "i", CONTROL)
    pump(root, 0.1)
    assert seen["import_annexes"][grid.spec.cell(column, cap, row)] == "73"
    assert grid.sheet.get_cell_data(0, 1) in ("73", 73)
    # a report text: Ctrl+I types no tab there either, and the text is stored first
    code = window.presenter.section.texts[0].code
    area = form.texts[code]
    area.focus_force()
    pump(root, 0.05)
    area.mark_set("insert", "1.0")
    for char in "Ghi nho":
        area.event_generate("<KeyPress>", keysym="space" if char == " " else char)
    key(area, "i", CONTROL)
    pump(root, 0.1)
    assert "\t" not in area.get("1.0", "end")
    assert presenter.texts.stored()[code].startswith("Ghi nho")


def test_no_shortcut_acts_while_a_dialog_is_open(root, window, monkeypatch):
    from cchc_desktop.app.presenters.about import workspace_facts
    from cchc_desktop.ui.about_dialog import AboutDialog

    calls = record(monkeypatch, window.presenter)
    dialog = AboutDialog(root, workspace_facts(window.presenter.ws))
    dialog.show()
    pump(root, 0.3)
    key(dialog.close_button, "e", CONTROL)
    key(dialog.close_button, "i", CONTROL)
    pump(root, 0.1)
    assert calls == [] and dialog.winfo_viewable()
    dialog.close()
    pump(root)


def test_ctrl_i_is_greyed_with_its_menu_entry(root, tmp_path, monkeypatch):
    from cchc_desktop.cli import main as cchc
    from db.connection import close_database

    ward = tmp_path / "phuong.sqlite"
    assert cchc(["--db", str(ward), "init", "--unit-code", "P1", "--unit-name", "UBND Phường 1"]) == 0
    close_database()
    with opened_window(root, ward, "2023-07") as window:
        files = window.files_menu
        assert files.entrycget(files.index(IMPORT_LABEL), "state") == "disabled"
        calls = record(monkeypatch, window.presenter)
        window.nav.focus_force()
        pump(root, 0.05)
        key(window.nav, "i", CONTROL)
        key(window.nav, "e", CONTROL)
        pump(root, 0.1)
        assert calls == ["export_pdf"]


def test_the_guide_is_printed_from_the_menu(root, window, tmp_path):
    from cchc_desktop.ui.dialogs import MessageDialog

    target = tmp_path / "Hướng dẫn.pdf"
    window.ask_save_path = lambda title, name, kind: str(target) if (title, kind) == ("In hướng dẫn", "pdf") else None
    said = []

    def done(dialog):
        said.append(dialog.text.cget("text"))
        dialog.ok.invoke()

    with DialogDriver(root) as driver:
        driver.expect(MessageDialog, done)
        window.helps.invoke(window.helps.index(PRINT_LABEL))
        end = time.time() + 60
        while driver.steps and time.time() < end:
            pump(root, 0.1)
    assert said == [f"Đã ghi hướng dẫn sử dụng để in:\n{target}"]
    assert target.read_bytes().startswith(b"%PDF")


def test_every_menu_path_the_guide_names_is_in_the_menus(root, window):
    import re

    from cchc_desktop.app.content.guide import COMMENT, GUIDE_FILE

    source = COMMENT.sub("", GUIDE_FILE.read_text(encoding="utf-8"))
    named = set(re.findall(r"\*\*([^*→\n]+?) → ([^*\n]+?)\*\*", source))
    assert len(named) >= 12
    bar = root.nametowidget(root.cget("menu"))
    menus = {}
    for position in range(bar.index("end") + 1):
        if bar.type(position) == "cascade":
            menu = bar.nametowidget(bar.entrycget(position, "menu"))
            labels = {menu.entrycget(i, "label") for i in range(menu.index("end") + 1) if menu.type(i) == "command"}
            menus[bar.entrycget(position, "label")] = labels
    missing = {(cascade, entry) for cascade, entry in named if entry not in menus.get(cascade, set())}
    assert missing == set()
