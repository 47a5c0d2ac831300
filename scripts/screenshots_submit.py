"""Screenshot of Gửi báo cáo on a new ward → docs/screenshots/40-gui-bao-cao-con-thieu*.png.

A ward that typed July only and never filled in its unit information asks to submit quý III from
July's view: the question lists what the report would lack before anything is locked (40); it is
answered Không.

Run: .venv/bin/python scripts/screenshots_submit.py [--scale 1.25]
Starts its own Xvfb (1366×768, 24-bit) when DISPLAY is not set.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.screenshots import settle, shooting, when_shown  # noqa: E402


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
    with shooting() as run:
        from cchc_desktop.gui_main import build
        from cchc_desktop.ui.action_question import ActionQuestionDialog

        root, out, suffix = run.root, run.out, run.suffix
        ws, presenter, window = build(root, new_ward(run.folder / "cchc.sqlite"), "2023-07")
        settle(root)
        when_shown(root, [(ActionQuestionDialog, out / f"40-gui-bao-cao-con-thieu{suffix}.png", None)])
        presenter.submit()
        assert ws.reports.status("2023-Q3").status == "open"
        ws.close()


if __name__ == "__main__":
    main()
