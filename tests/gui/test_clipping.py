"""Nothing cut at 100 % and 125 %: the table grids' columns, the check list's “Nội dung”, the columns of
Tình hình nhận báo cáo (“Sai sót” the last) and the form Thêm đơn vị trực thuộc. Every text is measured
with tkinter.font in the font it is drawn with, against the width it is given on screen."""

from __future__ import annotations

import tkinter.font as tkfont

import pytest

from cchc_desktop.ui.check_panel import TEXT_LINES, UNIT_FONT
from cchc_desktop.ui.child_units import MENU_LABEL as CHILD_UNITS_LABEL
from cchc_desktop.ui.child_units import ChildUnitDialog, ChildUnitsDialog
from cchc_desktop.ui.received_status import MENU_LABEL as RECEIVED_LABEL
from cchc_desktop.ui.received_status import ReceivedStatusDialog
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import DialogDriver, assert_seen
from tests.gui.grid_driver import add_row, click_cell, data_row, fit_problems, type_keys
from tests.gui.test_grid_typing import grids_of_every_section
from tests.gui.test_grid_typing import new_ward as new_ward  # noqa: PLC0414 - the fixture, shared
from tests.test_import import import_files, run
from tests.test_import import parent as parent  # noqa: PLC0414 - the fixtures, shared
from tests.test_import_checks import files as files  # noqa: PLC0414
from tests.test_import_checks import sent as sent  # noqa: PLC0414

pytestmark = pytest.mark.gui

CELL_INSET = 8  # a Treeview draws a cell's text 4 px in from each side
LONG_NAME = "Ủy ban nhân dân xã Tân Khánh Đông, thành phố Sa Đéc"  # wider than the name column may be


def default_font() -> tkfont.Font:
    return tkfont.nametofont("TkDefaultFont")


def test_every_grid_fits_all_its_columns_empty_full_and_with_long_numbers(scaling, new_ward):
    window = new_ward
    for key, grid in grids_of_every_section(window):
        assert fit_problems(grid) == [], key  # an empty grid: the total row only
        for cap_label in dict(grid.spec.caps).values():
            for _, label in grid.spec.rows:  # every row there can be, the longest labels with them
                add_row(window, grid, cap_label, label)
        assert len([k for k, _, _ in grid.layout if k == "cell"]) == len(grid.spec.caps) * len(grid.spec.rows)
        row = data_row(grid, grid.spec.caps[0][0], grid.spec.rows[2][0])
        click_cell(window, grid, row, 0)
        type_keys(window.root, "1234567\t\t\t7654321\t")  # totals of 7 digits, and a typed one
        pump(window.root, 0.2)
        assert grid.sheet.get_cell_data(row, 0) == "1.234.567"
        assert fit_problems(grid) == [], key
        table = grid.sheet.MT
        assert table.col_positions[-1] <= table.winfo_width()  # the last column (Kiến nghị giữ nguyên) whole
        assert grid.sheet.RI.current_width + table.winfo_width() <= grid.sheet.winfo_width()


def check_list_problems(panel) -> list[str]:
    """Rows of the check list whose text is wider than the “Nội dung” column or taller than a row."""
    tree = panel.tree
    plain, bold = default_font(), tkfont.Font(font=UNIT_FONT)
    width = int(tree.column("text", "width")) - CELL_INSET
    level_width = int(tree.column("level", "width")) - CELL_INSET
    row_height = int(tree.tk.call("ttk::style", "lookup", str(tree.cget("style")), "-rowheight"))
    problems = []
    for iid, text, heading in panel.texts:
        font = bold if heading else plain
        shown = str(tree.set(iid, "text"))
        lines = shown.split("\n")
        if len(lines) > TEXT_LINES or len(lines) * font.metrics("linespace") > row_height:
            problems.append(f"{shown!r}: {len(lines)} lines in a row of {row_height} px")
        problems += [f"{line!r} wider than {width}" for line in lines if font.measure(line) > width]
        words = " ".join(lines).removesuffix("…").split()
        if words != text.split()[: len(words)]:  # whole words, the text's first ones
            problems.append(f"{shown!r} is not the start of {text!r}")
        level = str(tree.set(iid, "level"))
        if plain.measure(level) > level_width:
            problems.append(f"level {level!r} wider than {level_width}")
    return problems


def test_the_check_list_shows_each_slip_within_its_column(scaling, demo_db, root):
    with opened_window(root, demo_db, "2023-Q3") as window:
        panel = window.check_panel
        assert len(panel.texts) >= 3
        assert any(text.count(" ") > 12 for _, text, _ in panel.texts), "the demo has long slips to wrap"
        assert check_list_problems(panel) == []
        item = panel.items[0]
        panel.select(item.index)
        pump(root, 0.1)
        assert panel.detail_text() == item.text  # the whole text, under the list
        window.nav.selection_set("tthc")  # another section: the panel keeps its width, the texts still fit
        pump(root, 0.3)
        assert check_list_problems(panel) == []


