"""The 2025 mergers: a new unit replaces several old ones from a date; which units are in force in a period.

A merger is stored on the units themselves: each old unit gets `valid_to` = the day before the date
and `replaced_by` = the new unit's code; the new unit gets `valid_from` = the date (unless it already
started earlier, or holds figures of earlier periods: an existing unit that absorbs others).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from cchc_desktop.app.usecases.context import find_unit
from db import store
from db.records import Unit
from forms.errors import UserError, ValueInputError
from forms.numbers import show_date, typed_date
from forms.periods import Period, parse_period
from forms.safe_text import normal_code, quoted


def period_days(period: Period) -> tuple[date, date]:
    """The first and the last day a period covers."""
    last = calendar.monthrange(period.year, period.last_month)[1]
    return date(period.year, period.first_month, 1), date(period.year, period.last_month, last)


def _day_after(text: str) -> str:
    """The day after a stored last day, as shown (`1/7/2025`); "?" when none is stored."""
    day = _day(text)
    return _vn(day + timedelta(days=1)) if day else "?"


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def valid_in(unit: Unit, period: Period) -> bool:
    """True when the unit existed on at least one day of the period (no dates: always)."""
    first, last = period_days(period)
    start, end = _day(unit.valid_from or ""), _day(unit.valid_to or "")
    return (start is None or start <= last) and (end is None or end >= first)


def parse_day(text: str) -> date:
    """The merger's date, typed 01/07/2025 or 2025-07-01, or a clear refusal."""
    text = str(text or "").strip()
    if not text:
        raise UserError("Chưa ghi ngày sáp nhập; hãy gõ ngày/tháng/năm, ví dụ 01/07/2025. Chưa ghi gì.")
    try:
        return date.fromisoformat(typed_date(text, "Ngày sáp nhập"))
    except ValueInputError as exc:
        raise UserError(f"{exc} Chưa ghi gì.") from None


def split_codes(codes: str | Iterable[str]) -> list[str]:
    """`A,B, C` or a list: the codes in order, each once."""
    items = codes.split(",") if isinstance(codes, str) else list(codes)
    seen: dict[str, None] = {}
    for item in items:
        code = str(item).strip()
        if code:
            seen.setdefault(code, None)
    return list(seen)


def _periods_from(unit: Unit, day: date) -> list[Period]:
    """The periods with stored values of `unit` that reach `day` or later, oldest first."""
    found = []
    for text in store.periods_with_values(unit):
        try:
            period = parse_period(text)
        except UserError:
            continue
        if period_days(period)[1] >= day:
            found.append(period)
    return sorted(found)


def _periods_before(unit: Unit, day: date) -> bool:
    for text in store.periods_with_values(unit):
        try:
            if period_days(parse_period(text))[0] < day:
                return True
        except UserError:
            continue
    return False


def _vn(text_or_day) -> str:
    """A date as the window shows it (`01/07/2025`); a stored text that is not a date as it is."""
    day = _day(text_or_day) if isinstance(text_or_day, str) else text_or_day
    return show_date(day) if day is not None else str(text_or_day)


def _shown(periods: list[Period]) -> str:
    labels = [period.label() for period in periods[:3]]
    return ", ".join(labels) + (" …" if len(periods) > 3 else "")


def _child(parent: Unit, code: str, role: str) -> Unit:
    unit = find_unit(code)
    if unit is None or (not unit.is_self and unit.parent_code != parent.code):
        known = ", ".join(child.code for child in store.children_of(parent)) or "chưa có đơn vị trực thuộc nào"
        hint = " Hãy khai báo đơn vị mới trước (cchc units add …, hoặc Thêm… trong cửa sổ)." if role == "mới" else ""
        raise UserError(
            f'Không có đơn vị trực thuộc mã "{quoted(code)}" (đơn vị {role}).{hint} Các mã đã khai báo: {known}. '
            "Chưa ghi gì."
        )
    if unit.is_self:
        raise UserError(
            f'Mã "{code}" là đơn vị báo cáo của cơ sở dữ liệu này ({unit.name}), không phải đơn vị trực thuộc; '
            "chỉ sáp nhập được các đơn vị trực thuộc. Chưa ghi gì."
        )
    return unit


