"""Progress of long work, shared by the worker that does it and the window that shows it.

The worker reports a fraction and a line of text and calls `checkpoint()` where stopping is safe;
the window reads `snapshot()` from its own thread (polled with `after`) and may `cancel()`.
Nothing here knows a toolkit or a database.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cchc_desktop.app.infra.errors import UserError

CANCELLED_MESSAGE = "Đã hủy xuất báo cáo; không có tệp nào bị thay đổi."


class Cancelled(UserError):
    """The person stopped the work at a safe point; nothing was changed."""

    def __init__(self, message: str = CANCELLED_MESSAGE):
        super().__init__(message)


@dataclass(frozen=True)
class ProgressState:
    fraction: float
    text: str
    cancellable: bool
    cancel_requested: bool


class Progress:
    """A fraction (0–1), a line of text, and a request to stop that the worker honours at its checkpoints."""

    def __init__(self, text: str = ""):
        self._lock = threading.Lock()
        self._fraction = 0.0
        self._text = text
        self._cancellable = True
        self._cancel_requested = False

    def report(self, fraction: float, text: str | None = None) -> None:
        """Called by the worker: how far it is (never going back) and what it is doing."""
        with self._lock:
            self._fraction = min(1.0, max(self._fraction, fraction))
            if text is not None:
                self._text = text

    def cancel(self) -> bool:
        """Called by the window: ask the work to stop; False when it is past its last safe point."""
        with self._lock:
            if not self._cancellable:
                return False
            self._cancel_requested = True
            return True

    def checkpoint(self, last: bool = False) -> None:
        """Called by the worker where stopping changes nothing: raises Cancelled if asked to stop.
        `last=True` marks the final safe point: from then on the work finishes and cannot be cancelled."""
        with self._lock:
            if self._cancel_requested:
                raise Cancelled()
            if last:
                self._cancellable = False

    @property
    def cancel_requested(self) -> bool:
        with self._lock:
            return self._cancel_requested

    def snapshot(self) -> ProgressState:
        with self._lock:
            return ProgressState(self._fraction, self._text, self._cancellable, self._cancel_requested)
