"""Two clerks on one database: a value changed by someone else since this window showed it.

Nothing is silently overwritten. The store refuses the write (ValueConflict); the window says who
changed what and when, and the clerk chooses: write theirs over it, or keep the other person's.
"""

from __future__ import annotations

from db.errors import Conflict, ValueConflict
from forms.catalog import Template
from forms.numbers import format_datetime
from forms.values import display_code, from_storage

__all__ = ["Conflict", "ValueConflict", "conflict_question", "expected_after"]

TITLE = "Số liệu vừa được người khác sửa"
MAX_TEXT = 120


def _shown(template: Template, code: str, text: str | None) -> str:
    if text is None or text == "":
        return "(trống)"
    indicator = template.indicators.get(code)
    if indicator is None:
        return text
    if indicator.type == "text":
        one_line = " ".join(text.split())
        return f"“{one_line[:MAX_TEXT]}{'…' if len(one_line) > MAX_TEXT else ''}”"
    return display_code(template, code, from_storage(indicator, text))


def conflict_question(template: Template, conflicts: list[Conflict], typed: dict[str, str]) -> str:
    """Who changed which value, when, to what; what this clerk typed; and the question."""
    lines = []
    for conflict in conflicts:
        who = conflict.updated_by or "người khác"
        when = f" lúc {format_datetime(conflict.updated_at)}" if conflict.updated_at else ""
        now = _shown(template, conflict.code, conflict.stored)
        mine = typed.get(conflict.code, "")
        mine = _shown(template, conflict.code, mine) if template.indicators[conflict.code].type == "text" else mine
        lines.append(
            f"• {template.label_of(conflict.code)}: {who} đã sửa{when} thành {now}; bạn vừa nhập {mine or '(trống)'}."
        )
    return (
        "Trong lúc bạn nhập, người khác đã sửa số liệu này:\n"
        + "\n".join(lines)
        + "\n\nGhi giá trị của bạn đè lên? Chọn “Không” để giữ giá trị của người kia (giá trị bạn vừa nhập "
        "không được lưu, chỉ ghi vào nhật ký thay đổi)."
    )


def expected_after(expected: dict[str, str | None], conflict: ValueConflict) -> dict[str, str | None]:
    """What the writer now knows is stored: the values the conflict showed."""
    return {**expected, **{item.code: item.stored for item in conflict.conflicts}}
