"""A strip above the status bar while long work runs: what it is doing, how far, and “Hủy”."""

from __future__ import annotations

import ttkbootstrap as ttk

from cchc_desktop.app.progress import Progress
from cchc_desktop.ui.fit_label import FitLabel

CANCELLING = "Đang hủy… (dừng ở bước an toàn tiếp theo)"


class ProgressStrip(ttk.Frame):
    """Shows a Progress read on the Tk thread; the window stays usable (nothing modal)."""

    def __init__(self, master):
        super().__init__(master, padding=(10, 4))
        self.progress: Progress | None = None
        self.text = FitLabel(self, text="", bootstyle="info")
        self.bar = ttk.Progressbar(self, mode="determinate", maximum=100, length=180)
        self.cancel_button = ttk.Button(self, text="Hủy", bootstyle="secondary-outline", command=self.cancel, width=6)
        self.cancel_button.pack(side="right")
        self.bar.pack(side="right", padx=(8, 8))
        self.text.pack(side="left", fill="x", expand=True)

    def start(self, progress: Progress) -> None:
        self.progress = progress
        self.cancel_button.configure(state="normal")
        self.refresh()

    def refresh(self) -> None:
        """Show the latest fraction and line; Hủy greys out once the work is past its last safe point."""
        if self.progress is None:
            return
        state = self.progress.snapshot()
        self.bar.configure(value=round(state.fraction * 100))
        self.text.set(CANCELLING if state.cancel_requested else state.text)
        if not state.cancellable or state.cancel_requested:
            self.cancel_button.configure(state="disabled")

    def cancel(self) -> None:
        if self.progress is not None and self.progress.cancel():
            self.refresh()

    def stop(self) -> None:
        self.progress = None
