"""Units use case: this installation's unit and its child units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta

from cchc_desktop.app.usecases import unit_mergers
from cchc_desktop.app.usecases.context import Context, as_period, find_unit
from db import store
from db.records import Unit
from forms.errors import UserError
from forms.numbers import show_date, show_iso_date, typed_date
from forms.periods import Period, parse_period
from forms.safe_text import clean_code, clean_name, normal_code, quoted
from forms.values import check_text

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
    "deadline_day",
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
    replaced_by: str = ""
    deadline_day: str = ""  # a day of the period's last month; "" = the 20th
    is_self: bool = False

    def to_json(self) -> dict:
        """What `cchc units list --json` prints of a unit."""
        return {
            "code": self.code,
            "name": self.name,
            "short_name": self.short_name,
            "level": self.level,
            "frequency": self.frequency,
            "parent": self.parent_code,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "replaced_by": self.replaced_by,
            "deadline_day": int(self.deadline_day) if self.deadline_day else None,
            "is_self": self.is_self,
        }

    @classmethod
    def of(cls, unit: Unit) -> UnitInfo:
        data = {name: getattr(unit, name) for name in UNIT_FIELDS if name != "recipients"}
        return cls(
            recipients=tuple(store.unit_recipients(unit)),
            replaced_by=unit.replaced_by or "",
            is_self=bool(unit.is_self),
            **data,
        )


class Units:
    """Declare, change and list units."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def levels(self) -> dict[str, str]:
        """Every level a unit may have had, {key: "cấp xã"}: to name a unit's level, whatever its period."""
        return self.ctx.templates.level_names()

    def level_choices(self, keep: str = "") -> dict[str, str]:
        """The levels a form offers today: the version in force's (no cấp huyện from 1/7/2025), and `keep`,
        the level of the unit being edited."""
        return self.ctx.templates.level_choices(self.ctx.clock().date(), keep)

    def has_unit(self) -> bool:
        return store.self_unit() is not None

    def self_unit(self) -> UnitInfo:
        return UnitInfo.of(self.ctx.self_row())

    def unit(self, code: str | None = None) -> UnitInfo:
        return UnitInfo.of(self.ctx.unit_row(code))

    def all(self) -> list[UnitInfo]:
        return [UnitInfo.of(unit) for unit in store.all_units()]

    def children(self, code: str | None = None) -> list[UnitInfo]:
        return [UnitInfo.of(unit) for unit in self.ctx.reads.children_of(self.ctx.unit_row(code))]

    def children_valid_in(self, period: Period | str, code: str | None = None) -> list[UnitInfo]:
        """The child units in force during the period (validity dates): the old units for periods before
        a merger, the new unit from its date; a period spanning the date has both."""
        period = as_period(period)
        return [
            UnitInfo.of(unit)
            for unit in self.ctx.reads.children_of(self.ctx.unit_row(code))
            if unit_mergers.valid_in(unit, period)
        ]

    def predecessors(self, code: str) -> list[UnitInfo]:
        """The units a merger replaced by the unit `code` (directly), by code; empty if none."""
        return [UnitInfo.of(unit) for unit in unit_mergers.predecessor_rows(code)]

    def merge(self, into: str, sources, from_date: str) -> tuple[UnitInfo, list[UnitInfo], bool]:
        """Record that the child `into` replaces the children `sources` (codes, or "A,B,C") from
        `from_date` (01/07/2025 or 2025-07-01): each old unit ends the day before, the new one starts that day.
        Refusals change nothing; the same merger recorded again changes nothing either (changed False)."""
        day = unit_mergers.parse_day(from_date)
        new, olds, changed = unit_mergers.record_merge(
            self.ctx.self_row(), str(into or "").strip(), unit_mergers.split_codes(sources), day
        )
        return UnitInfo.of(new), [UnitInfo.of(old) for old in olds], changed

    def init_unit(self, *, force: bool = False, **fields) -> UnitInfo:
        """Declare this installation's unit; refused if one exists unless force."""
        fields = {key: value for key, value in fields.items() if value is not None}
        current = store.self_unit()
        fields = validate_unit_fields(fields, self.levels(), stored_codes(current))
        if current is not None and not force:
            raise UserError(
                f'Cơ sở dữ liệu đã có đơn vị "{current.name}" (mã {current.code}). '
                "Dùng --force nếu thật sự muốn khai báo lại."
            )
        if current is not None and current.code != fields["code"]:
            new_code = str(fields["code"])  # validated: a code
            clash = store.unit_by_code(new_code)
            if clash is not None:
                raise UserError(f'Mã đơn vị "{new_code}" đã được dùng cho đơn vị "{clash.name}".')
            store.rename_unit_code(current.code, new_code)
        return UnitInfo.of(store.save_unit(fields, is_self=True))

    def update_unit(self, code: str | None = None, **fields) -> UnitInfo:
        """Change a unit's settings (name, signer, recipients …); the code stays."""
        unit = self.ctx.unit_row(code)
        fields = {key: value for key, value in fields.items() if key in UNIT_FIELDS and key != "code"}
        checked = validate_unit_fields(
            {"code": unit.code, "name": fields.get("name", unit.name), **fields}, self.levels(), stored_codes(unit)
        )
        fields = {key: checked[key] for key in fields}
        fields["code"] = unit.code
        return UnitInfo.of(store.save_unit(fields, is_self=bool(unit.is_self)))

    def add_child(self, **fields) -> UnitInfo:
        """Declare a new child unit of this unit; a code already used is refused (change it with edit_child)."""
        parent = self.ctx.self_row()
        fields = _cleaned(fields)
        fields.setdefault("level", "xa")
        fields.setdefault("frequency", "month")
        fields.setdefault("parent_code", parent.code)
        fields.setdefault("parent_name", parent.name)
        fields = validate_unit_fields(fields, self.levels(), stored_codes(parent))
        code = str(fields["code"])  # validated: a code
        if code == parent.code:
            raise UserError(
                f'Mã đơn vị "{code}" là mã của chính đơn vị báo cáo ({parent.name}); đơn vị trực thuộc phải có mã khác.'
            )
        existing = store.unit_by_code(code)
        if existing is not None:
            raise UserError(
                f'Mã đơn vị "{code}" đã có ({existing.name}); không thêm lần nữa. '
                f"Muốn thay đổi đơn vị này thì dùng Sửa (dòng lệnh: cchc units edit {code} …)."
            )
        return UnitInfo.of(store.save_unit(fields, is_self=False))

    def edit_child(self, code: str, /, **fields) -> UnitInfo:
        """Change a child unit's name, level, frequency …; its code stays (it keys its figures)."""
        unit = find_unit(code)
        code = unit.code if unit is not None else normal_code(code)
        if unit is None:
            known = ", ".join(child.code for child in self.children()) or "chưa có đơn vị trực thuộc nào"
            raise UserError(f'Không có đơn vị trực thuộc mã "{quoted(code)}" (các mã đã khai báo: {known}).')
        if unit.is_self:
            raise UserError(
                f'Mã "{code}" là đơn vị báo cáo của cơ sở dữ liệu này, không phải đơn vị trực thuộc; '
                "sửa thông tin của nó ở Đơn vị → Thông tin đơn vị (dòng lệnh: cchc init --force)."
            )
        fields = {key: value for key, value in _cleaned(fields).items() if key in UNIT_FIELDS}
        new_code = fields.pop("code", code)
        if new_code != code and normal_code(new_code) != normal_code(code):
            raise UserError(
                f'Không đổi được mã đơn vị "{code}" thành "{quoted(new_code)}": mã gắn với số liệu đã nhập của đơn vị. '
                "Hãy thêm đơn vị mới với mã mới."
            )
        checked = validate_unit_fields(
            {"code": code, "name": fields.get("name", unit.name), **fields}, self.levels(), stored_codes(unit)
        )
        fields = {key: checked[key] for key in fields}
        frequency = fields.get("frequency")
        if frequency and frequency != unit.frequency:
            orphaned = figures_of_other_frequency(unit, frequency)
            if orphaned:
                shown = ", ".join(orphaned[:4]) + (" …" if len(orphaned) > 4 else "")
                raise UserError(
                    f'Không đổi được tần suất nhập của đơn vị "{unit.name}" (mã {code}) sang '
                    f'"{FREQUENCIES[frequency]}": đơn vị đã có số liệu nhập theo {FREQUENCIES[unit.frequency]} '
                    f"({shown}); các số liệu đó sẽ không còn được dùng. Giữ tần suất "
                    f'"{FREQUENCIES[unit.frequency]}", hoặc xóa các số liệu đó trước.'
                )
        fields["code"] = code
        return UnitInfo.of(store.save_unit(fields, is_self=False))


