"""The children's sums made by the database (`get --consolidated`, issue 20) are the per-unit model's:
the same total, the same partial figures named in the same order, the same derived and missing ones,
on both engines, for a parent whose children hold figures regularly, miss months, lack a figure in a
month, send a figure the others do not, or take part in a derivation."""

from __future__ import annotations

import random
from datetime import datetime

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.usecases import consolidated_total as module
from cchc_desktop.app.usecases.consolidated import ConsolidatedCache
from db.models import Unit, Value
from forms.figures import identity_groups

NOW = datetime(2024, 1, 5, 8, 0)
MONTHS = ["2023-07", "2023-08", "2023-09"]


def _plain_codes(ws) -> list[str]:
    """Integer `units = sum` figures, by month or stock, in no identity and no table."""
    grouped = {code for group in identity_groups(ws.template_for("2023-Q3")) for code in group}
    return [
        code
        for code, ind in ws.template_for("2023-Q3").indicators.items()
        if ind.type == "int" and ind.units == "sum" and ind.time in ("sum", "last") and not ind.table
        if code not in grouped and not ind.levels
    ]


def _fill(ws, rows: dict[str, dict[str, dict[str, int]]], levels: dict[str, tuple[str, str]], fields=None) -> None:
    ws.units.init_unit(code="TINH", name="UBND tỉnh Thử", level="tinh", frequency="quarter")
    Unit.insert_many(
        [
            {
                "code": code,
                "name": f"UBND {code}",
                "level": level,
                "frequency": frequency,
                "parent_code": "TINH",
                "parent_name": "UBND tỉnh Thử",
                "created_at": NOW,
                **(fields or {}).get(code, {}),
            }
            for code, (level, frequency) in levels.items()
        ]
    ).execute()
    ids = {unit.code: unit.id for unit in Unit.select()}
    version = ws.template_for("2023-Q3").version
    Value.insert_many(
        [
            (ids[code], period, figure, str(value), version, NOW)
            for code, periods in rows.items()
            for period, values in periods.items()
            for figure, value in values.items()
        ],
        fields=[Value.unit, Value.period, Value.code, Value.value, Value.template_version, Value.updated_at],
    ).execute()


def _scenario(ws, kind: str):
    rng = random.Random(20)
    plain = _plain_codes(ws)
    shared, extra = plain[:8], plain[8]
    rows: dict[str, dict[str, dict[str, int]]] = {"TINH": {"2023-Q3": {c: rng.randint(0, 50) for c in shared[:3]}}}
    levels = {}
    for n in range(1, 25):
        code = f"X-{n:02d}"
        levels[code] = ("xa", "month")
        rows[code] = {month: {c: rng.randint(0, 90) for c in shared} for month in MONTHS}
    for n in range(1, 4):
        code = f"H-{n}"
        levels[code] = ("huyen", "quarter")
        rows[code] = {"2023-Q3": {c: rng.randint(0, 900) for c in shared}}
    del rows["X-03"]["2023-08"]  # a month not entered: still regular
    del rows["X-05"]["2023-09"][shared[1]]  # a figure lacking in one month: read by itself, partial
    rows["X-07"]["2023-07"][extra] = 5  # and one the others do not send (they lack it: partial)
    rows["X-07"]["2023-08"][extra] = 6
    derived = ["tthc.hs.da_giai_quyet", "tthc.hs.dung_han", "tthc.hs.truoc_han", "tthc.hs.qua_han"]
    rows["X-09"]["2023-07"].update({derived[0]: 30, derived[1]: 20, derived[2]: 4})  # qua_han derived: 6
    rows["X-09"]["2023-08"][shared[0]] = 1
    if kind == "one lacks a figure":
        for month in MONTHS:
            del rows["X-11"][month][shared[4]]
    if kind == "decimals":
        money = next(
            c
            for c, ind in ws.template_for("2023-Q3").indicators.items()
            if ind.type == "decimal" and ind.units == "sum"
        )
        for n in range(1, 25):
            for month in rows[f"X-{n:02d}"].values():
                month[money] = rng.randint(0, 99)
    fields = {}
    if kind == "merger":  # replaced by X-NEW from 1 August: their July, its August and September
        for code in ("X-21", "X-22"):
            rows[code] = {"2023-07": rows[code]["2023-07"]}
            fields[code] = {"valid_to": "2023-07-31", "replaced_by": "X-NEW"}
        levels["X-NEW"] = ("xa", "month")
        rows["X-NEW"] = {month: {c: rng.randint(0, 90) for c in shared} for month in MONTHS[1:]}
        fields["X-NEW"] = {"valid_from": "2023-08-01"}
    if kind == "late and texts":
        for code in ("X-13", "X-14", "X-15"):  # September not sent yet: their last month is August
            del rows[code]["2023-09"]
        text = next(c for c, ind in ws.template_for("2023-Q3").indicators.items() if ind.type == "text")
        rows["X-16"]["2023-08"][text] = "ghi chú của tháng"  # a text among a month's figures
    if kind == "no child":
        rows, levels = {"TINH": rows["TINH"]}, {}
    _fill(ws, rows, levels, fields)


def _same(expected, got) -> None:
    assert dict(got) == dict(expected)
    assert got.partial == expected.partial
    assert got.derived == expected.derived
    assert got.stale == expected.stale
    assert tuple(got.missing) == tuple(expected.missing)
    assert got.over == expected.over


