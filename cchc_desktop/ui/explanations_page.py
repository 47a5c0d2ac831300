"""The “Giải trình sai sót” page: every error with its explanation and a button to write one."""

from __future__ import annotations

from collections.abc import Callable

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.main_view import ViolationItem


def render_explanations(
    frame: ttk.Frame,
    items: list[ViolationItem],
    sections: dict[str, str],
    room: int,
    on_explain: Callable[[int], None],
) -> None:
    """Redraw the page in `frame`; each error is titled by its section, never by a rule id."""
    for child in frame.winfo_children():
        child.destroy()
    ttk.Label(frame, text="Giải trình sai sót", font=("TkDefaultFont", 13, "bold")).pack(
        anchor="w", padx=12, pady=(8, 4)
    )
    errors = [item for item in items if item.importance == "error" and not item.unit]  # the unit's own
    if not errors:
        ttk.Label(frame, text="Không có lỗi nào cần giải trình.", bootstyle="success").pack(anchor="w", padx=12)
    for item in errors:
        box = ttk.Labelframe(frame, text=sections.get(item.section, "Sai sót"), padding=8)
        box.pack(fill="x", padx=12, pady=4)
        ttk.Label(box, text=item.text, wraplength=room, justify="left").pack(anchor="w")
        note = item.explanation or "Chưa giải trình."
        ttk.Label(
            box,
            text=f"Giải trình: {note}",
            wraplength=room,
            justify="left",
            bootstyle="secondary" if item.explanation else "danger",
        ).pack(anchor="w", pady=(4, 0))
        ttk.Button(
            box,
            text="Viết giải trình…",
            bootstyle="secondary-outline",
            command=lambda i=item.index: on_explain(i),
        ).pack(anchor="e")
