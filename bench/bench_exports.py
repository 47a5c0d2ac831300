"""Benchmark of the exports (issue 4), as ratios against baselines measured in the same run.

1. PDF of the demo quarter (content + layout + write) against fpdf2 writing the same text with
   the same fonts and no layout logic (one multi_cell per paragraph): target ≤ 3× (issue 4), ≤ 1× (issue 20),
   and < 1 s.
2. XLSX annexes of the demo quarter against openpyxl writing the same cells bare (no styles,
   no formulas, no print setup): target ≤ 2× (issue 4), ≤ 1.5× (issue 20).

Run: .venv/bin/python bench/bench_exports.py [--repeat 5]
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

import openpyxl  # noqa: E402
from fpdf import FPDF  # noqa: E402
from timing import best_and_median  # noqa: E402

from cchc_desktop.app import Workspace  # noqa: E402
from cchc_desktop.app.content.annex_content import build_annex  # noqa: E402
from cchc_desktop.app.content.report_content import build_report  # noqa: E402
from cchc_desktop.app.outputs.exporting import prepare_pdf, prepare_xlsx  # noqa: E402
from cchc_desktop.app.workspace.demo import create_demo  # noqa: E402
from db.connection import close_database  # noqa: E402
from exports.fonts import find_serif_fonts  # noqa: E402
from exports.xlsx_annex import build_annex_workbook  # noqa: E402

PERIOD = "2023-Q3"


def bare_pdf(document, target: Path) -> None:
    fonts = find_serif_fonts()
    pdf = FPDF(format="A4")
    for style, path in fonts.items():
        pdf.add_font("serif", style, str(path))
    pdf.add_page()
    pdf.set_font("serif", "", 14)
    lines = [
        *document.issuing_body,
        document.number,
        document.place_date,
        document.title,
        document.subject,
        document.cutoff,
        *(block.text for block in document.blocks),
        document.authority_line,
        document.signer_title,
        document.signer_name,
        *document.recipients,
    ]
    for text in lines:
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))


def same_cells(book) -> dict[str, list[list[object]]]:
    """The values of every cell our writer fills, sheet by sheet (formulas as their text)."""
    workbook = build_annex_workbook(book)
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in workbook.worksheets}


def bare_xlsx(cells: dict[str, list[list[object]]], target: Path) -> None:
    """openpyxl writing the same cells with no styles, merges, print setup or protection."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in cells.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(target)


def show(label: str, best: float, median: float) -> None:
    print(f"{label:58s} {best:6.3f} s best, {median:6.3f} s median")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = folder / "demo.sqlite"
    create_demo(db)
    close_database()
    ws = Workspace.open(db)
    document = build_report(ws, PERIOD)
    book = build_annex(ws, PERIOD)
    print(f"demo {PERIOD}: {len(document.blocks)} report blocks, {len(book.pl1)} PL1 rows, {len(book.values)} values")
    prepare_pdf(ws, PERIOD, folder / "warm.pdf")()
    bare_pdf(document, folder / "warm-bare.pdf")

    ours_best, ours_median = best_and_median(lambda: prepare_pdf(ws, PERIOD, folder / "ours.pdf")(), args.repeat)
    bare_best, bare_median = best_and_median(lambda: bare_pdf(document, folder / "bare.pdf"), args.repeat)
    pages = len(__import__("pypdf").PdfReader(folder / "ours.pdf").pages)
    show(f"PDF, ours (content, layout, footnotes, atomic) {pages} pages", ours_best, ours_median)
    show("PDF, fpdf2 bare (same text and fonts, no layout)", bare_best, bare_median)
    print(
        f"RATIO pdf ours / bare: {ours_median / bare_median:.2f}x   (target ≤ 1x, issue 20; ≤ 3x, issue 4); "
        f"absolute {ours_median:.3f} s"
    )
    print("   (target < 1 s)")

    ours_best, ours_median = best_and_median(lambda: prepare_xlsx(ws, PERIOD, folder / "ours.xlsx")(), args.repeat)
    cells = same_cells(book)
    count = sum(1 for rows in cells.values() for row in rows for value in row if value is not None)
    bare_best, bare_median = best_and_median(lambda: bare_xlsx(cells, folder / "bare.xlsx"), args.repeat)
    show("XLSX, ours (content, styles, formulas, _cchc, atomic)", ours_best, ours_median)
    show(f"XLSX, openpyxl bare (same {count} cells, no styles)", bare_best, bare_median)
    print(f"RATIO xlsx ours / bare: {ours_median / bare_median:.2f}x   (target ≤ 1.5x, issue 20; ≤ 2x, issue 4)")
    ws.close()


if __name__ == "__main__":
    main()
