"""The grammar of a sentence pattern: text with `{code}` figures, optional parts `[…]` (nestable) and
alternatives `[A|B|C]` (the first that can be printed).

A sentence prints every known figure and leaves out only the unknown ones, its grammar intact: each
figure that may be missing sits in its own optional part, and where the words around a figure depend
on which figures are known, the pattern gives the alternatives (`[… (trực tuyến: {a}, trực tiếp: {b})
|… trực tuyến: {a}|… trực tiếp: {b}]`).

- A part (or an alternative) is left out when a figure written directly in it has no value, and when
  it holds figures (in nested parts) of which none is printed: `[ (trong đó[, a: {x}][, b: {y}])]`
  prints nothing when neither x nor y is known.
- A figure outside every bracket with no value leaves the whole sentence out, and so does a sentence
  holding figures of which none is printed.
- `[!A|B]` must print one of its alternatives: when none can be printed, the enclosing part (or the
  sentence) is left out, as for a missing figure.
- A list is a part made only of parts: `[[a: {x}][; b: {y}][, c: {z}]]`. Its items begin with their
  separator (`, `, `; ` or ` và `); the first item printed loses it (`b: 5; c: 7` when x is unknown).
- `{period}`, `{unit_short}` and the like are words, not figures: they never leave anything out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{([^{}:]+)(:n)?\}")
LEADING_SEPARATOR = re.compile(r"^\s*(?:[,;]|và\b)\s*")


class PatternError(ValueError):
    """A pattern whose brackets do not match (the loader names the file and line)."""


@dataclass(frozen=True)
class Choice:
    """`[A|B]`: alternatives, each a sequence of text and choices; `[!A|B]` must print one of them."""

    alternatives: tuple[tuple[Item, ...], ...]
    required: bool = False


Item = str | Choice  # a sequence's part: text (with placeholders) or a choice


def parse(pattern: str) -> tuple[Item, ...]:
    """The pattern as a sequence of text pieces (str) and Choices; PatternError for unmatched brackets."""
    sequence, position = _sequence(pattern, 0, top=True)
    if position != len(pattern):
        raise PatternError(f"dấu “]” thừa ở vị trí {position + 1}")
    return sequence


def _sequence(text: str, position: int, top: bool = False) -> tuple[tuple[Item, ...], int]:
    """Items up to the end (top level) or up to a `|` / `]` of the enclosing choice."""
    items: list[Item] = []
    piece: list[str] = []
    while position < len(text):
        ch = text[position]
        if ch == "[":
            if piece:
                items.append("".join(piece))
                piece = []
            choice, position = _choice(text, position + 1)
            items.append(choice)
            continue
        if ch in "]|" and not top:
            break
        if ch == "]":
            break
        piece.append(ch)
        position += 1
    if piece:
        items.append("".join(piece))
    return tuple(items), position


def _choice(text: str, position: int) -> tuple[Choice, int]:
    alternatives = []
    required = text.startswith("!", position)
    position += required
    while True:
        sequence, position = _sequence(text, position)
        alternatives.append(sequence)
        if position >= len(text):
            raise PatternError("thiếu dấu “]” đóng phần tùy chọn")
        if text[position] == "]":
            return Choice(tuple(alternatives), required), position + 1
        position += 1  # past "|"


def expand(pattern: str, convert: Callable[[re.Match], str | None], is_word=lambda name: False) -> str | None:
    """The pattern with each placeholder converted (None: the figure has no value), optional parts
    and alternatives resolved (see the module's docstring); None when a required figure has no value."""
    text, printed, held = _render(parse(pattern), convert, is_word)
    return None if held and not printed else text


def _render(sequence: tuple[Item, ...], convert, is_word) -> tuple[str | None, int, int]:
    """(text or None when a figure of the sequence itself is missing, figures printed, figures held)."""
    out, printed, held = [], 0, 0
    for item in sequence:
        if isinstance(item, Choice):
            for alternative in item.alternatives:
                text, shown, count = _render(alternative, convert, is_word)
                held += count
                if text is not None and (shown or not count):
                    if alternative and all(isinstance(part, Choice) for part in alternative):
                        text = LEADING_SEPARATOR.sub("", text, count=1)  # a list: its first item's separator
                    out.append(text)
                    printed += shown
                    break
            else:
                if item.required:
                    return None, printed, held
            continue
        missing = False

        def replace(match: re.Match) -> str:
            nonlocal missing, printed, held
            shown = convert(match)
            if not is_word(match.group(1)):
                held += 1
                printed += shown is not None
            if shown is None:
                missing = True
                return ""
            return shown

        text = PLACEHOLDER.sub(replace, item)
        if missing:
            return None, printed, held
        out.append(text)
    return "".join(out), printed, held


def codes_of(pattern: str) -> list[str]:
    """Every figure a pattern names (placeholders anywhere in it)."""
    return [match.group(1) for match in PLACEHOLDER.finditer(pattern)]
