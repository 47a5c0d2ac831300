"""A section's report text: what it belongs to, the text with live figures, its refusal, its preview."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

import ttkbootstrap as ttk

from cchc_desktop.app.presenters.layout import FOOTNOTE_HINT

PREVIEW_FONT = ("Times New Roman", 12)
PREVIEW_STYLES = {
    "B": {"font": (*PREVIEW_FONT, "bold")},
    "I": {"font": (*PREVIEW_FONT, "italic")},
    "BI": {"font": (*PREVIEW_FONT, "bold", "italic")},
    "sup": {"font": (PREVIEW_FONT[0], 8), "offset": 5},
}


def _scrolled(master, widget_factory) -> tuple[ttk.Frame, tk.Text]:
    frame = ttk.Frame(master)
    frame.columnconfigure(0, weight=1)
    text = widget_factory(frame)
    bar = ttk.Scrollbar(frame, orient="vertical", command=text.yview)
    text.configure(yscrollcommand=bar.set)
    text.grid(row=0, column=0, sticky="ew")
    bar.grid(row=0, column=1, sticky="ns")
    return frame, text


class ReportTextArea(ttk.Labelframe):
    """One text field of a section: note, hint, “Chèn số liệu…”, the text, its error, the preview."""

    def __init__(self, master, code: str, label: str, on_insert: Callable[[str], None]):
        super().__init__(master, text=label, padding=(10, 6))
        self.code = code
        self.columnconfigure(0, weight=1)
        self.note = ttk.Label(self, text="", bootstyle="info", justify="left")
        self.note.grid(row=0, column=0, sticky="w")
        self.hint = ttk.Label(self, text=FOOTNOTE_HINT, bootstyle="secondary", justify="left")
        self.hint.grid(row=1, column=0, sticky="w", pady=(2, 0))
        tools = ttk.Frame(self)
        tools.grid(row=2, column=0, sticky="ew", pady=(4, 2))
        self.insert_button = ttk.Button(
            tools, text="Chèn số liệu…", bootstyle="info-outline", command=lambda: on_insert(code)
        )
        self.insert_button.pack(side="left")
        ttk.Label(tools, text="Gõ *nghiêng*, **đậm**; chú thích: ^[nội dung]", bootstyle="secondary").pack(
            side="left", padx=(10, 0)
        )
        box, self.text = _scrolled(
            self, lambda parent: tk.Text(parent, height=9, wrap="word", undo=True, font=("TkDefaultFont", 11))
        )
        box.grid(row=3, column=0, sticky="ew")
        self.error = ttk.Label(self, text="", bootstyle="danger", justify="left")
        self.error.grid(row=4, column=0, sticky="w", pady=(2, 0))
        self.error.grid_remove()
        shown = ttk.Labelframe(self, text="Xem trước — như khi in báo cáo", padding=(6, 4), bootstyle="secondary")
        shown.grid(row=5, column=0, sticky="ew", pady=(6, 0))
        shown.columnconfigure(0, weight=1)
        frame, self.preview = _scrolled(
            shown,
            lambda parent: tk.Text(
                parent, height=7, wrap="word", font=PREVIEW_FONT, relief="flat", cursor="arrow", takefocus=0
            ),
        )
        frame.grid(row=0, column=0, sticky="ew")
        for tag, options in PREVIEW_STYLES.items():
            self.preview.tag_configure(tag, **options)
        self.preview.tag_configure("paragraph", lmargin1=24, spacing3=4)
        self.preview.tag_configure("bullet", lmargin1=24, spacing3=4)
        self.preview.tag_configure("heading3", lmargin1=24, spacing3=4)
        self.preview.tag_configure("note", font=(PREVIEW_FONT[0], 10), spacing1=2)
        self.preview.configure(state="disabled")
        self._wrap = 0

    def set_wrap(self, room: int) -> None:
        """Wrap the note, hint and error to `room` pixels (set by the form from its own width:
        binding this frame's own <Configure> would loop as the wrapped labels change its height)."""
        room = max(room, 200)
        if abs(room - self._wrap) < 8:
            return
        self._wrap = room
        for label in (self.note, self.hint, self.error):
            label.configure(wraplength=room)

    def set_note(self, text: str) -> None:
        self.note.configure(text=text)

    def set_editable(self, editable: bool) -> None:
        self.text.configure(state="normal" if editable else "disabled")
        self.insert_button.configure(state="normal" if editable else "disabled")

    def show_error(self, message: str) -> None:
        if message:
            self.error.configure(text=message)
            self.error.grid()
        else:
            self.error.grid_remove()

    def show_preview(self, blocks) -> None:
        """Blocks of styled runs (app.report_blocks.PreviewBlock), as the PDF prints them."""
        self.preview.configure(state="normal")
        self.preview.delete("1.0", "end")
        for index, block in enumerate(blocks):
            if index:
                self.preview.insert("end", "\n")
            for run in block.runs:
                tags = (block.kind, run.style) if run.style else (block.kind,)
                self.preview.insert("end", run.text, tags)
        self.preview.configure(state="disabled")

    def preview_text(self) -> str:
        return self.preview.get("1.0", "end-1c")

    def insert(self, text: str) -> None:
        """Insert at the cursor (the end when the field never had the focus) and give it the focus."""
        if str(self.text.cget("state")) == "disabled":
            return
        self.text.insert("insert", text)
        self.text.focus_set()
