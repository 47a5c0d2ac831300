"""Issue 20, item 6: a parent's clerk typing its own figure re-reads and re-adds only its own figures; the
children's side of the consolidation (read, each child's figures, the sums of the children's levels) is kept
until one of the children's data changes, and then read again."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from cchc_desktop.app import Workspace
from cchc_desktop.app.presenters.main_presenter import MainPresenter
from cchc_desktop.app.usecases import consolidated
from tests.test_presenters import FakeView

CLOCK = lambda: datetime(2023, 10, 5, 10, 32, 15)  # noqa: E731
PERIOD = "2023-Q3"
CODE = "tthc.hs.truc_tuyen"  # units = sum: the city's own dossiers plus its communes'


@pytest.fixture
def children_reads(monkeypatch) -> Counter:
    """How many times the children's side of a consolidation was read (not taken from the workspace's)."""
    reads: Counter = Counter()
    read = consolidated._read_children

    def counting(ctx, reader, unit, period, template):
        reads[str(period)] += 1
        return read(ctx, reader, unit, period, template)

    monkeypatch.setattr(consolidated, "_read_children", counting)
    return reads


def _shown_total(ws: Workspace) -> object:
    return ws.consolidated.figures(PERIOD).total[CODE]


def test_a_parent_typing_its_own_figure_reads_its_children_once_until_one_of_them_changes(
    clean_demo_db, children_reads
):
    with Workspace.open(clean_demo_db, clock=CLOCK) as ws:
        presenter = MainPresenter(ws, FakeView(), clock=CLOCK)
        presenter.start(PERIOD)
        assert presenter.editable, "the demo city enters its own figures by quarter"
        children = {child.unit.code: child.stored[CODE] for child in ws.consolidated.figures(PERIOD).children}
        assert len(children) == 9
        first = children_reads[PERIOD]
        assert first >= 1

        for typed in (1000, 1001, 1002):
            assert presenter.commit_field(CODE, str(typed)) is True
            assert _shown_total(ws) == typed + sum(children.values())  # the sum follows the keystroke
        assert children_reads[PERIOD] == first  # three keystrokes, the children not read again

        ws.entry.set_values(PERIOD, {CODE: 600}, unit_code="XA-SADEC-ANHOA")  # an import, another clerk
        children["XA-SADEC-ANHOA"] = 600
        assert presenter.commit_field(CODE, "1003") is True
        assert _shown_total(ws) == 1003 + sum(children.values())  # the child's new figure is in the total
        assert children_reads[PERIOD] == first + 1


def test_a_ward_without_children_reads_no_childrens_side(tmp_path, children_reads):
    with Workspace.open(tmp_path / "ward.sqlite", create=True, clock=CLOCK) as ws:
        ws.units.init_unit(code="P-ANHOA", name="UBND phường An Hòa", frequency="month", level="xa")
        ws.entry.set_values("2023-08", {CODE: "4"})
        assert ws.consolidated.figures("2023-08").total[CODE] == 4
    assert not children_reads


def test_a_childs_figure_written_inside_the_parents_action_is_in_its_next_total(clean_demo_db):
    with Workspace.open(clean_demo_db, clock=CLOCK) as ws, ws.ctx.action():  # one action, as an import's
        before = _shown_total(ws)
        child = next(c for c in ws.consolidated.figures(PERIOD).children if c.unit.code == "XA-SADEC-ANHOA")
        ws.entry.set_values(PERIOD, {CODE: child.stored[CODE] + 100}, unit_code="XA-SADEC-ANHOA")
        assert _shown_total(ws) == before + 100
