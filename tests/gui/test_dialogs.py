"""The dialogs under Xvfb: the unit form saved through its presenter; questions, messages and texts
in Vietnamese, on screen, focused, answered by events."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.setup_presenter import SetupPresenter
from tests.gui.conftest import pump
from tests.gui.dialog_driver import (
    DialogDriver,
    assert_centred_on_screen,
    assert_focus_in,
    assert_on_screen,
    assert_seen,
    press,
    rect,
)

pytestmark = pytest.mark.gui


def test_first_start_setup_dialog_declares_the_unit(root, db_path):
    from cchc_desktop.ui.dialogs import UnitDialog

    ws = Workspace.open(db_path, create=True)
    try:
        dialog = UnitDialog(root, "Khai báo đơn vị")
        presenter = SetupPresenter(ws, dialog)
        dialog.presenter = presenter
        presenter.start()
        dialog.show()
        pump(root)
        name = dialog.widgets["name"][1]
        code = dialog.widgets["code"][1]
        recipients = dialog.widgets["recipients"][1]
        dialog.save_button.invoke()
        pump(root)
        assert dialog.error.cget("text") == "Tên đơn vị không được để trống." and not ws.units.has_unit()
        name.focus_force()
        pump(root, 0.05)
        name.insert(0, "Ủy ban nhân dân phường An Hòa")
        name.event_generate("<KeyRelease>", keysym="a")
        assert dialog.error.cget("text") == ""  # the reason goes once the field is being corrected
        code.insert(0, "P-ANHOA")
        recipients.delete("1.0", "end")
        recipients.insert("1.0", "- UBND tỉnh Đồng Tháp (B/c);\n- Lưu: VT.")
        dialog.save_button.invoke()
        pump(root)
        assert presenter.saved and not dialog.winfo_exists()
        unit = ws.units.self_unit()
        assert unit.name == "Ủy ban nhân dân phường An Hòa" and unit.code == "P-ANHOA"
        assert unit.recipients == ("UBND tỉnh Đồng Tháp (B/c)", "Lưu: VT")
    finally:
        ws.close()


def assert_centred_on(dialog, parent) -> None:
    x, y, width, height = rect(dialog)
    px, py, pwidth, pheight = rect(parent)
    assert abs((x + width / 2) - (px + pwidth / 2)) <= 2 and abs((y + height / 2) - (py + pheight / 2)) <= 2


def test_question_says_co_khong_and_answers(window):
    from cchc_desktop.ui.dialogs import QuestionDialog

    root = window.root
    answers = []

    def check(dialog):
        assert_seen(dialog)
        assert_centred_on(dialog, root)
        assert str(dialog.wm_transient()) == str(root)
        assert (dialog.yes.cget("text"), dialog.no.cget("text")) == ("Có", "Không")
        assert_focus_in(dialog, dialog.yes)

    with DialogDriver(root) as driver:
        driver.expect(QuestionDialog, lambda d: (check(d), d.yes.invoke()))
        driver.expect(QuestionDialog, lambda d: d.no.invoke())
        driver.expect(QuestionDialog, lambda d: press(d.yes, "<Escape>"))
        driver.expect(QuestionDialog, lambda d: press(d.yes, "<Return>"))
        for _ in range(4):
            answers.append(window.ask_yes_no("Gửi báo cáo", "Gửi (khóa) quý III năm 2023?"))
    assert answers == [True, False, False, True]


def test_message_says_dong_y_and_enter_closes_it(window):
    from cchc_desktop.ui.dialogs import MessageDialog

    texts = []

    def check(dialog):
        assert_seen(dialog)
        assert dialog.ok.cget("text") == "Đồng ý"
        assert_focus_in(dialog, dialog.ok)
        texts.append(dialog.text.cget("text"))
        press(dialog.ok, "<Return>")

    with DialogDriver(window.root) as driver:
        driver.expect(MessageDialog, check)
        window.show_message("Chưa gửi được", "Còn lỗi chưa giải trình.", error=True)
    assert texts == ["Còn lỗi chưa giải trình."]


def test_text_dialog_tab_leaves_ctrl_enter_accepts_esc_cancels(window):
    from cchc_desktop.ui.dialogs import TextDialog

    def write(dialog):
        assert_seen(dialog)
        assert_focus_in(dialog, dialog.text)
        assert dialog.text.get("1.0", "end-1c") == "Lý do cũ"
        press(dialog.text, "<Tab>")
        assert_focus_in(dialog, dialog.ok)
        assert "\t" not in dialog.text.get("1.0", "end")
        dialog.text.focus_force()
        dialog.text.delete("1.0", "end")
        dialog.text.insert("1.0", "Số liệu trực tuyến\ngồm hồ sơ kỳ trước.")
        press(dialog.text, "<Control-Return>")

    with DialogDriver(window.root) as driver:
        driver.expect(TextDialog, write)
        driver.expect(TextDialog, lambda d: press(d.text, "<Escape>"))
        first = window.ask_text("Giải trình", "Giải trình cho sai sót:", "Lý do cũ")
        second = window.ask_text("Mở lại kỳ báo cáo", "Lý do mở lại quý III năm 2023:")
    assert first == "Số liệu trực tuyến\ngồm hồ sơ kỳ trước."
    assert second is None


def test_unit_information_dialog_fits_over_the_window(window):
    from cchc_desktop.ui.dialogs import UnitDialog

    def check(dialog):
        assert_seen(dialog)
        assert_on_screen(dialog.save_button)
        assert str(dialog.widgets["code"][1].cget("state")) == "readonly"
        press(dialog.widgets["name"][1], "<Escape>")

    with DialogDriver(window.root) as driver:
        driver.expect(UnitDialog, check)
        assert window.open_unit_settings() is False


def test_startup_error_is_seen_while_the_window_is_withdrawn(root):
    from cchc_desktop.gui_main import startup_error
    from cchc_desktop.ui.dialogs import MessageDialog

    def check(dialog):
        assert not root.winfo_viewable()
        assert_seen(dialog)
        assert_centred_on_screen(dialog)
        assert str(dialog.wm_transient()) == ""
        assert "đang được mở" in dialog.text.cget("text")
        dialog.ok.invoke()

    with DialogDriver(root) as driver:
        driver.expect(MessageDialog, check)
        startup_error(root, "Đang mở ở cửa sổ khác", "Cơ sở dữ liệu đang được mở ở một cửa sổ khác.")


def test_error_hook_shows_user_errors_plainly_and_bugs_with_the_log(root, tmp_path):
    from cchc_desktop.app import UserError, logs
    from cchc_desktop.gui_main import _install_error_hook
    from cchc_desktop.ui.dialogs import MessageDialog

    shown = []
    saved = root.report_callback_exception
    log_file = logs.setup_logging()  # as the window starts
    _install_error_hook(root)
    try:
        with DialogDriver(root) as driver:
            for _ in range(2):
                driver.expect(MessageDialog, lambda d: (assert_seen(d), shown.append(d.text.cget("text")), d.close()))
            root.report_callback_exception(UserError, UserError("Năm “20x3” không hợp lệ."), None)
            root.report_callback_exception(RuntimeError, RuntimeError("bug"), None)
    finally:
        root.report_callback_exception = saved
    assert shown == ["Năm “20x3” không hợp lệ.", f"Lỗi hệ thống — chi tiết trong {log_file}"]
    assert log_file == tmp_path / "xdg" / "CCHC Desktop" / "cchc.log"
    assert "RuntimeError: bug" in log_file.read_text(encoding="utf-8")
    assert "20x3" not in log_file.read_text(encoding="utf-8")  # the person's mistake is no bug
