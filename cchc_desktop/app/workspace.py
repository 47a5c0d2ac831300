"""Workspace: open a database and read, store, check, explain, submit and reopen a unit's periods."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cchc_desktop.app import narratives, paths
from cchc_desktop.app.errors import UserError
from db import backup as db_backup
from db import store
from db.connection import close_database, open_database
from db.models import Unit
from forms.aggregate import aggregate_time, aggregate_units
from forms.catalog import DEFAULT_VERSION, Template, load_template
from forms.computed import compute
from forms.errors import ValueInputError
from forms.numbers import format_datetime
from forms.periods import Period, parse_period
from forms.rules import CheckContext, Violation, distinct_violations, evaluate
from forms.values import from_storage, parse_value, to_storage

log = logging.getLogger(__name__)

LEVELS = {"xa": "cấp xã", "huyen": "cấp huyện", "tinh": "cấp tỉnh"}
FREQUENCIES = {"month": "tháng", "quarter": "quý"}
UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "body",
    "level",
    "frequency",
    "place",
    "parent_code",
    "parent_name",
    "signer_name",
    "signer_title",
    "authority_line",
    "recipients",
    "valid_from",
    "valid_to",
)


@dataclass(frozen=True)
class UnitInfo:
    """A plain snapshot of a unit for the views and exports."""

    code: str
    name: str
    level: str = "xa"
    frequency: str = "month"
    short_name: str = ""
    body: str = ""
    place: str = ""
    parent_code: str = ""
    parent_name: str = ""
    signer_name: str = ""
    signer_title: str = ""
    authority_line: str = ""
    recipients: tuple[str, ...] = field(default_factory=tuple)
    valid_from: str = ""
    valid_to: str = ""
    is_self: bool = False

    @classmethod
    def of(cls, unit: Unit) -> UnitInfo:
        data = {name: getattr(unit, name) for name in UNIT_FIELDS if name != "recipients"}
        return cls(recipients=tuple(store.unit_recipients(unit)), is_self=bool(unit.is_self), **data)


class Workspace:
    """One open database: the single door to the data for the command line and the window."""

    def __init__(self, path, template: Template):
        self.path = path
        self.template = template

    # ----- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, create: bool = False) -> Workspace:
        """Open (or with create=True, create) the database; upgrades its schema, daily backup."""
        db_path = paths.default_db_path(path)
        open_database(db_path, create=create, backup_dir=paths.backups_dir(db_path))
        version = store.get_setting("template_version", "") or DEFAULT_VERSION
        if not store.get_setting("template_version", ""):
            store.put_setting("template_version", version)
        return cls(db_path, load_template(version))

    def close(self) -> None:
        close_database()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----- units ---------------------------------------------------------------------------
    def has_unit(self) -> bool:
        return store.self_unit() is not None

    def _self(self) -> Unit:
        unit = store.self_unit()
        if unit is None:
            raise UserError(
                f"Cơ sở dữ liệu {self.path} chưa có đơn vị báo cáo. Hãy khai báo bằng lệnh "
                '"cchc init --unit-code … --unit-name …" hoặc mở dữ liệu mẫu bằng "cchc demo".'
            )
        return unit

    def _unit(self, code: str | None) -> Unit:
        if not code:
            return self._self()
        unit = store.unit_by_code(code)
        if unit is None:
            raise UserError(f'Không có đơn vị mã "{code}" trong cơ sở dữ liệu.')
        return unit

    def self_unit(self) -> UnitInfo:
        return UnitInfo.of(self._self())

    def unit(self, code: str | None = None) -> UnitInfo:
        return UnitInfo.of(self._unit(code))

    def units(self) -> list[UnitInfo]:
        return [UnitInfo.of(unit) for unit in store.all_units()]

    def children(self, code: str | None = None) -> list[UnitInfo]:
        return [UnitInfo.of(unit) for unit in store.children_of(self._unit(code))]

    def init_unit(self, *, force: bool = False, **fields) -> UnitInfo:
        """Declare this installation's unit; refused if one exists unless force."""
        fields = {key: value for key, value in fields.items() if value is not None}
        _validate_unit_fields(fields)
        current = store.self_unit()
        if current is not None and not force:
            raise UserError(
                f'Cơ sở dữ liệu đã có đơn vị "{current.name}" (mã {current.code}). '
                "Dùng --force nếu thật sự muốn khai báo lại."
            )
        if current is not None and current.code != fields["code"]:
            clash = store.unit_by_code(fields["code"])
            if clash is not None:
                raise UserError(f'Mã đơn vị "{fields["code"]}" đã được dùng cho đơn vị "{clash.name}".')
            store.rename_unit_code(current.code, fields["code"])
        return UnitInfo.of(store.save_unit(fields, is_self=True))

    def update_unit(self, code: str | None = None, **fields) -> UnitInfo:
        """Change a unit's settings (name, signer, recipients …); the code stays."""
        unit = self._unit(code)
        fields = {key: value for key, value in fields.items() if key in UNIT_FIELDS and key != "code"}
        _validate_unit_fields({"code": unit.code, "name": fields.get("name", unit.name), **fields})
        fields["code"] = unit.code
        return UnitInfo.of(store.save_unit(fields, is_self=bool(unit.is_self)))

    def add_child(self, **fields) -> UnitInfo:
        """Add (or update) a child unit of this unit."""
        parent = self._self()
        fields.setdefault("parent_code", parent.code)
        fields.setdefault("parent_name", parent.name)
        _validate_unit_fields(fields)
        return UnitInfo.of(store.save_unit(fields, is_self=False))

    # ----- periods -------------------------------------------------------------------------
    def period(self, text: str) -> Period:
        return parse_period(text)

    def locked_by(self, unit: Unit, period: Period) -> str | None:
        """The submitted report period that locks `period`, if any."""
        for text in store.submitted_periods(unit):
            submitted = parse_period(text)
            if submitted == period or submitted.contains(period):
                return text
        return None

    def status(self, period: str, unit_code: str | None = None) -> dict:
        """Status of a report period: open/submitted, who and when, and its cut-off dates."""
        unit = self._unit(unit_code)
        parsed = self.period(period)
        row = store.status_of(unit, str(parsed))
        start, end = parsed.cutoff()
        return {
            "period": str(parsed),
            "label": parsed.label(),
            "status": row.status if row else "open",
            "by": row.author if row else "",
            "at": row.at.isoformat(sep=" ") if row else "",
            "reason": row.reason if row else "",
            "locked_by": self.locked_by(unit, parsed),
            "cutoff_start": start.isoformat(),
            "cutoff_end": end.isoformat(),
        }

    def completeness(self, period: str) -> list[dict]:
        """For each child unit: whether figures for the period were received, and when."""
        parsed = self.period(period)
        result = []
        for child in store.children_of(self._self()):
            short = parsed.is_shorter_than_entry(child.frequency)
            entries = [] if short else [str(p) for p in parsed.entry_periods(child.frequency)]
            stamp = store.last_update(child, entries + [str(parsed)])
            result.append(
                {
                    "code": child.code,
                    "name": child.name,
                    "received": stamp is not None,
                    "received_at": stamp.isoformat(sep=" ") if stamp else "",
                }
            )
        return result

    # ----- values --------------------------------------------------------------------------
    def set_values(self, period: str, assignments: Mapping[str, object], unit_code: str | None = None) -> int:
        """Parse, validate and store values all-or-nothing; returns how many values changed."""
        unit = self._unit(unit_code)
        parsed = parse_period(period)
        problems: list[str] = []
        changes: dict[str, str | None] = {}
        for code, raw in assignments.items():
            try:
                indicator = self._writable(code)
                self._check_period_for(unit, parsed, indicator.type == "text")
                value = parse_value(indicator, raw)
            except (ValueInputError, UserError) as exc:
                problems.append(str(exc))
                continue
            if indicator.type == "text" and value:
                found = narratives.check_text(self, code, value)
                if found:
                    problems.extend(found)
                    continue
            changes[code] = None if value is None else to_storage(value)
        lock = self.locked_by(unit, parsed)
        if lock:
            problems.append(
                f"Kỳ {parse_period(lock).label()} đã được gửi (khóa). Muốn sửa số liệu, hãy mở lại kỳ "
                f'đó (lệnh "cchc reopen --period {lock} --reason …").'
            )
        if problems:
            raise UserError("Không lưu giá trị nào vì có lỗi:", _unique(problems))
        return store.write_values(unit, str(parsed), changes, self.template.version)

    def _writable(self, code: str):
        if code in self.template.computed:
            raise UserError(f"“{self.template.label_of(code)}” được chương trình tự tính, không nhập.")
        return self.template.indicator(code)

    def _check_period_for(self, unit: Unit, period: Period, is_text: bool) -> None:
        frequency = unit.frequency
        if is_text:
            self._require_report_period(period, "Phần thuyết minh", "nhập cho")
            return
        if not period.is_entry_period(frequency):
            months = ", ".join(str(p) for p in period.entry_periods(frequency)) if period.kind != "month" else ""
            where = f" Hãy nhập cho từng kỳ: {months}." if months else ""
            raise UserError(
                f"Đơn vị {unit.name} nhập số liệu theo {FREQUENCIES[frequency]}; "
                f"{period.label()} không phải kỳ nhập số liệu.{where}"
            )

    def _require_report_period(self, period: Period, what: str, verb: str) -> None:
        """Refuse a month for what belongs to the report period, naming the period to use."""
        report = narratives.report_period_of(period)
        if report != period:
            raise UserError(
                f"{what} thuộc báo cáo {report.label()}, không thuộc riêng {period.label()}: "
                f"hãy {verb} kỳ {report.short_label()} (--period {report})."
            )

    def _typed(self, texts: Mapping[str, str]) -> dict[str, object]:
        values = {}
        for code, text in texts.items():
            indicator = self.template.indicators.get(code)
            if indicator is not None:
                values[code] = from_storage(indicator, text)
        return values

    def _series(self, unit: Unit, periods: list[Period]) -> dict[Period, dict[str, object]]:
        raw = store.stored_values(unit, [str(p) for p in periods])
        return {p: self._typed(raw[str(p)]) for p in periods}

    def _own_values(self, unit: Unit, period: Period, cache: dict | None = None) -> dict[str, object]:
        """Stored values of an entry period, or aggregated ones of a longer period, plus its texts."""
        if period.is_shorter_than_entry(unit.frequency):
            raise UserError(f"Đơn vị {unit.name} nhập số liệu theo quý; không có số liệu {period.label()}.")
        entries = period.entry_periods(unit.frequency)
        wanted = [p for p in entries + [period] if cache is None or p not in cache]
        if wanted:
            loaded = self._series(unit, wanted)
            if cache is not None:
                cache.update(loaded)
        source = cache if cache is not None else loaded
        if entries == [period]:
            return dict(source[period])
        result = aggregate_time(self.template, [source[p] for p in entries])
        result.update(
            {code: value for code, value in source[period].items() if self.template.indicators[code].type == "text"}
        )
        return result

    def get_values(
        self, period: str, unit_code: str | None = None, consolidated: bool = False, computed: bool = True
    ) -> dict[str, object]:
        """A period's values (aggregated for a longer period), with `rate.*`/`sum.*` when computed."""
        unit = self._unit(unit_code)
        parsed = parse_period(period)
        values = self._own_values(unit, parsed)
        if consolidated:
            values = aggregate_units(self.template, values, self._children_values(unit, parsed))
        if computed:
            values.update(compute(self.template, values))
        return values

    def _children_values(self, unit: Unit, period: Period) -> list[dict[str, object]]:
        """Each child's values for the period (children entering quarterly have none for a month)."""
        return [
            self._own_values(child, period)
            for child in store.children_of(unit)
            if not period.is_shorter_than_entry(child.frequency)
        ]

    def children_with_data(self, period: str) -> list[UnitInfo]:
        """This unit's children that have figures for the period."""
        received = {item["code"] for item in self.completeness(period) if item["received"]}
        return [child for child in self.children() if child.code in received]

    def children_values(self, period: str, unit_code: str | None = None) -> dict[str, object]:
        """The children's figures added up (`units = sum` codes only), without this unit's own."""
        unit = self._unit(unit_code)
        parsed = parse_period(period)
        total = aggregate_units(self.template, {}, self._children_values(unit, parsed))
        return {code: value for code, value in total.items() if self.template.indicators[code].units == "sum"}

    def exchange_values(self, period: str, unit_code: str | None = None) -> list[tuple[str, str, str, str]]:
        """Every stored value behind a report: its entry periods and its own texts, as (code, period, unit, text)."""
        unit = self._unit(unit_code)
        parsed = parse_period(period)
        short = parsed.is_shorter_than_entry(unit.frequency)
        periods = [] if short else [str(p) for p in parsed.entry_periods(unit.frequency)]
        if str(parsed) not in periods:
            periods.append(str(parsed))
        stored = store.stored_values(unit, periods)
        return [(code, p, unit.code, text) for p in periods for code, text in sorted(stored[p].items())]

    def data_version(self) -> int:
        """Grows with every stored change: lets a view keep figures it read until the data changes."""
        return store.data_version()

    def stored_texts(self, period: str, unit_code: str | None = None) -> dict[str, str]:
        """Exactly what is stored for one period (no aggregation), as text."""
        unit = self._unit(unit_code)
        return store.stored_values(unit, [str(self.period(period))])[str(self.period(period))]

    def latest_entry_period(self) -> str | None:
        """The most recent entry period holding figures, if any."""
        unit = self._self()
        periods = []
        for text in store.periods_with_values(unit):
            try:
                period = parse_period(text)
            except ValueInputError:
                continue
            if period.is_entry_period(unit.frequency):
                periods.append(period)
        return str(max(periods)) if periods else None

    def start_narratives(self, period: str) -> str | None:
        """A new report period's texts start as a copy of the previous period's; returns its label if copied."""
        unit = self._self()
        parsed = narratives.report_period_of(parse_period(period))
        if self.locked_by(unit, parsed):
            return None
        texts = narratives.text_codes(self)
        own = store.stored_values(unit, [str(parsed)])[str(parsed)]
        if any(code in own for code in texts):
            return None
        previous = parsed.previous()
        before = store.stored_values(unit, [str(previous)])[str(previous)]
        copied = {code: before[code] for code in texts if code in before}
        if not copied:
            return None
        store.write_values(unit, str(parsed), copied, self.template.version, action="chep_ky_truoc")
        return previous.label()

    # ----- checks --------------------------------------------------------------------------
    def check(self, period: str, unit_code: str | None = None) -> list[Violation]:
        """Every standing violation of the period (and of each entry period inside it), with explanations."""
        unit = self._unit(unit_code)
        parsed = parse_period(period)
        cache: dict[Period, dict[str, object]] = {}
        found = self._check_one(unit, parsed, cache)
        entries = parsed.entry_periods(unit.frequency)
        if entries != [parsed]:
            for entry in entries:
                for violation in self._check_one(unit, entry, cache):
                    violation.period = str(entry)
                    found.append(violation)
        found.extend(narratives.figure_warnings(self, parsed, unit.code))
        report = str(narratives.report_period_of(parsed))
        notes = store.explanations(unit, list(dict.fromkeys([str(parsed), report] + [str(p) for p in entries])))
        for violation in found:
            violation.explanation = (
                notes.get((violation.period or str(parsed), violation.rule))
                or notes.get((str(parsed), violation.rule))
                or notes.get((report, violation.rule), "")
            )
        return found

    def _check_one(self, unit: Unit, period: Period, cache: dict) -> list[Violation]:
        self._prefetch(unit, period, cache)
        values = self._own_values(unit, period, cache)
        previous = self._own_values(unit, period.previous(), cache)
        history, cursor = [], period
        for _ in range(4):
            cursor = cursor.previous()
            history.append(self._own_values(unit, cursor, cache))
        context = CheckContext(period_label=period.label(), previous=previous, history=history)
        if period.is_entry_period(unit.frequency):
            earlier = _previous_entry_same_year(period, unit.frequency)
            if earlier is not None:
                context.previous_entry = self._own_values(unit, earlier, cache)
                context.previous_entry_label = earlier.label()
        return evaluate(self.template, values, context)

    def _prefetch(self, unit: Unit, period: Period, cache: dict) -> None:
        """Load in one query every entry period the checks of `period` will read."""
        wanted: list[Period] = []
        cursor = period
        for _ in range(6):
            wanted.extend(cursor.entry_periods(unit.frequency))
            wanted.append(cursor)
            cursor = cursor.previous()
        missing = [p for p in dict.fromkeys(wanted) if p not in cache]
        if missing:
            cache.update(self._series(unit, missing))

    def open_errors(self, period: str, unit_code: str | None = None) -> list[Violation]:
        """The errors that stand unexplained, each slip once (a month's slip is not repeated by the
        aggregated figures): what blocks submitting, and what the report calls incomplete."""
        found = self.check(period, unit_code)
        return [found[i] for i in distinct_violations(found) if found[i].is_error and not found[i].explanation]

    def explain(self, period: str, rule: str, text: str, unit_code: str | None = None) -> None:
        """Store a giải trình for a standing violation of `rule` in the period."""
        unit = self._unit(unit_code)
        parsed = parse_period(period)
        text = (text or "").strip()
        self._require_report_period(parsed, "Giải trình", "giải trình cho")
        if rule not in {r.id for r in self.template.rules} | {narratives.FIGURE_RULE}:
            raise UserError(f"Không có quy tắc kiểm tra “{rule}” trong mẫu báo cáo {self.template.version}.")
        if not text:
            raise UserError("Nội dung giải trình không được để trống.")
        lock = self.locked_by(unit, parsed)
        if lock:
            raise UserError(f"Kỳ {parse_period(lock).label()} đã được gửi (khóa); hãy mở lại trước khi giải trình.")
        if not any(v.rule == rule for v in self.check(period, unit.code)):
            raise UserError(f"Không có sai sót nào của quy tắc này trong {parsed.label()}; không cần giải trình.")
        store.save_explanation(unit, str(parsed), rule, text)

    def submit(self, period: str) -> None:
        """Lock a report period; refused while an unexplained error stands."""
        unit = self._self()
        parsed = parse_period(period)
        self._require_report_period(parsed, "Việc gửi báo cáo", "gửi")
        row = store.status_of(unit, str(parsed))
        if row is not None and row.status == "submitted":
            raise UserError(
                f"{sentence_case(parsed.label())} đã được gửi lúc {format_datetime(row.at)} (người gửi: {row.author})."
            )
        open_errors = self.open_errors(period)
        if open_errors:
            raise UserError(
                f"Chưa thể gửi {parsed.label()}: còn {len(open_errors)} lỗi chưa sửa hoặc chưa giải trình:",
                [violation_text(v) for v in open_errors],
            )
        store.set_status(unit, str(parsed), "submitted")

    def reopen(self, period: str, reason: str) -> None:
        """Unlock a submitted report period; the reason is logged."""
        unit = self._self()
        parsed = parse_period(period)
        reason = (reason or "").strip()
        report = narratives.report_period_of(parsed)
        if report != parsed:
            raise UserError(
                f"{sentence_case(parsed.label())} thuộc báo cáo {report.label()}: hãy mở lại "
                f"{report.label()} (--period {report})."
            )
        if not reason:
            raise UserError("Phải nêu lý do mở lại kỳ báo cáo.")
        row = store.status_of(unit, str(parsed))
        if row is None or row.status != "submitted":
            raise UserError(f"{sentence_case(parsed.label())} chưa được gửi nên không cần mở lại.")
        store.set_status(unit, str(parsed), "open", reason)

    # ----- settings ------------------------------------------------------------------------
    def setting(self, key: str, default: str = "") -> str:
        return store.get_setting(key, default)

    def settings_starting(self, prefix: str) -> dict[str, str]:
        return store.settings_starting(prefix)

    def put_setting(self, key: str, value: str) -> None:
        store.put_setting(key, value)

    # ----- backup --------------------------------------------------------------------------
    def backup(self, dest: str | Path | None = None) -> Path:
        """Online backup (an SQLite file) to dest, or into the backups folder."""
        if dest is None:
            return db_backup.make_backup(reason="thu-cong")
        return db_backup.backup_to(Path(dest))

    def restore(self, source: str | Path) -> Path:
        """Replace the data with a backup (verified first); the current data is backed up first."""
        return db_backup.restore_from(Path(source))


