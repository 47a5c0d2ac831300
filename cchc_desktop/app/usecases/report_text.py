"""The report text of each section: the clerk's prose with live figures, and where it starts from.

A section's text (its narrative code, `nx.cd` …) is one text the clerk owns. Until the clerk writes
one, it is the section's generated sentences with live figures (`{code}`), so a figure has one
source; a period without a text of its own starts from the previous period's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cchc_desktop.app.usecases.consolidated import level_sum
from cchc_desktop.app.usecases.context import sentence_case
from exports.sentences import fill_figures, format_figure, live_from_pattern
from forms.catalog import Section, Template
from forms.codes import at_level
from forms.figures import Figures, is_complete
from forms.live_figures import FigureRef, figure_refs, parse_ref
from forms.periods import Period

# Imported lazily by type only: Workspace imports this module for its checks.
Values = dict[str, object]


@dataclass(frozen=True)
class UnitFigures:
    """One unit's figures for a period, with its level."""

    code: str
    level: str
    values: Values


class FigureSource:
    """Looks up live figures for one unit's report period: `{code}`, `{code@xa}`, `{period}`."""

    def __init__(
        self,
        template: Template,
        period: Period,
        total: Values,
        units: list[UnitFigures],
        words: dict,
        levels: Mapping[str, Values] | None = None,
    ):
        """`levels`: each level's figures when known already (added up by the database); `units` then
        holds the unit's own figures and one entry per level with them."""
        self.template = template
        self.period = period
        self.total = total
        self.units = units
        self.words = words
        self._levels: dict[str, Values] = dict(levels or {})
        self._known = levels is not None

    def level_values(self, level: str) -> Values:
        """The figures of the units of one level: sums for `units = sum`, a shared value for `none`."""
        if level not in self._levels and self._known:
            return {}  # no unit of that level holds figures
        if level not in self._levels:
            units = [unit for unit in self.units if unit.level == level]
            members = [unit.values for unit in units]
            names = [unit.code for unit in units]
            self._levels[level] = level_sum(self.template, members, names, level)  # as the annexes and `get` do
        return self._levels[level]

    def value(self, ref: FigureRef) -> object:
        source = self.level_values(ref.level) if ref.level else self.total
        value = source.get(ref.code)
        return None if value == "" else value

    def lookup(self, name: str) -> str | None:
        """The printed figure, None when it has no value; KeyError for what the template does not know."""
        ref = parse_ref(self.template, name)
        if ref is None:
            raise KeyError(name)
        if ref.is_word:
            return self.template.level_subject(ref.level) if ref.level else self.words.get(ref.code, "")
        value = self.value(ref)
        return None if value is None else format_figure(self.template, ref.code, value)

    def fill(self, text: str) -> str:
        return fill_figures(text, self.lookup)

    def missing(self, text: str) -> list[FigureRef]:
        """The figures of a text that have no value for this period."""
        return [ref for ref in figure_refs(self.template, text) if self.value(ref) is None]

    def partial(self, text: str) -> list[tuple[FigureRef, tuple[str, ...]]]:
        """The figures of a text that are sums some unit or month holding figures lacks a part of,
        with those units or months (printed as added up, like Excel's SUM)."""
        found = []
        for ref in figure_refs(self.template, text):
            values = self.level_values(ref.level) if ref.level else self.total
            if isinstance(values, Figures) and ref.code in values.partial and values.get(ref.code) is not None:
                found.append((ref, values.partial[ref.code]))
        return found

    @property
    def own(self) -> Values:
        """The unit's own figures (the first of `units`)."""
        return self.units[0].values if self.units else {}


