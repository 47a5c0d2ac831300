"""The main window's list of checks: the standing violations by section, going to one, explaining it.

A part of MainPresenter: it owns the violations shown; what it needs of the window's state (the period, the
report period, the form) it asks through callables, and the moves it makes there (another period or
section, the "saved" line) through callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from cchc_desktop.app.presenters.layout import EXPLANATIONS_KEY, Sections
from cchc_desktop.app.presenters.main_view import NavItem, ViolationItem
from cchc_desktop.app.usecases.checking import where_label
from cchc_desktop.app.usecases.consolidated_checks import child_checks
from forms.errors import UserError
from forms.periods import Period
from forms.rules import Violation, distinct_violations

if TYPE_CHECKING:
    from cchc_desktop.app.usecases.checking import Checks
    from cchc_desktop.app.usecases.entry import Entry
    from cchc_desktop.app.usecases.units import Units


class CheckListView(Protocol):
    def show_navigation(self, items: list[NavItem], current: str) -> None: ...
    def show_violations(self, items: list[ViolationItem]) -> None: ...
    def mark_fields(self, marks: dict[str, tuple[str, str]]) -> None: ...
    def focus_field(self, code: str) -> None: ...
    def ask_text(self, title: str, prompt: str, initial: str = "") -> str | None: ...
    def show_message(self, title: str, text: str, error: bool = False) -> None: ...


CHILDREN_PERIODS_KEPT = 4  # the children's slips of this many periods kept while their data does not change


class CheckListPresenter:
    """The check panel and the marks on the fields; `period`, `report` and `sections` say what the window
    shows now, `choose_period`/`choose_section` move it, `saved` says a giải trình was stored."""

    def __init__(
        self,
        view: CheckListView,
        checks: Checks,
        units: Units,
        entry: Entry,
        *,
        period: Callable[[], Period | None],
        report: Callable[[], Period],
        sections: Callable[[], Sections],
        choose_period: Callable[[str], None],
        choose_section: Callable[[str], None],
        saved: Callable[[], None],
    ):
        self.view, self.checks, self.units, self.entry = view, checks, units, entry
        self.period, self.report, self.sections = period, report, sections
        self.choose_period, self.choose_section, self.saved = choose_period, choose_section, saved
        self.violations: list[Violation] = []
        self.shown: list[int] = []
        self.child_violations: list = []  # a parent's: (child unit, slip), listed after its own
        self._children_seen: dict[tuple, list] = {}  # (period, data version) → the children's slips, last few periods

    def _period(self) -> Period:
        period = self.period()
        assert period is not None  # the window's start() chose it
        return period

    def recheck(self) -> None:
        period, sections = self._period(), self.sections()
        self.violations = self.checks.check(period)
        self.shown = distinct_violations(self.violations)
        counts: dict[str, list[int]] = {spec.key: [0, 0, 0] for spec in sections.specs}
        items: list[ViolationItem] = []
        marks: dict[str, tuple[str, str]] = {}
        for index in self.shown:
            violation = self.violations[index]
            section = sections.of(violation.codes)
            open_error = violation.is_error and not violation.explanation
            if not violation.is_info:  # information (a figure missing) is listed, never counted as a slip
                counts[section][0 if violation.is_error else 1] += 1
            if open_error:
                counts[EXPLANATIONS_KEY][0] += 1
                counts[EXPLANATIONS_KEY][2] += 1
                counts[section][2] += 1
            where = f"{where_label(violation, period.year)}: " if violation.period else ""
            items.append(
                ViolationItem(
                    index=index,
                    importance=violation.importance,
                    text=f"{where}{violation.message}",
                    rule=violation.rule,
                    codes=violation.codes,
                    section=section,
                    explanation=violation.explanation,
                    period=violation.period,
                )
            )
            for code in violation.codes if not violation.is_info else ():
                current = marks.get(code)
                if current is None or (current[0] == "warning" and violation.is_error):
                    marks[code] = (violation.importance, violation.message)
                elif current[0] == violation.importance and violation.message not in current[1]:
                    marks[code] = (current[0], current[1] + "\n" + violation.message)
        items.extend(self._children_items(period, sections))
        nav = [NavItem(spec.key, spec.nav_label, *counts[spec.key]) for spec in sections.specs]
        self.view.show_navigation(nav, sections.shown)
        self.view.show_violations(items)
        self.view.mark_fields(marks)

    def _children_items(self, period: Period, sections: Sections) -> list[ViolationItem]:
        """A parent's window: each child unit's standing slips under its name, as `cchc check` lists
        them (read again only when the data changed). They are the child's to correct or explain."""
        if not self.units.children():  # no child unit, no slips of theirs (the list read once per action)
            self.child_violations = []
            return []
        own = self.units.self_unit().code  # the children's slips change with their figures only
        key = (str(period), self.entry.data_version(excluding=own))
        seen = self._children_seen  # every entry of one data version: a change of it forgets them all
        if key not in seen:
            if any(version != key[1] for _, version in seen):
                seen.clear()
            while len(seen) >= CHILDREN_PERIODS_KEPT:
                del seen[next(iter(seen))]
            seen[key] = [
                (item.unit, violation) for item in child_checks(self.checks, period) for violation in item.violations
            ]
        self.child_violations = seen[key]
        first = len(self.violations)
        items = []
        for number, (unit, violation) in enumerate(self.child_violations):
            where = f"{where_label(violation, period.year)}: " if violation.period else ""
            items.append(
                ViolationItem(
                    index=first + number,
                    importance=violation.importance,
                    text=f"{where}{violation.message}",
                    rule=violation.rule,
                    codes=violation.codes,
                    section=sections.of(violation.codes),
                    explanation=violation.explanation,
                    period=violation.period,
                    unit=unit.name,
                )
            )
        return items

    def _child_violation(self, index: int):
        """(unit, violation) of a child's slip shown at `index`, None for one of this unit's own."""
        offset = index - len(self.violations)
        return self.child_violations[offset] if 0 <= offset < len(self.child_violations) else None

    def _explain_child(self, unit, violation: Violation) -> None:
        """A giải trình entered at the level above for a child's slip, stored for the child's unit."""
        prompt = f"Giải trình cho sai sót của {unit.name}:\n{violation.message}"
        text = self.view.ask_text("Giải trình", prompt, violation.explanation)
        if text is None:
            return
        try:
            self.checks.explain(self.report(), violation.rule, text, unit_code=unit.code)
        except UserError as exc:
            self.view.show_message("Không lưu được giải trình", str(exc), error=True)
            return
        self.saved()
        self._children_seen.clear()
        self.recheck()

    def activate_violation(self, index: int) -> None:
        """Jump to the section and the first field of a violation; a month's violation seen in
        the quarter opens that month. A child's slip has no field here: its text is all there is."""
        if self._child_violation(index) is not None:
            return
        violation = self.violations[index]
        if violation.period and violation.period != str(self.period()):
            self.choose_period(violation.period)
            if violation.period != str(self.period()):
                return
        sections = self.sections()  # the period's form (another period may have another version)
        section = sections.of(violation.codes)
        if section != sections.shown:
            self.choose_section(section)
        target = next((c for c in violation.codes if c in sections.spec(section).codes), None)
        if target:
            self.view.focus_field(target)

    def explain_violation(self, index: int) -> None:
        child = self._child_violation(index)
        if child is not None:
            self._explain_child(*child)
            return
        violation = self.violations[index]
        if violation.is_info:
            self.view.show_message(
                "Không cần giải trình",
                "Đây là thông tin: chưa đủ số liệu để kiểm tra, không phải sai sót. Hãy nhập số liệu còn thiếu nếu có.",
            )
            return
        shared = [self.violations[i] for i in self.shown if self.violations[i].rule == violation.rule]
        prompt = f"Giải trình cho sai sót:\n{violation.message}"
        if len(shared) > 1:
            prompt += (
                f"\n\nGiải trình này dùng chung cho cả {len(shared)} sai sót cùng loại trong "
                f"{self.report().label()} (cùng một quy tắc kiểm tra)."
            )
        text = self.view.ask_text("Giải trình", prompt, violation.explanation)
        if text is None:
            return
        try:
            self.checks.explain(self.report(), violation.rule, text)
        except UserError as exc:
            self.view.show_message("Không lưu được giải trình", str(exc), error=True)
            return
        self.saved()
        self.recheck()
