"""Consolidation end to end: child units' annexes written by the real export (one child entering monthly,
others quarterly, two levels), imported into a province, and every consolidated figure compared with
sums this test computes itself from the values it generated; the parent's PL1/PL2/PL4 read back."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.annex_content import build_annex
from cchc_desktop.app.consolidated import consolidate
from cchc_desktop.app.consolidated_checks import child_checks
from cchc_desktop.cli import main
from db.connection import close_database
from exports.xlsx_annex import write_annex_xlsx
from forms.catalog import load_template
from forms.computed import compute
from forms.periods import parse_period

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


def _entries(frequency: str) -> list[str]:
    return MONTHS if frequency == "month" else [PERIOD]


def _generate(seed: int = 7) -> dict[str, dict[str, dict[str, object]]]:
    """unit code → entry period → values, for the parent and each child."""
    rng = random.Random(seed)
    data = {PARENT[0]: {PERIOD: _values(rng)}}
    for code, (_, _, frequency) in CHILDREN.items():
        data[code] = {entry: _values(rng) for entry in _entries(frequency)}
    return data


def _quarter(series: list[dict[str, object]]) -> dict[str, object]:
    """A unit's quarter computed here: `time = sum` adds the months, `last` takes the last one."""
    result = {}
    for code in series[0]:
        time = TEMPLATE.indicators[code].time
        result[code] = sum(v[code] for v in series) if time == "sum" else series[-1][code]
    return result


def _run(db: Path, *args: str) -> int:
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


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """The province's database with its own figures and its three children's imported annexes."""
    folder = tmp_path_factory.mktemp("consolidated")
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


def _expected(data):
    """Own, per child, per level and total, computed here from the generated values."""
    own = data[PARENT[0]][PERIOD]
    children = {code: _quarter([data[code][e] for e in _entries(CHILDREN[code][2])]) for code in CHILDREN}
    summed = [c for c in ALL_CODES + [PERCENT] if TEMPLATE.indicators[c].units == "sum"]
    total = {c: own[c] + sum(v[c] for v in children.values()) for c in summed}
    total.update({c: own[c] for c in ALL_CODES + [PERCENT] if c not in summed})
    levels = {"tinh": {c: own[c] for c in summed}, "huyen": {c: children["H-SADEC"][c] for c in summed}}
    levels["xa"] = {c: children["X-P1"][c] + children["X-ANHOA"][c] for c in summed}
    return own, children, levels, total, summed


def test_every_consolidated_figure_matches_independent_sums(province):
    db, data, _ = province
    own, children, levels, total, summed = _expected(data)
    with Workspace.open(db) as ws:
        figures = consolidate(ws, PERIOD)
        assert {c: figures.own[c] for c in own} == own
        assert {child.unit.code: {c: child.values[c] for c in ALL_CODES} for child in figures.children} == {
            code: {c: values[c] for c in ALL_CODES} for code, values in children.items()
        }
        assert [level.level for level in figures.levels] == ["tinh", "huyen", "xa"]
        for level in figures.levels:
            assert {c: level.values[c] for c in summed} == levels[level.level]
            rates = compute(TEMPLATE, levels[level.level])  # computed values recomputed on the level's sums
            assert {c: level.values.get(c) for c in rates} == rates
        assert {c: figures.total[c] for c in total} == total
        assert {c: figures.total.get(c) for c in compute(TEMPLATE, total)} == compute(TEMPLATE, total)
        # `units = none`: not added up; the total keeps the province's own, each unit's listed
        listed = figures.listed()
        for code in NONE_CODES:
            expected = [(PARENT[0], own[code])] + [(c, children[c][code]) for c in sorted(CHILDREN)]
            assert [(unit.code, value) for unit, value in listed[code]] == expected
        # the command line: the grand total as before, the breakdown under `_by_unit`
        assert ws.entry.get_values(PERIOD, consolidated=True) == figures.total
    close_database()


