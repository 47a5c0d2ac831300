"""The application layer by use case: periods as objects, dataclasses, and the children read at once."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.usecases.consolidation import Received
from cchc_desktop.app.usecases.reporting import PeriodState
from db.models import database


@pytest.fixture
def parent(db_path):
    ws = Workspace.open(db_path, create=True)
    ws.units.init_unit(code="H1", name="UBND thành phố Sa Đéc", level="huyen")
    yield ws
    ws.close()


def _add_children(ws, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        code = f"X{number:02d}"
        frequency = "quarter" if number % 3 == 0 else "month"
        ws.units.add_child(code=code, name=f"UBND xã số {number}", level="xa", frequency=frequency)
        if frequency == "quarter":
            ws.entry.set_values("2023-Q3", {"tthc.hs.tiep_nhan": number + 1}, unit_code=code)
        else:
            for month in (7, 8, 9):  # nothing carried over: each month's dossiers are all new
                figures = {"tthc.hs.tiep_nhan": number + month, "tthc.hs.ky_truoc": 0}
                ws.entry.set_values(f"2023-{month:02d}", figures, unit_code=code)


def _value_selects(action) -> int:
    seen = []
    database.connection().set_trace_callback(seen.append)
    try:
        action()
    finally:
        database.connection().set_trace_callback(None)
    return sum(1 for sql in seen if sql.lstrip().upper().startswith("SELECT") and 'FROM "value"' in sql)


def test_the_children_values_are_read_in_a_fixed_number_of_queries(parent):
    _add_children(parent, 3)
    few = _value_selects(lambda: parent.entry.with_children("2023-Q3"))
    _add_children(parent, 9, start=3)
    many = _value_selects(lambda: parent.entry.with_children("2023-Q3"))
    assert few == many <= 2
    status_few = _value_selects(lambda: parent.consolidation.completeness("2023-Q3"))
    assert status_few <= 2  # one per frequency present among the children


def test_with_children_agrees_with_each_childs_own_reading(parent):
    _add_children(parent, 6)
    parts = parent.entry.with_children("2023-Q3")
    assert [child.code for child, _ in parts.children] == [f"X{n:02d}" for n in range(6)]
    for child, values in parts.children:
        assert values == parent.entry.get_values("2023-Q3", unit_code=child.code, computed=False)
    assert parts.total == parent.entry.get_values("2023-Q3", consolidated=True)
    expected = sum(n + 1 if n % 3 == 0 else 3 * n + 24 for n in range(6))
    assert parts.total["tthc.hs.tiep_nhan"] == expected


def test_a_month_leaves_out_the_children_entering_quarterly(parent):
    _add_children(parent, 3)
    parts = parent.entry.with_children("2023-07")
    assert [child.code for child, _ in parts.children] == ["X01", "X02"]


def test_completeness_is_a_list_of_dataclasses_with_when_each_child_last_sent(parent):
    _add_children(parent, 2)
    parent.units.add_child(code="X99", name="UBND xã chưa gửi", level="xa")
    received = parent.consolidation.completeness("2023-Q3")
    assert all(isinstance(item, Received) for item in received)
    by_code = {item.unit.code: item for item in received}
    assert by_code["X00"].received and by_code["X01"].received
    assert not by_code["X99"].received and by_code["X99"].received_at is None
    assert [u.code for u in parent.consolidation.children_with_data("2023-Q3")] == ["X00", "X01"]
    assert by_code["X99"].to_json() == {
        "code": "X99",
        "name": "UBND xã chưa gửi",
        "level": "xa",
        "received": False,
        "received_at": "",
        "deadline": "2023-09-20",
        "late": True,  # not sent, and 20/9/2023 is long past
        "state": "missing",
        "source": "",
        "file": "",
        "file_modified": "",
        "exported_at": "",
        "imported_at": "",
        "submitted_before_export": None,
        "submitted_at": "",
        "missing_periods": [],
    }
    assert by_code["X00"].source == "manual" and by_code["X00"].to_json()["file"] == ""  # typed in by hand


def test_deadlines_default_to_the_20th_and_follow_a_units_setting(parent):
    from datetime import date

    _add_children(parent, 2)
    parent.units.add_child(code="X99", name="UBND xã chưa gửi", level="xa")
    parent.units.edit_child("X01", deadline_day="25")
    before = {r.unit.code: r for r in parent.consolidation.completeness("2023-Q3", today=date(2023, 9, 18))}
    assert before["X00"].deadline == date(2023, 9, 20) and before["X01"].deadline == date(2023, 9, 25)
    assert not before["X99"].late  # not sent yet, but not due yet either
    assert (before["X00"].late, before["X00"].state) == (False, "manual")  # typed in here: sending time unknown
    after = {r.unit.code: r for r in parent.consolidation.completeness("2023-Q3", today=date(2023, 9, 21))}
    assert after["X99"].late and after["X99"].state == "missing"
    assert parent.reports.status("2023-Q3").deadline == date(2023, 9, 20)
    assert parent.reports.status("2024-02").deadline == date(2024, 2, 20)


def test_status_is_a_dataclass_that_takes_a_period_object_or_its_text(parent):
    period = parent.period("2023-q3")
    state = parent.reports.status(period)
    assert isinstance(state, PeriodState)
    assert state == parent.reports.status("2023-Q3")
    assert (state.status, state.by, state.at, state.locked_by) == ("open", "", None, None)
    assert state.to_json()["cutoff_start"] == "2023-06-15"


def test_a_bad_period_is_refused_in_vietnamese_at_the_door(parent):
    from cchc_desktop.app import UserError

    with pytest.raises(UserError, match="kỳ"):
        parent.entry.get_values("2023-Q5")


def test_cli_status_names_the_deadline_and_who_is_late(cchc, demo_db):
    result = cchc("status", "--period", "2023-Q3", db=demo_db)
    assert result.code == 0, result
    assert "Hạn gửi báo cáo: ngày 20/09/2023" in result.out
    assert "Đã nhận đủ 9/9 đơn vị." in result.out  # the nine communes; a table since issue 9
    assert result.out.count("Đã nhận (nhập tay)") == 9  # typed in, not imported: never judged late
    data = cchc("status", "--period", "2023-Q3", "--json", db=demo_db).json()
    assert data["deadline"] == "2023-09-20"
    assert all(child["deadline"] == "2023-09-20" and not child["late"] for child in data["children"])
    assert data["summary"] == {"total": 9, "received": 9, "partial": 0, "missing": 0, "late": 0, "overdue": 0}
