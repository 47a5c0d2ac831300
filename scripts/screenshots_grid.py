"""Screenshots of the table grids and of the lists whose texts were cut → docs/screenshots/28–29-*.png.

28: the TTHC review grid of a new ward in July (typed by keys, a key refused on the “Cộng cấp xã”
row) and of the demo city (district and commune rows, the check list beside it); 29: Đơn vị →
Tình hình nhận báo cáo… of a city, and the form Thêm đơn vị trực thuộc.

Run: .venv/bin/python scripts/screenshots_grid.py [--scale 1.25]
Starts its own Xvfb (1366×768, 24-bit) when DISPLAY is not set.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import grab, settle, shooting, when_shown  # noqa: E402

WARD_ROWS = ("Tư pháp", "Nông nghiệp và Phát triển nông thôn", "Lao động - Thương binh và Xã hội", "Y tế", "Khác")


def keys(root, text: str) -> None:
    """Typed as the keyboard sends them, 5 ms apart, to whatever has the focus."""
    names = {"\t": "Tab", "\r": "Return"}
    for char in text:
        root.event_generate("<KeyPress>", keysym=names.get(char, char), when="tail")
        root.update()
        time.sleep(0.005)
    settle(root, 0.2)


def click(window, grid, row: int, column: int) -> None:
    table = grid.sheet.MT
    grid.sheet.see(row, column)
    window._scroll_to(grid.sheet)
    settle(window.root, 0.1)
    x = (table.col_positions[column] + table.col_positions[column + 1]) // 2 - int(table.canvasx(0))
    y = (table.row_positions[row] + table.row_positions[row + 1]) // 2 - int(table.canvasy(0))
    table.event_generate("<ButtonPress-1>", x=x, y=y, button=1)
    table.event_generate("<ButtonRelease-1>", x=x, y=y, button=1)
    settle(window.root, 0.1)


def window_shot(root, path: Path) -> None:
    grab(path, (0, 0, root.winfo_rootx() + root.winfo_width(), root.winfo_rooty() + root.winfo_height()))


def ward_grid(root, folder: Path, out: Path, suffix: str) -> None:
    from cchc_desktop.app import Workspace
    from cchc_desktop.gui_main import build
    from db.connection import close_database

    path = folder / "phuong.sqlite"
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="P-ANHOA", name="Ủy ban nhân dân phường An Hòa", short_name="UBND phường", place="An Hòa")
    ws.close()
    close_database()
    ws, presenter, window = build(root, path, "2023-07")
    presenter.choose_section("tthc")
    settle(root, 0.4)
    grid = window.current_form.grids["tthc.rs"]
    for label in WARD_ROWS:
        grid.cap_choice.set("Cấp xã")
        grid.row_choice.set(label)
        grid.add_button.invoke()
    settle(root, 0.2)
    click(window, grid, 0, 0)
    keys(root, "12\t5\t4\t3\t9\t\t2\t7\t")
    click(window, grid, 3, 0)
    keys(root, "1234\t")
    subtotal = next(n for n, (kind, _, _) in enumerate(grid.layout) if kind == "subtotal")
    click(window, grid, subtotal, 1)
    keys(root, "5")  # a key on the computed row: the grid says why it does not go in
    window.scroll.yview_moveto(0)
    settle(root, 0.3)
    window_shot(root, out / f"28-bang-ra-soat-phuong{suffix}.png")
    close(root, ws)


def city_grid(root, folder: Path, out: Path, suffix: str) -> None:
    from cchc_desktop.app.workspace.demo import create_demo
    from cchc_desktop.gui_main import build

    path = folder / "demo.sqlite"
    create_demo(path, as_printed=True)
    ws, presenter, window = build(root, path, "2023-Q3")
    presenter.choose_section("tthc")
    settle(root, 0.5)
    window.scroll.yview_moveto(0)
    settle(root, 0.3)
    window_shot(root, out / f"28-bang-ra-soat-thanh-pho{suffix}.png")
    close(root, ws)


def child_form(root, folder: Path, out: Path, suffix: str) -> None:
    from cchc_desktop.app import Workspace
    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.child_units import MENU_LABEL, ChildUnitDialog, ChildUnitsDialog
    from db.connection import close_database

    path = folder / "city.sqlite"
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="SADEC", name="UBND thành phố Sa Đéc", level="huyen")
    ws.close()
    close_database()
    ws, _presenter, window = build(root, path, "2023-Q3")
    settle(root, 0.3)

    def refused(dialog) -> None:
        dialog._save()  # nothing typed: the reason under the form
        settle(root, 0.2)
        grab(out / f"29-them-don-vi-truc-thuoc{suffix}.png")
        dialog.cancel()
        root.after(50, lambda: [w.close() for w in root.winfo_children() if isinstance(w, ChildUnitsDialog)])

    when_shown(root, [(ChildUnitsDialog, out / "_list.png", lambda d: d.after(10, d.add_button.invoke))])
    root.after(200, lambda: when_shown(root, [(ChildUnitDialog, out / "_form.png", refused)]))
    window.unit_menu.invoke(window.unit_menu.index(MENU_LABEL))
    for scratch in ("_list.png", "_form.png"):
        (out / scratch).unlink(missing_ok=True)
    close(root, ws)


def received(root, folder: Path, out: Path, suffix: str) -> None:
    from screenshot_received import build_city

    from cchc_desktop.gui_main import build
    from cchc_desktop.ui.received_status import MENU_LABEL, ReceivedStatusDialog

    city = build_city(folder / "nhan")
    ws, _presenter, window = build(root, city, "2023-Q3")
    settle(root, 0.5)

    def show_slips(dialog) -> None:
        with_slips = [code for code, row in dialog.rows.items() if row.slips]
        if with_slips:
            dialog.table.selection_set(with_slips[0])
            dialog.update()
        settle(root, 0.3)
        grab(out / f"29-tinh-hinh-nhan-bao-cao{suffix}.png")
        dialog.close()

    when_shown(root, [(ReceivedStatusDialog, out / f"29-tinh-hinh-nhan-bao-cao{suffix}.png", show_slips)])
    window.unit_menu.invoke(window.unit_menu.index(MENU_LABEL))
    close(root, ws)


def close(root, ws) -> None:
    ws.close()
    for child in root.winfo_children():
        child.destroy()
    root.configure(menu="")


def main() -> None:
    with shooting() as run:
        root, out, suffix, folder = run.root, run.out, run.suffix, run.folder
        (folder / "nhan").mkdir()
        ward_grid(root, folder, out, suffix)
        city_grid(root, folder, out, suffix)
        child_form(root, folder, out, suffix)
        received(root, folder, out, suffix)


if __name__ == "__main__":
    main()
