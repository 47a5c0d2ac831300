"""What the clerk does not know: every figure is entered (an entered 0 included), derived, or unknown.

A period's figures are a value map of what is known — entered, aggregated over months or units, and
derived — with the state of each figure beside it (`Figures`):

- **derived**: worked out from an identity rule (`total = part + part + …`, `derive = true` in the
  template) when every other figure of it is known: the one unknown part is the total less the
  known parts (`đúng hạn = 1.236 − 1.200 − 9 = 27`), or the total is the sum of known parts. When the
  known parts already make the total, the unknown parts are 0. An entered figure is never replaced:
  where both exist and disagree, that is the rule's slip.
- **partial**: a sum over months or units where some month or unit that reported lacks the figure
  (Excel's `SUM` of the cells that are filled): printed in the annexes as Excel adds it up, but never
  the base of a rate or a derivation, and named in the window. A partial sum is a lower bound of the
  true figure; a stock taken from an earlier month than the last (`stale`) is not even that.
- **unknown**: absent from the map — never 0.

`missing` names the entry periods of a longer period that hold no figure at all ("thiếu số liệu
tháng 10, 12"): the period's figures are computed from the months entered and say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from forms.model import Rule, Template
from forms.numbers import format_number

ENTERED, DERIVED, PARTIAL, UNKNOWN = "entered", "derived", "partial", "unknown"
MAX_ROUNDS = 8  # identities feed each other (a derived total makes another part derivable); a few rounds suffice


@dataclass(frozen=True)
class Derivation:
    """A figure worked out from an identity: its value, the rule, and the figures it came from."""

    code: str
    value: int | Decimal
    rule: str
    total: str  # the identity's total (its other side when the total itself was derived)
    parts: tuple[str, ...]  # the other figures used
    note: str = ""  # for a figure of a longer period: which months' figures were derived

    def text(self, template: Template, values: Mapping[str, object], name_of=lambda key: key) -> str:
        """`suy ra: Số hồ sơ đã giải quyết − … = 1.236 − 1.200 − 9`, for a person; for a figure added up
        over months or units, which of them held a derived part (`name_of` names them)."""
        if self.note:
            return self.note
        if not self.rule:
            return "gồm số suy ra của " + ", ".join(name_of(key) for key in self.parts)
        if self.code == self.total:
            labels = " + ".join(_short(template, code) for code in self.parts)
            numbers = " + ".join(_number(values.get(code)) for code in self.parts)
            return f"suy ra: {labels} = {numbers}"
        labels = " − ".join(_short(template, code) for code in (self.total, *self.parts))
        numbers = " − ".join(_number(values.get(code)) for code in (self.total, *self.parts))
        return f"suy ra: {labels} = {numbers}"


def _short(template: Template, code: str) -> str:
    return template.label_of(code)


def _number(value: object) -> str:
    return format_number(value) if isinstance(value, int | Decimal) else "…"


SHOWN_NAMES = 3  # a long list of months or units lacking a figure names the first ones and counts the rest


def lacking_text(keys, name_of=lambda key: key) -> str:
    """`UBND Phường 2, UBND Phường 4`, or `UBND phường An Hòa, UBND Phường 1, UBND Phường 2 và 6 đơn vị
    khác`: who lacks a figure (`name_of` names each month or unit id)."""
    names = [name_of(key) for key in keys]
    if len(names) <= SHOWN_NAMES:
        return ", ".join(names)
    noun = "kỳ" if all(name[:1].islower() for name in names) else "đơn vị"  # `tháng 8/2024`, or units
    return f"{', '.join(names[:SHOWN_NAMES])} và {len(names) - SHOWN_NAMES} {noun} khác"


class Figures(dict):
    """A period's known figures (code → value) and how each is known; see the module's docstring.

    A plain value map everywhere a map is read; `derived`, `partial` and `missing` say the rest."""

    def __init__(
        self,
        values: Mapping[str, object] | None = None,
        derived: Mapping[str, Derivation] | None = None,
        partial: Mapping[str, tuple[str, ...]] | None = None,
        missing: Iterable[str] = (),
    ):
        super().__init__(values or {})
        self.derived: dict[str, Derivation] = dict(derived or {})
        self.partial: dict[str, tuple[str, ...]] = dict(partial or {})
        self.missing: tuple[str, ...] = tuple(missing)
        self.over: dict[str, tuple[object, object]] = {}  # shares above 100 %: code → (numerator, denominator)
        self.stale: set[str] = set()  # partial figures that are no lower bound (a stock of an earlier month)

    def state(self, code: str) -> str:
        if self.get(code) in (None, ""):
            return UNKNOWN
        if code in self.partial:
            return PARTIAL
        return DERIVED if code in self.derived else ENTERED

    def complete(self, code: str) -> bool:
        """Known and whole (entered or derived, not a partial sum): what a rate or a sentence may use."""
        return self.get(code) not in (None, "") and code not in self.partial

    def copy(self) -> Figures:
        other = Figures(self, self.derived, self.partial, self.missing)
        other.over = dict(self.over)
        other.stale = set(self.stale)
        return other


def holds_figures(template: Template, values: Mapping[str, object]) -> bool:
    """True when a period (or unit) holds any figure of the template: a value of a numeric or date
    indicator. A narrative alone (one copied forward from the previous period) is not data."""
    return any(
        value is not None and code in template.indicators and template.indicators[code].type != "text"
        for code, value in values.items()
    )


def as_figures(values: Mapping[str, object]) -> Figures:
    """`values` as Figures (a plain map: every value entered)."""
    return values if isinstance(values, Figures) else Figures(values)


def state_of(values: Mapping[str, object], code: str) -> str:
    """The state of a figure in any value map (a plain map's values are entered)."""
    if isinstance(values, Figures):
        return values.state(code)
    return UNKNOWN if values.get(code) in (None, "") else ENTERED


def is_complete(values: Mapping[str, object], code: str) -> bool:
    return values.complete(code) if isinstance(values, Figures) else values.get(code) not in (None, "")


# ----- identities ----------------------------------------------------------------------------------
def derive(template: Template, values: Mapping[str, object]) -> Figures:
    """The figures with every part an identity rule determines worked out (see the module's docstring)."""
    figures = as_figures(values).copy()
    found_equations, touching = _identities(template)
    pending = {index for code in figures if code in touching for index in touching[code]}
    for _ in range(MAX_ROUNDS):
        found: set[str] = set()
        for index in sorted(pending):
            found |= _solve(template, found_equations[index], figures)
        if not found:
            break
        pending = {index for code in found for index in touching.get(code, ())}
    return figures


@dataclass(frozen=True)
class _Equation:
    """sum(left) = sum(right) of an identity rule, with what `_solve` asks of it on every call worked out
    once per template: all its codes, the left side's as a set, the codes no value can be derived for."""

    rule: Rule
    left: tuple[str, ...]
    right: tuple[str, ...]
    codes: tuple[str, ...]
    on_left: frozenset[str]
    fixed: frozenset[str]  # not a number: never derived


_IDENTITIES: dict[int, tuple[Template, list[_Equation], dict[str, list[int]]]] = {}


def identity_groups(template: Template) -> list[tuple[str, ...]]:
    """The codes of each identity equation `derive` solves: a unit holding all or none of each group's
    figures has nothing derived (what the database may add up without reading the unit)."""
    return [equation.codes for equation in _identities(template)[0]]


def _identities(template: Template) -> tuple[list[_Equation], dict[str, list[int]]]:
    """Every identity equation of the template, and for each code the equations it is in (built once
    per template: a consolidation derives the figures of every unit)."""
    cached = _IDENTITIES.get(id(template))
    if cached is None or cached[0] is not template:
        found = [
            _Equation(
                rule,
                left,
                right,
                left + right,
                frozenset(left),
                frozenset(code for code in left + right if not _derivable(template, code)),
            )
            for rule in template.rules
            if rule.derive
            for left, right in equations(template, rule)
        ]
        touching: dict[str, list[int]] = {}
        for index, equation in enumerate(found):
            for code in equation.codes:
                touching.setdefault(code, []).append(index)
        cached = _IDENTITIES[id(template)] = (template, found, touching)
    return cached[1], cached[2]


def equations(template: Template, rule: Rule) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The (left codes, right codes) a rule compares: one pair, or one per table row."""
    if rule.kind != "per_row":
        return [(rule.left, rule.right)]
    table = template.tables[rule.table]
    return [
        (
            tuple(table.cell_code(key, cap, row) for key in rule.left),
            tuple(table.cell_code(key, cap, row) for key in rule.right),
        )
        for cap in table.caps
        for row in template.lists[table.rows_list]
    ]


def _solve(template: Template, equation: _Equation, figures: Figures) -> set[str]:
    """Derive what `sum(left) = sum(right)` determines; the codes newly found."""
    codes = equation.codes
    get = figures.get
    unknown = [code for code in codes if get(code) is None]
    if not unknown or len(unknown) == len(codes):
        return set()
    if figures.partial and not figures.partial.keys().isdisjoint(codes):
        return set()  # a partial sum's true value is unknown: nothing follows from it
    if not equation.fixed.isdisjoint(unknown):
        return set()
    on_left = equation.on_left
    unknown_left = sum(1 for code in unknown if code in on_left)
    if 0 < unknown_left < len(unknown):
        return set()  # unknowns on both sides: not determined
    left, right = equation.left, equation.right
    side, other = (left, right) if unknown_left else (right, left)
    known_here = [code for code in side if code not in unknown]
    rest = sum(figures[code] for code in other) - sum(figures[code] for code in known_here)
    if rest < 0:
        return set()  # the known parts exceed the total: the rule's slip, nothing to derive
    if len(unknown) > 1:
        if rest != 0:
            return set()
        values = {code: _typed(template, code, 0) for code in unknown}  # the known parts make the total
    else:
        values = {unknown[0]: _typed(template, unknown[0], rest)}
    total, parts = _roles(left, right, side, unknown)
    rule_id = equation.rule.id
    for code, value in values.items():
        figures[code] = value
        used = tuple(c for c in parts if c != code and c not in values) if code != total else parts
        figures.derived[code] = Derivation(code, value, rule_id, total if code != total else code, used)
    return set(values)


def _roles(left, right, side, unknown) -> tuple[str, tuple[str, ...]]:
    """(the total, the parts) of an identity, as a person reads it: the one-code side is the total."""
    total_side, parts_side = (left, right) if len(left) <= len(right) else (right, left)
    if len(total_side) == 1 and total_side[0] in unknown:
        return total_side[0], parts_side
    return total_side[0], parts_side


def _derivable(template: Template, code: str) -> bool:
    indicator = template.indicators.get(code)
    return indicator is not None and indicator.type in ("int", "decimal")


def _typed(template: Template, code: str, value) -> int | Decimal:
    return int(value) if template.indicators[code].type == "int" else Decimal(value)
