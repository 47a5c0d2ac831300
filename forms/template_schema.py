"""The kinds of value each key of a template's TOML files holds, checked before anything is built.

A pack comes from outside: a key given a list where text is due, a table where a list of tables is
due, is named with its file and line (TemplateError), never met later as a Python error. Keys the
schema does not know are left alone (a newer template may carry more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard

from forms.toml_source import Source

VERSION = re.compile(r"[0-9]{4}\.[0-9]{1,4}")  # fullmatch: `2024.1`, never a trailing newline or other digits
SECTION_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")  # a section file's name: `tthc` → tthc.toml


def is_version(text: object) -> TypeGuard[str]:
    """True for a template version name as packs and folders carry it (`2024.1`)."""
    return isinstance(text, str) and VERSION.fullmatch(text) is not None


@dataclass(frozen=True)
class Map:
    """A table of any keys, each value of one kind (`[caps]`, `[lists.linh_vuc]`)."""

    kind: object


NUMBER = (int, float)
TEXTS = Map(str)

TEMPLATE = {
    "version": str,
    "title": str,
    "valid_from": str,
    "sections": [str],
    "renamed": TEXTS,
    "levels": TEXTS,
    "caps": TEXTS,
    "parts": TEXTS,
    "level_subjects": TEXTS,
    "lists": Map(TEXTS),
    "report": {"subject": str, "closing": str, "all_units": str},
    "annex": {
        "dossier": {
            "title": str,
            "form": str,
            "column": [{"code": str, "number": str}],
            "group": [{"title": str, "first": int, "last": int}],
        },
        "review": {"table": str, "title": str, "rate": [{"label": str, "parts": [str], "total": str}]},
    },
}

INDICATOR = {
    "code": str,
    "label": str,
    "unit": str,
    "type": str,
    "time": str,
    "units": str,
    "help": str,
    "indent": int,
    "opening": str,
    "flow": str,
    "levels": [str],
}

SECTION = {
    "section": {"id": str, "key": str, "title": str, "short_title": str, "narrative": str, "narrative_label": str},
    "group": [
        {
            "id": str,
            "title": str,
            "sentence": str,
            "total_sentence": str,
            "levels": [str],
            "by_level": bool,
            "indicator": [INDICATOR],
        }
    ],
    "table": [
        {
            "id": str,
            "title": str,
            "rows": str,
            "caps": [str],
            "time": str,
            "units": str,
            "sentence": str,
            "cap_sentence": str,
            "column": [{"key": str, "label": str, "unit": str, "type": str, "help": str}],
        }
    ],
    "computed": [{"code": str, "label": str, "kind": str, "num": str, "den": str, "unit": str, "share": bool}],
    "rule": [
        {
            "id": str,
            "importance": str,
            "kind": str,
            "message": str,
            "left": str,
            "op": str,
            "right": str,
            "missing": str,
            "derive": bool,
            "optional": str,
            "tolerance": NUMBER,
            "when_any": str,
            "table": str,
            "codes": [str],
            "factor": NUMBER,
            "history": int,
            "min_periods": int,
            "min_mean": NUMBER,
        }
    ],
}

_WORDS = {str: "chuỗi trong ngoặc kép", int: "số nguyên", NUMBER: "số", bool: "true hoặc false"}


def section_keys(data: dict, source: Source) -> list[str]:
    """template.toml's kinds checked; its section files' names (each a file of the template's own folder)."""
    check_kinds(data, TEMPLATE, source)
    keys = data.get("sections", [])
    for key in keys:
        if not SECTION_KEY.fullmatch(key):
            raise source.fail(
                f'tên phần "{key}" không hợp lệ: chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.', key
            )
    return keys


def check_kinds(data: dict, schema: dict, source: Source) -> None:
    """Every key the schema knows holds the kind it names; TemplateError naming the file and line."""
    _check(data, schema, source, "", ())


def _check(value, kind, source: Source, where: str, anchors: tuple[str, ...]) -> None:
    if isinstance(kind, dict):
        if not isinstance(value, dict):
            raise _wrong(source, where, "một bảng", value, anchors)
        named = _anchor(value)
        anchors = (named, *anchors) if named else anchors
        for key, inner in kind.items():
            if key in value:
                _check(value[key], inner, source, f"{where}.{key}" if where else key, (*anchors, key))
    elif isinstance(kind, Map):
        if not isinstance(value, dict):
            raise _wrong(source, where, "một bảng", value, anchors)
        for key, inner in value.items():
            _check(inner, kind.kind, source, f"{where}.{key}", (*anchors, key))
    elif isinstance(kind, list):
        if not isinstance(value, list):
            shown = f"danh sách [[{where}]]" if isinstance(kind[0], dict) else "một danh sách"
            raise _wrong(source, where, shown, value, anchors)
        for item in value:
            _check(item, kind[0], source, where, anchors)
    elif isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
        raise _wrong(source, where, _WORDS[kind], value, anchors)


def _anchor(table: dict) -> str:
    """What names an entry in its file (its code, id or key), to point a mistake at its line."""
    for key in ("code", "id", "key", "title", "label"):
        if isinstance(table.get(key), str):
            return table[key]
    return ""


def _wrong(source: Source, where: str, expected: str, value, anchors: tuple[str, ...]):
    shown = repr(value) if isinstance(value, str | int | float | bool) else type(value).__name__
    words = {"list": "một danh sách", "dict": "một bảng"}
    shown = words.get(shown, shown)
    return source.fail(f'"{where}" phải là {expected} (đang là {shown[:40]}).', *anchors)
