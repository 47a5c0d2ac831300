"""Numbers and dates the Vietnamese way: `1.138`, `301.953,3`, `92,53%`, `31/8/2023`.

Dates a person reads in the window, its messages and the command line are `dd/mm/yyyy` (`show_date`,
`show_datetime`, `format_datetime`); the report's and the annexes' own text keeps `format_date`
(`31/8/2023`). A typed date is read in either form, `dd/mm/yyyy` or `yyyy-mm-dd` (`parse_date`,
`typed_date`); it is stored as ISO (`2023-08-31`)."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from .errors import ValueInputError
from .safe_text import INVISIBLE, quoted

KINDS = ("int", "decimal", "percent")
MAX_DECIMALS = {"decimal": 3, "percent": 2}

_BLANKS = re.compile(r"[\s" + INVISIBLE + r"]+")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_LEAD_GROUP = re.compile(r"[1-9][0-9]{0,2}")
_ENGLISH = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_MINUS_SIGNS = "-\u2212"
_SHOWN_MAX = 60
MAX_TEXT = 64  # characters of a typed number, checked before anything else reads it

_EXAMPLES = "(ví dụ 1.138 hoặc 301.953,3)"


def _shown(text: str) -> str:
    return quoted(text.strip(), _SHOWN_MAX)


def _reject(text: str, reason: str) -> ValueInputError:
    return ValueInputError(f"Không đọc được số “{_shown(text)}”: {reason}", text)


def _generic(text: str) -> ValueInputError:
    return _reject(
        text,
        f"chỉ được gõ chữ số, dấu chấm ngăn cách hàng nghìn và dấu phẩy thập phân {_EXAMPLES}.",
    )


def _misgrouped(text: str) -> ValueInputError:
    return _reject(
        text,
        "dấu chấm ngăn cách hàng nghìn phải tách đúng từng nhóm 3 chữ số "
        "(ví dụ 1.138 hoặc 7.727.149.829); phần thập phân đứng sau dấu phẩy (ví dụ 301.953,3).",
    )


def _split(text: str, body: str) -> tuple[str, str]:
    """Integer digits and fraction digits of an unsigned body made of digits, dots and commas."""
    if _ENGLISH.fullmatch(body) and (body.count(",") > 1 or "." in body):
        suggestion = body.translate(str.maketrans(",.", ".,"))
        raise ValueInputError(
            f"Số “{_shown(text)}” đang viết theo kiểu tiếng Anh (dấu phẩy ngăn cách hàng nghìn, "
            f"dấu chấm thập phân). Hãy gõ theo kiểu Việt Nam: {suggestion}.",
            text,
        )
    if body.count(",") > 1:
        raise _reject(text, f"chỉ được có một dấu phẩy thập phân {_EXAMPLES}.")
    if "," in body:
        whole, fraction = body.split(",")
        if "." in fraction:
            raise _reject(
                text,
                "dấu chấm ngăn cách hàng nghìn phải đứng trước dấu phẩy thập phân (ví dụ 1.234,5).",
            )
        if not whole or not fraction:
            raise _generic(text)
        if "." in whole:
            if not _GROUPED.fullmatch(whole):
                raise _misgrouped(text)
            whole = whole.replace(".", "")
        return whole, fraction
    dots = body.count(".")
    if dots == 0:
        return body, ""
    if dots > 1:
        if not _GROUPED.fullmatch(body):
            raise _misgrouped(text)
        return body.replace(".", ""), ""
    whole, fraction = body.split(".")
    if not whole or not fraction:
        raise _generic(text)
    if len(fraction) != 3:
        return whole, fraction
    if _LEAD_GROUP.fullmatch(whole):
        return whole + fraction, ""
    raise ValueInputError(
        f"Không rõ số “{_shown(text)}”: dấu chấm chỉ dùng để ngăn cách hàng nghìn "
        f"(ví dụ 1.234.567); nếu là số thập phân, hãy dùng dấu phẩy: {whole},{fraction}.",
        text,
    )


def parse_number(text: str, kind: str = "decimal") -> int | Decimal:
    """Read a number typed in Vietnamese (`1.138`, `301.953,3`) or plain (`301953.3`) notation."""
    if kind not in KINDS:
        raise ValueError(f"unknown number kind {kind!r}; expected one of {KINDS}")
    if not isinstance(text, str):
        raise TypeError(f"parse_number expects str, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        largest = "tỷ lệ phần trăm từ 0 đến 100" if kind == "percent" else "số lớn nhất là 999.999.999.999.999"
        raise _reject(text, f"số quá dài ({format_number(len(text))} ký tự, tối đa {MAX_TEXT} ký tự; {largest}).")
    compact = _BLANKS.sub("", text)
    if kind == "percent" and compact.endswith("%"):
        compact = compact[:-1]
    if not compact:
        raise ValueInputError("Chưa nhập số: ô đang để trống.", text)
    negative = compact[0] in _MINUS_SIGNS
    body = compact[1:] if compact[0] in _MINUS_SIGNS + "+" else compact
    if not body or any(ch not in "0123456789.," for ch in body):
        raise _generic(text)
    whole, fraction = _split(text, body)
    if kind == "int" and fraction:
        hint = ""
        if "," in body and len(fraction) == 3 and "." not in body:
            hint = f" Nếu là số có hàng nghìn, hãy dùng dấu chấm: {whole}.{fraction}."
        raise ValueInputError(
            f"Số “{_shown(text)}” không hợp lệ: ô này phải là số nguyên, không có phần thập phân.{hint}",
            text,
        )
    fraction = fraction.rstrip("0")
    if kind in MAX_DECIMALS and len(fraction) > MAX_DECIMALS[kind]:
        what = "tỷ lệ phần trăm" if kind == "percent" else "ô này"
        raise ValueInputError(
            f"Số “{_shown(text)}” có quá nhiều chữ số thập phân: {what} chỉ nhận tối đa "
            f"{MAX_DECIMALS[kind]} chữ số sau dấu phẩy.",
            text,
        )
    whole = whole.lstrip("0") or "0"
    sign = "-" if negative and (whole != "0" or fraction) else ""
    if kind == "int":
        try:
            return int(sign + whole)
        except ValueError:
            raise _reject(text, "số quá lớn.") from None
    return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")


def _to_decimal(value: int | Decimal | float) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise TypeError(f"expected int or Decimal, got {type(value).__name__}")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format {value!r}")
    return number


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ".".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def round_half_up(value: int | Decimal | float, places: int = 2) -> Decimal:
    """Round to `places` decimals, halves away from zero (like Excel's ROUND)."""
    if places < 0:
        raise ValueError("places must be >= 0")
    number = _to_decimal(value)
    with localcontext() as ctx:
        ctx.prec = max(28, number.adjusted() + places + 2)
        ctx.traps[InvalidOperation] = True
        rounded = number.quantize(Decimal((0, (1,), -places)), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_number(value: int | Decimal, decimals: int | None = None) -> str:
    """`1138` → `1.138`, `301953.3` → `301.953,3`; `decimals=n` rounds half up, keeps n places."""
    number = _to_decimal(value) if decimals is None else round_half_up(value, decimals)
    text = format(number, "f")
    if text.startswith("-"):
        sign, text = "-", text[1:]
    else:
        sign = ""
    whole, _, fraction = text.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    whole = whole.lstrip("0") or "0"
    if whole == "0" and not fraction.strip("0"):
        sign = ""
    return sign + _group(whole) + ("," + fraction if fraction else "")


def format_count(value: int | Decimal) -> str:
    """A number for prose: whole numbers 1–9 get a leading zero (`03`), zero is `0`, others as format_number."""
    number = _to_decimal(value)
    if 1 <= number <= 9 and number == number.to_integral_value():
        return f"0{int(number)}"
    return format_number(value)


def format_percent(value: int | Decimal) -> str:
    """A percentage with exactly 2 decimals, rounded half up: `92,53%`, `50,00%`."""
    return format_number(value, 2) + "%"


MIN_DATE_YEAR, MAX_YEAR = 1900, 2100  # a date typed in a report (a period's years: periods.py)

_DMY = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_date(text: str) -> date:
    """Read `31/8/2023`, `31/08/2023` (also with `-` or `.`) or `2023-08-31`."""
    if not isinstance(text, str):
        raise TypeError(f"parse_date expects str, got {type(text).__name__}")
    shown = _shown(text)
    if len(text) > MAX_TEXT:
        raise ValueInputError(f"Không đọc được ngày “{shown}”: quá dài (tối đa {MAX_TEXT} ký tự).", text)
    compact = _BLANKS.sub("", text)
    if not compact:
        raise ValueInputError("Chưa nhập ngày: ô đang để trống.", text)
    if match := _DMY.fullmatch(compact):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _ISO.fullmatch(compact):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise ValueInputError(
            f"Không đọc được ngày “{shown}”: hãy gõ theo dạng ngày/tháng/năm, ví dụ 31/8/2023 hoặc 05/02/2023.",
            text,
        )
    if not MIN_DATE_YEAR <= year <= MAX_YEAR:
        raise ValueInputError(
            f"Ngày “{shown}” không hợp lệ: năm phải từ {MIN_DATE_YEAR} đến {MAX_YEAR}, ví dụ 2023.", text
        )
    if not 1 <= month <= 12:
        raise ValueInputError(f"Ngày “{shown}” không hợp lệ: tháng phải từ 1 đến 12.", text)
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise ValueInputError(f"Ngày “{shown}” không hợp lệ: tháng {month} năm {year} chỉ có {last_day} ngày.", text)
    return date(year, month, day)


def format_date(d: date) -> str:
    """A date as the report's and the annexes' text writes it: `14/1/2023`, `31/8/2023`."""
    return f"{d.day}/{d.month}/{d.year}"


def show_date(d: date) -> str:
    """A date as the window and the command line show it, dd/mm/yyyy: `05/10/2023`, `31/12/2023`."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def show_datetime(moment: datetime) -> str:
    """A moment for a table column, dd/mm/yyyy HH:MM: `05/10/2023 13:42`."""
    return f"{show_date(moment.date())} {moment:%H:%M}"


def format_datetime(moment: datetime, seconds: bool = False) -> str:
    """A time in a sentence, never ISO: `13:42 ngày 27/11/2026`, `09:05:07 ngày 06/12/2026` with seconds."""
    clock = f"{moment:%H:%M:%S}" if seconds else f"{moment:%H:%M}"
    return f"{clock} ngày {show_date(moment.date())}"


_INVALID = " không hợp lệ: "
_HOW_TO_TYPE = "hãy gõ ngày/tháng/năm, ví dụ 01/07/2025 (hoặc 2025-07-01)."


def typed_date(text: str | None, label: str = "Ngày") -> str:
    """A date typed in a field or an argument, in either form (`01/07/2025`, `1/7/2025`, `2025-07-01`),
    as stored: ISO `2025-07-01`; "" for nothing typed. A bad date raises ValueInputError naming `label`."""
    text = "" if text is None else str(text)
    if not _BLANKS.sub("", text):
        return ""
    try:
        return parse_date(text).isoformat()
    except ValueInputError as exc:
        message = str(exc)
        reason = message.split(_INVALID, 1)[1] if _INVALID in message else _HOW_TO_TYPE
        raise ValueInputError(f"{label} “{_shown(text)}”{_INVALID}{reason}", text) from None


def show_iso_date(text: str | None) -> str:
    """A stored ISO date (`2025-07-01`) as the window shows it, `01/07/2025`; other text as it is."""
    try:
        return show_date(date.fromisoformat(str(text or "").strip()))
    except ValueError:
        return str(text or "")
