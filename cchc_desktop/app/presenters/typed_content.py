"""Whether closing a dialog would throw away what the clerk typed: its fields as it opened, and as they are now.

A dialog gives its content as a mapping of field → text, list of texts (e.g. the units ticked) or
yes/no. Only a change counts: a field typed and then erased, spaces added around a text, or the same
units ticked in another order is nothing to lose, so the dialog closes at once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

DISCARD_QUESTION = "Bỏ nội dung vừa nhập?"
DISCARD_DETAIL = "Nội dung này chưa được lưu. Chọn Không để quay lại nhập tiếp."

Content = Mapping[str, object]


def _normal(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(str(_normal(item)) for item in value))
    return str(value)


def unsaved(opened_with: Content | None, now: Content | None) -> bool:
    """True when `now` holds something `opened_with` did not: closing would lose typed content."""
    if now is None:
        return False
    before = opened_with or {}
    return any(_normal(now.get(key)) != _normal(before.get(key)) for key in set(before) | set(now))


def discard_question() -> str:
    """The question asked before typed content is thrown away (Có discards, Không keeps the dialog open)."""
    return f"{DISCARD_QUESTION}\n{DISCARD_DETAIL}"
