"""Narratives belong to the report period; their live figures come from that period's values.

Use cases around a section's report text: which period a text belongs to, the text in force
(stored, copied forward, or generated), the figures the clerk can insert, and the warnings for
figures without a value. `Narratives` receives the use cases it reads through (units, settings, entry,
the consolidated figures); the pure helpers (`text_codes`, `check_text`, …) need none.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc_desktop.app.usecases.consolidated import level_order
from cchc_desktop.app.usecases.context import as_period, report_period_of
from cchc_desktop.app.usecases.report_text import FigureSource, UnitFigures, default_section_text
from exports.sentences import format_figure
from forms.catalog import Template
from forms.codes import at_level, has_level
from forms.errors import UserError
from forms.figures import holds_figures, lacking_text
from forms.live_figures import describe, unknown_figures
from forms.periods import Period, parse_period
from forms.rules import Violation

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from collections.abc import Mapping

    from cchc_desktop.app.usecases.consolidated import ConsolidatedCache
    from cchc_desktop.app.usecases.context import Context
    from cchc_desktop.app.usecases.entry import Entry
    from cchc_desktop.app.usecases.maintenance import Settings
    from cchc_desktop.app.usecases.report_text import Values
    from cchc_desktop.app.usecases.units import Units

FIGURE_RULE = "nx.so_lieu"
DRAFT_NOTE = "Bản đang soạn chưa được lưu."


def draft_key(period: Period, code: str) -> str:
    """Where a text refused at entry is kept until corrected (a setting of the report period)."""
    return f"draft.{period}.{code}"


LOOK_BACK = 4  # periods of the same kind searched for a text to start from


def text_codes(template: Template) -> list[str]:
    return [code for code, indicator in template.indicators.items() if indicator.type == "text"]


def section_of_narrative(template: Template, code: str):
    return next((s for s in template.sections if s.narrative == code), None)


def check_text(template: Template, code: str, text: str) -> list[str]:
    """Problems of a text typed for `code`: live figures the template does not know."""
    unknown = unknown_figures(template, text or "")
    if not unknown:
        return []
    label = template.label_of(code)
    names = ", ".join(unknown)
    return [
        f"{label}: {names} không phải số liệu của mẫu báo cáo. Hãy chèn số liệu bằng nút “Chèn số liệu…”, "
        "sửa lại tên trong ngoặc nhọn, hoặc bỏ ngoặc nhọn nếu đó là chữ thường."
    ]


@dataclass(frozen=True)
class ReportText:
    """The text in force for a narrative code, and where it comes from."""

    code: str
    text: str
    origin: str  # "stored", "copied" (from an earlier period), "generated", "empty"
    source_period: str = ""


def namer(units: dict[str, str]):
    """Names for the ids a partial or derived figure gives: a unit's name (`units`: code → name), an
    entry period's (`tháng 8/2023`), else the id itself."""

    def name_of(key: str) -> str:
        if key in units:
            return units[key]
        try:
            return parse_period(key).short_label().lower()
        except UserError:
            return key

    return name_of


@dataclass(frozen=True)
class FigureChoice:
    """A figure the clerk can insert: the placeholder, its label, and its value now."""

    placeholder: str
    label: str
    shown: str


