"""Screenshots of Tệp → Nhập số liệu từ Hệ thống Một cửa… on a new ward (docs/screenshots/19-mot-cua*.png: the
preview of an official Biểu II.06a export; 19-mot-cua-loi*.png: a file refused, text in a number cell; the
guide's picture anh/mot-cua.png at 100 %). Run under the project's venv:
.venv/bin/python scripts/screenshots_onestop.py [--scale 1.25]"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from guide_screenshots import box_of  # noqa: E402
from guide_screenshots import grab as guide_grab  # noqa: E402
from screenshots import settle, shooting, when_shown  # noqa: E402

GUIDE_PICTURE = Path(__file__).resolve().parents[1] / "cchc_desktop/app/content/guide/anh/mot-cua.png"


def main() -> None:
    with shooting(__doc__) as run:
        from cchc_desktop.cli import main as cchc
        from cchc_desktop.gui_main import build
        from cchc_desktop.ui import onestop_dialog
        from cchc_desktop.ui.onestop_dialog import OneStopDialog
        from tests.support import onestop_files as files

        root, out, suffix, folder = run.root, run.out, run.suffix, run.folder
        db = folder / "phuong.sqlite"
        cchc(["--db", str(db), "init", "--unit-code", "P-ANHOA", "--unit-name", "UBND phường An Hòa",
              "--place", "Sa Đéc", "--frequency", "quarter"])  # fmt: skip
        cchc(["--db", str(db), "set", "--period", "2023-Q3", "tthc.hs.truc_tuyen=130", "tthc.hs.truc_tiep=50"])
        good = files.official(folder / "Biểu II.06a quý III năm 2023.xlsx")
        bad = files.with_text_in_a_number(folder / "Biểu II.06a (sửa tay).xlsx")
        ws, presenter, window = build(root, db, "2023-Q3")
        settle(root)

        def shown(dialog) -> None:
            if not suffix:
                guide_grab(GUIDE_PICTURE, box_of(dialog))
            dialog.cancel()

        chosen = iter([good, bad])
        onestop_dialog.filedialog.askopenfilename = lambda **options: str(next(chosen))
        when_shown(root, [(OneStopDialog, out / f"19-mot-cua{suffix}.png", shown)])
        presenter.import_onestop()
        when_shown(root, [(OneStopDialog, out / f"19-mot-cua-loi{suffix}.png", lambda dialog: dialog.cancel())])
        presenter.import_onestop()
        ws.close()


if __name__ == "__main__":
    main()
