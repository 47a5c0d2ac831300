"""Benchmark of the window during an export (issue 8): the longest stall of the Tk event loop.

A parent unit (the demo city, level huyen) with 100 child units holding figures for 2023-Q3, in a
temporary data folder; the real main window under Xvfb; an `after(5)` heartbeat records the largest
gap between two beats while an export runs, inside `root.mainloop()`.

- before: the old path, measured in the same run: the content gathered on the Tk thread
  (`prepare_pdf` / `prepare_xlsx`), then only the file writing in a worker.
- after: the menu command (Tệp → Xuất báo cáo PDF… / Xuất phụ lục Excel…): reading, building and
  writing in a worker, progress polled with `after`.

Target: the longest stall < 100 ms. The figures of the reads during an export (queries, time) are
printed too: where the per-child queries are.

Run: .venv/bin/python bench/bench_export_stall.py [--children 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gui import open_window  # noqa: E402
from many_children import PERIOD, parent_with_children  # noqa: E402

from tests.support.display import virtual_display  # noqa: E402

HEARTBEAT_MS = 5
TARGET_MS = 100
ISSUE_FIGURES = {"pdf": 1000.0, "xlsx": 1600.0}  # the freeze measured when issue 8 was filed
MENU = {"pdf": "Xuất báo cáo PDF…", "xlsx": "Xuất phụ lục Excel…"}


class Heartbeat:
    """Runs the Tk event loop until the export reports its outcome; the largest gap between beats."""

    def __init__(self, root, doing=lambda: ""):
        self.root = root
        self.doing = doing
        self.gaps: list[float] = []
        self.worst = (0.0, "")
        self.finished = False
        self.collections: list[float] = []
        self._collecting = 0.0

    def _collector(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._collecting = time.perf_counter()
        else:
            self.collections.append(time.perf_counter() - self._collecting)

    def run(self, start_export) -> tuple[float, float]:
        """(longest stall, whole duration) in seconds of the export started by `start_export()`."""
        self.gaps, self.finished, self.worst, self.collections = [], False, (0.0, ""), []
        self.last = begin = time.perf_counter()
        self.root.after(HEARTBEAT_MS, self._beat)
        self.root.after(20, start_export)
        gc.callbacks.append(self._collector)
        try:
            self.root.mainloop()
        finally:
            gc.callbacks.remove(self._collector)
        return max(self.gaps), time.perf_counter() - begin

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        if now - self.last > self.worst[0]:
            self.worst = (now - self.last, self.doing())
        self.last = now
        if self.finished:
            self.root.quit()
        else:
            self.root.after(HEARTBEAT_MS, self._beat)

    def done(self, *_args) -> None:
        self.finished = True


def legacy_export(window, ws, kind: str, target: Path, on_outcome) -> None:
    """The export as it was before issue 8: gathered on the Tk thread, only the writing in a worker."""
    from cchc_desktop.app.infra.progress import Progress
    from cchc_desktop.app.outputs.exporting import prepare_pdf, prepare_xlsx

    writer = (prepare_pdf if kind == "pdf" else prepare_xlsx)(ws, PERIOD, target)
    window.run_job(Progress(f"Đang ghi {target.name}…"), writer, on_outcome, on_outcome)


def floor_job(root, seconds: float, on_outcome) -> None:
    """The floor on this machine: a worker that only computes in Python for as long as an export,
    sharing the GIL with the Tk thread the same way; no database, no file."""
    from cchc_desktop.app.infra.jobs import BackgroundJob

    def spin() -> int:
        end, total = time.perf_counter() + seconds, 0
        while time.perf_counter() < end:
            total += sum(range(1000))
        return total

    job = BackgroundJob(spin).start()

    def poll() -> None:
        if job.poll() is None:
            root.after(50, poll)
        else:
            on_outcome()

    root.after(50, poll)


def menu_export(window, kind: str) -> None:
    """What a click on the menu entry runs."""
    window.files_menu.invoke(window.files_menu.index(MENU[kind]))


def count_reads(ws, kind: str) -> tuple[int, float, int]:
    """(queries, seconds, children) of one export's reading and building, off the window."""
    from cchc_desktop.app.content.annex_content import build_annex
    from cchc_desktop.app.content.report_content import build_report

    counter = _QueryCounter()
    peewee_log = logging.getLogger("peewee")
    peewee_log.addHandler(counter)
    level = peewee_log.level
    peewee_log.setLevel(logging.DEBUG)
    try:
        start = time.perf_counter()
        (build_report if kind == "pdf" else build_annex)(ws.detached(), PERIOD)
        return counter.count, time.perf_counter() - start, len(ws.units.children())
    finally:
        peewee_log.removeHandler(counter)
        peewee_log.setLevel(level)


