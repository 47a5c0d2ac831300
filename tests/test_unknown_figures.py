"""Figures as clerks really have them: a total without all its parts, a month without the next ones,
a province whose wards did the work. An unknown part is not zero, and a parent never claims its units'
figures (issue 16's examples, with figures of our own, driven through the command line)."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from exports.model import INCOMPLETE_NOTICE


def _pdf_text(cchc, period: str, target) -> str:
    assert cchc("export", "pdf", "--period", period, "-o", str(target)).code == 0
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    return " ".join(text.split())


def _rates_within_100(values: dict) -> bool:
    return all(value <= 100 for code, value in values.items() if code.startswith("rate."))


@pytest.fixture
def ward(cchc):
    assert cchc("init", "--unit-code", "XA-TP", "--unit-name", "UBND xã Tân Phước", "--place", "Tân Phước").code == 0
    return cchc


def test_a_month_with_parts_left_out_is_information_not_an_error(ward, tmp_path):
    # tiếp nhận 842 without its split; 815 resolved, 760 early and 7 late, đúng hạn not typed
    figures = ("tthc.hs.tiep_nhan=842", "tthc.hs.truc_tuyen=610", "tthc.hs.da_giai_quyet=815")
    assert ward("set", "--period", "2024-10", *figures, "tthc.hs.truoc_han=760", "tthc.hs.qua_han=7").code == 0
    result = ward("check", "--period", "2024-10", "--json")
    assert result.code == 0
    items = result.json()
    assert not [item for item in items if item["importance"] == "error"], items
    notes = [item for item in items if item["importance"] == "info"]
    assert any(item["rule"] == "tthc.hs.3" and "Hồ sơ mới tiếp nhận trực tiếp" in item["message"] for item in notes)
    month = ward("get", "--period", "2024-10", "--json").json()
    assert month["tthc.hs.dung_han"] == 48 and month["_derived"] == ["tthc.hs.dung_han"]  # 815 − 760 − 7
    assert month["rate.tthc.hs.dung_han"] == 99.14  # (760 + 48) / 815, not 760 / 815 = 93,25 %
    assert "tthc.hs.truc_tiep" not in month and "sum.tthc.hs.moi" not in month  # unknown, never 0
    quarter = ward("get", "--period", "2024-Q4", "--json").json()
    assert quarter["tthc.hs.tiep_nhan"] == 842  # not 610 re-derived from the one known part
    assert quarter["_missing_periods"] == ["2024-11", "2024-12"]
    assert _rates_within_100(quarter)  # (760 + 48) / 610 would be 132,46 %
    text = _pdf_text(ward, "2024-Q4", tmp_path / "q4.pdf")
    assert "99,14%" in text and "93,25%" not in text and "132,46" not in text
    assert "Chưa có số liệu tháng 11, tháng 12 năm 2024" in text
    assert "số mới tiếp nhận trực tuyến: 610 hồ sơ" in text  # kept although trực tiếp is unknown
    assert INCOMPLETE_NOTICE not in text


def test_a_province_summary_without_timeliness_prints_clean(cchc, tmp_path):
    assert cchc("init", "--unit-code", "T-01", "--unit-name", "UBND tỉnh Hòa Bình", "--level", "tinh",
                "--frequency", "quarter").code == 0  # fmt: skip
    figures = {
        "tthc.hs.tiep_nhan": "15.320",
        "tthc.hs.truc_tuyen": "4.200",
        "tthc.hs.truc_tiep": "10.180",
        "tthc.hs.ky_truoc": "940",
        "tthc.hs.da_giai_quyet": "13.880",
        "tthc.hs.dang_giai_quyet": "1.440",
    }
    assert cchc("set", "--period", "2025-Q2", *[f"{c}={v}" for c, v in figures.items()]).code == 0
    items = cchc("check", "--period", "2025-Q2", "--json").json()
    assert [item["importance"] for item in items if item["rule"] == "tthc.hs.7"] == ["info"]
    assert not [item for item in items if item["importance"] == "error"]
    text = _pdf_text(cchc, "2025-Q2", tmp_path / "tinh.pdf")
    assert INCOMPLETE_NOTICE not in text
    assert "Số lượng hồ sơ đã giải quyết: 13.880 hồ sơ" in text and "trước hạn" not in text


def test_the_on_time_rate_says_which_dossiers_it_is_a_share_of(ward, tmp_path):
    figures = ("tthc.hs.tiep_nhan=1.745", "tthc.hs.da_giai_quyet=1.622", "tthc.hs.truoc_han=1.500")
    assert ward("set", "--period", "2024-10", *figures, "tthc.hs.dung_han=75", "tthc.hs.qua_han=47").code == 0
    text = _pdf_text(ward, "2024-10", tmp_path / "m.pdf")
    # 1.575 / 1.622 over the resolved ones (Biểu II.06a), 1.575 / 1.745 said to be over the received ones
    assert "trên tổng số hồ sơ đã giải quyết đạt 97,10%" in text
    assert "trên tổng số hồ sơ tiếp nhận: 90,26%" in text


def test_a_typed_rate_is_checked_against_the_counts(ward):
    counts = ("tthc.hs.truc_tuyen=1.300", "tthc.hs.truc_tiep=3.800")
    assert ward("set", "--period", "2024-10", *counts, "cds.tl.xu_ly_truc_tuyen=99").code == 0
    found = [i for i in ward("check", "--period", "2024-10", "--json").json() if i["rule"] == "cds.tl.xu_ly_truc_tuyen"]
    assert [item["importance"] for item in found] == ["warning"]
    assert "(99%)" in found[0]["message"] and "(25,49%)" in found[0]["message"]  # 1.300 / 5.100
    assert ward("set", "--period", "2024-10", "cds.tl.xu_ly_truc_tuyen=25,49").code == 0
    items = ward("check", "--period", "2024-10", "--json").json()
    assert not [i for i in items if i["rule"] == "cds.tl.xu_ly_truc_tuyen"]


def test_a_share_no_rule_covers_is_a_warning_that_can_be_explained(ward):
    """Resolved early or on time over received: 100 + 30 of 120 received, nothing else known (the balance
    and the identities cannot decide): the share is over 100 %, so it is a slip, named, and explainable."""
    figures = ("tthc.hs.tiep_nhan=120", "tthc.hs.truoc_han=100", "tthc.hs.dung_han=30")
    assert ward("set", "--period", "2024-10", *figures).code == 0
    values = ward("get", "--period", "2024-10", "--json").json()
    assert "rate.tthc.hs.dung_han_tiep_nhan" not in values
    found = [i for i in ward("check", "--period", "2024-10", "--json").json() if i["rule"] == "ty_le.vuot_100"]
    assert [item["importance"] for item in found] == ["warning"] and "(130)" in found[0]["message"]
    assert ward("explain", "--period", "2024-Q4", "ty_le.vuot_100", "Số liệu phần mềm chưa đồng bộ.").code == 0


def test_a_share_above_100_is_a_slip_never_a_rate(ward):
    assert ward("set", "--period", "2024-10", "tthc.pakn.tiep_nhan=10", "tthc.pakn.da_xu_ly=12").code == 0
    values = ward("get", "--period", "2024-10", "--json").json()
    assert "rate.tthc.pakn" not in values  # 120 % is not printed
    items = ward("check", "--period", "2024-10", "--json").json()
    assert [item["importance"] for item in items if item["rule"] == "tthc.pakn"] == ["error"]


@pytest.fixture
def province(cchc):
    """A province (no figures of its own yet) and two wards whose figures it holds."""
    assert cchc("init", "--unit-code", "T-DT", "--unit-name", "Ủy ban nhân dân tỉnh Đồng Tháp", "--level", "tinh",
                "--frequency", "quarter").code == 0  # fmt: skip
    for code, name in (("W1", "UBND phường Sa Đéc"), ("W2", "UBND xã Tân Dương")):
        assert cchc("units", "add", "--code", code, "--name", name, "--level", "xa").code == 0
        assert cchc("units", "edit", code, "--frequency", "quarter").code == 0
    w1 = ("cd.van_ban_chi_dao=5", "cd.kh.muc_tieu=7", "tthc.bpmc.tong=1", "tthc.hs.tiep_nhan=900")
    w2 = ("cd.van_ban_chi_dao=4", "cd.kh.muc_tieu=6", "tthc.bpmc.tong=1", "tthc.hs.tiep_nhan=400")
    assert cchc("set", "--period", "2025-Q3", "--unit", "W1", *w1, "tthc.hs.truc_tuyen=700").code == 0
    assert cchc("set", "--period", "2025-Q3", "--unit", "W2", *w2).code == 0
    return cchc


def test_a_parent_never_puts_its_units_figures_under_its_own_name(province, tmp_path):
    text = _pdf_text(province, "2025-Q3", tmp_path / "tinh.pdf")  # 2025-Q3: the two-level template (2025.1)
    assert "UBND các xã, phường, đặc khu đã ban hành 09 văn bản" in text
    assert (
        "UBND các xã, phường, đặc khu đang tập trung chỉ đạo và triển khai thực hiện Kế hoạch CCHC năm với 13" in text
    )
    assert "UBND các xã, phường, đặc khu có 02 trung tâm Phục vụ hành chính công" in text
    assert "tỉnh Đồng Tháp đã ban hành" not in text and "tỉnh Đồng Tháp có 02" not in text
    assert province("set", "--period", "2025-Q3", "cd.van_ban_chi_dao=2").code == 0  # now one of its own
    text = _pdf_text(province, "2025-Q3", tmp_path / "tinh-2.pdf")
    assert "Ủy ban nhân dân tỉnh Đồng Tháp đã ban hành 02 văn bản" in text
    assert "UBND các xã, phường, đặc khu đã ban hành 09 văn bản" in text


def test_a_sum_short_of_a_unit_is_marked_and_gives_no_rate(province, tmp_path):
    """W2 sent its dossiers received but not how: the total online is W1's alone, said so; no share of it."""
    values = province("get", "--period", "2025-Q3", "--consolidated", "--json").json()
    assert values["tthc.hs.tiep_nhan"] == 1300 and values["tthc.hs.truc_tuyen"] == 700
    assert values["_partial"]["tthc.hs.truc_tuyen"] == ["W2"]
    assert "rate.tthc.hs.truc_tuyen" not in values
    target = tmp_path / "tinh.xlsx"
    assert province("export", "xlsx", "--period", "2025-Q3", "-o", str(target)).code == 0
    pl1 = openpyxl.load_workbook(target)["PL1 Số liệu"]
    row = next(r for r in pl1.iter_rows() if r[1].value == "Hồ sơ mới tiếp nhận trực tuyến")
    assert "Chưa đủ: thiếu số liệu của UBND xã Tân Dương" in row[-1].value


