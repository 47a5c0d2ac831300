"""The window's recovery, without a display: the presenter lists the backups of a damaged database
(date, kind, size, the newest value's time) and restores the chosen one, driven through a fake view."""

from __future__ import annotations

import pytest

from cchc_desktop.app import UserError, Workspace
from cchc_desktop.app.presenters.recovery_presenter import RecoveryPresenter
from cchc_desktop.app.usecases.recovery import recovery_offer


class FakeView:
    def __init__(self):
        self.problem = None
        self.rows = []
        self.errors: list[str] = []
        self.done: str | None = None

    def show_backups(self, problem, rows):
        self.problem, self.rows = problem, rows

    def show_error(self, text):
        self.errors.append(text)

    def restored(self, text):
        self.done = text


@pytest.fixture
def damaged(monthly_unit, db_path):
    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5").code == 0
    assert monthly_unit("backup").code == 0
    db_path.write_bytes(b"not a database, written over by another program " * 100)
    with pytest.raises(UserError) as caught:
        Workspace.open(db_path)
    offer = recovery_offer(db_path, caught.value)
    assert offer is not None and "bị hỏng" in offer.problem
    return offer


def test_lists_the_backups_newest_first_with_their_facts(damaged, db_path):
    view = FakeView()
    RecoveryPresenter(damaged, view).start()
    assert "Chọn một bản sao lưu" in view.problem
    kinds = [row.kind for row in view.rows]
    assert kinds[0] == "Sao lưu tay" and "Hằng ngày" in kinds  # the manual one was made last
    made, kind, size, last = view.rows[0].cells()
    assert " ngày " in made and kind == "Sao lưu tay"
    assert size.endswith("kB") and int(size.split()[0]) == round(view.rows[0].path.stat().st_size / 1024)
    assert " ngày " in last and last.split(" ngày ")[1] == made.split(" ngày ")[1]


def test_restores_the_chosen_backup_and_keeps_the_damaged_file(damaged, db_path):
    view = FakeView()
    presenter = RecoveryPresenter(damaged, view)
    presenter.start()
    assert presenter.restore(None) is False and view.errors == ["Hãy chọn một bản sao lưu trong danh sách."]
    damaged_bytes = db_path.read_bytes()
    assert presenter.restore(0) is True
    assert "Đã khôi phục" in view.done and "Tệp hỏng" in view.done
    kept = [p for p in db_path.parent.glob("cchc.sqlite.hong-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
    with Workspace.open(db_path) as ws:
        assert ws.entry.get_values("2023-07")["cd.van_ban_chi_dao"] == 5


def test_an_unreadable_backup_is_shown_and_refused_without_change(damaged, db_path):
    junk = damaged.folder / "cchc-2099-01-01_080000_000000-thu-cong.sqlite"
    junk.write_bytes(b"junk" * 300)
    view = FakeView()
    presenter = RecoveryPresenter(damaged, view)
    presenter.start()
    assert view.rows[0].path == junk and view.rows[0].cells()[3] == "không đọc được tệp"
    before = db_path.read_bytes()
    assert presenter.restore(0) is False
    assert "không khôi phục" in view.errors[-1] and view.done is None
    assert db_path.read_bytes() == before
    assert presenter.restore(1) is True


def test_nothing_to_offer_without_backups(cchc, db_path):
    db_path.write_bytes(b"x" * 100)
    with pytest.raises(UserError) as caught:
        Workspace.open(db_path)
    assert recovery_offer(db_path, caught.value) is None


def test_a_missing_file_with_backups_is_offered_and_restored(monthly_unit, db_path):
    from cchc_desktop.app.usecases.recovery import missing_offer

    assert monthly_unit("set", "--period", "2023-07", "cd.van_ban_chi_dao=5").code == 0
    assert monthly_unit("backup").code == 0
    assert missing_offer(db_path) is None  # it is there
    db_path.unlink()
    offer = missing_offer(db_path)
    assert offer is not None and offer.missing and "Không tìm thấy" in offer.problem
    view = FakeView()
    presenter = RecoveryPresenter(offer, view)
    presenter.start()
    assert presenter.restore(0) is True and "Tệp hỏng" not in view.done
    with Workspace.open(db_path) as ws:
        assert ws.entry.get_values("2023-07")["cd.van_ban_chi_dao"] == 5
