"""The shape of an annex total: `=IF(COUNT(r)=0,"",SUM(r))` — blank where every cell it adds is blank."""

from __future__ import annotations

import re

BLANK_OR_SUM = re.compile(r'^=IF\(COUNT\((?P<ranges>[^()]*)\)=0,"",SUM\((?P=ranges)\)\)$')


def summed(formula: str) -> str:
    """The ranges a total adds up (`C11,C14`), asserting the formula is the blank-or-sum shape."""
    match = BLANK_OR_SUM.match(formula or "")
    assert match, f"not a blank-or-sum total: {formula!r}"
    return match.group("ranges")
