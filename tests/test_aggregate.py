"""Months → quarter/6/9 months/year by `time`, and children → parent by `units`."""

from __future__ import annotations

from decimal import Decimal

from forms.aggregate import aggregate_time, aggregate_units
from forms.catalog import load_template
from forms.computed import compute

T = load_template()

# A real-looking year of a commune: July–September as in a quarter report, with a gap in August.
JULY = {
    "cd.van_ban_chi_dao": 3,
    "cds.mt.tong": 40,
    "tthc.hs.ky_truoc": 10,
    "tthc.hs.truc_tuyen": 100,
    "tthc.hs.truc_tiep": 20,
    "tthc.hs.tiep_nhan": 130,
    "tthc.hs.dang_giai_quyet": 15,
    "tcc.thu.thuc_hien": Decimal("1000.5"),
    "cds.vb.dien_tu": Decimal("90.5"),
}
AUGUST = {
    "cd.van_ban_chi_dao": 4,
    "tthc.hs.ky_truoc": 15,
    "tthc.hs.truc_tuyen": 50,
    "tthc.hs.truc_tiep": 5,
    "tthc.hs.tiep_nhan": 70,
    "tthc.hs.dang_giai_quyet": 12,
    "tcc.thu.thuc_hien": Decimal("1500.25"),
}
SEPTEMBER = {
    "cd.van_ban_chi_dao": 5,
    "cds.mt.tong": 42,
    "tthc.hs.ky_truoc": 12,
    "tthc.hs.truc_tuyen": 30,
    "tthc.hs.truc_tiep": 2,
    "tthc.hs.tiep_nhan": 44,
    "cds.vb.dien_tu": Decimal("91"),
}


def test_sum_last_first_and_derived_over_a_quarter():
    quarter = aggregate_time(T, [JULY, AUGUST, SEPTEMBER])
    assert quarter["cd.van_ban_chi_dao"] == 12  # sum
    assert quarter["cds.mt.tong"] == 42  # last
    assert quarter["tthc.hs.dang_giai_quyet"] == 12  # last that has a value (Sept. empty)
    assert quarter["tcc.thu.thuc_hien"] == Decimal("1500.25")  # last, year-to-date
    assert quarter["cds.vb.dien_tu"] == Decimal("91")
    assert quarter["tthc.hs.ky_truoc"] == 10  # first: the opening balance
    assert quarter["tthc.hs.tiep_nhan"] == 10 + (120 + 55 + 32)  # opening + new of every month
    assert quarter["tthc.hs.truc_tuyen"] == 180


def test_first_takes_the_first_month_that_has_a_value():
    quarter = aggregate_time(T, [{}, {"tthc.hs.ky_truoc": 7}, {"tthc.hs.ky_truoc": 9}])
    assert quarter["tthc.hs.ky_truoc"] == 7


def test_derived_without_parts_uses_typed_totals():
    months = [{"tthc.hs.tiep_nhan": 50, "tthc.hs.ky_truoc": 5}, {"tthc.hs.tiep_nhan": 40, "tthc.hs.ky_truoc": 8}]
    assert aggregate_time(T, months)["tthc.hs.tiep_nhan"] == 50 + (40 - 8)


def test_year_from_twelve_months_and_six_months():
    months = [{"cv.dt.luot": m, "cds.mt.tong": 100 + m} for m in range(1, 13)]
    year = aggregate_time(T, months)
    assert year["cv.dt.luot"] == 78 and year["cds.mt.tong"] == 112
    half = aggregate_time(T, months[:6])
    assert half["cv.dt.luot"] == 21 and half["cds.mt.tong"] == 106


def test_empty_months_give_no_value_not_zero():
    assert aggregate_time(T, [{}, {}, {}]) == {}
    assert "cd.van_ban_chi_dao" not in aggregate_time(T, [{"cds.mt.tong": 3}])


def test_text_is_not_aggregated():
    assert "nx.cd" not in aggregate_time(T, [{"nx.cd": "a"}, {"nx.cd": "b"}])


def test_units_sum_and_none():
    parent = {"tthc.hs.da_giai_quyet": 969, "tthc.ck.tong": 268, "cds.vb.dien_tu": Decimal("98.7")}
    children = [
        {"tthc.hs.da_giai_quyet": 500, "tthc.ck.tong": 164, "cds.vb.dien_tu": Decimal("80")},
        {"tthc.hs.da_giai_quyet": 269, "tthc.ck.tong": 164},
        {},
    ]
    total = aggregate_units(T, parent, children)
    assert total["tthc.hs.da_giai_quyet"] == 969 + 769
    assert total["tthc.ck.tong"] == 268  # units = none: the unit's own value
    assert total["cds.vb.dien_tu"] == Decimal("98.7")
    only_children = aggregate_units(T, {}, children)
    assert only_children["tthc.hs.da_giai_quyet"] == 769
    assert "tthc.ck.tong" not in only_children


def test_rates_round_half_up_and_need_a_denominator():
    rates = compute(T, {"cds.mt.tong": 445, "cds.mt.mat_khau": 340})
    assert rates["rate.cds.mt.mat_khau"] == Decimal("76.40")
    assert "rate.cds.mt.mat_khau" not in compute(T, {"cds.mt.tong": 0, "cds.mt.mat_khau": 0})
    counts = {"tthc.hs.truoc_han": 5238, "tthc.hs.dung_han": 0, "tthc.hs.tiep_nhan": 5661}
    assert compute(T, counts)["rate.tthc.hs.dung_han_tiep_nhan"] == Decimal("92.53")
    without_on_time = {"tthc.hs.truoc_han": 5238, "tthc.hs.tiep_nhan": 5661}  # đúng hạn unknown, not 0
    assert "rate.tthc.hs.dung_han_tiep_nhan" not in compute(T, without_on_time)


def test_review_table_totals_per_level():
    values = {
        "tthc.rs.tong@huyen/tu_phap": 41,
        "tthc.rs.tong@huyen/cong_thuong": 13,
        "tthc.rs.tong@xa/tu_phap": 51,
        "tthc.rs.don_gian_hoa@huyen/tu_phap": 12,
        "tthc.rs.bai_bo@huyen/tu_phap": 1,
        "tthc.rs.don_gian_hoa@xa/tu_phap": 15,
    }
    sums = compute(T, values)
    assert sums["sum.tthc.rs.tong@huyen"] == 54
    assert sums["sum.tthc.rs.tong"] == 105
    # Công thương (13) holds no recommendation: the share of recommended TTHC is not known.
    assert "rate.tthc.rs" not in sums and "sum.tthc.rs.don_gian_hoa@huyen" in sums.partial
    complete_rows = dict(
        values,
        **{
            "tthc.rs.giu_nguyen@huyen/tu_phap": 28,
            "tthc.rs.don_gian_hoa@huyen/cong_thuong": 0,
            "tthc.rs.bai_bo@huyen/cong_thuong": 0,
            "tthc.rs.giu_nguyen@huyen/cong_thuong": 13,
            "tthc.rs.bai_bo@xa/tu_phap": 0,
            "tthc.rs.giu_nguyen@xa/tu_phap": 36,
        },
    )
    assert compute(T, complete_rows)["rate.tthc.rs"] == Decimal("26.67")
