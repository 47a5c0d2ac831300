"""A parent unit (level huyen, the demo city) with many child units holding figures for a quarter."""

from __future__ import annotations

from pathlib import Path

from cchc_desktop.app import Workspace
from cchc_desktop.app.workspace.demo import create_demo, demo_data
from db.connection import close_database

PERIOD = "2023-Q3"


def parent_with_children(path: str | Path, count: int = 100) -> str | Path:
    """The demo database (a new file, or an empty server database once `Workspace.open` takes URLs)
    with `count` communes: the demo's one and `count - 1` more holding its figures for the quarter."""
    create_demo(path)
    close_database()
    add_children(path, count)
    return path


def add_children(path: str | Path, count: int) -> None:
    """Bring the demo database's children up to `count`, each with the demo child's figures."""
    child = demo_data()["children"][0]
    figures = {**child.get("values", {}), **child.get("corrected", {})}
    ws = Workspace.open(path)
    try:
        for number in range(2, count + 1):
            code = f"XA-{number:03d}"
            ws.units.add_child(code=code, name=f"UBND xã Số {number:03d}", level="xa", frequency="quarter")
            ws.entry.set_values(PERIOD, figures, unit_code=code)
    finally:
        ws.close()
