"""Long work off the window's thread: a worker that only puts its outcome on a queue, polled by the view."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class JobEvent:
    kind: str  # "done" or "failed"
    result: object = None
    error: BaseException | None = None


class BackgroundJob:
    """Runs `work()` in a daemon thread; `poll()` returns the outcome once there is one."""

    def __init__(self, work: Callable[[], object]):
        self.work = work
        self.events: queue.Queue[JobEvent] = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> BackgroundJob:
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            self.events.put(JobEvent("done", result=self.work()))
        except BaseException as exc:  # noqa: BLE001 - handed to the window thread to report
            log.info("background job failed: %r", exc)
            self.events.put(JobEvent("failed", error=exc))

    def poll(self) -> JobEvent | None:
        try:
            return self.events.get_nowait()
        except queue.Empty:
            return None
