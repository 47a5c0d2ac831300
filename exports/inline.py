"""Inline emphasis written by the clerk: `*nghiêng*`, `**đậm**`, `***cả hai***`; `\\*` is a literal asterisk.

An opening `*`/`**` must be followed by a non-space and a closing one preceded by a non-space, so `5 * 3`
and a lone `*` stay as typed; markers that find no partner print as typed. Pairs are matched the way
CommonMark matches `*` delimiter runs. A footnote `^[…]` is one opaque piece of text here: emphasis may
span it, and its own text is parsed on its own (`styled_runs` numbers the notes and keeps them raw).
Pure: no PDF library, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from exports.footnotes import OPEN as FOOTNOTE_OPEN
from exports.footnotes import FootnoteNumbering, closing_bracket

MARK = "*"
ESCAPE = "\\"
_SPECIAL = re.compile("[" + re.escape(MARK + ESCAPE + FOOTNOTE_OPEN[0]) + "]")  # where _tokens looks again
# "+ Cấp huyện:" at the start of a bullet: the level label the reference prints bold
LEVEL_LABEL = re.compile(r"(\s*\+[ \t]+)(cấp(?:[ \t]+[^\W\d_]+){1,3}:)(?=\s|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """Characters printed in one style."""

    text: str
    bold: bool = False
    italic: bool = False

    @property
    def style(self) -> str:
        """The fpdf2 style letters of the run: "", "B", "I" or "BI"."""
        return ("B" if self.bold else "") + ("I" if self.italic else "")


def combine_styles(base: str, run: Run) -> str:
    """A block's style with a run's emphasis added (italic inside a bold heading is bold italic)."""
    bold = "B" in base or run.bold
    italic = "I" in base or run.italic
    return ("B" if bold else "") + ("I" if italic else "")


def parse_inline(text: str) -> list[Run]:
    """The runs of marked-up text (NFC), markers removed; a footnote `^[…]` is kept verbatim inside its run."""
    tokens = _tokens(unicodedata.normalize("NFC", text))
    _match(tokens)
    return _runs(tokens)


def plain_text(text: str) -> str:
    """The text without emphasis markers, in footnote texts too (`^[…]` itself is kept)."""
    out: list[str] = []
    for run in parse_inline(text):
        position = 0
        body = run.text
        while True:
            start = body.find(FOOTNOTE_OPEN, position)
            end = closing_bracket(body, start + 1) if start >= 0 else -1
            if end < 0:
                out.append(body[position:])
                break
            out.append(body[position : start + len(FOOTNOTE_OPEN)])
            out.append(plain_text(body[start + len(FOOTNOTE_OPEN) : end]))
            out.append("]")
            position = end + 1
    return unicodedata.normalize("NFC", "".join(out))


def styled_runs(text: str, numbering: FootnoteNumbering) -> tuple[Run | int, ...]:
    """Runs of a block's text with its footnote marks numbered (an int is a mark); note texts keep their markup."""
    items: list[Run | int] = []
    for run in parse_inline(text):
        for part in numbering.annotate(run.text).runs:
            items.append(part if isinstance(part, int) else Run(part, run.bold, run.italic))
    return tuple(items)


def bullet_runs(text: str, numbering: FootnoteNumbering) -> tuple[Run | int, ...]:
    """Like styled_runs, with a leading level label ("+ Cấp xã:") bold even when the clerk did not mark it."""
    text = unicodedata.normalize("NFC", text)
    label = LEVEL_LABEL.match(text)
    if label is None:
        return styled_runs(text, numbering)
    head = (Run(label.group(1)), Run(label.group(2), bold=True))
    return head + styled_runs(text[label.end() :], numbering)


