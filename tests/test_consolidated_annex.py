"""The parent's annexes read back with openpyxl (PL1 by level, PL2 per child and level, PL4 per child,
numbers as numbers, formulas equal to the values), what the parent sends upward, and a hypothesis round trip
of a child's random values through export and import."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.annex_content import build_annex
from cchc_desktop.app.usecases.consolidated_checks import child_checks
from db.connection import close_database
from exports.xlsx_annex import write_annex_xlsx
from forms.periods import parse_period
from forms.rules import distinct_violations
from forms.values import parse_value, to_storage
from tests.consolidation_data import (
    MONTHS,
    NONE_CODES,
    PARENT,
    PERIOD,
    SUM_FLOW,
    TEMPLATE,
    build_province,
    expected_figures,
)
from tests.formulas import summed


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    folder = tmp_path_factory.mktemp("consolidated")
    return build_province(folder)


def _annex(db: Path, folder: Path) -> tuple[openpyxl.Workbook, openpyxl.Workbook]:
    target = folder / "tinh-annex.xlsx"
    with Workspace.open(db) as ws:
        write_annex_xlsx(build_annex(ws, PERIOD), target)
    close_database()
    return openpyxl.load_workbook(target), openpyxl.load_workbook(target, data_only=True)


def _sum_formula(sheet, formula: str, row_values) -> int:
    """Evaluate a total (`=IF(COUNT(D8:F8)=0,"",SUM(D8:F8))`, ranges `C11,C13`, `C10:C12`) on the sheet's
    cached values."""
    from openpyxl.utils import range_boundaries

    total = 0
    for part in summed(formula).split(","):
        low_col, low_row, high_col, high_row = range_boundaries(part if ":" in part else f"{part}:{part}")
        for r in range(low_row, high_row + 1):
            for c in range(low_col, high_col + 1):
                total += row_values(r, c).value or 0
    return total


def test_pl1_has_a_column_per_level_and_the_total_as_a_formula(province):
    db, data, folder = province
    own, _, levels, total, _ = expected_figures(data)
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
        assert summed(sheet.cell(row, 7).value) == f"D{row}:F{row}"
        assert values.cell(row, 7).value == total[code] == _sum_formula(sheet, sheet.cell(row, 7).value, values.cell)
        assert isinstance(values.cell(row, 4).value, int)
    for code in NONE_CODES:  # not added up: the total column keeps the province's own value, as a number
        row = labels[TEMPLATE.indicators[code].label]
        assert sheet.cell(row, 7).value == own[code]


def test_pl2_rows_per_child_subtotals_per_level_and_total(province):
    db, data, folder = province
    own, children, levels, total, _ = expected_figures(data)
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
        assert _sum_formula(sheet, formula, values.cell) == expected[offset]


def test_pl4_lists_each_childs_slips_under_its_name(province):
    db, _, folder = province
    with Workspace.open(db) as ws:
        slips = {item.unit.code: item for item in child_checks(ws.checks, PERIOD)}
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


def test_pl4s_slips_of_a_child_are_those_of_its_own_check_numbered_as_there(province):
    """The parent checks its children for the slips alone (no information items): each child's slips,
    their order, numbers, periods and giải trình are those the child's own full check lists."""
    db, _, _ = province
    with Workspace.open(db) as ws:
        listed = child_checks(ws.checks, PERIOD)
        assert listed
        informed = 0
        for item in listed:
            own = ws.checks.check(PERIOD, item.unit.code)
            informed += sum(v.is_info for v in own)
            expected = [(i + 1, own[i]) for i in distinct_violations(own) if not own[i].is_info]
            assert [(n, v.to_json()) for n, v in zip(item.numbers, item.violations, strict=True)] == [
                (n, v.to_json()) for n, v in expected
            ]
        assert informed, "some child's own check has information items (figures missing), left out of PL4"


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


# ----- round trip: random valid values → export → import → the same values stored -----------------

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
        figures = ws.consolidated.figures(PERIOD)
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


def test_a_figure_the_units_report_differently_is_listed_per_unit_and_noted(cchc, clean_demo_db, tmp_path):
    """`units = none` figures are not added up: when the communes differ, the level has no one value —
    the PDF prints `…` and the export says so; PL1's note lists each unit's value."""
    changed = cchc("set", "--period", "2023-Q3", "--unit", "XA-SADEC-P1", "cds.dvc.toan_trinh=70", db=clean_demo_db)
    assert changed.code == 0, changed
    pdf = cchc("export", "pdf", "--period", "2023-Q3", "-o", str(tmp_path / "r.pdf"), db=clean_demo_db)
    assert pdf.code == 0, pdf
    assert "chưa có giá trị nên in “…”: TTHC cung cấp dịch vụ công trực tuyến toàn trình (cấp xã)" in pdf.out
    xlsx = cchc("export", "xlsx", "--period", "2023-Q3", "-o", str(tmp_path / "a.xlsx"), db=clean_demo_db)
    assert xlsx.code == 0, xlsx
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["PL1 Số liệu"]
    label = "TTHC cung cấp dịch vụ công trực tuyến toàn trình"
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == label)
    note = row[-1]
    assert note.startswith("Từng đơn vị: ") and "UBND Phường 1: 70" in note and "UBND Phường 2: 69" in note
    assert note.count(": 69") == 8  # the eight communes that agree, each named