def test_pl2_totals_stay_blank_where_no_unit_reported_and_an_empty_pl3_says_so(province, tmp_path):
    target = tmp_path / "tinh.xlsx"
    assert province("export", "xlsx", "--period", "2025-Q3", "-o", str(target)).code == 0
    book = openpyxl.load_workbook(target, data_only=True)
    pl2 = book["PL2 Hồ sơ TTHC"]
    number_row = next(r for r in pl2.iter_rows() if r[0].value == "(1)")[0].row
    columns = {pl2.cell(number_row, c).value: c for c in range(3, 14)}
    total = next(r for r in pl2.iter_rows() if r[1].value == "Tổng cộng")[0].row
    assert pl2.cell(total, columns["(3)"]).value == 1300
    assert pl2.cell(total, columns["(7)"]).value in (None, "")  # nobody reported dossiers resolved
    pl3 = book["PL3 Rà soát TTHC"]
    texts = [c.value for r in pl3.iter_rows() for c in r if c.value is not None]
    assert "Không có số liệu." in texts and "Tổng cộng" not in texts


def test_a_quarter_of_months_says_which_are_missing_in_pl1(ward, tmp_path):
    assert ward("set", "--period", "2024-07", "cd.van_ban_chi_dao=3").code == 0
    assert ward("set", "--period", "2024-09", "cd.van_ban_chi_dao=2").code == 0
    values = ward("get", "--period", "2024-Q3", "--json").json()
    assert values["cd.van_ban_chi_dao"] == 5 and values["_missing_periods"] == ["2024-08"]
    target = tmp_path / "q3.xlsx"
    assert ward("export", "xlsx", "--period", "2024-Q3", "-o", str(target)).code == 0
    texts = [c.value for r in openpyxl.load_workbook(target)["PL1 Số liệu"].iter_rows() for c in r if c.value]
    assert any("Chưa có số liệu tháng 8 năm 2024" in str(text) for text in texts)
    assert "Thiếu số liệu tháng 8/2024" in ward("get", "--period", "2024-Q3").out
