"""The daily backup never blocks a command on a server database (issue 20): the first command of the
day does not copy the server (168 s and 926 MB for a province); it says once, in Vietnamese, to back the
server up with its own dump, and the copy by hand (`cchc backup`) still works."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from cchc_desktop.app.workspace import Workspace
from db import backup

pytestmark = pytest.mark.usefixtures("pg_url")


@pytest.fixture
def slow_copies(monkeypatch):
    """Every copy of the database takes 30 s, and is counted."""
    made = []

    def slow(*args, **kwargs):
        made.append(args)
        time.sleep(30)

    monkeypatch.setattr(backup, "backup_to", slow)
    monkeypatch.setattr(backup, "daily_backup", slow)
    return made


def open_server(pg_url, folder, day=5) -> Workspace:
    start = time.perf_counter()
    ws = Workspace.open(pg_url, clock=lambda: datetime(2024, 1, day, 8, 0))
    assert time.perf_counter() - start < 10  # not the 30 s of a copy
    return ws


def test_the_first_command_of_the_day_on_a_server_does_not_wait_for_a_backup(
    pg_url, tmp_path, monkeypatch, slow_copies
):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    with Workspace.open(pg_url, create=True) as ws:
        ws.units.init_unit(code="P-1", name="UBND phường 1", level="xa", frequency="month")
    slow_copies.clear()
    first = open_server(pg_url, tmp_path)
    first.close()
    later_day = open_server(pg_url, tmp_path, day=6)
    later_day.close()
    assert slow_copies == []  # no copy of the server, neither today nor tomorrow
    assert any("pg_dump" in warning for warning in first.warnings)  # the advice, once
    assert not later_day.warnings
    folder = next((tmp_path / "data").rglob(backup.SERVER_ADVICE_FILE)).parent
    assert "pg_dump" in (folder / backup.SERVER_ADVICE_FILE).read_text(encoding="utf-8")
    assert not list(folder.glob("*-ngay.sqlite"))


def test_a_server_is_still_copied_by_hand(pg_url, tmp_path, monkeypatch, cchc):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    assert cchc("init", "--unit-code", "P-1", "--unit-name", "UBND phường 1", db=pg_url).code == 0
    first = cchc("units", db=pg_url)
    assert first.code == 0 and "pg_dump" in first.err  # the first command after creating it: the advice
    copy = tmp_path / "ban-sao.sqlite"
    made = cchc("backup", "-o", str(copy), db=pg_url)
    assert made.code == 0 and copy.exists()
    assert "pg_dump" not in made.err  # the advice was said once
