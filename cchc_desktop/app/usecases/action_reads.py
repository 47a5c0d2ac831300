"""What one action of a person reads, read once: the snapshot its steps share (issue 20, item 4).

A typed figure stores the value, then redraws the fields, the notes under them, the texts' previews and
the checks; a period switch shows the period, its status and the same again. Each of those steps asks
for the period's values, the unit's children, the drafts, the explanations, the submitted periods. Inside
`Context.action()` they all ask this snapshot: the first asks the database, the others get the same
answer; a write of the action updates it from what was stored (values), or forgets what it changed.

The window's actions ask for it up front (`Checks.read_ahead` → `read_ahead`): the unit's row comes with
its children (`Context.self_row`), the period's values with its giải trình and drafts, two queries in all
(db/ahead.py), so a typed figure costs those two, the write's three (four on a server: its lock) and
nothing after.

It lives only as long as the action: the next action reads again, so what another clerk stored
meanwhile (on a shared PostgreSQL database) is seen at the next keystroke, and a write still compares
what it replaces inside its own transaction (conflicts are never decided on the snapshot).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping

from db import store
from db.records import Unit
from forms.figures import Figures

Rows = list[tuple[str, str, str]]  # (code, text, template version) of one unit's period
AGGREGATED_KEPT = 20_000  # aggregated periods an action keeps (a province's annex: 4 per child, ~6 KB each)

_serials = itertools.count(1)


class ActionReads:
    """The reads of one action, each asked of the database at most once."""

    def __init__(self) -> None:
        self.serial = next(_serials)
        self.writes = 0  # changes this action stored (each one makes the figures read from it new)
        self._values: dict[tuple[int, str], Rows] = {}
        self._read_unkept = False  # values were read and not kept (keep=False): a snapshot all the same
        self._children: dict[str, list[Unit]] = {}
        self._settings: dict[str, dict[str, str]] = {}
        self._explanations: dict[tuple[int, str], dict[str, str]] = {}
        self._submitted: dict[int, list[str]] = {}
        self._statuses: dict[tuple[int, str], object] = {}
        self._versions: dict[str | None, int] = {}
        self._deadlines: dict[str, str] | None = None
        self._aggregated: dict[tuple, Figures] = {}

    # ----- figures made from the values read ------------------------------------------------------------
    def aggregated(self, key: tuple, make: Callable[[], Figures]) -> Figures:
        """A unit's longer period aggregated from its entry periods as read in this action (`key`: the
        unit, the period, the template), made once: an annex's consolidation and its checks of each child
        aggregate the same quarters (a thousand children: 4 000 aggregations of 9 000). A copy each time
        (the caller adds the period's texts to it). Forgotten at any write of the action."""
        found = self._aggregated.get(key)
        if found is None:
            found = make()
            if len(self._aggregated) < AGGREGATED_KEPT:
                self._aggregated[key] = found
        return found.copy()

    # ----- values -------------------------------------------------------------------------------
    def versioned_values(
        self, units: Iterable[Unit], periods: Iterable[str], keep: bool = True
    ) -> dict[tuple[int, str], Rows]:
        """As `store.versioned_values`; the (unit, period) pairs not read yet in one query.

        keep=False: what is read is not kept for the action's later steps (a parent's thousand children
        over the months of an annex's columns: hundreds of MB, each read once)."""
        units, periods = list(units), list(periods)
        wanted = [(unit.id, period) for unit in units for period in periods]
        missing = {pair for pair in wanted if pair not in self._values}
        unkept: dict[tuple[int, str], Rows] = {}
        if missing:
            lacking = [unit for unit in units if any((unit.id, period) in missing for period in periods)]
            lacking_periods = [period for period in periods if any((u.id, period) in missing for u in lacking)]
            read = store.versioned_values(lacking, lacking_periods)
            if keep:
                for pair, rows in read.items():
                    self._values.setdefault(pair, rows)
            else:
                unkept, self._read_unkept = read, True
        return {pair: list(self._values[pair]) if pair in self._values else unkept[pair] for pair in wanted}

    def stored_values(self, unit: Unit, periods: Iterable[str]) -> dict[str, dict[str, str]]:
        """As `store.stored_values`: {period: {code: text}}."""
        periods = list(periods)
        read = self.versioned_values([unit], periods)
        return {period: {code: text for code, text, _ in read[(unit.id, period)]} for period in periods}

    def wrote(self, unit: Unit, period: str, changes: Mapping[str, str | None], version: str) -> None:
        """A write of this action stored `changes` (None: removed): the values read follow it."""
        self.writes += 1
        self._aggregated.clear()
        for excluding in [key for key in self._versions if key != unit.code]:
            del self._versions[excluding]  # only the versions that leave this unit's own changes out stand
        rows = self._values.get((unit.id, period))
        if rows is None:
            return
        by_code = {row[0]: row for row in rows}
        for code, text in changes.items():
            if text is None:
                by_code.pop(code, None)
            elif code not in by_code or by_code[code][1] != text:  # an unchanged text keeps its version
                by_code[code] = (code, text, version)
        self._values[(unit.id, period)] = list(by_code.values())

    def read_ahead(self, unit: Unit, periods: Iterable[str], explained: Iterable[str], prefix: str) -> None:
        """What showing and checking a period asks for, read in ONE query (db.ahead.period_reads): the
        unit's values of `periods`, its giải trình of `explained`, the settings starting with `prefix`
        (the report period's drafts); what this action has read already is not asked again."""
        periods = [period for period in dict.fromkeys(periods) if (unit.id, period) not in self._values]
        explained = [period for period in dict.fromkeys(explained) if (unit.id, period) not in self._explanations]
        drafts = prefix if prefix not in self._settings else None
        if not periods and not explained and drafts is None:
            return
        found = store.period_reads(unit, periods, explained, drafts)
        for period in periods:
            self._values[(unit.id, period)] = found.values[period]
        for period in explained:
            self._explanations[(unit.id, period)] = {}
        for (period, rule), text in found.explanations.items():
            self._explanations[(unit.id, period)][rule] = text
        if drafts is not None:
            self._settings[drafts] = found.settings

    def keep_children(self, unit: Unit, children: list[Unit]) -> None:
        """The unit's children, read with its row (db.ahead.self_and_children): the action's steps ask them here."""
        self._children[unit.code] = list(children)

    # ----- the rest an action's steps ask for ---------------------------------------------------------
    def children_of(self, unit: Unit) -> list[Unit]:
        if unit.code not in self._children:
            self._children[unit.code] = store.children_of(unit)
        return list(self._children[unit.code])

    def settings_starting(self, prefix: str) -> dict[str, str]:
        if prefix not in self._settings:
            self._settings[prefix] = store.settings_starting(prefix)
        return dict(self._settings[prefix])

    def explanations(self, unit: Unit, periods: Iterable[str]) -> dict[tuple[str, str], str]:
        """As `store.explanations`: {(period, rule): text}; the periods not read yet in one query."""
        periods = list(dict.fromkeys(periods))
        missing = [period for period in periods if (unit.id, period) not in self._explanations]
        if missing:
            for period in missing:
                self._explanations[(unit.id, period)] = {}
            for (period, rule), text in store.explanations(unit, missing).items():
                self._explanations.setdefault((unit.id, period), {})[rule] = text
        return {
            (period, rule): text for period in periods for rule, text in self._explanations[(unit.id, period)].items()
        }

    def read_explanations(self, units: Iterable[Unit], periods: Iterable[str]) -> None:
        """Read ahead, in one query, the giải trình of several units (a parent's children) for the periods
        `explanations` will be asked about."""
        periods = list(dict.fromkeys(periods))
        lacking = [unit for unit in units if any((unit.id, p) not in self._explanations for p in periods)]
        if not lacking:
            return
        for unit in lacking:
            for period in periods:
                self._explanations[(unit.id, period)] = {}
        for (unit_id, period, rule), text in store.units_explanations(lacking, periods).items():
            self._explanations[(unit_id, period)][rule] = text

    def submitted_periods(self, unit: Unit) -> list[str]:
        if unit.id not in self._submitted:
            self._submitted[unit.id] = store.submitted_periods(unit)
        return list(self._submitted[unit.id])

    def status_of(self, unit: Unit, period: str):
        key = (unit.id, period)
        if key not in self._statuses:
            self._statuses[key] = store.status_of(unit, period)
        return self._statuses[key]

    def deadline_days(self) -> dict[str, str]:
        if self._deadlines is None:
            self._deadlines = store.deadline_days()
        return dict(self._deadlines)

    def data_version(self, excluding: str | None = None) -> object:
        """The data version the figures read in this action stand for. Once the action has read or
        written values, a token of its own (the figures are then computed from this snapshot, never
        kept for another action); before that, the database's (asked once), which later reads can only
        be newer than."""
        if excluding is not None:
            if excluding not in self._versions:
                self._versions[excluding] = store.data_version(excluding)
            return self._versions[excluding]
        if None in self._versions:
            return self._versions[None]
        if self.writes or self._values or self._read_unkept:
            return ("action", self.serial, self.writes)
        self._versions[None] = store.data_version()
        return self._versions[None]

    def forget(self) -> None:
        """A write of this action changed more than values (a draft, a status) or was refused because
        another clerk changed something: everything is read again."""
        writes = self.writes + 1
        ActionReads.__init__(self)
        self.writes = writes


class _Direct:
    """Outside an action: each question asked of the database (the command line, background jobs)."""

    _ASKED = frozenset(
        (
            "stored_values",
            "children_of",
            "settings_starting",
            "explanations",
            "submitted_periods",
            "status_of",
            "deadline_days",
            "data_version",
        )
    )

    def __getattr__(self, name: str):
        if name in self._ASKED:
            return getattr(store, name)  # looked up at each call: what db.store holds now
        raise AttributeError(name)

    def versioned_values(
        self, units: Iterable[Unit], periods: Iterable[str], keep: bool = True
    ) -> dict[tuple[int, str], Rows]:
        return store.versioned_values(units, periods)  # nothing is kept here whatever `keep` says

    def aggregated(self, key: tuple, make: Callable[[], Figures]) -> Figures:
        return make()  # nothing is kept outside an action

    def wrote(self, unit: Unit, period: str, changes: Mapping[str, str | None], version: str) -> None:
        pass

    def forget(self) -> None:
        pass


# The same questions as an action's reads, asked of db.store (its __getattr__): an ActionReads to its callers.
DIRECT: ActionReads = _Direct()  # type: ignore[assignment]
