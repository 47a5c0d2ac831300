"""Figures of Biểu II.06a read from the one-stop system's export instead of retyped (issue 21, item 5).

`preview(file, period)` reads the file and says what would be stored, beside what is stored now, and from which
rows: the total row (or the sum of the rows, said so); at a unit with child units, a row per unit is matched
to the units by code or by name. A file that does not hold good figures for the period is refused with every
reason, nothing stored. `store(plan)` stores what the preview showed, in one transaction, with an audit row
per unit naming the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cchc_desktop.app.usecases.context import as_period
from cchc_desktop.app.usecases.onestop_match import match_unit, period_differs, title_period
from db import store
from exports.onestop_header import TOTALS
from exports.onestop_reader import OneStopSheet, SheetRow, read_onestop
from forms.errors import UserError
from forms.numbers import format_number
from forms.periods import Period
from forms.values import parse_value, to_storage

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms of every start)
if TYPE_CHECKING:
    from cchc_desktop.app.usecases.context import Context
    from cchc_desktop.app.usecases.entry import Entry
    from cchc_desktop.app.usecases.units import Units
    from db.records import Unit
    from forms.catalog import Template

ACTION = "nhap_mot_cua"  # the audit rows of a one-stop import: the file's (its name) and each changed figure


@dataclass(frozen=True)
class Figure:
    code: str
    number: str  # the form's column: "(3)"
    label: str
    stored: str  # the stored text ("" when nothing is stored)
    new: int | None  # None: the file leaves it empty, the stored figure stays

    @property
    def current(self) -> str:
        """The stored figure as the window shows it."""
        return format_number(int(self.stored)) if self.stored.isdigit() else self.stored

    @property
    def new_text(self) -> str:
        """The file's figure as the window shows figures ("1.138"); "" when the file leaves it empty."""
        return "" if self.new is None else format_number(self.new)

    @property
    def changes(self) -> bool:
        return self.new is not None and self.stored != str(self.new)


@dataclass(frozen=True)
class Target:
    """The figures one unit gets from the file."""

    unit_code: str
    unit_name: str
    source: str  # which rows: "dòng Tổng cộng (dòng 14)", "tổng của 4 dòng (dòng 10–13)", "dòng 8: Phường 1"
    figures: tuple[Figure, ...]

    def texts(self) -> dict[str, str]:
        return {figure.code: str(figure.new) for figure in self.figures if figure.changes}


@dataclass
class OneStopPlan:
    path: str
    file_name: str
    period: str
    period_label: str
    by_unit: bool
    targets: list[Target]
    unmatched: list[str] = field(default_factory=list)  # rows about no known unit: not stored
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(len(target.texts()) for target in self.targets)

    def to_json(self) -> dict:
        return {
            "file": self.file_name,
            "period": self.period,
            "by_unit": self.by_unit,
            "units": [
                {
                    "unit": target.unit_code,
                    "name": target.unit_name,
                    "rows": target.source,
                    "values": {figure.code: figure.new for figure in target.figures if figure.new is not None},
                    "current": {figure.code: figure.current for figure in target.figures if figure.current},
                }
                for target in self.targets
            ],
            "unmatched": self.unmatched,
            "notes": self.notes,
            "changed": self.changed,
        }


