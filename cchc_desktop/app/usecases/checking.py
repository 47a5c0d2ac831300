"""Checking use case: the rules on a period's values, and the giải trình of what stands."""

from __future__ import annotations

from cchc_desktop.app.usecases import narratives
from cchc_desktop.app.usecases.action_reads import DIRECT
from cchc_desktop.app.usecases.consolidated_checks import consolidated_checks
from cchc_desktop.app.usecases.context import as_period, report_period_of
from cchc_desktop.app.usecases.reading import Cache
from db import store
from db.records import Unit
from forms.catalog import Template
from forms.errors import UserError
from forms.periods import Period, parse_period
from forms.rules import SHARE_RULE, CheckContext, Violation, distinct_violations, evaluate, one_per_slip
from forms.values import check_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.consolidated import ConsolidatedCache
    from cchc_desktop.app.usecases.context import Context
    from cchc_desktop.app.usecases.narratives import Narratives
    from cchc_desktop.app.usecases.reading import Reader

HISTORY = 4  # earlier periods the outlier rules compare with
EXPLANATION_CHARS = 10_000  # a giải trình is a few sentences


class Checks:
    """Every standing violation of a period, and the explanations of them."""

    def __init__(self, ctx: Context, reader: Reader, narratives: Narratives, consolidated: ConsolidatedCache):
        self.ctx = ctx
        self.reader = reader
        self.narratives = narratives
        self.consolidated = consolidated

    def check(
        self, period: Period | str, unit_code: str | None = None, cache: Cache | None = None, slips_only: bool = False
    ) -> list[Violation]:
        """Every standing violation of the period (and of each entry period inside it), with explanations;
        each slip once (`one_per_slip`: a month's slip is not repeated by the quarter's figures, nor a
        stock's by each month it stands in).

        cache: the unit's periods already read in the template of the period (see `periods_read`).
        slips_only: without the information items (the figures missing), which cost most of a check's
        messages; the slips are the same, in the same order."""
        unit = self.ctx.unit_row(unit_code)
        period = as_period(period)
        cache = {} if cache is None else cache  # every period read in the template of the period checked
        template = self.ctx.template_for(period)
        found = self._check_one(unit, period, cache, template, slips_only)
        entries = period.entry_periods(unit.frequency)
        if entries != [period]:
            for entry in entries:
                for violation in self._check_one(unit, entry, cache, template, slips_only):
                    violation.period = str(entry)
                    found.append(violation)
        found.extend(self.narratives.figure_warnings(period, unit.code))
        report = str(report_period_of(period))
        notes = self.ctx.reads.explanations(
            unit, list(dict.fromkeys([str(period), report] + [str(p) for p in entries]))
        )
        for violation in found:
            if violation.is_info:
                continue  # information, not a slip: nothing to explain
            violation.explanation = (
                notes.get((violation.period or str(period), violation.rule))
                or notes.get((str(period), violation.rule))
                or notes.get((report, violation.rule), "")
            )
        found = one_per_slip(found, lambda violation: _of_stocks(template, violation.codes))
        found.sort(key=lambda violation: violation.is_info)  # the slips first, numbered as before
        return found

    def _check_one(
        self, unit: Unit, period: Period, cache: Cache, template: Template, slips_only: bool = False
    ) -> list[Violation]:
        reader = self.reader
        self._prefetch(unit, period, cache, template)
        values = reader.own_values(unit, period, cache, template)
        history, cursor = [], period
        for _ in range(HISTORY):
            cursor = cursor.previous()
            history.append(reader.own_values(unit, cursor, cache, template))
        previous = history[0]  # the period before: aggregated once (a parent's annex checks every child)
        names = {str(entry): entry.short_label() for entry in period.entry_periods(unit.frequency)}
        context = CheckContext(
            period_label=period.label(), previous=previous, history=history, names=names, infos=not slips_only
        )
        if period.is_entry_period(unit.frequency):
            earlier = _previous_entry_same_year(period, unit.frequency)
            if earlier is not None:
                context.previous_entry = reader.own_values(unit, earlier, cache, template)
                context.previous_entry_label = earlier.label()
        return evaluate(template, values, context)

    @staticmethod
    def periods_read(unit: Unit, period: Period) -> list[Period]:
        """Every period `check(period)` of the unit reads (to read many units' in one query)."""
        wanted: list[Period] = []
        for checked in dict.fromkeys([period, *period.entry_periods(unit.frequency)]):
            wanted.extend(_history(unit, checked))
        return list(dict.fromkeys(wanted))

    def read_ahead(self, period: Period | str, unit_code: str | None = None) -> None:
        """Inside an action (Context.action): read in one query what showing and checking `period` asks
        for — the unit's values of the period, of those the rules compare it with, of its report period
        and the ones before (whose texts a new report period starts from); the giải trình `check` looks
        up; the report period's drafts. Outside one: nothing."""
        reads = self.ctx.reads
        if reads is DIRECT:
            return
        unit = self.ctx.unit_row(unit_code)
        period = as_period(period)
        report = report_period_of(period)
        earlier = [report]  # the texts in force: the report period's, else an earlier one's (narratives)
        for _ in range(narratives.LOOK_BACK):
            earlier.append(earlier[-1].previous())
        shown = [*period.entry_periods(unit.frequency), *report.entry_periods(unit.frequency), *report.months()]
        wanted = [*self.periods_read(unit, period), *shown, *earlier]
        explained = [period, report, *period.entry_periods(unit.frequency)]  # as `check` looks them up
        reads.read_ahead(
            unit, [str(p) for p in dict.fromkeys(wanted)], [str(p) for p in explained], narratives.draft_key(report, "")
        )

    def _prefetch(self, unit: Unit, period: Period, cache: Cache, template: Template) -> None:
        """Load in one query every entry period the checks of `period` will read."""
        missing = [p for p in _history(unit, period) if p not in cache]
        if missing:
            cache.update(self.reader.series(unit, missing, template))

    def open_errors(self, period: Period | str, unit_code: str | None = None) -> list[Violation]:
        """The errors that stand unexplained, each slip once (a month's slip is not repeated by the
        aggregated figures): what blocks submitting, and what the report calls incomplete."""
        found = self.check(period, unit_code)
        return [found[i] for i in distinct_violations(found) if found[i].is_error and not found[i].explanation]

    def explain(self, period: Period | str, rule: str, text: str, unit_code: str | None = None) -> None:
        """Store a giải trình for a standing violation of `rule` in the period."""
        unit = self.ctx.unit_row(unit_code)
        period = as_period(period)
        text = (text or "").strip()
        self.ctx.require_report_period(period, "Giải trình", "giải trình cho")
        template = self.ctx.template_for(period)
        if rule not in {r.id for r in template.rules} | {narratives.FIGURE_RULE, SHARE_RULE}:
            raise UserError(f"Không có quy tắc kiểm tra “{rule}” trong mẫu báo cáo {template.version}.")
        if not text:
            raise UserError("Nội dung giải trình không được để trống.")
        check_text("Nội dung giải trình", text, max_chars=EXPLANATION_CHARS)
        lock = self.ctx.locked_by(unit, period)
        if lock:
            raise UserError(self.ctx.locked_text(unit, lock, "giải trình"))
        standing = [v for v in self.check(period, unit.code) if not v.is_info]
        if not any(v.rule == rule for v in standing) and not any(
            v.rule == rule for v in consolidated_checks(self.consolidated, period, unit.code)
        ):
            raise UserError(f"Không có sai sót nào của quy tắc này trong {period.label()}; không cần giải trình.")
        store.save_explanation(unit, str(period), rule, text)
        self.ctx.reads.forget()


