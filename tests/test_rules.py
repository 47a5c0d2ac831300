"""Each rule of the template fires when broken and stays quiet when kept (no display needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms.catalog import load_template
from forms.rules import CheckContext, evaluate

T = load_template()
# Rules between counts (a typed rate against the counts has its own tests).
COMPARE_RULES = [rule for rule in T.rules if rule.kind == "compare" and not rule.tolerance]


def _fill(codes, total):
    """Values for `codes` adding up to `total` (the first code takes the rest)."""
    values = {}
    base = total // len(codes) if codes else 0
    for code in codes:
        values[code] = base
    if codes:
        values[codes[0]] += total - base * len(codes)
    return values


def _stored(codes):
    """Operand codes that are stored values (computed sums are expanded to their parts)."""
    result = []
    for code in codes:
        if code in T.computed:
            result.extend(_stored(T.computed[code].num))
        else:
            result.append(code)
    return result


def _case(rule, left_total, right_total):
    values = {}
    values.update(_fill(_stored(rule.right), right_total))
    values.update(_fill(_stored(rule.left), left_total))
    return values


def _ids(rule):
    return f"{rule.id}:{'+'.join(rule.left)}{rule.op}{'+'.join(rule.right)}"


def _hits(values, rule):
    return [v for v in evaluate(T, values) if v.rule == rule.id and set(v.codes) & set(rule.left)]


@pytest.mark.parametrize("rule", COMPARE_RULES, ids=_ids)
def test_rule_quiet_when_kept(rule):
    assert _hits(_case(rule, 120, 120), rule) == []


@pytest.mark.parametrize("rule", COMPARE_RULES, ids=_ids)
def test_rule_fires_when_broken(rule):
    left, right = {"=": (130, 120), "<=": (130, 120), ">=": (110, 120)}[rule.op]
    hits = _hits(_case(rule, left, right), rule)
    assert len(hits) == 1
    hit = hits[0]
    assert hit.importance == rule.importance
    assert (hit.left, hit.right) == (left, right)
    assert "130" in hit.message or "110" in hit.message
    assert "120" in hit.message


def test_every_rule_of_the_spec_is_in_the_template():
    spec_ids = {
        "cd.ck",
        "cd.kh",
        "cd.giao",
        "tc.vb",
        "tc.pb",
        "tthc.rs",
        "tthc.ck",
        "tthc.bpmc",
        "tthc.sh",
        "tthc.pakn",
        "tthc.hs.3",
        "tthc.hs.7",
        "tthc.hs.11",
        "tthc.hs.bal",
        "tthc.hs.carry",
        "tcbm.cq",
        "tcc.dt",
        "tcc.kt",
        "cds.mt",
        "outlier",
        "ytd",
    }
    for group in ("cc", "vc"):
        spec_ids |= {f"tcbm.{group}.co_mat", f"tcbm.{group}.part", f"tcbm.{group}.cm", f"tcbm.{group}.groups"}
    assert spec_ids <= {rule.id for rule in T.rules}


def test_reference_dossier_slip_message():
    values = {"tthc.hs.tiep_nhan": 1138, "tthc.hs.truc_tuyen": 1028, "tthc.hs.truc_tiep": 110, "tthc.hs.ky_truoc": 99}
    hits = [v for v in evaluate(T, values) if v.rule == "tthc.hs.3"]
    assert len(hits) == 1
    assert "1.138" in hits[0].message and "1.237" in hits[0].message and "99" in hits[0].message


def test_all_empty_operands_skip_and_partial_follow_the_rule():
    assert [v for v in evaluate(T, {}) if v.rule != "outlier"] == []
    partial = [v for v in evaluate(T, {"cds.mt.mat_khau": 5}) if v.rule == "cds.mt"]
    assert partial == []


def test_empty_as_zero_sub_items():
    hits = [v for v in evaluate(T, {"cd.ck.tong": 11, "cd.ck.hoan_thanh": 1}) if v.rule == "cd.ck"]
    assert len(hits) == 1 and hits[0].right == 1


def test_per_row_review_table():
    ok = {
        "tthc.rs.tong@huyen/tu_phap": 41,
        "tthc.rs.don_gian_hoa@huyen/tu_phap": 12,
        "tthc.rs.bai_bo@huyen/tu_phap": 1,
        "tthc.rs.giu_nguyen@huyen/tu_phap": 28,
    }
    assert [v for v in evaluate(T, ok) if v.rule == "tthc.rs"] == []
    broken = dict(ok, **{"tthc.rs.tong@xa/thanh_tra": 9, "tthc.rs.giu_nguyen@xa/thanh_tra": 5})
    hits = [v for v in evaluate(T, broken) if v.rule == "tthc.rs"]
    assert len(hits) == 1
    assert "Cấp xã" in hits[0].message and "Thanh tra" in hits[0].message
    assert (hits[0].left, hits[0].right) == (9, 5)


def test_staffing_qualification_only_when_filled():
    base = {"tcbm.cc.giao": 108, "tcbm.cc.co_mat": 101}
    assert [v for v in evaluate(T, base) if v.rule == "tcbm.cc.cm"] == []
    filled = dict(base, **{"tcbm.cc.cm.thac_si": 9, "tcbm.cc.cm.dai_hoc": 90})
    hits = [v for v in evaluate(T, filled) if v.rule == "tcbm.cc.cm"]
    assert len(hits) == 1 and hits[0].importance == "warning"
    exact = dict(base, **{"tcbm.cc.cm.thac_si": 9, "tcbm.cc.cm.dai_hoc": 92})
    assert [v for v in evaluate(T, exact) if v.rule == "tcbm.cc.cm"] == []


def test_carry_over_from_previous_period():
    current = {"tthc.hs.ky_truoc": 99}
    assert [v for v in evaluate(T, current, CheckContext(previous={})) if v.rule == "tthc.hs.carry"] == []
    same = CheckContext(previous={"tthc.hs.dang_giai_quyet": 99})
    assert [v for v in evaluate(T, current, same) if v.rule == "tthc.hs.carry"] == []
    other = CheckContext(previous={"tthc.hs.dang_giai_quyet": 66})
    hits = [v for v in evaluate(T, current, other) if v.rule == "tthc.hs.carry"]
    assert len(hits) == 1 and hits[0].importance == "warning"
    assert (hits[0].left, hits[0].right) == (99, 66)


def test_outlier_needs_history_and_a_mean_of_ten():
    history = [{"cd.van_ban_chi_dao": 10}, {"cd.van_ban_chi_dao": 12}, {}, {"cd.van_ban_chi_dao": 11}]
    high = [v for v in evaluate(T, {"cd.van_ban_chi_dao": 40}, CheckContext(history=history)) if v.rule == "outlier"]
    assert len(high) == 1 and high[0].codes == ("cd.van_ban_chi_dao",)
    low = [v for v in evaluate(T, {"cd.van_ban_chi_dao": 3}, CheckContext(history=history)) if v.rule == "outlier"]
    assert len(low) == 1
    normal = [v for v in evaluate(T, {"cd.van_ban_chi_dao": 30}, CheckContext(history=history)) if v.rule == "outlier"]
    assert normal == []
    one = [{"cd.van_ban_chi_dao": 10}]
    assert [v for v in evaluate(T, {"cd.van_ban_chi_dao": 90}, CheckContext(history=one)) if v.rule == "outlier"] == []
    small = [{"cd.van_ban_chi_dao": 2}, {"cd.van_ban_chi_dao": 3}]
    assert [
        v for v in evaluate(T, {"cd.van_ban_chi_dao": 90}, CheckContext(history=small)) if v.rule == "outlier"
    ] == []
    stock = [{"cds.mt.tong": 10}, {"cds.mt.tong": 10}]
    assert [v for v in evaluate(T, {"cds.mt.tong": 90}, CheckContext(history=stock)) if v.rule == "outlier"] == []


def test_year_to_date_must_not_fall():
    context = CheckContext(
        previous_entry={"tcc.thu.thuc_hien": Decimal("250000")}, previous_entry_label="tháng 7 năm 2023"
    )
    hits = [v for v in evaluate(T, {"tcc.thu.thuc_hien": Decimal("240000")}, context) if v.rule == "ytd"]
    assert len(hits) == 1 and "tháng 7 năm 2023" in hits[0].message
    assert [v for v in evaluate(T, {"tcc.thu.thuc_hien": Decimal("260000")}, context) if v.rule == "ytd"] == []
    other = CheckContext(previous_entry={"cds.mt.tong": 50})
    assert [v for v in evaluate(T, {"cds.mt.tong": 40}, other) if v.rule == "ytd"] == []


def test_violation_json_shape():
    values = {"cds.mt.tong": 10, "cds.mt.diet_virus": 11}
    data = [v.to_json() for v in evaluate(T, values) if v.rule == "cds.mt"][0]
    assert data["importance"] == "error" and data["left"] == 11 and data["right"] == 10
    assert set(data["codes"]) == {"cds.mt.diet_virus", "cds.mt.tong"}
