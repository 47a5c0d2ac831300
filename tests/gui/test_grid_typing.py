"""Typing into the table grids of a new ward's window, from an empty data folder, at 100 % and 125 %.

Every grid of every section is typed into with the mouse and the keys as a clerk types (figures left
out in places, Tab at the last column, Enter, fast typing with 5 ms between keys); every value is read
back from the database through the application layer, and nothing is stored on a total row. The walk
at 125 % types three months of the TTHC review grid, switching periods between, and loses nothing.
"""

from __future__ import annotations

import pytest

from cchc_desktop.app.presenters.grid_moves import READ_ONLY_NOTE
from cchc_desktop.gui_main import build
from cchc_desktop.ui.dialogs import FirstStartDialog, UnitDialog
from db.connection import close_database
from tests.gui.conftest import FIXED_NOW, pump
from tests.gui.dialog_driver import DialogDriver, press
from tests.gui.grid_driver import (
    add_row,
    burst,
    click_cell,
    data_row,
    fit_problems,
    selected_cell,
    type_keys,
)
from tests.gui.test_journey import choose_period
from tests.support.display import scaled

pytestmark = pytest.mark.gui


@pytest.fixture
def new_ward(root, tmp_path):
    """A ward declared on the first start from an empty data folder; its window, shown."""
    db = tmp_path / "du-lieu" / "cchc.sqlite"
    db.parent.mkdir()

    def declare(dialog):
        fields = {key: widget for key, (_field, widget) in dialog.widgets.items()}
        for key, text in (("name", "Ủy ban nhân dân phường An Hòa"), ("code", "P-ANHOA"), ("place", "An Hòa")):
            fields[key].focus_force()
            fields[key].insert(0, text)
        press(fields["place"], "<Return>")

    with DialogDriver(root) as driver:
        driver.expect(FirstStartDialog, lambda dialog: dialog.new_button.invoke())
        driver.expect(UnitDialog, declare)
        built = build(root, db, None, clock=lambda: FIXED_NOW)
    assert built is not None
    ws, _presenter, window = built
    root.deiconify()
    root.focus_force()
    pump(root, 0.3)
    try:
        yield window
    finally:
        ws.close()
        for child in root.winfo_children():
            child.destroy()
        root.configure(menu="")
        close_database()


def open_section(window, key: str):
    window.nav.selection_set(key)
    pump(window.root, 0.3)
    assert window.presenter.section_key == key
    return window.current_form


def grids_of_every_section(window):
    """(section key, grid) for every grid of every section of the period's template."""
    for spec in window.presenter.specs:
        for table in spec.tables:
            form = open_section(window, spec.key)
            yield spec.key, form.grids[table.id]


def stored(window, grid, period: str) -> dict[str, int]:
    """The grid's figures as stored for `period`, read back through the application layer."""
    texts = window.presenter.ws.entry.stored_texts(period)
    return {code: int(text.replace(".", "")) for code, text in texts.items() if grid.owns(code)}


def codes(grid, cap: str, slug: str, values: list[int | None]) -> dict[str, int]:
    columns = [key for key, _, _ in grid.spec.columns]
    return {grid.spec.cell(column, cap, slug): v for column, v in zip(columns, values, strict=True) if v is not None}


def three_rows(window, grid) -> None:
    """Two cấp, so a subtotal stands between typed rows: Y tế (huyện), Tư pháp and Thanh tra (xã)."""
    add_row(window, grid, "Cấp huyện", "Y tế")
    add_row(window, grid, "Cấp xã", "Tư pháp")
    add_row(window, grid, "Cấp xã", "Thanh tra")
    assert [kind for kind, _, _ in grid.layout] == ["cell", "subtotal", "cell", "cell", "subtotal", "total"]


def test_every_grid_stores_what_is_typed_and_tab_and_enter_skip_the_total_rows(scaling, new_ward):
    window = new_ward
    choose_period(window, "Tháng", "Tháng 7")
    seen = 0
    for _key, grid in grids_of_every_section(window):
        seen += 1
        three_rows(window, grid)
        y_te, tu_phap, thanh_tra = (
            data_row(grid, *place) for place in (("huyen", "y_te"), ("xa", "tu_phap"), ("xa", "thanh_tra"))
        )
        click_cell(window, grid, y_te, 0)
        type_keys(window.root, "7\t\t3\t\t")  # two figures left out; Tab at the last column
        assert selected_cell(grid) == (tu_phap, 0), "Tab at the last column goes past “Cộng cấp huyện”"
        type_keys(window.root, "12\t5\t4\t3\t")
        assert selected_cell(grid) == (thanh_tra, 0)
        type_keys(window.root, "\t\t1\t2\t")  # Tab past the last typed cell leaves the grid
        assert window.root.focus_get() is grid.cap_choice
        expected = {
            **codes(grid, "huyen", "y_te", [7, None, 3, None]),
            **codes(grid, "xa", "tu_phap", [12, 5, 4, 3]),
            **codes(grid, "xa", "thanh_tra", [None, None, 1, 2]),
        }
        assert stored(window, grid, "2023-07") == expected

        # Typed on a total row: said under the grid, nothing stored, the sum still shown.
        subtotal = next(n for n, (kind, cap, _) in enumerate(grid.layout) if kind == "subtotal" and cap == "xa")
        shown = grid.sheet.get_cell_data(subtotal, 0)
        click_cell(window, grid, subtotal, 0)
        type_keys(window.root, "99")
        assert str(grid.error.cget("text")) == READ_ONLY_NOTE
        assert READ_ONLY_NOTE.startswith("Ô này do chương trình tự tính")
        assert grid.sheet.get_cell_data(subtotal, 0) == shown == "12"
        assert stored(window, grid, "2023-07") == expected

        # Enter goes down the column to the next typed row; at the last one it stays there.
        click_cell(window, grid, y_te, 1)
        assert grid.error.cget("text") == ""
        type_keys(window.root, "6\r")
        assert selected_cell(grid) == (tu_phap, 1), "Enter goes past “Cộng cấp huyện”"
        type_keys(window.root, "\r8\r")
        assert selected_cell(grid) == (thanh_tra, 1)
        expected.update(codes(grid, "huyen", "y_te", [7, 6, 3, None]))
        expected.update(codes(grid, "xa", "thanh_tra", [None, 8, 1, 2]))
        assert stored(window, grid, "2023-07") == expected

        # Shift+Tab runs back along the row, and from the first column to the last of the row above.
        click_cell(window, grid, tu_phap, 0)
        type_keys(window.root, "\b")
        assert selected_cell(grid) == (y_te, 3)
        assert fit_problems(grid) == []
    assert seen >= 1