def _cleaned(fields: Mapping[str, object]) -> dict[str, object]:
    """The given fields (None: not given), texts without surrounding spaces; a deadline day `05` as `5`."""
    cleaned = {
        key: value.strip() if isinstance(value, str) else value for key, value in fields.items() if value is not None
    }
    day = cleaned.get("deadline_day")
    if day is not None:
        cleaned["deadline_day"] = str(int(str(day))) if str(day).isdigit() else str(day)
    return cleaned


def figures_of_other_frequency(unit: Unit, frequency: str) -> list[str]:
    """The periods whose stored figures a unit entering by `frequency` would no longer use: its months
    (quarterly entry), or its quarters' figures (monthly entry; a quarter's narrative texts stay in use)."""
    orphaned = []
    periods = sorted(store.periods_with_values(unit))
    stored = store.stored_values(unit, periods) if frequency == "month" else {}
    for text in periods:
        try:
            period = parse_period(text)
        except UserError:
            continue
        if frequency == "quarter" and period.kind == "month":
            orphaned.append(period.label())
        elif frequency == "month" and period.kind == "quarter":
            if any(not code.startswith("nx.") for code in stored.get(text, {})):
                orphaned.append(period.label())
    return orphaned


# The texts of a unit as a person reads their names, with the most characters each may hold.
TEXT_BOUNDS = {
    "name": ("Tên đơn vị", 200),
    "code": ("Mã đơn vị", 50),
    "short_name": ("Tên ngắn của đơn vị", 100),
    "body": ("Tên cơ quan", 200),
    "place": ("Địa danh", 100),
    "parent_code": ("Mã đơn vị cấp trên", 50),
    "parent_name": ("Tên đơn vị cấp trên", 200),
    "signer_name": ("Người ký", 100),
    "signer_title": ("Chức vụ người ký", 200),
    "authority_line": ("Dòng cơ quan chủ quản", 300),
    "recipients": ("Nơi nhận", 2000),
}


