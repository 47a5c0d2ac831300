"""Submit warns before it locks: what the report would lack (months without figures, sections with no
content, figures printed `…`, the signer, place, parent and recipients) is listed in the window's
question and after `cchc submit`; the PDF of a unit without signer or place prints blanks to fill in."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.report_gaps import ReportGaps, report_gaps
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from cchc_desktop.app.presenters.submit_presenter import FIX_SECTION, FIX_UNIT
from cchc_desktop.app.usecases.narratives import text_codes
from forms.periods import parse_period
from tests.test_presenters import CLOCK, FakeView

Q3 = parse_period("2023-Q3")
FULL_UNIT = {
    "place": "An Hòa",
    "parent_name": "UBND tỉnh Đồng Tháp",
    "signer_name": "Nguyễn Văn An",
    "signer_title": "CHỦ TỊCH",
    "recipients": ["Sở Nội vụ tỉnh Đồng Tháp", "Lưu: VT"],
}
SIGNER_LINE = "Thông tin đơn vị chưa ghi “Họ tên người ký”"
PLACE_LINE = "Thông tin đơn vị chưa ghi “Địa danh ghi ngày tháng”"
PARENT_LINE = "Thông tin đơn vị chưa ghi “Cơ quan cấp trên”"
RECIPIENTS_LINE = "Thông tin đơn vị chưa ghi “Nơi nhận”"
TITLE_LINE = "Thông tin đơn vị chưa ghi “Chức vụ người ký”"
LOCK_NOTE = "Sau khi gửi, số liệu và thuyết minh không sửa được nữa."


def _ward(db_path, months=("2023-07", "2023-08", "2023-09"), texts=False, level="xa", **unit) -> Workspace:
    """A ward (no unit information beyond its name unless given) with a figure in `months` and, with
    `texts`, every report text of the quarter written (no section printed with its heading alone)."""
    ws = Workspace.open(db_path, create=True)
    ws.units.init_unit(code="P-ANHOA", name="UBND phường An Hòa", short_name="UBND phường", level=level)
    if unit:
        ws.units.update_unit(**unit)
    for month in months:
        ws.entry.set_values(month, {"cd.van_ban_chi_dao": "3"})
    if texts:
        ws.entry.set_values("2023-Q3", {code: "Đã thực hiện theo kế hoạch." for code in text_codes(ws.template)})
    return ws


@pytest.fixture
def window(db_path):
    """A presenter on a new ward showing tháng 7, built by each test through `open_ward(**unit)`."""
    opened = []

    def open_ward(**kwargs):
        ws = _ward(db_path, **kwargs)
        view = FakeView()
        presenter = MainPresenter(ws, view, clock=CLOCK)
        presenter.start("2023-07")
        opened.append(ws)
        return ws, view, presenter

    yield open_ward
    for ws in opened:
        ws.close()


# ----- what is missing -------------------------------------------------------------------------
def test_a_new_ward_lacks_its_signer_place_parent_recipients_and_texts(db_path):
    ws = _ward(db_path, months=("2023-07",))
    try:
        gaps = report_gaps(ws, Q3)
    finally:
        ws.close()
    assert gaps.empty_periods == (parse_period("2023-08"), parse_period("2023-09"))
    assert gaps.unit_fields == ("place", "parent_name", "signer_name", "signer_title", "recipients")
    assert "II.1" in gaps.empty_sections and "IV" in gaps.empty_sections and "I" not in gaps.empty_sections
    lines = gaps.lines()
    assert lines[0] == "Chưa có số liệu tháng 8, tháng 9 năm 2023."
    assert any(line.startswith("Các mục chưa có nội dung (in “Không phát sinh.”): II.1, II.2") for line in lines)
    for start in (PLACE_LINE, PARENT_LINE, SIGNER_LINE, TITLE_LINE, RECIPIENTS_LINE):
        assert sum(line.startswith(start) for line in lines) == 1, start


def test_a_unit_with_everything_lacks_nothing(db_path):
    ws = _ward(db_path, texts=True, **FULL_UNIT)
    try:
        gaps = report_gaps(ws, Q3)
    finally:
        ws.close()
    assert not gaps and gaps.lines() == []


def test_each_missing_field_is_named_alone(db_path):
    ws = _ward(db_path, texts=True, **{**FULL_UNIT, "signer_name": "", "recipients": ["Lưu: VT, Văn phòng"]})
    try:
        assert report_gaps(ws, Q3).unit_fields == ("signer_name", "recipients")
        ws.units.update_unit(signer_name="Nguyễn Văn An", recipients=["Sở Nội vụ"], place=" ")
        assert report_gaps(ws, Q3).unit_fields == ("place",)
    finally:
        ws.close()


def test_a_province_has_no_parent_body_to_miss(db_path):
    ws = _ward(db_path, texts=True, level="tinh", **{**FULL_UNIT, "parent_name": ""})
    try:
        assert report_gaps(ws, Q3).unit_fields == ()
    finally:
        ws.close()


def test_figures_left_out_are_named_as_the_export_names_them(db_path):
    """A live figure nobody typed prints `…`: the same sentence as the export's note lists it."""
    ws = _ward(db_path, texts=True, **FULL_UNIT)
    try:
        ws.entry.set_values("2023-Q3", {"nx.cd": "Đã tiếp nhận {tthc.hs.tiep_nhan} hồ sơ."})
        gaps = report_gaps(ws, Q3)
    finally:
        ws.close()
    assert gaps.missing_figures and gaps.unit_fields == () and gaps.empty_sections == ()
    assert gaps.lines()[0].startswith("1 số liệu trong câu văn chưa có giá trị nên in “…”: Tổng số hồ sơ")


