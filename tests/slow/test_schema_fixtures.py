"""A database of every released schema version (tests/data/schemas/v1…v7.sqlite, made by make_schemas.py)
opens with the current program: upgraded to the latest schema, every row of every table it held still there
with the same contents (values, explanations, statuses, audit rows, units, settings), and the program reads
them back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cchc_desktop.app import Workspace
from db import migrations
from db.connection import close_database
from tests.data.schemas.make_schemas import EXPLANATIONS, STATUSES, VALUES
from tests.slow.figures import record

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
VERSIONS = list(range(1, migrations.LATEST + 1))
_opened: dict[int, int] = {}


def _rows(path: Path) -> dict[str, list[dict]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [dict(r) for r in conn.execute(f'SELECT * FROM "{t}"')] for t in tables if t != "sqlite_sequence"}
    finally:
        conn.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_database_of_each_released_schema_opens_with_every_row(version, tmp_path):
    fixture = SCHEMAS / f"v{version}.sqlite"
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before = _rows(path)
    assert sqlite3.connect(fixture).execute("PRAGMA user_version").fetchone()[0] == version
    with Workspace.open(path) as ws:
        assert {"X-TANQUY", "A-PHUONG"} <= {unit.code for unit in ws.units.all()}
        for unit_id, period, code, value in VALUES:
            unit_code = "X-TANQUY" if unit_id == 1 else "A-PHUONG"
            assert ws.entry.stored_texts(period, unit_code)[code] == value, (version, period, code)
        assert ws.units.self_unit().name == "UBND xã Tân Quy Tây"
        if version >= 2:
            assert ws.reports.status("2023-Q3").status == "submitted"
            assert ws.units.self_unit().signer_name == "Nguyễn Văn A"
    close_database()
    after = _rows(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    kept = 0
    for table, rows in before.items():
        if table == "schema_version":
            continue
        key = "key" if table == "setting" else "id"
        now = {row[key]: row for row in after[table]}
        for row in rows:
            assert row[key] in now, (version, table, row)
            assert {c: now[row[key]][c] for c in row} == row, (version, table)
            kept += 1
    if version >= 2:
        assert len(before["explanation"]) == len(EXPLANATIONS) and len(before["period_status"]) == len(STATUSES)
    _opened[version] = kept
    record("schemas", {"versions_opened": sorted(_opened), "rows_kept": sum(_opened.values())})
