#!/usr/bin/env python3
"""The Word copy beside the PDF, for docs/report/: the clean demo's report exported both ways, the .docx laid
out by LibreOffice Writer, and each chosen page of the two side by side (PDF left, Word right) as PNG.

    .venv/bin/python scripts/word_copy_pictures.py            # pages 1 and the last
Needs LibreOffice (soffice, with Writer) and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "report"
PERIOD = "2023-Q3"
DPI = 70
GAP = 16


def run_cchc(db: Path, *args: str) -> None:
    from cchc_desktop.cli import main

    code = main(["--db", str(db), *args])
    if code:
        raise SystemExit(f"cchc {' '.join(args)} → {code}")


def page_png(pdf: Path, page: int, stem: Path) -> Path:
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    return stem.with_suffix(".png")


def side_by_side(left: Path, right: Path, target: Path) -> None:
    from PIL import Image, ImageDraw

    a, b = Image.open(left), Image.open(right)
    sheet = Image.new("RGB", (a.width + b.width + GAP, max(a.height, b.height)), "white")
    sheet.paste(a, (0, 0))
    sheet.paste(b, (a.width + GAP, 0))
    ImageDraw.Draw(sheet).line([(a.width + GAP // 2, 0), (a.width + GAP // 2, sheet.height)], fill="#999999")
    sheet.save(target, optimize=True)


def main() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("Cần LibreOffice (soffice) có Writer: apt-get install libreoffice-writer-nogui")
    from pypdf import PdfReader

    from cchc_desktop.app.workspace.demo import create_demo

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = work / "demo.sqlite"
        create_demo(db)
        run_cchc(db, "export", "pdf", "--period", PERIOD, "-o", str(work / "bao-cao.pdf"))
        run_cchc(db, "export", "docx", "--period", PERIOD, "-o", str(work / "bao-cao.docx"))
        profile = (work / "profile").as_uri()
        subprocess.run(
            [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
             "--outdir", str(work / "word"), str(work / "bao-cao.docx")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        word = work / "word" / "bao-cao.pdf"
        pdf_pages, word_pages = len(PdfReader(work / "bao-cao.pdf").pages), len(PdfReader(word).pages)
        shutil.copyfile(work / "bao-cao.docx", OUT / "bao-cao-mau-quy-III-2023.docx")
        for page in (1, pdf_pages):
            left = page_png(work / "bao-cao.pdf", page, work / f"pdf-{page}")
            right = page_png(word, min(page, word_pages), work / f"word-{page}")
            side_by_side(left, right, OUT / f"ban-word-trang-{page:02d}.png")
        print(f"PDF {pdf_pages} trang, bản Word (LibreOffice) {word_pages} trang → {OUT}")


if __name__ == "__main__":
    main()