def test_fast_typing_loses_no_digit(scaling, new_ward):
    window = new_ward
    choose_period(window, "Tháng", "Tháng 8")
    for _key, grid in grids_of_every_section(window):
        three_rows(window, grid)
        y_te, tu_phap, thanh_tra = (
            data_row(grid, *place) for place in (("huyen", "y_te"), ("xa", "tu_phap"), ("xa", "thanh_tra"))
        )
        click_cell(window, grid, y_te, 0)
        type_keys(window.root, "1234\t567\t89\t1011\t2021\t2\t33\t45\t", gap_ms=5)
        # Keys that all arrive before the first is handled: the editor opens on the first, the rest follow.
        burst(window.root, "908\t77\t6\t54\t")
        assert stored(window, grid, "2023-08") == {
            **codes(grid, "huyen", "y_te", [1234, 567, 89, 1011]),
            **codes(grid, "xa", "tu_phap", [2021, 2, 33, 45]),
            **codes(grid, "xa", "thanh_tra", [908, 77, 6, 54]),
        }
        assert window.root.focus_get() is grid.cap_choice


@pytest.fixture
def at_125(root):
    with scaled(root, 1.25):
        yield


def test_a_walk_at_125_percent_types_three_months_of_the_review_grid_with_tab_and_mouse(at_125, new_ward):
    walk_three_months(new_ward)


def walk_three_months(window) -> None:
    months = {}
    choose_period(window, "Tháng", "Tháng 7")
    grid = open_section(window, "tthc").grids["tthc.rs"]
    for _, label in grid.spec.rows:  # every lĩnh vực of the ward: more rows than the grid shows at once
        add_row(window, grid, "Cấp xã", label)
    assert fit_problems(grid) == []
    rows = [n for n, (kind, _, _) in enumerate(grid.layout) if kind == "cell"]
    assert len(rows) == len(grid.spec.rows)

    # July: the first two rows and the last one with Tab (a figure left out), the grid scrolled down.
    click_cell(window, grid, rows[0], 0)
    type_keys(window.root, "10\t4\t3\t3\t9\t\t2\t7\t")
    click_cell(window, grid, rows[-1], 0)
    type_keys(window.root, "5\t1\t1\t3\t")
    assert grid.sheet.MT.canvasy(0) > 0, "the grid scrolled down to its last row"
    months["2023-07"] = {
        **codes(grid, "xa", grid.layout[rows[0]][2], [10, 4, 3, 3]),
        **codes(grid, "xa", grid.layout[rows[1]][2], [9, None, 2, 7]),
        **codes(grid, "xa", grid.layout[rows[-1]][2], [5, 1, 1, 3]),
    }

    # August: the grid starts at its top left, nothing selected; every figure typed after a click.
    choose_period(window, "Tháng", "Tháng 8")
    grid = window.current_form.grids["tthc.rs"]
    assert (grid.sheet.MT.canvasx(0), grid.sheet.MT.canvasy(0)) == (0, 0)
    assert selected_cell(grid) is None
    august = {(rows[0], 0): "11", (rows[0], 3): "6", (rows[2], 1): "2", (rows[2], 2): "8"}
    for (row, column), text in august.items():
        click_cell(window, grid, row, column)
        type_keys(window.root, text)
    click_cell(window, grid, rows[0], 1)  # the last figure is stored when the next click closes its cell
    months["2023-08"] = {
        **codes(grid, "xa", grid.layout[rows[0]][2], [11, None, None, 6]),
        **codes(grid, "xa", grid.layout[rows[2]][2], [None, 2, 8, None]),
    }

    # September: a click, then Tab across; the last figure typed is still in its cell when the month changes.
    choose_period(window, "Tháng", "Tháng 9")
    grid = window.current_form.grids["tthc.rs"]
    assert (grid.sheet.MT.canvasx(0), grid.sheet.MT.canvasy(0)) == (0, 0)
    click_cell(window, grid, rows[3], 0)
    type_keys(window.root, "12\t3\t4\t5\t6\t2")
    months["2023-09"] = {
        **codes(grid, "xa", grid.layout[rows[3]][2], [12, 3, 4, 5]),
        **codes(grid, "xa", grid.layout[rows[4]][2], [6, 2, None, None]),
    }
    choose_period(window, "Tháng", "Tháng 7")

    for period, expected in months.items():
        assert stored(window, grid, period) == expected, period
        choose_period(window, "Tháng", f"Tháng {int(period[-2:])}")
        grid = window.current_form.grids["tthc.rs"]
        for code, value in expected.items():
            column, cap, slug = grid.spec.place_of(code)
            row = data_row(grid, cap, slug)
            number = [key for key, _, _ in grid.spec.columns].index(column)
            assert grid.sheet.get_cell_data(row, number) == str(value), (period, code)
