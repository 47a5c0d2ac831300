"""Styles of the window: entries outlined red (error) or amber (warning) whether focused or not."""

from __future__ import annotations

import ttkbootstrap as ttk

MARK_STYLES = {
    "error": ("MarkError.TEntry", "#dc3545", "#fdecee"),
    "warning": ("MarkWarning.TEntry", "#e0a800", "#fff8e1"),
}


def install_styles() -> None:
    style = ttk.Style()
    for name, border, background in MARK_STYLES.values():
        style.configure(name, bordercolor=border, lightcolor=border, darkcolor=border, fieldbackground=background)


TOOLTIP_STYLES = {"error": "danger", "warning": "warning"}


def entry_style(importance: str) -> str:
    return MARK_STYLES[importance][0] if importance in MARK_STYLES else "TEntry"


def warm_dialog_styles(root, delay_ms: int, then=None, kinds: tuple = ()) -> None:
    """The styles of the dialogs' check and radio buttons made now, in the background, one per timer tick,
    then `then()`: ttkbootstrap draws their images when the first one is made, which the import dialog's
    opening paid (about 30 ms of its stall). A new style makes Tk restyle every widget already made, so
    this comes before the other sections' forms are built (after them, each tick stalled 140 ms)."""
    kinds = kinds or (ttk.Checkbutton, ttk.Radiobutton)
    if not root.winfo_exists():
        return
    kinds[0](root).destroy()
    if kinds[1:]:
        root.after(delay_ms, warm_dialog_styles, root, delay_ms, then, kinds[1:])
    elif then is not None:
        root.after(delay_ms, then)
