"""Reading one TOML file of a template, and pointing a mistake at its file and line."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from typing import Protocol

from forms.errors import TemplateError


class Readable(Protocol):
    """A file to read: a `pathlib.Path` or an `importlib.resources` Traversable."""

    name: str

    def read_text(self, encoding: str = ...) -> str: ...


class Source:
    """A TOML file's text, to point a mistake at its line."""

    def __init__(self, path: Readable, label: str = ""):
        self.path = path
        self.label = label or path.name
        self.text = path.read_text(encoding="utf-8")
        self.lines = self.text.splitlines()

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
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)(?:, column (\d+))?", str(exc))
            line = match.group(1) if match else "?"
            column = f", cột {match.group(2)}" if match and match.group(2) else ""
            raise TemplateError(
                f"Lỗi trong tệp mẫu {self.label}, dòng {line}{column}: sai cú pháp TOML "
                "(thiếu dấu ngoặc kép, dấu ngoặc hoặc dấu bằng?)."
            ) from None
        check_nfc(data, self)
        return data


def check_nfc(node, source: Source) -> None:
    if isinstance(node, str):
        if not unicodedata.is_normalized("NFC", node):
            raise source.fail("văn bản chưa chuẩn hóa Unicode NFC (hãy lưu lại tệp ở dạng NFC).", node[:20])
    elif isinstance(node, dict):
        for key, value in node.items():
            check_nfc(key, source)
            check_nfc(value, source)
    elif isinstance(node, list):
        for item in node:
            check_nfc(item, source)


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
