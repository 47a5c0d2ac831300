"""The "Giới thiệu" presenter with a fake view: versions, templates and where the data lives."""

from __future__ import annotations

from pathlib import Path

from cchc_desktop import __version__
from cchc_desktop.app.presenters.about import AboutPresenter, about_facts
from db.target import parse_target


class FakeView:
    def __init__(self):
        self.shown = None
        self.clipboard = None
        self.said = []

    def present(self, title, heading, sections):
        self.shown = (title, heading, sections)

    def put_on_clipboard(self, text):
        self.clipboard = text

    def say(self, text):
        self.said.append(text)


def test_the_dialog_says_the_version_the_templates_and_where_the_data_lives(tmp_path):
    db = tmp_path / "xa" / "cchc.sqlite"
    view = FakeView()
    presenter = AboutPresenter(view, about_facts(db, db.parent / "backups"))
    presenter.show()
    title, heading, sections = view.shown
    assert title == "Giới thiệu CCHC Desktop"
    assert heading == f"CCHC Desktop — phiên bản {__version__}"
    templates, where = sections
    assert templates[0] == "Mẫu báo cáo đã cài"
    assert ("Phiên bản 2023.1", "áp dụng từ tháng 1/2023 (kèm chương trình)") in templates[1]
    assert dict(where[1]) == {
        "Tệp cơ sở dữ liệu": str(db),
        "Thư mục sao lưu": str(db.parent / "backups"),
        "Nhật ký": str(Path(tmp_path / "xdg" / "CCHC Desktop" / "cchc.log")),
        "Thư mục dữ liệu": str(tmp_path / "xdg" / "CCHC Desktop"),
    }


def test_a_server_address_is_shown_without_its_password(tmp_path):
    target = parse_target("postgresql://can_bo:MatKhauBiMat@10.0.0.5:5432/cchc_tinh")
    view = FakeView()
    presenter = AboutPresenter(view, about_facts(target, tmp_path / "backups"))
    presenter.copy()
    assert "MatKhauBiMat" not in view.clipboard
    assert "Cơ sở dữ liệu trên máy chủ: " in view.clipboard and "10.0.0.5" in view.clipboard
    assert view.clipboard.startswith(f"CCHC Desktop — phiên bản {__version__}\n")
    assert view.said == ["Đã chép thông tin — dán vào thư gửi người hỗ trợ."]
