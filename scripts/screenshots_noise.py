"""Screenshots of issue 18's item 9 (noise) → docs/screenshots/50–54-*.png.

A ward that typed a few figures in July and August (its staff kept wrong: more women than staff
present, in both months) and its quarter's text; then its city, for contrast:
50 the ward's II.3 without the viên chức of đơn vị sự nghiệp it does not have (its last staff fields);
51 October, untouched, its new quarter's text copied from quý III: no check;
52 quý IV, the same: no check; 53 quý III: the slip kept in two months is one item, "Tháng 7, tháng 8";
54 the city's II.3 at its viên chức, which a city reports.

Run: .venv/bin/python scripts/screenshots_noise.py [--scale 1.25]  (DISPLAY set, or its own Xvfb)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from screenshots import settle, shooting  # noqa: E402


def make_unit(path: Path, level: str) -> Path:
    from cchc_desktop.app import Workspace
    from db.connection import close_database

    name = "Ủy ban nhân dân phường An Hòa" if level == "xa" else "Ủy ban nhân dân thành phố Sa Đéc"
    with Workspace.open(path, create=True) as ws:
        ws.units.init_unit(code=f"U-{level.upper()}", name=name, short_name=name.split(" ", 4)[-1], level=level)
        for month in ("2023-07", "2023-08"):
            ws.entry.set_values(
                month, {"cd.van_ban_chi_dao": "2", "tcbm.cc.giao": "20", "tcbm.cc.co_mat": "5", "tcbm.cc.nu": "6"}
            )
        ws.entry.set_values(
            "2023-Q3",
            {
                "nx.tthc": "Số hồ sơ từ kỳ trước chuyển qua: {tthc.hs.ky_truoc} hồ sơ; đang giải quyết: "
                "{tthc.hs.dang_giai_quyet} hồ sơ."
            },
        )
    close_database()
    return path


def shot(root, path: Path) -> None:
    from PIL import ImageGrab

    settle(root)
    x, y = root.winfo_rootx(), root.winfo_rooty()
    image = ImageGrab.grab(xdisplay=os.environ["DISPLAY"])
    image = image.crop((0, 0, min(image.width, x + root.winfo_width()), min(image.height, y + root.winfo_height())))
    image.save(path)
    print(path)


def main() -> None:
    with shooting() as run:
        from cchc_desktop.gui_main import build

        root, out, suffix, folder = run.root, run.out, run.suffix, run.folder
        ward = make_unit(folder / "phuong.sqlite", "xa")
        ws, presenter, window = build(root, ward, "2023-09")
        presenter.choose_section("tcbm")
        settle(root)
        window.focus_field("tcbm.cc.nn.chung_chi")  # the last staff field: the computed rates come next
        shot(root, out / f"50-phuong-to-chuc-bo-may{suffix}.png")
        presenter.choose_period("2023-10")
        presenter.choose_section("tthc")
        shot(root, out / f"51-phuong-thang-10-chua-nhap{suffix}.png")
        presenter.choose_period("2023-Q4")
        shot(root, out / f"52-phuong-quy-iv-chua-nhap{suffix}.png")
        presenter.choose_period("2023-Q3")
        presenter.choose_section("tcbm")
        index = next(i for i, v in enumerate(presenter.violations) if v.rule == "tcbm.cc.part")
        window.check_panel.select(index)
        shot(root, out / f"53-phuong-sai-sot-hai-thang{suffix}.png")
        ws.close()
        for child in root.winfo_children():
            child.destroy()
        root.configure(menu="")
        city = make_unit(folder / "thanh-pho.sqlite", "huyen")
        ws, presenter, window = build(root, city, "2023-09")
        presenter.choose_section("tcbm")
        settle(root)
        window.focus_field("tcbm.vc.giao")
        shot(root, out / f"54-thanh-pho-vien-chuc{suffix}.png")
        ws.close()


if __name__ == "__main__":
    main()
