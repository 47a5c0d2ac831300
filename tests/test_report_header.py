"""Issue 21, item 3: the report's own header and closing per report period (`cchc report set|show`; the window's
dialog is tested in tests/gui): number, date, trích yếu, preamble, who signs, Nơi nhận; blanks for the Văn thư
when unset, never the export's date; an empty section says "Không phát sinh."."""

from __future__ import annotations

import openpyxl
from pypdf import PdfReader

from tests.test_pdf_report import flat

PERIOD = "2023-Q3"


def _pdf_text(cchc, tmp_path, period: str = PERIOD) -> str:
    target = tmp_path / f"bao-cao-{period}.pdf"
    result = cchc("export", "pdf", "--period", period, "-o", str(target))
    assert result.code == 0, result
    return flat(" ".join(page.extract_text() for page in PdfReader(target).pages))


def test_set_then_show_gives_back_what_was_typed(cchc, monthly_unit):
    result = cchc(
        "report", "set", "--period", PERIOD,
        "so=31/BC-UBND", "ngay=7/3/2025", "trich_yeu=Kết quả CCHC quý III năm 2023",
        "can_cu=Căn cứ Kế hoạch số 12/KH-UBND;\\nThực hiện Công văn số 5/SNV.",
        "tham_quyen=KT. CHỦ TỊCH", "chuc_vu=PHÓ CHỦ TỊCH", "nguoi_ky=Trần Văn Bình",
        "noi_nhan=- UBND thành phố (b/c);\\n- Lưu: VT.",
    )  # fmt: skip
    assert result.code == 0, result
    assert "Đã lưu thông tin văn bản của báo cáo quý III năm 2023" in result.out
    shown = cchc("report", "show", "--period", PERIOD, "--json").json()
    assert shown == {
        "so": "31",  # the "/BC-UBND" typed with it is the form's, printed by the program
        "ngay": "7/3/2025",
        "trich_yeu": "Kết quả CCHC quý III năm 2023",
        "can_cu": "Căn cứ Kế hoạch số 12/KH-UBND;\nThực hiện Công văn số 5/SNV.",
        "tham_quyen": "KT. CHỦ TỊCH",
        "chuc_vu": "PHÓ CHỦ TỊCH",
        "nguoi_ky": "Trần Văn Bình",
        "noi_nhan": "UBND thành phố (b/c)\nLưu: VT",
    }
    assert cchc("report", "set", "--period", PERIOD, "so=", "ngay=…/9/2023").code == 0
    shown = cchc("report", "show", "--period", PERIOD, "--json").json()
    assert (shown["so"], shown["ngay"], shown["nguoi_ky"]) == ("", "…/9/2023", "Trần Văn Bình")


def test_bad_fields_are_refused_and_nothing_is_stored(cchc, monthly_unit):
    before = cchc("report", "show", "--period", PERIOD, "--json").json()
    for args, said in [
        (["so=31", "ngay=31/2/2025"], "không phải ngày có thật"),
        (["nguoi_ky=Trần Văn Bình", "so=một ba"], "không phải số văn bản"),
        (["ngay=07/3"], "không phải ngày"),
        (["ngay=7/…/2025"], "có tháng khi đã có ngày"),
        (["trich_yeu=dòng một\\ndòng hai"], "chỉ được một dòng"),
        (["nguoi_ky=" + "A" * 101], "dài quá 100 ký tự"),
        (["chuc_vu=CHỦ\x07TỊCH"], "ký tự điều khiển"),
        (["ky_ten=Bình"], "Không có mục “ky_ten”"),
        (["so"], "không đúng dạng MỤC=GIÁ_TRỊ"),
    ]:
        result = cchc("report", "set", "--period", PERIOD, *args)
        assert result.code == 2 and said in result.err, (args, result)
        assert cchc("report", "show", "--period", PERIOD, "--json").json() == before, args


def test_a_month_is_refused_naming_its_report_period(cchc, monthly_unit):
    result = cchc("report", "set", "--period", "2023-08", "so=12")
    assert result.code == 2 and "--period 2023-Q3" in result.err, result
    assert cchc("report", "show", "--period", "2023-08").code == 2


def test_unset_number_and_date_print_as_blanks_never_the_export_date(cchc, monthly_unit, tmp_path):
    text = _pdf_text(cchc, tmp_path)
    assert "Số: /BC-UBND" in text  # the blank is the Văn thư's to write in (spaces, flattened here)
    assert "Sa Đéc, ngày …… tháng …… năm ……" in text
    assert "Nơi nhận:" in text and "Lưu: VT." in text  # the unit's (default) Nơi nhận


def test_the_header_set_for_the_period_is_printed_in_the_report_and_the_annex(cchc, monthly_unit, tmp_path):
    assert cchc("set", "--period", "2023-07", "tthc.hs.truc_tuyen=12").code == 0
    assert cchc(
        "report", "set", "--period", PERIOD, "so=31", "ngay=07/10/2023", "can_cu=Thực hiện Kế hoạch số 12/KH-UBND.",
        "tham_quyen=KT. CHỦ TỊCH", "chuc_vu=PHÓ CHỦ TỊCH", "nguoi_ky=Trần Văn Bình",
        "noi_nhan=UBND thành phố (b/c);Lưu: VT",
    ).code == 0  # fmt: skip
    text = _pdf_text(cchc, tmp_path)
    assert "Số: 31/BC-UBND" in text and "Sa Đéc, ngày 07 tháng 10 năm 2023" in text
    preamble, first_section = text.index("Thực hiện Kế hoạch số 12/KH-UBND."), text.index("I. ")
    assert text.index("(Số liệu tính từ ngày") < preamble < first_section  # after the cut-off, before section I
    for line in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình", "- UBND thành phố (b/c);", "- Lưu: VT."):
        assert line in text, line
    assert "TM. ỦY BAN NHÂN DÂN" not in text
    annex = tmp_path / "phu-luc.xlsx"
    assert cchc("export", "xlsx", "--period", PERIOD, "-o", str(annex)).code == 0
    sheet = openpyxl.load_workbook(annex)["PL1 Số liệu"]
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert {"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"} <= cells
    assert any("Kèm theo Báo cáo số 31/BC-UBND" in cell for cell in cells)


def test_a_section_nothing_was_written_in_says_so(cchc, monthly_unit, tmp_path):
    text = _pdf_text(cchc, tmp_path)  # a new unit: no figure, no text
    assert text.count("Không phát sinh.") >= 5
    headings = ["I. ", "II. ", "III. "]
    for heading, following in zip(headings, headings[1:], strict=False):
        between = text[text.index(heading) : text.index(following)]
        assert "Không phát sinh." in between, heading