CODE_FIELDS = {"code": "Mã đơn vị", "parent_code": "Mã đơn vị cấp trên"}


def stored_codes(unit: Unit | None) -> set[str]:
    """The codes a unit already holds (its own, its parent's): kept as they are, even when written before
    the code alphabet was enforced."""
    return {code for code in (unit.code, unit.parent_code) if code} if unit is not None else set()


def clean_unit_texts(fields: Mapping[str, object], keep: AbstractSet[str] = frozenset()) -> dict[str, object]:
    """The unit's fields as they are stored: codes normalised and, unless already stored (`keep`), in the
    code alphabet; names and the other texts NFC, without invisible characters, refused with a bidi
    override or a control character (ValueInputError naming the field)."""
    cleaned = dict(fields)
    for key, value in fields.items():
        if key in CODE_FIELDS and isinstance(value, str):
            exact = next((code for code in keep if normal_code(code) == normal_code(value)), None)
            cleaned[key] = exact if exact is not None else clean_code(value, CODE_FIELDS[key])
        elif key in TEXT_BOUNDS and isinstance(value, str):
            cleaned[key] = clean_name(value, TEXT_BOUNDS[key][0])
        elif key in TEXT_BOUNDS and isinstance(value, list | tuple):
            cleaned[key] = [clean_name(text, TEXT_BOUNDS[key][0]) for text in value if isinstance(text, str)]
    return cleaned


