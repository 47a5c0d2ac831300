"""Issue 18, item 9 — noise, without a display: an untouched month warns of nothing; one slip is one
item to explain; PL1 says a span's missing months once, under the table; a ward's forms and PL1 hold
only its level's indicators while its city sees everything its wards report. Figures are left out:
a ward types a few, never a whole form."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.annex_content import build_annex
from cchc_desktop.app.presenters.layout import section_specs
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from cchc_desktop.app.usecases.checking import where_label
from db import store
from exports.xlsx_annex import write_annex_xlsx
from forms.catalog import load_template
from forms.model import Rule
from forms.rules import CheckContext, evaluate
from tests.test_presenters import FakeView, nav_counts

T = load_template("2023.1")
FORMS = Path(__file__).resolve().parents[1] / "forms"
PL1 = "PL1 Số liệu"
CLOCK = lambda: datetime(2023, 11, 2, 8, 30, 0)  # noqa: E731
CITY_ONLY = {
    "cd.kt.cap_xa": "UBND cấp xã được kiểm tra công tác CCHC",
    "tcbm.cq.tong": "Cơ quan chuyên môn thuộc UBND",
    "tcbm.vc.giao": "Số lượng người làm việc (viên chức) được giao",
    "cv.chuyen_den": "Viên chức từ nơi khác chuyển đến",
}
DOSSIERS_JULY = {  # the ward's July dossiers: 4 still being processed at the end of the month
    "tthc.hs.ky_truoc": "2",
    "tthc.hs.truc_tuyen": "10",
    "tthc.hs.truc_tiep": "3",
    "tthc.hs.tiep_nhan": "15",
    "tthc.hs.da_giai_quyet": "11",
    "tthc.hs.dang_giai_quyet": "4",
}


def _ward(path: Path, frequency: str = "month") -> Workspace:
    ws = Workspace.open(path, create=True, clock=CLOCK)
    ws.units.init_unit(
        code="P-ANHOA", name="UBND phường An Hòa", short_name="UBND phường", level="xa", frequency=frequency
    )
    return ws


@pytest.fixture
def ward(db_path):
    ws = _ward(db_path)  # the `cchc` fixture's database: the command line reads the same ward
    yield ws
    ws.close()


def _slips(found) -> list:
    return [v for v in found if not v.is_info]


# ----- (a) an untouched month -------------------------------------------------------------------------


def test_an_untouched_month_and_its_quarter_warn_of_nothing_until_a_figure_is_typed(ward):
    ward.entry.set_values("2023-07", DOSSIERS_JULY)
    ward.entry.set_values("2023-Q3", {"nx.tthc": "Số hồ sơ từ kỳ trước chuyển qua: {tthc.hs.ky_truoc} hồ sơ."})
    assert ward.entry.start_narratives("2023-10") == "quý III năm 2023"  # the new quarter starts from Q3's text
    assert "{tthc.hs.ky_truoc}" in ward.entry.stored_texts("2023-Q4")["nx.tthc"]
    assert _slips(ward.checks.check("2023-10")) == []
    assert _slips(ward.checks.check("2023-Q4")) == []
    ward.entry.set_values("2023-11", {"cd.van_ban_chi_dao": "1"})  # now the quarter holds figures of its own
    warned = [v for v in ward.checks.check("2023-Q4") if v.rule == "nx.so_lieu"]
    assert len(warned) == 1 and "Hồ sơ từ kỳ trước chuyển qua" in warned[0].message
    assert "tthc.hs.carry" not in {v.rule for v in ward.checks.check("2023-11")}  # it typed no dossier


def test_the_window_of_an_untouched_month_lists_no_check(ward):
    ward.entry.set_values("2023-07", DOSSIERS_JULY)
    ward.entry.set_values("2023-Q3", {"nx.tthc": "Kỳ trước chuyển qua {tthc.hs.ky_truoc} hồ sơ."})
    view = FakeView()
    presenter = MainPresenter(ward, view, clock=CLOCK)
    presenter.start("2023-10")
    assert view.violations == []
    presenter.choose_period("2023-Q4")
    assert view.violations == [] and all(item.errors == item.warnings == 0 for item in view.nav)


def test_a_carry_rule_needs_an_opening_in_this_period_whatever_missing_says():
    carry = Rule(
        id="tthc.hs.carry",
        importance="warning",
        kind="carry",
        message="Kỳ trước chuyển qua ({left}) khác đang giải quyết cuối kỳ trước ({right}).",
        section="II.2",
        left=("tthc.hs.ky_truoc",),
        right=("tthc.hs.dang_giai_quyet",),
        missing="zero",
    )
    template = dataclasses.replace(T, rules=(carry,))
    previous = CheckContext(previous={"tthc.hs.dang_giai_quyet": 4})
    assert evaluate(template, {}, previous) == []
    assert evaluate(template, {"cd.van_ban_chi_dao": 3}, previous) == []
    found = evaluate(template, {"tthc.hs.ky_truoc": 3}, previous)
    assert [(v.rule, v.left, v.right) for v in found] == [("tthc.hs.carry", 3, 4)]


# ----- (b) one slip, one item to explain --------------------------------------------------------------


ROW_SLIP = {"tthc.rs.tong@xa/tu_phap": "10", "tthc.rs.bai_bo@xa/tu_phap": "12"}  # 12 of 10 procedures


def test_a_months_slip_of_the_review_is_one_item_of_the_quarter(ward, cchc, db_path):
    ward.entry.set_values("2023-07", ROW_SLIP)
    ward.entry.set_values("2023-08", {"cd.van_ban_chi_dao": "2"})
    slips = _slips(ward.checks.check("2023-Q3"))
    assert [(v.rule, v.period) for v in slips] == [("tthc.rs", "2023-07")]  # not again for the quarter's figures
    assert len(ward.checks.open_errors("2023-Q3")) == 1
    ward.close()
    result = cchc("check", "--period", "2023-Q3")
    assert "Tổng cộng: 1 lỗi (1 chưa giải trình), 0 cảnh báo." in result.out
    assert cchc("explain", "--period", "2023-Q3", "1", "Rà soát lại trong tháng 8.").code == 0
    assert "Tổng cộng: 1 lỗi (0 chưa giải trình)" in cchc("check", "--period", "2023-Q3").out


def test_a_stock_kept_wrong_two_months_is_one_slip_naming_both(ward, tmp_path):
    staff = {"tcbm.cc.co_mat": "5", "tcbm.cc.nu": "6"}  # more women than staff, typed again in August
    ward.entry.set_values("2023-07", staff)
    ward.entry.set_values("2023-08", staff)
    slips = _slips(ward.checks.check("2023-Q3"))
    assert [(v.rule, v.period, v.also) for v in slips] == [("tcbm.cc.part", "2023-08", ("2023-07",))]
    assert where_label(slips[0], 2023) == "Tháng 7, tháng 8"
    view = FakeView()
    presenter = MainPresenter(ward, view, clock=CLOCK)
    presenter.start("2023-Q3")
    assert [item.text.split(":")[0] for item in view.violations] == ["Tháng 7, tháng 8"]
    assert nav_counts(view, "giai_trinh") == (1, 0)
    view.text_reply = "Số liệu nữ gồm cả người hoạt động không chuyên trách."
    presenter.explain_violation(view.violations[0].index)
    assert nav_counts(view, "giai_trinh") == (0, 0)
    rows = [row for row in build_annex(ward, "2023-Q3").pl4 if row.rule == "tcbm.cc.part"]
    assert [(row.period, row.explanation) for row in rows] == [("Tháng 7, tháng 8/2023", view.text_reply)]
    # a flow typed wrong in two months is two slips: each month's figures are their own
    ward.entry.set_values("2023-07", {"cd.giao.tong": "1", "cd.giao.dung_han": "2"})
    ward.entry.set_values("2023-08", {"cd.giao.tong": "1", "cd.giao.dung_han": "2"})
    assert [v.period for v in ward.checks.check("2023-Q3") if v.rule == "cd.giao"] == ["2023-07", "2023-08"]


def test_an_explanation_stored_against_a_month_by_an_earlier_release_stays_with_the_slip(ward):
    staff = {"tcbm.cc.co_mat": "5", "tcbm.cc.nu": "6"}
    ward.entry.set_values("2023-07", staff)
    ward.entry.set_values("2023-08", staff)
    store.save_explanation(ward.ctx.self_row(), "2023-07", "tcbm.cc.part", "Giải trình cũ, lưu theo tháng 7.")
    slips = _slips(ward.checks.check("2023-Q3"))
    assert len(slips) == 1 and slips[0].explanation == "Giải trình cũ, lưu theo tháng 7."
    assert ward.checks.open_errors("2023-Q3") == []


# ----- (c) PL1 says a span's missing months once ------------------------------------------------------


def _pl1(ws: Workspace, target: Path):
    write_annex_xlsx(build_annex(ws, "2023-Q3"), target)
    return openpyxl.load_workbook(target)[PL1]


def _texts(sheet) -> list[tuple[int, str]]:
    return [(c.row, c.value) for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]


def test_a_ward_started_in_july_has_one_note_under_pl1_not_one_a_row(ward, tmp_path):
    for month in (7, 8, 9):
        ward.entry.set_values(f"2023-{month:02d}", {"cd.van_ban_chi_dao": "3", "tthc.hs.truc_tuyen": "10"})
    sheet = _pl1(ward, tmp_path / "pl1.xlsx")
    texts = _texts(sheet)
    assert not [text for _, text in texts if text.startswith(("Lũy kế:", "Cùng kỳ:"))]
    notes = [(row, text) for row, text in texts if "thiếu số liệu" in text]
    assert notes == [
        (
            notes[0][0],
            "Ghi chú: Cột “Lũy kế 9 tháng” thiếu số liệu tháng 1 đến tháng 6 năm 2023; "
            "các chỉ tiêu cần đến số liệu của các kỳ này được để trống.",
        )
    ]
    last_indicator = max(c.row for c in sheet["B"] if c.value and c.row < notes[0][0])
    assert notes[0][0] == last_indicator + 1  # right under the table, before the signature
    assert any(text == "NGƯỜI LẬP BIỂU" and row > notes[0][0] for row, text in texts)


def test_no_note_where_no_cell_was_left_empty_for_the_missing_months(ward, tmp_path):
    for month in (7, 8, 9):  # a stock only: the year to date is September's, whatever January held
        ward.entry.set_values(f"2023-{month:02d}", {"cd.kh.muc_tieu": str(10 + month)})
    sheet = _pl1(ward, tmp_path / "pl1.xlsx")
    assert not [text for _, text in _texts(sheet) if "thiếu số liệu" in text]
    row = next(c.row for c in sheet["B"] if c.value == "Mục tiêu trọng tâm của Kế hoạch CCHC năm")
    titles = {c.value: c.column for r in sheet.iter_rows(max_row=8) for c in r if isinstance(c.value, str)}
    columns = [titles[title] for title in ("Quý III/2023", "Cùng kỳ năm 2022", "Lũy kế 9 tháng")]
    assert [sheet.cell(row, column).value for column in columns] == [19, None, 19]  # last year unknown: blank


# ----- (d) the levels each indicator applies to -------------------------------------------------------


def _form_codes(template, level) -> set[str]:
    return {code for spec in section_specs(template, level) for code in spec.codes}


def test_a_wards_forms_hold_only_its_levels_indicators_and_a_citys_hold_them_all():
    ward, city, province, nobody = (_form_codes(T, level) for level in ("xa", "huyen", "tinh", None))
    assert not set(CITY_ONLY) & ward
    assert set(CITY_ONLY) <= city and set(CITY_ONLY) <= province and set(CITY_ONLY) <= nobody
    assert {"cd.van_ban_chi_dao", "tcbm.cc.giao", "cv.tuyen_dung"} <= ward
    assert "rate.tcbm.cq" not in ward  # a computed value goes with its operands


def test_a_city_sees_what_only_its_communes_report():
    only_xa = dataclasses.replace(T.indicators["cd.van_ban_chi_dao"], levels=("xa",))
    template = dataclasses.replace(T, indicators={**T.indicators, "cd.van_ban_chi_dao": only_xa})
    assert template.shows("cd.van_ban_chi_dao", "xa") and template.shows("cd.van_ban_chi_dao", "huyen")
    assert template.shows("cd.van_ban_chi_dao", "tinh")
    assert not template.applies("cd.van_ban_chi_dao", "huyen")  # it is not the city's own figure
    assert template.shows("cd.kt.cap_xa", "thon")  # a level the template does not know: everything


def test_a_pack_without_levels_shows_every_indicator_to_every_level(tmp_path):
    folder = tmp_path / "2023.1"
    shutil.copytree(FORMS / "2023.1", folder)
    for path in folder.glob("*.toml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if not line.startswith("levels = [")), encoding="utf-8")
    older = load_template("2023.1", folder=str(folder))
    assert set(CITY_ONLY) <= _form_codes(older, "xa")


def _labels(rows) -> set[str]:
    return {row.label for row in rows if row.kind != "section"}


def test_a_wards_pl1_has_no_city_indicator_unless_it_holds_a_value(ward):
    ward.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "3", "tcbm.cc.giao": "20"})
    labels = _labels(build_annex(ward, "2023-Q3").pl1)
    assert not set(CITY_ONLY.values()) & labels
    assert {"Văn bản chỉ đạo, hướng dẫn triển khai CCHC ban hành trong kỳ", "Biên chế công chức được giao"} <= labels
    ward.entry.set_values("2023-08", {"tcbm.vc.giao": "3"})  # a figure it holds is printed, whatever its level
    assert CITY_ONLY["tcbm.vc.giao"] in _labels(build_annex(ward, "2023-Q3").pl1)


def test_a_citys_pl1_lists_its_own_and_its_wards_indicators(tmp_path):
    ws = Workspace.open(tmp_path / "thanh-pho.sqlite", create=True, clock=CLOCK)
    try:
        ws.units.init_unit(code="TP-SADEC", name="UBND thành phố Sa Đéc", level="huyen", frequency="month")
        ws.units.add_child(code="P1", name="UBND Phường 1", level="xa")
        ws.entry.set_values("2023-07", {"cd.kt.cap_xa": "2"})
        ws.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "4", "tcbm.cc.giao": "18"}, unit_code="P1")
        book = build_annex(ws, "2023-Q3")
        assert set(CITY_ONLY.values()) <= _labels(book.pl1)
        values = {row.label: row.value for row in book.pl1}
        assert values[CITY_ONLY["cd.kt.cap_xa"]] == 2 and values["Biên chế công chức được giao"] == 18
    finally:
        ws.close()


def test_last_years_missing_months_are_noted_once_under_the_column_they_empty(ward, tmp_path):
    ward.entry.set_values("2022-09", {"cd.van_ban_chi_dao": "1"})  # last year: September only
    for month in range(1, 10):
        ward.entry.set_values(f"2023-{month:02d}", {"cd.van_ban_chi_dao": "2"})
    texts = [text for _, text in _texts(_pl1(ward, tmp_path / "pl1.xlsx")) if "thiếu số liệu" in text]
    assert texts == [
        "Ghi chú: Cột “Cùng kỳ năm 2022” thiếu số liệu tháng 7, tháng 8 năm 2022; "
        "các chỉ tiêu cần đến số liệu của các kỳ này được để trống."
    ]
