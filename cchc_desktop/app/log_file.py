"""Where the program's log goes: its file in the data folder, never the person's terminal.

The log is written in English for whoever supports the clerk (warnings such as a daily backup that
failed, tracebacks of bugs); the person reads Vietnamese messages only. Without a handler, Python
would print warnings and tracebacks on the terminal.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from cchc_desktop.app import paths

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FALLBACK_NAME = "cchc-desktop.log"


class LogFile(logging.FileHandler):
    """The log file, opened at the first line written (a command that logs nothing creates nothing).

    A data folder that cannot be written (read-only, full): the log goes to the temporary folder; if
    that fails too, the line is dropped — never printed on the terminal."""

    def __init__(self, path: Path):
        super().__init__(path, encoding="utf-8", delay=True)
        self.fallback = Path(tempfile.gettempdir()) / FALLBACK_NAME

    @property
    def path(self) -> Path:
        return Path(self.baseFilename)

    def _open_stream(self) -> bool:
        for candidate in dict.fromkeys([self.path, self.fallback]):
            self.baseFilename = str(candidate)
            try:
                candidate.parent.mkdir(parents=True, exist_ok=True)
                self.stream = self._open()
            except OSError:
                continue
            return True
        return False

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is None and not self._open_stream():
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        """A line that cannot be written (the disk filled up meanwhile) is dropped, not printed."""


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the log to its file unless logging is set up already (a test's capture); returns the file
    a bug's details go to, for the message that points at it."""
    root = logging.getLogger()
    if root.handlers:
        return log_path()
    handler = LogFile(paths.log_path())
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return handler.path


def log_path() -> Path:
    """Where the log is written now (the data folder's file, or the fallback when that failed)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, LogFile):
            return handler.path
    return paths.log_path()
