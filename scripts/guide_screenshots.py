"""The user guide's pictures → cchc_desktop/app/content/guide/anh/*.png, taken the way a clerk meets each screen.

From an empty data folder: the first start (bat-dau), the unit's declaration (khai-bao-don-vi), the new
ward's window (man-hinh-chinh), a month typed (nhap-so-lieu, bang-so-lieu), a report text with a live figure
(chen-so-lieu, so-lieu-song), a slip and its explanation (kiem-tra, giai-trinh), submitting (gui-bao-cao),
the export (xuat-xong, bao-cao-pdf), a damaged file's recovery (khoi-phuc). At the level above: the child
units of the demo city (don-vi-truc-thuoc), the import of annexes (nhap-phu-luc, the files of
scripts/screenshots_import.py), who has reported (tinh-hinh-nhan-bao-cao, scripts/screenshot_received.py),
a template pack installed (cai-mau-bao-cao). With --window, the help window itself at 100 % or 125 % →
docs/screenshots/60-huong-dan*.png, 61-huong-dan-tim*.png, 62-huong-dan-hop-thoai*.png.

Run (1366×768, no window manager; DISPLAY set, or its own Xvfb):
    .venv/bin/python scripts/guide_screenshots.py                 # the guide's pictures
    .venv/bin/python scripts/guide_screenshots.py --window [--scale 1.25]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.screenshots import settle, shooting  # noqa: E402
from tests.support.display import tk_scaling  # noqa: E402

GUIDE_IMAGES = ROOT / "cchc_desktop" / "app" / "content" / "guide" / "anh"
SHOTS = ROOT / "docs" / "screenshots"
NOW = datetime(2025, 9, 26, 9, 30)  # the new ward types September, in the third quarter
WARD = {
    "name": "Ủy ban nhân dân phường An Hòa",
    "code": "P-ANHOA",
    "short_name": "UBND phường",
    "body": "ỦY BAN NHÂN DÂN PHƯỜNG AN HÒA",
    "place": "An Hòa",
    "parent_name": "UBND tỉnh Đồng Tháp",
    "parent_code": "DONGTHAP",
    "signer_name": "Nguyễn Văn Bình",
    "recipients": "UBND tỉnh Đồng Tháp;\nSở Nội vụ tỉnh Đồng Tháp;\nLưu: VT, VP.",
}
SEPTEMBER = {  # a month as typed: received ≠ online + direct + carried over (a slip to explain)
    "tthc.hs.truc_tuyen": "412",
    "tthc.hs.truc_tiep": "57",
    "tthc.hs.ky_truoc": "23",
    "tthc.hs.tiep_nhan": "495",
}
REVIEW = {"Tư pháp": ("12", "4", "3", "5"), "Nông nghiệp và Phát triển nông thôn": ("9", "2", "", "7")}


def box_of(*widgets, pad: int = 0) -> tuple[int, int, int, int]:
    """The screen rectangle holding all widgets (left, top, right, bottom)."""
    lefts = [w.winfo_rootx() for w in widgets]
    tops = [w.winfo_rooty() for w in widgets]
    rights = [w.winfo_rootx() + w.winfo_width() for w in widgets]
    bottoms = [w.winfo_rooty() + w.winfo_height() for w in widgets]
    return min(lefts) - pad, min(tops) - pad, max(rights) + pad, max(bottoms) + pad


def window_box(root) -> tuple[int, int, int, int]:
    """The main window with its menu bar (drawn above the window's own area)."""
    return 0, 0, root.winfo_rootx() + root.winfo_width(), root.winfo_rooty() + root.winfo_height()


def grab(path: Path, box: tuple[int, int, int, int] | None = None) -> None:
    """The screen (or a rectangle of it) as a small PNG (a palette of 256 colours: screens need no more)."""
    from PIL import Image, ImageGrab

    image = ImageGrab.grab(xdisplay=os.environ["DISPLAY"])
    if box is not None:
        left, top, right, bottom = box
        image = image.crop((max(left, 0), max(top, 0), min(right, image.width), min(bottom, image.height)))
    image = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, optimize=True)
    print(path, image.size)


def when_shown(root, kind: type, action) -> None:
    """Run `action(dialog)` once a dialog of `kind` is on screen (the code that opens it is waiting)."""

    def poll() -> None:
        dialogs = [w for w in root.winfo_children() if isinstance(w, kind) and w.winfo_viewable()]
        if not dialogs:
            root.after(30, poll)
            return
        settle(root)
        action(dialogs[0])

    root.after(30, poll)


