"""A decision made before a write's transaction is made again inside it (issue 17, cases 2 and 3), on both
engines: another program's transaction submits the period, stores an erroneous figure or imports the same
unit and period after `cchc` has checked, while it waits for the unit's write lock. `cchc` is refused
(exit 2, a Vietnamese message, nothing stored) instead of writing over the other's decision.

The other program is a plain connection holding the same locks the program's writers hold (SQLite:
BEGIN IMMEDIATE; PostgreSQL: the unit's advisory lock) with its rows written and not yet committed;
`cchc` runs in a thread and the other commits once `cchc` has done its checks and entered its write."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.import_presenter import ImportPresenter
from cchc_desktop.cli import main
from db import store
from db.connection import close_database, open_database
from db.errors import PeriodLocked
from db.models import Audit, Explanation, PeriodStatus
from tests.conftest import CliResult
from tests.test_import import CITY, export_child, run
from tests.test_import_presenter import FakeImportView

OTHER = "nguoi.kia"
WHEN = "2024-04-01 08:00:00"
WRITE_ENTRIES = {"write_values", "save_explanation", "set_status", "locked_units", "import_unit_periods"}


class OtherProgram:
    """Another program's transaction, open: it holds the write lock of `units` (parent first) as the
    program's writers do, and its rows are invisible to others until `commit()`."""

    def __init__(self, target: str, units: list[int]):
        self.server = target.startswith("postgresql")
        if self.server:
            import psycopg

            self.conn = psycopg.connect(target)
            for unit_id in units:
                self.conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (store.WRITE_LOCK, unit_id))
        else:
            self.conn = sqlite3.connect(target, isolation_level=None)
            self.conn.execute("BEGIN IMMEDIATE")

    def execute(self, sql: str, params: tuple) -> None:
        self.conn.execute(sql.replace("?", "%s") if self.server else sql, params)

    def submit(self, unit_id: int, period: str) -> None:
        self.execute(
            "INSERT INTO period_status (unit_id, period, status, author, at, reason) "
            "VALUES (?, ?, 'submitted', ?, ?, '')",
            (unit_id, period, OTHER, WHEN),
        )

    def store(self, unit_id: int, unit_code: str, period: str, code: str, text: str, action: str) -> None:
        self.execute(
            "INSERT INTO value (unit_id, period, code, value, template_version, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, '2023.1', ?, ?)",
            (unit_id, period, code, text, WHEN, OTHER),
        )
        self.audit(action, unit_code, period, code, text)

    def audit(self, action: str, unit_code: str, period: str, code: str, new: str) -> None:
        self.execute(
            "INSERT INTO audit (at, author, action, unit_code, period, code, old, new) "
            "VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
            (WHEN, OTHER, action, unit_code, period, code, new),
        )

    def commit(self) -> None:
        if self.server:
            self.conn.commit()
        else:
            self.conn.execute("COMMIT")
        self.conn.close()


def _in_write(thread: threading.Thread) -> bool:
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code.co_name in WRITE_ENTRIES and f"{os.sep}db{os.sep}" in frame.f_code.co_filename:
            return True
        frame = frame.f_back
    return False


def cchc_while(other: OtherProgram, target: str, *args: str) -> CliResult:
    """Run `cchc --db target ARGS` in a thread; once it has made its checks and entered its write's
    transaction (where it waits for the other's lock), the other commits. What `cchc` said and returned."""
    outcome: dict[str, object] = {}

    def work() -> None:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            outcome["code"] = main(["--db", target, *args])
        outcome["out"], outcome["err"] = out.getvalue(), err.getvalue()

    thread = threading.Thread(target=work)
    thread.start()
    limit = time.monotonic() + 60
    try:
        while not _in_write(thread):
            assert thread.is_alive(), "cchc ended without waiting for the other's write lock"
            assert time.monotonic() < limit, "cchc never reached its write"
            time.sleep(0.001)
    finally:
        other.commit()
        thread.join(60)
    close_database()
    return CliResult(outcome["code"], outcome["out"], outcome["err"])


def _unit_ids(target: str, *codes: str) -> list[int]:
    with Workspace.open(target):
        return [store.unit_by_code(code).id for code in codes]


