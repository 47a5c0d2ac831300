"""Tệp → Cài mẫu báo cáo… in the real window: the file dialog's answer, the verdict dialogs."""

from __future__ import annotations

import pytest

from cchc_desktop.app.templates import templates_dir
from cchc_desktop.ui import template_install
from cchc_desktop.ui.dialogs import MessageDialog, QuestionDialog
from tests.gui.dialog_driver import DialogDriver, assert_seen
from tests.support.display import scaled
from tests.test_templates import _pack_folder, _replace, _zip

pytestmark = pytest.mark.gui


def _choose(monkeypatch, path) -> None:
    """The clerk picks `path` in the open-file dialog (the native dialog itself is Tk's, not ours)."""
    monkeypatch.setattr(template_install.filedialog, "askopenfilename", lambda **options: str(path))


def _menu_install(window) -> None:
    menu = window.files_menu
    menu.invoke(menu.index(template_install.MENU_LABEL))


def test_installing_a_pack_from_the_menu_shows_the_verdict(window, monkeypatch, tmp_path):
    pack = _zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau-2024.1.zip")
    _choose(monkeypatch, pack)
    shown = []

    def read(dialog):
        assert_seen(dialog)
        shown.append((dialog.text.cget("text"), dialog.ok))
        dialog.ok.invoke()

    with DialogDriver(window.root) as driver:
        driver.expect(MessageDialog, read)
        _menu_install(window)
    assert shown[0][0].startswith("Đã cài mẫu báo cáo phiên bản 2024.1 (áp dụng từ tháng 1/2024).")
    assert (templates_dir() / "2024.1" / "template.toml").is_file()

    # again: the window asks before replacing the installed version (it holds no values)
    with DialogDriver(window.root) as driver:
        driver.expect(
            QuestionDialog,
            lambda dialog: (assert_seen(dialog), shown.append(dialog.text.cget("text")), dialog.yes.invoke()),
        )
        driver.expect(MessageDialog, lambda dialog: (shown.append(dialog.text.cget("text")), dialog.ok.invoke()))
        _menu_install(window)
    assert "đã được cài" in shown[1] and "--force" not in shown[1]
    assert shown[2].startswith("Đã cài lại mẫu báo cáo phiên bản 2024.1")


def test_a_broken_pack_is_refused_in_a_red_dialog_naming_file_and_line(window, monkeypatch, tmp_path):
    broken = _pack_folder(tmp_path / "pack", _replace("cd.toml", 'unit = "mô hình"', 'unit = "mô hình'))
    _choose(monkeypatch, _zip(broken, tmp_path / "hong.zip"))
    shown = []

    def read(dialog):
        assert_seen(dialog)
        shown.append(dialog.text.cget("text"))
        dialog.ok.invoke()

    with DialogDriver(window.root) as driver:
        driver.expect(MessageDialog, read)
        _menu_install(window)
    assert "Không cài được mẫu báo cáo" in shown[0] and "cd.toml, dòng" in shown[0]
    assert not (templates_dir() / "2024.1").exists()


def test_cancelling_the_file_dialog_does_nothing(window, monkeypatch):
    monkeypatch.setattr(template_install.filedialog, "askopenfilename", lambda **options: "")
    with DialogDriver(window.root):  # any dialog would fail the test
        _menu_install(window)
    assert not templates_dir().exists()


def _field_codes(form) -> set[str]:
    return set(form.entries)


def test_after_installing_from_the_menu_a_2024_quarter_shows_the_new_form_uncut_at_125_percent(
    root, demo_db, monkeypatch, tmp_path
):
    from tests.gui.conftest import opened_window, pump
    from tests.gui.test_journey import open_section

    with scaled(root, 1.25):
        with opened_window(root, demo_db, "2023-Q3", settle=0.3) as window:
            assert "cd.van_ban_chi_dao" in _field_codes(open_section(window, "cd"))
            _choose(monkeypatch, _zip(_pack_folder(tmp_path / "pack"), tmp_path / "mau-2024.1.zip"))
            with DialogDriver(window.root) as driver:
                driver.expect(MessageDialog, lambda dialog: dialog.ok.invoke())
                _menu_install(window)
            window.year.focus_force()
            window.year.delete(0, "end")
            window.year.insert(0, "2024")
            window.year.event_generate("<Return>")
            pump(root, 0.4)
            assert str(window.presenter.period) == "2024-Q3"
            form = open_section(window, "cd")
            pump(root, 0.4)
            codes = _field_codes(form)
            assert {"cd.vb.ban_hanh", "cd.sk.nhan_rong"} <= codes and "cd.sk.tap_the" not in codes
            frames = [block for block in form.winfo_children() if block.winfo_class() == "TLabelframe"]
            labels = [
                label
                for frame in frames
                for label in frame.winfo_children()
                if label.winfo_class() == "TLabel" and label.winfo_ismapped() and label.cget("text")
            ]
            assert labels
            for label in labels:  # every label wrapped to the room it has, none cut at its right edge
                assert label.winfo_reqwidth() <= label.winfo_width() + 1, label.cget("text")
