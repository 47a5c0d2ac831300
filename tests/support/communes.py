"""Communes of a test city and their annexes, written by the real export — shared by the tests and the benches
(tests/test_statement_counts.py, bench/bench_import.py)."""

from __future__ import annotations

from pathlib import Path

from cchc_desktop.app import Workspace
from cchc_desktop.app.annex_content import build_annex
from cchc_desktop.app.demo import demo_data
from exports.xlsx_annex import write_annex_xlsx

CITY_NAME = "UBND thành phố Thử"


def commune_codes(count: int) -> list[str]:
    """XA-001, XA-002, …"""
    return [f"XA-{n:03d}" for n in range(1, count + 1)]


def commune_name(number: int) -> str:
    return f"UBND xã Số {number:03d}"


def write_commune_annexes(folder: Path, count: int, city: str, period: str, clock=None) -> list[Path]:
    """Each commune's annex of the period (the demo's first child's figures, one figure different in each),
    exported from one database whose unit is declared again for each commune."""
    child = demo_data()["children"][0]
    figures = {**child.get("values", {}), **child.get("corrected", {})}
    files = []
    with Workspace.open(folder / "xa.sqlite", create=True, clock=clock) as ws:
        for number, code in enumerate(commune_codes(count), 1):
            ws.units.init_unit(
                force=True,
                code=code,
                name=commune_name(number),
                level="xa",
                frequency="quarter",
                parent_code=city,
                parent_name=CITY_NAME,
            )
            ws.entry.set_values(period, {**figures, "tthc.hs.truc_tuyen": str(3000 + number)})
            target = folder / f"{code}.xlsx"
            write_annex_xlsx(build_annex(ws, period), target)
            files.append(target)
    return files


def declare_city(ws: Workspace, city: str, count: int) -> None:
    """The city and its communes (as children), as the level above declares them."""
    ws.units.init_unit(code=city, name=CITY_NAME, level="huyen", frequency="quarter")
    for number, code in enumerate(commune_codes(count), 1):
        ws.units.add_child(code=code, name=commune_name(number), level="xa", frequency="quarter")