class _QueryCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


def measure(beat: Heartbeat, window, ws, kind: str, target: Path, repeat: int, shown: list) -> None:
    """Print the longest stall of the old path and of the menu path, `repeat` exports each."""
    window.ask_save_path = lambda title, file_name, asked: str(target)
    for label, start in (
        ("before (gathered on the Tk thread)", lambda: legacy_export(window, ws, kind, target, beat.done)),
        ("after  (all in a worker, menu path)", lambda: menu_export(window, kind)),
    ):
        stalls, totals, where, collections = [], [], [], []
        for _ in range(repeat):
            ws.settings.put("bench.round", str(time.perf_counter()))  # no cache survives a round
            stall, total = beat.run(start)
            stalls.append(stall)
            totals.append(total)
            where.append(beat.worst[1])
            collections.append(max(beat.collections, default=0.0))
        if shown and shown[-1][2]:
            raise SystemExit(f"the export failed: {shown[-1][1]}")
        print(
            f"  {kind.upper():4s} {label}: {max(stalls) * 1000:7.1f} ms worst, "
            f"{statistics.median(stalls) * 1000:7.1f} ms median of {repeat}; export {statistics.median(totals):.2f} s"
        )
        worst = stalls.index(max(stalls))
        print(
            f"       the worst gap came while: {where[worst]}; "
            f"longest garbage collection in that export {collections[worst] * 1000:.1f} ms"
        )
    print(f"  {kind.upper():4s} reference when the issue was filed: {ISSUE_FIGURES[kind]:.0f} ms freeze")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from cchc_desktop.app.outputs.exporting import export_file

    with virtual_display(say=print):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            db_path = parent_with_children(folder / "huyen.sqlite", args.children)
            root, ws, presenter, window = open_window(db_path)
            try:
                for kind in ("pdf", "xlsx"):  # imports and fonts loaded once, outside the measure
                    export_file(ws, PERIOD, kind, folder / f"warm.{kind}")
                name, count = ws.units.self_unit().name, len(ws.units.children())
                print(f"parent {name} (cấp huyện) with {count} child units, {PERIOD}")
                for kind in ("pdf", "xlsx"):
                    queries, seconds, children = count_reads(ws, kind)
                    print(
                        f"reads of one {kind.upper()} export: {queries} queries ({queries / children:.1f} per child), "
                        f"{seconds * 1000:.0f} ms of reading and building"
                    )

                def doing() -> str:
                    running = presenter.exports.running
                    return running.snapshot().text if running is not None else "(on the Tk thread)"

                beat = Heartbeat(root, doing)
                shown: list[tuple] = []
                window.show_message = lambda title, text, error=False: (shown.append((title, text, error)), beat.done())
                window.ask_choice = lambda title, text, choices: (shown.append((title, text, False)), beat.done())[1]
                print(f"longest gap between {HEARTBEAT_MS} ms heartbeats while exporting (target < {TARGET_MS} ms):")
                floors = [beat.run(lambda: floor_job(root, 0.8, beat.done))[0] for _ in range(args.repeat)]
                print(
                    f"  floor: a pure-Python worker of 0.8 s (no export): {max(floors) * 1000:7.1f} ms worst, "
                    f"{statistics.median(floors) * 1000:7.1f} ms median of {args.repeat}"
                )
                for kind in ("pdf", "xlsx"):
                    measure(beat, window, ws, kind, folder / f"out.{kind}", args.repeat, shown)
            finally:
                ws.close()
                root.destroy()


if __name__ == "__main__":
    main()
