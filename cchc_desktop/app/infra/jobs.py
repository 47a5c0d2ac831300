"""Long work off the window's thread: a worker that only puts its outcome on a queue, polled by the view."""

from __future__ import annotations

import gc
import logging
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from cchc_desktop.app.infra.errors import UserError
from db.connection import close_thread_connection

log = logging.getLogger(__name__)
_running = 0
_running_lock = threading.Lock()
_usual_switch_interval = sys.getswitchinterval()
WORKER_SWITCH_INTERVAL = 0.001  # seconds a thread may hold the GIL while the other waits for it


@dataclass
class JobEvent:
    kind: str  # "done" or "failed"
    result: object = None
    error: BaseException | None = None


class BackgroundJob:
    """Runs `work()` in a daemon thread; `poll()` returns the outcome once there is one.

    The database keeps one connection per thread: the worker's own is closed when the work ends,
    before the outcome is put on the queue (the window's connection is not touched)."""

    def __init__(self, work: Callable[[], object]):
        self.work = work
        self.events: queue.Queue[JobEvent] = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> BackgroundJob:
        _begin_background_work()
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            event = JobEvent("done", result=self.work())
        except UserError as exc:  # a refusal or a cancel, told to the person in Vietnamese: not a failure
            log.info("background job refused: %s", exc)
            event = JobEvent("failed", error=exc)
        except BaseException as exc:  # noqa: BLE001 - handed to the window thread to report
            log.exception("background job failed")  # ERROR, with the traceback of the worker's thread
            event = JobEvent("failed", error=exc)
        finally:
            close_thread_connection()  # never what is open: the window and other workers go on with it
            _end_background_work()
        self.events.put(event)

    def poll(self) -> JobEvent | None:
        try:
            return self.events.get_nowait()
        except queue.Empty:
            return None


def _begin_background_work() -> None:
    """While jobs run, the window's thread gets the GIL back quickly from a busy worker:
    - the objects alive before the jobs (window, template) are out of the collector's sight
      (gc.freeze): a full collection set off by the worker's allocations holds the GIL while it
      walks every object of the process (80–120 ms with 100 children);
    - the GIL is handed over after 1 ms instead of 5 (sys.setswitchinterval): with the default, the
      window's many small callbacks each wait for it, and stalls of 80–190 ms were measured on a
      loaded machine against 15–35 ms with 1 ms (bench/bench_export_stall.py)."""
    global _running, _usual_switch_interval
    with _running_lock:
        if _running == 0:
            gc.freeze()
            _usual_switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_usual_switch_interval, WORKER_SWITCH_INTERVAL))
        _running += 1


def _end_background_work() -> None:
    """The last job ended: the collector sees every object again, and the GIL switches as usual."""
    global _running
    with _running_lock:
        _running -= 1
        if _running == 0:
            gc.unfreeze()
            sys.setswitchinterval(_usual_switch_interval)
