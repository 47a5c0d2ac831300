"""Tệp → Sao lưu… / Khôi phục… and the export's “Mở tệp” / “Mở thư mục”, without a display: the main
presenter driven through a fake view whose jobs run on a real worker thread, with an injected clock."""

from __future__ import annotations

import shutil
import threading
from datetime import datetime
from pathlib import Path

import pytest

from cchc_desktop.app import UserError, Workspace
from cchc_desktop.app.infra import opener
from cchc_desktop.app.infra.jobs import BackgroundJob
from cchc_desktop.app.presenters.backup_presenter import (
    BACKUP_CHOICES,
    RESTORE_TITLE,
    backup_entries,
    copy_file_name,
)
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from db.connection import opened
from tests.test_presenters import FakeView

NOW = datetime(2026, 12, 6, 9, 5, 7)
CODE = "cd.van_ban_chi_dao"


class MaintenanceView(FakeView):
    """Runs each job on a worker thread (as the window does) and hands its outcome back on this one."""

    def __init__(self):
        super().__init__()
        self.jobs: list[str] = []
        self.exclusive: list[str] = []
        self.flushed = 0
        self.backup_reply: str | None = None
        self.listed: tuple | None = None
        self.copy_reply: str | None = None
        self.opened_database: list[tuple] = []

    def run_job(self, progress, work, on_done, on_failed):
        self.jobs.append(progress.snapshot().text)
        job = BackgroundJob(work).start()
        job.thread.join(60)
        assert threading.current_thread() is threading.main_thread()
        event = job.poll()
        on_done(event.result) if event.kind == "done" else on_failed(event.error)

    def run_exclusive_job(self, progress, work, on_done, on_failed):
        self.exclusive.append(progress.snapshot().text)
        self.run_job(progress, work, on_done, on_failed)

    def flush(self):
        self.flushed += 1

    def choose_backup(self, title, entries, folder):
        self.listed = (title, entries, folder)
        return self.backup_reply

    def ask_backup_copy_path(self, title, file_name):
        self.copy_name = file_name
        return self.copy_reply

    def open_database(self, target, how, done_text=""):
        self.opened_database.append((target, how, done_text))


@pytest.fixture
def ward(db_path):
    yield from _ward(db_path)


@pytest.fixture
def any_ward(engine_target):
    """The ward on each engine: an SQLite file, a PostgreSQL server database."""
    yield from _ward(engine_target)


def _ward(target):
    ws = Workspace.open(target, create=True, clock=lambda: NOW)
    ws.units.init_unit(code="P-ANHOA", name="Ủy ban nhân dân phường An Hòa", place="An Hòa")
    ws.entry.set_values("2023-07", {CODE: "5"})
    view = MaintenanceView()
    presenter = MainPresenter(ws, view, clock=lambda: NOW)
    presenter.start("2023-07")
    yield ws, view, presenter
    ws.close()


@pytest.fixture
def opened_paths(monkeypatch):
    calls = []
    monkeypatch.setattr(opener, "open_path", lambda path: calls.append(("file", Path(path))))
    monkeypatch.setattr(opener, "open_folder", lambda path: calls.append(("folder", Path(path))))
    return calls


def test_backup_says_where_offers_usb_and_the_window_goes_on(any_ward, opened_paths):
    ws, view, presenter = any_ward
    folder = ws.maintenance.backups_folder()
    presenter.backup()
    assert view.flushed == 1 and view.jobs == ["Đang sao lưu dữ liệu…"]
    made = list(folder.glob("cchc-*-thu-cong.sqlite"))
    assert len(made) == 1
    title, text, error = view.messages[-1]
    assert title == "Sao lưu dữ liệu" and not error
    assert text.startswith("Đã sao lưu dữ liệu lúc 09:05 ngày 06/12/2026 vào:\n") and str(made[0]) in text
    assert view.choices == [label for _, label in BACKUP_CHOICES] and opened_paths == []
    assert view.saved == "Đã sao lưu lúc 09:05:07 ngày 06/12/2026"
    # the worker left the window's database open: typing, a second backup and About all work
    assert presenter.commit_field(CODE, "7") and ws.entry.get_values("2023-07")[CODE] == 7
    assert opened().target == ws.path
    view.choice_reply = "folder"
    presenter.backup()
    assert len(list(folder.glob("cchc-*-thu-cong.sqlite"))) == 2
    assert opened_paths == [("folder", max(folder.glob("cchc-*-thu-cong.sqlite")))]


