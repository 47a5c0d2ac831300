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
