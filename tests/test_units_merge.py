"""`cchc units merge` (the 2025 mergers): validity dates, the predecessor link, refusals that change
nothing, the units in force in a period, and "cùng kỳ năm trước" of a new unit from its predecessors."""

from __future__ import annotations

import sqlite3

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.predecessors import last_year_coverage
from forms.aggregate import aggregate_units
from forms.computed import compute


def _dump(db_path) -> list[str]:
    connection = sqlite3.connect(db_path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def province(cchc):
    """A province with four old communes (P1–P3 monthly, TQT quarterly) and the new phường Sa Đéc."""
    assert cchc("init", "--unit-code", "DT", "--unit-name", "UBND tỉnh Đồng Tháp", "--level", "tinh").code == 0
    for code, name, frequency in (
        ("P1", "UBND Phường 1", "month"),
        ("P2", "UBND Phường 2", "month"),
        ("P3", "UBND Phường 3", "month"),
        ("TQT", "UBND xã Tân Quy Tây", "quarter"),
        ("SADEC", "UBND phường Sa Đéc", "month"),
    ):
        added = cchc("units", "add", "--code", code, "--name", name, "--frequency", frequency)
        assert added.code == 0, added
    assert cchc("set", "--period", "2025-06", "--unit", "P1", "tthc.hs.tiep_nhan=12").code == 0
    return cchc


def _listed(cchc) -> dict[str, dict]:
    return {unit["code"]: unit for unit in cchc("units", "list", "--json").json()}


def test_merge_sets_validity_and_the_link(province, db_path):
    result = province("units", "merge", "--into", "SADEC", "--from", "P1,P2,TQT", "--from-date", "2025-07-01")
    assert result.code == 0, result
    assert result.out.startswith("Đã ghi nhận sáp nhập: SADEC\tUBND phường Sa Đéc")
    units = _listed(province)
    for code in ("P1", "P2", "TQT"):
        assert (units[code]["valid_to"], units[code]["replaced_by"]) == ("2025-06-30", "SADEC")
    assert (units["SADEC"]["valid_from"], units["SADEC"]["valid_to"], units["SADEC"]["replaced_by"]) == (
        "2025-07-01",
        "",
        "",
    )
    assert (units["P3"]["valid_to"], units["P3"]["replaced_by"]) == ("", "")
    lines = province("units").out.splitlines()
    assert (
        "  SADEC\tUBND phường Sa Đéc\tcấp xã\tnhập theo tháng\ttừ ngày 01/07/2025\t"
        "thay cho P1 (UBND Phường 1), P2 (UBND Phường 2), TQT (UBND xã Tân Quy Tây)\tcấp trên: DT"
    ) in lines
    merged = "  P1\tUBND Phường 1\tcấp xã\tnhập theo tháng\tđã sáp nhập vào SADEC từ ngày 01/07/2025"
    assert f"{merged}\tcấp trên: DT" in lines
    assert "  P3\tUBND Phường 3\tcấp xã\tnhập theo tháng\tcấp trên: DT" in lines
    # the same merger again (sources in another order, one repeated): harmless, nothing written
    before = _dump(db_path)
    again = province("units", "merge", "--into", "SADEC", "--from", "TQT, P2,P1,P2", "--from-date", "2025-07-01")
    assert again.code == 0, again
    assert "đã được ghi nhận từ trước, không thay đổi gì" in again.out
    assert _dump(db_path) == before
    # a later merger may add another old unit to the same new one
    more = province("units", "merge", "--into", "SADEC", "--from", "P3", "--from-date", "2025-07-01")
    assert more.code == 0, more
    assert _listed(province)["P3"]["replaced_by"] == "SADEC"


REFUSALS = [
    (("--into", "NEW", "--from", "P1,P2"), ['mã "NEW"', "đơn vị mới", "cchc units add", "P1, P2, P3"]),
    (("--into", "SADEC", "--from", "P1,P9"), ['mã "P9"', "đơn vị cũ"]),
    (("--into", "SADEC", "--from", "P1,DT"), ['"DT"', "đơn vị báo cáo của cơ sở dữ liệu này"]),
    (("--into", "SADEC", "--from", "P1,SADEC"), ["(mã SADEC)", "cũng nằm trong danh sách đơn vị cũ"]),
    (("--into", "SADEC", "--from", ""), ["Thiếu các đơn vị cũ"]),
    (("--into", "SADEC", "--from", "P1", "--from-date", "1/7/25"), ["Ngày sáp nhập “1/7/25”", "01/07/2025"]),
    (("--into", "SADEC", "--from", "P1", "--from-date", "2025-02-30"), ["“2025-02-30”", "không hợp lệ"]),
    (("--into", "SADEC", "--from", "P1", "--from-date", "2025-05-01"), ["tháng 6 năm 2025", "UBND Phường 1"]),
    (("--into", "P3", "--from", "P2", "--from-date", "2025-07-01"), ["(mã P2)", "đã được sáp nhập vào", "SADEC"]),
    (("--into", "SADEC", "--from", "P2", "--from-date", "2025-08-01"), ["(mã P2)", "ngày khác", "30/06/2025"]),
    (("--into", "P2", "--from", "P3", "--from-date", "2025-07-01"), ["(mã P2)", "đã được sáp nhập vào đơn vị"]),
]


@pytest.mark.parametrize(("args", "expected"), REFUSALS, ids=[" ".join(a) for a, _ in REFUSALS])
def test_refusals_exit_2_and_change_nothing(province, db_path, args, expected):
    assert province("units", "merge", "--into", "SADEC", "--from", "P2", "--from-date", "2025-07-01").code == 0
    if "--from-date" not in args:
        args = (*args, "--from-date", "2025-07-01")
    before = _dump(db_path)
    result = province("units", "merge", *args)
    assert result.code == 2, result
    for part in expected:
        assert part in result.err, result.err
    assert "Chưa ghi gì" in result.err
    assert _dump(db_path) == before


def test_a_source_with_figures_after_the_date_names_the_period(province, db_path):
    assert province("set", "--period", "2025-Q3", "--unit", "TQT", "tthc.hs.tiep_nhan=40").code == 0
    before = _dump(db_path)
    result = province("units", "merge", "--into", "SADEC", "--from", "P1,TQT", "--from-date", "2025-07-01")
    assert result.code == 2 and "UBND xã Tân Quy Tây" in result.err and "quý III năm 2025" in result.err
    assert "thuộc về đơn vị mới" in result.err
    assert _dump(db_path) == before


def test_a_new_unit_with_earlier_figures_keeps_its_start(province):
    """An existing unit absorbing others (it has figures before the date) keeps its own past."""
    assert province("set", "--period", "2025-05", "--unit", "P3", "tthc.hs.tiep_nhan=7").code == 0
    assert province("units", "merge", "--into", "P3", "--from", "P1", "--from-date", "2025-07-01").code == 0
    units = _listed(province)
    assert units["P3"]["valid_from"] == "" and units["P1"]["replaced_by"] == "P3"


def test_children_valid_in_a_period(province, db_path):
    assert province("units", "merge", "--into", "SADEC", "--from", "P1,P2,TQT", "--from-date", "2025-07-01").code == 0
    with Workspace.open(db_path) as ws:

        def codes(period: str) -> list[str]:
            return [unit.code for unit in ws.units.children_valid_in(period)]

        assert codes("2025-Q2") == ["P1", "P2", "P3", "TQT"]
        assert codes("2025-06") == ["P1", "P2", "P3", "TQT"]
        assert codes("2025-Q3") == ["P3", "SADEC"]
        assert codes("2025-07") == ["P3", "SADEC"]
        assert codes("2025") == ["P1", "P2", "P3", "SADEC", "TQT"]  # the year spans the date
        assert codes("2025-9M") == ["P1", "P2", "P3", "SADEC", "TQT"]
        assert codes("2024-Q3") == ["P1", "P2", "P3", "TQT"]
        assert [unit.code for unit in ws.units.predecessors("SADEC")] == ["P1", "P2", "TQT"]
        assert ws.units.predecessors("P3") == []


def test_status_lists_the_units_in_force_in_the_period(province, db_path):
    assert province("units", "merge", "--into", "SADEC", "--from", "P1,P2,TQT", "--from-date", "2025-07-01").code == 0
    before = province("status", "--period", "2025-Q2", "--json").json()
    after = province("status", "--period", "2025-Q3", "--json").json()
    assert [child["code"] for child in before["children"]] == ["P1", "P2", "P3", "TQT"]
    assert [child["code"] for child in after["children"]] == ["P3", "SADEC"]
    assert (before["summary"]["total"], before["summary"]["received"], before["summary"]["partial"]) == (4, 0, 1)
    p1 = before["children"][0]
    assert (p1["state"], p1["missing_periods"]) == ("partial", ["2025-04", "2025-05"])  # P1 typed June only
    assert after["summary"]["total"] == 2


# The old units' figures of quý III/2024 (monthly units: three months each); received = online + direct.
LAST_YEAR = {
    "P1": {
        "2024-07": {"tthc.hs.tiep_nhan": "10", "tthc.hs.truc_tuyen": "6", "tthc.hs.truc_tiep": "4"},
        "2024-08": {"tthc.hs.tiep_nhan": "20", "tthc.hs.truc_tuyen": "15", "tthc.hs.truc_tiep": "5"},
        "2024-09": {"tthc.hs.tiep_nhan": "30", "tthc.hs.truc_tuyen": "30", "tthc.hs.truc_tiep": "0"},
    },
    "P2": {
        "2024-07": {"tthc.hs.tiep_nhan": "7", "tthc.hs.truc_tuyen": "7", "tthc.bpmc.tong": "1"},
        "2024-08": {
            "tthc.hs.tiep_nhan": "8",
            "tthc.hs.truc_tuyen": "1",
            "tthc.hs.truc_tiep": "7",
            "tthc.bpmc.tong": "1",
        },
        "2024-09": {
            "tthc.hs.tiep_nhan": "9",
            "tthc.hs.truc_tuyen": "2",
            "tthc.hs.truc_tiep": "7",
            "tthc.bpmc.tong": "1",
        },
    },
    "TQT": {
        "2024-Q3": {
            "tthc.hs.tiep_nhan": "100",
            "tthc.hs.truc_tuyen": "90",
            "tthc.hs.truc_tiep": "10",
            "tthc.bpmc.tong": "1",
        }
    },
}


def _expected_last_year(ws, codes: list[str]) -> dict[str, object]:
    """The predecessors' quý III/2024 added up independently: each unit's own aggregate, then summed."""
    template = ws.template_for(ws.period("2025-Q3"))
    each = [ws.entry.get_values("2024-Q3", code, computed=False, template=template) for code in codes]
    total = aggregate_units(template, {}, each)
    total.update(compute(template, total))
    return total


def test_last_year_of_a_new_unit_is_the_sum_of_its_predecessors(province, db_path):
    for unit, periods in LAST_YEAR.items():
        for period, values in periods.items():
            pairs = [f"{code}={value}" for code, value in values.items()]
            assert province("set", "--period", period, "--unit", unit, *pairs).code == 0
    assert province("units", "merge", "--into", "SADEC", "--from", "P1,P2,TQT", "--from-date", "2025-07-01").code == 0
    with Workspace.open(db_path) as ws:
        ws.entry.set_values("2025-07", {"tthc.hs.tiep_nhan": "50"}, unit_code="SADEC")
        found = last_year_coverage(ws.units, ws.entry, "2025-Q3", "SADEC")
        assert found.exists and not found.unreliable
        expected = _expected_last_year(ws, ["P1", "P2", "TQT"])
        assert found.values["tthc.hs.tiep_nhan"] == 10 + 20 + 30 + 7 + 8 + 9 + 100 == expected["tthc.hs.tiep_nhan"]
        assert found.values["tthc.hs.truc_tuyen"] == 6 + 15 + 30 + 7 + 1 + 2 + 90
        for code in ("tthc.hs.tiep_nhan", "tthc.hs.truc_tuyen", "tthc.hs.truc_tiep", "tthc.bpmc.tong"):
            assert found.values.get(code) == expected.get(code), code
        rates = [code for code in expected if code.startswith(("rate.", "sum.")) and expected[code] is not None]
        for code in rates:
            assert found.values.get(code) == expected[code], code
        # a unit with figures of its own last year keeps them (an existing unit absorbing others: no start date)
        own = last_year_coverage(ws.units, ws.entry, "2025-Q3", "P3")
        assert not own.exists
        ws.units.edit_child("SADEC", valid_from="")
        ws.entry.set_values("2024-07", {"tthc.hs.tiep_nhan": "3"}, unit_code="SADEC")
        assert (
            last_year_coverage(ws.units, ws.entry, "2025-Q3", "SADEC").values.get("tthc.hs.tiep_nhan") is None
        )  # Aug, Sep missing
        for month in ("2024-08", "2024-09"):  # all new: nothing carried over from the month before
            ws.entry.set_values(month, {"tthc.hs.tiep_nhan": "1", "tthc.hs.ky_truoc": "0"}, unit_code="SADEC")
        assert last_year_coverage(ws.units, ws.entry, "2025-Q3", "SADEC").values["tthc.hs.tiep_nhan"] == 5


def test_a_predecessor_without_figures_leaves_the_sum_empty(province, db_path):
    """Never a sum short of a unit: P2 sent nothing for quý III/2024, so nothing is added up."""
    for period, values in LAST_YEAR["P1"].items():
        pairs = [f"{code}={value}" for code, value in values.items()]
        assert province("set", "--period", period, "--unit", "P1", *pairs).code == 0
    assert province("units", "merge", "--into", "SADEC", "--from", "P1,P2", "--from-date", "2025-07-01").code == 0
    with Workspace.open(db_path) as ws:
        found = last_year_coverage(ws.units, ws.entry, "2025-Q3", "SADEC")
        assert found.exists and "tthc.hs.tiep_nhan" in found.unreliable
        assert found.values.get("tthc.hs.tiep_nhan") is None
        assert [str(p) for p in found.missing] == ["2024-07", "2024-08", "2024-09"]


def test_migrated_database_has_the_predecessor_column(db_path):
    with Workspace.open(db_path, create=True) as ws:
        ws.units.init_unit(code="DT", name="UBND tỉnh Đồng Tháp", level="tinh")
    connection = sqlite3.connect(db_path)
    try:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(unit)")}
    finally:
        connection.close()
    assert "replaced_by" in columns


def test_merge_on_each_engine(cchc, engine_target):
    def run(*args):
        return cchc(*args, db=engine_target)

    assert run("init", "--unit-code", "DT", "--unit-name", "UBND tỉnh Đồng Tháp", "--level", "tinh").code == 0
    for code in ("P1", "P2", "SADEC"):
        assert run("units", "add", "--code", code, "--name", f"UBND {code}").code == 0
    assert run("set", "--period", "2025-07", "--unit", "P2", "tthc.hs.tiep_nhan=3").code == 0
    refused = run("units", "merge", "--into", "SADEC", "--from", "P1,P2", "--from-date", "2025-07-01")
    assert refused.code == 2 and "tháng 7 năm 2025" in refused.err
    assert _listed(run)["P1"]["replaced_by"] == ""  # the refusal wrote nothing
    assert run("units", "merge", "--into", "SADEC", "--from", "P1", "--from-date", "2025-07-01").code == 0
    again = run("units", "merge", "--into", "SADEC", "--from", "P1", "--from-date", "2025-07-01")
    assert again.code == 0 and "không thay đổi gì" in again.out
    units = _listed(run)
    assert (units["P1"]["replaced_by"], units["P1"]["valid_to"], units["SADEC"]["valid_from"]) == (
        "SADEC",
        "2025-06-30",
        "2025-07-01",
    )
    assert units["P2"]["replaced_by"] == ""


def test_figures_of_a_unit_outside_its_validity_are_refused(province, db_path):
    assert province("units", "merge", "--into", "SADEC", "--from", "P1,P2,TQT", "--from-date", "2025-07-01").code == 0
    before = _dump(db_path)
    after_merger = province("set", "--period", "2025-07", "--unit", "P1", "tthc.hs.truc_tuyen=1")
    assert after_merger.code == 2 and "UBND Phường 1 không hoạt động trong tháng 7 năm 2025" in after_merger.err
    assert "đã sáp nhập vào SADEC từ ngày 01/07/2025" in after_merger.err
    before_start = province("set", "--period", "2024-09", "--unit", "SADEC", "tthc.hs.truc_tuyen=1")
    assert before_start.code == 2 and "UBND phường Sa Đéc không hoạt động trong tháng 9 năm 2024" in before_start.err
    assert _dump(db_path) == before
    assert province("set", "--period", "2025-06", "--unit", "P1", "tthc.hs.truc_tuyen=1").code == 0
    assert province("set", "--period", "2025-07", "--unit", "SADEC", "tthc.hs.truc_tuyen=1").code == 0
