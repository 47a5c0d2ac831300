"""Typed values: parse what a person typed, check type/sign/range, convert for storage and JSON."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from forms.catalog import Indicator, Template
from forms.codes import is_rate
from forms.errors import ValueInputError
from forms.numbers import format_date, format_number, format_percent, parse_date, parse_number

Value = int | Decimal | date | str

MAX_DECIMALS = {"decimal": 3, "percent": 2}
# Excel holds 15 significant digits exactly: counts and amounts stay below 10¹⁵, a decimal has at
# most 15 digits in all (so 999.999.999.999,999 is refused, 999.999.999.999,9 is not).
MAX_VALUE = {"int": Decimal(10**15 - 1), "decimal": Decimal(10**15 - 1), "percent": Decimal(100)}
MAX_DIGITS = 15
MAX_NARRATIVE_BYTES = 100_000  # a report text (thuyết minh) in UTF-8
ALLOWED_CONTROLS = "\n\t"
_SHOWN_NUMBER = 40


def _field(indicator: Indicator) -> str:
    return f"“{indicator.label}”"


def _shown_number(number: int | Decimal) -> str:
    """A number as the person reads it, shortened when huge (`1.000.000.000…` rather than 300 digits)."""
    if isinstance(number, int) and number.bit_length() > 200:
        return "số có hơn 60 chữ số"
    if isinstance(number, Decimal) and not number.is_zero() and abs(number.adjusted()) > 60:
        return "số có hơn 60 chữ số"
    text = format_number(number)
    return text if len(text) <= _SHOWN_NUMBER else text[: _SHOWN_NUMBER - 1] + "…"


def _from_number(indicator: Indicator, raw: int | float | Decimal) -> int | Decimal:
    if isinstance(raw, bool):
        raise ValueInputError(f"{_field(indicator)}: giá trị “{raw}” không phải là số.")
    if isinstance(raw, int) and raw.bit_length() > 64:  # str() of a 5000-digit int is refused by Python
        raise _too_large(indicator, raw)
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        raise ValueInputError(f"{_field(indicator)}: giá trị “{raw}” không phải là số.") from None
    if not number.is_finite():
        raise ValueInputError(f"{_field(indicator)}: giá trị “{raw}” không phải là số.")
    if not number.is_zero() and number.adjusted() > 40:  # 1E+999999999 is never written out
        raise _too_large(indicator, number)
    if not number.is_zero() and number.adjusted() < -20:
        raise ValueInputError(
            f"{_field(indicator)}: số quá nhỏ, có quá nhiều chữ số thập phân (đã gõ {_shown_number(number)})."
        )
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
        text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
        check_text(indicator.label, text, max_bytes=MAX_NARRATIVE_BYTES)
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


def _too_large(indicator: Indicator, number: int | Decimal) -> ValueInputError:
    if indicator.type == "percent":
        return ValueInputError(
            f"{_field(indicator)} là tỷ lệ phần trăm, phải từ 0 đến 100 (đã gõ {_shown_number(number)}).",
            _shown_number(number),
        )
    top = format_number(MAX_VALUE.get(indicator.type, MAX_VALUE["int"]))
    return ValueInputError(
        f"{_field(indicator)} quá lớn: tối đa {top} (đã gõ {_shown_number(number)}).", _shown_number(number)
    )


def check_range(indicator: Indicator, number: int | Decimal) -> int | Decimal:
    """Reject negatives, numbers past what Excel holds exactly, percentages over 100 and too many
    decimals, naming the field, the value and the bound."""
    if number < 0:
        raise ValueInputError(f"{_field(indicator)} không được là số âm (đã gõ {_shown_number(number)}).")
    if indicator.type == "percent" and number > 100:
        raise ValueInputError(
            f"{_field(indicator)} là tỷ lệ phần trăm, phải từ 0 đến 100 (đã gõ {_shown_number(number)})."
        )
    if number > MAX_VALUE.get(indicator.type, MAX_VALUE["int"]):
        raise _too_large(indicator, number)
    places = MAX_DECIMALS.get(indicator.type)
    if places is not None and isinstance(number, Decimal):
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise ValueInputError(
                f"{_field(indicator)} chỉ nhận tối đa {places} chữ số thập phân (đã gõ {_shown_number(number)})."
            )
        digits = len(number.as_tuple().digits) if isinstance(exponent, int) and exponent < 0 else 0
        if digits > MAX_DIGITS:
            raise ValueInputError(
                f"{_field(indicator)} có quá nhiều chữ số: tối đa {MAX_DIGITS} chữ số cả phần nguyên lẫn phần "
                f"thập phân, để Excel giữ đúng (đã gõ {_shown_number(number)})."
            )
    return number


def control_character(text: str) -> tuple[int, str] | None:
    """The first character of `text` a person cannot have meant (a control character other than
    newline and tab, or half of a surrogate pair), with its position from 1; None when there is none."""
    for position, ch in enumerate(text, start=1):
        if ch in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs"):
            return position, ch
    return None


def check_text(label: str, text: str, max_chars: int | None = None, max_bytes: int | None = None) -> str:
    """A text of field `label` without control characters and within its size; returns it, or raises
    ValueInputError naming the field, the character (U+001B) or the size and the bound."""
    if max_chars is not None and len(text) > max_chars:
        raise ValueInputError(
            f"“{label}” quá dài: {format_number(len(text))} ký tự, tối đa {format_number(max_chars)} ký tự.",
            text[:_SHOWN_NUMBER],
        )
    if max_bytes is not None:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise ValueInputError(
                f"“{label}” quá dài: {format_number(round(Decimal(size) / 1000, 1))} kB, tối đa "
                f"{format_number(max_bytes // 1000)} kB; hãy rút gọn.",
                text[:_SHOWN_NUMBER],
            )
    found = control_character(text)
    if found:
        position, ch = found
        raise ValueInputError(
            f"“{label}” có ký tự điều khiển U+{ord(ch):04X} (vị trí {format_number(position)}), không phải chữ; "
            "hãy xóa ký tự này (thường do dán từ chương trình khác).",
            text[:_SHOWN_NUMBER],
        )
    return text


def to_storage(value: Value) -> str:
    """Canonical text of a value for the database (portable across SQL engines)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _stored_decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except (InvalidOperation, TypeError):
        raise ValueError(f"not a stored number: {text!r:.60}") from None
    if not number.is_finite() or (not number.is_zero() and abs(number.adjusted()) > 40):
        raise ValueError(f"not a stored number: {text!r:.60}")
    return number


