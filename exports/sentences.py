"""Report sentences from the template's patterns, with numbers written the Vietnamese way.

`{code}` prints the value and its unit (`1.138 hồ sơ`, `03 văn bản`, `92,53%`), `{code:n}` the number
alone; `[ … ]` is left out when a placeholder inside it has no value; a sentence whose required
placeholders have no value is left out entirely.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from forms.catalog import Template
from forms.codes import LEVEL_WORDS, at_level, is_rate, word_of
from forms.live_figures import FIGURE
from forms.numbers import format_count, format_date, format_number, format_percent
from forms.patterns import expand


def format_value(template: Template, code: str, value: object, with_unit: bool = True) -> str:
    """A value as printed in prose: counts with a leading zero below 10, rates with 2 decimals."""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        value = Decimal(str(value))
    if not isinstance(value, int | Decimal):
        raise TypeError(f"{code}: {value!r} is not a figure")  # the content builders give int or Decimal
    unit = template.unit_of(code)
    indicator = template.indicators.get(code)
    if is_rate(code):
        text = format_number(int(value)) + "%" if value == int(value) else format_percent(value)
        return text if with_unit else text.rstrip("%")
    if indicator is not None and indicator.type == "percent":
        text = format_number(value)
        return f"{text}%" if with_unit else text
    if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral_value()):
        text = format_count(int(value))
    else:
        text = format_number(value)
    if not with_unit or not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def render(
    pattern: str, template: Template, values: Mapping[str, object], extra: Mapping[str, str] | None = None
) -> str | None:
    """The sentence with its placeholders filled at once, or None when a required value is missing:
    the pattern turned into live text (live_from_pattern), then its figures filled (fill_figures)."""
    extra = extra or {}

    def value(code: str) -> object:
        found = values.get(code)
        return None if found == "" else found

    live = live_from_pattern(pattern, template, lambda code: code in extra or value(code) is not None)
    if live is None:
        return None

    def lookup(name: str) -> str | None:
        if name in extra:
            return extra[name]
        found = value(name)
        return None if found is None else format_figure(template, name, found)

    return fill_figures(live, lookup)


def tidy(text: str) -> str:
    """Spaces and punctuation left over by dropped optional parts."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\(\s*[,;]\s*", "(", text)
    text = re.sub(r"([,;])\s*[,;]", r"\1", text)
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"([,;:])\1+", r"\1", text)
    text = re.sub(r"[,;]\s*\.", ".", text)
    text = re.sub(r"\(\s*\)", "", text)
    return text.replace(" .", ".")


# ----- live figures ------------------------------------------------------------------------------
MISSING_FIGURE = "…"
OPEN, CLOSE = "\x01", "\x02"  # a converted placeholder, out of the way of the second pass


def format_figure(template: Template, code: str, value: object) -> str:
    """A live figure as the report prints it: the number alone, `%` for rates and percentages."""
    return format_value(template, code, value, with_unit=is_rate(code) or _is_percent(template, code))


def _is_percent(template: Template, code: str) -> bool:
    indicator = template.indicators.get(code)
    return indicator is not None and indicator.type == "percent"


def fill_figures(text: str, lookup) -> str:
    """Replace each `{name}` by lookup(name); a figure without a value prints `…`.

    lookup returns the printed text, or None for a known figure without a value; placeholders it
    does not know (`KeyError`) are left as typed.
    """

    def replace(match: re.Match) -> str:
        try:
            shown = lookup(match.group(1))
        except KeyError:
            return match.group(0)
        return MISSING_FIGURE if shown is None else shown

    return FIGURE.sub(replace, text or "")


def live_from_pattern(
    pattern: str, template: Template, has_value, level: str = "", subject_level: str = ""
) -> str | None:
    """A template sentence pattern as the clerk's starting text, its figures kept live.

    Optional parts `[…]` whose figures have no value are dropped, alternatives `[A|B]` give the first
    whose figures all have one (forms.patterns); a sentence missing a required figure gives None.
    `{code}` becomes `{code@level} unit` (`{code} unit` without a level), `{code:n}` the same without
    its unit; words such as `{period}` stay as they are, but `{unit_short}` becomes
    `{unit_short@<subject_level>}` (the units of that level, as the subject) when `subject_level` is given.
    """

    def convert(match: re.Match) -> str | None:
        code, bare = match.group(1), bool(match.group(2))
        if word_of(code) is not None:
            word = at_level(code, subject_level) if subject_level and code in LEVEL_WORDS else code
            return OPEN + word + CLOSE
        if not has_value(code):
            return None
        live = OPEN + (at_level(code, level) if level else code) + CLOSE
        unit = template.unit_of(code)
        if bare or not unit or unit == "%" or is_rate(code) or _is_percent(template, code):
            return live
        indicator = template.indicators.get(code)
        if indicator is not None and indicator.type == "date":
            return live
        return f"{live} {unit}"

    text = expand(pattern, convert, lambda name: word_of(name) is not None)
    if text is None or not text.strip():
        return None
    text = tidy(text)
    text = text[:1].upper() + text[1:]  # a sentence whose first part was left out starts with a capital
    return text.replace(OPEN, "{").replace(CLOSE, "}")
