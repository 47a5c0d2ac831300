"""Races between two processes on one database, on both engines, round after round (issue 17, cases 2, 3).

Submit against writes: a process stores the months of 2024-Q1 one value after another while another
process submits (locks) 2024-Q1 at a random moment. Afterwards the audit log, whose rows are written in
the same transaction as the values, must hold no change of those months after the submission's row.

Two imports: two `cchc import` processes (no `--yes`) import the same unit and period at the same moment,
the same file or two versions of it. Exactly one may say ĐÃ NHẬP, the other must be refused with nothing of
its file stored, and the values stored must be those of the file that said ĐÃ NHẬP.

Each job is a child forked by tests/slow/race_worker.py (its own process and connection), started
together through a `go` file. The figures go to `figures.record("races", …)`."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.cli import main as cchc_main
from db import store
from db.connection import close_database
from db.models import Audit
from tests.slow.figures import record

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 20
QUARTER, MONTHS = "2024-Q1", ("2024-01", "2024-02", "2024-03")
CHILD_PERIOD = "2023-Q3"
CHILD_PERIODS = ("2023-07", "2023-08", "2023-09", "2023-Q3")
MOMENT = datetime(2024, 4, 2, 9, 30, 0)  # the harness's own clock (the children keep the computer's)
FIGURES: dict[str, dict] = {}  # both engines' figures, recorded together after each test

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork is POSIX")


class Server:
    """The fork server: each round's jobs run in processes of their own, started together."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.slow.race_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    def round(self, jobs: list[dict]) -> list[dict]:
        self.count += 1
        go = self.folder / f"go-{self.count}"
        for index, job in enumerate(jobs):
            job["out"] = str(self.folder / f"out-{self.count}-{index}")
        self.process.stdin.write(json.dumps({"go": str(go), "jobs": jobs}) + "\n")
        self.process.stdin.flush()
        limit = time.monotonic() + 120
        while not all(Path(job["out"]).exists() for job in jobs):  # every child ready (or crashed)
            assert time.monotonic() < limit, "a child never got ready"
            time.sleep(0.002)
        go.touch()
        assert self.process.stdout.readline().strip() == "done"
        results = [json.loads(Path(job["out"]).read_text(encoding="utf-8")) for job in jobs]
        for result in results:
            assert "crashed" not in result, result
        return results

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(60)


def _cli(target: str, *args: str) -> None:
    assert cchc_main(["--db", target, *args]) == 0, args
    close_database()


def _engine(target: str) -> str:
    return "postgresql" if target.startswith("postgresql") else "sqlite"


def _audit_after(marker: int, action: str, unit_code: str, periods) -> list[Audit]:
    query = Audit.select().where(
        (Audit.id > marker) & (Audit.action == action) & (Audit.unit_code == unit_code) & Audit.period.in_(periods)
    )
    return list(query.order_by(Audit.id))


def _last_audit_id() -> int:
    return Audit.select(Audit.id).order_by(Audit.id.desc()).limit(1).scalar() or 0


# ----- a submission against a writer -------------------------------------------------------------
def test_no_value_changes_after_the_period_is_submitted(engine_target, tmp_path):
    with Workspace.open(engine_target, create=True, clock=lambda: MOMENT) as ws:
        ws.units.init_unit(code="X", name="UBND xã Kiểm Thử", frequency="month")
    rng = random.Random(2024_17_2)
    server = Server(tmp_path)
    figures = {"rounds": 0, "submitted": 0, "writes_before": 0, "writes_after": 0, "refused_in_transaction": 0}
    late_rounds = 0
    try:
        for number in range(ROUNDS):
            with Workspace.open(engine_target, clock=lambda: MOMENT):
                marker = _last_audit_id()
            jobs = [
                {"job": "write", "db": engine_target, "period": QUARTER, "start": number * 100_000},
                {"job": "submit", "db": engine_target, "period": QUARTER, "delay": rng.uniform(0.05, 0.4)},
            ]
            written, submitted = server.round(jobs)
            assert submitted["submitted"], submitted
            with Workspace.open(engine_target, clock=lambda: MOMENT) as ws:
                (submission,) = [
                    row for row in _audit_after(marker, "trang_thai", "X", [QUARTER]) if row.new == "submitted"
                ]
                writes = _audit_after(marker, "nhap", "X", MONTHS)
                late = [row for row in writes if row.id > submission.id]
                figures["rounds"] += 1
                figures["submitted"] += 1
                figures["writes_before"] += len(writes) - len(late)
                figures["writes_after"] += len(late)
                late_rounds += bool(late)
                assert "đã được gửi (khóa)" in written["refused"], written
                # the writer's check before its transaction saw the period open: the transaction refused
                figures["refused_in_transaction"] += not written["refused"].startswith("Không lưu giá trị nào")
                assert written["stored"] == len(writes), (written, len(writes))
                ws.reports.reopen(QUARTER, f"Vòng thử {number + 1}: mở lại để thử tiếp")
    finally:
        server.close()
    figures["rounds_with_writes_after"] = late_rounds
    FIGURES.setdefault("submit_vs_write", {})[_engine(engine_target)] = figures
    record("races", FIGURES)
    assert figures["writes_after"] == 0, figures
    assert figures["writes_before"] > 0