def shoot_dialog(path: Path, then=None):
    """An action for when_shown: photograph the dialog, then `then(dialog)` or cancel it."""

    def action(dialog) -> None:
        grab(path, box_of(dialog))
        if then is None:
            dialog.cancel()
        else:
            then(dialog)

    return action


def type_into(root, widget, text: str) -> None:
    """Type as a clerk does: the field focused, one key event per character, then Enter."""
    widget.focus_force()
    widget.delete(0, "end")
    for char in text:
        widget.insert("insert", char)
    widget.event_generate("<Return>")
    settle(root, 0.1)


# ----- the new ward, from an empty data folder -------------------------------------------------------
def first_start(root, folder: Path, out: Path):
    """The choice and the unit's form, filled in and saved: the window of the new ward."""
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.dialogs import FirstStartDialog, UnitDialog

    def fill(dialog) -> None:
        for key, value in WARD.items():
            _field, widget = dialog.widgets[key]
            if key == "recipients":
                widget.delete("1.0", "end")
                widget.insert("1.0", value)
            else:
                widget.delete(0, "end")
                widget.insert(0, value)
        dialog.widgets["name"][1].focus_force()
        settle(root)
        grab(out / "khai-bao-don-vi.png", box_of(dialog))
        dialog.save_button.invoke()

    when_shown(root, FirstStartDialog, shoot_dialog(out / "bat-dau.png", lambda d: d.new_button.invoke()))
    root.after(60, lambda: when_shown(root, UnitDialog, fill))
    built = build(root, folder / "CCHC Desktop" / "cchc.sqlite", clock=lambda: NOW)
    assert built is not None, "the first start was cancelled"
    return built


def ward_shots(root, ws, presenter, window, out: Path, documents: Path) -> None:
    from cchc_desktop.ui.dialogs import MessageDialog, QuestionDialog, TextDialog
    from cchc_desktop.ui.figure_dialog import FigureDialog

    root.deiconify()
    settle(root, 0.8)
    grab(out / "man-hinh-chinh.png", window_box(root))

    presenter.choose_section("tthc")
    settle(root)
    form = window.current_form
    for code, text in SEPTEMBER.items():
        type_into(root, form.entries[code], text)
    window._scroll_to(form.entries["tthc.hs.ky_truoc"])
    form.entries["tthc.hs.tiep_nhan"].focus_force()
    form.entries["tthc.hs.tiep_nhan"].icursor("end")
    settle(root)
    grab(out / "nhap-so-lieu.png", box_of(window.nav, window.scroll.container))

    grid = next(iter(form.grids.values()))
    for row, values in REVIEW.items():
        grid.cap_choice.current(len(grid.spec.caps) - 1)
        grid.row_choice.set(row)
        grid.add_button.invoke()
        settle(root, 0.2)
        texts = {}
        for (column, _label, _unit), value in zip(grid.spec.columns, values, strict=False):
            if value:
                texts[grid.spec.cell(column, "xa", next(k for k, label in grid.spec.rows if label == row))] = value
        presenter.commit_many(texts)
        settle(root, 0.2)
    window._scroll_to(grid)
    settle(root)
    grab(out / "bang-so-lieu.png", box_of(grid, pad=6))

    # the report text of II.2: a sentence typed before the generated ones, a live figure inserted in it
    code = presenter.section.texts[0].code
    area = form.texts[code]
    area.focus_force()
    area.mark_set("insert", "1.0")
    for char in "Trong quý, phường đã tiếp nhận ":
        area.insert("insert", char)
    settle(root)

    def pick(dialog) -> None:
        for char in "tổng số hồ sơ":
            dialog.search.insert("end", char)
        dialog.search.event_generate("<KeyRelease>")
        dialog.search.event_generate("<Down>")  # the first indicator found, selected
        settle(root, 0.3)
        grab(out / "chen-so-lieu.png", box_of(dialog))
        dialog.accept()

    when_shown(root, FigureDialog, pick)
    presenter.insert_figure(code)
    area.focus_force()
    for char in " hồ sơ thủ tục hành chính, phần lớn nộp trực tuyến.\n\n":
        area.insert("insert", char)
    window.flush()
    settle(root, 1.5)
    frame = area.master
    while frame is not None and frame.winfo_class() != "TLabelframe":
        frame = frame.master
    window._scroll_to(frame)
    settle(root, 0.6)
    grab(out / "so-lieu-song.png", box_of(frame, pad=4))

    # the slip: the check panel, the field outlined; then its explanation
    index = next(i for i, v in enumerate(presenter.violations) if v.importance == "error")
    window.check_panel.select(index)
    presenter.activate_violation(index)
    settle(root)
    grab(out / "kiem-tra.png", box_of(window.scroll.container, window.check_panel))

    def explain(dialog) -> None:
        for char in "Có 03 hồ sơ nộp trực tuyến ngày 30/9 được tiếp nhận vào tháng sau.":
            dialog.text.insert("insert", char)
        settle(root)
        grab(out / "giai-trinh.png", box_of(dialog))
        dialog.accept()

    when_shown(root, TextDialog, explain)
    presenter.explain_violation(index)
    settle(root)

    when_shown(root, QuestionDialog, shoot_dialog(out / "gui-bao-cao.png", lambda d: d.yes.invoke()))
    root.after(100, lambda: when_shown(root, MessageDialog, lambda d: d.ok.invoke()))
    presenter.submit()
    settle(root)

    from cchc_desktop.app.outputs.exporting import default_file_name

    target = documents / default_file_name(ws, "2025-Q3", "pdf")
    window.ask_save_path = lambda *_args: str(target)
    when_shown(root, MessageDialog, shoot_dialog(out / "xuat-xong.png", lambda d: d.ok.invoke()))
    presenter.export_pdf()
    end = time.time() + 60
    while not any(isinstance(w, MessageDialog) for w in root.winfo_children()) and time.time() < end:
        settle(root, 0.1)
    settle(root, 1.0)
    pdf_page(target, out / "bao-cao-pdf.png")
    target.unlink(missing_ok=True)


