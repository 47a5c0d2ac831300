"""What a one-stop export says beside what the program knows: the period its title names, and which unit
each of its rows is (by code, or by name compared without diacritics, case or "UBND"). Pure."""

from __future__ import annotations

import calendar
import re
from datetime import date

from exports.onestop_header import fold
from forms.periods import Period

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_RANGE = re.compile(r"tu ngay (\d{1,2}) (\d{1,2}) (\d{4}) den ngay (\d{1,2}) (\d{1,2}) (\d{4})")
_QUARTER = re.compile(r"\bquy (i|ii|iii|iv|1|2|3|4)\b(?: nam)? (\d{4})")
_MONTH = re.compile(r"\bthang (\d{1,2})(?: nam)? (\d{4})")
_SPAN = re.compile(r"\b(6|9) thang(?: dau)?(?: nam)? (\d{4})")
_PREFIXES = ("uy ban nhan dan ", "ubnd ")


def title_period(lines: list[str]) -> tuple[str, tuple[date, date] | None, str] | None:
    """The period the title names: (its words as written, its dates when given as a range, its id when named
    as a quarter, month, half or nine months), or None when the title names none."""
    for line in lines:
        words = fold(line)
        found = _RANGE.search(words)
        if found:
            d1, m1, y1, d2, m2, y2 = (int(part) for part in found.groups())
            try:
                return line, (date(y1, m1, d1), date(y2, m2, d2)), ""
            except ValueError:
                continue
        found = _QUARTER.search(words)
        if found:
            index = _ROMAN.get(found.group(1)) or int(found.group(1))
            return line, None, f"{found.group(2)}-Q{index}"
        found = _SPAN.search(words)
        if found:
            return line, None, f"{found.group(2)}-{'H1' if found.group(1) == '6' else '9M'}"
        found = _MONTH.search(words)
        if found and 1 <= int(found.group(1)) <= 12:
            return line, None, f"{found.group(2)}-{int(found.group(1)):02d}"
    return None


def period_differs(named: tuple[str, tuple[date, date] | None, str] | None, period: Period) -> str | None:
    """What the title says (`title_period`'s answer) when it names another period than `period`, else None."""
    if named is None:
        return None
    words, dates, period_id = named
    if dates is not None:
        last_day = calendar.monthrange(period.year, period.last_month)[1]
        months = (date(period.year, period.first_month, 1), date(period.year, period.last_month, last_day))
        return None if dates in (period.cutoff(), months) else words
    return None if period_id == str(period) else words


def plain_name(text: str) -> str:
    """A unit's name as rows write it: folded, without "UBND" / "Ủy ban nhân dân" in front."""
    name = fold(text)
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def match_unit(label: str, stt: str, units: list[tuple[str, str]]) -> str | None:
    """The code of the unit (code, name) a row is about, by its code in a cell or its name; None if no unit."""
    for text in (label, stt):
        for code, _ in units:
            if text.strip().lower() == code.lower():
                return code
    wanted = plain_name(label)
    if not wanted:
        return None
    for code, name in units:
        if plain_name(name) == wanted:
            return code
    return None
