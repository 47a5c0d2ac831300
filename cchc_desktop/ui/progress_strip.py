"""A strip above the status bar while long work runs: what it is doing, how far, and “Hủy”."""

from __future__ import annotations

import ttkbootstrap as ttk

from cchc_desktop.app.infra.jobs import BackgroundJob
from cchc_desktop.app.infra.progress import Progress
from cchc_desktop.ui.fit_label import FitLabel

CANCELLING = "Đang hủy… (dừng ở bước an toàn tiếp theo)"
POLL_MS = 50


class ProgressStrip(ttk.Frame):
    """Runs work off the Tk thread and shows its Progress, read with `after` (the worker makes no
    Tk call); nothing modal, so the window stays usable meanwhile."""

    def __init__(self, master, before):
        super().__init__(master, padding=(10, 4))
        self.before = before
        self.progress: Progress | None = None
        self.job: BackgroundJob | None = None
        self.text = FitLabel(self, text="", bootstyle="info")
        self.bar = ttk.Progressbar(self, mode="determinate", maximum=100, length=180)
        self.cancel_button = ttk.Button(self, text="Hủy", bootstyle="secondary-outline", command=self.cancel, width=6)
        self.cancel_button.pack(side="right")
        self.bar.pack(side="right", padx=(8, 8))
        self.text.pack(side="left", fill="x", expand=True)

    def run(self, progress: Progress, work, on_done, on_failed) -> None:
        """Start `work` in a worker; once it ends, hide the strip and call on_done(result) or on_failed(error)."""
        self.progress = progress
        self.cancel_button.configure(state="normal")
        self.refresh()
        self.pack(side="bottom", fill="x", before=self.before)
        job = self.job = BackgroundJob(work).start()

        def poll() -> None:
            if not self.winfo_exists():  # the window was closed meanwhile
                return
            event = job.poll()
            if event is None:
                self.refresh()
                self.after(POLL_MS, poll)
                return
            self.progress = None
            self.pack_forget()
            if event.kind == "done":
                on_done(event.result)
            else:
                on_failed(event.error)

        self.after(POLL_MS, poll)

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

    def stop_job(self, wait_s: float = 15.0) -> None:
        """When the window closes: work still running is cancelled and awaited, so that no
        temporary file stays behind (the worker is a daemon the process would cut short)."""
        if self.job is not None and self.job.thread.is_alive():
            self.cancel()
            self.job.thread.join(wait_s)