def test_get_by_unit_json_keeps_the_total_at_top_level(province, capsys):
    import json

    db, data, _ = province
    _, children, levels, total, _ = _expected(data)
    assert _run(db, "get", "--period", PERIOD, "--consolidated", "--json") == 0
    plain = json.loads(capsys.readouterr().out)
    assert _run(db, "get", "--period", PERIOD, "--by-unit", "--json") == 0
    detailed = json.loads(capsys.readouterr().out)
    breakdown = detailed.pop("_by_unit")
    assert detailed == plain
    assert {c: plain[c] for c in SUM_FLOW} == {c: total[c] for c in SUM_FLOW}
    assert [(lv["level"], {c: lv["values"][c] for c in SUM_FLOW}) for lv in breakdown["levels"]] == [
        (level, {c: levels[level][c] for c in SUM_FLOW}) for level in ("tinh", "huyen", "xa")
    ]
    assert {child["code"]: child["values"][SUM_FLOW[0]] for child in breakdown["children"]} == {
        code: values[SUM_FLOW[0]] for code, values in children.items()
    }
    assert _run(db, "get", "--period", PERIOD, "--by-unit") == 0
    text = capsys.readouterr().out
    assert "== Tổng cộng ==" in text and "== Cộng cấp xã (2 đơn vị) ==" in text
    assert "== UBND Phường 1 (X-P1) ==" in text


def test_month_of_a_quarterly_parent_sums_its_monthly_child(province):
    db, data, _ = province
    with Workspace.open(db) as ws:
        figures = consolidate(ws, "2023-08")
        assert [child.unit.code for child in figures.children] == ["X-P1"]
        assert {c: figures.total[c] for c in SUM_FLOW} == {c: data["X-P1"]["2023-08"][c] for c in SUM_FLOW}
    close_database()


def _annex(db: Path, folder: Path) -> tuple[openpyxl.Workbook, openpyxl.Workbook]:
    target = folder / "tinh-annex.xlsx"
    with Workspace.open(db) as ws:
        write_annex_xlsx(build_annex(ws, PERIOD), target)
    close_database()
    return openpyxl.load_workbook(target), openpyxl.load_workbook(target, data_only=True)


def _sum_formula(sheet, formula: str, row_values) -> int:
    """Evaluate `=SUM(D8:F8)` / `=SUM(C11,C13)` / `=SUM(C10:C12)` on the sheet's cached values."""
    from openpyxl.utils import range_boundaries

    total = 0
    for part in formula[len("=SUM(") : -1].split(","):
        low_col, low_row, high_col, high_row = range_boundaries(part if ":" in part else f"{part}:{part}")
        for r in range(low_row, high_row + 1):
            for c in range(low_col, high_col + 1):
                total += row_values(r, c).value or 0
    return total


def test_pl1_has_a_column_per_level_and_the_total_as_a_formula(province):
    db, data, folder = province
    own, _, levels, total, _ = _expected(data)
    formulas, cached = _annex(db, folder)
    sheet, values = formulas["PL1 Số liệu"], cached["PL1 Số liệu"]
    top = next(r for r in range(1, 15) if sheet.cell(r, 1).value == "STT")
    assert [sheet.cell(top + 1, c).value for c in range(4, 8)] == ["Cấp tỉnh", "Cấp huyện", "Cấp xã", "Tổng số"]
    labels = {sheet.cell(r, 2).value: r for r in range(top + 2, sheet.max_row + 1)}
    for code in SUM_FLOW:
        row = labels[TEMPLATE.indicators[code].label]
        assert [values.cell(row, c).value for c in (4, 5, 6)] == [
            levels["tinh"][code],
            levels["huyen"][code],
            levels["xa"][code],
        ]
        assert sheet.cell(row, 7).value == f"=SUM(D{row}:F{row})"
        assert values.cell(row, 7).value == total[code] == _sum_formula(sheet, sheet.cell(row, 7).value, values.cell)
        assert isinstance(values.cell(row, 4).value, int)
    for code in NONE_CODES:  # not added up: the total column keeps the province's own value, as a number
        row = labels[TEMPLATE.indicators[code].label]
        assert sheet.cell(row, 7).value == own[code]