@dataclass
class _Token:
    """Literal text, or a run of asterisks that may open and/or close emphasis."""

    text: str
    delimiter: bool = False
    can_open: bool = False
    can_close: bool = False
    length: int = 0  # asterisks in the run as typed
    left: int = 0  # asterisks still unmatched
    closes: list[int] = field(default_factory=list)  # emphasis ended here, in order (1 italic, 2 bold)
    opens: list[int] = field(default_factory=list)  # emphasis started here, in order


def _tokens(text: str) -> list[_Token]:
    """Literal pieces and asterisk runs; `\\*` becomes a literal asterisk, a footnote stays one literal piece."""
    tokens: list[_Token] = []
    literal: list[str] = []
    index = 0
    notes_closed = True  # after an unclosed "^[" nothing is a footnote (as split_footnotes reads it)

    def flush() -> None:
        if literal:
            tokens.append(_Token("".join(literal)))
            literal.clear()

    while index < len(text):
        char = text[index]
        if char == ESCAPE and text.startswith(MARK, index + 1):
            literal.append(MARK)
            index += 2
            continue
        if notes_closed and text.startswith(FOOTNOTE_OPEN, index):
            end = closing_bracket(text, index + 1)
            if end >= 0:
                literal.append(text[index : end + 1])
                index = end + 1
                continue
            notes_closed = False
        if char != MARK:
            found = _SPECIAL.search(text, index + 1)  # the plain run up to the next character that may matter
            stop = found.start() if found else len(text)
            literal.append(text[index:stop])
            index = stop
            continue
        end = index
        while end < len(text) and text[end] == MARK:
            end += 1
        before = text[index - 1] if index else ""
        after = text[end] if end < len(text) else ""
        flush()
        length = end - index
        tokens.append(
            _Token(
                MARK * length,
                delimiter=True,
                can_open=bool(after) and not after.isspace(),
                can_close=bool(before) and not before.isspace(),
                length=length,
                left=length,
            )
        )
        index = end
    flush()
    return tokens


def _match(tokens: list[_Token]) -> None:
    """Pair closers with the nearest possible opener before them (CommonMark's rules for `*`)."""
    openers: list[int] = []  # indexes of the asterisk runs that may still open, left to right
    for index, closer in enumerate(tokens):
        if not closer.delimiter:
            continue
        while closer.can_close and closer.left:
            position = _opener_for(tokens, openers, closer)
            if position < 0:
                break
            opener = tokens[openers[position]]
            use = 2 if opener.left >= 2 and closer.left >= 2 else 1
            opener.left -= use
            closer.left -= use
            opener.opens.insert(0, use)
            closer.closes.append(use)
            del openers[position + (1 if opener.left else 0) :]  # runs between a pair can no longer pair
        if closer.can_open and closer.left:
            openers.append(index)


def _opener_for(tokens: list[_Token], openers: list[int], closer: _Token) -> int:
    """Position in openers of the nearest run that may close with closer, or -1."""
    for position in range(len(openers) - 1, -1, -1):
        opener = tokens[openers[position]]
        both = opener.can_close or closer.can_open
        if both and (opener.length + closer.length) % 3 == 0 and (opener.length % 3 or closer.length % 3):
            continue
        return position
    return -1


def _runs(tokens: list[_Token]) -> list[Run]:
    """Walk the tokens keeping how deep in italic and bold each character is; merge equal neighbours."""
    runs: list[Run] = []
    depth = {1: 0, 2: 0}

    def emit(text: str) -> None:
        if not text:
            return
        bold, italic = depth[2] > 0, depth[1] > 0
        if runs and (runs[-1].bold, runs[-1].italic) == (bold, italic):
            runs[-1] = Run(runs[-1].text + text, bold, italic)
        else:
            runs.append(Run(text, bold, italic))

    for token in tokens:
        if not token.delimiter:
            emit(token.text)
            continue
        for use in token.closes:
            depth[use] -= 1
        emit(MARK * token.left)
        for use in token.opens:
            depth[use] += 1
    return [Run(unicodedata.normalize("NFC", run.text), run.bold, run.italic) for run in runs]
