"""The whole export off the window's thread: progress it reports, cancelling at safe points, one at a time."""

from __future__ import annotations

import sqlite3

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra.jobs import BackgroundJob
from cchc_desktop.app.infra.progress import CANCELLED_MESSAGE, Cancelled, Progress
from cchc_desktop.app.outputs.exporting import export_file
from cchc_desktop.app.presenters.export_presenter import ExportPresenter
from cchc_desktop.app.workspace.demo import create_demo, demo_data
from db.connection import close_database
from db.models import database
from tests.test_presenters import CLOCK, FakeView

PERIOD = "2023-Q3"
DEMO_CHILDREN = len(demo_data()["children"])  # the nine communes of the demo
CHILDREN = DEMO_CHILDREN + 3


@pytest.fixture
def parent(db_path):
    """The demo city with three more communes holding the first demo commune's figures."""
    create_demo(db_path)
    close_database()
    child = demo_data()["children"][0]
    figures = {**child["values"], **child.get("corrected", {})}
    ws = Workspace.open(db_path)
    for number in range(DEMO_CHILDREN + 1, CHILDREN + 1):
        ws.units.add_child(code=f"XA-{number}", name=f"UBND xã Số {number}", level="xa", frequency="quarter")
        ws.entry.set_values(PERIOD, figures, unit_code=f"XA-{number}")
    yield ws
    ws.close()


class Recorder(Progress):
    """Remembers every report; asks to cancel when a line starting with `cancel_at` is reported."""

    def __init__(self, cancel_at: str | None = None):
        super().__init__()
        self.lines: list[tuple[float, str]] = []
        self.cancel_at = cancel_at

    def report(self, fraction, text=None):
        super().report(fraction, text)
        state = self.snapshot()
        self.lines.append((state.fraction, state.text))
        if self.cancel_at and text and text.startswith(self.cancel_at):
            self.cancel()


def test_progress_never_goes_back_and_cancel_stops_at_the_next_checkpoint():
    progress = Progress("Đang chuẩn bị…")
    progress.report(0.4, "Đang dựng bảng…")
    progress.report(0.2)
    assert progress.snapshot().fraction == 0.4 and progress.snapshot().text == "Đang dựng bảng…"
    progress.checkpoint()
    assert progress.cancel() is True
    with pytest.raises(Cancelled) as raised:
        progress.checkpoint()
    assert str(raised.value) == CANCELLED_MESSAGE


def test_past_the_last_safe_point_cancel_is_refused():
    progress = Progress()
    progress.checkpoint(last=True)
    assert progress.cancel() is False
    progress.checkpoint()  # the work finishes
    assert progress.snapshot().cancellable is False


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "docx"])
def test_export_reports_reading_checking_building_then_writing(parent, tmp_path, kind):
    progress = Recorder()
    result = export_file(parent, PERIOD, kind, tmp_path / f"out.{kind}", progress)
    assert result.path.exists() and result.path.stat().st_size > 0
    texts = [text for _, text in progress.lines]
    reading = f"Đang đọc số liệu (cùng {CHILDREN} đơn vị trực thuộc)…"  # all children in one read
    building = {"pdf": "Đang dựng trang…", "xlsx": "Đang dựng bảng…", "docx": "Đang dựng bản Word…"}[kind]
    steps = [reading, "Đang kiểm tra, tổng hợp số liệu…", building, "Đang ghi tệp…", "Đã ghi tệp."]
    assert [text for text in texts if text in steps] == steps
    fractions = [fraction for fraction, _ in progress.lines]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "docx"])
@pytest.mark.parametrize("cancel_at", ["Đang đọc số liệu", "Đang kiểm tra", "Đang dựng", "Đang ghi tệp"])
def test_a_cancelled_export_leaves_the_old_file_and_no_temporary_file(parent, tmp_path, kind, cancel_at):
    target = tmp_path / f"bao-cao.{kind}"
    target.write_bytes(b"the file sent last quarter")
    with pytest.raises(Cancelled):
        export_file(parent, PERIOD, kind, target, Recorder(cancel_at))
    assert target.read_bytes() == b"the file sent last quarter"
    files = [path.name for path in tmp_path.iterdir() if path.is_file() and not path.name.startswith("cchc.sqlite")]
    assert files == [target.name]


