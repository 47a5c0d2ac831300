"""The long-lived objects of an open workspace are kept out of the cyclic collector's rounds
(app/infra/memory.py): a full collection no longer walks the templates while the window works, and
closing the workspace hands them back."""

from __future__ import annotations

import gc
from datetime import datetime

from cchc_desktop.app import Workspace

CLOCK = lambda: datetime(2023, 10, 5, 10, 32, 15)  # noqa: E731


def test_an_open_workspace_sets_its_objects_aside_and_closing_it_hands_them_back(tmp_path):
    gc.unfreeze()  # whatever an earlier test left open
    ws = Workspace.open(tmp_path / "a.sqlite", create=True, clock=CLOCK)
    try:
        ws.units.init_unit(code="X", name="UBND xã X", frequency="month", level="xa")
        assert gc.get_freeze_count() > 10_000  # the templates, among others
        tracked = len(gc.get_objects())
        assert tracked < gc.get_freeze_count()  # what a collection walks now: far less than what is set aside
        ws.entry.set_values("2023-08", {"cd.van_ban_chi_dao": "3"})  # the work goes on; what it makes is collected
        assert ws.entry.get_values("2023-08")["cd.van_ban_chi_dao"] == 3
    finally:
        ws.close()
    assert gc.get_freeze_count() == 0
