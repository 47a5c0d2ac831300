"""How a table grid shares its width: every column in view, no sideways scroll, at any scaling.

The number columns get what their widest header word or value needs; the row labels (“Cấp xã –
Nông nghiệp và Phát triển nông thôn”) get the rest and wrap onto more lines; room left over widens
the number columns evenly, so their headers take fewer lines. Measuring is the caller's (a font's
`measure`), so this runs without a display.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str], int]


@dataclass(frozen=True)
class GridWidths:
    index: int
    columns: tuple[int, ...]


def wrap_words(text: str, width: int, measure: Measure) -> list[str]:
    """`text` in lines no wider than `width` (a word wider than that stands alone on its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def share_width(
    room: int,
    index_natural: int,
    index_least: int,
    columns_least: list[int],
) -> GridWidths:
    """Split `room` pixels between the row labels and the number columns.

    The labels take their full width when it fits beside the columns' least widths, else what is
    left (never below `index_least`, the widest single word); the rest widens the columns evenly.
    """
    needed = sum(columns_least)
    index = max(index_least, min(index_natural, room - needed))
    spare = max(room - index - needed, 0)
    count = max(len(columns_least), 1)
    extra = [spare // count + (1 if n < spare % count else 0) for n in range(len(columns_least))]
    return GridWidths(index, tuple(least + more for least, more in zip(columns_least, extra, strict=True)))


ELLIPSIS = "…"


def fit_lines(text: str, width: int, most: int, measure: Measure) -> list[str]:
    """`text` wrapped to `width` in at most `most` lines; a longer text ends its last line with “…”
    (the whole text is shown elsewhere: the detail under the list). Every line fits `width`."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        for line in wrap_words(paragraph, width, measure):
            while measure(line) > width and len(line) > 1:  # a single word wider than the cell
                line = line[:-1]
            lines.append(line)
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1]
    while last and measure(f"{last}{ELLIPSIS}") > width:  # whole words go first, then letters
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = f"{last.rstrip(' ,;:')}{ELLIPSIS}"
    return kept


def share_columns(natural: list[int], least: list[int], room: int) -> list[int]:
    """Column widths: each its natural width while they fit `room`; else the widest give way first,
    never below their least width (then the text in them wraps)."""
    widths = [max(n, m) for n, m in zip(natural, least, strict=True)]
    excess = sum(widths) - room
    while excess > 0:
        slack = [w - m for w, m in zip(widths, least, strict=True)]
        if max(slack) <= 0:
            break
        widest = max(range(len(widths)), key=lambda i: (slack[i] > 0, widths[i]))
        second = max([w for i, w in enumerate(widths) if i != widest and slack[i] > 0] or [least[widest]])
        cut = min(excess, slack[widest], max(widths[widest] - second, 1))
        widths[widest] -= cut
        excess -= cut
    return widths