@pytest.fixture
def commune(engine_target) -> str:
    """A commune entering by month, with one clean figure in 2024-Q1 (so that the quarter can be submitted)."""
    assert run(engine_target, "init", "--unit-code", "X", "--unit-name", "UBND xã Kiểm Thử") == 0
    assert run(engine_target, "set", "--period", "2024-02", "cd.van_ban_chi_dao=3") == 0
    return engine_target


# ----- case 2: a submitted period's values never change ----------------------------------------------
def test_set_checked_open_is_refused_when_the_period_was_submitted_meanwhile(commune):
    (unit_id,) = _unit_ids(commune, "X")
    other = OtherProgram(commune, [unit_id])
    other.submit(unit_id, "2024-Q1")
    result = cchc_while(other, commune, "set", "--period", "2024-01", "cd.van_ban_chi_dao=9")
    assert result.code == 2, result
    assert f"Kỳ quý I năm 2024 đã được gửi (khóa) bởi {OTHER} lúc" in result.err
    assert "Lỗi hệ thống" not in result.err
    with Workspace.open(commune) as ws:
        assert ws.entry.stored_texts("2024-01") == {}
        assert not Audit.select().where((Audit.action == "nhap") & (Audit.period == "2024-01")).exists()


def test_explanation_checked_open_is_refused_when_the_period_was_submitted_meanwhile(commune):
    assert run(commune, "set", "--period", "2024-01", "tthc.hs.tiep_nhan=10", "tthc.hs.truc_tuyen=20") == 0
    (unit_id,) = _unit_ids(commune, "X")
    other = OtherProgram(commune, [unit_id])
    other.submit(unit_id, "2024-Q1")
    result = cchc_while(other, commune, "explain", "--period", "2024-Q1", "tthc.hs.3", "Số liệu tháng 1 nhập lại sau.")
    assert result.code == 2, result
    assert "đã được gửi (khóa)" in result.err and "Muốn sửa giải trình, hãy mở lại kỳ đó" in result.err
    with Workspace.open(commune):
        assert Explanation.select().count() == 0


def test_submit_waits_for_a_write_in_progress_and_sees_its_error(commune):
    """A clerk's write that makes an error is under way: the submission waits for it, then is refused
    (before the fix, it checked before the write committed and locked a period holding an error)."""
    (unit_id,) = _unit_ids(commune, "X")
    other = OtherProgram(commune, [unit_id])
    other.store(unit_id, "X", "2024-01", "tthc.hs.tiep_nhan", "10", "nhap")
    other.store(unit_id, "X", "2024-01", "tthc.hs.truc_tuyen", "20", "nhap")
    result = cchc_while(other, commune, "submit", "--period", "2024-Q1")
    assert result.code == 2, result
    assert "Chưa thể gửi quý I năm 2024: còn 1 lỗi" in result.err
    with Workspace.open(commune) as ws:
        assert not ws.reports.status("2024-Q1").submitted


def test_store_refuses_every_change_to_a_submitted_period(engine_target, tmp_path):
    """The door itself: values (typed, loaded, imported, replaced) and explanations of a submitted
    period, or of a month inside it, are refused inside their transaction, nothing stored."""
    open_database(engine_target, create=True, backup_dir=tmp_path / "backups")
    unit = store.save_unit({"code": "X", "name": "UBND xã X"}, is_self=True)
    store.write_values(unit, "2024-02", {"a": "1"}, "2023.1")
    store.set_status(unit, "2024-Q1", "submitted")
    attempts = {
        "write": lambda: store.write_values(unit, "2024-02", {"a": "2"}, "2023.1"),
        "text": lambda: store.write_values(unit, "2024-Q1", {"nx.a": "Thuyết minh"}, "2023.1"),
        "replace": lambda: store.replace_period_values(unit, "2024-02", {}, "2023.1", "nhap_phu_luc"),
        "import": lambda: store.import_unit_periods(unit, {"2024-03": {"a": "3"}}, "2023.1", "nhap_phu_luc", "{}"),
        "explanation": lambda: store.save_explanation(unit, "2024-Q1", "r", "Giải trình"),
    }
    before = Audit.select().count()
    for what, attempt in attempts.items():
        with pytest.raises(PeriodLocked, match="Kỳ quý I năm 2024 đã được gửi"):
            attempt()
        assert store.stored_values(unit, ["2024-02", "2024-03", "2024-Q1"]) == {
            "2024-02": {"a": "1"},
            "2024-03": {},
            "2024-Q1": {},
        }, what
    assert Audit.select().count() == before
    assert store.write_values(unit, "2024-04", {"a": "4"}, "2023.1") == 1  # the next quarter is open
    store.set_status(unit, "2024-Q1", "open", "sửa số liệu")
    assert store.write_values(unit, "2024-02", {"a": "2"}, "2023.1") == 1


