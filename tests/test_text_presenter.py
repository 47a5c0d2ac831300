"""The window's report texts, through the presenter and a fake view: report period, live figures, preview."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from tests.test_presenters import CLOCK, FakeView


class AskingView(FakeView):
    """Also records the questions asked with a text answer."""

    def __init__(self):
        super().__init__()
        self.asked: list[tuple[str, str]] = []

    def ask_text(self, title, prompt, initial=""):
        self.asked.append((prompt, initial))
        return self.text_reply


@pytest.fixture
def ward(db_path):
    ws = Workspace.open(db_path, create=True)
    ws.units.init_unit(code="P-ANHOA", name="UBND phường An Hòa", short_name="UBND phường", place="An Hòa")
    view = AskingView()
    presenter = MainPresenter(ws, view, clock=CLOCK)
    presenter.start("2023-07")
    presenter.choose_section("cd")
    yield ws, view, presenter
    ws.close()


def preview_text(view, code) -> str:
    return "\n".join("".join(run.text for run in block.runs) for block in view.previews[code])


def test_in_a_month_the_text_areas_edit_the_quarters_text_and_say_so(ward):
    ws, view, presenter = ward
    assert "Thuyết minh báo cáo quý III năm 2023" in view.text_note
    assert view.text_editable is True and view.editable is True
    assert presenter.commit_field("cd.van_ban_chi_dao", "7") is True
    assert presenter.commit_text("nx.cd", "Phường đã ban hành {cd.van_ban_chi_dao} văn bản chỉ đạo.") is True
    assert "nx.cd" not in ws.entry.stored_texts("2023-07")
    assert ws.entry.stored_texts("2023-Q3")["nx.cd"] == "Phường đã ban hành {cd.van_ban_chi_dao} văn bản chỉ đạo."
    assert preview_text(view, "nx.cd") == "Phường đã ban hành 07 văn bản chỉ đạo."
    presenter.choose_period("2023-08")
    assert view.values["nx.cd"] == "Phường đã ban hành {cd.van_ban_chi_dao} văn bản chỉ đạo."
    presenter.choose_period("2023-Q3")
    assert view.editable is False and view.text_editable is True
    assert "Thuyết minh báo cáo quý III năm 2023" in view.text_note


def test_an_unknown_figure_is_refused_beside_the_text_and_nothing_is_stored(ward):
    ws, view, presenter = ward
    assert presenter.commit_text("nx.cd", "Đã ban hành {cd.van_ban} văn bản.") is False
    assert "{cd.van_ban}" in view.errors["nx.cd"]
    assert "nx.cd" not in ws.entry.stored_texts("2023-Q3")
    assert presenter.commit_text("nx.cd", "Đã ban hành {cd.van_ban_chi_dao} văn bản.") is True
    assert view.errors["nx.cd"] == ""


def test_insert_figure_offers_the_sections_figures_with_their_values(ward):
    ws, view, presenter = ward
    presenter.commit_field("cd.van_ban_chi_dao", "12")
    view.figure_reply = "{cd.van_ban_chi_dao}"
    presenter.insert_figure("nx.cd")
    assert view.inserted == [("nx.cd", "{cd.van_ban_chi_dao}")]
    by_placeholder = {choice.placeholder: choice for choice in view.figure_choices}
    assert by_placeholder["{cd.van_ban_chi_dao}"].shown == "12"
    assert by_placeholder["{cd.van_ban_chi_dao}"].label.startswith("Văn bản chỉ đạo")
    assert "{rate.cd.giao}" in by_placeholder
    assert "{cd.kt.cap_xa}" not in by_placeholder  # not a ward's figure (the template's levels)
    view.figure_reply = None
    presenter.insert_figure("nx.cd")
    assert len(view.inserted) == 1


def test_the_preview_prints_emphasis_footnotes_and_missing_figures_as_the_pdf(ward):
    ws, view, presenter = ward
    ws.entry.set_values("2023-08", {"cd.van_ban_chi_dao": "2"})  # the quarter holds figures: its texts are checked
    presenter.commit_text("nx.cd", "Có **{cd.kt.co_quan}** cơ quan (*ước tính*^[Theo *Kế hoạch* số 5].")
    blocks = view.previews["nx.cd"]
    styles = {run.text: run.style for run in blocks[0].runs}
    assert styles["…"] == "B" and styles["ước tính"] == "I" and styles["¹"] == "sup"
    assert blocks[-1].kind == "note" and "".join(r.text for r in blocks[-1].runs) == "1. Theo Kế hoạch số 5"
    warnings = [item for item in view.violations if item.rule == "nx.so_lieu"]
    assert warnings == []  # a month view lists the month's checks; the quarter lists the texts' figures
    presenter.choose_period("2023-Q3")
    assert [item.importance for item in view.violations if item.rule == "nx.so_lieu"] == ["warning"]


def test_submit_and_reopen_in_a_month_act_on_its_quarter_and_keep_a_refused_reason(ward):
    ws, view, presenter = ward
    presenter.submit()
    assert ws.reports.status("2023-Q3").status == "submitted"
    assert view.actions == {"submit": False, "reopen": True, "import_annexes": False}
    assert view.text_editable is False and view.editable is False
    view.text_reply = "   "
    presenter.reopen()
    prompt, initial = view.asked[-1]
    assert "Tháng 7 năm 2023 thuộc quý III năm 2023 đã gửi" in prompt and initial == ""
    assert view.messages[-1][2] is True
    view.text_reply = None
    presenter.reopen()
    assert view.asked[-1][1] == "   "  # what was typed is offered again
    view.text_reply = "Sửa số văn bản"
    presenter.reopen()
    assert ws.reports.status("2023-Q3").status == "open"
    assert view.text_editable is True and view.editable is True


def test_exporting_in_a_month_exports_its_quarters_report(ward, tmp_path):
    ws, view, presenter = ward
    presenter.commit_field("cd.van_ban_chi_dao", "3")
    presenter.commit_text("nx.cd", "Đã ban hành {cd.van_ban_chi_dao} văn bản trong {period}.")
    asked, target = [], tmp_path / "bc.pdf"
    view.ask_save_path = lambda title, name, kind: asked.append(name) or str(target)
    view.run_job = lambda text, work, done, failed: done(work())
    presenter.export_pdf()
    assert "quý III năm 2023" in asked[0]
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert "Đã ban hành 03 văn bản trong quý III năm 2023." in " ".join(text.split())


def test_the_preview_follows_a_figure_typed_afterwards(ward):
    ws, view, presenter = ward
    presenter.commit_text("nx.cd", "Đã ban hành {cd.van_ban_chi_dao} văn bản.")
    assert preview_text(view, "nx.cd") == "Đã ban hành … văn bản."
    presenter.commit_field("cd.van_ban_chi_dao", "4")
    assert preview_text(view, "nx.cd") == "Đã ban hành 04 văn bản."
    presenter.commit_field("cd.van_ban_chi_dao", "1.250")
    assert preview_text(view, "nx.cd") == "Đã ban hành 1.250 văn bản."


def test_a_refused_text_is_kept_as_a_draft_until_corrected(ward):
    ws, view, presenter = ward
    presenter.commit_text("nx.cd", "Bản cũ đã lưu.")
    draft = "Bản mới {chưa rõ số liệu} và {cd.van_ban} cần sửa."
    assert presenter.commit_text("nx.cd", draft) is False
    presenter.choose_period("2023-08")  # the clerk leaves (or closes) without correcting
    assert view.values["nx.cd"] == draft
    assert "{chưa rõ số liệu}" in view.errors["nx.cd"] and "{cd.van_ban}" in view.errors["nx.cd"]
    presenter.choose_period("2023-Q3")
    assert any("bản đang soạn chưa được lưu" in item.text for item in view.violations)
    assert ws.entry.stored_texts("2023-Q3")["nx.cd"] == "Bản cũ đã lưu."
    assert presenter.commit_text("nx.cd", "Bản mới {cd.van_ban_chi_dao} đã sửa.") is True
    presenter.choose_period("2023-08")
    assert view.values["nx.cd"] == "Bản mới {cd.van_ban_chi_dao} đã sửa."
    assert view.errors["nx.cd"] == ""
    presenter.choose_period("2023-Q3")
    assert not any("bản đang soạn" in item.text for item in view.violations)


def test_submitting_names_the_months_without_figures(ward):
    ws, view, presenter = ward
    presenter.commit_field("cd.van_ban_chi_dao", "3")
    view.yes = False
    presenter.submit()
    assert "Chưa có số liệu tháng 8, tháng 9 năm 2023." in view.questions[0][0]
    assert ws.reports.status("2023-Q3").status == "open"


def test_an_explanation_shared_by_several_rows_of_a_rule_says_so(ward):
    ws, view, presenter = ward
    presenter.choose_section("tthc")
    for row in ("tu_phap", "thanh_tra"):  # 6 kept of 5 reviewed: the known part exceeds the total, in two rows
        ws.entry.set_values("2023-07", {f"tthc.rs.tong@xa/{row}": "5", f"tthc.rs.giu_nguyen@xa/{row}": "6"})
    presenter.recheck()
    index = next(i.index for i in view.violations if i.rule == "tthc.rs")
    view.text_reply = "Đang rà soát tiếp."
    presenter.explain_violation(index)
    assert "dùng chung cho cả 2 sai sót cùng loại" in view.asked[-1][0]
    assert [i.explanation for i in view.violations if i.rule == "tthc.rs"] == ["Đang rà soát tiếp."] * 2


def test_the_preview_shows_a_refused_draft_at_once(ward):
    ws, view, presenter = ward
    assert presenter.commit_text("nx.cd", "Đã ban hành {so_van_ban} văn bản.") is False
    assert preview_text(view, "nx.cd") == "Đã ban hành {so_van_ban} văn bản."
