"""Screenshots of Kỳ báo cáo → Thông tin văn bản báo cáo… over the demo's window (docs/screenshots/
18-thong-tin-van-ban*.png; the refusal of an impossible date in 18-...-loi*.png; the guide's picture
anh/thong-tin-van-ban.png at 100 %). Run under the project's
venv: .venv/bin/python scripts/screenshots_report_header.py [--scale 1.25]"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from guide_screenshots import box_of  # noqa: E402
from guide_screenshots import grab as guide_grab  # noqa: E402
from screenshots import grab, settle, shooting, when_shown  # noqa: E402

GUIDE_PICTURE = Path(__file__).resolve().parents[1] / "cchc_desktop/app/content/guide/anh/thong-tin-van-ban.png"


def main() -> None:
    with shooting(__doc__) as run:
        from cchc_desktop.app.workspace.demo import create_demo
        from cchc_desktop.gui_main import build
        from cchc_desktop.ui.dialogs import ReportHeaderDialog

        root, out, suffix, folder = run.root, run.out, run.suffix, run.folder
        db = folder / "demo.sqlite"
        create_demo(db)
        ws, presenter, window = build(root, db, "2023-Q3")
        settle(root)

        def refused(dialog) -> None:
            if not suffix:  # the guide's picture: the dialog alone, at 100 %
                guide_grab(GUIDE_PICTURE, box_of(dialog))
            fields = {key: widget for key, (_, widget) in dialog.widgets.items()}
            fields["so"].insert(0, "31")
            fields["ngay"].delete(0, "end")
            fields["ngay"].insert(0, "31/9/2023")
            dialog._save()
            settle(root)
            grab(out / f"18-thong-tin-van-ban-loi{suffix}.png")
            dialog.cancel()

        when_shown(root, [(ReportHeaderDialog, out / f"18-thong-tin-van-ban{suffix}.png", refused)])
        presenter.edit_report_header()
        ws.close()


if __name__ == "__main__":
    main()