def test_backup_copied_to_a_usb_stick(ward, db_path, tmp_path):
    ws, view, presenter = ward
    usb = tmp_path / "USB"
    usb.mkdir()
    view.choice_reply, view.copy_reply = "copy", str(usb / "sao-luu.sqlite")
    presenter.backup()
    assert view.copy_name == "Sao lưu CCHC - Ủy ban nhân dân phường An Hòa - 06-12-2026 0905.sqlite"
    made = next((db_path.parent / "backups").glob("cchc-*-thu-cong.sqlite"))
    assert (usb / "sao-luu.sqlite").read_bytes() == made.read_bytes()
    assert not list(usb.glob("*.tmp"))
    assert view.messages[-1][1].startswith(f"Đã chép bản sao lưu ra:\n{usb / 'sao-luu.sqlite'}")


def test_a_copy_that_cannot_be_written_is_said_and_the_backup_stays(ward, db_path, tmp_path):
    ws, view, presenter = ward
    view.choice_reply, view.copy_reply = "copy", str(tmp_path / "khong-co-o-dia" / "sao-luu.sqlite")
    presenter.backup()
    title, text, error = view.messages[-1]
    assert error and text.startswith("Không chép được bản sao lưu ra") and "Bản sao lưu trong máy vẫn còn" in text
    assert len(list((db_path.parent / "backups").glob("cchc-*-thu-cong.sqlite"))) == 1
    assert presenter.backups.running == ""


def stamped(folder: Path, source: Path, stamp: str, reason: str) -> Path:
    path = folder / f"cchc-{stamp}_000000-{reason}.sqlite"
    shutil.copyfile(source, path)
    return path


def test_the_restore_list_is_newest_first_with_dd_mm_yyyy_reason_and_size(ward, db_path):
    ws, view, presenter = ward
    folder = db_path.parent / "backups"
    source = ws.maintenance.backup(folder / "tam.sqlite")
    for old in folder.glob("cchc-*.sqlite"):
        old.unlink()  # the day's automatic backup of the real date: this test lists fixed ones
    stamped(folder, source, "2026-12-05_173000", "ngay")
    stamped(folder, source, "2026-12-06_090500", "thu-cong")
    stamped(folder, source, "2026-11-30_080000", "truoc-khoi-phuc")
    stamped(folder, source, "2026-12-01_070000", "truoc-nang-cap-v5")
    presenter.restore()  # the list, then cancelled: nothing asked, nothing run
    title, entries, shown_folder = view.listed
    assert title == RESTORE_TITLE and shown_folder == folder
    size = entries[0].cells()[2]
    assert [entry.cells()[:2] for entry in entries] == [
        ("06/12/2026 09:05", "Sao lưu tay"),
        ("05/12/2026 17:30", "Hằng ngày"),
        ("01/12/2026 07:00", "Trước khi nâng cấp"),
        ("30/11/2026 08:00", "Trước khi khôi phục"),
    ]
    assert size.endswith(" kB") and int(size.split()[0]) == round(source.stat().st_size / 1024)
    assert view.jobs == [] and view.exclusive == []


