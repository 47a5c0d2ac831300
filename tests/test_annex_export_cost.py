"""Issue 20, item 5: a parent's Excel annex costs what its rows cost. The exported period is
consolidated once per export (the "cùng kỳ" and "lũy kế" columns read their own periods on the side,
each once), and the page breaks are built in one list, never appended one by one (openpyxl checks the
whole list again at each append: quadratic in the breaks)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.pagebreak import RowBreak

from cchc_desktop.app import Workspace
from cchc_desktop.app.outputs.exporting import export_file, prepare_xlsx
from cchc_desktop.app.usecases import consolidated
from db.connection import close_database
from exports.model import CheckRow
from exports.xlsx_annex import write_annex_xlsx
from tests.test_xlsx_annex import make_book


@pytest.fixture
def counted(monkeypatch) -> Counter:
    """The consolidations actually computed (not read from the workspace's cache), per period."""
    calls: Counter = Counter()
    compute = consolidated._consolidate

    def counting(ctx, reader, unit, period, template, children):
        calls[str(period)] += 1
        return compute(ctx, reader, unit, period, template, children)

    monkeypatch.setattr(consolidated, "_consolidate", counting)
    return calls


@pytest.mark.parametrize("period", ["2023-Q3", "2023"])
def test_the_window_export_consolidates_the_period_once(clean_demo_db, tmp_path, counted, period):
    with Workspace.open(clean_demo_db) as ws:
        assert ws.units.children(), "the demo city is a parent with children"
        export_file(ws, period, "xlsx", tmp_path / "phu-luc.xlsx")
    close_database()
    assert counted[period] == 1, counted
    assert max(counted.values()) == 1, counted  # each "cùng kỳ" / "lũy kế" period once too
    assert len(counted) > 1, counted  # those periods were read: the count is not trivially one


def test_the_command_line_export_consolidates_the_period_once(clean_demo_db, tmp_path, counted):
    with Workspace.open(clean_demo_db) as ws:
        writer = prepare_xlsx(ws, "2023-Q3", tmp_path / "phu-luc.xlsx")
        writer()
    close_database()
    assert counted["2023-Q3"] == 1, counted
    assert max(counted.values()) == 1, counted


def test_page_breaks_are_built_in_one_list(tmp_path, monkeypatch):
    """Many slips over many pages: every break is there, none added by RowBreak.append."""

    def refused(self, brk=None):
        raise AssertionError("RowBreak.append re-validates every break: build the list once")

    monkeypatch.setattr(RowBreak, "append", refused)
    slips = [
        CheckRow(
            rule=f"r{n}",
            importance="Cảnh báo",
            period="Quý III/2023",
            message=f"Số liệu thứ {n} lớn hơn tổng của nó, xin kiểm tra lại cách cộng các dòng",
            explanation="",
            section="Công tác chỉ đạo, điều hành",
            indicators="Số văn bản\nSố cuộc kiểm tra",
            group=f"UBND xã Số {n // 40:03d}",
        )
        for n in range(600)
    ]
    book = make_book()
    book.pl4 = slips
    target = write_annex_xlsx(book, Path(tmp_path) / "many.xlsx")
    sheet = openpyxl.load_workbook(target)["PL4 Kiểm tra số liệu"]
    breaks = [brk.id for brk in sheet.row_breaks.brk]
    assert len(breaks) > 20
    assert breaks == sorted(set(breaks))
    assert sheet.max_row > 600 + 15  # every slip and each unit's heading row