# ----- two imports of one unit and period ---------------------------------------------------------
CHILD = ("P1", "UBND Phường 1")
CHILD_FIGURES = {
    "2023-07": {"tthc.hs.tiep_nhan": "120", "tthc.hs.truc_tuyen": "100", "tthc.hs.truc_tiep": "20"},
    "2023-08": {"tthc.hs.tiep_nhan": "130", "cd.van_ban_chi_dao": "4"},
    "2023-09": {"tthc.hs.tiep_nhan": "95", "cd.van_ban_chi_dao": "2"},
}


def _annexes(folder: Path) -> tuple[Path, Path, dict, dict]:
    """Two versions of the child's annex of 2023-Q3 (the second after a correction), and their values."""
    db = str(folder / "child.sqlite")
    _cli(db, "init", "--unit-code", CHILD[0], "--unit-name", CHILD[1], "--parent-code", "SADEC",
         "--parent-name", "UBND thành phố Sa Đéc")  # fmt: skip
    for period, values in CHILD_FIGURES.items():
        _cli(db, "set", "--period", period, *[f"{code}={text}" for code, text in values.items()])
    first = folder / "P1-ban-1.xlsx"
    _cli(db, "export", "xlsx", "--period", CHILD_PERIOD, "-o", str(first))
    values_first = _values(db, CHILD[0])
    _cli(db, "set", "--period", "2023-09", "cd.van_ban_chi_dao=7", "tthc.hs.tiep_nhan=")
    second = folder / "P1-ban-2.xlsx"
    _cli(db, "export", "xlsx", "--period", CHILD_PERIOD, "-o", str(second))
    values_second = _values(db, CHILD[0])
    assert values_first != values_second
    return first, second, values_first, values_second


def _values(target: str, unit_code: str) -> dict:
    """The unit's stored values of the file's periods (those holding any)."""
    with Workspace.open(target, clock=lambda: MOMENT):
        unit = store.unit_by_code(unit_code)
        return {p: v for p, v in store.stored_values(unit, CHILD_PERIODS).items() if v}


def _empty_child(target: str) -> int:
    """The child's values of the file's periods removed (the next round starts with none); the audit marker."""
    with Workspace.open(target, clock=lambda: MOMENT) as ws:
        unit = store.unit_by_code(CHILD[0])
        for period in CHILD_PERIODS:
            store.replace_period_values(unit, period, {}, ws.template_for(period).version, "xoa_de_thu")
        return _last_audit_id()


def test_one_of_two_racing_imports_is_stored(engine_target, tmp_path):
    parent = engine_target
    _cli(parent, "init", "--unit-code", "SADEC", "--unit-name", "UBND thành phố Sa Đéc", "--level", "huyen")
    _cli(parent, "units", "add", "--code", CHILD[0], "--name", CHILD[1], "--level", "xa")
    first, second, values_first, values_second = _annexes(tmp_path)
    values_of = {str(first): values_first, str(second): values_second}
    rng = random.Random(2024_17_3)
    server = Server(tmp_path)
    engine = _engine(engine_target)
    try:
        for variant, files in (("same_file", (first, first)), ("two_versions", (first, second))):
            figures = {
                "rounds": 0,
                "imported_once": 0,
                "double_imported": 0,
                "replaced": 0,
                "caught_in_transaction": 0,
                "refused_already_there": 0,
                "wrong_values": 0,
            }
            for _ in range(ROUNDS):
                marker = _empty_child(parent)
                order = list(files)
                rng.shuffle(order)
                jobs = [{"job": "import", "db": parent, "file": str(path)} for path in order]
                results = server.round(jobs)
                said = [result["out"].count("ĐÃ NHẬP") for result in results]
                with Workspace.open(parent, clock=lambda: MOMENT):
                    imports = _audit_after(marker, "nhap_tep", CHILD[0], [CHILD_PERIOD])
                stored = _values(parent, CHILD[0])
                figures["rounds"] += 1
                figures["double_imported"] += sum(said) == 2
                figures["imported_once"] += sum(said) == 1
                figures["replaced"] += len(imports) > 1  # neither had --yes: a second import replaced the first
                winners = [job["file"] for job, count in zip(jobs, said, strict=True) if count]
                if len(winners) != 1 or stored != values_of[winners[0]]:
                    figures["wrong_values"] += 1
                for job, result, count in zip(jobs, results, said, strict=True):
                    if count:
                        assert result["code"] == 0, result
                        continue
                    assert result["code"] == 2, result
                    if "vừa được nhập" in result["out"]:
                        figures["caught_in_transaction"] += 1
                    elif "đã có số liệu" in result["out"]:
                        figures["refused_already_there"] += 1
                    else:
                        pytest.fail(f"unexpected verdict for {job['file']}: {result}")
            FIGURES.setdefault("double_import", {}).setdefault(engine, {})[variant] = figures
            record("races", FIGURES)
    finally:
        server.close()
    for variant, figures in FIGURES["double_import"][engine].items():
        assert figures["double_imported"] == 0, (variant, figures)
        assert figures["replaced"] == 0, (variant, figures)
        assert figures["wrong_values"] == 0, (variant, figures)
        assert figures["imported_once"] == ROUNDS, (variant, figures)
