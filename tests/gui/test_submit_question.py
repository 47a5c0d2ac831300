"""Gửi báo cáo on a new ward's real window, at 100 % and 125 %: the question lists what the report
lacks before anything is locked; Không (and Esc) leave the period open, the fix buttons open the unit's
information or the empty section, Có locks it. Driven by keys on the dialog's own buttons."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.ui.action_question import ActionQuestionDialog
from cchc_desktop.ui.dialogs import MessageDialog, UnitDialog
from db.connection import close_database
from tests.gui.conftest import opened_window, pump
from tests.gui.dialog_driver import DialogDriver, assert_focus_in, assert_seen, press, rect

pytestmark = pytest.mark.gui


@pytest.fixture
def ward_db(tmp_path):
    """A new ward that typed July only (August and September left out), its unit information bare."""
    path = tmp_path / "cchc.sqlite"
    ws = Workspace.open(path, create=True)
    ws.units.init_unit(code="P-ANHOA", name="UBND phường An Hòa", short_name="UBND phường")
    ws.entry.set_values("2023-07", {"cd.van_ban_chi_dao": "3", "tthc.hs.tiep_nhan": "120"})
    ws.close()
    close_database()
    return path


def _inside(widget, dialog) -> None:
    x, y, width, height = rect(widget)
    dx, dy, dwidth, dheight = rect(dialog)
    assert widget.winfo_viewable() and width > 10 and height > 10
    assert dx <= x and x + width <= dx + dwidth and dy <= y and y + height <= dy + dheight, (rect(widget), rect(dialog))


def _looked_at(dialog) -> str:
    """The dialog on screen, its whole text shown (not cut), every button inside it; its text."""
    assert_seen(dialog)
    assert dialog.text.winfo_height() >= dialog.text.winfo_reqheight()
    for button in (*dialog.actions.values(), dialog.yes, dialog.no):
        _inside(button, dialog)
    labels = [b.cget("text") for b in (*dialog.actions.values(), dialog.yes, dialog.no)]
    assert labels == ["Sửa thông tin đơn vị…", "Soạn mục II.1…", "Có", "Không"]
    assert_focus_in(dialog, dialog.actions["unit"])  # Enter changes nothing yet
    return dialog.text.cget("text")


def _ask(root, window, step) -> None:
    with DialogDriver(root) as driver:
        driver.expect(ActionQuestionDialog, step)
        window.submit_button.invoke()
    pump(root, 0.1)


def test_the_question_lists_the_gaps_and_only_co_locks(root, scaling, ward_db):
    with opened_window(root, ward_db, "2023-07") as window:
        ws = window.presenter.ws
        shown = []

        def answer_no(dialog):
            shown.append(_looked_at(dialog))
            dialog.no.focus_force()
            press(dialog.no, "<Return>")

        _ask(root, window, answer_no)
        text = shown[0]
        assert text.startswith("Tháng 7 năm 2023 thuộc báo cáo quý III năm 2023. Báo cáo quý III năm 2023 sẽ còn")
        for words in (
            "Chưa có số liệu tháng 8, tháng 9 năm 2023.",
            "Các mục chưa có nội dung (in “Không phát sinh.”): II.1",
            "Thông tin đơn vị chưa ghi “Họ tên người ký”",
            "Thông tin đơn vị chưa ghi “Địa danh ghi ngày tháng”",
            "Thông tin đơn vị chưa ghi “Cơ quan cấp trên”",
        ):
            assert words in text, words
        assert ws.reports.status("2023-Q3").status == "open"
        assert str(window.submit_button.cget("state")) == "normal"

        _ask(root, window, lambda dialog: press(dialog, "<Escape>"))
        assert ws.reports.status("2023-Q3").status == "open"

        with DialogDriver(root) as driver:
            driver.expect(ActionQuestionDialog, lambda d: (d.yes.focus_force(), press(d.yes, "<Return>")))
            driver.expect(MessageDialog, lambda dialog: press(dialog.ok, "<Return>"))
            window.submit_button.invoke()
        pump(root, 0.1)
        assert ws.reports.status("2023-Q3").status == "submitted"
        assert "Đã khóa (thuộc kỳ quý III năm 2023 đã gửi)" in window.period_status.cget("text")
        assert str(window.submit_button.cget("state")) == "disabled"


def test_the_fix_buttons_open_the_unit_and_the_empty_section(root, scaling, ward_db):
    with opened_window(root, ward_db, "2023-07") as window:
        ws = window.presenter.ws

        def cancel_unit(dialog):
            assert_seen(dialog)
            press(dialog, "<Escape>")

        with DialogDriver(root) as driver:  # Enter on the first button: Thông tin đơn vị, then cancelled
            driver.expect(ActionQuestionDialog, lambda dialog: press(dialog.actions["unit"], "<Return>"))
            driver.expect(UnitDialog, cancel_unit)
            window.submit_button.invoke()
        pump(root, 0.1)
        assert ws.reports.status("2023-Q3").status == "open"

        def write_section(dialog):
            button = dialog.actions["section"]
            button.focus_force()
            press(button, "<Return>")

        _ask(root, window, write_section)
        pump(root, 0.2)
        assert window.presenter.section_key == "tc"
        assert root.focus_get() is window.forms["tc"].text_areas["nx.tc"].text
        assert ws.reports.status("2023-Q3").status == "open"