def tree_problems(dialog, table) -> list[str]:
    """Cells wider than their column, a column past the table's width, a table past the dialog."""
    font = default_font()
    shown = [str(key) for key in table.cget("displaycolumns")]
    columns = [str(key) for key in table.cget("columns")]
    row_height = int(table.tk.call("ttk::style", "lookup", str(table.cget("style")) or "Treeview", "-rowheight"))
    problems = []
    total = 0
    for key in shown:
        width = int(table.column(key, "width"))
        total += width
        heading = str(table.heading(key, "text"))
        if font.measure(heading) > width - CELL_INSET:
            problems.append(f"heading {heading!r} wider than {width}")
        for iid in table.get_children():
            text = str(table.item(iid, "values")[columns.index(key)])
            lines = text.split("\n")
            if len(lines) * font.metrics("linespace") > row_height:
                problems.append(f"{text!r} taller than a row ({row_height} px)")
            problems += [
                f"{key}: {line!r} wider than {width}" for line in lines if font.measure(line) > width - CELL_INSET
            ]
    if total > table.winfo_width():
        problems.append(f"columns {total} px in a table {table.winfo_width()} px wide")
    right = table.winfo_rootx() + table.winfo_width()
    if right > dialog.winfo_rootx() + dialog.winfo_width():
        problems.append("the table runs past the dialog")
    return problems


def test_who_has_reported_shows_every_column_whole_sai_sot_the_last(root, scaling, parent, sent):
    assert run(parent, "units", "add", "--code", "TKD", "--name", LONG_NAME, "--level", "xa") == 0
    import_files(parent, [sent["P1"], sent["AH"]])
    seen = []

    def table(dialog):
        assert_seen(dialog)
        assert tree_problems(dialog, dialog.table) == []
        values = {iid: dialog.table.item(iid, "values") for iid in dialog.table.get_children()}
        assert values["P1"][-1].replace("\n", " ") in ("Không có sai sót",) or "lỗi" in values["P1"][-1]
        assert values["TKD"][0].replace("\n", " ") == LONG_NAME  # wrapped onto two lines, not cut
        seen.append(dialog.table.winfo_width())
        dialog.close()

    with opened_window(root, parent, "2023-Q3") as window:
        with DialogDriver(window.root) as driver:
            driver.expect(ReceivedStatusDialog, table)
            window.unit_menu.invoke(window.unit_menu.index(RECEIVED_LABEL))
    assert seen


def widget_problems(dialog) -> list[str]:
    """Labels given less than they need (cut), plain labels whose text is wider than the label, and
    widgets outside the dialog or below its visible body (a field to scroll to)."""
    problems = []
    right = dialog.winfo_rootx() + dialog.winfo_width()
    bottom = dialog.winfo_rooty() + dialog.winfo_height()

    def walk(widget) -> None:
        for child in widget.winfo_children():
            if not child.winfo_ismapped():
                continue
            if child.winfo_rootx() + child.winfo_width() > right or child.winfo_rooty() + child.winfo_height() > bottom:
                problems.append(f"{child.winfo_class()} {child} outside the dialog")
            if child.winfo_class() == "TLabel":
                text = str(child.cget("text"))
                font = tkfont.Font(font=child.cget("font") or "TkDefaultFont")
                if child.winfo_width() < child.winfo_reqwidth() or child.winfo_height() < child.winfo_reqheight():
                    problems.append(f"label {text!r} cut: {child.winfo_width()} < {child.winfo_reqwidth()}")
                if str(child.cget("wraplength")) in ("", "0") and font.measure(text) > child.winfo_width():
                    problems.append(f"label {text!r} wider than {child.winfo_width()}")
            walk(child)

    walk(dialog)
    return problems


def test_the_child_unit_form_fits_without_scrolling(root, scaling, parent):
    seen = []

    def listed(dialog):
        assert_seen(dialog)
        dialog.after(10, dialog.add_button.invoke)

    def form(dialog):
        assert_seen(dialog)
        assert dialog.frame.winfo_ismapped()
        dialog.save_button.invoke()  # nothing typed: the reason under the form, the form as wide as before
        dialog.update_idletasks()  # (no event loop inside a driver's step)
        assert "không được để trống" in dialog.error.cget("text")
        assert not dialog.body.bar.winfo_ismapped(), "every field seen without scrolling"
        assert dialog.body.inner.winfo_reqheight() <= dialog.body.canvas.winfo_height()
        assert widget_problems(dialog) == []
        seen.append(dialog)
        dialog.cancel()

    with opened_window(root, parent, "2023-Q3") as window:
        with DialogDriver(window.root) as driver:
            driver.expect(ChildUnitsDialog, listed).expect(ChildUnitDialog, form)
            driver.expect(ChildUnitsDialog, lambda dialog: dialog.after(10, dialog.close))
            window.unit_menu.invoke(window.unit_menu.index(CHILD_UNITS_LABEL))
    assert seen
