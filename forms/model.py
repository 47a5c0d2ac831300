"""The template's objects: indicators, groups, tables, computed values, rules, sections, a version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from forms import codes
from forms.errors import ValueInputError
from forms.safe_text import quoted

TYPES = ("int", "decimal", "percent", "date", "text")
TIMES = ("sum", "last", "first", "derived")
UNITS = ("sum", "none")
OPS = ("=", "<=", ">=")
IMPORTANCES = ("error", "warning")
RULE_KINDS = ("compare", "per_row", "carry", "outlier", "ytd")
# What a rule does when some of its figures are unknown (never entered, not derivable):
#   parts: check only what the known figures already decide (for counts: the known parts do not
#          exceed the total), and say which figures are missing as information; the default
#   skip:  check only when every figure is known
#   zero:  count an unknown figure as 0 (for rules where an empty field really means none)
MISSING = ("parts", "skip", "zero")


@dataclass(frozen=True)
class Indicator:
    """One value the form holds: a plain field, a narrative or a table cell."""

    code: str
    label: str
    unit: str
    type: str
    time: str
    units: str
    section: str
    group: str | None = None
    help: str = ""
    indent: int = 0
    table: str | None = None
    cap: str | None = None
    row: str | None = None
    column: str | None = None
    opening: str = ""
    flow: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    def applies(self, level: str | None) -> bool:
        """True when a unit of this level reports the indicator (no levels = every level)."""
        return not self.levels or level is None or level in self.levels

    @property
    def is_numeric(self) -> bool:
        return self.type in ("int", "decimal", "percent")


@dataclass(frozen=True)
class Group:
    """A block of indicators on screen and one sentence in the report."""

    id: str
    title: str
    sentence: str
    codes: tuple[str, ...]
    total_sentence: str = ""
    levels: tuple[str, ...] = ()
    by_level: bool = False  # a parent's report writes it once with totals, then once per level


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str
    type: str


@dataclass(frozen=True)
class Table:
    """A grid of (cấp, list item) rows × columns, e.g. the TTHC review."""

    id: str
    title: str
    section: str
    rows_list: str
    caps: tuple[str, ...]
    time: str
    units: str
    columns: tuple[Column, ...]
    sentence: str = ""
    cap_sentence: str = ""  # one line per cấp after `sentence` when several cấp have rows

    def sum_code(self, column: str, cap: str | None = None) -> str:
        return codes.table_sum(self.id, column, cap)

    def cell_code(self, column: str, cap: str, row: str) -> str:
        return codes.cell_code(self.id, column, cap, row)


@dataclass(frozen=True)
class Computed:
    """A value the program computes: a rate (percent) or a sum.

    A sum needs every operand known; a rate needs its numerator and denominator known, and a share
    (`share`, the default: a part over its whole) above 100 % is a slip, never a result. A table's
    column total (`table` set) adds the rows the table holds: a row with some cell filled and this
    one unknown makes the total incomplete."""

    code: str
    label: str
    kind: str
    num: tuple[str, ...]
    den: tuple[str, ...]
    unit: str
    section: str
    share: bool = True
    table: str = ""  # a table's column total: the table, its column key and cấp (none: over the cấp totals)
    column: str = ""
    cap: str = ""


@dataclass(frozen=True)
class Rule:
    """One consistency check (several checks may share an id)."""

    id: str
    importance: str
    kind: str
    message: str
    section: str
    left: tuple[str, ...] = ()
    op: str = "="
    right: tuple[str, ...] = ()
    missing: str = "parts"
    derive: bool = False  # an identity (total = sum of parts): an unknown figure may be worked out from it
    optional: tuple[str, ...] = ()  # operands that count as 0 when unknown (e.g. rút, trả lại, often not kept)
    tolerance: int | Decimal = 0  # a difference up to this is no slip (a typed rate against the counts: 0,01 point)
    when_any: str = ""
    table: str = ""
    patterns: tuple[str, ...] = ()
    params: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Section:
    id: str
    key: str
    title: str
    short_title: str
    narrative: str
    narrative_label: str
    groups: tuple[Group, ...]
    tables: tuple[Table, ...]
    file: str


@dataclass(frozen=True)
class DossierColumn:
    """A column of Biểu II.06a (PL2): the indicator and its printed number `(3)`."""

    code: str
    number: str


@dataclass(frozen=True)
class ColumnGroup:
    """Columns (by printed number) under one heading of PL2, e.g. (3)–(6) "Số hồ sơ nhận giải quyết"."""

    first: int
    last: int
    title: str


@dataclass(frozen=True)
class ReviewRate:
    """A rate column of PL3: 100 × (sum of `parts`) / `total`, per row."""

    label: str
    parts: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class AnnexFacts:
    """What the annexes print beyond the indicators: Biểu II.06a's columns, PL3's table and rates."""

    dossier_title: str = ""
    dossier_form: str = ""
    dossier_columns: tuple[DossierColumn, ...] = ()
    dossier_groups: tuple[ColumnGroup, ...] = ()
    review_table: str = ""
    review_title: str = ""
    review_rates: tuple[ReviewRate, ...] = ()


@dataclass(frozen=True)
class ReportFacts:
    """The report's own sentences: its subject and its closing sentence (`{period}`, `{unit_name}`);
    `all_units`: the subject of a sentence about figures of a unit and its children together."""

    subject: str = ""
    all_units: str = "UBND các cấp"
    closing: str = ""


@dataclass
class Template:
    """A whole template version: sections, indicators, computed values and rules."""

    version: str
    title: str
    sections: tuple[Section, ...]
    caps: dict[str, str]
    lists: dict[str, dict[str, str]]
    indicators: dict[str, Indicator]
    computed: dict[str, Computed]
    rules: tuple[Rule, ...]
    tables: dict[str, Table]
    valid_from: str = ""  # "2023-01": the first month the version is in force
    renamed: dict[str, str] = field(default_factory=dict)  # old code (earlier version) → code of this version
    levels: dict[str, str] = field(default_factory=dict)  # unit levels, lowest first: slug → "cấp xã"
    parts: dict[str, str] = field(default_factory=dict)  # report parts holding numbered sections: "II" → title
    report: ReportFacts = field(default_factory=lambda: ReportFacts())
    annex: AnnexFacts = field(default_factory=lambda: AnnexFacts())
    level_subjects: dict[str, str] = field(default_factory=dict)  # "xa" → "UBND các xã, phường"
    _matches: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def indicator(self, code: str) -> Indicator:
        """The indicator of a code, or a Vietnamese error naming the unknown code."""
        try:
            return self.indicators[code]
        except KeyError:
            raise ValueInputError(f'Mã chỉ tiêu "{quoted(code)}" không có trong mẫu báo cáo {self.version}.') from None

    def label_of(self, code: str) -> str:
        if code in self.indicators:
            return self.indicators[code].label
        if code in self.computed:
            return self.computed[code].label
        return code

    def unit_of(self, code: str) -> str:
        if code in self.indicators:
            return self.indicators[code].unit
        if code in self.computed:
            return self.computed[code].unit
        return ""

    def section(self, key_or_id: str) -> Section:
        for section in self.sections:
            if key_or_id in (section.key, section.id):
                return section
        raise KeyError(key_or_id)

    def applies(self, code: str, level: str | None) -> bool:
        """Whether a unit of `level` (xa, huyen, tinh) reports `code`; a computed value applies
        when any of its operands does. Unknown codes and `level=None` apply everywhere."""
        if code in self.indicators:
            return self.indicators[code].applies(level)
        if code in self.computed:
            return any(self.applies(operand, level) for operand in self.computed[code].num)
        return True

    def levels_seen(self, level: str | None) -> tuple[str, ...] | None:
        """The levels whose indicators a unit of `level` sees: its own and those below it, whose
        figures it consolidates (`[levels]` is lowest first). None (every level) for no level, or a
        level this template does not know (a unit declared under another version)."""
        if level is None or level not in self.levels:
            return None
        order = list(self.levels)
        return tuple(order[: order.index(level) + 1])

    def shows(self, code: str, level: str | None) -> bool:
        """Whether the forms, the annexes and the figure list of a unit of `level` show `code`: an
        indicator of its level, or of a level below it (a city sees what its communes report)."""
        seen = self.levels_seen(level)
        return seen is None or any(self.applies(code, each) for each in seen)

    def row_label(self, indicator: Indicator) -> str:
        assert indicator.table and indicator.cap and indicator.row  # a table cell's label
        table = self.tables[indicator.table]
        return f"{self.caps[indicator.cap]} / {self.lists[table.rows_list][indicator.row]}"

    def level_name(self, level: str) -> str:
        """`cấp xã`; the slug itself for a level the template does not know."""
        return self.levels.get(level, level)

    def level_subject(self, level: str) -> str:
        """The units of a level as the subject of a sentence: `UBND các xã, phường`."""
        return self.level_subjects.get(level) or f"Các đơn vị {self.level_name(level)}"

    def part_and_number(self, section: Section) -> tuple[str, str | None]:
        """(`II`, `2`) for section II.2: its part (titled in `parts`) and its number inside it; (`III`, None)."""
        return codes.split_section_id(section.id)

    def knows(self, code: str) -> bool:
        return code in self.indicators or code in self.computed

    def codes_matching(self, pattern: str) -> list[str]:
        """Stored codes matching a pattern where `*` stands for any rest of a code."""
        if pattern not in self._matches:
            regex = re.compile("^" + re.escape(pattern).replace(r"\*", ".*") + "$")
            self._matches[pattern] = [code for code in self.indicators if regex.match(code)]
        return self._matches[pattern]
