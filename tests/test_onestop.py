"""The one-stop system's Biểu II.06a read instead of retyped (issue 21, item 5), through `cchc onestop import`:
three vendors' layouts read (title rows or none, merged or one-row headers, numbering row or labels, columns in
another order, total row at the bottom, at the top or none, a row per field or per unit); what would be stored
shown beside what is stored; stored only on confirmation, in one transaction with an audit row naming the
file; bad and hostile files refused with a clear verdict and nothing stored."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import pytest

from cchc_desktop.app import Workspace
from db.models import Audit
from tests.hostile_annex import _stream_member, _zeros, million_rows, rewrite
from tests.support import onestop_files as files
from tests.test_import import dump

PERIOD = "2023-Q3"
CODES = [
    "tthc.hs.tiep_nhan", "tthc.hs.truc_tuyen", "tthc.hs.truc_tiep", "tthc.hs.ky_truoc", "tthc.hs.da_giai_quyet",
    "tthc.hs.truoc_han", "tthc.hs.dung_han", "tthc.hs.qua_han", "tthc.hs.dang_giai_quyet",
    "tthc.hs.dang_trong_han", "tthc.hs.dang_qua_han",
]  # fmt: skip
TOTALS = dict(zip(CODES, files.field_totals(), strict=True))  # the four fields' totals: 200, 135, 53, 12 …


@pytest.fixture
def ward(cchc, db_path):
    """A new ward entering its figures by quarter, nothing typed yet."""
    result = cchc("init", "--unit-code", "P-ANHOA", "--unit-name", "UBND phường An Hòa", "--frequency", "quarter")
    assert result.code == 0, result
    return lambda *args: cchc(*args, db=db_path)


def figures(run, unit: str | None = None) -> dict[str, int]:
    result = run("get", "--period", PERIOD, "--json", *(["--unit", unit] if unit else []))
    assert result.code == 0, result
    return {code: value for code, value in result.json().items() if code in CODES}


def audit_rows(db) -> list[tuple[str, str, str, str]]:
    with Workspace.open(db):
        query = Audit.select().where(Audit.action == "nhap_mot_cua").order_by(Audit.id)
        return [(row.unit_code, row.period, row.code, row.new) for row in query]


def per_field_total_first(target):
    """The third layout (two header rows, a note column, the total row first, group rows) with fields."""
    return files.by_unit(target, files.FIELDS)


@pytest.mark.parametrize("layout", ["official", "software", "total_first"])
def test_a_wards_file_per_field_is_stored_with_yes(ward, db_path, tmp_path, layout):
    make = per_field_total_first if layout == "total_first" else getattr(files, layout)
    source = make(tmp_path / f"{layout}.xlsx")
    result = ward("onestop", "import", str(source), "--period", PERIOD, "--yes")
    assert result.code == 0, result
    assert figures(ward) == TOTALS
    assert "(3) Tổng số hồ sơ tiếp nhận: 200 (đang lưu: chưa có)  ← đổi" in result.out
    assert f"Đã lưu 11 số liệu từ tệp {source.name}." in result.out
    if layout == "official":
        assert "lấy từ dòng Tổng cộng (dòng 14)" in result.out
    elif layout == "total_first":  # the total row above the rows, the group row (Cấp xã) not counted twice
        assert "lấy từ dòng TỔNG CỘNG (dòng 6)" in result.out
    else:  # no total row: the rows' sum, said so; no period in the title, said so
        assert "lấy từ tổng của 4 dòng (dòng 2–5)" in result.out
        assert "Lưu ý: Tệp không có dòng tổng cộng: số lưu là tổng các dòng." in result.out
        assert "Lưu ý: Tệp không ghi kỳ báo cáo" in result.out
    rows = audit_rows(db_path)
    assert rows[0] == ("P-ANHOA", PERIOD, "", source.name)  # the file, named
    assert sorted(code for _, _, code, _ in rows[1:]) == sorted(CODES)


def test_without_confirmation_nothing_is_stored_and_the_current_values_are_shown(ward, db_path, tmp_path, monkeypatch):
    source = files.official(tmp_path / "a.xlsx")
    assert ward("set", "--period", PERIOD, "tthc.hs.truc_tuyen=1.000").code == 0
    before = dump(db_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("k\n"))
    result = ward("onestop", "import", str(source), "--period", PERIOD)
    assert result.code == 2 and dump(db_path) == before
    assert "(4) Hồ sơ mới tiếp nhận trực tuyến: 135 (đang lưu: 1.000)  ← đổi" in result.out
    assert "Chưa lưu gì: cần xác nhận" in result.out
    monkeypatch.setattr("sys.stdin", io.StringIO("c\n"))
    assert ward("onestop", "import", str(source), "--period", PERIOD).code == 0
    assert figures(ward)["tthc.hs.truc_tuyen"] == 135
    again = ward("onestop", "import", str(source), "--period", PERIOD, "--json")
    assert again.code == 0 and again.json()["changed"] == 0 and again.json()["stored"] is False


def test_at_the_level_above_rows_per_unit_go_to_the_units_they_name(cchc, demo_db, tmp_path):
    units = [
        ("Phường 1", files.FIELDS[0][1]),
        ("Xã Tân Khánh Đông", files.FIELDS[1][1]),
        ("XA-SADEC-P2", files.FIELDS[2][1]),  # by its code
        ("Xã Không Có", files.FIELDS[3][1]),
    ]
    source = files.by_unit(tmp_path / "don-vi.xlsx", units)
    result = cchc("onestop", "import", str(source), "--period", PERIOD, "--yes", "--json", db=demo_db)
    assert result.code == 0, result
    plan = result.json()
    assert plan["by_unit"] and plan["stored"]
    assert [unit["unit"] for unit in plan["units"]] == ["XA-SADEC-P1", "XA-SADEC-TANKHANHDONG", "XA-SADEC-P2"]
    assert plan["unmatched"] == ["dòng 11: Xã Không Có"]
    run = lambda *args: cchc(*args, db=demo_db)  # noqa: E731
    assert figures(run, "XA-SADEC-P1") == dict(zip(CODES, files.FIELDS[0][1], strict=True))
    assert figures(run, "XA-SADEC-P2") == dict(zip(CODES, files.FIELDS[2][1], strict=True))
    named = [row for row in audit_rows(demo_db) if row[2] == ""]
    matched = ("XA-SADEC-P1", "XA-SADEC-TANKHANHDONG", "XA-SADEC-P2")
    assert named == [(code, PERIOD, "", "don-vi.xlsx") for code in matched]


def _refused(run, db_path, source, *reasons: str, period: str = PERIOD) -> str:
    before = dump(db_path)
    result = run("onestop", "import", str(source), "--period", period, "--yes")
    assert result.code == 2, result
    assert dump(db_path) == before
    for reason in reasons:
        assert reason in result.err, result.err
    return result.err


def test_bad_files_are_refused_with_their_reason_and_nothing_stored(ward, db_path, tmp_path):
    _refused(ward, db_path, files.no_table(tmp_path / "ds.xlsx"), "Không tìm thấy bảng Biểu II.06a trong tệp ds.xlsx")
    _refused(ward, db_path, files.with_text_in_a_number(tmp_path / "chu.xlsx"), "ô E12: “tám” không phải là số.")
    wrong = files.official(tmp_path / "tong.xlsx", total=(200, 135, 53, 12, 177, 155, 19, 3, 23, 21, 9))
    _refused(ward, db_path, wrong, "Dòng Tổng cộng (dòng 14) không khớp: cột (13) ghi 9 (ô M14), cộng các dòng được 2.")
    inside = [("Tư pháp", (101, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0))]
    odd = files.official(tmp_path / "le.xlsx", rows=inside)
    _refused(ward, db_path, odd, "Ở dòng 11: cột (3) là 101 nhưng (4) + (5) + (6) = 100.")
    other = files.official(tmp_path / "quy2.xlsx", title_period="Quý II năm 2023")
    _refused(ward, db_path, other, "Tệp ghi kỳ “Kỳ báo cáo: Quý II năm 2023”, khác kỳ đang nhập (quý III năm 2023).")
    month = files.official(tmp_path / "thang.xlsx", title_period="Tháng 7 năm 2023")
    _refused(ward, db_path, month, "Đơn vị UBND phường An Hòa nhập số liệu theo quý", period="2023-07")
    old = tmp_path / "bieu.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    _refused(ward, db_path, old, "là tệp Excel cũ (.xls)", "Lưu thành (Save As)")
    text = tmp_path / "bieu.xlsx"
    text.write_text("STT;Lĩnh vực;Tiếp nhận\n", encoding="utf-8")
    _refused(ward, db_path, text, "không phải là tệp Excel (.xlsx)")
    _refused(ward, db_path, tmp_path / "khong-co.xlsx", "Không mở được tệp khong-co.xlsx")


def test_a_submitted_period_is_refused_and_nothing_stored(ward, db_path, tmp_path):
    assert ward("set", "--period", PERIOD, "tthc.hs.truc_tuyen=5").code == 0
    assert ward("submit", "--period", PERIOD).code == 0
    _refused(ward, db_path, files.official(tmp_path / "a.xlsx"), "Kỳ quý III năm 2023 đã được gửi (khóa)")


def test_hostile_files_are_refused_in_bounded_time(ward, db_path, tmp_path):
    good = files.official(tmp_path / "good.xlsx")
    part = "xl/worksheets/sheet1.xml"
    rows = _stream_member(good, tmp_path / "rows.xlsx", part, million_rows)
    _refused(ward, db_path, rows, "nằm ngoài vùng một biểu II.06a có thể dùng")
    bomb = rewrite(good, tmp_path / "bomb.xlsx", {}, extra=_zeros(60))
    _refused(ward, db_path, bomb, "khi giải nén lớn hơn 50 MB")
    entity = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    dtd = rewrite(good, tmp_path / "dtd.xlsx", {part: lambda xml: entity + xml.split("?>", 1)[-1]})
    _refused(ward, db_path, dtd, "Tệp dtd.xlsx bị hỏng: không đọc được trang “Biểu II.06a”.")


def test_the_json_says_what_would_be_stored(ward, tmp_path):
    source = files.official(tmp_path / "a.xlsx")
    result = ward("onestop", "import", str(source), "--period", PERIOD, "--json")
    plan = json.loads(result.out)  # --json never asks: nothing stored without --yes
    assert plan["units"][0]["values"] == TOTALS and plan["units"][0]["rows"] == "dòng Tổng cộng (dòng 14)"
    assert plan["stored"] is False and plan["changed"] == 11


def test_a_figure_left_empty_in_the_file_keeps_the_stored_one(ward, tmp_path):
    assert ward("set", "--period", PERIOD, "tthc.hs.dang_qua_han=4").code == 0
    book_path = files.official(tmp_path / "a.xlsx")
    with zipfile.ZipFile(book_path) as archive:
        names = archive.namelist()
    assert "xl/worksheets/sheet1.xml" in names
    import openpyxl

    book = openpyxl.load_workbook(book_path)
    sheet = book.active
    for row in range(10, 15):
        sheet.cell(row, 13).value = None  # (13) left empty everywhere
    sheet.cell(14, 11).value, sheet.cell(14, 12).value = None, None  # and the total's in-progress figures
    book.save(book_path)
    result = ward("onestop", "import", str(book_path), "--period", PERIOD, "--yes")
    assert result.code == 0, result
    assert "(13) Hồ sơ đang giải quyết quá hạn: (trống: giữ số đang lưu) (đang lưu: 04)" in result.out or (
        "(13) Hồ sơ đang giải quyết quá hạn: (trống: giữ số đang lưu) (đang lưu: 4)" in result.out
    )
    assert figures(ward)["tthc.hs.dang_qua_han"] == 4


def test_the_file_is_stored_in_one_transaction(ward, db_path, tmp_path, monkeypatch):
    """A failure after the first figure is written leaves nothing (the audit row naming the file included)."""
    from db import value_writes

    source = files.official(tmp_path / "a.xlsx")
    real_run = value_writes._Writes.run

    def failing(self):
        real_run(self)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(value_writes._Writes, "run", failing)
    before = dump(db_path)
    with pytest.raises(sqlite3.OperationalError):
        with Workspace.open(db_path) as ws:
            ws.onestop.store(ws.onestop.preview(source, PERIOD))
    assert dump(db_path) == before


def test_the_window_preview_of_a_file_per_unit_names_each_unit_once(demo_db, tmp_path):
    """The presenter the dialog shows: a row per figure with its unit, one note for all the units (a line per
    unit would push the rest out of the dialog's note), the unmatched rows in one line."""
    from cchc_desktop.app.presenters.onestop_presenter import OneStopPresenter

    units = [("Phường 1", files.FIELDS[0][1]), ("Phường 2", files.FIELDS[1][1]), ("Xã Không Có", files.FIELDS[2][1])]
    source = files.by_unit(tmp_path / "don-vi.xlsx", units)
    shown = []

    class View:
        def show_plan(self, heading, rows, notes, can_store):
            shown.append((heading, rows, notes, can_store))

        def show_refusal(self, text):
            raise AssertionError(text)

        def show_stored(self, text):
            shown.append(text)

    with Workspace.open(demo_db) as ws:
        presenter = OneStopPresenter(ws.onestop, View(), PERIOD, str(source))
        presenter.start()
        heading, rows, notes, can_store = shown[0]
        assert heading == "Tệp don-vi.xlsx — số liệu hồ sơ TTHC quý III năm 2023" and can_store
        assert [row[0] for row in rows] == ["UBND Phường 1"] * 11 + ["UBND Phường 2"] * 11
        assert notes[:2] == [
            "2 đơn vị, mỗi đơn vị lấy từ dòng mang tên hoặc mã của mình trong tệp.",
            "Không khớp đơn vị nào, không lưu: dòng 10: Xã Không Có.",
        ]
        changing = sum(1 for row in rows if row[-1] == "đổi")  # the demo's figures equal to the file's stay
        assert presenter.plan is not None and changing == presenter.plan.changed > 0
        presenter.store()
    assert presenter.stored and shown[-1] == f"Đã lưu {changing} số liệu quý III năm 2023 từ tệp don-vi.xlsx."
