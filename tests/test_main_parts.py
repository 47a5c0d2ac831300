"""The main presenter's parts, each alone: a recording fake of its own small view Protocol (a call of anything
else of the window fails at once), the use cases of a real workspace, and the window's state and moves given
as plain callables — no MainPresenter, nothing assumed of a host."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.report_gaps import report_gaps
from cchc_desktop.app.infra.jobs import BackgroundJob
from cchc_desktop.app.presenters.backup_presenter import BACKUP_TITLE, BackupPresenter, BackupView
from cchc_desktop.app.presenters.check_list import CheckListPresenter, CheckListView
from cchc_desktop.app.presenters.layout import EXPLANATIONS_KEY, Sections, section_of_codes, section_specs
from cchc_desktop.app.presenters.submit_presenter import SubmitPresenter, SubmitView
from cchc_desktop.app.presenters.text_presenter import ReportTexts
from tests.support.fakes import RecordingFake

NOW = datetime(2023, 10, 5, 10, 32, 15)


class CheckListFake(RecordingFake, protocol=CheckListView):
    def __init__(self):
        super().__init__()
        self.text_reply: str | None = None

    def ask_text(self, title, prompt, initial=""):
        return self.text_reply


class SubmitFake(RecordingFake, protocol=SubmitView):
    def __init__(self):
        super().__init__()
        self.yes = True
        self.text_reply: str | None = None

    def ask_yes_no(self, title, text):
        return self.yes

    def ask_with_actions(self, title, text, actions):
        return "yes" if self.yes else "no"

    def ask_text(self, title, prompt, initial=""):
        return self.text_reply


class BackupFake(RecordingFake, protocol=BackupView):
    def run_job(self, progress, work, on_done, on_failed):
        job = BackgroundJob(work).start()  # on a worker thread, as the window does
        job.thread.join(60)
        assert threading.current_thread() is threading.main_thread()
        event = job.poll()
        on_done(event.result) if event.kind == "done" else on_failed(event.error)


class Window:
    """The window's state as the parts ask it (the demo's 2023-Q3, a section shown), and a log of the moves
    and redraws they ask for."""

    def __init__(self, ws: Workspace, section: str):
        self.period = ws.period("2023-Q3")
        self.template = ws.template_for(self.period)
        self.specs = section_specs(self.template, ws.units.self_unit().level)
        self.section = section
        self.moves: list[tuple[str, str]] = []

    def sections(self) -> Sections:
        return Sections(self.template, self.specs, section_of_codes(self.specs), self.section)

    def choose_section(self, key: str) -> None:
        self.moves.append(("section", key))
        self.section = key

    def log(self, what: str):
        return lambda *args: self.moves.append((what, *map(str, args)))


@pytest.fixture
def demo(demo_db):
    ws = Workspace.open(demo_db, clock=lambda: NOW)
    yield ws, Window(ws, "cd")
    ws.close()


def check_list(ws: Workspace, window: Window, view: CheckListFake) -> CheckListPresenter:
    return CheckListPresenter(
        view,
        ws.checks,
        ws.units,
        ws.entry,
        period=lambda: window.period,
        report=lambda: window.period,
        sections=window.sections,
        choose_period=window.log("period"),
        choose_section=window.choose_section,
        saved=window.log("saved"),
    )


def test_the_check_list_alone_counts_by_section_moves_the_window_and_stores_a_giai_trinh(demo):
    ws, window = demo
    view = CheckListFake()
    part = check_list(ws, window, view)
    part.recheck()
    (shown,) = view.called("show_navigation")
    counts = {item.key: (item.errors, item.warnings) for item in shown["items"]}
    assert shown["current"] == "cd" and counts["tthc"] == (1, 1) and counts[EXPLANATIONS_KEY] == (1, 0)
    (listed,) = view.called("show_violations")
    own = {item.rule for item in listed["items"] if not item.unit}
    assert own == {"tthc.hs.3", "tthc.hs.bal", "cds.tl.xu_ly_truc_tuyen"}
    assert view.called("mark_fields")[0]["marks"]["tthc.hs.tiep_nhan"][0] == "error"

    index = next(i for i, v in enumerate(part.violations) if v.rule == "tthc.hs.3")
    part.activate_violation(index)  # the window is asked for the section; the cursor goes to the field
    assert window.moves == [("section", "tthc")] and view.called("focus_field") == [{"code": "tthc.hs.tiep_nhan"}]

    part.explain_violation(index)  # cancelled: nothing stored, nothing said
    assert window.moves[-1] == ("section", "tthc") and ws.checks.open_errors("2023-Q3")
    view.text_reply = "Số trực tuyến gồm cả hồ sơ chuyển tiếp từ kỳ trước."
    part.explain_violation(index)
    assert window.moves[-1] == ("saved",) and ws.checks.open_errors("2023-Q3") == []
    counts = {item.key: item.errors for item in view.called("show_navigation")[-1]["items"]}
    assert counts[EXPLANATIONS_KEY] == 0  # listed again at once


def test_the_check_list_asks_the_window_for_a_months_period_and_goes_on_only_once_shown(db_path):
    ws = Workspace.open(db_path, create=True, clock=lambda: NOW)
    try:
        ws.units.init_unit(code="P1", name="UBND phường 1", frequency="month")
        ws.entry.set_values("2023-07", {"cd.giao.tong": "2", "cd.giao.dung_han": "3"})
        window, view = Window(ws, "tthc"), CheckListFake()
        part = check_list(ws, window, view)
        refused = []
        part.choose_period = refused.append  # the window keeps the quarter (its version not installed, say)
        part.recheck()
        index = next(i for i, v in enumerate(part.violations) if v.rule == "cd.giao")
        part.activate_violation(index)
        assert refused == ["2023-07"] and window.moves == [] and view.called("focus_field") == []

        part.choose_period = lambda text: setattr(window, "period", ws.period(text))  # shown this time
        part.activate_violation(index)
        assert str(window.period) == "2023-07" and window.moves == [("section", "cd")]
        assert view.called("focus_field")[0]["code"] in ("cd.giao.dung_han", "cd.giao.tong")
    finally:
        ws.close()


def submitting(ws: Workspace, window: Window, view: SubmitFake) -> SubmitPresenter:
    texts = ReportTexts(ws, None)  # the report period's texts (no view call on this path)
    texts.set_period(window.period)
    return SubmitPresenter(
        view,
        ws.checks,
        ws.reports,
        ws.units,
        texts,
        gaps=lambda report: report_gaps(ws, report),
        template_for=ws.template_for,
        period=lambda: window.period,
        sections=window.sections,
        choose_section=window.choose_section,
        edit_unit=window.log("edit_unit"),
        changed=window.log("changed"),
    )


def test_submitting_alone_refuses_open_errors_then_locks_and_reopens_asking_the_window_to_redraw(demo):
    ws, window = demo
    view = SubmitFake()
    part = submitting(ws, window, view)
    part.submit()
    (said,) = view.called("show_message")
    assert said["error"] and "còn 1 lỗi" in said["text"] and window.moves == []
    ws.checks.explain("2023-Q3", "tthc.hs.3", "Số trực tuyến gồm hồ sơ chuyển tiếp.")
    view.yes = False
    part.submit()
    assert ws.reports.status("2023-Q3").status == "open" and window.moves == []
    view.yes = True
    part.submit()
    assert ws.reports.status("2023-Q3").status == "submitted" and window.moves == [("changed",)]

    view.text_reply = "   "  # a blank reason is refused, and offered again
    part.reopen()
    assert ws.reports.status("2023-Q3").status == "submitted" and part.reopen_reason == "   "
    view.text_reply = "Bổ sung văn bản"
    part.reopen()
    assert ws.reports.status("2023-Q3").status == "open" and part.reopen_reason == ""
    assert window.moves == [("changed",), ("changed",)]


def test_a_backup_waits_for_what_the_window_says_runs(demo, tmp_path):
    ws, window = demo
    view = BackupFake()
    busy = "xuất tệp"
    part = BackupPresenter(
        view, ws.maintenance, ws.units, clock=lambda: NOW, database=lambda: ws.path, busy=lambda: busy
    )
    part.backup()
    assert view.called("show_message") == [
        {"title": BACKUP_TITLE, "text": "Đang xuất tệp; hãy chờ xong rồi làm việc khác.", "error": False}
    ]
    assert view.called("run_job") == [] and part.running == ""
    busy = ""
    part.backup()
    (asked,) = view.called("ask_choice")
    assert "Đã sao lưu dữ liệu lúc 10:32 ngày 05/10/2023" in asked["text"] and part.running == ""
    assert [call.name for call in view.calls][-4:] == ["flush", "run_job", "show_saved", "ask_choice"]