def pdf_page(pdf: Path, png: Path) -> None:
    """The first page of the exported report, its upper part, as a picture (pdftoppm, 80 dpi)."""
    from PIL import Image

    stem = png.with_suffix("")
    command = ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)]
    subprocess.run(command, check=True)
    with Image.open(png) as page:
        top = page.crop((0, 0, page.width, int(page.height * 0.62))).convert("RGB")
    top.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(png, optimize=True)
    print(png, top.size)


def recovery_shot(root, folder: Path, out: Path) -> None:
    """A damaged data file with its backups: the recovery dialog (closed without restoring)."""
    from cchc_desktop.app import Workspace
    from cchc_desktop.gui_main import open_or_recover
    from cchc_desktop.ui.recovery_dialog import RecoveryDialog
    from db.connection import close_database

    db = folder / "hong" / "cchc.sqlite"
    db.parent.mkdir()
    ws = Workspace.open(db, create=True, clock=lambda: NOW)
    ws.units.init_unit(code=WARD["code"], name=WARD["name"], short_name=WARD["short_name"], place=WARD["place"])
    ws.entry.set_values("2025-09", SEPTEMBER)
    made = ws.maintenance.backup()
    ws.close()
    close_database()
    made.rename(made.with_name("cchc-2025-09-26_163005-thu-cong.sqlite"))  # as if made that afternoon
    db.write_bytes(b"\x00" * 8192)
    when_shown(root, RecoveryDialog, shoot_dialog(out / "khoi-phuc.png"))
    assert open_or_recover(root, db) is None


# ----- the level above ---------------------------------------------------------------------------
def close_window(root, ws) -> None:
    ws.close()
    for child in root.winfo_children():
        child.destroy()
    root.configure(menu="")


def children_shot(root, folder: Path, out: Path) -> None:
    from cchc_desktop.app.workspace.demo import create_demo
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.child_units import ChildUnitsDialog

    db = folder / "mau.sqlite"
    create_demo(db)
    ws, presenter, window = build(root, db, "2023-Q3", clock=lambda: NOW)
    settle(root)
    when_shown(root, ChildUnitsDialog, shoot_dialog(out / "don-vi-truc-thuoc.png", lambda d: d.close()))
    presenter.edit_children()
    close_window(root, ws)


def import_shot(root, folder: Path, out: Path) -> None:
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui import import_dialog
    from cchc_desktop.ui.import_dialog import ImportDialog
    from scripts.screenshots_import import prepare

    city, files = prepare(folder / "nhap")
    ws, presenter, window = build(root, city, "2023-Q3", clock=lambda: NOW)
    settle(root)
    import_dialog.ImportDialog.ask_open_paths = lambda self: [str(path) for path in files]

    def shot(dialog) -> None:
        end = time.time() + 30
        while (len(dialog.table.get_children()) < len(files) or dialog.busy_now) and time.time() < end:
            settle(root, 0.1)
        dialog.table.selection_set(str(files[2]))  # a commune not declared yet: asks a choice
        settle(root)
        grab(out / "nhap-phu-luc.png", box_of(dialog))
        dialog.close_button.invoke()

    when_shown(root, ImportDialog, shot)
    root.after(200, lambda: None)
    presenter.import_annexes()
    close_window(root, ws)