def test_pl2_rows_per_child_subtotals_per_level_and_total(province):
    db, data, folder = province
    own, children, levels, total, _ = _expected(data)
    formulas, cached = _annex(db, folder)
    sheet, values = formulas["PL2 Hồ sơ TTHC"], cached["PL2 Hồ sơ TTHC"]
    first = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "(1)") + 1
    labels = [sheet.cell(r, 2).value for r in range(first, first + 9)]
    assert labels == [
        PARENT[1],
        "Cộng cấp tỉnh",
        "UBND thành phố Sa Đéc",
        "Cộng cấp huyện",
        "UBND phường An Hòa",
        "UBND Phường 1",
        "Cộng cấp xã",
        "Tổng cộng",
        None,
    ]
    column = 7  # (7) Số hồ sơ đã giải quyết
    code = "tthc.hs.da_giai_quyet"
    expected = [
        own[code],
        levels["tinh"][code],
        children["H-SADEC"][code],
        levels["huyen"][code],
        children["X-ANHOA"][code],
        children["X-P1"][code],
        levels["xa"][code],
        total[code],
    ]
    assert [values.cell(first + i, column).value for i in range(8)] == expected
    for offset in (1, 3, 6, 7):  # subtotals and total are formulas that match the app's values
        formula = sheet.cell(first + offset, column).value
        assert formula.startswith("=SUM(")
        assert _sum_formula(sheet, formula, values.cell) == expected[offset]


def test_pl4_lists_each_childs_slips_under_its_name(province):
    db, _, folder = province
    with Workspace.open(db) as ws:
        slips = {item.unit.code: item for item in child_checks(ws, PERIOD)}
        assert slips, "the generated figures break some rule in some child"
        code, item = next(iter(slips.items()))
        ws.checks.explain(PERIOD, item.violations[0].rule, "Đơn vị đã giải trình.", unit_code=code)
        name = item.unit.name
        messages = [v.message for v in item.violations]
    close_database()
    formulas, _ = _annex(db, folder)
    sheet = formulas["PL4 Kiểm tra số liệu"]
    rows = [[sheet.cell(r, c).value for c in range(1, 8)] for r in range(1, sheet.max_row + 1)]
    heading = next(i for i, row in enumerate(rows) if row[0] == name)
    listed = [row for row in rows[heading + 1 : heading + 1 + len(messages)]]
    assert [row[5] for row in listed] == messages
    assert listed[0][6] == "Đơn vị đã giải trình."


def test_a_childs_errors_do_not_block_the_parents_submit(province, capsys):
    db, _, _ = province
    with Workspace.open(db) as ws:
        own_errors = ws.checks.open_errors(PERIOD)
        children_errors = [v for item in child_checks(ws, PERIOD) for v in item.violations if v.is_error]
    close_database()
    code = _run(db, "check", "--period", PERIOD)
    out = capsys.readouterr().out
    assert code == (1 if own_errors else 0)
    for name, *_ in CHILDREN.values():
        if name in out:
            assert f"Sai sót của {name}" in out
    if children_errors and not own_errors:
        assert _run(db, "submit", "--period", PERIOD) == 0


def test_the_parents_annex_sends_only_its_own_figures_upward(province):
    """The `_cchc` sheet of a parent holds only its own values: a grandparent importing it does not
    count the children twice (they reach it through their own files, or not at all)."""
    db, data, folder = province
    _annex(db, folder)
    from exports.annex_reader import read_annex

    content = read_annex(folder / "tinh-annex.xlsx")
    assert {unit for _, _, unit, _ in content.values} == {PARENT[0]}
    texts = {code: text for code, period, _, text in content.values if period == PERIOD}
    assert {c: int(texts[c]) for c in SUM_FLOW} == {c: data[PARENT[0]][PERIOD][c] for c in SUM_FLOW}
    mapped_units = {cell.unit_code for cell in content.cells}
    assert mapped_units <= {PARENT[0], ""}
    assert parse_period(PERIOD).kind == "quarter"


# ----- round trip: random valid values → export → import → the same values stored -----------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from forms.values import parse_value, to_storage  # noqa: E402

_NUMERIC = [
    ind
    for ind in TEMPLATE.indicators.values()
    if ind.is_numeric and TEMPLATE.applies(ind.code, "xa") and ind.code not in TEMPLATE.computed
]


def _number(indicator):
    if indicator.type == "int":
        return st.integers(0, 10**9)
    places = 3 if indicator.type == "decimal" else 2
    top = 100 if indicator.type == "percent" else 10**9
    return st.decimals(0, top, places=places, allow_nan=False, allow_infinity=False)