def test_restore_puts_back_the_backup_after_a_confirmation_keeping_a_safety_copy(any_ward):
    ws, view, presenter = any_ward
    folder = ws.maintenance.backups_folder()
    presenter.backup()
    chosen = next(folder.glob("cchc-*-thu-cong.sqlite"))
    assert presenter.commit_field(CODE, "9")
    view.backup_reply, view.yes = str(chosen), False
    presenter.restore()  # “Không”: nothing changed
    assert view.exclusive == [] and ws.entry.get_values("2023-07")[CODE] == 9
    view.yes = True
    flushed = view.flushed
    presenter.restore()
    assert view.flushed == flushed + 1 and view.exclusive == ["Đang kiểm tra bản sao lưu…"]
    ((target, how, text),) = view.opened_database
    assert (target, how) == (ws.path, "reopen")
    assert text.startswith("Đã khôi phục dữ liệu từ bản sao lưu lúc ") and "(Sao lưu tay)" in text
    safety = next(folder.glob("cchc-*-truoc-khoi-phuc.sqlite"))
    assert str(safety) in text
    ws.close()
    with Workspace.open(target) as again:
        assert again.entry.get_values("2023-07")[CODE] == 5
    with Workspace.open(safety) as before:
        assert before.entry.get_values("2023-07")[CODE] == 9  # what was there before is kept


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(any_ward, tmp_path):
    ws, view, presenter = any_ward
    other = tmp_path / "khong-phai.sqlite"
    other.write_bytes(b"not a database " * 100)
    view.backup_reply = str(other)
    presenter.restore()
    title, text, error = view.messages[-1]
    assert error and "không phải bản sao lưu" in text and text.endswith("Số liệu đang có giữ nguyên.")
    assert view.opened_database == [] and presenter.backups.running == ""
    assert ws.entry.get_values("2023-07")[CODE] == 5
    assert not list(ws.maintenance.backups_folder().glob("cchc-*-truoc-khoi-phuc.sqlite"))


def test_no_backup_or_restore_while_an_export_runs(ward):
    ws, view, presenter = ward
    presenter.exports.running = object()
    presenter.backup()
    presenter.restore()
    assert view.jobs == [] and view.listed is None
    assert [m[1] for m in view.messages[-2:]] == ["Đang xuất tệp; hãy chờ xong rồi làm việc khác."] * 2


def test_after_an_export_open_file_and_open_folder_call_the_system_opener(ward, tmp_path, opened_paths):
    ws, view, presenter = ward
    target = tmp_path / "xuat" / "phu-luc.xlsx"
    target.parent.mkdir()
    view.ask_save_path = lambda title, name, kind: str(target)
    view.choice_reply = "file"
    presenter.export_xlsx()
    assert view.choices == ["Mở tệp", "Mở thư mục"] and target.exists()
    view.choice_reply = "folder"
    presenter.export_xlsx()
    view.choice_reply = None  # Đóng
    presenter.export_xlsx()
    assert opened_paths == [("file", target), ("folder", target)]


def test_an_opener_that_fails_is_said_plainly(ward, tmp_path, monkeypatch):
    ws, view, presenter = ward

    def fails(path):
        raise UserError(f"Không mở được {path}: máy chưa có chương trình mở loại tệp này.")

    monkeypatch.setattr(opener, "open_path", fails)
    view.ask_save_path = lambda title, name, kind: str(tmp_path / "bao-cao.pdf")
    view.choice_reply = "file"
    presenter.export_pdf()
    assert view.messages[-1][0] == "Không mở được" and view.messages[-1][2] is True


def test_the_opener_starts_the_system_program_without_waiting(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(opener, "_system", lambda: "linux")
    monkeypatch.setattr(opener.subprocess, "Popen", lambda command, **kw: started.append((command, kw)))
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF")
    opener.open_path(report)
    opener.open_folder(report)
    assert [command for command, _ in started] == [["xdg-open", str(report)], ["xdg-open", str(tmp_path)]]
    assert all(kw["start_new_session"] and kw["stdout"] is opener.subprocess.DEVNULL for _, kw in started)
    with pytest.raises(UserError, match="Không tìm thấy"):
        opener.open_path(tmp_path / "da-xoa.pdf")


def test_the_opener_uses_startfile_on_windows(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(opener, "_system", lambda: "windows")
    monkeypatch.setattr(opener.os, "startfile", lambda path: started.append(path), raising=False)
    report = tmp_path / "phu-luc.xlsx"
    report.write_bytes(b"PK")
    opener.open_path(report)
    assert started == [str(report)]


def test_backup_entries_of_a_missing_folder_are_none(tmp_path):
    assert backup_entries(tmp_path / "khong-co") == []
    assert copy_file_name("UBND xã A/B", NOW) == "Sao lưu CCHC - UBND xã A B - 06-12-2026 0905.sqlite"
