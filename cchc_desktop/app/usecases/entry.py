"""Entry use case: store a unit's values and read them back, as typed or aggregated."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cchc_desktop.app.usecases import narratives
from cchc_desktop.app.usecases.context import as_period, report_period_of
from cchc_desktop.app.usecases.units import FREQUENCIES, UnitInfo, outside_validity
from db import store
from db.errors import PeriodLocked
from db.records import Unit
from forms.catalog import Template
from forms.errors import UserError, ValueInputError
from forms.periods import Period, parse_period
from forms.values import parse_value, to_storage

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.consolidated import ConsolidatedCache
    from cchc_desktop.app.usecases.context import Context
    from cchc_desktop.app.usecases.reading import Reader


@dataclass(frozen=True)
class UnitParts:
    """A unit's figures of a period beside its children's, and their total."""

    unit: UnitInfo
    own: dict[str, object]
    children: list[tuple[UnitInfo, dict[str, object]]]
    total: dict[str, object]


class Entry:
    """Values typed or loaded for a period, and what is stored."""

    def __init__(self, ctx: Context, reader: Reader, consolidated: ConsolidatedCache):
        self.ctx = ctx
        self.reader = reader
        self.consolidated = consolidated

    def set_values(
        self,
        period: Period | str,
        assignments: Mapping[str, object],
        unit_code: str | None = None,
        expected: Mapping[str, str | None] | None = None,
    ) -> int:
        """Parse, validate and store values all-or-nothing; returns how many values changed.

        `expected` maps codes to the stored text the writer last saw (None: no value); if someone
        changed one since, nothing is stored and ValueConflict says who and when."""
        unit = self.ctx.unit_row(unit_code)
        period = as_period(period)
        template = self.ctx.template_for(period)
        problems: list[str] = []
        changes: dict[str, str | None] = {}
        for code, raw in assignments.items():
            try:
                indicator = self._writable(template, code)
                self._check_period_for(unit, period, indicator.type == "text")
                value = parse_value(indicator, raw)
            except UserError as exc:
                problems.append(str(exc))
                continue
            if indicator.type == "text" and isinstance(value, str) and value:
                found = narratives.check_text(template, code, value)
                if found:
                    problems.extend(found)
                    continue
            changes[code] = None if value is None else to_storage(value)
        outside = None if unit.is_self else outside_validity(unit, period)
        if outside:
            outside = f"{outside} Nếu ngày hoạt động ghi sai, hãy sửa ở Đơn vị → Đơn vị trực thuộc (cchc units edit)."
        if problems or outside:  # a submitted period is said among the other problems (alone, the write says it)
            lock = self.ctx.locked_by(unit, period)
            problems += [self.ctx.locked_text(unit, lock)] if lock else []
            problems += [outside] if outside else []
            raise UserError("Không lưu giá trị nào vì có lỗi:", list(dict.fromkeys(problems)))
        period_id, version = str(period), template.version
        written = self.guarded(lambda: store.write_values(unit, period_id, changes, version, expected=expected))
        self.ctx.reads.wrote(unit, period_id, changes, version)
        return written

    def guarded(self, write: Callable[[], int]) -> int:
        """`write()`, a write of figures: a period submitted meanwhile (refused inside its transaction) is said as
        the clerk's refusal; after any failure (that, another clerk's change, an error) the action reads again."""
        try:
            return write()
        except PeriodLocked as exc:
            self.ctx.reads.forget()
            raise UserError("Không lưu giá trị nào vì có lỗi:", [str(exc)]) from None
        except BaseException:
            self.ctx.reads.forget()
            raise

    @staticmethod
    def _writable(template, code: str):
        if code in template.computed:
            raise UserError(f"“{template.label_of(code)}” được chương trình tự tính, không nhập.")
        return template.indicator(code)

    def check_entry_period(self, unit: Unit, period: Period) -> None:
        """UserError unless the unit enters its figures at `period` (a month of a monthly unit…)."""
        self._check_period_for(unit, period, False)

    def _check_period_for(self, unit: Unit, period: Period, is_text: bool) -> None:
        frequency = unit.frequency
        if is_text:
            self.ctx.require_report_period(period, "Phần thuyết minh", "nhập cho")
            return
        if not period.is_entry_period(frequency):
            months = ", ".join(str(p) for p in period.entry_periods(frequency)) if period.kind != "month" else ""
            where = f" Hãy nhập cho từng kỳ: {months}." if months else ""
            raise UserError(
                f"Đơn vị {unit.name} nhập số liệu theo {FREQUENCIES[frequency]}; "
                f"{period.label()} không phải kỳ nhập số liệu.{where}"
            )

    def set_aside(self, period: Period | str, typed: Mapping[str, str], unit_code: str | None = None) -> None:
        """What a clerk typed and chose not to store (someone else's value kept): kept in the audit
        log, so it can be found again."""
        unit = self.ctx.unit_row(unit_code)
        period = str(as_period(period))
        for code, text in typed.items():
            store.audit("giu_ban_nguoi_khac", unit.code, period, code, old=None, new=text)

    def get_values(
        self,
        period: Period | str,
        unit_code: str | None = None,
        consolidated: bool = False,
        computed: bool = True,
        template: Template | None = None,
    ) -> dict[str, object]:
        """A period's values (aggregated for a longer period), with `rate.*`/`sum.*` when computed;
        named by `template`'s codes (default: the template in force for the period)."""
        if consolidated:  # the one consolidation model's total, the children's sums made by the database
            from cchc_desktop.app.usecases.consolidated_total import consolidated_total

            template = template or self.ctx.template_for(as_period(period))
            total = consolidated_total(self.consolidated, period, unit_code, template)
            return total if computed else {c: v for c, v in total.items() if c not in template.computed}
        unit = self.ctx.unit_row(unit_code)
        return self.reader.values(unit, as_period(period), False, computed, template)

    def with_children(
        self, period: Period | str, unit_code: str | None = None, template: Template | None = None
    ) -> UnitParts:
        """A unit's own values of the period, each child's holding figures, and the consolidated total
        with computed values: read in two queries however many children there are (the breakdown by
        level: `consolidate`)."""
        figures = self.consolidated.figures(period, unit_code, template)
        parts = [(child.unit, child.stored) for child in figures.children]
        return UnitParts(figures.unit, figures.units()[0].stored, parts, figures.total)

    def stored_texts(self, period: Period | str, unit_code: str | None = None) -> dict[str, str]:
        """Exactly what is stored for one period (no aggregation), as text."""
        period = str(as_period(period))
        return self.ctx.reads.stored_values(self.ctx.unit_row(unit_code), [period])[period]

    def exchange_values(self, period: Period | str, unit_code: str | None = None) -> list[tuple[str, str, str, str]]:
        """Every stored value behind a report: its entry periods and its own texts, as (code, period, unit, text)."""
        unit = self.ctx.unit_row(unit_code)
        period = as_period(period)
        short = period.is_shorter_than_entry(unit.frequency)
        periods = [] if short else [str(p) for p in period.entry_periods(unit.frequency)]
        if str(period) not in periods:
            periods.append(str(period))
        stored = store.stored_values(unit, periods)
        return [(code, p, unit.code, text) for p in periods for code, text in sorted(stored[p].items())]

    def data_version(self, excluding: str | None = None) -> object:
        """Grows with every stored change: lets a view keep figures it read until the data changes;
        `excluding`: a unit code whose own changes do not count."""
        return self.ctx.reads.data_version(excluding)

    def latest_entry_period(self) -> Period | None:
        """The most recent entry period holding figures, if any."""
        unit = self.ctx.self_row()
        periods = []
        for text in store.periods_with_values(unit):
            try:
                period = parse_period(text)
            except ValueInputError:
                continue
            if period.is_entry_period(unit.frequency):
                periods.append(period)
        return max(periods) if periods else None

    def start_narratives(self, period: Period | str) -> str | None:
        """A new report period's texts start as a copy of the previous period's; returns its label if copied."""
        unit = self.ctx.self_row()
        report = report_period_of(as_period(period))
        if self.ctx.locked_by(unit, report):
            return None
        texts = narratives.text_codes(self.ctx.template_for(report))
        own = self.ctx.reads.stored_values(unit, [str(report)])[str(report)]
        if any(code in own for code in texts):
            return None
        previous = report.previous()
        before = self.ctx.reads.stored_values(unit, [str(previous)])[str(previous)]
        copied = {code: before[code] for code in texts if code in before}
        if not copied:
            return None
        version = self.ctx.template_for(report).version
        try:
            store.write_values(unit, str(report), copied, version, "chep_ky_truoc")
        except PeriodLocked:  # submitted from elsewhere a moment ago: its texts stay as they were sent
            self.ctx.reads.forget()
            return None
        self.ctx.reads.wrote(unit, str(report), copied, version)
        return previous.label()
