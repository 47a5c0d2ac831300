"""The import's checks beyond the file itself (quarter figures recomputed from the months, another
template version mapped or refused, the parent's locked period) and who has reported (completeness
from the import records, `cchc status`). Annexes are real exports of child databases; every refusal
is compared with the database before it (sqlite iterdump)."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from datetime import date, datetime
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from db import store
from db.models import Audit, Value, database
from tests.hostile_annex import DATA_PART, resign, rewrite
from tests.test_import import CITY, IMPORT_MOMENT, _edit_value, _values_of, dump, export_child, import_files, run
from tests.test_import import parent as parent  # noqa: PLC0414 - the fixture, shared
from tests.test_templates import _pack_folder, _zip

OLD, NEW, RETIRED = "cd.van_ban_chi_dao", "cd.vb.ban_hanh", "cd.sk.tap_the"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("children")
    return {"P1": export_child(folder, "P1", "2023-Q3"), "P1-07": export_child(folder, "P1", "2023-07")}


def _refused(db: Path, paths) -> list:
    before = dump(db)
    verdicts = import_files(db, paths)
    assert dump(db) == before
    assert all(v.status == "refused" for v in verdicts), [v.message for v in verdicts]
    return verdicts


def _header(path: Path, target: Path, **changes: str) -> Path:
    """A copy of the annex whose `_cchc` header holds other texts, signed again (as the export would
    sign such a file: an earlier release's, or another time of export)."""
    values = _values_of(path)

    def edit(xml: str) -> str:
        for old, new in changes.items():
            xml, count = re.subn(rf"<t>{re.escape(old)}</t>", f"<t>{new}</t>", xml, count=1)
            assert count == 1, old
        return resign(xml, values)

    return rewrite(path, target, {DATA_PART: edit})


def _exported_at(path: Path) -> str:
    from exports.annex_reader import read_annex

    return read_annex(path).header["exported_at"]


# ----- the quarter of a monthly unit --------------------------------------------------------
def test_a_month_edited_in_the_data_sheet_under_an_unchanged_quarter_total_is_refused(parent, files, tmp_path):
    values = [
        (c, p, u, "131" if (c, p) == ("tthc.hs.tiep_nhan", "2023-08") else v) for c, p, u, v in _values_of(files["P1"])
    ]

    def edit(xml: str) -> str:
        xml = _edit_value(xml, "tthc.hs.tiep_nhan", "2023-08", "P1", "130", "131")
        return resign(xml, values)

    tampered = rewrite(files["P1"], tmp_path / "p1.xlsx", {DATA_PART: edit})
    (verdict,) = _refused(parent, [tampered])
    assert "Tổng số hồ sơ tiếp nhận" in verdict.message  # the row's label, not its code
    assert "346" in verdict.message and "345" in verdict.message  # recomputed 120+131+95, printed 120+130+95
    assert "tthc.hs" not in verdict.message
    (good,) = import_files(parent, [files["P1"]])
    assert good.status == "imported", good.message


# ----- the parent's locked period -----------------------------------------------------------
def test_a_file_feeding_a_submitted_period_of_the_parent_is_refused_with_who_and_how_to_reopen(parent, files):
    with Workspace.open(parent) as ws:
        store.set_status(ws.ctx.self_row(), "2023-Q3", "submitted")
        author = store.current_user()
    quarter, month = _refused(parent, [files["P1"], files["P1-07"]])
    for verdict in (quarter, month):
        assert "quý III năm 2023" in verdict.message and author in verdict.message
        assert "Mở lại kỳ" in verdict.message and "cchc reopen --period 2023-Q3" in verdict.message
    with Workspace.open(parent) as ws:
        ws.reports.reopen("2023-Q3", "nhận thêm phụ lục")
    assert [v.status for v in import_files(parent, [files["P1"]])] == ["imported"]


def test_a_file_of_a_unit_merged_away_before_the_period_is_refused(parent, files):
    with Workspace.open(parent) as ws:
        ws.units.merge("P2", "P1", "2023-07-01")  # P1 ends on 30/6/2023, P2 replaces it
    quarter, month = _refused(parent, [files["P1"], files["P1-07"]])
    for verdict in (quarter, month):
        assert "UBND Phường 1 không hoạt động trong" in verdict.message
        assert "đã sáp nhập vào P2 từ ngày 01/07/2023" in verdict.message


# ----- another template version -------------------------------------------------------------
@pytest.fixture
def pack(tmp_path) -> Path:
    return _zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau-2024.1.zip")


def _child_2024(tmp_path: Path, monkeypatch, with_pack: Path | None, figures: dict[str, str]) -> Path:
    """P1's annex of 2024-Q3 made on a PC with the 2024.1 pack (or without it: then in 2023.1)."""
    monkeypatch.setenv(
        "CCHC_DATA_DIR", str(tmp_path / ("xdg-child-pack" if with_pack else "xdg-child") / "CCHC Desktop")
    )
    db = tmp_path / f"child-{len(list(tmp_path.glob('child-*.sqlite')))}.sqlite"
    if with_pack:
        assert run(db, "template", "install", str(with_pack)) == 0
    assert run(db, "init", "--unit-code", "P1", "--unit-name", "UBND Phường 1", "--parent-code", CITY[0]) == 0
    assert run(db, "set", "--period", "2024-07", *[f"{c}={v}" for c, v in figures.items()]) == 0
    target = db.with_suffix(".xlsx")
    assert run(db, "export", "xlsx", "--period", "2024-Q3", "-o", str(target)) == 0
    return target


def _parent_2024(tmp_path: Path, monkeypatch, with_pack: Path | None) -> Path:
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / ("xdg-city-pack" if with_pack else "xdg-city") / "CCHC Desktop"))
    db = tmp_path / "city.sqlite"
    if with_pack:
        assert run(db, "template", "install", str(with_pack)) == 0
    assert run(db, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    assert run(db, "units", "add", "--code", "P1", "--name", "UBND Phường 1", "--level", "xa") == 0
    return db


def test_a_file_of_the_older_version_is_mapped_to_the_version_in_force(tmp_path, monkeypatch, pack):
    annex = _child_2024(tmp_path, monkeypatch, None, {OLD: "4", "tthc.hs.tiep_nhan": "50"})
    from exports.annex_reader import read_annex

    assert read_annex(annex).header["template_version"] == "2023.1"
    city = _parent_2024(tmp_path, monkeypatch, pack)
    (verdict,) = import_files(city, [annex])
    assert verdict.status == "imported", verdict.message
    with Workspace.open(city):
        rows = {(row.code, row.period): (row.value, row.template_version) for row in Value.select()}
    assert rows == {(NEW, "2024-07"): ("4", "2024.1"), ("tthc.hs.tiep_nhan", "2024-07"): ("50", "2024.1")}
    with Workspace.open(city) as ws:
        assert ws.entry.get_values("2024-Q3", unit_code="P1", computed=False)[NEW] == 4


def test_a_code_the_version_in_force_has_no_place_for_is_refused_by_its_label(tmp_path, monkeypatch, pack):
    annex = _child_2024(tmp_path, monkeypatch, None, {OLD: "4", RETIRED: "1"})
    city = _parent_2024(tmp_path, monkeypatch, pack)
    (verdict,) = _refused(city, [annex])
    assert "Tập thể được khen thưởng về sáng kiến, mô hình CCHC" in verdict.message
    assert "2023.1" in verdict.message and "2024.1" in verdict.message


def test_a_file_of_a_version_not_installed_here_is_refused_naming_it(tmp_path, monkeypatch, pack):
    annex = _child_2024(tmp_path, monkeypatch, pack, {NEW: "4"})
    city = _parent_2024(tmp_path, monkeypatch, None)
    (verdict,) = _refused(city, [annex])
    assert "2024.1" in verdict.message and "chưa cài" in verdict.message


# ----- submitted before export, and who has reported ---------------------------------------
@pytest.fixture(scope="module")
def sent(tmp_path_factory, files) -> dict[str, Path]:
    """P1 exported on 15/9/2023 (open); AH submitted its quarter, then exported on 25/9/2023; an old P1
    file whose header does not say whether it was submitted."""
    folder = tmp_path_factory.mktemp("sent")
    db = folder / "AH.sqlite"
    assert run(db, "init", "--unit-code", "AH", "--unit-name", "UBND phường An Hòa", "--frequency", "quarter") == 0
    assert run(db, "set", "--period", "2023-Q3", "tthc.hs.tiep_nhan=524") == 0
    with Workspace.open(db) as ws:
        store.set_status(ws.ctx.self_row(), "2023-Q3", "submitted")
        locked_at = store.status_of(ws.ctx.self_row(), "2023-Q3").at
    ah = folder / "ah-raw.xlsx"
    assert run(db, "export", "xlsx", "--period", "2023-Q3", "-o", str(ah)) == 0
    p1 = files["P1"]
    return {
        "P1": _header(p1, folder / "p1.xlsx", **{_exported_at(p1): "2023-09-15T10:00:00"}),
        "AH": _header(ah, folder / "ah.xlsx", **{_exported_at(ah): "2023-09-25T08:30:00"}),
        "P1-old": _header(p1, folder / "p1-old.xlsx", submitted="x_submitted", submitted_at="x_submitted_at"),
        "locked_at": locked_at,
    }


def test_the_import_record_says_whether_the_unit_had_submitted_before_export(parent, sent):
    assert [v.status for v in import_files(parent, [sent["P1"], sent["AH"]])] == ["imported"] * 2
    with Workspace.open(parent):
        records = {r.unit_code: json.loads(r.new) for r in Audit.select().where(Audit.action == "nhap_tep")}
    assert records["AH"]["submitted"] is True
    assert datetime.fromisoformat(records["AH"]["submitted_at"]) == sent["locked_at"]
    assert records["P1"]["submitted"] is False and records["P1"]["file"] == "p1.xlsx"
    assert records["P1"]["exported_at"] == "2023-09-15T10:00:00"


def test_an_older_file_without_the_key_means_unknown(parent, sent):
    assert [v.status for v in import_files(parent, [sent["P1-old"]])] == ["imported"]
    with Workspace.open(parent) as ws:
        records = [json.loads(r.new) for r in Audit.select().where(Audit.action == "nhap_tep")]
        assert len(records) == 4 and not any("submitted" in record for record in records)  # 3 months, the quarter
        by_code = {item.unit.code: item for item in ws.consolidation.completeness("2023-Q3")}
    assert by_code["P1"].submitted is None and by_code["P1"].received


def test_completeness_reads_the_import_records(parent, sent):
    import_files(parent, [sent["P1"], sent["AH"]])
    with Workspace.open(parent) as ws:
        ws.units.add_child(code="X9", name="UBND xã Tân Phú Đông", level="xa")
        ws.entry.set_values("2023-08", {"tthc.hs.tiep_nhan": 7}, unit_code="X9")
        early = {item.unit.code: item for item in ws.consolidation.completeness("2023-Q3", today=date(2023, 9, 18))}
        later = {item.unit.code: item for item in ws.consolidation.completeness("2023-Q3", today=date(2023, 10, 1))}
    p1, ah, p2, x9 = early["P1"], early["AH"], early["P2"], early["X9"]
    assert (p1.source, p1.file_name, p1.submitted, p1.state) == ("file", "p1.xlsx", False, "on_time")
    assert p1.exported_at == datetime(2023, 9, 15, 10, 0) and p1.imported_at == IMPORT_MOMENT
    assert p1.file_modified is not None
    assert (ah.source, ah.submitted, ah.state, ah.late) == ("file", True, "late", True)  # exported after 20/9
    assert ah.submitted_at == sent["locked_at"]
    assert (p2.received, p2.late, p2.state) == (False, False, "waiting")
    assert (later["P2"].late, later["P2"].state) == (True, "missing")
    assert (x9.source, x9.received, x9.file_name, x9.submitted) == ("manual", True, "", None)
    assert ah.to_json()["submitted_before_export"] is True and ah.to_json()["file"] == "ah.xlsx"


def _selects(action) -> int:
    seen: list[str] = []
    database.connection().set_trace_callback(seen.append)
    try:
        action()
    finally:
        database.connection().set_trace_callback(None)
    return sum(1 for sql in seen if sql.lstrip().upper().startswith("SELECT"))


def test_completeness_takes_the_same_number_of_queries_for_3_or_300_children(parent, sent):
    import_files(parent, [sent["P1"], sent["AH"]])
    with Workspace.open(parent) as ws:
        ws.consolidation.completeness("2023-Q3")  # what is looked for once per opening (stray values) is done
        few = _selects(lambda: ws.consolidation.completeness("2023-Q3"))
        for number in range(297):
            ws.units.add_child(code=f"Y{number:03d}", name=f"UBND xã số {number}", level="xa")
        many = _selects(lambda: ws.consolidation.completeness("2023-Q3"))
        items = ws.consolidation.completeness("2023-Q3")
    assert len(items) == 300 and many == few <= 8


def _status(db: Path, *options: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert run(db, "status", "--period", "2023-Q3", *options) == 0
    return out.getvalue()


def test_cli_status_prints_a_table_and_the_counts(parent, sent):
    import_files(parent, [sent["P1"], sent["AH"]])
    text = _status(parent)
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("Mã"))
    for label in ("Đơn vị", "Cấp", "Thời gian tệp", "Nhận lúc", "Đã gửi khi xuất", "Hạn gửi", "Tình trạng"):
        assert label in header
    rows = [line for line in lines if line.split(" ")[0] in ("P1", "P2", "AH")]
    column = header.index("Hạn gửi")
    assert len(rows) == 3 and all(row[column : column + 10] == "20/09/2023" for row in rows)  # aligned
    row = {line.split(" ")[0]: line for line in rows}
    assert "Đúng hạn" in row["P1"] and "Chưa gửi" in row["P1"] and "15/09/2023" in row["P1"]
    assert "Trễ hạn" in row["AH"] and "Đã gửi" in row["AH"]
    assert "Chưa nhận" in row["P2"]
    assert "Đã nhận 2/3 đơn vị (1 gửi trễ hạn), thiếu 1 (1 đã quá hạn)." in text
    data = json.loads(_status(parent, "--json"))
    by_code = {child["code"]: child for child in data["children"]}
    assert by_code["AH"]["submitted_before_export"] is True and by_code["AH"]["file"] == "ah.xlsx"
    assert by_code["P1"]["exported_at"] == "2023-09-15 10:00:00" and by_code["P1"]["imported_at"]
    assert {"received", "received_at", "deadline", "late"} <= set(by_code["P2"])
    assert data["summary"] == {"total": 3, "received": 2, "partial": 0, "missing": 1, "late": 1, "overdue": 1}


def test_a_quarter_with_a_month_missing_is_not_counted_as_received(parent, files):
    assert [v.status for v in import_files(parent, [files["P1-07"]])] == ["imported"]  # July only
    with Workspace.open(parent) as ws:
        items = {item.unit.code: item for item in ws.consolidation.completeness("2023-Q3", today=date(2023, 9, 1))}
        p1 = items["P1"]
        assert (p1.received, p1.complete, p1.state) == (True, False, "partial")
        assert [str(p) for p in p1.gaps] == ["2023-08", "2023-09"]
        from cchc_desktop.app.usecases.consolidation import CompletenessSummary
        from cchc_desktop.app.usecases.received_status import status_table

        summary = CompletenessSummary.of(list(items.values()))
        assert (summary.received, summary.partial) == (0, 1)
        assert "1 đơn vị chưa gửi đủ các kỳ" in summary.text()
        rows, _ = status_table(ws.consolidation, ws.units, "2023-Q3", date(2023, 9, 1))
        assert {row.code: row.state_label for row in rows}["P1"] == "Thiếu tháng 8, tháng 9"
        july = {item.unit.code: item for item in ws.consolidation.completeness("2023-07", today=date(2023, 9, 1))}
        assert july["P1"].complete and july["P1"].state != "partial"


def test_a_header_edited_by_hand_is_refused_by_the_checksum(parent, sent, tmp_path):
    """The export time and the submitted flag decide whether a unit was on time: editing them without
    signing the file again is caught (a tamperer who recomputes SHA-256 is not: it is no signature)."""
    late = sent["AH"]  # exported after the deadline
    exported = _exported_at(late)

    def edit(xml: str) -> str:
        assert f"<t>{exported}</t>" in xml
        return xml.replace(f"<t>{exported}</t>", "<t>2023-09-05T10:00:00</t>", 1)

    forged = rewrite(late, tmp_path / "ah-som-hon.xlsx", {DATA_PART: edit})
    (verdict,) = _refused(parent, [forged])
    assert "mã kiểm tra của tệp không khớp" in verdict.message and "thời gian xuất" in verdict.message


def test_the_parents_export_names_a_child_that_sent_part_of_the_period(parent, files, tmp_path, capsys):
    assert [v.status for v in import_files(parent, [files["P1-07"]])] == ["imported"]  # July only
    capsys.readouterr()
    assert run(parent, "export", "xlsx", "--period", "2023-Q3", "-o", str(tmp_path / "a.xlsx")) == 0
    out = capsys.readouterr().out
    assert "Lưu ý: số tổng hợp còn thiếu số liệu của UBND Phường 1 (tháng 8, tháng 9 năm 2023)" in out
    assert run(parent, "export", "xlsx", "--period", "2023-07", "-o", str(tmp_path / "b.xlsx")) == 0
    assert "còn thiếu số liệu" not in capsys.readouterr().out  # July itself is complete


# ----- the unit's giải trình travel with its figures ------------------------------------------
def test_a_units_explanations_travel_with_its_annex(tmp_path, capsys):
    child, parent = tmp_path / "p9.sqlite", tmp_path / "city.sqlite"
    assert run(child, "init", "--unit-code", "P9", "--unit-name", "UBND Phường 9", "--frequency", "quarter",
               "--parent-code", CITY[0], "--parent-name", CITY[1]) == 0  # fmt: skip
    slip = ("tthc.hs.tiep_nhan=100", "tthc.hs.truc_tuyen=10", "tthc.hs.truc_tiep=70", "tthc.hs.ky_truoc=5")
    assert run(child, "set", "--period", "2023-Q3", *slip) == 0  # 10 + 70 + 5 is not 100
    capsys.readouterr()
    assert run(child, "check", "--period", "2023-Q3", "--json") in (0, 1)
    rule = json.loads(capsys.readouterr().out)[0]["rule"]
    text = "Phần mềm một cửa chưa đồng bộ; sẽ cập nhật kỳ sau."
    assert run(child, "explain", "--period", "2023-Q3", rule, text) == 0
    annex = tmp_path / "p9.xlsx"
    assert run(child, "export", "xlsx", "--period", "2023-Q3", "-o", str(annex)) == 0
    assert run(parent, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    assert run(parent, "units", "add", "--code", "P9", "--name", "UBND Phường 9", "--frequency", "quarter") == 0

    forged = rewrite(annex, tmp_path / "p9-sua.xlsx", {DATA_PART: lambda xml: xml.replace(text, "Không có gì.", 1)})
    _refused(parent, [forged])  # a giải trình edited by hand breaks the checksum like a value

    assert [v.status for v in import_files(parent, [annex])] == ["imported"]
    capsys.readouterr()
    run(parent, "check", "--period", "2023-Q3", "--json")
    found = [item for item in json.loads(capsys.readouterr().out) if item.get("unit") == "P9" and item["rule"] == rule]
    assert found and all(item["explanation"] == text for item in found)