class Narratives:
    """The report texts of a unit's periods and the live figures they show: stored, copied forward or
    generated; the drafts refused at entry; the warnings of figures without a value."""

    def __init__(self, ctx: Context, units: Units, settings: Settings, entry: Entry, consolidated: ConsolidatedCache):
        self.ctx = ctx
        self.units = units
        self.settings = settings
        self.entry = entry
        self.consolidated = consolidated
        self._sources: dict[tuple, FigureSource] = {}  # the figure source of the latest data version

    def clear(self) -> None:
        """Forget the figures read (a new template set)."""
        self._sources.clear()

    def drafts(self, period: Period) -> dict[str, str]:
        """The report period's drafts, {code: text}, read in one query."""
        prefix = draft_key(period, "")
        return {key[len(prefix) :]: text for key, text in self.settings.starting(prefix).items()}

    def figure_source(self, period: Period, unit_code: str | None = None) -> FigureSource:
        """Figures of a unit's report period: its total, and each unit's own (for `{code@xa}`).

        Read once per change of the data: the checks, the window's texts and previews of one keystroke
        share them (keyed by the data version, so a stored change is always seen)."""
        unit = self.units.unit(unit_code)
        cache = self._sources
        key = (str(period), unit, self.entry.data_version())  # the unit's settings too: its names are words of the text
        if key not in cache:
            cache.clear()
            cache[key] = self._read_figure_source(period, unit)
        return cache[key]

    def _read_figure_source(self, period: Period, unit) -> FigureSource:
        from cchc_desktop.app.usecases.consolidated_total import summed_figures

        summed = summed_figures(self.consolidated, period, unit.code)  # a parent: its children added up by the database
        total: Values
        own: Values
        levels: Mapping[str, Values] | None
        if summed is not None:
            template, total, own, levels = summed.template, summed.total, summed.own, summed.levels
        else:
            # the model's figures, kept for the action; of a parent, the levels' sums it made already (not each
            # child's computed values again: about 90 ms per keystroke for a parent of 100 communes)
            figures = self.consolidated.figures(period, unit.code)
            template, total, own = figures.template, figures.total, figures.own
            levels = {item.level: item.values for item in figures.levels} if figures.has_children else None
        words = {
            "period": period.label(),
            "unit_short": unit.short_name or unit.name,
            "unit_name": unit.name,
            "all_units": template.report.all_units,
        }
        members = [UnitFigures(unit.code, unit.level, own)]
        members += [UnitFigures("", level, values) for level, values in (levels or {}).items()]
        return FigureSource(template, period, total, members, words, levels)

    def report_levels(self, source: FigureSource, unit_code: str | None = None) -> list[str]:
        """Levels whose units have figures in a parent's report, its own level first."""
        own = self.units.unit(unit_code).level
        present = [unit.level for unit in source.units if any(v not in (None, "") for v in unit.values.values())]
        if len(source.units) < 2:
            return []
        levels = [own] + [level for level in level_order(source.template) if level != own and level in present]
        return levels if len(levels) > 1 else []

    def report_text(self, period: Period, code: str, source: FigureSource | None = None) -> ReportText:
        """The text of `code` for a report period: stored, else an earlier period's, else generated."""
        return self.report_texts(period, [code], source)[code]

    def report_texts(
        self, period: Period, codes: list[str], source: FigureSource | None = None
    ) -> dict[str, ReportText]:
        """The texts in force of several codes, each period searched read once for all of them:
        the report period's own, else (typed on a month by an earlier release) its latest month's,
        else the latest of up to LOOK_BACK earlier periods of the same kind, else generated."""
        period = report_period_of(period)
        earlier, cursor = [], period
        for _ in range(LOOK_BACK):
            cursor = cursor.previous()
            earlier.append(cursor)
        found: dict[str, ReportText] = {}
        for place in [period, *reversed(period.months()), *earlier]:
            wanted = [code for code in codes if code not in found]
            if not wanted:
                break
            stored = self.entry.stored_texts(place)
            origin = "stored" if place == period else "copied"
            for code in wanted:
                if code in stored:
                    found[code] = ReportText(code, stored[code], origin, str(place))
        for code in codes:
            if code in found:
                continue
            section = section_of_narrative(self.ctx.template_for(as_period(period)), code)
            if section is None:
                found[code] = ReportText(code, "", "empty")
                continue
            source = source or self.figure_source(period)
            text = default_section_text(section, source, self.report_levels(source))
            found[code] = ReportText(code, text, "generated" if text else "empty")
        return found

    def figure_warnings(self, period: Period, unit_code: str | None = None) -> list[Violation]:
        """A warning for each live figure of the period's texts that has no value, once the period holds
        figures (the unit's own or its units'): an untouched period, whose texts were copied from the
        previous one, has nothing to warn of until a figure is entered."""
        if period != report_period_of(period):
            return []
        template = self.ctx.template_for(as_period(period))
        found = []
        if unit_code is None or unit_code == self.units.self_unit().code:
            waiting = self.drafts(period)
            for code in (code for code in text_codes(template) if code in waiting):
                found.append(
                    Violation(
                        rule=FIGURE_RULE,
                        importance="warning",
                        message=(
                            f"{template.label_of(code)}: bản đang soạn chưa được lưu vì có số liệu không có "
                            "trong mẫu báo cáo; báo cáo vẫn in bản đã lưu trước đó cho đến khi sửa xong."
                        ),
                        codes=(code,),
                    )
                )
        stored = self.entry.stored_texts(period, unit_code)
        texts = {code: stored[code] for code in text_codes(template) if stored.get(code)}
        if not texts:
            return found
        source = self.figure_source(period, unit_code)
        if not any(holds_figures(template, values) for values in (source.total, *(u.values for u in source.units))):
            return found
        name_of = None
        for code, text in texts.items():
            for ref, lacking in source.partial(text):
                name_of = name_of or namer({item.code: item.name for item in self.units.children(unit_code)})
                who = lacking_text(lacking, name_of)
                found.append(
                    Violation(
                        rule=FIGURE_RULE,
                        importance="warning",
                        message=(
                            f"{template.label_of(code)}: số liệu “{describe(template, ref)}” chưa đủ: "
                            f"thiếu số liệu của {who}; báo cáo in tổng của các số đã có. "
                            "Hãy nhập (nhận) đủ số liệu, hoặc sửa câu văn."
                        ),
                        codes=(code,),
                    )
                )
            for ref in source.missing(text):
                found.append(
                    Violation(
                        rule=FIGURE_RULE,
                        importance="warning",
                        message=(
                            f"{template.label_of(code)}: số liệu “{describe(template, ref)}” chưa có giá trị cho "
                            f"{period.label()}; báo cáo sẽ in “…”. Hãy nhập số liệu hoặc bỏ số liệu đó khỏi câu văn."
                        ),
                        codes=(code,),
                    )
                )
        return found

    def figure_choices(self, period: Period, section_key: str) -> list[FigureChoice]:
        """The section's figures (and computed values) with their current values, for “Chèn số liệu”."""
        period = report_period_of(period)
        template = self.ctx.template_for(as_period(period))
        section = template.section(section_key)
        source = self.figure_source(period)
        codes = [code for group in section.groups for code in group.codes]
        codes = [code for code in codes if template.indicators[code].type != "text"]
        codes += [c.code for c in template.computed.values() if c.section == section.id and not has_level(c.code)]
        for table in section.tables:
            totals = [table.sum_code(column.key) for column in table.columns]
            codes += [code for code in totals if code in template.computed]
        choices = []
        levels = self.report_levels(source)
        level = self.units.self_unit().level
        for code in dict.fromkeys(code for code in codes if template.shows(code, level)):
            value = source.total.get(code)
            shown = "" if value in (None, "") else format_figure(template, code, value)
            choices.append(FigureChoice(f"{{{code}}}", template.label_of(code), shown))
            for level in levels:
                level_value = source.level_values(level).get(code)
                if level_value in (None, ""):
                    continue
                choices.append(
                    FigureChoice(
                        f"{{{at_level(code, level)}}}",
                        f"{template.label_of(code)} ({template.level_name(level)})",
                        format_figure(template, code, level_value),
                    )
                )
        return choices
