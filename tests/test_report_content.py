"""The report's wording from the figures: sentences, number rules, headings, level split, header fields."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.report_content import build_report, issuing_body_lines, place_date_line
from cchc_desktop.app.usecases.units import UnitInfo
from exports.sentences import format_value, render
from forms.catalog import load_template

T = load_template()


def test_counts_get_a_leading_zero_and_units():
    assert format_value(T, "tc.vb.ban_hanh", 3) == "03 văn bản"
    assert format_value(T, "tthc.hs.tiep_nhan", 1138) == "1.138 hồ sơ"
    assert format_value(T, "tcc.thu.thuc_hien", Decimal("301953.3")) == "301.953,3 triệu đồng"
    assert format_value(T, "rate.tthc.hs.dung_han_tiep_nhan", Decimal("92.53")) == "92,53%"
    assert format_value(T, "rate.cds.mt.mat_khau", Decimal("76.40")) == "76,40%"
    assert format_value(T, "rate.cd.giao", Decimal("100.00")) == "100%"
    assert format_value(T, "cds.vb.dien_tu", Decimal("98.7")) == "98,7%"
    assert format_value(T, "tc.vb.ban_hanh", 3, with_unit=False) == "03"


def test_optional_parts_and_missing_required_values():
    pattern = "Có {tthc.ck.tong:n} TTHC[ (một cửa: {tthc.ck.mot_cua})][; liên thông: {tthc.ck.lien_thong}]."
    assert render(pattern, T, {"tthc.ck.tong": 268, "tthc.ck.mot_cua": 221}) == "Có 268 TTHC (một cửa: 221 TTHC)."
    assert render(pattern, T, {"tthc.ck.mot_cua": 221}) is None
    assert render("Trong {period}, {x.y}.", T, {}, {"period": "quý III năm 2023"}) is None


def test_issuing_body_and_date_line():
    unit = UnitInfo(code="X", name="Ủy ban nhân dân phường An Hòa", body="UBND PHƯỜNG AN HÒA")
    assert issuing_body_lines(unit) == ["ỦY BAN NHÂN DÂN", "PHƯỜNG AN HÒA"]
    assert place_date_line("An Hòa", "5", "10", "2023") == "An Hòa, ngày 05 tháng 10 năm 2023"
    assert place_date_line("An Hòa", "15", "2", "2024") == "An Hòa, ngày 15 tháng 02 năm 2024"
    assert place_date_line("", "", "11", "2026") == "…………, ngày …… tháng 11 năm 2026"  # no place set: dots for it
    assert place_date_line("", "", "", "") == "…………, ngày …… tháng …… năm ……"  # nothing set: all by hand
    assert place_date_line("Sa Đéc", "", "9", "2023").startswith("Sa Đéc, ngày ")
    assert place_date_line("Sa Đéc", "", "9", "2023").endswith("tháng 9 năm 2023")


@pytest.fixture
def demo_report(demo_db):
    ws = Workspace.open(demo_db)
    try:
        yield build_report(ws, "2023-Q3")
    finally:
        ws.close()


def _text(document) -> str:
    return "\n".join(block.text for block in document.blocks)


def test_demo_report_is_the_reference_twin(demo_report):
    doc = demo_report
    assert doc.parent_body == "UBND TỈNH ĐỒNG THÁP"
    assert doc.issuing_body == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ SA ĐÉC"]
    assert doc.cutoff == "(Số liệu tính từ ngày 15/6/2023 đến ngày 14/9/2023)"
    assert doc.place_date.endswith("tháng 9 năm 2023")
    assert doc.signer_name == "Nguyễn Văn Hon" and doc.authority_line == "TM. ỦY BAN NHÂN DÂN"
    assert doc.recipients[0] == "Sở Nội vụ tỉnh Đồng Tháp (B/c)" and doc.recipients[-1].startswith("Lưu: VT")
    headings = [b.text for b in doc.blocks if b.kind == "heading1"]
    assert headings == [
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH THỜI GIAN TỚI",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    assert [b.text for b in doc.blocks if b.kind == "heading2"][:2] == [
        "1. Cải cách thể chế",
        "2. Cải cách thủ tục hành chính",
    ]
    text = _text(doc)
    for figure in (
        "33 văn bản",
        "03 văn bản",
        "7.727.149.829 đồng",
        "301.953,3 triệu đồng",
        "62,46%",
        "60,34%",
        "76,40%",
        "50/152",
        "32,89%",
        "27/82 TTHC, đạt tỷ lệ 32,93%",
        "23/70 TTHC, đạt tỷ lệ 32,86%",
    ):
        assert figure in text, figure
    assert "78%" not in text.replace("78,4%", "")
    assert text.count("^[") == 9


def test_parent_report_splits_dossiers_by_level(demo_report):
    texts = [b.text for b in demo_report.blocks]
    assert "+ **Cấp huyện:**" in texts and "+ **Cấp xã:**" in texts
    huyen, xa = texts.index("+ **Cấp huyện:**"), texts.index("+ **Cấp xã:**")
    assert huyen < xa
    assert any("1.138 hồ sơ" in t for t in texts[huyen:xa])
    assert any("4.523 hồ sơ" in t for t in texts[xa : xa + 4])
    total = next(t for t in texts if "Bộ phận Một cửa các cấp đã tiếp nhận và giải quyết được" in t)
    assert "5.661 hồ sơ" in total and "5.238/5.661" in total and "92,53%" in total


def test_unexplained_errors_make_the_report_incomplete(demo_db):
    ws = Workspace.open(demo_db)
    try:
        incomplete = build_report(ws, "2023-Q3").incomplete
        assert any(line.startswith("Tổng số hồ sơ tiếp nhận (1.138)") for line in incomplete)
        assert not any("tthc.hs" in line for line in incomplete)
        ws.checks.explain("2023-Q3", "tthc.hs.3", "Số trực tuyến gồm hồ sơ chuyển tiếp.")
        assert build_report(ws, "2023-Q3").incomplete == []
    finally:
        ws.close()


def test_the_clean_demo_report_is_complete(clean_demo_db):
    ws = Workspace.open(clean_demo_db)
    try:
        assert [v for v in ws.checks.check("2023-Q3") if v.is_error] == []
        assert all(v.explanation for v in ws.checks.check("2023-Q3"))
        doc = build_report(ws, "2023-Q3")
        assert doc.incomplete == []
        text = "\n".join(b.text for b in doc.blocks)
        assert "Trực tuyến: 929 hồ sơ" in text and "1.039 hồ sơ" in text
        assert "{" not in text and "…" not in text
    finally:
        ws.close()


def test_empty_groups_are_left_out(db_path):
    ws = Workspace.open(db_path, create=True)
    try:
        ws.units.init_unit(code="X", name="UBND xã Tân Phú Đông", short_name="UBND xã", place="Tân Phú Đông")
        ws.entry.set_values("2023-07", {"tc.vb.ban_hanh": "2"})
        text = _text(build_report(ws, "2023-Q3"))
        assert "02 văn bản" in text
        assert "hồ sơ" not in text and "máy vi tính" not in text and " 0 " not in text
    finally:
        ws.close()
