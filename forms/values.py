"""Typed values: parse what a person typed, check type/sign/range, convert for storage and JSON."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from forms.catalog import Indicator, Template
from forms.codes import is_rate
from forms.errors import ValueInputError
from forms.numbers import format_date, format_number, format_percent, parse_date, parse_number

Value = int | Decimal | date | str

MAX_DECIMALS = {"decimal": 3, "percent": 2}


def _field(indicator: Indicator) -> str:
    return f"“{indicator.label}”"


def _from_number(indicator: Indicator, raw: int | float | Decimal) -> int | Decimal:
    if isinstance(raw, bool):
        raise ValueInputError(f"{_field(indicator)}: giá trị “{raw}” không phải là số.")
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        raise ValueInputError(f"{_field(indicator)}: giá trị “{raw}” không phải là số.") from None
    if not number.is_finite():
        raise ValueInputError(f"{_field(indicator)}: giá trị “{raw}” không phải là số.")
    if indicator.type == "int":
        if number != number.to_integral_value():
            raise ValueInputError(f"{_field(indicator)} phải là số nguyên, không nhận {raw}.")
        return int(number)
    return Decimal(format(number.normalize(), "f"))


def parse_value(indicator: Indicator, raw: object) -> Value | None:
    """The typed value of an entry, None for an empty entry (clears); bad input raises ValueInputError."""
    if raw is None:
        return None
    if indicator.type == "text":
        if not isinstance(raw, str):
            raise ValueInputError(f"{_field(indicator)} phải là văn bản.")
        text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").strip()
        return text or None
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if indicator.type == "date":
            try:
                return parse_date(text)
            except ValueInputError as exc:
                raise ValueInputError(f"{_field(indicator)}: {exc}") from None
        try:
            number = parse_number(text, indicator.type)
        except ValueInputError as exc:
            raise ValueInputError(f"{_field(indicator)}: {exc}") from None
    elif isinstance(raw, int | float | Decimal) and indicator.type != "date":
        number = _from_number(indicator, raw)
    else:
        raise ValueInputError(f"{_field(indicator)}: không nhận giá trị “{raw}”.")
    return check_range(indicator, number)


def check_range(indicator: Indicator, number: int | Decimal) -> int | Decimal:
    """Reject negatives, percentages over 100 and too many decimals, naming the field and value."""
    if number < 0:
        raise ValueInputError(f"{_field(indicator)} không được là số âm (đã gõ {format_number(number)}).")
    if indicator.type == "percent" and number > 100:
        raise ValueInputError(
            f"{_field(indicator)} là tỷ lệ phần trăm, phải từ 0 đến 100 (đã gõ {format_number(number)})."
        )
    places = MAX_DECIMALS.get(indicator.type)
    if places is not None and isinstance(number, Decimal):
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise ValueInputError(
                f"{_field(indicator)} chỉ nhận tối đa {places} chữ số thập phân (đã gõ {format_number(number)})."
            )
    return number


def to_storage(value: Value) -> str:
    """Canonical text of a value for the database (portable across SQL engines)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def from_storage(indicator: Indicator, text: str) -> Value:
    """The typed value of a stored text."""
    if indicator.type == "int":
        return int(text)
    if indicator.type in ("decimal", "percent"):
        return Decimal(text)
    if indicator.type == "date":
        return date.fromisoformat(text)
    return text


def to_json(value: Value) -> int | float | str:
    """A JSON-friendly value: numbers stay numbers, dates become ISO strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def display(indicator: Indicator, value: Value | None) -> str:
    """How a stored value is shown back in a field (`1.138`, `301.953,3`, `31/8/2023`)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | Decimal):
        return format_number(value)
    return str(value)


def display_code(template: Template, code: str, value: Value) -> str:
    """How any value of a period is shown: an input as its field shows it, a rate as `92,53%`."""
    if code in template.indicators:
        return display(template.indicators[code], value)
    if is_rate(code):
        return format_percent(value)
    return format_number(value)
