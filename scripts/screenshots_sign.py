"""Screenshots of Tệp → Ký số báo cáo… on a new ward (docs/screenshots/20-ky-so*.png: the dialog filled in with
the report and annex just exported, a .p12 certificate of a test CA and the PIN typed; 20-ky-so-xong*.png:
after Ký; 20-ky-so-sai-pin*.png: a wrong password; 20-ky-so-trang*.png: the signed report's last page with the
stamp; the guide's picture anh/ky-so.png at 100 %). Run under the project's venv:
.venv/bin/python scripts/screenshots_sign.py [--scale 1.25]"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from guide_screenshots import box_of  # noqa: E402
from guide_screenshots import grab as guide_grab  # noqa: E402
from screenshots import grab, settle, shooting, when_shown  # noqa: E402

GUIDE_PICTURE = Path(__file__).resolve().parents[1] / "cchc_desktop/app/content/guide/anh/ky-so.png"


def main() -> None:
    with shooting(__doc__, user_data=True) as run:
        from cchc_desktop.app.usecases import signatures
        from cchc_desktop.cli import main as cchc
        from cchc_desktop.gui_main import build
        from cchc_desktop.ui.sign_dialog import SignDialog
        from tests.support.test_ca import PASSWORD, SIGNING_MOMENT, issue, make_root, write_pkcs12

        root, out, suffix, folder = run.root, run.out, run.suffix, run.folder
        db = folder / "phuong.sqlite"
        cchc(["--db", str(db), "init", "--unit-code", "P-ANHOA", "--unit-name", "UBND phường An Hòa",
              "--place", "Sa Đéc", "--frequency", "quarter"])  # fmt: skip
        cchc(["--db", str(db), "set", "--period", "2023-Q3", "tthc.hs.truc_tuyen=130", "tthc.hs.truc_tiep=50"])
        cchc(["--db", str(db), "report", "set", "--period", "2023-Q3", "nguoi_ky=Nguyễn Văn An"])
        report = folder / "Báo cáo CCHC quý III năm 2023 - UBND phường An Hòa.pdf"
        annex = folder / "Phụ lục CCHC quý III năm 2023 - UBND phường An Hòa.xlsx"
        cchc(["--db", str(db), "export", "pdf", "--period", "2023-Q3", "-o", str(report)])
        cchc(["--db", str(db), "export", "xlsx", "--period", "2023-Q3", "-o", str(annex)])
        ca = make_root()
        p12 = write_pkcs12(issue(ca, "Nguyễn Văn An", "UBND phường An Hòa"), ca, folder / "Nguyen Van An.p12")
        ws, presenter, window = build(root, db, "2023-Q3")
        ws.signatures.clock = lambda: SIGNING_MOMENT
        presenter.exports.last.update({("2023-Q3", "pdf"): report, ("2023-Q3", "xlsx"): annex})
        signatures.Signatures.token_libraries = staticmethod(lambda: [])  # this machine's are not the clerk's
        settle(root)

        def fill(dialog, secret: str) -> None:
            dialog.kind.set("pkcs12")
            dialog._kind_changed(str(p12))
            dialog.secret.focus_force()
            for letter in secret:
                dialog.secret.event_generate("<KeyPress>", keysym=letter if letter.isalnum() else "minus")
            settle(root)

        def wrong(dialog) -> None:
            fill(dialog, "sai-mat-khau")
            dialog.sign_button.invoke()
            wait(dialog)
            grab(out / f"20-ky-so-sai-pin{suffix}.png")
            fill(dialog, PASSWORD)
            if not suffix:
                guide_grab(GUIDE_PICTURE, box_of(dialog))
            grab(out / f"20-ky-so{suffix}.png")
            dialog.sign_button.invoke()
            wait(dialog)
            grab(out / f"20-ky-so-xong{suffix}.png")
            dialog.close()

        def wait(dialog) -> None:
            settle(root, 0.3)
            while dialog.presenter.busy:
                settle(root, 0.1)
            settle(root, 0.3)

        when_shown(root, [(SignDialog, out / f"20-ky-so-trong{suffix}.png", wrong)])
        presenter.sign_report()
        ws.close()
        signed = report.with_name(report.stem + "-da-ky.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(signed), str(folder / "trang")], check=True)
        last = sorted(folder.glob("trang*.png"))[-1]  # the signer's block is on the last page
        last.replace(out / f"20-ky-so-trang{suffix}.png")


if __name__ == "__main__":
    main()
