"""What the command line reads from outside, with bounds: the arguments, and `cchc load FILE.json`
(a flat JSON object {code: number or text}).

What Notepad and Excel save is accepted (UTF-8 with or without BOM, UTF-16 with BOM); anything else
is refused with a message naming the problem: another encoding, a duplicate key, nesting, a lone
surrogate, a file too large. Nothing here is stored: the values go on to `Entry.set_values`.
"""

from __future__ import annotations

import codecs
import json
import unicodedata
from decimal import Decimal
from pathlib import Path

from cchc_desktop.app.content.wording import format_number, os_reason, printable, quoted
from cchc_desktop.app.infra.errors import UserError

MAX_FILE_BYTES = 5_000_000
MAX_KEY_CHARS = 100
_SHOWN = 40
_BOMS = (
    (codecs.BOM_UTF32_LE, None),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, None),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HOW = "Hãy mở tệp bằng Notepad, chọn Lưu thành (Save As) với mã hóa UTF-8 rồi chạy lại lệnh."


def _shown(text: str) -> str:
    return quoted(text, _SHOWN)


def _shown_path(path: str) -> str:
    """A file's path as a message shows it: whole when short, else its end (the file's name)."""
    shown = printable(path.encode("utf-8", "backslashreplace").decode("utf-8"))
    return shown if len(shown) <= 2 * _SHOWN else "…" + shown[-(2 * _SHOWN - 1) :]


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "không có tệp này"
    if isinstance(exc, IsADirectoryError) or (isinstance(exc, PermissionError) and _is_folder(exc.filename)):
        return "đây là một thư mục, không phải tệp"  # Windows says "permission denied" for a folder
    if isinstance(exc, PermissionError):
        return "không có quyền đọc tệp"
    return os_reason(exc)


def _is_folder(name) -> bool:
    try:
        return bool(name) and Path(name).is_dir()
    except (OSError, ValueError):
        return False