_VALUE_SETS = st.dictionaries(
    st.sampled_from([ind.code for ind in _NUMERIC]), st.just(None), min_size=1, max_size=40
).flatmap(lambda chosen: st.fixed_dictionaries({code: _number(TEMPLATE.indicators[code]) for code in chosen}))


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round_trip")
    parent = folder / "huyen.sqlite"
    with Workspace.open(parent, create=True) as ws:
        ws.units.init_unit(code="H-RT", name="UBND huyện Thử", level="huyen", frequency="quarter")
        ws.units.add_child(code="X-RT", name="UBND xã Thử", level="xa", frequency="month")
    close_database()
    return folder, parent


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(months=st.lists(_VALUE_SETS, min_size=3, max_size=3))
def test_random_values_of_a_child_survive_export_and_import(round_trip, months):
    folder, parent = round_trip
    child = folder / "child.sqlite"
    child.unlink(missing_ok=True)
    typed = {}
    with Workspace.open(child, create=True) as ws:
        ws.units.init_unit(code="X-RT", name="UBND xã Thử", level="xa", frequency="month", parent_code="H-RT")
        for month, values in zip(MONTHS, months, strict=True):
            ws.entry.set_values(month, values)
            typed[month] = {c: to_storage(parse_value(TEMPLATE.indicators[c], v)) for c, v in values.items()}
        target = folder / "child.xlsx"
        write_annex_xlsx(build_annex(ws, PERIOD), target)
    close_database()
    with Workspace.open(parent) as ws:
        verdicts = ws.imports.import_files([target], replace=True)
        assert [v.status for v in verdicts] in (["imported"], ["replaced"]), [v.message for v in verdicts]
        for month in MONTHS:
            assert ws.entry.stored_texts(month, "X-RT") == typed[month]
        expected = _quarter_of_typed(ws, typed)
        figures = consolidate(ws, PERIOD)
        assert {c: figures.children[0].values.get(c) for c in expected} == expected
    close_database()


def _quarter_of_typed(ws, typed) -> dict[str, object]:
    """The child's quarter computed here for its `time = sum` codes present in every month or some."""
    result: dict[str, object] = {}
    for code in {c for values in typed.values() for c in values}:
        indicator = TEMPLATE.indicators[code]
        if indicator.time != "sum":
            continue
        found = [
            ws.reader.typed(TEMPLATE, [(code, typed[m][code], TEMPLATE.version)])[code]
            for m in MONTHS
            if code in typed[m]
        ]
        result[code] = sum(found)
    return result


# ----- the report's live figures read the same model ------------------------------------------------
def test_live_figures_by_level_are_the_consolidated_ones(province):
    from cchc_desktop.app import narratives
    from exports.sentences import format_figure

    db, data, _ = province
    _, _, levels, total, _ = _expected(data)
    code = "tthc.hs.da_giai_quyet"
    with Workspace.open(db) as ws:
        source = narratives.figure_source(ws, ws.period(PERIOD))
        assert source.lookup(code) == format_figure(TEMPLATE, code, total[code])
        for level in ("tinh", "huyen", "xa"):
            assert source.lookup(f"{code}@{level}") == format_figure(TEMPLATE, code, levels[level][code])
        assert narratives.report_levels(ws, source) == ["tinh", "huyen", "xa"]
    close_database()