# ----- the window's question ---------------------------------------------------------------------
def test_nothing_missing_asks_as_before(window):
    ws, view, presenter = window(texts=True, **FULL_UNIT)
    asked = []
    view.ask_yes_no = lambda title, text: asked.append(text) or True
    presenter.submit()
    inside = "Tháng 7 năm 2023 thuộc báo cáo quý III năm 2023."
    assert asked == [f"{inside} Gửi (khóa) báo cáo quý III năm 2023? {LOCK_NOTE}"]
    assert view.questions == [] and ws.reports.status("2023-Q3").status == "submitted"


def test_the_question_lists_every_gap_and_khong_leaves_the_period_open(window):
    ws, view, presenter = window(months=("2023-07",))
    view.yes = False
    presenter.submit()
    ((text, actions),) = view.questions
    assert text.startswith("Tháng 7 năm 2023 thuộc báo cáo quý III năm 2023. Báo cáo quý III năm 2023 sẽ còn thiếu:")
    for words in ("Chưa có số liệu tháng 8, tháng 9 năm 2023.", "Các mục chưa có nội dung", SIGNER_LINE, PLACE_LINE):
        assert f"  • {words}" in text, words
    assert PARENT_LINE in text and RECIPIENTS_LINE in text
    assert f"Vẫn gửi (khóa) báo cáo quý III năm 2023? {LOCK_NOTE}" in text
    assert actions == [(FIX_UNIT, "Sửa thông tin đơn vị…"), (FIX_SECTION, "Soạn mục II.1…")]
    assert "Bấm “Sửa thông tin đơn vị…” hoặc “Soạn mục II.1…” để bổ sung trước khi gửi." in text
    assert ws.reports.status("2023-Q3").status == "open" and view.messages == []


def test_co_submits_with_the_gaps(window):
    ws, view, presenter = window(texts=True, **{**FULL_UNIT, "signer_name": ""})
    presenter.submit()
    ((text, actions),) = view.questions
    assert SIGNER_LINE in text and "Các mục chưa có nội dung" not in text
    assert actions == [(FIX_UNIT, "Sửa thông tin đơn vị…")]
    assert ws.reports.status("2023-Q3").status == "submitted"
    assert view.messages[-1][:2] == ("Đã gửi", "Đã gửi (khóa) báo cáo quý III năm 2023.")


def test_fixing_the_unit_asks_again_with_what_is_left_and_locks_nothing(window):
    ws, view, presenter = window(texts=True, **{**FULL_UNIT, "signer_name": "", "place": ""})

    def settings():  # the clerk types the signer's name in Thông tin đơn vị and saves
        ws.units.update_unit(signer_name="Nguyễn Văn An")
        view.action = ""
        view.yes = False
        return True

    view.open_unit_settings = settings
    view.action = FIX_UNIT
    presenter.submit()
    assert len(view.questions) == 2
    assert SIGNER_LINE in view.questions[0][0] and SIGNER_LINE not in view.questions[1][0]
    assert PLACE_LINE in view.questions[1][0]
    assert ws.reports.status("2023-Q3").status == "open"


def test_fixing_a_section_opens_it_at_its_empty_text(window):
    ws, view, presenter = window(texts=True, **FULL_UNIT)
    ws.entry.set_values("2023-Q3", {"nx.phuong_huong": None})
    view.action = FIX_SECTION
    presenter.submit()
    ((text, actions),) = view.questions
    assert "Các mục chưa có nội dung (in “Không phát sinh.”): IV." in text
    assert actions == [(FIX_SECTION, "Soạn mục IV…")]
    assert presenter.section_key == "phuong_huong" and view.section.key == "phuong_huong"
    assert view.focused == "nx.phuong_huong"
    assert ws.reports.status("2023-Q3").status == "open"


