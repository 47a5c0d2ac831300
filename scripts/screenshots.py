"""Take screenshots of the main screens with the demo data under Xvfb → docs/screenshots/*.png.

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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHOTS = [
    ("01-chi-dao", "cd", None),
    ("02-thu-tuc-hanh-chinh", "tthc", None),
    ("03-ho-so-loi", "tthc", "tthc.hs.tiep_nhan"),
    ("04-to-chuc-bo-may", "tcbm", None),
    ("05-danh-gia-chung", "danh_gia", None),
    ("06-giai-trinh", "giai_trinh", None),
]


def start_xvfb() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    display = ":97"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
    os.environ["DISPLAY"] = display
    time.sleep(1.0)
    return proc


def settle(root, seconds: float = 0.4) -> None:
    end = time.time() + seconds
    while time.time() < end:
        root.update()
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="Tk scaling factor to imitate 125%% (1.25)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    xvfb = start_xvfb()
    try:
        from PIL import ImageGrab

        from cchc_desktop.app.demo import create_demo
        from cchc_desktop.gui_main import build, make_root

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp())
        db = folder / "demo.sqlite"
        create_demo(db)
        root = make_root()
        if args.scale != 1.0:
            root.tk.call("tk", "scaling", args.scale * 96 / 72)
        root.geometry("1366x740+0+0")
        ws, presenter, window = build(root, db, "2023-Q3")
        suffix = "" if args.scale == 1.0 else f"-{int(args.scale * 100)}"
        for name, section, focus in SHOTS:
            presenter.choose_section(section)
            if focus:
                index = next(i for i, v in enumerate(presenter.violations) if focus in v.codes)
                window.check_panel.select(index)
                presenter.activate_violation(index)
            settle(root)
            x, y = root.winfo_rootx(), root.winfo_rooty()
            image = ImageGrab.grab(xdisplay=os.environ["DISPLAY"])
            image.crop((0, 0, min(image.width, x + root.winfo_width()), min(image.height, y + root.winfo_height())))
            image.save(out / f"{name}{suffix}.png")
            print(out / f"{name}{suffix}.png")
        root.destroy()
        ws.close()
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        if xvfb is not None:
            xvfb.terminate()


if __name__ == "__main__":
    main()