def test_an_export_leaves_the_callers_workspace_and_its_caches_alone(parent, tmp_path):
    """The window keeps per-keystroke caches on its workspace; an export off its thread shares none."""
    from forms.periods import parse_period

    source = parent.narratives.figure_source(parse_period("2023-Q2"))  # the window shows another quarter
    before = {name: (value, dict(value) if isinstance(value, dict) else None) for name, value in vars(parent).items()}
    export_file(parent, PERIOD, "xlsx", tmp_path / "out.xlsx")
    after = vars(parent)
    assert after.keys() == before.keys()
    for name, (value, content) in before.items():
        assert after[name] is value and (content is None or dict(after[name]) == content)
    assert parent.narratives.figure_source(parse_period("2023-Q2")) is source


def test_the_worker_closes_its_own_connection_and_leaves_the_windows_open(parent):
    seen = {}

    def work():
        seen["children"] = len(parent.units.children())
        seen["connection"] = database.connection()
        return "ok"

    job = BackgroundJob(work).start()
    job.thread.join(timeout=30)
    event = job.poll()
    assert event.kind == "done" and event.result == "ok" and seen["children"] == CHILDREN
    with pytest.raises(sqlite3.ProgrammingError):
        seen["connection"].execute("SELECT 1")
    assert not database.is_closed() and parent.units.self_unit().code == "TP-SADEC"


def test_the_window_thread_gets_the_gil_back_quickly_only_while_a_job_runs():
    import gc
    import sys

    usual = sys.getswitchinterval()
    assert gc.get_freeze_count() == 0
    job = BackgroundJob(lambda: (gc.get_freeze_count(), sys.getswitchinterval())).start()
    job.thread.join(timeout=30)
    frozen, interval = job.poll().result
    assert frozen > 0 and interval < usual
    assert gc.get_freeze_count() == 0 and sys.getswitchinterval() == usual


def test_a_failing_worker_closes_its_connection_too(parent):
    seen = {}

    def work():
        seen["connection"] = database.connection()
        parent.entry.get_values(PERIOD, unit_code="KHONG-CO")

    job = BackgroundJob(work).start()
    job.thread.join(timeout=30)
    event = job.poll()
    assert event.kind == "failed" and "KHONG-CO" in str(event.error)
    with pytest.raises(sqlite3.ProgrammingError):
        seen["connection"].execute("SELECT 1")


def test_a_second_export_while_one_runs_is_refused_politely(parent, tmp_path):
    view = FakeView()
    asked, jobs = [], []
    view.ask_save_path = lambda title, name, kind: asked.append(name) or str(tmp_path / name)
    view.run_job = lambda progress, work, done, failed: jobs.append((progress, work, done, failed))
    exports = ExportPresenter(parent, view, CLOCK)
    exports.export(PERIOD, "pdf")
    exports.export(PERIOD, "xlsx")
    assert len(asked) == 1 and len(jobs) == 1
    title, text, error = view.messages[-1]
    assert title == "Xuất phụ lục Excel" and error is False
    assert text.startswith(f"Đang xuất {asked[0]}.") and "Hủy" in text
    progress, work, done, _ = jobs[0]
    assert progress.snapshot().text == f"Đang chuẩn bị {asked[0]}…"
    done(work())
    assert "Đã xuất tệp" in view.messages[-1][1]
    exports.export(PERIOD, "xlsx")
    assert len(asked) == 2 and len(jobs) == 2


def test_a_cancelled_export_is_said_calmly_and_the_next_one_may_start(parent, tmp_path):
    view = FakeView()
    target = tmp_path / "phu-luc.xlsx"
    view.ask_save_path = lambda title, name, kind: str(target)

    def run_job(progress, work, done, failed):
        progress.cancel()
        try:
            done(work())
        except Cancelled as exc:
            failed(exc)

    view.run_job = run_job
    exports = ExportPresenter(parent, view, CLOCK)
    exports.export(PERIOD, "xlsx")
    assert view.messages[-1] == ("Xuất phụ lục Excel", CANCELLED_MESSAGE, False)
    assert not target.exists() and exports.running is None
    view.run_job = lambda progress, work, done, failed: done(work())
    exports.export(PERIOD, "xlsx")
    assert target.exists() and "Đã xuất tệp" in view.messages[-1][1]