def test_unexplained_errors_are_said_before_any_gap(window):
    ws, view, presenter = window(months=("2023-07",))
    presenter.commit_field("cd.giao.tong", "5")
    presenter.commit_field("cd.giao.dung_han", "6")
    presenter.submit()
    assert view.questions == [] and view.messages[-1][0] == "Chưa gửi được"
    assert ws.reports.status("2023-Q3").status == "open"


# ----- the command line ----------------------------------------------------------------------------
def test_cli_submit_prints_the_gaps_after_locking(monthly_unit):
    cchc = monthly_unit  # the place given at init; no signer, parent nor recipients
    cchc("set", "--period", "2023-07", "cd.van_ban_chi_dao=3")
    result = cchc("submit", "--period", "2023-Q3")
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "Đã gửi (khóa) quý III năm 2023."
    assert "Lưu ý: Chưa có số liệu tháng 8, tháng 9 năm 2023." in lines
    assert any(line.startswith(f"Lưu ý: {SIGNER_LINE}") for line in lines)
    assert any(line.startswith(f"Lưu ý: {PARENT_LINE}") for line in lines)
    assert not any(PLACE_LINE in line for line in lines)
    assert any(line.startswith("Lưu ý: Các mục chưa có nội dung (in “Không phát sinh.”): II.1") for line in lines)
    assert cchc("status", "--period", "2023-Q3").out.startswith("Quý III năm 2023: đã gửi")


def test_cli_submit_of_a_complete_report_says_only_that_it_is_sent(db_path, cchc):
    _ward(db_path, texts=True, **FULL_UNIT).close()
    result = cchc("submit", "--period", "2023-Q3")
    assert (result.code, result.out, result.err) == (0, "Đã gửi (khóa) quý III năm 2023.\n", "")


def test_cli_submit_refused_prints_no_gaps(monthly_unit):
    cchc = monthly_unit
    cchc("set", "--period", "2023-07", "cd.giao.tong=5", "cd.giao.dung_han=6")
    result = cchc("submit", "--period", "2023-Q3")
    assert result.code == 2 and "Lưu ý" not in result.out + result.err
    month = cchc("submit", "--period", "2023-07")
    assert month.code == 2 and "Lưu ý" not in month.out + month.err


# ----- the PDF without signer or place ---------------------------------------------------------------
def _pdf_text(cchc, target) -> str:
    assert cchc("export", "pdf", "--period", "2023-Q3", "-o", str(target)).code == 0
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_without_signer_or_place_prints_blanks_to_fill_in(db_path, cchc, tmp_path):
    _ward(db_path, months=("2023-07",)).close()
    text = _pdf_text(cchc, tmp_path / "bao-cao.pdf")
    assert "…………, ngày …… tháng …… năm ……" in text
    assert "ngày tháng" not in " ".join(text.split())  # no blank a reader cannot see
    assert text.rstrip().endswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNơi nhận:\n- Lưu: VT.")  # no name, no stray mark


def test_pdf_with_signer_and_place_prints_them(db_path, cchc, tmp_path):
    _ward(db_path, texts=True, **FULL_UNIT).close()
    text = _pdf_text(cchc, tmp_path / "bao-cao.pdf")
    assert "An Hòa, ngày …… tháng …… năm ……" in text  # the date is the Văn thư's until it is set
    assert "CHỦ TỊCH\nNguyễn Văn An\nNơi nhận:" in text and "…………" not in text


def test_the_annex_says_the_same_blanks(db_path, cchc, tmp_path):
    import openpyxl

    _ward(db_path, months=("2023-07",)).close()
    target = tmp_path / "phu-luc.xlsx"
    assert cchc("export", "xlsx", "--period", "2023-Q3", "-o", str(target)).code == 0
    cells = [c.value for row in openpyxl.load_workbook(target)["PL1 Số liệu"].iter_rows() for c in row if c.value]
    texts = [value for value in cells if isinstance(value, str)]
    assert any("ngày …… tháng …… năm …… của UBND phường An Hòa" in value for value in texts)
    assert "…………, ngày …… tháng …… năm ……" in texts


def test_report_gaps_is_falsy_only_when_empty():
    assert not ReportGaps(Q3)
    assert ReportGaps(Q3, unit_fields=("place",))