def _of_stocks(template: Template, codes: tuple[str, ...]) -> bool:
    """Whether a slip is made only of stocks (`time = "last"`): figures that stand as typed until a later
    month changes them, so the same slip in two months is one slip, not two."""
    indicators = [template.indicators.get(code) for code in codes]
    return bool(indicators) and all(i is not None and i.time == "last" and i.is_numeric for i in indicators)


def slips_and_notes(found: list[Violation]) -> tuple[list[Violation], list[Violation]]:
    """The slips of a check (as listed and numbered), and its information items, each once (a month's
    missing figure is not repeated by the quarter's)."""
    slips = [v for v in found if not v.is_info]
    notes = [v for v in found if v.is_info]
    return slips, [notes[i] for i in distinct_violations(notes)]


def violation_text(violation: Violation) -> str:
    """A violation for a person: its period (when a month inside the report) and its message."""
    if violation.period:
        return f"{where_label(violation)}: {violation.message}"
    return violation.message


def where_label(violation: Violation, year: int | None = None) -> str:
    """The entry periods a slip stands in: `Tháng 7/2023`, `Tháng 7, tháng 8/2023` (the same stock
    slip in both); without the year when it is `year`. "" for the whole period's."""
    if not violation.period:
        return ""
    periods = [parse_period(p) for p in (*violation.also, violation.period)]
    labels = [p.short_label() for p in periods]
    last = periods[-1]
    if year == last.year and all(p.year == year for p in periods):
        labels = [label.split("/")[0] for label in labels]
    elif len({p.year for p in periods}) == 1:
        labels = [label.split("/")[0] for label in labels[:-1]] + labels[-1:]
    return ", ".join([labels[0], *(label[:1].lower() + label[1:] for label in labels[1:])])


def _history(unit: Unit, period: Period) -> list[Period]:
    """The period, the ones before it the rules compare with, and their entry periods."""
    wanted: list[Period] = []
    cursor = period
    for _ in range(HISTORY + 2):
        wanted.extend(cursor.entry_periods(unit.frequency))
        wanted.append(cursor)
        cursor = cursor.previous()
    return list(dict.fromkeys(wanted))


def _previous_entry_same_year(period: Period, frequency: str) -> Period | None:
    earlier = period.previous() if period.kind in ("month", "quarter") else None
    if earlier is None or earlier.year != period.year:
        return None
    return earlier if earlier.is_entry_period(frequency) else None
