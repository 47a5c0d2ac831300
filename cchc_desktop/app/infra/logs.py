"""The log: a file in the data folder that only this user may read, and a filter on every handler that
blanks out any password of a server address (db.target.redact) from a record's message, its arguments,
its traceback and its stack — the last line of defence when an exception quotes an address."""

from __future__ import annotations

import logging
from pathlib import Path

from cchc_desktop.app.infra import paths
from db.private import create_private_file, make_private
from db.target import redact

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Rewrites each record with every password form replaced by *** before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FILTER = RedactSecrets()
_file_handler: PrivateLogFile | None = None
FALLBACK_NAME = "cchc-desktop.log"


class PrivateLogFile(logging.FileHandler):
    """The log file, opened (0600, in a 0700 folder) at the first line written: a command that logs
    nothing creates nothing. A data folder that cannot be written (read-only, full): the log goes to
    the temporary folder; if that fails too, the line is dropped — never printed on the terminal,
    where Python would put a warning or a traceback without a handler."""

    def __init__(self, path: Path):
        super().__init__(path, encoding="utf-8", delay=True)
        self.wanted = Path(self.baseFilename)

    @property
    def path(self) -> Path:
        return Path(self.baseFilename)

    def _open_stream(self) -> bool:
        import tempfile  # only when a line is written (issue 19: not at every start)

        fallback = Path(tempfile.gettempdir()) / FALLBACK_NAME
        for candidate in dict.fromkeys([self.wanted, fallback]):
            if candidate.is_symlink():
                continue  # a link planted in a shared temporary folder is not followed
            try:
                create_private_file(candidate)
                make_private(candidate)
                self.baseFilename = str(candidate)
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


def install_redaction() -> None:
    """The filter on the handlers records reach: Python's last-resort (stderr) one and the root's."""
    for handler in (logging.lastResort, *logging.getLogger().handlers):
        if handler is not None and _FILTER not in handler.filters:
            handler.addFilter(_FILTER)


def setup_logging() -> Path:
    """Log to `cchc.log` in the data folder, every record redacted; returns the file a bug's details
    go to, for the message that points at it."""
    global _file_handler
    root = logging.getLogger()
    wanted = paths.log_path().resolve()
    if _file_handler is not None and (_file_handler.wanted != wanted or _file_handler not in root.handlers):
        stop_logging()
    if _file_handler is None:
        _file_handler = PrivateLogFile(wanted)
        _file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(_file_handler)
    root.setLevel(logging.INFO)
    install_redaction()
    return log_path()


def log_path() -> Path:
    """Where the log is written now: the data folder's file, or the fallback once that failed."""
    return _file_handler.path if _file_handler is not None else paths.log_path()


def stop_logging() -> None:
    """Close the log file (a test's data folder is gone after it; the window logs until it ends)."""
    global _file_handler
    if _file_handler is not None:
        logging.getLogger().removeHandler(_file_handler)
        _file_handler.close()
        _file_handler = None