def _decode(name: str, data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding is None:
                raise UserError(f"Tệp {name} được lưu theo mã hóa UTF-32, chương trình không đọc được. {_HOW}")
            body = data[len(bom) :]
            break
    else:
        encoding, body = "utf-8", data
        if b"\x00" in data[:4096]:
            raise UserError(
                f"Tệp {name} có byte 0 (NUL): có thể là UTF-16 không có dấu BOM, hoặc không phải tệp văn bản. {_HOW}"
            )
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        where = exc.start + len(data) - len(body)
        what = "UTF-8" if encoding == "utf-8" else "UTF-16"
        bad = body[exc.start : exc.start + 4].hex(" ").upper()
        raise UserError(
            f"Tệp {name} không phải văn bản {what} hợp lệ: byte {bad} ở vị trí {format_number(where)} "
            f"(có thể tệp được lưu theo mã hóa khác, như Windows-1258 hay TCVN3). {_HOW}"
        ) from None


def _pairs(name: str):
    def build(pairs: list[tuple[str, object]]) -> dict:
        result: dict[str, object] = {}
        for key, value in pairs:
            if key in result:
                raise UserError(
                    f"Tệp {name}: mã “{_shown(key)}” xuất hiện hai lần; chương trình không đoán giá trị nào đúng. "
                    "Hãy giữ một dòng cho mỗi mã."
                )
            result[key] = value
        return result

    return build


def _refuse_constant(name: str):
    def refuse(word: str):
        raise UserError(f"Tệp {name}: “{word}” không phải là số; hãy ghi một số, hoặc null để xóa giá trị.")

    return refuse


def _surrogate(text: str) -> str | None:
    return next((ch for ch in text if unicodedata.category(ch) == "Cs"), None)


def _check_entry(name: str, key: str, value: object) -> None:
    if not key.strip():
        raise UserError(f"Tệp {name} có một mã để trống; mỗi khóa phải là mã chỉ tiêu (ví dụ tthc.hs.tiep_nhan).")
    if len(key) > MAX_KEY_CHARS:
        raise UserError(
            f"Tệp {name}: mã “{_shown(key)}” quá dài ({format_number(len(key))} ký tự); đó không phải mã chỉ tiêu."
        )
    for text, what in (
        (key, f"mã “{_shown(key)}”"),
        (value if isinstance(value, str) else "", f"giá trị của “{_shown(key)}”"),
    ):
        ch = _surrogate(text)
        if ch:
            raise UserError(
                f"Tệp {name}: {what} có ký tự U+{ord(ch):04X} đứng một mình (nửa cặp thay thế \\u{ord(ch):04x}), "
                "không phải chữ; hãy xóa nó."
            )
    if any(unicodedata.category(ch) == "Cc" for ch in key):
        raise UserError(f"Tệp {name}: mã “{_shown(key)}” có ký tự điều khiển; đó không phải mã chỉ tiêu.")
    if value is not None and not isinstance(value, str | int | Decimal):
        kind = (
            "danh sách" if isinstance(value, list) else "đối tượng lồng nhau" if isinstance(value, dict) else "giá trị"
        )
        raise UserError(
            f"Tệp {name}: giá trị của “{_shown(key)}” là {kind}; tệp phải là một đối tượng phẳng "
            '{"mã": số hoặc chuỗi, …}.'
        )


def assignments(items: list[str], key: str = "Mã", example: str = "tthc.hs.tiep_nhan=1.138") -> dict[str, str]:
    """`KEY=VALUE` arguments as {key: value} (`set`'s codes, `report set`'s fields): each key once. `key`
    names them in the messages ("Mã", "Mục"), `example` shows the form."""
    result: dict[str, str] = {}
    form = f"{key.upper()}=GIÁ_TRỊ"
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UserError(f'"{quoted(item)}" không đúng dạng {form} (ví dụ {example}).')
        if name.strip() in result:
            raise UserError(f'{key} "{name.strip()}" được gán hai lần trong cùng một lệnh.')
        result[name.strip()] = value
    return result


def read_values(path: str) -> dict[str, object]:
    """The {code: value} of a `load` file (values: str, int, Decimal or None), or a UserError saying why not."""
    name = _shown_path(path)
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {name}: {_os_problem(exc)}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise UserError(
            f"Tệp {name} quá lớn: hơn {format_number(MAX_FILE_BYTES // 1_000_000)} MB; tệp giá trị của một kỳ "
            "chỉ vài kB. Hãy kiểm tra lại đã chọn đúng tệp."
        )
    text = _decode(name, data)
    try:
        result = json.loads(
            text,
            object_pairs_hook=_pairs(name),
            parse_float=Decimal,
            parse_int=lambda digits: int(digits) if len(digits) <= 40 else Decimal(digits),
            parse_constant=_refuse_constant(name),
        )
    except json.JSONDecodeError as exc:
        raise UserError(f"Tệp {name} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}).") from None
    except RecursionError:
        raise UserError(
            f'Tệp {name} lồng nhau quá sâu; tệp phải là một đối tượng phẳng {{"mã": số hoặc chuỗi, …}}.'
        ) from None
    if not isinstance(result, dict):
        raise UserError(f'Tệp {name} phải chứa một đối tượng JSON dạng {{"mã": giá trị, …}}.')
    for key, value in result.items():
        _check_entry(name, key, value)
    return result


def decode_arguments(argv: list[str]) -> tuple[list[str], str | None]:
    """The arguments as text, and why one cannot be read (None when all can).

    Bytes Python could not decode arrive as lone surrogates (surrogateescape): they are read again
    as UTF-8 (a program started in a non-UTF-8 locale), and refused in Vietnamese when they are not
    UTF-8 at all, naming the argument and the byte."""
    decoded = []
    for number, arg in enumerate(argv, start=1):
        if not any("\ud800" <= ch <= "\udfff" for ch in arg):
            decoded.append(arg)
            continue
        try:
            decoded.append(arg.encode("utf-8", "surrogateescape").decode("utf-8"))
            continue
        except UnicodeError:
            pass
        bad = next(ch for ch in arg if "\ud800" <= ch <= "\udfff")
        if _escaped_only(arg):
            text = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            what = f"byte không phải chữ UTF-8 (0x{ord(bad) & 0xFF:02X})"
        else:
            text = arg.encode("utf-8", "backslashreplace").decode("utf-8")
            what = f"ký tự U+{ord(bad):04X} đứng một mình, không phải chữ"
        text = text if len(text) <= 60 else text[:59] + "…"
        return decoded, (
            f"đối số thứ {number} “{text}” có {what}; hãy gõ lại đối số này (đặt máy dùng bảng mã UTF-8) "
            "rồi chạy lại lệnh."
        )
    return decoded, None


def _escaped_only(arg: str) -> bool:
    return all(not "\ud800" <= ch <= "\udfff" or "\udc80" <= ch <= "\udcff" for ch in arg)
