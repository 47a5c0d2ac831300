"""A ttk.Treeview whose every cell text is seen whole: columns sized to their texts within the room
there is, and a text wider than its column wrapped onto a second line (rows are then two lines high).

Treeview cannot wrap by itself and draws a text wider than its column cut at the column's edge, so
the texts are measured here in the font as scaled (100 % or 125 %) and wrapped before they are put in.
"""

from __future__ import annotations

import tkinter.font as tkfont

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.grid_fit import fit_lines, share_columns

CELL_PAD = 14  # the cell's inset on both sides together (Treeview draws its text 4 px in), and a margin
ROW_PAD = 6


def default_font() -> tkfont.Font:
    return tkfont.nametofont("TkDefaultFont")


def row_height(lines: int, font: tkfont.Font | None = None) -> int:
    return (font or default_font()).metrics("linespace") * lines + ROW_PAD


def use_row_lines(tree: ttk.Treeview, style: str, lines: int) -> None:
    """Rows `lines` text lines high, in the tree's own style (other trees keep theirs)."""
    ttk.Style().configure(style, rowheight=row_height(lines))
    tree.configure(style=style)


def fit_columns(
    tree: ttk.Treeview,
    columns: list[tuple[str, str]],
    rows: list[tuple[str, ...]],
    bounds: dict[str, tuple[int, int]],
    room: int,
    most_lines: int = 2,
) -> list[tuple[str, ...]]:
    """Size the tree's columns (`bounds`: least and most width in digits of the default font) to
    `room` pixels, and return the rows' texts wrapped to them (at most `most_lines` lines a cell)."""
    font = default_font()
    digit = font.measure("0")
    natural, least = [], []
    for index, (key, label) in enumerate(columns):
        low, high = bounds[key]
        widest = max([font.measure(label)] + [font.measure(row[index]) for row in rows]) + CELL_PAD
        heading = max(font.measure(word) for word in label.split()) + CELL_PAD
        natural.append(min(widest, max(high * digit, heading)))
        least.append(max(low * digit, font.measure(label) + CELL_PAD))
    widths = share_columns(natural, least, room)
    for (key, _), width in zip(columns, widths, strict=True):
        tree.column(key, width=width, minwidth=width)
    return [
        tuple(
            "\n".join(fit_lines(text, width - CELL_PAD, most_lines, font.measure))
            for text, width in zip(row, widths, strict=True)
        )
        for row in rows
    ]


def lines_needed(rows: list[tuple[str, ...]]) -> int:
    return max([1] + [text.count("\n") + 1 for row in rows for text in row])
