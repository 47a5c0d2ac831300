"""A unit row as the program writes it: every field checked on read, anything else is damage."""

from __future__ import annotations

from datetime import date

from db.models import Unit
from db.state import damage_found, opened_state
from forms.periods import FREQUENCIES


def checked(unit: Unit | None) -> Unit | None:
    """A unit as stored, each field one the program writes: anything else is damage (an unknown entry
    frequency would misread every period of the unit, an unknown level drop its figures from the totals
    of the indicators of its level, a deadline or a validity date that is no date fail where it is used)."""
    if unit is None:
        return None
    problem = _unit_problem(unit)
    if problem:
        raise damage_found(f"{problem} của đơn vị {unit.code}")
    return unit


def _unit_problem(unit: Unit) -> str | None:
    if unit.frequency not in FREQUENCIES:
        return f"tần suất nhập số liệu được lưu là “{str(unit.frequency)[:20]}”, không phải tháng hay quý"
    day = str(unit.deadline_day or "")
    if day and not (day.isascii() and day.isdigit() and 1 <= int(day) <= 31):
        return f"hạn gửi báo cáo được lưu là “{day[:20]}”, không phải một ngày từ 1 đến 31"
    for text, what in ((unit.valid_from, "ngày bắt đầu hiệu lực"), (unit.valid_to, "ngày hết hiệu lực")):
        if text and not _is_iso_date(str(text)):
            return f"{what} được lưu là “{str(text)[:20]}”, không phải một ngày"
    levels = _known_levels()
    if levels and unit.level not in levels:
        return f"cấp đơn vị được lưu là “{str(unit.level)[:20]}”, không phải {' hay '.join(levels.values())}"
    return None


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _known_levels() -> dict[str, str]:
    """The unit levels of the template versions the open database is read with ({} when not known)."""
    state = opened_state()
    return state.templates.level_names() if state is not None and state.templates is not None else {}