def violation_text(violation: Violation) -> str:
    """A violation for a person: its period (when a month inside the report) and its message."""
    if violation.period:
        return f"{parse_period(violation.period).short_label()}: {violation.message}"
    return violation.message


def sentence_case(text: str) -> str:
    """Upper-case the first letter only (`quý III` → `Quý III`, unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def _previous_entry_same_year(period: Period, frequency: str) -> Period | None:
    earlier = period.previous() if period.kind in ("month", "quarter") else None
    if earlier is None or earlier.year != period.year:
        return None
    return earlier if earlier.is_entry_period(frequency) else None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _validate_unit_fields(fields: Mapping[str, object]) -> None:
    code = str(fields.get("code", "")).strip()
    name = str(fields.get("name", "")).strip()
    if not name:  # in the order of the form: the name comes first
        raise UserError("Tên đơn vị không được để trống.")
    if not code:
        raise UserError("Mã đơn vị không được để trống.")
    if any(ch.isspace() for ch in code):
        raise UserError(f'Mã đơn vị "{code}" không được chứa khoảng trắng.')
    level = fields.get("level")
    if level is not None and level not in LEVELS:
        raise UserError(f'Cấp đơn vị "{level}" không hợp lệ; chỉ nhận: xa, huyen, tinh.')
    frequency = fields.get("frequency")
    if frequency is not None and frequency not in FREQUENCIES:
        raise UserError(f'Tần suất nhập "{frequency}" không hợp lệ; chỉ nhận: month (tháng), quarter (quý).')
