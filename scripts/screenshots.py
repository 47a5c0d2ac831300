"""Take screenshots of the main screens and of every dialog under Xvfb → docs/screenshots/*.png.

The dialogs are reached the way a clerk reaches them: the first start from an empty data folder
(10, 11), then, over the demo's main window, the unit information (12), an explanation (13), the
question before submitting (14), a message (15) and the figure picker of a report text (16).
Each dialog is photographed on the whole 1366×768 screen, where it is shown, and then cancelled.

Run: .venv/bin/python scripts/screenshots.py [--scale 1.25]
Starts its own Xvfb (1366×768, 24-bit) when DISPLAY is not set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.display import make_window, virtual_display  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "screenshots"

SHOTS = [
    ("01-chi-dao", "cd", None),
    ("02-thu-tuc-hanh-chinh", "tthc", None),
    ("03-ho-so-loi", "tthc", "tthc.hs.tiep_nhan"),
    ("04-to-chuc-bo-may", "tcbm", None),
    ("05-danh-gia-chung", "danh_gia", None),
    ("06-giai-trinh", "giai_trinh", None),
    ("07-noi-dung-bao-cao", "tc", "nx.tc"),
    ("20-the-che", "tc", None),
    ("21-cong-vu", "cv", None),
    ("22-tai-chinh-cong", "tcc", None),
    ("23-chinh-quyen-so", "cds", None),
    ("24-phuong-huong", "phuong_huong", None),
    ("25-kien-nghi", "kien_nghi", None),
]
# A new ward in a month of the quarter: its text area edits the quarter's report text.
WARD_SHOTS = [("26-phuong-moi-thang-7", "cd", None), ("27-phuong-moi-noi-dung", "cd", "nx.cd")]


class Shooting:
    """What a screenshot script works with: the window root, where the pictures go, the file-name suffix of
    the scale ("" at 100 %, "-125" at 125 %), a temporary folder for its data, and its parsed arguments."""

    def __init__(self, root, out: Path | None, suffix: str, folder: Path, args: argparse.Namespace):
        self.root, self.out, self.suffix, self.folder, self.args = root, out, suffix, folder, args


@contextmanager
def shooting(
    description: str | None = None,
    *,
    out: Path | None = DEFAULT_OUT,
    options: Callable[[argparse.ArgumentParser], None] | None = None,
    user_data: bool = False,
    prefix: str | None = None,
) -> Iterator[Shooting]:
    """The skeleton every screenshot script shares: `--scale` (and `--out`, unless `out` is None; `options`
    adds the script's own), a display (DISPLAY, or an Xvfb without a window manager started for the run),
    a temporary folder (with an empty user data folder in it when `user_data`), and the program's root at
    1366×740 with Tk scaling set for 125 % (at 100 % the display's own, as the pictures were always taken).
    The root is destroyed, the folder removed and the Xvfb stopped at the end."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=float, default=1.0, help="Tk scaling factor to imitate 125%% (1.25)")
    if out is not None:
        parser.add_argument("--out", default=str(out))
    if options is not None:
        options(parser)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if user_data:
        os.environ["XDG_DATA_HOME"] = str(folder / "xdg")  # an empty user data folder
        os.environ.pop("CCHC_DB", None)
    try:
        with virtual_display():
            target = None
            if out is not None:
                target = Path(args.out)
                target.mkdir(parents=True, exist_ok=True)
            root = make_window(None if args.scale == 1.0 else args.scale)
            suffix = "" if args.scale == 1.0 else f"-{int(args.scale * 100)}"
            yield Shooting(root, target, suffix, folder, args)
            root.destroy()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def settle(root, seconds: float = 0.4) -> None:
    end = time.time() + seconds
    while time.time() < end:
        root.update()
        time.sleep(0.02)


def grab(path: Path, box: tuple[int, int, int, int] | None = None) -> None:
    from PIL import ImageGrab

    image = ImageGrab.grab(xdisplay=os.environ["DISPLAY"])
    if box is not None:
        image = image.crop((0, 0, min(image.width, box[2]), min(image.height, box[3])))
    image.save(path)
    print(path)


def when_shown(root, shots: list[tuple[type, str, object]]) -> None:
    """Photograph each dialog of shots (its class, file, what to do then) once it is on screen."""
    from cchc_desktop.ui.modal import Modal

    pending = list(shots)

    def poll() -> None:
        if not pending:
            return
        kind, path, then = pending[0]
        dialogs = [w for w in root.winfo_children() if isinstance(w, kind) and w.winfo_viewable()]
        if not dialogs:
            root.after(30, poll)
            return
        dialog = dialogs[0]
        settle(root)
        grab(path)
        pending.pop(0)
        then(dialog) if then else dialog.cancel()
        root.after(30, poll)

    assert all(issubclass(kind, Modal) for kind, _, _ in shots)
    root.after(30, poll)


def dialog_shots(root, out: Path, suffix: str, folder: Path) -> None:
    """The first start from an empty data folder: the choice, then the unit declaration (cancelled)."""
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.dialogs import FirstStartDialog, UnitDialog

    def fill_in_error(dialog) -> None:
        dialog._save()
        settle(root)
        grab(out / f"11-khai-bao-don-vi-loi{suffix}.png")
        dialog.cancel()

    when_shown(
        root,
        [
            (FirstStartDialog, out / f"10-bat-dau{suffix}.png", lambda d: d._pick("new")),
            (UnitDialog, out / f"11-khai-bao-don-vi{suffix}.png", fill_in_error),
        ],
    )
    assert build(root, folder / "moi" / "cchc.sqlite") is None


def window_dialog_shots(root, window, presenter, out: Path, suffix: str) -> None:
    """Dialogs over the main window, reached through the presenter as a click would."""
    from cchc_desktop.ui.dialogs import MessageDialog, QuestionDialog, TextDialog, UnitDialog
    from cchc_desktop.ui.figure_dialog import FigureDialog

    presenter.choose_section("tthc")
    settle(root)

    def search(dialog) -> None:
        dialog.search.insert(0, "hồ sơ")
        dialog.search.event_generate("<KeyRelease>")
        settle(root, 0.3)
        grab(out / f"16-chen-so-lieu-tim{suffix}.png")
        dialog.cancel()

    when_shown(root, [(FigureDialog, out / f"16-chen-so-lieu{suffix}.png", search)])
    presenter.insert_figure("nx.tthc")
    presenter.choose_section("giai_trinh")
    when_shown(root, [(UnitDialog, out / f"12-thong-tin-don-vi{suffix}.png", None)])
    presenter.edit_unit()
    index = next(i for i, v in enumerate(presenter.violations) if v.importance == "error")
    when_shown(root, [(TextDialog, out / f"13-giai-trinh{suffix}.png", None)])
    presenter.explain_violation(index)
    # Submitting asks its question only once no error stands unexplained: explain it, as a clerk would.
    presenter.ws.checks.explain("2023-Q3", presenter.violations[index].rule, "Số trực tuyến gồm hồ sơ chuyển tiếp.")
    presenter.recheck()
    when_shown(root, [(QuestionDialog, out / f"14-hoi-co-khong{suffix}.png", None)])
    presenter.submit()
    when_shown(root, [(MessageDialog, out / f"15-thong-bao{suffix}.png", None)])
    window.show_message("Xuất báo cáo PDF", "Đã xuất tệp:\n/home/van-thu/Tài liệu/Báo cáo CCHC quý III năm 2023.pdf")
    # Another clerk changes a figure the window shows; the clerk then types another value over it.
    presenter.choose_section("tthc")
    settle(root)
    other = dict(os.environ, USER="chi.lan", LOGNAME="chi.lan")
    command = [sys.executable, "-m", "cchc_desktop.cli", "--db", str(presenter.ws.path)]
    subprocess.run([*command, "set", "--period", "2023-Q3", "tthc.hs.tiep_nhan=1150"], env=other, check=True)
    when_shown(root, [(QuestionDialog, out / f"17-nguoi-khac-vua-sua{suffix}.png", None)])
    presenter.commit_field("tthc.hs.tiep_nhan", "1.140")


def window_shots(root, window, presenter, shots, out: Path, suffix: str) -> None:
    """Each (name, section, focus): the section, scrolled to a violation's field or to a text area."""
    from PIL import ImageGrab

    for name, section, focus in shots:
        presenter.choose_section(section)
        settle(root)
        if focus and focus.startswith("nx."):
            window.focus_field(focus)
            settle(root)
            window.scroll.yview_moveto(1.0)  # the text and its preview, at the foot of the section
        elif focus:
            index = next(i for i, v in enumerate(presenter.violations) if focus in v.codes)
            window.check_panel.select(index)
            presenter.activate_violation(index)
        settle(root)
        x, y = root.winfo_rootx(), root.winfo_rooty()
        image = ImageGrab.grab(xdisplay=os.environ["DISPLAY"])
        image = image.crop((0, 0, min(image.width, x + root.winfo_width()), min(image.height, y + root.winfo_height())))
        image.save(out / f"{name}{suffix}.png")
        print(out / f"{name}{suffix}.png")


def new_ward(path: Path) -> Path:
    """A ward that has typed July and August and started its quarter's text."""
    from cchc_desktop.app import Workspace
    from db.connection import close_database

    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="P-ANHOA", name="Ủy ban nhân dân phường An Hòa", short_name="UBND phường", place="An Hòa")
    ws.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "3", "cd.giao.tong": "2", "cd.giao.dung_han": "2"})
    ws.entry.set_values("2023-08", {"cd.van_ban_chi_dao": "4", "cd.sk.tap_the": "1", "cd.sk.mo_hinh": "2"})
    ws.entry.set_values(
        "2023-Q3",
        {
            "nx.cd": "Trong {period}, {unit_short} đã ban hành {cd.van_ban_chi_dao} văn bản chỉ đạo, hướng dẫn "
            "triển khai công tác cải cách hành chính (*tập trung vào cải cách TTHC và chuyển đổi số*)^[Kế hoạch "
            "số 12/KH-UBND ngày 5/7/2023 của UBND phường.].\n\n"
            "Đã khen thưởng {cd.sk.tap_the} tập thể với {cd.sk.mo_hinh} mô hình, sáng kiến mới; "
            "hoàn thành **{rate.cd.giao}** nhiệm vụ cấp trên giao."
        },
    )
    ws.close()
    close_database()
    return path


def main() -> None:
    with shooting() as run:
        from cchc_desktop.app.workspace.demo import create_demo
        from cchc_desktop.gui_main import build

        root, out, suffix, folder = run.root, run.out, run.suffix, run.folder
        db = folder / "demo.sqlite"
        create_demo(db, as_printed=True)  # the reference's own slips, marked in red
        dialog_shots(root, out, suffix, folder)
        ws, presenter, window = build(root, db, "2023-Q3")
        window_shots(root, window, presenter, SHOTS, out, suffix)
        window_dialog_shots(root, window, presenter, out, suffix)
        ws.close()
        for child in root.winfo_children():
            child.destroy()
        root.configure(menu="")
        ward = new_ward(folder / "phuong.sqlite")
        ws, presenter, window = build(root, ward, "2023-07")
        window_shots(root, window, presenter, WARD_SHOTS, out, suffix)
        ws.close()


if __name__ == "__main__":
    main()
