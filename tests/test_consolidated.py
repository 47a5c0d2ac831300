"""Consolidated figures end to end: child units' annexes written by the real export (one child entering
monthly, others quarterly, two levels below a province), imported, and every consolidated figure compared
with sums computed independently (tests/consolidation_data.py); the CLI, the live figures, cùng kỳ/lũy kế."""

from __future__ import annotations

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.content.annex_content import build_annex
from cchc_desktop.app.usecases.consolidated_checks import child_checks
from db.connection import close_database
from forms.computed import compute
from tests.consolidation_data import (
    ALL_CODES,
    CHILDREN,
    MONTHS,
    NONE_CODES,
    PARENT,
    PERIOD,
    SUM_FLOW,
    TEMPLATE,
    build_province,
    expected_figures,
    run,
)


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    folder = tmp_path_factory.mktemp("consolidated")
    return build_province(folder)


def test_every_consolidated_figure_matches_independent_sums(province):
    db, data, _ = province
    own, children, levels, total, summed = expected_figures(data)
    with Workspace.open(db) as ws:
        figures = ws.consolidated.figures(PERIOD)
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
    _, children, levels, total, _ = expected_figures(data)
    assert run(db, "get", "--period", PERIOD, "--consolidated", "--json") == 0
    plain = json.loads(capsys.readouterr().out)
    assert run(db, "get", "--period", PERIOD, "--by-unit", "--json") == 0
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
    assert run(db, "get", "--period", PERIOD, "--by-unit") == 0
    text = capsys.readouterr().out
    assert "== Tổng cộng ==" in text and "== Cộng cấp xã (2 đơn vị) ==" in text
    assert "== UBND Phường 1 (X-P1) ==" in text


def test_month_of_a_quarterly_parent_sums_its_monthly_child(province):
    db, data, _ = province
    with Workspace.open(db) as ws:
        figures = ws.consolidated.figures("2023-08")
        assert [child.unit.code for child in figures.children] == ["X-P1"]
        assert {c: figures.total[c] for c in SUM_FLOW} == {c: data["X-P1"]["2023-08"][c] for c in SUM_FLOW}
    close_database()


def test_a_childs_errors_do_not_block_the_parents_submit(province, capsys):
    db, _, _ = province
    with Workspace.open(db) as ws:
        own_errors = ws.checks.open_errors(PERIOD)
        children_errors = [v for item in child_checks(ws.checks, PERIOD) for v in item.violations if v.is_error]
    close_database()
    code = run(db, "check", "--period", PERIOD)
    out = capsys.readouterr().out
    assert code == (1 if own_errors else 0)
    for name, *_ in CHILDREN.values():
        if name in out:
            assert f"Sai sót của {name}" in out
    if children_errors and not own_errors:
        assert run(db, "submit", "--period", PERIOD) == 0


# ----- the report's live figures read the same model ------------------------------------------------
def test_live_figures_by_level_are_the_consolidated_ones(province):
    from exports.sentences import format_figure

    db, data, _ = province
    _, _, levels, total, _ = expected_figures(data)
    code = "tthc.hs.da_giai_quyet"
    with Workspace.open(db) as ws:
        source = ws.narratives.figure_source(ws.period(PERIOD))
        assert source.lookup(code) == format_figure(TEMPLATE, code, total[code])
        for level in ("tinh", "huyen", "xa"):
            assert source.lookup(f"{code}@{level}") == format_figure(TEMPLATE, code, levels[level][code])
        assert ws.narratives.report_levels(source) == ["tinh", "huyen", "xa"]
    close_database()


def test_a_province_with_communes_only(engine_target):
    """On each engine: the consolidation reads the children's rows as the driver gives them."""
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
        figures = ws.consolidated.figures(PERIOD)
        assert [(level.level, level.values[code]) for level in figures.levels] == [("tinh", 7), ("xa", 37)]
        assert figures.total[code] == 44
        source = ws.narratives.figure_source(ws.period(PERIOD))
        assert source.lookup(code) == format_figure(TEMPLATE, code, 44)
        assert source.lookup(f"{code}@xa") == format_figure(TEMPLATE, code, 37)
        assert source.lookup(f"{code}@huyen") is None  # no unit of that level: no figure, not a zero
        assert ws.narratives.report_levels(source) == ["tinh", "xa"]
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