def _stored_date(text: str) -> date:
    if not isinstance(text, str):
        raise ValueError(f"not a stored date: {type(text).__name__}")
    return date.fromisoformat(text)


def _stored_text(text: str) -> str:
    if not isinstance(text, str):
        raise ValueError(f"not a stored text: {type(text).__name__}")
    return text


# How a person names each type, in a message about a value that is not one.
TYPE_WORDS = {"int": "số nguyên", "decimal": "số", "percent": "tỷ lệ phần trăm", "date": "ngày", "text": "văn bản"}

# What reads each type's stored text back; each raises ValueError for a text the program never writes.
_STORED: dict[str, Callable[[str], Value]] = {
    "int": int,
    "decimal": _stored_decimal,
    "percent": _stored_decimal,
    "date": _stored_date,
}


def storage_reader(indicator: Indicator) -> Callable[[str], Value]:
    """The function typing a stored text of this indicator: ValueError when the text is not one the
    program writes (damage from outside), never a value that breaks what reads it later (NaN, 1E+9999)."""
    return _STORED.get(indicator.type, _stored_text)


def from_storage(indicator: Indicator, text: str) -> Value:
    """The typed value of a stored text (ValueError: not a text the program writes)."""
    return storage_reader(indicator)(text)


def to_json(value: object) -> object:
    """A JSON-friendly value: numbers stay numbers, dates become ISO strings."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent  # a letter only for NaN and the infinities, never stored
        return (
            int(value)
            if value == value.to_integral_value() and isinstance(exponent, int) and exponent >= 0
            else float(value)
        )
    if isinstance(value, date):
        return value.isoformat()
    return value


def display(indicator: Indicator, value: object) -> str:
    """How a stored value is shown back in a field (`1.138`, `301.953,3`, `31/8/2023`)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | Decimal):
        return format_number(value)
    return str(value)


def display_code(template: Template, code: str, value: object) -> str:
    """How any value of a period is shown: an input as its field shows it, a rate as `92,53%`."""
    if code in template.indicators:
        return display(template.indicators[code], value)
    if not isinstance(value, int | Decimal):  # a rate or a sum is a number; anything else as display shows it
        return str(value)
    if is_rate(code):
        return format_percent(value)
    return format_number(value)
