"""Two clerks on one database: nothing typed over someone else's change without asking."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.conflicts import ValueConflict
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from tests.test_presenters import CLOCK, FakeView

CODE = "tthc.hs.tiep_nhan"


class AskingView(FakeView):
    def __init__(self):
        super().__init__()
        self.questions: list[tuple[str, str]] = []

    def ask_yes_no(self, title, text):
        self.questions.append((title, text))
        return self.yes


def other_clerk(db_path, *args: str, user: str = "chi.lan") -> None:
    """Another clerk's `cchc` on the same database, as another operating-system user."""
    env = {**os.environ, "USER": user, "LOGNAME": user, "USERNAME": user, "LNAME": user}
    done = subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "--db", str(db_path), *args],
        env=env,
        capture_output=True,
        encoding="utf-8",  # what cchc writes, whatever the locale (Windows: the ANSI code page)
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def ward(db_path):
    ws = Workspace.open(db_path, create=True)
    ws.units.init_unit(code="P1", name="UBND phường An Hòa")
    ws.entry.set_values("2023-07", {CODE: 1138})
    view = AskingView()
    presenter = MainPresenter(ws, view, clock=CLOCK)
    presenter.start("2023-07")
    presenter.choose_section("tthc")
    yield ws, view, presenter
    ws.close()


def test_the_store_refuses_a_write_over_a_value_changed_since_it_was_read(ward, db_path):
    ws, _, _ = ward
    other_clerk(db_path, "set", "--period", "2023-07", f"{CODE}=1150")
    with pytest.raises(ValueConflict) as caught:
        ws.entry.set_values("2023-07", {CODE: "1200"}, expected={CODE: "1138"})
    (conflict,) = caught.value.conflicts
    assert (conflict.code, conflict.stored, conflict.updated_by) == (CODE, "1150", "chi.lan")
    assert "chi.lan" in str(caught.value)
    assert ws.entry.stored_texts("2023-07")[CODE] == "1150"


def test_the_clerk_is_told_who_changed_the_value_and_when_and_keeps_theirs(ward, db_path):
    ws, view, presenter = ward
    other_clerk(db_path, "set", "--period", "2023-07", f"{CODE}=1150")
    view.yes = False
    assert presenter.commit_field(CODE, "1.200")
    ((title, question),) = view.questions
    assert title == "Số liệu vừa được người khác sửa"
    assert "chi.lan" in question and "1.150" in question and "1.200" in question and " lúc " in question
    assert "Tổng số hồ sơ" in question and CODE not in question
    assert ws.entry.stored_texts("2023-07")[CODE] == "1150"
    assert view.values[CODE] == "1.150"
    assert "giữ" in view.saved.lower()


def test_the_clerk_may_write_over_it_and_both_changes_stay_in_the_audit(ward, db_path):
    ws, view, presenter = ward
    other_clerk(db_path, "set", "--period", "2023-07", f"{CODE}=1150")
    view.yes = True
    assert presenter.commit_field(CODE, "1.200")
    assert len(view.questions) == 1
    assert ws.entry.stored_texts("2023-07")[CODE] == "1200"
    from db.models import Audit

    trail = [(row.author, row.old, row.new) for row in Audit.select().where(Audit.code == CODE).order_by(Audit.id)]
    assert trail[-2][0] == "chi.lan" and trail[-2][1:] == ("1138", "1150")
    assert trail[-1][1:] == ("1150", "1200")


def test_no_question_when_nobody_else_changed_it(ward):
    ws, view, presenter = ward
    assert presenter.commit_field(CODE, "1.139")
    assert presenter.commit_field(CODE, "1.140")
    assert view.questions == []
    assert ws.entry.stored_texts("2023-07")[CODE] == "1140"


def test_a_report_text_changed_by_another_clerk_is_not_overwritten_silently(ward, db_path):
    ws, view, presenter = ward
    presenter.choose_period("2023-Q3")
    presenter.choose_section("cd")
    assert presenter.commit_text("nx.cd", "Văn bản của tôi.")
    other_clerk(db_path, "set", "--period", "2023-Q3", "nx.cd=Văn bản của chị Lan.")
    view.yes = False
    assert presenter.commit_text("nx.cd", "Văn bản tôi sửa tiếp.")
    ((_, question),) = view.questions
    assert "chị Lan" in question and "chi.lan" in question
    assert ws.entry.stored_texts("2023-Q3")["nx.cd"] == "Văn bản của chị Lan."
    assert view.values["nx.cd"] == "Văn bản của chị Lan."
    from db.models import Audit

    kept = Audit.select().where(Audit.action == "giu_ban_nguoi_khac").get()  # what was typed is not lost
    assert (kept.code, kept.period, kept.new) == ("nx.cd", "2023-Q3", "Văn bản tôi sửa tiếp.")


def test_a_period_another_clerk_submitted_meanwhile_says_who_and_offers_reopening(ward, db_path):
    ws, view, presenter = ward
    other_clerk(db_path, "set", "--period", "2023-07", "tthc.hs.truc_tuyen=1138")  # the sum holds
    other_clerk(db_path, "submit", "--period", "2023-Q3")
    assert not presenter.commit_field(CODE, "1.200")
    message = view.errors[CODE]
    assert "chi.lan" in message and "Mở lại kỳ" in message
    assert view.period_info[1].startswith("Đã khóa") or view.period_info[1].startswith("Đã gửi")
    assert view.actions["reopen"] is True and view.period_info[3] is False
    assert ws.entry.stored_texts("2023-07")[CODE] == "1138"
