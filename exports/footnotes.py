"""Inline footnotes: `word^[note text]` in a block's text, numbered continuously through the document."""

from __future__ import annotations

from dataclasses import dataclass, field

OPEN = "^["


def split_footnotes(text: str) -> tuple[list[str], list[str]]:
    """Split text into segments and notes: segments[i] is followed by the mark of notes[i]; one more segment."""
    segments: list[str] = []
    notes: list[str] = []
    current: list[str] = []
    position = 0
    while True:
        start = text.find(OPEN, position)
        if start < 0:
            current.append(text[position:])
            break
        end = closing_bracket(text, start + 1)
        if end < 0:
            current.append(text[position:])
            break
        current.append(text[position:start])
        note = " ".join(text[start + 2 : end].split())
        if note:
            segments.append("".join(current).rstrip())
            notes.append(note)
            current = []
        position = end + 1
    segments.append("".join(current))
    return segments, notes


def closing_bracket(text: str, open_index: int) -> int:
    """Index of the "]" that balances the "[" at open_index, or -1."""
    depth = 0
    for index in range(open_index, len(text)):
        char = text[index]
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
    return -1


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True)
class AnnotatedText:
    """Text as runs: plain strings and footnote numbers (an int is a mark placed right after the text before it)."""

    runs: tuple[str | int, ...]
    notes: tuple[Footnote, ...]


@dataclass
class FootnoteNumbering:
    """Numbers footnotes 1, 2, 3 … across all the blocks of one document, in reading order."""

    notes: list[Footnote] = field(default_factory=list)

    def annotate(self, text: str) -> AnnotatedText:
        """The runs of text with its footnotes numbered after those seen so far."""
        segments, note_texts = split_footnotes(text)
        runs: list[str | int] = []
        found: list[Footnote] = []
        for segment, note_text in zip(segments, note_texts, strict=False):
            if segment:
                runs.append(segment)
            footnote = Footnote(len(self.notes) + 1, note_text)
            self.notes.append(footnote)
            found.append(footnote)
            runs.append(footnote.number)
        if segments[-1]:
            runs.append(segments[-1])
        return AnnotatedText(tuple(runs), tuple(found))
