"""Reading one TOML file of a template, and pointing a mistake at its file and line."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from typing import Protocol

from forms.errors import TemplateError

MAX_DEPTH = 32  # tables and arrays inside one another: a template needs 6; a hostile file may nest thousands
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


class Readable(Protocol):
    """A file to read: a `pathlib.Path` or an `importlib.resources` Traversable."""

    @property
    def name(self) -> str: ...
    def read_bytes(self) -> bytes: ...
    def is_file(self) -> bool: ...


class Folder(Protocol):
    """A folder of files to read, `folder / name`: a `pathlib.Path`, a Traversable or a pack in memory."""

    def __truediv__(self, name: str, /) -> Readable: ...


class Source:
    """A TOML file's text, to point a mistake at its line."""

    def __init__(self, path: Readable, label: str = ""):
        self.path = path
        self.label = label or path.name
        self.text = self._decode(path.read_bytes())
        self.lines = self.text.splitlines()

    def _decode(self, data: bytes) -> str:
        """The file's text: UTF-8 (a leading byte-order mark, as Notepad writes it, is allowed)."""
        if data.startswith(UTF16_MARKS):
            raise self.fail("tệp đang lưu ở dạng UTF-16; hãy lưu lại tệp ở dạng UTF-8.")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise TemplateError(
                f"Lỗi trong tệp mẫu {self.label}, dòng {line}: tệp không phải văn bản UTF-8 "
                "(hãy lưu lại tệp ở dạng UTF-8)."
            ) from None

    def line_of(self, *needles: str) -> int:
        """The first line holding a needle as a quoted string, else as a bare key (`valid_from = …`)."""
        for needle in needles:
            quoted = f'"{needle}"'
            for number, line in enumerate(self.lines, start=1):
                if quoted in line:
                    return number
            for number, line in enumerate(self.lines, start=1):
                if re.match(rf"\s*{re.escape(needle)}\s*=", line):
                    return number
        return 1

    def fail(self, message: str, *needles: str) -> TemplateError:
        line = self.line_of(*needles) if needles else 1
        return TemplateError(f"Lỗi trong tệp mẫu {self.label}, dòng {line}: {message}")

    def parse(self) -> dict:
        try:
            data = tomllib.loads(self.text)
        except RecursionError:
            raise self.fail(too_deep()) from None
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)(?:, column (\d+))?", str(exc))
            line = match.group(1) if match else "?"
            column = f", cột {match.group(2)}" if match and match.group(2) else ""
            raise TemplateError(
                f"Lỗi trong tệp mẫu {self.label}, dòng {line}{column}: sai cú pháp TOML "
                "(thiếu dấu ngoặc kép, dấu ngoặc hoặc dấu bằng?)."
            ) from None
        except ValueError:  # an integer of thousands of digits
            raise self.fail("có một số quá dài; mẫu báo cáo chỉ dùng số ngắn.") from None
        check_nfc(data, self)
        return data


def too_deep() -> str:
    return f"các bảng và danh sách lồng nhau quá sâu (quá {MAX_DEPTH} tầng); mẫu báo cáo không cần lồng sâu như vậy."


def check_nfc(data: dict, source: Source) -> None:
    """Every key and text in NFC, and nothing nested deeper than MAX_DEPTH (walked without recursion)."""
    pending = [(data, 0)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, str):
            if not unicodedata.is_normalized("NFC", node):
                raise source.fail("văn bản chưa chuẩn hóa Unicode NFC (hãy lưu lại tệp ở dạng NFC).", node[:20])
            continue
        if depth > MAX_DEPTH:
            raise source.fail(too_deep())
        if isinstance(node, dict):
            pending.extend((key, depth) for key in node)
            pending.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            pending.extend((item, depth + 1) for item in node)


def split_expr(expr: str) -> tuple[str, ...]:
    """Operands of a `+`-separated expression of codes."""
    return tuple(part.strip() for part in expr.split("+") if part.strip())


def required(entry: dict, key: str, source: Source, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise source.fail(f'thiếu khóa "{key}" (chuỗi) trong {where}.', where)
    return value


def choice(entry: dict, key: str, allowed: tuple, source: Source, where: str, default=None) -> str:
    value = entry.get(key, default)
    if value not in allowed:
        raise source.fail(
            f'giá trị "{key} = {value}" của {where} không hợp lệ; chỉ được dùng: {", ".join(allowed)}.',
            where,
        )
    return value


def text_table(data: dict, key: str, source: Source) -> dict[str, str]:
    """An optional `[key]` table of strings (slug = text), in file order."""
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise source.fail(f'bảng [{key}] chỉ được chứa các dòng dạng mã = "chuỗi".', key)
    return dict(value)
