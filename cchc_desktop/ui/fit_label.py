"""A one-line label that shortens its text with “…” to the room it gets; the full text in a tooltip."""

from __future__ import annotations

import tkinter as tk
import tkinter.font as tkfont

import ttkbootstrap as ttk


class QuietTip(ttk.ToolTip):
    """A tooltip that stays hidden while it has nothing to say."""

    def show_tip(self, *args) -> None:
        if self.text:
            super().show_tip(*args)


class FitLabel(ttk.Label):
    """Asks for no width of its own (the layout gives it room); never cut at the right edge."""

    def __init__(self, master, text: str = "", **kwargs):
        super().__init__(master, width=1, **kwargs)
        self.full_text = ""
        self._tip: QuietTip | None = None
        self.bind("<Configure>", lambda _e: self._fit(), add="+")
        self.set(text)

    def set(self, text: str) -> None:
        self.full_text = text
        self._fit()

    def _font(self) -> tkfont.Font:
        font = str(self.cget("font"))
        if font:
            try:
                return tkfont.nametofont(font)
            except Exception:  # noqa: BLE001 - a font description rather than a named font
                return tkfont.Font(font=self.cget("font"))
        return tkfont.nametofont("TkDefaultFont")

    def _padding(self) -> int:
        """Left + right padding in pixels (a status bar has some)."""
        padding = self.cget("padding")
        words = padding.split() if isinstance(padding, str) else [str(part) for part in padding or ()]
        try:
            parts = [int(self.winfo_fpixels(word)) for word in words]
        except (ValueError, TypeError, tk.TclError):
            return 0
        if not parts:
            return 0
        return parts[0] + (parts[2] if len(parts) > 2 else parts[0])

    def _fit(self) -> None:
        room = self.winfo_width() - 8 - self._padding()
        text = self.full_text.replace("\n", " ")
        if room <= 0 or not text:
            shown = text
        else:
            shown = elide(text, room, self._font().measure)
        self.configure(text=shown)
        elided = shown != self.full_text.replace("\n", " ")
        if elided and self._tip is None:
            self._tip = QuietTip(self, text=self.full_text, wraplength=520)
        if self._tip is not None:
            self._tip.text = self.full_text if elided else ""

    @property
    def elided(self) -> bool:
        return str(self.cget("text")) != self.full_text.replace("\n", " ")


def elide(text: str, room: int, measure) -> str:
    """The longest start of `text` that fits `room` pixels, ending with “…” when cut."""
    if measure(text) <= room:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + "…") <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"
