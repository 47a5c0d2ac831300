"""Text widths in a font, measured once per font, scaling and string (issue 20, item 6).

Fitting a grid measures every label, header and number of a section in three fonts at each fit: asking
Tk each time (and making a named font for it) stalled the window's start. The widths are remembered per
font description and Tk scaling (the tests run at 100 % and 125 % in one process), so a string is
measured once.
"""

from __future__ import annotations

from collections.abc import Callable

_WIDTHS: dict[tuple[str, float], dict[str, int]] = {}


def measurer(widget, font) -> Callable[[str], int]:
    """`measure(text)` in pixels of `font` (a font description, as tksheet's fonts are) on `widget`'s display."""
    scaling = float(widget.tk.call("tk", "scaling"))
    widths = _WIDTHS.setdefault((str(font), scaling), {})
    call = widget.tk.call

    def measure(text: str) -> int:
        width = widths.get(text)
        if width is None:
            width = widths[text] = int(call("font", "measure", font, text))
        return width

    return measure
