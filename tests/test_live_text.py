"""Report texts with live figures: syntax, entry rules, the report period, the text in force."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc_desktop.app.content.report_content import build_report
from cchc_desktop.app.infra.errors import UserError
from cchc_desktop.app.usecases import narratives
from cchc_desktop.app.workspace import Workspace
from exports.sentences import format_figure, live_from_pattern
from forms.catalog import load_template
from forms.live_figures import parse_ref, unknown_figures
from forms.periods import parse_period

T = load_template()


def _text(document) -> str:
    return "\n".join(block.text for block in document.blocks)


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("cd.van_ban_chi_dao", 7, "07"),
        ("cd.van_ban_chi_dao", 0, "0"),
        ("tthc.hs.tiep_nhan", 1138, "1.138"),
        ("tcc.thu.thuc_hien", Decimal("301953.3"), "301.953,3"),
        ("rate.tthc.hs.dung_han", Decimal("92.53"), "92,53%"),
        ("cds.vb.dien_tu", Decimal("98.7"), "98,7%"),
    ],
)
def test_a_live_figure_prints_the_number_alone(code, value, shown):
    assert format_figure(T, code, value) == shown


def test_placeholders_are_codes_codes_by_level_or_words():
    assert parse_ref(T, "cd.van_ban_chi_dao").level is None
    assert parse_ref(T, "tthc.hs.tiep_nhan@xa").level == "xa"
    assert parse_ref(T, "rate.tthc.sh@huyen").code == "rate.tthc.sh"
    assert parse_ref(T, "sum.tthc.rs.tong@huyen").level is None  # a table's cấp is part of the code
    assert parse_ref(T, "period").is_word
    assert parse_ref(T, "nx.cd") is None  # a text is not a figure
    assert unknown_figures(T, "có {cd.van_ban} và {tthc.hs.tiep_nhan@thon} và {cd.kt.co_quan}") == [
        "{cd.van_ban}",
        "{tthc.hs.tiep_nhan@thon}",
    ]


def test_a_sentence_pattern_becomes_prose_with_live_figures():
    pattern = T.section("cd").groups[0].sentence
    text = live_from_pattern(pattern, T, lambda code: True)
    assert "{cd.van_ban_chi_dao} văn bản" in text and "{period}" in text
    kh = next(g for g in T.section("cd").groups if g.id == "cd.kh").sentence
    text = live_from_pattern(kh, T, lambda code: code != "cd.kh.muc_tieu")
    assert "muc_tieu" not in text and "{cd.kh.nhiem_vu} nhiệm vụ" in text


@pytest.fixture
def ward(db_path):
    ws = Workspace.open(db_path, create=True)
    ws.units.init_unit(code="P-ANHOA", name="UBND phường An Hòa", short_name="UBND phường", place="An Hòa")
    yield ws
    ws.close()


def test_a_narrative_is_refused_on_a_month_naming_the_quarter(monthly_unit):
    refused = monthly_unit("set", "--period", "2023-07", "nx.cd=Trong tháng, phường đã làm tốt.")
    assert refused.code == 2
    assert "quý III năm 2023" in refused.err and "2023-Q3" in refused.err
    assert "nx.cd" not in monthly_unit("get", "--period", "2023-Q3", "--json").json()


def test_an_unknown_figure_is_refused_with_its_name_and_nothing_is_stored(monthly_unit):
    refused = monthly_unit(
        "set", "--period", "2023-Q3", "nx.cd=Đã ban hành {cd.van_ban} văn bản.", "nx.tc=Văn bản hợp lệ."
    )
    assert refused.code == 2 and "{cd.van_ban}" in refused.err
    assert "nx.tc" not in monthly_unit("get", "--period", "2023-Q3", "--json").json()


def test_the_report_prints_the_clerks_text_with_the_figures_of_the_period(ward):
    ws = ward
    ws.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "3"})
    ws.entry.set_values("2023-08", {"cd.van_ban_chi_dao": "4"})
    ws.entry.set_values("2023-Q3", {"nx.cd": "Trong {period}, {unit_short} đã ban hành {cd.van_ban_chi_dao} văn bản."})
    text = _text(build_report(ws, "2023-Q3"))
    assert "Trong quý III năm 2023, UBND phường đã ban hành 07 văn bản." in text
    ws.entry.set_values("2023-09", {"cd.van_ban_chi_dao": "5"})
    assert "đã ban hành 12 văn bản." in _text(build_report(ws, "2023-Q3"))
    assert text.count("văn bản") == 1  # the generated sentence is not printed beside the clerk's


def test_a_figure_without_value_prints_an_ellipsis_and_is_a_warning(ward):
    ws = ward
    ws.entry.set_values("2023-Q3", {"nx.tc": "Đã ban hành {tc.vb.ban_hanh} văn bản quy phạm pháp luật."})
    assert "Đã ban hành … văn bản" in _text(build_report(ws, "2023-Q3"))
    # a quarter holding no figure yet (its text copied forward, say) warns of nothing
    assert not [v for v in ws.checks.check("2023-Q3") if v.rule == narratives.FIGURE_RULE]
    ws.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "2"})
    warnings = [v for v in ws.checks.check("2023-Q3") if v.rule == narratives.FIGURE_RULE]
    assert len(warnings) == 1 and warnings[0].importance == "warning"
    assert "Văn bản quy phạm pháp luật được ban hành" in warnings[0].message
    assert "tc.vb.ban_hanh" not in warnings[0].message
    ws.entry.set_values("2023-07", {"tc.vb.ban_hanh": "0"})
    assert "Đã ban hành 0 văn bản" in _text(build_report(ws, "2023-Q3"))
    assert not [v for v in ws.checks.check("2023-Q3") if v.rule == narratives.FIGURE_RULE]


def test_the_next_period_starts_from_this_periods_text(ward):
    ws = ward
    ws.entry.set_values("2023-Q3", {"nx.cd": "Phường đã ban hành {cd.van_ban_chi_dao} văn bản chỉ đạo."})
    ws.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "2"})
    ws.entry.set_values("2023-10", {"cd.van_ban_chi_dao": "9"})
    q4 = ws.narratives.report_text(parse_period("2023-Q4"), "nx.cd")
    assert q4.origin == "copied" and q4.source_period == "2023-Q3"
    assert "Phường đã ban hành 09 văn bản chỉ đạo." in _text(build_report(ws, "2023-Q4"))
    assert ws.entry.start_narratives("2023-11") == "quý III năm 2023"  # a month's view copies into its quarter
    assert ws.entry.stored_texts("2023-Q4")["nx.cd"] == "Phường đã ban hành {cd.van_ban_chi_dao} văn bản chỉ đạo."


def test_without_a_text_the_report_is_the_generated_sentences(ward):
    ws = ward
    ws.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "3", "tc.vb.ban_hanh": "1"})
    generated = ws.narratives.report_text(parse_period("2023-Q3"), "nx.cd")
    assert generated.origin == "generated" and "{cd.van_ban_chi_dao} văn bản" in generated.text
    text = _text(build_report(ws, "2023-Q3"))
    assert "03 văn bản chỉ đạo" in text and "01 văn bản" in text
    assert "{" not in text and "hồ sơ" not in text


def test_figures_by_level_in_a_parent_report(db_path):
    ws = Workspace.open(db_path, create=True)
    try:
        ws.units.init_unit(code="TP", name="UBND thành phố Sa Đéc", short_name="UBND Thành phố", level="huyen")
        ws.units.add_child(code="X1", name="UBND xã Tân Quy Tây", level="xa")
        ws.units.add_child(code="X2", name="UBND phường 1", level="xa")
        ws.entry.set_values(
            "2023-07", {"tthc.hs.tiep_nhan": "100", "tthc.hs.truc_tuyen": "90", "tthc.hs.truc_tiep": "10"}
        )
        ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": "40", "tthc.hs.truc_tuyen": "40"}, unit_code="X1")
        ws.entry.set_values("2023-07", {"tthc.hs.tiep_nhan": "20", "tthc.hs.truc_tuyen": "20"}, unit_code="X2")
        ws.entry.set_values(
            "2023-Q3",
            {
                "nx.tthc": "Tổng {tthc.hs.tiep_nhan}; cấp huyện {tthc.hs.tiep_nhan@huyen}; "
                "cấp xã {tthc.hs.tiep_nhan@xa}."
            },
        )
        text = _text(build_report(ws, "2023-Q3"))
        assert "Tổng 160; cấp huyện 100; cấp xã 60." in text
        for code, done in (("TP", "80"), ("X1", "30"), ("X2", "10")):
            ws.entry.set_values("2023-07", {"tthc.hs.da_giai_quyet": done}, unit_code=code)
        ws.entry.set_values("2023-Q3", {"nx.tthc": ""})
        generated = ws.narratives.report_text(parse_period("2023-Q3"), "nx.tthc").text
        assert "+ **Cấp huyện:**" in generated and "+ **Cấp xã:**" in generated
        assert "{tthc.hs.tiep_nhan@xa} hồ sơ" in generated
        text = _text(build_report(ws, "2023-Q3"))
        assert "đã tiếp nhận 160 hồ sơ và giải quyết được 120 hồ sơ" in text
        assert "+ **Cấp huyện:**" in text and "100 hồ sơ" in text and "60 hồ sơ" in text
    finally:
        ws.close()


def test_explanations_submit_and_reopen_belong_to_the_report_period(ward):
    ws = ward
    ws.entry.set_values("2023-07", {"cd.giao.tong": "1", "cd.giao.dung_han": "2"})
    with pytest.raises(UserError, match="quý III năm 2023"):
        ws.checks.explain("2023-07", "cd.giao", "Giao bổ sung")
    ws.checks.explain("2023-Q3", "cd.giao", "Giao bổ sung")
    assert [v.explanation for v in ws.checks.check("2023-07") if v.rule == "cd.giao"] == ["Giao bổ sung"]
    with pytest.raises(UserError, match="2023-Q3"):
        ws.reports.submit("2023-07")
    ws.reports.submit("2023-Q3")
    with pytest.raises(UserError, match="mở lại quý III năm 2023"):
        ws.reports.reopen("2023-07", "Sửa số liệu")


def test_texts_typed_on_a_month_by_an_earlier_release_reach_the_quarter(ward):
    from db import store

    ws = ward
    store.write_values(store.self_unit(), "2023-08", {"nx.cd": "Văn bản cũ của tháng 8."}, T.version)
    assert "Văn bản cũ của tháng 8." in _text(build_report(ws, "2023-Q3"))


def test_export_names_the_sections_printed_without_text(monthly_unit, cchc, clean_demo_db, tmp_path):
    monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=3")
    result = monthly_unit("export", "pdf", "--period", "2023-Q3", "-o", str(tmp_path / "a.pdf"))
    assert result.code == 0
    empty = "II.1, II.2, II.3, II.4, II.5, II.6, III, IV, V"  # III: its texts unwritten, their headings left out
    assert f"Các mục chưa có nội dung (in “Không phát sinh.”): {empty}." in result.out
    demo = cchc("export", "pdf", "--period", "2023-Q3", "-o", str(tmp_path / "b.pdf"), db=clean_demo_db)
    assert demo.code == 0 and "chưa có nội dung" not in demo.out


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "docx"])
def test_export_says_errors_still_open_once_for_every_file(cchc, demo_db, tmp_path, kind):
    result = cchc("export", kind, "--period", "2023-Q3", "-o", str(tmp_path / f"a.{kind}"), db=demo_db)
    assert result.code == 0
    assert result.out.count("Lưu ý: còn 1 lỗi chưa sửa hoặc chưa giải trình") == 1
