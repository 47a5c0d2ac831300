"""One virtual display and one window root for the GUI tests, the slow tests, the benchmarks and the screenshot
scripts: an Xvfb without a window manager (1366×768, 24-bit) and the program's own Tk root placed and scaled
the way the GUI tests use it.

Importable from tests/, bench/ and scripts/ (each puts the repository root on sys.path); it imports neither
pytest nor the program until asked for a window.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SCREEN = "1366x768x24"  # a common laptop screen of the clerks, 24-bit colour
WINDOW_GEOMETRY = "1366x740+0+0"  # the main window as the tests and the screenshots place it
START_TIMEOUT = 10.0  # seconds for Xvfb to say it is ready
MISSING = "Xvfb is not installed: run the README's test command (scripts/test.sh), which installs it."


class DisplayError(RuntimeError):
    """No display could be had: Xvfb is missing, or it did not come up."""


@contextmanager
def virtual_display(*, reuse: bool = True, say: Callable[[str], None] | None = None) -> Iterator[str]:
    """The display to draw on, e.g. ":35", set as DISPLAY while the block runs.

    DISPLAY already set (and `reuse`): that one, nothing started. Otherwise an Xvfb of SCREEN without a window
    manager on a free display number (Xvfb's own -displayfd choice: no guessed number can clash with another
    server), stopped and DISPLAY restored when the block ends. `say` is told when a server is started."""
    current = os.environ.get("DISPLAY")
    if reuse and current:
        yield current
        return
    if shutil.which("Xvfb") is None:
        raise DisplayError(MISSING)
    read, write = os.pipe()
    try:
        proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    finally:
        os.close(write)
    try:
        name = f":{_display_number(read, proc)}"
    except BaseException:
        _stop(proc)
        raise
    finally:
        os.close(read)
    os.environ["DISPLAY"] = name
    if say is not None:
        say(f"(no DISPLAY: started Xvfb {name} {SCREEN}, pid {proc.pid})")
    try:
        yield name
    finally:
        _stop(proc)
        if current is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = current


def _display_number(read: int, proc: subprocess.Popen) -> int:
    """The number Xvfb writes to its -displayfd once it accepts connections."""
    text = b""
    while not text.endswith(b"\n"):
        ready, _, _ = select.select([read], [], [], START_TIMEOUT)
        chunk = os.read(read, 32) if ready else b""
        if not chunk:
            code = proc.poll()
            if code is not None:
                raise DisplayError(f"Xvfb exited with code {code}")
            raise DisplayError(f"Xvfb did not come up within {START_TIMEOUT:g} s")
        text += chunk
    return int(text)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tk_scaling(scale: float) -> float:
    """Tk's scaling (pixels per point) as Windows sets it at `scale` (1.0 = 100 %, 1.25 = 125 %): 96 dpi × scale."""
    return scale * 96 / 72


@contextmanager
def scaled(root, scale: float) -> Iterator[float]:
    """`root` at `scale` while the block runs, its previous Tk scaling restored afterwards."""
    old = root.tk.call("tk", "scaling")
    root.tk.call("tk", "scaling", tk_scaling(scale))
    try:
        yield scale
    finally:
        root.tk.call("tk", "scaling", old)


def make_window(scale: float | None = None):
    """The program's own root (`gui_main.make_root`: theme, Vietnamese keys, F1), placed at WINDOW_GEOMETRY and,
    when `scale` is given, at that Tk scaling (None: the display's own, as the screenshots at 100 % are taken).
    Needs DISPLAY (see virtual_display)."""
    from cchc_desktop.gui_main import make_root

    root = make_root()
    if scale is not None:
        root.tk.call("tk", "scaling", tk_scaling(scale))
    root.geometry(WINDOW_GEOMETRY)
    return root
