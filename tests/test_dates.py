"""Dates a person reads are dd/mm/yyyy (window, messages, `cchc status`, lists); a typed date is read in
either form, dd/mm/yyyy or yyyy-mm-dd, stored as ISO; a bad one is refused in Vietnamese, nothing changed."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.child_units_presenter import ChildUnitPresenter
from forms.errors import ValueInputError
from forms.numbers import format_date, format_datetime, show_date, show_datetime, show_iso_date, typed_date

DMY = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


@pytest.mark.parametrize(
    ("day", "shown"),
    [(date(2023, 10, 5), "05/10/2023"), (date(2025, 7, 1), "01/07/2025"), (date(2023, 12, 31), "31/12/2023")],
)
def test_a_date_is_shown_dd_mm_yyyy(day, shown):
    assert show_date(day) == shown
    assert show_iso_date(day.isoformat()) == shown
    assert format_date(day) != shown or day.day > 9 and day.month > 9  # the report's own form is kept


def test_times_are_shown_with_the_padded_date():
    moment = datetime(2026, 12, 6, 9, 5, 7)
    assert show_datetime(moment) == "06/12/2026 09:05"
    assert format_datetime(moment) == "09:05 ngày 06/12/2026"
    assert format_datetime(moment, seconds=True) == "09:05:07 ngày 06/12/2026"


@pytest.mark.parametrize(
    "typed", ["01/07/2025", "1/7/2025", "2025-07-01", " 01/07/2025 ", "01-07-2025", "01.07.2025", "2025-7-1"]
)
def test_a_typed_date_is_read_in_either_form_and_stored_as_iso(typed):
    assert typed_date(typed, "Từ ngày") == "2025-07-01"


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_nothing_typed_is_no_date(typed):
    assert typed_date(typed) == ""


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1/7/25", "hãy gõ ngày/tháng/năm, ví dụ 01/07/2025 (hoặc 2025-07-01)"),
        ("ngày mai", "hãy gõ ngày/tháng/năm"),
        ("2025/07/01", "hãy gõ ngày/tháng/năm"),
        ("30/02/2025", "tháng 2 năm 2025 chỉ có 28 ngày"),
        ("2025-02-30", "tháng 2 năm 2025 chỉ có 28 ngày"),
        ("01/13/2025", "tháng phải từ 1 đến 12"),
        ("01/07/1800", "năm phải từ 1900 đến 2100"),
    ],
)
def test_a_bad_date_is_refused_naming_the_field_and_the_text(typed, reason):
    with pytest.raises(ValueInputError) as info:
        typed_date(typed, "Ngày sáp nhập")
    message = str(info.value)
    assert message.startswith(f"Ngày sáp nhập “{typed}” không hợp lệ: ") and reason in message
    assert "NNNN" not in message and "Traceback" not in message


def dump(path) -> list:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT code, valid_from, valid_to, replaced_by FROM unit ORDER BY code").fetchall()


class FormView:
    def __init__(self):
        self.values, self.errors, self.closed = {}, [], False

    def show_form(self, fields, values, first_time):
        self.values = dict(values)

    def show_error(self, message):
        self.errors.append(message)

    def close(self):
        self.closed = True


def test_the_child_unit_form_takes_dd_mm_yyyy_stores_iso_and_shows_it_back(tmp_path):
    path = tmp_path / "tinh.sqlite"
    with Workspace.open(path, create=True) as ws:
        ws.units.init_unit(code="DT", name="UBND tỉnh Đồng Tháp", level="tinh")
        view = FormView()
        form = ChildUnitPresenter(ws, view)
        form.start()
        assert form.save({"name": "UBND phường Sa Đéc", "code": "SADEC", "valid_from": "01/07/2025"})
        assert ws.units.unit("SADEC").valid_from == "2025-07-01"
        view = FormView()
        ChildUnitPresenter(ws, view, "SADEC").start()
        assert view.values["valid_from"] == "01/07/2025"
    before = dump(path)
    with Workspace.open(path) as ws:
        view = FormView()
        form = ChildUnitPresenter(ws, view, "SADEC")
        form.start()
        assert not form.save({"name": "UBND phường Sa Đéc", "valid_from": "31/06/2025"})
        assert view.errors == ["Ngày bắt đầu hiệu lực “31/06/2025” không hợp lệ: tháng 6 năm 2025 chỉ có 30 ngày."]
        assert not view.closed
    assert dump(path) == before


def test_the_command_line_takes_either_form_and_says_dd_mm_yyyy(cchc, db_path):
    assert cchc("init", "--unit-code", "DT", "--unit-name", "UBND tỉnh Đồng Tháp", "--level", "tinh").code == 0
    added = cchc("units", "add", "--code", "SADEC", "--name", "UBND phường Sa Đéc", "--valid-from", "1/7/2025")
    assert added.code == 0 and "từ ngày 01/07/2025" in added.out, added
    assert cchc("units", "add", "--code", "P1", "--name", "UBND Phường 1").code == 0
    merged = cchc("units", "merge", "--into", "SADEC", "--from", "P1", "--from-date", "01/07/2025")
    assert merged.code == 0 and "đã sáp nhập vào SADEC từ ngày 01/07/2025" in merged.out, merged
    stored = {code: (start, end, into) for code, start, end, into in dump(db_path)}
    assert stored["SADEC"][0] == "2025-07-01" and stored["P1"][1:] == ("2025-06-30", "SADEC")
    listed = cchc("units", "list", "--json").json()
    assert {unit["code"]: unit["valid_from"] for unit in listed}["SADEC"] == "2025-07-01"  # JSON keeps ISO
    before = dump(db_path)
    refused = cchc("units", "edit", "SADEC", "--valid-from", "1/7/25")
    assert refused.code == 2 and "“1/7/25” không hợp lệ" in refused.err and "01/07/2025" in refused.err
    assert dump(db_path) == before


def test_cchc_status_shows_dd_mm_yyyy(cchc, clean_demo_db):
    demo_db = clean_demo_db
    assert cchc("submit", "--period", "2023-Q3", db=demo_db).code == 0
    result = cchc("status", "--period", "2023-Q3", db=demo_db)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert re.fullmatch(r"Quý III năm 2023: đã gửi — .+, lúc \d{2}:\d{2} ngày \d{2}/\d{2}/\d{4}", lines[0]), lines[0]
    assert "Thời gian chốt số liệu: từ ngày 15/06/2023 đến ngày 14/09/2023" in lines
    assert "Hạn gửi báo cáo: ngày 20/09/2023" in lines
    table = lines[lines.index("") + 1 :]
    assert all(DMY.search(line) for line in table[1:10]), table  # each child's times and deadline
    assert not re.search(r"\d{4}-\d{2}-\d{2}", result.out)  # no ISO date a person has to read
    data = cchc("status", "--period", "2023-Q3", "--json", db=demo_db).json()
    assert data["deadline"] == "2023-09-20"  # the JSON for programs keeps ISO
