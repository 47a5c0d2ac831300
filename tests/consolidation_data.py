"""Shared by the consolidation tests: a province, its own figures and three children (a city entering
quarterly, a ward monthly, a ward quarterly) whose annexes are written by the real export and imported;
and the expected figures computed here from the generated values, independently of the app."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.annex_content import build_annex
from cchc_desktop.cli import main
from db.connection import close_database
from exports.xlsx_annex import write_annex_xlsx
from forms.catalog import load_template

PERIOD = "2023-Q3"
MONTHS = ["2023-07", "2023-08", "2023-09"]
TEMPLATE = load_template()
PARENT = ("TINH-DT", "UBND tỉnh Đồng Tháp", "tinh", "quarter")
# code → (name, level, frequency)
CHILDREN = {
    "H-SADEC": ("UBND thành phố Sa Đéc", "huyen", "quarter"),
    "X-P1": ("UBND Phường 1", "xa", "month"),
    "X-ANHOA": ("UBND phường An Hòa", "xa", "quarter"),
}


def _codes(units: str, time: str | None = None, count: int = 6) -> list[str]:
    found = [
        code
        for code, ind in TEMPLATE.indicators.items()
        if ind.type == "int" and ind.units == units and (time is None or ind.time == time) and not ind.table
    ]
    return found[:count]


SUM_FLOW = ["tthc.hs.da_giai_quyet", "tthc.hs.dung_han", "tthc.hs.truoc_han", "tthc.hs.qua_han"]
SUM_FLOW += [c for c in _codes("sum", "sum") if c not in SUM_FLOW][:4]
SUM_LAST = _codes("sum", "last", 4)
NONE_CODES = _codes("none", None, 3)
PERCENT = next(c for c, ind in TEMPLATE.indicators.items() if ind.type == "percent")
ALL_CODES = SUM_FLOW + SUM_LAST + NONE_CODES


def _values(rng: random.Random) -> dict[str, object]:
    values: dict[str, object] = {code: rng.randint(0, 400) for code in ALL_CODES}
    values[PERCENT] = Decimal(rng.randint(0, 10000)) / 100
    return values


def entries(frequency: str) -> list[str]:
    return MONTHS if frequency == "month" else [PERIOD]


def _generate(seed: int = 7) -> dict[str, dict[str, dict[str, object]]]:
    """unit code → entry period → values, for the parent and each child."""
    rng = random.Random(seed)
    data = {PARENT[0]: {PERIOD: _values(rng)}}
    for code, (_, _, frequency) in CHILDREN.items():
        data[code] = {entry: _values(rng) for entry in entries(frequency)}
    return data


def quarter(series: list[dict[str, object]]) -> dict[str, object]:
    """A unit's quarter computed here: `time = sum` adds the months, `last` takes the last one."""
    result = {}
    for code in series[0]:
        time = TEMPLATE.indicators[code].time
        result[code] = sum(v[code] for v in series) if time == "sum" else series[-1][code]
    return result


def run(db: Path, *args: str) -> int:
    code = main(["--db", str(db), *args])
    close_database()
    return code


def _child_annex(folder: Path, code: str, data) -> Path:
    name, level, frequency = CHILDREN[code]
    db = folder / f"{code}.sqlite"
    with Workspace.open(db, create=True) as ws:
        ws.units.init_unit(code=code, name=name, level=level, frequency=frequency, parent_code=PARENT[0])
        for entry, values in data[code].items():
            ws.entry.set_values(entry, {c: str(v) for c, v in values.items()})
        target = folder / f"{code}.xlsx"
        write_annex_xlsx(build_annex(ws, PERIOD), target)
    close_database()
    return target


def build_province(folder: Path):
    """The province's database with its own figures and its three children's imported annexes."""
    data = _generate()
    files = [_child_annex(folder, code, data) for code in CHILDREN]
    db = folder / "tinh.sqlite"
    with Workspace.open(db, create=True) as ws:
        ws.units.init_unit(code=PARENT[0], name=PARENT[1], level=PARENT[2], frequency=PARENT[3])
        for code, (name, level, frequency) in CHILDREN.items():
            ws.units.add_child(code=code, name=name, level=level, frequency=frequency)
        ws.entry.set_values(PERIOD, {c: str(v) for c, v in data[PARENT[0]][PERIOD].items()})
        verdicts = ws.imports.import_files(files)
        assert [v.status for v in verdicts] == ["imported"] * 3, [v.message for v in verdicts]
    close_database()
    return db, data, folder


def expected_figures(data):
    """Own, per child, per level and total, computed here from the generated values."""
    own = data[PARENT[0]][PERIOD]
    children = {code: quarter([data[code][e] for e in entries(CHILDREN[code][2])]) for code in CHILDREN}
    summed = [c for c in ALL_CODES + [PERCENT] if TEMPLATE.indicators[c].units == "sum"]
    total = {c: own[c] + sum(v[c] for v in children.values()) for c in summed}
    total.update({c: own[c] for c in ALL_CODES + [PERCENT] if c not in summed})
    levels = {"tinh": {c: own[c] for c in summed}, "huyen": {c: children["H-SADEC"][c] for c in summed}}
    levels["xa"] = {c: children["X-P1"][c] + children["X-ANHOA"][c] for c in summed}
    return own, children, levels, total, summed
