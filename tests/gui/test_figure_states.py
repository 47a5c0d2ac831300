"""Derived, incomplete and unknown figures in a real window (Xvfb, no window manager, 100% and 125%):
the derived figure's field stays empty with its grey note in view; a quarter says which months it
lacks; a province sees its wards' part beside its own figures and each ward's slips under its name.

Screenshots go to $CCHC_SHOTS when it is set (figure-states-*.png)."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from tests.gui.conftest import opened_window, pump

pytestmark = pytest.mark.gui
NOW = datetime(2024, 11, 6, 8, 15, 0)


def _shot(window, name: str, scaling: float) -> None:
    folder = os.environ.get("CCHC_SHOTS")
    if folder:
        from PIL import ImageGrab

        window.root.update()
        ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).save(f"{folder}/figure-states-{name}-{int(scaling * 100)}.png")


def _inside(widget, window) -> bool:
    """Shown, and within the window's width (a note cut off at the right is not read)."""
    root = window.root
    return (
        widget.winfo_ismapped()
        and widget.winfo_rootx() >= root.winfo_rootx()
        and widget.winfo_rootx() + widget.winfo_width() <= root.winfo_rootx() + root.winfo_width()
    )


@pytest.fixture
def ward_db(tmp_path):
    from cchc_desktop.app import Workspace

    path = tmp_path / "ward.sqlite"
    with Workspace.open(path, create=True, clock=lambda: NOW) as ws:
        ws.units.init_unit(code="XA-TP", name="UBND xã Tân Phước", frequency="month", level="xa")
        figures = {"tthc.hs.tiep_nhan": "842", "tthc.hs.truc_tuyen": "610", "tthc.hs.da_giai_quyet": "815"}
        ws.entry.set_values("2024-10", {**figures, "tthc.hs.truoc_han": "760", "tthc.hs.qua_han": "7"})
    return path


def test_a_derived_figure_is_shown_greyed_with_its_note_not_typed(root, scaling, ward_db):
    with opened_window(root, ward_db, "2024-10", now=NOW) as window:
        window.presenter.choose_section("tthc")
        pump(root, 0.3)
        form = window.current_form
        entry, note = form.entries["tthc.hs.dung_han"], form.note_labels["tthc.hs.dung_han"]
        assert entry.get() == ""
        assert "815 − 760 − 7" in note.cget("text") and str(note.cget("font")).find("italic") >= 0
        window.focus_field("tthc.hs.dung_han")
        pump(root, 0.3)
        assert _inside(note, window)
        assert form.computed["rate.tthc.hs.dung_han"].cget("text") == "99,14%"
        _shot(window, "phuong", scaling)
        entry.event_generate("<Tab>")  # leaving the empty field stores nothing
        pump(root, 0.2)
        assert "tthc.hs.dung_han" not in window.presenter.ws.entry.stored_texts("2024-10")
        window.presenter.choose_period("2024-Q4")
        pump(root, 0.3)
        period_note = window.current_form.period_note
        assert period_note.winfo_ismapped() and "tháng 11, tháng 12 năm 2024" in period_note.cget("text")
        _shot(window, "quy", scaling)


@pytest.fixture
def province_db(tmp_path):
    from cchc_desktop.app import Workspace

    path = tmp_path / "tinh.sqlite"
    with Workspace.open(path, create=True, clock=lambda: NOW) as ws:
        ws.units.init_unit(code="T-DT", name="UBND tỉnh Đồng Tháp", frequency="quarter", level="tinh")
        for code, name in (("W1", "UBND phường Sa Đéc"), ("W2", "UBND xã Tân Dương")):
            ws.units.add_child(code=code, name=name, level="xa", frequency="quarter")
        w1 = {"tthc.hs.tiep_nhan": "900", "tthc.hs.da_giai_quyet": "850", "tthc.hs.truoc_han": "800"}
        ws.entry.set_values("2025-Q3", w1 | {"tthc.hs.dung_han": "40", "tthc.hs.qua_han": "10"}, unit_code="W1")
        w2 = {"tthc.hs.tiep_nhan": "400", "tthc.hs.truc_tuyen": "300", "tthc.hs.truc_tiep": "150"}
        ws.entry.set_values("2025-Q3", w2, unit_code="W2")
    return path


def test_a_province_sees_its_wards_part_and_their_slips_under_their_names(root, scaling, province_db):
    with opened_window(root, province_db, "2025-Q3", now=NOW) as window:
        window.presenter.choose_section("tthc")
        pump(root, 0.3)
        note = window.current_form.note_labels["tthc.hs.tiep_nhan"]
        assert note.cget("text") == "Của riêng đơn vị: chưa nhập; các đơn vị trực thuộc: 1.300; tổng cộng: 1.300"
        tree = window.check_panel.tree
        rows = [" ".join(str(tree.item(iid, "values")[1]).split("\n")) for iid in tree.get_children()]  # wrapped
        assert "Sai sót của UBND xã Tân Dương" in rows
        heading = rows.index("Sai sót của UBND xã Tân Dương")
        assert "Tổng số hồ sơ tiếp nhận (400)" in rows[heading + 1]
        assert "1 sai sót của các đơn vị trực thuộc" in window.check_panel.summary.cget("text")
        assert "success" in str(window.check_panel.summary.cget("style"))  # the province's own: no slip
        tree.selection_set(tree.get_children()[heading + 1])
        pump(root, 0.1)
        assert str(window.check_panel.goto_button.cget("state")) == "disabled"  # no field of the ward's here
        assert str(window.check_panel.explain_button.cget("state")) == "normal"
        window.focus_field("tthc.hs.tiep_nhan")
        pump(root, 0.3)
        assert _inside(note, window)
        _shot(window, "tinh", scaling)