def received_shot(root, folder: Path, out: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshot_received import build_city

    from cchc_desktop.app import Workspace
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.received_status import ReceivedStatusDialog

    target = folder / "nhan"
    target.mkdir()
    opening = Workspace.open.__func__
    received = datetime(2023, 9, 26, 8, 15)  # the city imports the files a few days before this picture

    def open_at(cls, *args, **options):
        return opening(cls, *args, **{**options, "clock": lambda: received})

    Workspace.open = classmethod(open_at)
    try:
        city = build_city(target)
    finally:
        Workspace.open = classmethod(opening)
    ws, presenter, window = build(root, city, "2023-Q3", clock=lambda: datetime(2023, 9, 27, 10, 0))
    settle(root)

    def shot(dialog) -> None:
        dialog.table.selection_set(dialog.table.get_children()[0])
        settle(root)
        grab(out / "tinh-hinh-nhan-bao-cao.png", box_of(dialog))
        dialog.close()

    when_shown(root, ReceivedStatusDialog, shot)
    presenter.show_received()
    close_window(root, ws)


def template_shot(root, folder: Path, out: Path) -> None:
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui import template_install
    from cchc_desktop.ui.dialogs import MessageDialog
    from tests.test_templates import _pack_folder, _zip

    pack = _zip(_pack_folder(folder / "goi"), folder / "mau-2024.1.zip")
    ws, presenter, window = build(root, folder / "CCHC Desktop" / "cchc.sqlite", "2025-09", clock=lambda: NOW)
    settle(root)
    template_install.filedialog.askopenfilename = lambda **_options: str(pack)
    when_shown(root, MessageDialog, shoot_dialog(out / "cai-mau-bao-cao.png", lambda d: d.ok.invoke()))
    window.files_menu.invoke(window.files_menu.index(template_install.MENU_LABEL))
    close_window(root, ws)


# ----- the help window itself (docs/screenshots, 100 % and 125 %) -------------------------------------
def window_shots(root, folder: Path, suffix: str) -> None:
    from cchc_desktop.app.workspace.demo import create_demo
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.dialogs import UnitDialog

    db = folder / "mau.sqlite"
    create_demo(db)
    ws, presenter, window = build(root, db, "2023-Q3", clock=lambda: NOW)
    settle(root)
    presenter.choose_section("tthc")
    settle(root)
    window.nav.focus_force()
    window.nav.event_generate("<F1>")
    settle(root, 1.0)
    help_window = root.help_launcher.window
    grab(SHOTS / f"60-huong-dan{suffix}.png")
    help_window.search.focus_force()
    settle(root, 0.1)
    for char in "giai trinh":
        help_window.search.insert("end", char)
    help_window.search.event_generate("<KeyRelease>", keysym="h")
    settle(root, 0.6)
    help_window.search.event_generate("<Return>")
    settle(root, 0.6)
    grab(SHOTS / f"61-huong-dan-tim{suffix}.png")
    help_window.close()
    settle(root)

    def f1(dialog) -> None:
        dialog.focus_force()
        dialog.event_generate("<F1>")
        settle(root, 1.0)
        grab(SHOTS / f"62-huong-dan-hop-thoai{suffix}.png")
        root.help_launcher.window.close()
        settle(root)
        dialog.cancel()

    when_shown(root, UnitDialog, f1)
    presenter.edit_unit()
    close_window(root, ws)


def main() -> None:
    def window_option(parser) -> None:
        parser.add_argument("--window", action="store_true", help="the help window → docs/screenshots/6x-*.png")

    with shooting(out=None, options=window_option, user_data=True, prefix="cchc-huong-dan-") as run:
        root, folder = run.root, run.folder  # user_data: the templates installed here stay here
        if run.args.window:
            root.tk.call("tk", "scaling", tk_scaling(run.args.scale))  # at 100 % too: the help window's pictures
            window_shots(root, folder, run.suffix)
        else:
            GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
            ws, presenter, window = first_start(root, folder, GUIDE_IMAGES)
            documents = folder / "Tài liệu"
            documents.mkdir()
            ward_shots(root, ws, presenter, window, GUIDE_IMAGES, documents)
            close_window(root, ws)
            template_shot(root, folder, GUIDE_IMAGES)
            children_shot(root, folder, GUIDE_IMAGES)
            import_shot(root, folder, GUIDE_IMAGES)
            received_shot(root, folder, GUIDE_IMAGES)
            recovery_shot(root, folder, GUIDE_IMAGES)


if __name__ == "__main__":
    main()