def check_unit_texts(fields: Mapping[str, object]) -> None:
    """Each text of a unit without control characters and within its bound (ValueInputError names it)."""
    for key, (label, most) in TEXT_BOUNDS.items():
        value = fields.get(key)
        for text in [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []:
            if isinstance(text, str):
                check_text(label, text.strip(), max_chars=most)


def validate_unit_fields(
    fields: Mapping[str, object], levels: Mapping[str, str], keep: AbstractSet[str] = frozenset()
) -> dict[str, object]:
    """The unit's fields checked and cleaned (clean_unit_texts), or a UserError saying what is wrong.
    `keep`: codes already stored, accepted as they are."""
    check_unit_texts(fields)
    fields = clean_unit_texts(fields, keep)
    code = str(fields.get("code", "")).strip()
    name = str(fields.get("name", "")).strip()
    if not name:  # in the order of the form: the name comes first
        raise UserError("Tên đơn vị không được để trống.")
    if not code:
        raise UserError("Mã đơn vị không được để trống.")
    level = fields.get("level")
    if level is not None and level not in levels:
        allowed = ", ".join(f"{key} ({name})" for key, name in levels.items())
        raise UserError(f'Cấp đơn vị "{level}" không hợp lệ; chỉ nhận: {allowed}.')
    frequency = fields.get("frequency")
    if frequency is not None and frequency not in FREQUENCIES:
        raise UserError(f'Tần suất nhập "{frequency}" không hợp lệ; chỉ nhận: month (tháng), quarter (quý).')
    day = str(fields.get("deadline_day") or "").strip()
    if day and not (day.isdigit() and 1 <= int(day) <= 31):
        raise UserError(
            f'Hạn gửi báo cáo "{day}" không hợp lệ: ghi một ngày của tháng cuối kỳ, từ 1 đến 31 (ví dụ 20; '
            "ngày quá cuối tháng tính là ngày cuối tháng); để trống là ngày 20."
        )
    for key, label in (("valid_from", "Ngày bắt đầu hiệu lực"), ("valid_to", "Ngày hết hiệu lực")):
        if fields.get(key) is not None:
            fields[key] = typed_date(str(fields[key]), label)  # 01/07/2025 or 2025-07-01, stored as ISO
    return fields


def _date_text(text: str) -> str:
    return show_iso_date(text)


def outside_validity(unit: Unit, period: Period) -> str | None:
    """Why a unit holds no figures of `period` (it did not exist then: a merger, a later start), or None."""
    if unit_mergers.valid_in(unit, period):
        return None
    validity = unit_validity(UnitInfo.of(unit)).strip().replace("\t", ", ")
    return f"{unit.name} không hoạt động trong {period.label()} ({validity}); số liệu kỳ này thuộc về đơn vị thay thế."


def unit_validity(unit: UnitInfo, predecessors: Sequence[UnitInfo] = ()) -> str:
    """The validity of a unit for a list line (tab-separated parts, each with its leading tab):
    `từ ngày 1/7/2025`, `thay cho P1, P2`, `đến ngày 30/6/2025`, `đã sáp nhập vào SADEC từ 1/7/2025`."""
    parts = []
    if unit.valid_from:
        parts.append(f"từ ngày {_date_text(unit.valid_from)}")
    if predecessors:
        parts.append("thay cho " + ", ".join(f"{old.code} ({old.name})" for old in predecessors))
    if unit.replaced_by:
        try:
            since = show_date(date.fromisoformat(unit.valid_to) + timedelta(days=1))
        except ValueError:
            since = "?"
        parts.append(f"đã sáp nhập vào {unit.replaced_by} từ ngày {since}")
    elif unit.valid_to:
        parts.append(f"đến ngày {_date_text(unit.valid_to)}")
    return "".join(f"\t{part}" for part in parts)
