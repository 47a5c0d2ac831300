"""Text from outside (a file, a pasted code, a typed name) made safe: unit codes and names as stored and
matched, and any outside text as a message may quote it to a terminal or a dialog.

A code is what keys a unit's figures, so two spellings of one code must never make two units: a code is
NFC, without invisible characters (U+200B …) or surrounding spaces, and a new one is written in a defined
alphabet. A name may hold any letter but no control or bidirectional-override character (U+202E would
print the rest of a line backwards). A message quoting outside text shows such characters by their code
(`\\x1b`, `U+202E`) and cuts a long value with "…"."""

from __future__ import annotations

import re
import unicodedata

from forms.errors import ValueInputError

# Characters that print as nothing: a code or a number pasted from a web page or Word may carry them.
INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
# Bidirectional controls: they reorder what follows them on screen (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CODE_CHAR = re.compile(r"[A-Za-z0-9._-]")
CODE_ALPHABET = "chữ cái không dấu A–Z, a–z, chữ số 0–9 và các dấu - _ ."
CODE_CHARS = 50
QUOTE_CHARS = 80  # a value quoted in a message: enough to recognise it, never a screenful


def character_name(ch: str) -> str:
    """How a message names a character a person cannot see: `U+202E`."""
    return f"U+{ord(ch):04X}"


def _hidden(ch: str) -> bool:
    """Control, format (bidi, zero-width), surrogate and line/paragraph separator characters."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def _shown(ch: str) -> str:
    if unicodedata.category(ch) == "Cc":
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\x{ord(ch):02x}")
    return character_name(ch)


def _pieces(text: str, keep: str) -> list[str]:
    return [_shown(ch) if ch not in keep and _hidden(ch) else ch for ch in text]


def quoted(value: object, limit: int = QUOTE_CHARS) -> str:
    """Outside text as a message quotes it: every control, format (bidi, zero-width) and separator
    character shown by its code (`\\x1b`, `\\n`, `U+202E`), cut to at most `limit` characters with "…"."""
    text = "" if value is None else str(value)
    pieces = _pieces(text[: limit + 1], "")  # never walk a million characters to show eighty
    if len(text) <= limit and sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    kept: list[str] = []
    length = 0
    for piece in pieces:
        if length + len(piece) > limit - 1:
            break
        kept.append(piece)
        length += len(piece)
    return "".join(kept) + "…"


def printable(text: object) -> str:
    """A whole message as a terminal or a dialog may show it: newlines and tabs kept, every other
    control, format (bidi, zero-width) and separator character shown by its code; nothing cut."""
    text = "" if text is None else str(text)
    if not any(_hidden(ch) for ch in text):
        return text
    return "".join(_pieces(text, "\n\t"))


def _normal(value: object) -> str:
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", "" if value is None else str(value))).strip()


def normal_code(value: object) -> str:
    """A unit code as it is stored and matched: NFC, without invisible characters or surrounding spaces
    (so `XA-001` followed by U+200B is `XA-001`)."""
    return _normal(value)


def clean_code(value: object, label: str = "Mã đơn vị") -> str:
    """A new unit code, normalised (normal_code); ValueInputError when it holds a space, a control or
    bidi character, a letter with diacritics or a sign outside the code alphabet, or is too long.
    An empty code is returned empty: whether one is required is the caller's to say."""
    code = normal_code(value)
    if not code or CODE_PATTERN.fullmatch(code):
        if len(code) > CODE_CHARS:
            raise ValueInputError(f"{label} quá dài: {len(code)} ký tự, tối đa {CODE_CHARS} ký tự.", code)
        return code
    bad = next((ch for ch in code if not _CODE_CHAR.fullmatch(ch)), code[0])
    if code[0] == bad and bad in "._-":
        what = f"dấu “{bad}” ở đầu"
    elif bad.isspace():
        what = "khoảng trắng"
    elif _hidden(bad):
        what = f"ký tự điều khiển {character_name(bad)}"
    else:
        what = f"ký tự “{bad}”"
    raise ValueInputError(
        f'{label} "{quoted(code)}" có {what}, không dùng được trong mã: mã chỉ gồm {CODE_ALPHABET}, '
        "bắt đầu bằng chữ cái hoặc chữ số (ví dụ XA-001).",
        code,
    )


def clean_name(value: object, label: str) -> str:
    """A unit's name (or another of its texts), NFC, without invisible characters or surrounding spaces;
    ValueInputError when it holds a control or bidirectional-override character."""
    text = _normal(value)
    for position, ch in enumerate(text, start=1):
        if ch in BIDI_CONTROLS or _hidden(ch):
            kind = "ký tự đổi chiều chữ" if ch in BIDI_CONTROLS else "ký tự điều khiển"
            raise ValueInputError(
                f"“{label}” có {kind} {character_name(ch)} (vị trí {position}), không phải chữ; hãy xóa ký tự "
                f"này (thường do dán từ chương trình khác): “{quoted(text)}”.",
                text,
            )
    return text