def default_section_text(section: Section, source: FigureSource, levels: list[str]) -> str:
    """The section's generated sentences as a starting text, with live figures.

    levels: the unit levels present in a parent's report (its own first); empty or one level → the
    unit's figures are its own. In a parent's report a sentence never puts its units' figures under its
    own name: a group only the unit itself fills is written with its own figures (`{code@own level}`:
    the total of a figure its units did not send is not known); one its units fill too is written with
    its own figures under its name, then once per level of its units with that level's figures and the
    level's units as the subject (`{unit_short@xa}`: "UBND các xã, phường").
    The dossier groups are written once with the totals, then per level; a table its units fill is
    written with `{all_units}` ("UBND các cấp") as the subject. Only whole figures are written: a figure
    nobody entered, or a sum some unit lacks a part of, leaves its part of the sentence out.
    """
    template = source.template
    total = source.total

    def has(values: Values) -> Callable[[str], bool]:
        return lambda code: is_complete(values, code)

    paragraphs: list[str] = []
    children_levels = levels[1:]
    for table in section.tables:
        if table.sentence:
            pattern = table.sentence
            if any(_filled(source.level_values(level), _table_codes(template, table)) for level in children_levels):
                pattern = pattern.replace("{unit_short}", "{all_units}")
            text = live_from_pattern(pattern, template, has(total))
            if text:
                paragraphs.append(text)
                paragraphs.extend(_review_by_cap(table, template, total))
    dossier = [g for g in section.groups if g.codes and g.by_level]
    split = len(levels) > 1
    for group in section.groups:
        if any(template.indicators[code].type == "text" for code in group.codes):
            continue
        if group in dossier and split:
            if group is dossier[0]:
                paragraphs.extend(_dossier_by_level(dossier, source, levels))
            continue
        if not group.sentence or not _filled(total, group.codes):
            continue
        theirs = [level for level in children_levels if _filled(source.level_values(level), group.codes)]
        if not theirs:  # its own figures alone: under its name, as its own (`{code@own level}` in a parent's)
            own_level = levels[0] if levels else ""
            text = live_from_pattern(group.sentence, template, has(source.own if levels else total), own_level)
            if text:
                paragraphs.append(text)
            continue
        paragraphs.extend(_who_did_what(group, source, levels[0], theirs))
    return "\n\n".join(paragraphs)


def _filled(values: Values, codes) -> bool:
    return any(values.get(code) not in (None, "") for code in codes)


def _table_codes(template: Template, table) -> list[str]:
    return [code for code, indicator in template.indicators.items() if indicator.table == table.id]


def _who_did_what(group, source: FigureSource, own_level: str, levels: list[str]) -> list[str]:
    """A group's sentence with the unit's own figures under its name, then once per level of its units
    with that level's figures; a sentence without a subject is labelled with its level instead."""
    template = source.template
    labelled = "{unit_short}" not in group.sentence
    lines = []
    own = source.own
    if _filled(own, group.codes):
        text = live_from_pattern(group.sentence, template, lambda c: is_complete(own, c), own_level)
        if text:
            lines.append(_level_label(template, own_level) + text if labelled else text)
    for level in levels:
        values = source.level_values(level)
        text = live_from_pattern(group.sentence, template, lambda c, v=values: is_complete(v, c), level, level)
        if text:
            lines.append(_level_label(template, level) + text if labelled else text)
    return lines


def _level_label(template: Template, level: str) -> str:
    return f"+ **{sentence_case(template.level_name(level))}:** "


def _review_by_cap(table, template: Template, values: Values) -> list[str]:
    """The table's `cap_sentence` once per cấp whose first column adds up to more than zero, when there
    are two or more such cấp."""
    if not table.cap_sentence or not table.columns:
        return []
    caps = [cap for cap in table.caps if values.get(table.sum_code(table.columns[0].key, cap))]
    if len(caps) < 2:
        return []
    lines = []
    for cap in caps:
        text = live_from_pattern(
            table.cap_sentence, template, lambda code, cap=cap: is_complete(values, at_level(code, cap)), cap
        )
        if text:
            lines.append(f"+ **{template.caps[cap]}:** {text}")
    return lines


def _dossier_by_level(groups, source: FigureSource, levels: list[str]) -> list[str]:
    template = source.template
    lines: list[str] = []
    for group in groups:
        if group.total_sentence:
            text = live_from_pattern(group.total_sentence, template, lambda c: is_complete(source.total, c))
            if text:
                lines.append(text)
    for level in levels:
        values = source.level_values(level)
        body = []
        for group in groups:
            if group.sentence and any(values.get(code) is not None for code in group.codes):
                known = lambda c, v=values: is_complete(v, c)  # noqa: E731
                text = live_from_pattern(group.sentence, template, known, level)
                if text:
                    body.append(f"- {text}")
        if body:
            lines.append(_level_label(template, level).rstrip())
            lines.extend(body)
    return lines
