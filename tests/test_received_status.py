"""Who has reported, as the window shows it: the table's rows, the counts on the top bar (presenters
driven with fake views, no display)."""

from __future__ import annotations

from datetime import date, datetime

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from cchc_desktop.app.presenters.received_status_presenter import ReceivedStatusPresenter
from cchc_desktop.app.usecases.received_status import count_text
from forms.rules import distinct_violations
from tests.test_import import import_files
from tests.test_import import parent as parent  # noqa: PLC0414 - the fixtures, shared
from tests.test_import_checks import files as files  # noqa: PLC0414
from tests.test_import_checks import sent as sent  # noqa: PLC0414
from tests.test_presenters import FakeView

OCTOBER = date(2023, 10, 1)


class FakeStatusView:
    def __init__(self):
        self.shown: list[tuple] = []

    def show_status(self, title, rows, summary):
        self.shown.append((title, rows, summary))


def test_the_table_names_each_child_with_its_file_times_and_state(parent, sent):
    import_files(parent, [sent["P1"], sent["AH"]])
    view = FakeStatusView()
    with Workspace.open(parent) as ws:
        ReceivedStatusPresenter(ws.consolidation, ws.units, ws.checks, view, today=OCTOBER).start("2023-Q3")
    ((title, rows, summary),) = view.shown
    assert title == "Tình hình nhận báo cáo quý III năm 2023"
    by_code = {row.code: row for row in rows}
    assert [row.code for row in rows] == ["AH", "P1", "P2"]  # by code, as the list of child units
    p1, p2, ah = by_code["P1"], by_code["P2"], by_code["AH"]
    assert (p1.name, p1.level, p1.deadline) == ("UBND Phường 1", "Cấp xã", "20/09/2023")
    assert (p1.file_time, p1.submitted, p1.state, p1.state_label) == (
        "15/09/2023 10:00",
        "Chưa gửi",
        "on_time",
        "Đúng hạn",
    )
    assert p1.imported == "02/10/2023 14:30" and "p1.xlsx" in p1.tip  # the injected clock's time of import
    assert (ah.file_time, ah.state, ah.state_label) == ("25/09/2023 08:30", "late", "Trễ hạn")
    assert ah.submitted.startswith("Đã gửi ") and ah.submitted != "Đã gửi"
    assert (p2.file_time, p2.imported, p2.submitted, p2.state) == ("", "", "", "missing")
    assert p2.state_label == "Chưa nhận — quá hạn"
    assert summary == "Đã nhận 2/3 đơn vị (1 gửi trễ hạn), thiếu 1 (1 đã quá hạn)."
    assert "tthc" not in " ".join(cell for row in rows for cell in row.cells())


def test_before_the_deadline_a_child_not_yet_sent_is_waiting(parent, sent):
    import_files(parent, [sent["P1"]])
    view = FakeStatusView()
    with Workspace.open(parent) as ws:
        ReceivedStatusPresenter(ws.consolidation, ws.units, ws.checks, view, today=date(2023, 9, 18)).start("2023-Q3")
        assert count_text(ws.consolidation, "2023-Q3", date(2023, 9, 18)) == "Đã nhận 1/3 đơn vị, thiếu 2"
    ((_, rows, summary),) = view.shown
    assert {row.code: row.state for row in rows} == {"P1": "on_time", "P2": "waiting", "AH": "waiting"}
    assert {row.code: row.state_label for row in rows}["P2"] == "Chưa nhận"
    assert summary == "Đã nhận 1/3 đơn vị, thiếu 2."


def test_the_top_bar_of_a_parent_counts_the_children_and_the_menu_opens_the_table(parent, sent):
    import_files(parent, [sent["P1"], sent["AH"]])
    view = FakeView()
    opened: list[str] = []
    view.open_received_status = opened.append
    with Workspace.open(parent) as ws:
        presenter = MainPresenter(ws, view, clock=lambda: datetime(2023, 10, 1, 9, 0))
        presenter.start("2023-Q3")
        assert view.period_info[2].endswith(" · Đã nhận 2/3 đơn vị (1 gửi trễ hạn), thiếu 1 (1 đã quá hạn)")
        presenter.show_received()
        assert opened == ["2023-Q3"]
        presenter.choose_period("2023-Q4")
        assert view.period_info[2].endswith(" · Đã nhận 0/3 đơn vị, thiếu 3")  # due 20/12/2023, not yet passed


def test_a_unit_without_children_shows_no_count_and_says_so(cchc, db_path):
    assert cchc("init", "--unit-code", "P1", "--unit-name", "UBND Phường 1").code == 0
    view = FakeView()
    view.open_received_status = lambda period: (_ for _ in ()).throw(AssertionError(period))
    with Workspace.open(db_path) as ws:
        presenter = MainPresenter(ws, view, clock=lambda: datetime(2023, 10, 1, 9, 0))
        presenter.start("2023-07")
        assert "Đã nhận" not in view.period_info[2] and "hạn gửi báo cáo" in view.period_info[2]
        presenter.show_received()
    assert view.messages[-1][1] == "Đơn vị này chưa có đơn vị trực thuộc nào."


def test_each_received_unit_shows_its_own_slips_with_their_explanations(parent, sent):
    import_files(parent, [sent["P1"]])
    view = FakeStatusView()
    with Workspace.open(parent) as ws:
        found = ws.checks.check("2023-Q3", "P1")
        rule = next(v.rule for v in found if v.is_error)
        ws.checks.explain("2023-Q3", rule, "Số liệu phần mềm một cửa cập nhật chậm.", unit_code="P1")
        found = ws.checks.check("2023-Q3", "P1")
        ReceivedStatusPresenter(ws.consolidation, ws.units, ws.checks, view, today=OCTOBER).start("2023-Q3")
    ((_, rows, _),) = view.shown
    by_code = {row.code: row for row in rows}
    p1, p2 = by_code["P1"], by_code["P2"]
    # as the unit's own `check --unit` lists its slips (information items are no slips)
    shown = [found[i] for i in distinct_violations(found) if not found[i].is_info]
    errors = [v for v in shown if v.is_error]
    warnings = len(shown) - len(errors)
    assert errors and p1.checks == f"{len(errors)} lỗi" + (f", {warnings} cảnh báo" if warnings else "")
    assert len(p1.slips) == len(shown)
    assert any("Giải trình: Số liệu phần mềm một cửa cập nhật chậm." in slip for slip in p1.slips)
    assert all(slip.startswith(("Lỗi: ", "Cảnh báo: ")) for slip in p1.slips)
    assert (p2.checks, p2.slips) == ("", ())  # nothing received
