"""Issue 17, case 13: a person's text is never a formula (OUTPUTS.md). In the exported annexes every text
cell is a string, and one starting with `=`, `+`, `-` or `@` carries the quote prefix, wherever it comes
from: unit and child unit names, the place and date line, the signer's block, explanations, labels."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import openpyxl

from cchc_desktop.app import Workspace
from cchc_desktop.app.outputs.exporting import prepare_xlsx
from cchc_desktop.app.workspace.demo import create_demo
from db.connection import close_database
from exports.xlsx_text import FORMULA_STARTS
from tests.test_xlsx_annex import make_book

OUR_FORMULAS = re.compile(r"=(IF|ROUND|SUM)\(")  # the totals and rates the exporter writes itself
SELF = {
    "name": "@UBND thành phố Sa Đéc",
    "place": "@Sa Đéc",
    "authority_line": "=TM. ỦY BAN NHÂN DÂN",
    "signer_title": "+CHỦ TỊCH",
    "signer_name": "-Nguyễn Văn A",
}
CHILD_NAMES = ["@UBND Phường 1", '=HYPERLINK("http://x","bấm")', "+1 phường", "-Phường 4"]
EXPLANATION = "=Chênh lệch do phần mềm Một cửa bảo trì"


def text_cells(path: Path) -> tuple[list[tuple[str, str, str, bool]], list[str]]:
    """Every text cell (sheet, address, text, quote prefix) and every formula of a workbook."""
    texts, formulas = [], []
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(str(cell.value))
                elif isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    texts.append((sheet.title, cell.coordinate, cell.value, bool(cell.quotePrefix)))
    return texts, formulas


def unprefixed(texts) -> list[tuple[str, str, str]]:
    return [
        (sheet, ref, text[:30]) for sheet, ref, text, quote in texts if text.startswith(FORMULA_STARTS) and not quote
    ]


def test_no_text_of_the_demo_or_of_a_unit_named_like_a_formula_is_a_formula(engine_target, tmp_path):
    create_demo(engine_target)
    close_database()
    target = tmp_path / "phu-luc.xlsx"
    with Workspace.open(engine_target) as ws:
        plain = tmp_path / "demo.xlsx"
        prepare_xlsx(ws, "2023-Q3", plain)()
        texts, _ = text_cells(plain)
        assert unprefixed(texts) == []
        ws.units.update_unit(**SELF)
        for child, name in zip(ws.units.children(), CHILD_NAMES, strict=False):
            ws.units.edit_child(child.code, name=name)
        ws.checks.explain("2023-Q3", "tthc.hs.bal", EXPLANATION)
        prepare_xlsx(ws, "2023-Q3", target)()
    texts, formulas = text_cells(target)
    assert unprefixed(texts) == []
    assert all(OUR_FORMULAS.match(formula) for formula in formulas), [f for f in formulas if not OUR_FORMULAS.match(f)]
    shown = {text for _, _, text, _ in texts}
    for text in [*SELF.values(), *CHILD_NAMES, EXPLANATION]:
        assert any(cell.startswith(text) or cell.startswith(text.upper()) for cell in shown), text
    starting = [item for item in texts if item[2].startswith(FORMULA_STARTS)]
    assert len(starting) >= 4 * 4 + len(CHILD_NAMES)  # the signature's four lines on every sheet, the children


def test_the_signature_block_writes_through_put_text(tmp_path):
    from exports.xlsx_annex import write_annex_xlsx

    book = replace(
        make_book(),
        place_date="@Sa Đéc, ngày 5 tháng 10 năm 2023",
        authority_line="=TM. ỦY BAN NHÂN DÂN",
        signer_title="+CHỦ TỊCH",
        signer_name="-Nguyễn Văn A",
    )
    texts, _ = text_cells(write_annex_xlsx(book, tmp_path / "a.xlsx"))
    assert unprefixed(texts) == []
    assert sum(text == "-Nguyễn Văn A" and quote for _, _, text, quote in texts) == 4  # one per sheet
