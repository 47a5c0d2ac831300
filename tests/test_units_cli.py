"""`cchc units list|add|edit` (CLI.md): child units declared from the command line; every refusal
exits 2 with a Vietnamese message naming the field and value, and leaves the database unchanged."""

from __future__ import annotations

import sqlite3

import pytest

from cchc_desktop.app import UserError, Workspace


@pytest.fixture
def city(cchc):
    result = cchc("init", "--unit-code", "SADEC", "--unit-name", "UBND thành phố Sa Đéc", "--level", "huyen")
    assert result.code == 0, result
    return cchc


def _dump(db_path) -> list[str]:
    """The database's whole content (the audit log included)."""
    connection = sqlite3.connect(db_path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _listed(cchc) -> dict[str, dict]:
    return {unit["code"]: unit for unit in cchc("units", "list", "--json").json()}


def test_add_then_list_in_words_and_json(city):
    added = city("units", "add", "--code", "P1", "--name", "UBND Phường 1")
    assert added.code == 0, added
    assert "Đã thêm đơn vị trực thuộc: P1\tUBND Phường 1\tcấp xã\tnhập theo tháng" in added.out
    result = city(
        "units", "add", "--code", "TQT", "--name", "UBND xã Tân Quy Tây", "--level", "xa",
        "--frequency", "quarter", "--short-name", "UBND xã", "--valid-from", "2025-07-01",
    )  # fmt: skip
    assert result.code == 0, result
    plain = city("units")
    assert plain.out == city("units", "list").out
    lines = plain.out.splitlines()
    assert lines[0] == "* SADEC\tUBND thành phố Sa Đéc\tcấp huyện\tnhập theo tháng"
    assert "  TQT\tUBND xã Tân Quy Tây\tcấp xã\tnhập theo quý\ttừ ngày 01/07/2025\tcấp trên: SADEC" in lines
    listed = city("units", "list", "--json").json()
    assert sorted(unit["code"] for unit in listed) == ["P1", "SADEC", "TQT"]
    by_code = {unit["code"]: unit for unit in listed}
    assert by_code["TQT"] == {
        "code": "TQT",
        "name": "UBND xã Tân Quy Tây",
        "short_name": "UBND xã",
        "level": "xa",
        "frequency": "quarter",
        "parent": "SADEC",
        "valid_from": "2025-07-01",
        "valid_to": "",
        "replaced_by": "",
        "deadline_day": None,
        "is_self": False,
    }
    assert by_code["SADEC"]["is_self"] is True and by_code["SADEC"]["parent"] == ""
    assert by_code["P1"]["level"] == "xa" and by_code["P1"]["frequency"] == "month"
    assert city("units", "--json").json() == listed


def test_edit_changes_only_what_is_given(city):
    city("units", "add", "--code", "P1", "--name", "UBND Phường 1", "--short-name", "UBND phường")
    edited = city("units", "edit", "P1", "--name", "UBND phường Sa Đéc", "--frequency", "quarter")
    assert edited.code == 0, edited
    assert "UBND phường Sa Đéc\tcấp xã\tnhập theo quý" in edited.out
    unit = _listed(city)["P1"]
    assert (unit["name"], unit["frequency"], unit["short_name"], unit["level"]) == (
        "UBND phường Sa Đéc",
        "quarter",
        "UBND phường",
        "xa",
    )
    again = city("units", "edit", "--code", "P1", "--level", "huyen")
    assert again.code == 0, again
    assert _listed(city)["P1"]["level"] == "huyen"
    assert _listed(city)["P1"]["name"] == "UBND phường Sa Đéc"


REFUSALS = [
    (("add", "--code", "P1", "--name", "Trùng mã"), ['"P1"', "đã có", "UBND Phường 1", "cchc units edit P1"]),
    (("add", "--code", "SADEC", "--name", "Trùng mã cha"), ['"SADEC"', "chính đơn vị báo cáo"]),
    (("add", "--code", "P 2", "--name", "Có dấu cách"), ['Mã đơn vị "P 2"', "khoảng trắng"]),
    (("add", "--code", "P2", "--name", "  "), ["Tên đơn vị", "để trống"]),
    (("add", "--code", "P2", "--name", "X", "--level", "phuong"), ['Cấp đơn vị "phuong"', "xa (cấp xã)"]),
    (("add", "--code", "P2", "--name", "X", "--valid-from", "1/7/25"), ["hiệu lực “1/7/25”", "01/07/2025"]),
    (("add", "--code", "P2", "--name", "X", "--valid-from", "2025-02-30"), ["“2025-02-30”", "chỉ có 28 ngày"]),
    (("add", "--code", "P2", "--name", "X", "--valid-from", "30/02/2025"), ["“30/02/2025”", "chỉ có 28 ngày"]),
    (("edit", "P9", "--name", "Không có"), ['mã "P9"', "Không có đơn vị trực thuộc", "P1"]),
    (("edit", "SADEC", "--name", "Đổi tên cha"), ['"SADEC"', "không phải đơn vị trực thuộc"]),
    (("edit", "P1", "--name", ""), ["Tên đơn vị", "để trống"]),
    (("edit", "P1", "--level", "phuong"), ['Cấp đơn vị "phuong"']),
    (("edit", "P1", "--code", "P2", "--name", "Đổi mã"), ['"P1"', '"P2"', "chỉ ghi một mã"]),
    (("edit", "P1"), ["Không có gì để sửa"]),
    (("edit", "P1", "--deadline-day", "32"), ['Hạn gửi báo cáo "32"', "từ 1 đến 31"]),
    (("add", "--code", "P2", "--name", "X", "--deadline-day", "ngày 15"), ['Hạn gửi báo cáo "ngày 15"']),
    (("edit", "--name", "Thiếu mã"), ["Thiếu mã đơn vị"]),
    (("edit", "P1", "--frequency", "quarter"), ["tần suất nhập", '"UBND Phường 1"', "tháng 7 năm 2023", '"quý"']),
]


@pytest.mark.parametrize(("args", "expected"), REFUSALS, ids=[" ".join(a) for a, _ in REFUSALS])
def test_refusals_exit_2_and_change_nothing(city, db_path, args, expected):
    assert city("units", "add", "--code", "P1", "--name", "UBND Phường 1").code == 0
    assert city("set", "--period", "2023-07", "--unit", "P1", "tthc.hs.tiep_nhan=12").code == 0
    before = _dump(db_path)
    result = city("units", *args)
    assert result.code == 2, result
    for part in expected:
        assert part in result.err
    assert _dump(db_path) == before


def test_frequency_change_allowed_without_figures_of_the_old_frequency(city, db_path):
    """Narratives sit on the quarter whatever the frequency: they do not block quarter → month."""
    city("units", "add", "--code", "P1", "--name", "UBND Phường 1", "--frequency", "quarter")
    stored = city("set", "--period", "2023-Q3", "--unit", "P1", "nx.han_che=Còn chậm.")
    assert stored.code == 0, stored
    changed = city("units", "edit", "P1", "--frequency", "month")
    assert changed.code == 0, changed
    assert _listed(city)["P1"]["frequency"] == "month"


def test_quarterly_figures_block_monthly_entry(city, db_path):
    city("units", "add", "--code", "P1", "--name", "UBND Phường 1", "--frequency", "quarter")
    assert city("set", "--period", "2023-Q3", "--unit", "P1", "tthc.hs.tiep_nhan=30").code == 0
    before = _dump(db_path)
    refused = city("units", "edit", "P1", "--frequency", "month")
    assert refused.code == 2 and "quý III năm 2023" in refused.err
    assert _dump(db_path) == before


# ----- the rules in the application layer (no command line) ------------------------------------


def test_rules_in_the_application_layer(db_path):
    ws = Workspace.open(db_path, create=True)
    try:
        ws.units.init_unit(code="SADEC", name="UBND thành phố Sa Đéc", level="huyen")
        child = ws.units.add_child(code=" P1 ", name=" UBND Phường 1 ")
        assert (child.code, child.name, child.level, child.frequency, child.parent_code) == (
            "P1",
            "UBND Phường 1",
            "xa",
            "month",
            "SADEC",
        )
        with pytest.raises(UserError, match='"P1" đã có'):
            ws.units.add_child(code="P1", name="Khác")
        with pytest.raises(UserError, match="chính đơn vị báo cáo"):
            ws.units.add_child(code="SADEC", name="Khác")
        with pytest.raises(UserError, match='Không đổi được mã đơn vị "P1" thành "P2"'):
            ws.units.edit_child("P1", code="P2")
        with pytest.raises(UserError, match='"P7"'):
            ws.units.edit_child("P7", name="X")
        edited = ws.units.edit_child("P1", name="UBND phường 1", short_name="UBND phường")
        assert (edited.name, edited.short_name, edited.code) == ("UBND phường 1", "UBND phường", "P1")
        assert [unit.code for unit in ws.units.children()] == ["P1"]
        ws.entry.set_values("2023-08", {"tthc.hs.tiep_nhan": "5"}, unit_code="P1")
        with pytest.raises(UserError, match="tháng 8 năm 2023"):
            ws.units.edit_child("P1", frequency="quarter")
        assert ws.units.unit("P1").frequency == "month"
    finally:
        ws.close()


def test_a_units_deadline_day_moves_its_deadline(city):
    assert city("units", "add", "--code", "P1", "--name", "UBND Phường 1", "--deadline-day", "05").code == 0
    assert city("units", "add", "--code", "P2", "--name", "UBND Phường 2").code == 0
    assert _listed(city)["P1"]["deadline_day"] == 5
    assert "hạn gửi ngày 5 tháng cuối kỳ" in city("units").out
    deadlines = {c["code"]: c["deadline"] for c in city("status", "--period", "2024-02", "--json").json()["children"]}
    assert deadlines == {"P1": "2024-02-05", "P2": "2024-02-20"}
    assert city("units", "edit", "P2", "--deadline-day", "31").code == 0  # the last day of a short month
    assert city("units", "edit", "P1", "--deadline-day", "").code == 0  # back to the default
    deadlines = {c["code"]: c["deadline"] for c in city("status", "--period", "2024-02", "--json").json()["children"]}
    assert deadlines == {"P1": "2024-02-20", "P2": "2024-02-29"}


def test_a_months_status_leaves_out_units_entering_by_quarter(city):
    assert city("units", "add", "--code", "P1", "--name", "UBND Phường 1", "--frequency", "month").code == 0
    assert city("units", "add", "--code", "P2", "--name", "UBND Phường 2", "--frequency", "quarter").code == 0
    month = city("status", "--period", "2025-09", "--json").json()
    quarter = city("status", "--period", "2025-Q3", "--json").json()
    assert [child["code"] for child in month["children"]] == ["P1"]  # P2 owes no September report
    assert [child["code"] for child in quarter["children"]] == ["P1", "P2"]


def test_units_are_listed_in_counting_order(city):
    for code in ("P10", "P2", "P1", "AH"):
        assert city("units", "add", "--code", code, "--name", f"UBND {code}").code == 0
    assert [unit["code"] for unit in _listed_in_order(city)] == ["SADEC", "AH", "P1", "P2", "P10"]


def _listed_in_order(cchc) -> list[dict]:
    return cchc("units", "list", "--json").json()
