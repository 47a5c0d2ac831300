"""Screenshot of Gửi báo cáo on a new ward → docs/screenshots/40-gui-bao-cao-con-thieu*.png.

A ward that typed July only and never filled in its unit information asks to submit quý III from
July's view: the question lists what the report would lack before anything is locked (40); it is
answered Không.

Run: .venv/bin/python scripts/screenshots_submit.py [--scale 1.25]
Starts its own Xvfb (1366×768, 24-bit) when DISPLAY is not set.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import settle, start_xvfb, when_shown  # noqa: E402


def new_ward(path: Path) -> Path:
    from cchc_desktop.app import Workspace
    from db.connection import close_database

    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="P-ANHOA", name="Ủy ban nhân dân phường An Hòa", short_name="UBND phường")
    ws.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "3", "tthc.hs.tiep_nhan": "120"})
    ws.close()
    close_database()
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="Tk scaling factor to imitate 125%% (1.25)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    xvfb = start_xvfb()
    folder = Path(tempfile.mkdtemp())
    try:
        from cchc_desktop.gui_main import build, make_root
        from cchc_desktop.ui.action_question import ActionQuestionDialog

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        suffix = "" if args.scale == 1.0 else f"-{int(args.scale * 100)}"
        root = make_root()
        if args.scale != 1.0:
            root.tk.call("tk", "scaling", args.scale * 96 / 72)
        root.geometry("1366x740+0+0")
        ws, presenter, window = build(root, new_ward(folder / "cchc.sqlite"), "2023-07")
        settle(root)
        when_shown(root, [(ActionQuestionDialog, out / f"40-gui-bao-cao-con-thieu{suffix}.png", None)])
        presenter.submit()
        assert ws.reports.status("2023-Q3").status == "open"
        ws.close()
        root.destroy()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if xvfb is not None:
            xvfb.terminate()


if __name__ == "__main__":
    main()