# ----- case 3: an import decides "replace?" inside the transaction that replaces ------------------
@pytest.fixture
def city(engine_target, tmp_path) -> tuple[str, Path]:
    """The city on either engine, with P1 declared, and P1's annex of 2023-Q3."""
    assert run(engine_target, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    assert run(engine_target, "units", "add", "--code", "P1", "--name", "UBND Phường 1", "--level", "xa") == 0
    return engine_target, export_child(tmp_path, "P1", "2023-Q3")


def test_import_refused_when_another_import_of_the_unit_and_period_landed_meanwhile(city):
    target, annex = city
    parent_id, child_id = _unit_ids(target, CITY[0], "P1")
    other = OtherProgram(target, [parent_id, child_id])
    other.audit("nhap_tep", "P1", "2023-07", "", json.dumps({"file": "P1-ban-khac.xlsx"}))
    other.store(child_id, "P1", "2023-07", "tthc.hs.tiep_nhan", "999", "nhap_phu_luc")
    result = cchc_while(other, target, "import", str(annex))
    assert result.code == 2, result
    assert result.out.startswith("TỪ CHỐI"), result
    assert "vừa được nhập từ tệp P1-ban-khac.xlsx (người nhập: nguoi.kia" in result.out
    assert f"Không lưu gì của tệp {annex.name}" in result.out
    assert "ĐÃ NHẬP" not in result.out
    with Workspace.open(target):
        unit = store.unit_by_code("P1")
        stored = store.stored_values(unit, ["2023-07", "2023-08", "2023-09", "2023-Q3"])
        assert {p: v for p, v in stored.items() if v} == {"2023-07": {"tthc.hs.tiep_nhan": "999"}}
        assert Audit.select().where(Audit.action == "nhap_tep").count() == 1


def test_import_refused_when_the_parent_submitted_meanwhile(city):
    target, annex = city
    parent_id, _ = _unit_ids(target, CITY[0], "P1")
    other = OtherProgram(target, [parent_id])
    other.submit(parent_id, "2023-Q3")
    result = cchc_while(other, target, "import", str(annex))
    assert result.code == 2, result
    assert f"Kỳ quý III năm 2023 đã được gửi (khóa) bởi {OTHER}" in result.out
    with Workspace.open(target):
        assert store.periods_with_values(store.unit_by_code("P1")) == set()
        assert PeriodStatus.select().count() == 1


def test_window_replacement_refused_when_other_figures_landed_after_the_check(tmp_path):
    """The person agreed to replace the figures the check showed; another import stored others before
    Nhập: the file is refused, naming that import, and the question is asked again."""
    db = tmp_path / "city.sqlite"
    assert run(db, "init", "--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen") == 0
    assert run(db, "units", "add", "--code", "P1", "--name", "UBND Phường 1", "--level", "xa") == 0
    annex = export_child(tmp_path, "P1", "2023-Q3")
    assert run(db, "set", "--period", "2023-07", "--unit", "P1", "tthc.hs.tiep_nhan=5") == 0
    view = FakeImportView()
    view.paths = [str(annex)]
    with Workspace.open(db) as ws:
        presenter = ImportPresenter(ws, view)
        presenter.add_files()
        assert view.row(annex.name).ask_replace
        presenter.choose(str(annex), replace=True)
        assert view.row(annex.name).tone == "ready"
        other = annex.with_name("P1-ban-khac.xlsx")
        other.write_bytes(annex.read_bytes())
        (verdict,) = ws.detached().imports.import_files([other], replace=True)  # another clerk, --yes
        assert verdict.status == "replaced", verdict
        presenter.import_files()
        row = view.row(annex.name)
        assert row.tone == "choice" and row.ask_replace and not row.options.replace, row
        assert "vừa được nhập từ tệp P1-ban-khac.xlsx" in row.reason
        presenter.choose(str(annex), replace=True)  # seen now, agreed again: imported
        presenter.import_files()
        assert view.row(annex.name).tone == "done"