def test_a_province_with_communes_only(engine_target):
    """On each engine: the consolidation reads the children's rows as the driver gives them."""
    from cchc_desktop.app import narratives
    from exports.sentences import format_figure

    code = "tthc.hs.da_giai_quyet"
    with Workspace.open(engine_target, create=True) as ws:
        ws.units.init_unit(code="TINH", name="UBND tỉnh Thử", level="tinh", frequency="quarter")
        ws.units.add_child(code="XA-1", name="UBND xã Một", level="xa", frequency="quarter")
        ws.units.add_child(code="XA-2", name="UBND xã Hai", level="xa", frequency="month")
        ws.entry.set_values(PERIOD, {code: "7"})
        ws.entry.set_values(PERIOD, {code: "30"}, unit_code="XA-1")
        for month, value in zip(MONTHS, ("1", "2", "4"), strict=True):
            ws.entry.set_values(month, {code: value}, unit_code="XA-2")
        figures = consolidate(ws, PERIOD)
        assert [(level.level, level.values[code]) for level in figures.levels] == [("tinh", 7), ("xa", 37)]
        assert figures.total[code] == 44
        source = narratives.figure_source(ws, ws.period(PERIOD))
        assert source.lookup(code) == format_figure(TEMPLATE, code, 44)
        assert source.lookup(f"{code}@xa") == format_figure(TEMPLATE, code, 37)
        assert source.lookup(f"{code}@huyen") is None  # no unit of that level: no figure, not a zero
        assert narratives.report_levels(ws, source) == ["tinh", "xa"]
        book = build_annex(ws, PERIOD)
        assert book.pl1_levels == ["Cấp tỉnh", "Cấp xã"]
        assert [row.label for row in book.pl2] == [
            "UBND tỉnh Thử",
            "Cộng cấp tỉnh",
            "UBND xã Một",  # by code, as the units list them
            "UBND xã Hai",
            "Cộng cấp xã",
            "Tổng cộng",
        ]
    close_database()


def test_same_period_last_year_and_year_to_date_are_consolidated(tmp_path):
    """A monthly city with a commune entering quarterly: cùng kỳ and lũy kế add the commune's quarters."""
    code = "tthc.hs.da_giai_quyet"
    with Workspace.open(tmp_path / "huyen.sqlite", create=True) as ws:
        ws.units.init_unit(code="HUYEN", name="UBND huyện Thử", level="huyen", frequency="month")
        ws.units.add_child(code="XA-Q", name="UBND xã Quý", level="xa", frequency="quarter")
        for year in (2022, 2023):
            for month in range(1, 10):
                ws.entry.set_values(f"{year}-{month:02d}", {code: str(month)})  # 45 a year to September
            for quarter in (1, 2, 3):
                ws.entry.set_values(f"{year}-Q{quarter}", {code: str(100 * quarter)}, unit_code="XA-Q")
        book = build_annex(ws, PERIOD)
        row = next(r for r in book.pl1 if r.code == code)
        assert row.levels == (7 + 8 + 9, 300)
        assert row.value == 324
        assert row.last_year == 324  # 2022-Q3: the city's July–September and the commune's quarter
        assert row.year_to_date == 45 + 600
    close_database()


def test_a_citys_annex_imported_by_its_province_brings_only_the_citys_own_figures(tmp_path):
    """The city's annex (PL1 split by level, PL2 with its communes' rows) is accepted by the province's
    import, which stores the city's own figures only: the communes are not counted twice."""
    code = "tthc.hs.da_giai_quyet"
    city_db = tmp_path / "huyen.sqlite"
    with Workspace.open(city_db, create=True) as ws:
        ws.units.init_unit(code="H-1", name="UBND huyện Một", level="huyen", frequency="quarter", parent_code="T-1")
        ws.units.add_child(code="X-1", name="UBND xã Một", level="xa", frequency="quarter")
        ws.entry.set_values(PERIOD, {code: "40", "cd.van_ban_chi_dao": "3"})
        ws.entry.set_values(PERIOD, {code: "25"}, unit_code="X-1")
        assert ws.entry.get_values(PERIOD, consolidated=True)[code] == 65
        target = tmp_path / "huyen.xlsx"
        write_annex_xlsx(build_annex(ws, PERIOD), target)
    close_database()
    with Workspace.open(tmp_path / "tinh.sqlite", create=True) as ws:
        ws.units.init_unit(code="T-1", name="UBND tỉnh Một", level="tinh", frequency="quarter")
        ws.units.add_child(code="H-1", name="UBND huyện Một", level="huyen", frequency="quarter")
        verdicts = ws.imports.import_files([target])
        assert [v.status for v in verdicts] == ["imported"], [v.message for v in verdicts]
        assert ws.entry.stored_texts(PERIOD, "H-1") == {code: "40", "cd.van_ban_chi_dao": "3"}
        assert ws.entry.get_values(PERIOD, consolidated=True)[code] == 40
    close_database()
