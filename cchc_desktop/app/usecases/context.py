"""The context every use case shares: the open database, this installation's unit, the template."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from cchc_desktop.app.usecases.action_reads import DIRECT, ActionReads
from db import store
from db.connection import damage_found
from db.errors import PeriodLocked
from db.records import Unit
from db.target import ServerTarget
from forms.catalog import Template, TemplateSet
from forms.errors import UserError, ValueInputError
from forms.periods import Period, parse_period
from forms.safe_text import normal_code, quoted

DEFAULT_DEADLINE_DAY = 20


def find_unit(code: object) -> Unit | None:
    """The unit a person or a file names by `code`: spelled exactly as stored, else normalised (NFC, no
    invisible characters), so `XA-001` followed by U+200B finds XA-001."""
    text = str(code or "")
    unit = store.unit_by_code(text) if text else None
    if unit is None and normal_code(text) and normal_code(text) != text:
        unit = store.unit_by_code(normal_code(text))
    return unit


def as_period(period: Period | str) -> Period:
    """A period given by a person (text) or by the program (a Period): parsed once, at the door."""
    return period if isinstance(period, Period) else parse_period(period)


def report_period_of(period: Period) -> Period:
    """The report period whose narratives, explanations and status a period's view works on.

    Reports are made for a quarter or longer: a month's texts are its quarter's.
    """
    if period.kind == "month":
        return Period("quarter", period.year, (period.index - 1) // 3 + 1)
    return period


def versions_missing(templates: TemplateSet) -> dict[str, Period]:
    """Template versions the stored values use that this PC has not installed, with the earliest
    period holding such a value."""
    missing: dict[str, Period] = {}
    known = [template.version for template in templates.versions()]
    for version, texts in store.versions_other_than(known).items():
        for text in texts:
            try:
                period = parse_period(text)
            except UserError:
                continue
            if version not in missing or _months(period) < _months(missing[version]):
                missing[version] = period
    return missing


def _months(period: Period, last: bool = False) -> int:
    return period.year * 12 + (period.last_month if last else period.first_month)


def _lock_period(unit: Unit, text: str) -> Period:
    """A submitted (locked) period as stored; a text that is no period is damage."""
    try:
        return parse_period(text)
    except ValueInputError:
        raise damage_found(
            f"kỳ đã gửi (khóa) của đơn vị {unit.code} được lưu là “{text[:20]}”, không phải một kỳ báo cáo"
        ) from None


def sentence_case(text: str) -> str:
    """Upper-case the first letter only (`quý III` → `Quý III`, unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


@dataclass
class Context:
    """One open database and the template versions its periods use."""

    path: Path | ServerTarget
    templates: TemplateSet
    missing: dict[str, Period] = field(default_factory=dict)  # versions the data uses, not installed here
    clock: Callable[[], datetime] = datetime.now  # what "today" is (tests inject a fixed clock)

    def __post_init__(self) -> None:
        self.missing = versions_missing(self.templates)
        self._rows: dict[str | None, Unit] | None = None  # unit rows read during the action under way
        self._reads: ActionReads | None = None  # what else the action under way has read

    @contextmanager
    def action(self) -> Iterator[None]:
        """One action of a person (a typed figure, a period switch, an import): the unit rows it names,
        the period's values, the children, drafts, explanations and submitted periods are read once,
        then handed to every step of it (`reads`); forgotten when it ends (the next action reads them
        again, as another clerk may have changed them). Actions nest: the outermost one owns the reads."""
        if self._rows is not None:
            yield
            return
        self._rows = {}
        self._reads = ActionReads()
        try:
            yield
        finally:
            self._rows = None
            self._reads = None

    @property
    def reads(self) -> ActionReads:
        """Where the steps of an action read from: the action's snapshot, or (outside an action) the
        database each time."""
        return self._reads if self._reads is not None else DIRECT

    def reload_templates(self, templates: TemplateSet) -> None:
        """After a template pack is installed: the new versions are used from now on."""
        self.templates = templates
        self.missing = versions_missing(templates)

    def template_for(self, period: Period) -> Template:
        """The template version of a period: the one in force for it (its validity start at or before
        the period), unless the period's report period holds values stored with other versions only —
        then theirs (TemplateSet.for_period): a pack installed later never changes a period's figures.

        A shared database may hold values typed on another PC with a version not installed on this
        one: the periods from its first such value are refused (read or written with the older form
        they would be misread, or overwrite the other clerk's figures through the renamed codes)."""
        for version, since in self.missing.items():
            if _months(period, last=True) >= _months(since):
                raise UserError(
                    f"Cơ sở dữ liệu có số liệu nhập theo mẫu báo cáo phiên bản {version} (từ {since.label()}) "
                    f"mà máy này chưa cài. Hãy cài mẫu {version} (Tệp → Cài mẫu báo cáo…, hoặc lệnh "
                    f"cchc template install) rồi mở lại {period.label()}."
                )
        in_force = self.templates.for_period(period)
        report = report_period_of(period)
        last = f"{report.year}-{report.last_month:02d}"
        # A version valid only after the report period can hold none of its values (a value is stored with a
        # version in force for its period): 2025.1 is not asked about in 2023's periods.
        others = [
            template.version
            for template in self.templates.versions()
            if template is not in_force and template.valid_from <= last
        ]
        if not others:
            return in_force
        scope = [str(inner) for inner in report.inner()]
        holding = store.versions_in(scope, others)
        if not holding or store.versions_in(scope, [in_force.version]):
            return in_force
        return self.templates.for_period(period, holding)

    @property
    def template(self) -> Template:
        """The template in force this month: for what has no period yet (a new window, a new unit)."""
        today = self.clock().date()
        return self.templates.for_period(Period("month", today.year, today.month))

    # ----- units ---------------------------------------------------------------------------
    def self_row(self) -> Unit:
        rows = self._rows
        if rows is not None and None in rows:
            return rows[None]
        if rows is None:
            return self._checked_self_row(store.self_unit())
        # An action: the unit's children come with its row (one query), kept for the action's steps.
        found, children = store.self_and_children()
        unit = self._checked_self_row(found)
        self.reads.keep_children(unit, children)
        rows[None] = rows[unit.code] = unit  # named by its code too
        return unit

    def _checked_self_row(self, unit: Unit | None) -> Unit:
        if unit is None and store.unit_count():  # units, none of them this installation's: damage
            raise damage_found(
                f"trong {store.unit_count()} đơn vị đã lưu, không đơn vị nào được ghi là đơn vị báo cáo của máy này",
                'khai báo lại đơn vị báo cáo: cchc init --unit-code MÃ --unit-name "TÊN" (dùng đúng mã cũ của '
                "đơn vị, số liệu của mã đó được giữ nguyên)",
            )
        stray = store.stray_value()
        if stray:
            raise damage_found(stray)
        if unit is None:
            raise UserError(
                f"Cơ sở dữ liệu {self.path} chưa có đơn vị báo cáo. Hãy khai báo bằng lệnh "
                '"cchc init --unit-code … --unit-name …" hoặc mở dữ liệu mẫu bằng "cchc demo".'
            )
        return unit

    def remember_rows(self, units: Iterable[Unit]) -> None:
        """Rows just read (a parent's children): inside an action, `unit_row` answers from them."""
        if self._rows is not None:
            for unit in units:
                self._rows.setdefault(unit.code, unit)

    def unit_row(self, code: str | None) -> Unit:
        if not code:
            return self.self_row()
        rows = self._rows
        if rows is not None and code in rows:
            return rows[code]
        unit = find_unit(code)
        if unit is None:
            raise UserError(f'Không có đơn vị mã "{quoted(code)}" trong cơ sở dữ liệu.')
        if rows is not None:
            rows[code] = rows[unit.code] = unit
            if unit.is_self:
                rows[None] = unit
        return unit

    # ----- report periods ------------------------------------------------------------------
    def submitted(self, unit: Unit, texts: list[str] | None = None) -> list[Period]:
        """The report periods the unit submitted (locked); one stored as a text that is no period is damage.
        `texts`: the unit's submitted periods as just read (else they are read here)."""
        return [_lock_period(unit, text) for text in (self.reads.submitted_periods(unit) if texts is None else texts)]

    def locked_by(self, unit: Unit, period: Period) -> Period | None:
        """The submitted report period that locks `period` (the same period or one containing it), if any."""
        for text in self.reads.submitted_periods(unit):
            if text == str(period):
                return _lock_period(unit, text)
            try:
                lock = parse_period(text)
            except UserError:
                continue
            if lock.contains(period):
                return lock
        return None

    def deadline(self, unit_code: str, period: Period) -> date:
        """When a unit's report of `period` is due: the day of the last month set for the unit
        (its deadline day), else the 20th."""
        return self.deadlines(period)(unit_code)

    def deadlines(self, period: Period):
        """The deadline of each unit's report of `period`, the units' deadline days read in one query."""
        days = self.reads.deadline_days()

        def of(unit_code: str) -> date:
            text = days.get(unit_code, "")
            return period.deadline(int(text) if text.isdigit() else DEFAULT_DEADLINE_DAY)

        return of

    def locked_text(self, unit: Unit, lock: Period, what: str = "số liệu") -> str:
        """Why a locked period refuses a change (`what`: số liệu, giải trình): who submitted it and
        when, and the way out; the very words a write refused inside its transaction says."""
        row = self.reads.status_of(unit, str(lock))
        return str(PeriodLocked(str(lock), lock.label(), row.author if row else "", row.at if row else None, what))

    def require_report_period(self, period: Period, what: str, verb: str) -> None:
        """Refuse a month for what belongs to the report period, naming the period to use."""
        report = report_period_of(period)
        if report != period:
            raise UserError(
                f"{what} thuộc báo cáo {report.label()}, không thuộc riêng {period.label()}: "
                f"hãy {verb} kỳ {report.short_label()} (--period {report})."
            )
