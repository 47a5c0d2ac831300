"""Open a file or a folder with the system's own program (Windows: os.startfile; elsewhere xdg-open,
or `open` on macOS), without waiting for it: the window never blocks. Tests patch `open_path`."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from cchc_desktop.app.infra.errors import UserError

log = logging.getLogger(__name__)


def _system() -> str:
    return "windows" if os.name == "nt" else sys.platform


def _launch(command: list[str]) -> None:
    """Start a program detached from this one: no console, no waiting, no output on our terminal."""
    subprocess.Popen(  # noqa: S603 - a fixed program and a path, no shell
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def open_path(path: str | os.PathLike) -> None:
    """Open `path` (a file or a folder) as a double click would; a UserError says why when it cannot."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"Không tìm thấy {path}; có thể tệp đã được chuyển đi hoặc xóa.")
    try:
        system = _system()
        if system == "windows":
            os.startfile(str(path))  # type: ignore[attr-defined]  # noqa: S606 - Windows' own handler
        elif system == "darwin":
            _launch(["open", str(path)])
        else:
            _launch(["xdg-open", str(path)])
    except OSError as exc:
        log.warning("could not open %s: %s", path, exc)
        raise UserError(
            f"Không mở được {path}: máy chưa có chương trình mở loại tệp này, hoặc không mở được chương trình đó. "
            "Hãy mở tệp từ thư mục của nó."
        ) from exc


def open_folder(path: str | os.PathLike) -> None:
    """Open the folder holding the file `path` (or the folder `path` itself)."""
    path = Path(path)
    open_path(path if path.is_dir() else path.parent)