def plan_merge(parent: Unit, into: str, sources: list[str], day: date) -> tuple[Unit, list[Unit], dict]:
    """Check a merger without writing: the new unit, the old units still to change, the new unit's
    changed fields. Raises UserError (nothing written) for every refusal."""
    into = str(into or "").strip()
    if not into:
        raise UserError("Thiếu mã đơn vị mới (--into MÃ). Chưa ghi gì.")
    if not sources:
        raise UserError("Thiếu các đơn vị cũ được sáp nhập (--from MÃ1,MÃ2,…). Chưa ghi gì.")
    new = _child(parent, into, "mới")
    if into in sources:
        raise UserError(
            f'Đơn vị mới "{new.name}" (mã {into}) cũng nằm trong danh sách đơn vị cũ; '
            "một đơn vị không thay cho chính nó. Chưa ghi gì."
        )
    if new.replaced_by:
        raise UserError(
            f'Đơn vị "{new.name}" (mã {into}) đã được sáp nhập vào đơn vị mã {new.replaced_by} '
            f"từ ngày {_day_after(new.valid_to)}; "
            "không nhận thêm đơn vị khác. Chưa ghi gì."
        )
    end = day - timedelta(days=1)
    new_end = _day(new.valid_to or "")
    if new_end is not None and new_end < day:
        raise UserError(
            f'Đơn vị mới "{new.name}" (mã {into}) chỉ hoạt động đến hết ngày {_vn(new.valid_to)}, '
            f"trước ngày sáp nhập {_vn(day)}. Chưa ghi gì."
        )
    olds = [_child(parent, code, "cũ") for code in sources]
    changing = []
    for old in olds:
        if old.replaced_by and old.replaced_by != into:
            raise UserError(
                f'Đơn vị "{old.name}" (mã {old.code}) đã được sáp nhập vào đơn vị mã {old.replaced_by} '
                f"từ ngày {_day_after(old.valid_to)}; "
                "một đơn vị chỉ sáp nhập vào một đơn vị mới. Chưa ghi gì."
            )
        if old.replaced_by == into:
            if old.valid_to != end.isoformat():
                raise UserError(
                    f'Đơn vị "{old.name}" (mã {old.code}) đã được ghi sáp nhập vào mã {into} với ngày khác '
                    f"(hoạt động đến hết ngày {_vn(old.valid_to)}). Chưa ghi gì."
                )
            continue  # the same merger again: nothing to change for this unit
        start = _day(old.valid_from or "")
        if start is not None and start >= day:
            raise UserError(
                f'Đơn vị "{old.name}" (mã {old.code}) bắt đầu hoạt động từ ngày {_vn(old.valid_from)}, không trước '
                f"ngày sáp nhập {_vn(day)}. Chưa ghi gì."
            )
        late = _periods_from(old, day)
        if late:
            raise UserError(
                f'Đơn vị "{old.name}" (mã {old.code}) đã có số liệu của {_shown(late)}, kỳ có ngày từ '
                f"{_vn(day)} trở đi: số liệu từ ngày đó thuộc về đơn vị mới. Hãy xóa hoặc chuyển các số "
                "liệu đó trước, hoặc chọn ngày sáp nhập sau các kỳ đó. Chưa ghi gì."
            )
        changing.append(old)
    new_fields: dict[str, str] = {}
    new_start = _day(new.valid_from or "")
    if new_start is None and not _periods_before(new, day):
        new_fields["valid_from"] = day.isoformat()
    elif new_start is not None and new_start > day:
        new_fields["valid_from"] = day.isoformat()
    return new, changing, new_fields


def record_merge(parent: Unit, into: str, sources: list[str], day: date) -> tuple[Unit, list[Unit], bool]:
    """Record the merger in one transaction (checked first; nothing written on a refusal); the
    units afterwards and whether anything changed (False: the same merger was already recorded)."""
    into, sources = _stored_code(into), split_codes(_stored_code(code) for code in sources)
    with store.database.atomic():
        new, changing, new_fields = plan_merge(parent, into, sources, day)
        end = (day - timedelta(days=1)).isoformat()
        for old in changing:
            store.save_unit({"code": old.code, "valid_to": end, "replaced_by": new.code}, is_self=False)
        if new_fields:
            store.save_unit({"code": new.code, **new_fields}, is_self=False)
        if changing or new_fields:
            store.audit("sap_nhap_don_vi", new.code, new=f"{','.join(sources)} từ {day.isoformat()}")
    changed = bool(changing or new_fields)
    return _stored(new.code), [_stored(code) for code in sources], changed


def _stored(code: str) -> Unit:
    """A unit the merge has just written (or found): it is there."""
    unit = store.unit_by_code(code)
    assert unit is not None, code
    return unit


def _stored_code(code: str) -> str:
    """A code as the unit holding it stores it (`XA-001` followed by U+200B is XA-001's), else normalised."""
    unit = find_unit(code)
    return unit.code if unit is not None else normal_code(code)


def predecessor_rows(code: str) -> list[Unit]:
    """The units the unit `code` replaced (directly), by code."""
    return store.units_replaced_by(code)
