"""Line breaking and justified placement of mixed runs (emphasised text, superscript footnote marks) with fpdf2."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from fpdf import FPDF

from exports.inline import Run, combine_styles

PT = 25.4 / 72  # millimetres per point
SUPERSCRIPT_SCALE = 0.62
SUPERSCRIPT_RISE = 0.36  # of the base font size
MIN_SPLIT_ROOM = 15.0  # mm left on a line worth filling with the start of a word longer than a line
_SPACES = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Piece:
    """A run of characters in one font; rise lifts it above the baseline (mm)."""

    text: str
    style: str
    size: float
    width: float
    rise: float = 0.0
    note: int | None = None

    def cut(self, text: str, width: float) -> Piece:
        """The same run with other characters."""
        return Piece(text, self.style, self.size, width, self.rise, self.note)


@dataclass(frozen=True)
class Word:
    """What may not be broken: letters plus any marks glued to them."""

    pieces: tuple[Piece, ...]

    @property
    def width(self) -> float:
        """Advance width of the word without a following space."""
        return sum(piece.width for piece in self.pieces)

    @property
    def notes(self) -> tuple[int, ...]:
        """Footnote numbers marked in the word."""
        return tuple(piece.note for piece in self.pieces if piece.note is not None)


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    indent: float
    width: float
    space: float
    last: bool

    @property
    def notes(self) -> tuple[int, ...]:
        """The footnote numbers marked on this line."""
        return tuple(number for word in self.words for number in word.notes)

    @property
    def natural_width(self) -> float:
        """Width of the words with ordinary spaces between them."""
        return sum(word.width for word in self.words) + self.space * max(len(self.words) - 1, 0)


class Typesetter:
    """Measures with the PDF's fonts (cached) and draws words one by one at computed positions."""

    def __init__(self, pdf: FPDF, family: str):
        self.pdf = pdf
        self.family = family
        self._widths: dict[tuple[str, str, float], float] = {}
        self._font: tuple[str, float] | None = None

    def use_font(self, style: str, size: float) -> None:
        """Select family/style/size on the PDF unless already selected."""
        if self._font != (style, size):
            self.pdf.set_font(self.family, style, size)
            self._font = (style, size)

    def forget_font(self) -> None:
        """Reselect the font on the next use (a new page starts without one)."""
        self._font = None

    def measure(self, text: str, style: str, size: float) -> float:
        """Width of text in mm."""
        key = (text, style, size)
        width = self._widths.get(key)
        if width is None:
            self.use_font(style, size)
            width = self.pdf.get_string_width(text, normalized=True)
            self._widths[key] = width
        return width

    def words(self, runs: Iterable[str | int | Run], style: str, size: float) -> list[Word]:
        """Words of the runs in the block's style, a Run's emphasis added to it, each part measured in its own face.

        An int run is a superscript footnote mark (in the block's style) glued to what precedes and follows it.
        """
        words: list[Word] = []
        pieces: list[Piece] = []

        def finish() -> None:
            if pieces:
                words.append(Word(tuple(pieces)))
                pieces.clear()

        sup_size = round(size * SUPERSCRIPT_SCALE, 1)
        for run in runs:
            if isinstance(run, int):
                label = str(run)
                rise = size * SUPERSCRIPT_RISE * PT
                pieces.append(Piece(label, style, sup_size, self.measure(label, style, sup_size), rise, run))
                continue
            text, face = (run, style) if isinstance(run, str) else (run.text, combine_styles(style, run))
            for part in _SPACES.split(text):
                if not part:
                    continue
                if part.isspace():
                    finish()
                else:
                    pieces.append(Piece(part, face, size, self.measure(part, face, size)))
        finish()
        return words

    def break_lines(
        self, words: list[Word], width: float, style: str, size: float, first_indent: float = 0.0
    ) -> list[Line]:
        """Greedy first-fit lines: each line as many words as fit, the first line indented."""
        space = self.measure(" ", style, size)
        lines: list[Line] = []
        current: list[Word] = []
        used = 0.0
        indent = first_indent
        queue = deque(words)
        while queue:
            word = queue.popleft()
            room = width - indent
            needed = word.width if not current else used + space + word.width
            if needed <= room + 1e-6:
                current.append(word)
                used = needed
                continue
            if current and word.width > width and room - used - space > MIN_SPLIT_ROOM:
                head, tail = self._split_word(word, room - used - space)
                current.append(head)
                lines.append(Line(tuple(current), indent, width - indent, space, False))
                current, used, indent = [], 0.0, 0.0
                if tail is not None:
                    queue.appendleft(tail)
                continue
            if not current:
                head, tail = self._split_word(word, room)
                current.append(head)
                used = head.width
                if tail is not None:
                    queue.appendleft(tail)
                    lines.append(Line(tuple(current), indent, width - indent, space, False))
                    current, used, indent = [], 0.0, 0.0
                continue
            lines.append(Line(tuple(current), indent, width - indent, space, False))
            current, used, indent = [], 0.0, 0.0
            queue.appendleft(word)
        if current or not lines:
            lines.append(Line(tuple(current), indent, width - indent, space, True))
        else:
            last = lines[-1]
            lines[-1] = Line(last.words, last.indent, last.width, last.space, True)
        return lines

    def _split_word(self, word: Word, room: float) -> tuple[Word, Word | None]:
        """Cut a word wider than the line after the last character that fits (at least one)."""
        head: list[Piece] = []
        used = 0.0
        for index, piece in enumerate(word.pieces):
            if used + piece.width <= room:
                head.append(piece)
                used += piece.width
                continue
            cut = len(piece.text) - 1
            while cut > 0 and used + self.measure(piece.text[:cut], piece.style, piece.size) > room:
                cut -= 1
            if cut == 0 and not head:
                cut = 1
            tail = list(word.pieces[index + 1 :])
            if cut < len(piece.text):
                rest = piece.text[cut:]
                tail.insert(0, piece.cut(rest, self.measure(rest, piece.style, piece.size)))
            if cut:
                first = piece.text[:cut]
                head.append(piece.cut(first, self.measure(first, piece.style, piece.size)))
            return Word(tuple(head)), Word(tuple(tail)) if tail else None
        return word, None

    def draw_line(self, line: Line, x: float, baseline: float, align: str = "J") -> None:
        """Place the words of a line: "J" justified (the last line left), "L" left, "C" centred."""
        if not line.words:
            return
        gaps = len(line.words) - 1
        space = line.space
        start = x + line.indent
        if align == "C":
            start = x + line.indent + (line.width - line.natural_width) / 2
        elif align == "J" and not line.last and gaps:
            space += (line.width - line.natural_width) / gaps
        cursor = start
        for number, word in enumerate(line.words):
            trailing = " " if number < gaps else ""
            for index, piece in enumerate(word.pieces):
                text = piece.text + trailing if index == len(word.pieces) - 1 else piece.text
                self.use_font(piece.style, piece.size)
                self.pdf.text(cursor, baseline - piece.rise, text)
                cursor += piece.width
            cursor += space

    def plain_lines(self, text: str, width: float, style: str, size: float) -> list[Line]:
        """Lines of a text without marks (header, title, signature)."""
        return self.break_lines(self.words([text], style, size), width, style, size)

    def draw_centered(self, text: str, style: str, size: float, left: float, width: float, baseline: float) -> float:
        """Draw text centred in [left, left + width] keeping its spaces as typed; returns its width."""
        text_width = self.measure(text, style, size)
        self.use_font(style, size)
        self.pdf.text(left + (width - text_width) / 2, baseline, text)
        return text_width