@pytest.mark.parametrize("kind", ["regular", "one lacks a figure", "decimals", "no child", "merger", "late and texts"])
@pytest.mark.parametrize("period", ["2023-Q3", "2023"])
def test_the_database_adds_up_what_the_model_adds_up(engine_target, kind, period, monkeypatch):
    with Workspace.open(engine_target, create=True) as ws:
        _scenario(ws, kind)
        read = []
        real = ws.reader.many_own_values
        monkeypatch.setattr(
            ws.reader, "many_own_values", lambda units, *a, **k: read.append(len(units)) or real(units, *a, **k)
        )
        got = module.consolidated_total(ws.consolidated, period)
        monkeypatch.undo()
        expected = ws.consolidated.figures(period, keep=False).total
        _same(expected, got)
        assert kind == "no child" or any(code in got.partial for code in got)  # partial sums kept partial
        if kind == "regular":
            assert read == [1 + 3]  # the unit itself, X-05, X-07 and X-09: the 23 others summed by SQL
            assert "tthc.hs.qua_han" in got.derived
        elif kind in ("one lacks a figure", "decimals"):
            assert read[0] >= 24  # the monthly children read one by one, as before
        elif kind == "merger":  # the old communes' last month is not the others': read by themselves
            assert read == [1 + 3 + 2] if period == "2023-Q3" else read[0] <= 1 + 3 + 2 + 1
        elif kind == "late and texts":  # the late ones and the one holding a text read by themselves
            assert read == [1 + 3 + 4]
        assert ws.entry.get_values(period, consolidated=True) == got


def test_a_damaged_figure_is_said_as_by_the_model(engine_target):
    from db.errors import DamagedRecord

    with Workspace.open(engine_target, create=True) as ws:
        _scenario(ws, "regular")
        row = Value.select().join(Unit).where(Unit.code == "X-12", Value.period == "2023-08").first()
        Value.update(value="12x").where(Value.id == row.id).execute()
        with pytest.raises(DamagedRecord) as expected:
            ws.consolidated.figures("2023-Q3", keep=False)
        with pytest.raises(DamagedRecord) as got:
            module.consolidated_total(ws.consolidated, "2023-Q3")
        assert str(got.value) == str(expected.value)


def test_other_template_versions_are_read_by_the_model(engine_target, monkeypatch):
    with Workspace.open(engine_target, create=True) as ws:
        _scenario(ws, "regular")
        version = ws.template_for("2023-Q3").version
        assert not module.sums.other_versions("TINH", [*MONTHS, "2023-Q3"], version)
        Value.update(template_version="2000.1").where(Value.period == "2023-07").execute()
        assert module.sums.other_versions("TINH", [*MONTHS, "2023-Q3"], version)
        assert not module.sums.other_versions("TINH", ["2023-08"], version)
        Value.update(template_version=version).execute()
        called = []
        monkeypatch.setattr(module.sums, "other_versions", lambda *a: True)
        monkeypatch.setattr(module.sums, "regular_sums", lambda *a, **k: called.append(a))
        real = ConsolidatedCache.figures
        monkeypatch.setattr(ConsolidatedCache, "figures", lambda *a: called.append("model") or real(*a))
        module.consolidated_total(ws.consolidated, "2023-Q3")
        assert called == ["model"]


def _as_model(monkeypatch):
    """The report's figures read by the per-unit model (consolidate), as before the database added them up."""
    monkeypatch.setattr(module, "summed_figures", lambda *args, **kwargs: None)


@pytest.mark.parametrize("kind", ["regular", "merger", "late and texts", "one lacks a figure"])
@pytest.mark.parametrize("period", ["2023-Q3", "2023"])
def test_the_reports_figures_are_the_models(engine_target, kind, period, monkeypatch):
    """The report's live figures (total, each level, the levels named, the unit's own) and the whole
    report (its document, as the PDF prints it) are the same read by the database's sums or by the model."""
    from cchc_desktop.app.content.report_content import build_report

    with Workspace.open(engine_target, create=True, clock=lambda: NOW) as ws:
        _scenario(ws, kind)
        template = ws.template_for(period)
        words = [f"{{{code}}} {{{code}@xa}} {{{code}@huyen}} {{{code}@tinh}}" for code in _plain_codes(ws)[:9]]
        words.append("{tthc.hs.qua_han} {tthc.hs.qua_han@xa} {tthc.hs.da_giai_quyet@huyen}")
        narrative = next(section.narrative for section in template.sections if section.narrative)
        ws.entry.set_values(period, {narrative: "Số liệu: " + "; ".join(words) + "."})
        unit = ws.units.unit()
        assert module.summed_figures(ws.consolidated, period) is not None  # the database's sums are read
        summed = ws.narratives._read_figure_source(ws.period(period), unit)
        got = build_report(ws, period)
        _as_model(monkeypatch)
        ws.narratives.clear()
        model = ws.narratives._read_figure_source(ws.period(period), unit)
        expected = build_report(ws, period)
    _same(model.total, summed.total)
    for level in template.levels:
        _same(model.level_values(level), summed.level_values(level))
    assert ws.narratives.report_levels(summed) == ws.narratives.report_levels(model)
    assert dict(summed.own) == dict(model.own)
    assert got == expected
    filled = next(block.text for block in got.blocks if block.text.startswith("Số liệu: "))
    assert any(character.isdigit() for character in filled)
