"""The window tells figures apart (presenter and fake view, no display): a derived figure stays out of its
field with a note saying what it was worked out from; a period says which months it lacks; a parent sees
its own figure, its units' part and the total, and its units' slips under their names."""

from __future__ import annotations

from datetime import datetime

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from tests.test_presenters import FakeView

NOW = datetime(2024, 11, 6, 8, 15, 0)


@pytest.fixture
def ward(db_path):
    ws = Workspace.open(db_path, create=True, clock=lambda: NOW)
    ws.units.init_unit(code="XA-TP", name="UBND xã Tân Phước", frequency="month", level="xa")
    figures = {"tthc.hs.tiep_nhan": "842", "tthc.hs.truc_tuyen": "610", "tthc.hs.da_giai_quyet": "815"}
    ws.entry.set_values("2024-10", {**figures, "tthc.hs.truoc_han": "760", "tthc.hs.qua_han": "7"})
    view = FakeView()
    presenter = MainPresenter(ws, view)
    presenter.start("2024-10")
    presenter.choose_section("tthc")
    yield ws, view, presenter
    ws.close()


def test_a_derived_figure_stays_out_of_its_field_with_a_note(ward):
    ws, view, presenter = ward
    assert "tthc.hs.dung_han" not in view.values  # the field holds what was typed: nothing
    assert view.hints["tthc.hs.dung_han"] == "48"
    note = view.notes["tthc.hs.dung_han"]
    assert note.startswith("Chưa nhập — suy ra") and "815 − 760 − 7" in note and note.endswith("= 48")
    assert view.values["rate.tthc.hs.dung_han"] == "99,14%"  # the rate counts the derived part
    assert "tthc.hs.truc_tiep" not in view.notes  # unknown, and not derivable: an empty field, no note
    # leaving the empty field, and typing another one, stores no derived figure
    assert presenter.commit_field("tthc.hs.dung_han", "") is True
    assert presenter.commit_field("tthc.hs.truc_tiep", "200") is True
    stored = ws.entry.stored_texts("2024-10")
    assert "tthc.hs.dung_han" not in stored and stored["tthc.hs.truc_tiep"] == "200"
    assert view.notes["tthc.hs.ky_truoc"].endswith("= 32")  # 842 − 610 − 200 now follows
    assert presenter.commit_field("tthc.hs.dung_han", "48") is True  # typed: entered, no longer derived
    assert view.values["tthc.hs.dung_han"] == "48" and "tthc.hs.dung_han" not in view.notes


def test_a_quarter_of_months_says_which_months_it_lacks(ward):
    _, view, presenter = ward
    presenter.choose_period("2024-Q4")
    assert (
        view.period_note
        == "Chưa có số liệu tháng 11, tháng 12 năm 2024; số liệu của kỳ báo cáo chỉ tính từ các tháng đã nhập"
    )
    assert view.values["tthc.hs.tiep_nhan"] == "842" and view.values["tthc.hs.dung_han"] == "48"
    assert view.notes["tthc.hs.dung_han"] == "Gồm số suy ra của tháng 10/2024"
    presenter.choose_period("2024-10")
    assert view.period_note == ""


@pytest.fixture
def province(db_path):
    ws = Workspace.open(db_path, create=True, clock=lambda: NOW)
    ws.units.init_unit(code="T-DT", name="UBND tỉnh Đồng Tháp", frequency="quarter", level="tinh")
    for code, name in (("W1", "UBND phường Sa Đéc"), ("W2", "UBND xã Tân Dương")):
        ws.units.add_child(code=code, name=name, level="xa", frequency="quarter")
    w1 = {"tthc.hs.tiep_nhan": "900", "tthc.hs.da_giai_quyet": "850", "tthc.hs.truoc_han": "800"}
    w1 |= {"tthc.hs.dung_han": "40", "tthc.hs.qua_han": "10"}
    ws.entry.set_values("2025-Q3", w1, unit_code="W1")
    w2 = {"tthc.hs.tiep_nhan": "400", "tthc.hs.truc_tuyen": "300", "tthc.hs.truc_tiep": "150"}  # 450 > 400: a slip
    ws.entry.set_values("2025-Q3", w2, unit_code="W2")
    view = FakeView()
    presenter = MainPresenter(ws, view)
    presenter.start("2025-Q3")
    presenter.choose_section("tthc")
    yield ws, view, presenter
    ws.close()


def test_a_parent_sees_its_own_figure_its_units_part_and_the_total(province):
    _, view, _ = province
    assert "tthc.hs.tiep_nhan" not in view.values  # the province typed none of its own
    assert view.notes["tthc.hs.tiep_nhan"] == (
        "Của riêng đơn vị: chưa nhập; các đơn vị trực thuộc: 1.300; tổng cộng: 1.300"
    )
    # W2 holds figures but none on timeliness: the units' total of dossiers resolved is W1's alone
    assert "chưa đủ: thiếu số liệu của UBND xã Tân Dương" in view.notes["tthc.hs.da_giai_quyet"]
    assert "rate.tthc.hs.dung_han" not in view.values  # no rate from a sum short of a unit


def test_a_parent_lists_each_units_slips_under_its_name_and_can_explain_them(province):
    ws, view, presenter = province
    theirs = [item for item in view.violations if item.unit]
    assert [(item.unit, item.rule, item.importance) for item in theirs] == [("UBND xã Tân Dương", "tthc.hs.3", "error")]
    assert not [item for item in view.violations if not item.unit and item.importance == "error"]
    view.text_reply = "Xã nhập nhầm số trực tiếp; đã đề nghị xã gửi lại."
    presenter.explain_violation(theirs[0].index)
    assert [item.explanation for item in view.violations if item.unit] == [view.text_reply]
    found = ws.checks.check("2025-Q3", "W2")
    assert [v.explanation for v in found if v.rule == "tthc.hs.3"] == [view.text_reply]  # stored for the ward
