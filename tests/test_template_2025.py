"""The 2025 template (issue 21, item 6): since 1/7/2025 local government has two levels (tỉnh, xã), ministries
were merged and renamed, and communes have Trung tâm Phục vụ hành chính công. Version 2025.1 is valid from
2025-07 and kept in the repo as a pack (forms/2025.1); 2023.1 stays for earlier periods; a unit declared from
then on is offered no cấp huyện, and its reports never say it."""

from __future__ import annotations

import re
import shutil
import tomllib
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra.template_versions import template_set
from forms.periods import parse_period

FOLDER = Path(__file__).resolve().parents[1] / "forms" / "2025.1"
DISTRICT = re.compile(r"\bhuyện\b", re.IGNORECASE)


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [unicodedata.normalize("NFC", value)]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [*strings(key), *strings(item)]]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def test_no_text_of_the_2025_template_speaks_of_districts():
    texts = [
        text
        for path in sorted(FOLDER.glob("*.toml"))
        for text in strings(tomllib.loads(path.read_text(encoding="utf-8")))
    ]
    assert len(texts) > 500
    assert [text for text in texts if DISTRICT.search(text)] == []
    assert not [text for text in texts if "huyen" in text.split("@")[-1].split()]  # no level key either


def test_the_version_in_force_by_period_and_its_levels_and_fields():
    templates = template_set()
    assert templates.for_period(parse_period("2025-Q2")).version == "2023.1"  # earlier periods keep theirs
    assert templates.for_period(parse_period("2025-07")).version == "2025.1"
    assert templates.for_period(parse_period("2026")).version == "2025.1"
    new = templates.version("2025.1")
    assert new.levels == {"xa": "cấp xã", "tinh": "cấp tỉnh"}
    fields = set(new.lists["linh_vuc"].values())
    assert {"Nông nghiệp và Môi trường", "Khoa học và Công nghệ", "Dân tộc và Tôn giáo", "Nội vụ"} <= fields
    gone = {"Thông tin và Truyền thông", "Kế hoạch và Đầu tư", "Tài nguyên và Môi trường", "Giao thông vận tải"}
    assert not fields & gone and gone <= set(templates.version("2023.1").lists["linh_vuc"].values())
    assert new.label_of("tthc.bpmc.tong").startswith("Trung tâm Phục vụ hành chính công")
    assert not any(code.endswith("@huyen") for code in new.computed)


def test_level_choices_follow_the_date_a_unit_is_declared():
    templates = template_set()
    assert list(templates.level_choices(date(2025, 6, 30))) == ["xa", "huyen", "tinh"]
    assert list(templates.level_choices(date(2025, 7, 1))) == ["xa", "tinh"]
    assert list(templates.level_choices(date(2026, 12, 6), keep="huyen")) == ["xa", "tinh", "huyen"]  # being edited
    assert "huyen" in templates.level_names()  # a district's name is still known, for its earlier periods


def test_a_commune_of_2025_q3_reports_without_districts(cchc, db_path, tmp_path):
    result = cchc("init", "--unit-code", "XA-MY", "--unit-name", "UBND xã Mỹ An Hưng", "--frequency", "quarter",
                  "--parent-code", "TINH-DT", "--parent-name", "UBND tỉnh Đồng Tháp")  # fmt: skip
    assert result.code == 0, result
    figures = ("cd.van_ban_chi_dao=5", "tthc.hs.truc_tuyen=120", "tthc.hs.truc_tiep=30", "tthc.hs.ky_truoc=4",
               "tthc.hs.tiep_nhan=154", "tthc.bpmc.tong=1", "tthc.bpmc.nhan_dien=1", "tcbm.cq.tong=4")  # fmt: skip
    assert cchc("set", "--period", "2025-Q3", *figures).code == 0
    for kind in ("pdf", "xlsx", "docx"):
        assert cchc("export", kind, "--period", "2025-Q3", "-o", str(tmp_path / f"bc.{kind}")).code == 0
    report = " ".join(" ".join(page.extract_text() for page in PdfReader(tmp_path / "bc.pdf").pages).split())
    assert "01 trung tâm Phục vụ hành chính công" in report and "04 cơ quan chuyên môn" in report
    assert not DISTRICT.search(report) and "Bộ phận Một cửa" not in report
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "bc.xlsx")
    cells = [str(cell) for sheet in book.worksheets if sheet.sheet_state == "visible" for row in sheet.iter_rows(
        values_only=True) for cell in row if cell]  # fmt: skip
    assert not [cell for cell in cells if DISTRICT.search(cell)]
    with Workspace.open(db_path) as ws:
        assert ws.template_for("2025-Q3").version == "2025.1" and ws.template_for("2025-Q2").version == "2023.1"


def test_a_unit_declared_today_is_offered_no_district_level(db_path):
    from cchc_desktop.app.presenters.setup_presenter import NewDatabasePresenter

    shown = []

    class View:
        def show_form(self, form, values, first_time):
            shown.append({field.key: field for field in form})

    NewDatabasePresenter(db_path, View(), clock=lambda: datetime(2026, 12, 6, 9, 0)).start()
    assert list(shown[0]["level"].choices) == [("xa", "Cấp xã"), ("tinh", "Cấp tỉnh")]
    NewDatabasePresenter(db_path, View(), clock=lambda: datetime(2024, 3, 1, 9, 0)).start()
    assert [key for key, _ in shown[1]["level"].choices] == ["xa", "huyen", "tinh"]


def test_the_folder_is_a_pack_cchc_template_install_reads(cchc, tmp_path):
    """Shipped already, the version itself is not installed again; the same folder renumbered installs."""
    result = cchc("template", "install", str(FOLDER))
    assert result.code == 2 and "2025.1 đã có sẵn trong chương trình" in result.err
    pack = tmp_path / "2026.1"
    shutil.copytree(FOLDER, pack)
    head = (pack / "template.toml").read_text(encoding="utf-8")
    head = head.replace('version = "2025.1"', 'version = "2026.1"').replace(
        'valid_from = "2025-07"', 'valid_from = "2026-01"'
    )
    (pack / "template.toml").write_text(head, encoding="utf-8")
    installed = cchc("template", "install", str(pack))
    assert installed.code == 0, installed
    listed = cchc("template", "list").out
    assert "2025.1\táp dụng từ tháng 7/2025\tkèm chương trình" in listed and "2026.1" in listed


@pytest.mark.parametrize("period", ["2023-Q3", "2025-Q2"])
def test_earlier_periods_keep_the_2023_template(period):
    assert template_set().for_period(parse_period(period)).version == "2023.1"
