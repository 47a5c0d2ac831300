"""Benchmark of signing (issue 22), as ratios against baselines measured in the same run.

1. Signing the demo's report (PAdES B-B, visible stamp, PKCS#12 key of a test CA) against exporting the same
   report to PDF: what signing adds to the clerk's wait, and the file's growth in bytes.
2. `verify` of the signed report (integrity, chain to the installed root) against the same export.
3. Signing the demo's annex (CMS over its data sheet's header) against exporting the annex.
4. With SoftHSM2 installed: the same report signed on the emulated PKCS#11 token.

Run: .venv/bin/python bench/bench_signing.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("OPENPYXL_LXML", "False")  # openpyxl as the program uses it: exports/__init__.py

from timing import best_and_median  # noqa: E402

from cchc_desktop.app import Workspace  # noqa: E402
from cchc_desktop.app.outputs.exporting import export_file  # noqa: E402
from cchc_desktop.app.usecases.signatures import KeySource, Signatures  # noqa: E402
from cchc_desktop.app.workspace.demo import create_demo  # noqa: E402
from db.connection import close_database  # noqa: E402
from tests.support.softhsm import find_library, make_token  # noqa: E402
from tests.support.test_ca import PASSWORD, SIGNING_MOMENT, issue, make_root, write_pkcs12  # noqa: E402

PERIOD = "2023-Q3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-ky-"))
    db = folder / "demo.sqlite"
    create_demo(db)
    close_database()
    report, annex = folder / "bao-cao.pdf", folder / "phu-luc.xlsx"
    root = make_root()
    office = issue(root)
    p12 = write_pkcs12(office, root, folder / "ky.p12")
    (folder / "goc.pem").write_bytes(root.pem())
    signatures = Signatures(folder / "du-lieu", lambda: SIGNING_MOMENT)
    signatures.trust_add(folder / "goc.pem")
    with Workspace.open(db) as ws:
        export_pdf = best_and_median(lambda: export_file(ws, PERIOD, "pdf", report), args.repeat)
        export_xlsx = best_and_median(lambda: export_file(ws, PERIOD, "xlsx", annex), args.repeat)
    source = KeySource(pkcs12=p12)
    signatures.sign(source, PASSWORD, [report])  # warm-up: pyHanko's modules loaded once, as in the window
    sign_pdf = best_and_median(lambda: signatures.sign(source, PASSWORD, [report]), args.repeat)
    signed = signatures.signed_path(report)
    verify = best_and_median(lambda: signatures.verify(signed), args.repeat)
    assert signatures.verify(signed).ok
    sign_xlsx = best_and_median(lambda: signatures.sign(source, PASSWORD, [annex]), args.repeat)
    signed_annex = signatures.signed_path(annex)

    def line(name: str, timed: tuple[float, float], base: tuple[float, float], base_name: str) -> None:
        print(
            f"{name:<34} best {timed[0] * 1000:7.0f} ms  median {timed[1] * 1000:7.0f} ms"
            f"   = {timed[1] / base[1]:4.2f}× {base_name} ({base[1] * 1000:.0f} ms)"
        )

    print(f"Ký số (lặp {args.repeat} lần, trung vị; tỷ lệ so với xuất tệp cùng lượt chạy)")
    line("ký báo cáo PDF (tệp .p12)", sign_pdf, export_pdf, "xuất PDF")
    line("kiểm tra chữ ký (verify)", verify, export_pdf, "xuất PDF")
    line("ký phụ lục Excel (tệp .p12)", sign_xlsx, export_xlsx, "xuất Excel")
    grown = signed.stat().st_size - report.stat().st_size
    print(f"báo cáo: {report.stat().st_size:,} → {signed.stat().st_size:,} byte (+{grown:,}, "
          f"+{grown / report.stat().st_size:.0%})")  # fmt: skip
    grown = signed_annex.stat().st_size - annex.stat().st_size
    print(f"phụ lục: {annex.stat().st_size:,} → {signed_annex.stat().st_size:,} byte (+{grown:,})")
    if find_library() is not None:
        token = make_token(folder / "token", office, "Pin-7531")
        on_token = KeySource(pkcs11=token.library, token_label=token.label)
        signatures.sign(on_token, "Pin-7531", [report])
        line("ký báo cáo PDF (SoftHSM2, PKCS#11)", best_and_median(
            lambda: signatures.sign(on_token, "Pin-7531", [report]), args.repeat), export_pdf, "xuất PDF")  # fmt: skip
    else:
        print("SoftHSM2 chưa cài: bỏ qua phép đo trên thiết bị PKCS#11")


if __name__ == "__main__":
    main()
