"""A background job never changes what the window has open (issue 18, item 3): after an export or an
import run on a worker thread, the window's About, backup, typing and import go on, on both engines,
with the window's own clock."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.infra.jobs import BackgroundJob
from cchc_desktop.app.outputs.exporting import export_file
from cchc_desktop.app.presenters.about import workspace_facts
from db.connection import now, opened
from db.models import Audit
from tests.test_import import CHILDREN, CITY, export_child, run

CLOCK_AT = datetime(2023, 10, 9, 8, 30, 0)
PERIOD = "2023-Q3"


def _clock() -> datetime:
    return CLOCK_AT


def _finished(job: BackgroundJob):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        event = job.poll()
        if event is not None:
            assert event.kind == "done", event.error
            return event.result
        time.sleep(0.02)
    raise AssertionError("the background job did not finish")


def city_with_commune(target: str, folder) -> Path:
    """A city reporting by quarter at `target` with one commune (P2); the commune's annex, waiting."""
    annex = export_child(folder, "P2", PERIOD)
    city = ("--unit-code", CITY[0], "--unit-name", CITY[1], "--level", "huyen", "--frequency", "quarter")
    assert run(target, "init", *city) == 0
    assert run(target, "units", "add", "--code", "P2", "--name", CHILDREN["P2"][0], "--level", "xa") == 0
    return annex


@pytest.fixture
def window_ws(engine_target, tmp_path):
    """The city's window on each engine, with one commune (P2) whose annex waits to be imported."""
    annex = city_with_commune(engine_target, tmp_path)
    ws = Workspace.open(engine_target, clock=_clock)
    ws.annex = annex
    yield ws
    ws.close()


def test_the_window_goes_on_after_an_export_and_an_import_on_workers(window_ws, tmp_path):
    ws = window_ws
    ws.entry.set_values(PERIOD, {"tthc.hs.tiep_nhan": 12})
    state = opened()
    exported = tmp_path / "bao-cao.pdf"
    _finished(BackgroundJob(lambda: export_file(ws, PERIOD, "pdf", exported)).start())
    assert exported.stat().st_size > 0

    # What is open is still the window's: the same state, its clock, its backups folder.
    assert opened() is state
    assert now() == CLOCK_AT
    assert workspace_facts(ws).backups == str(state.backups)
    assert ws.maintenance.backup().exists()
    # Typing after the export, stamped with the window's clock (not the computer's).
    ws.entry.set_values("2023-Q4", {"tthc.hs.tiep_nhan": 7})
    assert ws.entry.stored_texts("2023-Q4")["tthc.hs.tiep_nhan"] == "7"
    stamped = Audit.select().where(Audit.period == "2023-Q4").get()
    assert stamped.at == CLOCK_AT

    # The commune's annex checked, then imported, each on a worker; the window reads on.
    checked = _finished(BackgroundJob(lambda: ws.detached().imports.check_files([ws.annex])).start())
    assert [verdict.status for verdict in checked] == ["imported"]
    assert opened() is state
    imported = _finished(BackgroundJob(lambda: ws.detached().imports.import_files([ws.annex])).start())
    assert [verdict.status for verdict in imported] == ["imported"]
    assert opened() is state and now() == CLOCK_AT
    assert ws.entry.stored_texts("2023-07", unit_code="P2")["tthc.hs.tiep_nhan"] == "311"
    assert workspace_facts(ws).database