class OneStop:
    def __init__(self, ctx: Context, entry: Entry, units: Units):
        self.ctx, self.entry, self.units = ctx, entry, units

    def preview(self, path: str | Path, period: Period | str) -> OneStopPlan:
        """What the file would store for the period; a bad file raises UserError with every reason."""
        period = as_period(period)
        sheet = read_onestop(path)
        problems = list(sheet.problems)
        named = title_period(sheet.title)
        other = period_differs(named, period)
        if other:
            problems.append(f"Tệp ghi kỳ “{other}”, khác kỳ đang nhập ({period.label()}).")
        if problems:  # a cell that is not a figure makes every sum meaningless: said alone
            raise UserError(f"Không nhập tệp {sheet.name}, chưa lưu gì:", problems)
        self_unit = self.units.self_unit()
        children = self.units.children_valid_in(period)
        known = [(unit.code, unit.name) for unit in (self_unit, *children)]
        matches = {row.number: match_unit(row.label, row.stt, known) for row in sheet.items}
        matched = [number for number, code in matches.items() if code]
        by_unit = bool(children) and bool(matched) and 2 * len(matched) >= len(sheet.items)
        plan = OneStopPlan(str(path), sheet.name, str(period), period.label(), by_unit, [])
        template = self.ctx.template_for(period)
        if by_unit:
            self._by_unit(sheet, period, template, matches, plan, problems)
        else:
            self._own(sheet, period, template, self_unit.code, plan, problems)
        if named is None:
            plan.notes.append(f"Tệp không ghi kỳ báo cáo: hãy kiểm tra lại đây đúng là số liệu {period.label()}.")
        if problems:
            raise UserError(f"Không nhập tệp {sheet.name}, chưa lưu gì:", list(dict.fromkeys(problems)))
        return plan

    def store(self, plan: OneStopPlan) -> int:
        """Store the plan's figures in one transaction; how many figures changed."""
        period = as_period(plan.period)
        template = self.ctx.template_for(period)
        targets: list[tuple[Unit, Mapping[str, str]]] = []
        for target in plan.targets:
            values: dict[str, str] = {}
            for code, text in target.texts().items():
                value = parse_value(template.indicator(code), text)
                if value is not None:
                    values[code] = to_storage(value)
            if values:
                targets.append((self.ctx.unit_row(target.unit_code), values))
        if not targets:
            return 0
        changed = self.entry.guarded(
            lambda: store.write_file_values(targets, plan.period, template.version, ACTION, plan.file_name)
        )
        for unit, stored in targets:
            self.ctx.reads.wrote(unit, plan.period, dict(stored), template.version)
        return changed

    def _own(
        self, sheet: OneStopSheet, period: Period, template: Template, code: str, plan: OneStopPlan, problems: list[str]
    ) -> None:
        """A row per field (or per unit not known here): the unit's own figures are the total row's, or the
        rows' sum."""
        items, total = sheet.items, sheet.total
        if total is None and not items:
            problems.append("Bảng không có dòng số liệu nào.")
            return
        sums = _sums(items)
        if total is not None:
            if items:
                problems.extend(_total_problems(sheet, total, sums))
            values, source = total.values, f"dòng {total.label or 'tổng cộng'} (dòng {total.number})"
            problems.extend(_row_problems(f"dòng {total.number}", values))
        else:
            values = sums
            source = f"tổng của {len(items)} dòng (dòng {items[0].number}–{items[-1].number})"
            plan.notes.append("Tệp không có dòng tổng cộng: số lưu là tổng các dòng.")
            problems.extend(_row_problems("tổng các dòng", values))
        plan.targets.append(self._target(code, period, template, source, values, problems))

    def _by_unit(
        self, sheet: OneStopSheet, period: Period, template: Template, matches, plan: OneStopPlan, problems: list[str]
    ) -> None:
        items, total = sheet.items, sheet.total
        if total is not None:
            problems.extend(_total_problems(sheet, total, _sums(items)))
        seen: dict[str, int] = {}
        for row in items:
            code = matches[row.number]
            if code is None:
                plan.unmatched.append(f"dòng {row.number}: {row.label or row.stt}")
                continue
            if code in seen:
                problems.append(f"Dòng {row.number} và dòng {seen[code]} cùng là của {row.label}.")
                continue
            seen[code] = row.number
            problems.extend(_row_problems(f"dòng {row.number}", row.values))
            source = f"dòng {row.number}: {row.label}"
            plan.targets.append(self._target(code, period, template, source, row.values, problems))

    def _target(
        self, code: str, period: Period, template: Template, source: str, values, problems: list[str]
    ) -> Target:
        unit = self.ctx.unit_row(code)
        try:
            self.entry.check_entry_period(unit, period)
        except UserError as exc:
            problems.append(str(exc))
        lock = self.ctx.locked_by(unit, period)
        if lock:
            problems.append(self.ctx.locked_text(unit, lock))
        current = self.entry.stored_texts(period, code)
        figures = []
        for column in template.annex.dossier_columns:
            number = int(column.number.strip("()"))
            new = values.get(number)
            if new is None and number in TOTALS and all(values.get(part) is not None for part in TOTALS[number]):
                new = sum(values[part] for part in TOTALS[number])  # a total the file has no column for
            label = template.label_of(column.code)
            figures.append(Figure(column.code, column.number, label, current.get(column.code, ""), new))
        return Target(unit.code, unit.name, source, tuple(figures))


def _sums(rows: list[SheetRow]) -> dict[int, int | None]:
    """Each column's sum over the rows; None where no row has a figure."""
    columns = {number for row in rows for number in row.values}
    sums: dict[int, int | None] = {}
    for number in sorted(columns):
        found = [value for row in rows if (value := row.values.get(number)) is not None]
        sums[number] = sum(found) if found else None
    return sums


def _total_problems(sheet: OneStopSheet, total: SheetRow, sums: dict[int, int | None]) -> list[str]:
    return [
        f"Dòng {total.label or 'tổng cộng'} (dòng {total.number}) không khớp: cột ({number}) ghi "
        f"{format_number(value)} (ô {sheet.cell(total, number)}), cộng các dòng được "
        f"{format_number(sums[number] or 0)}."
        for number, value in sorted(total.values.items())
        if value is not None and sums.get(number) is not None and value != sums[number]
    ]


def _row_problems(where: str, values: Mapping[int, int | None]) -> list[str]:
    """A total column that is not the sum of its parts, in the figures used (a row's, or the rows' sum)."""
    found = []
    for total, parts in TOTALS.items():
        known = [value for part in parts if (value := values.get(part)) is not None]
        stated = values.get(total)
        if stated is None or len(known) < len(parts):
            continue
        if stated != sum(known):
            part_names = " + ".join(f"({part})" for part in parts)
            found.append(
                f"Ở {where}: cột ({total}) là {format_number(stated)} nhưng {part_names} = {format_number(sum(known))}."
            )
    return found
