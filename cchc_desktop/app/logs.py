"""The log: a file in the data folder that only this user may read, and a filter on every handler that
blanks out any password of a server address (db.target.redact) from a record's message, its arguments,
its traceback and its stack — the last line of defence when an exception quotes an address."""

from __future__ import annotations

import logging
from pathlib import Path

from cchc_desktop.app import paths
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
_file_handler: logging.FileHandler | None = None


def install_redaction() -> None:
    """The filter on the handlers records reach: Python's last-resort (stderr) one and the root's."""
    for handler in (logging.lastResort, *logging.getLogger().handlers):
        if handler is not None and _FILTER not in handler.filters:
            handler.addFilter(_FILTER)


def protect_data_folder() -> None:
    """The data folder of an earlier release (0755) narrowed to this user (0700; POSIX only)."""
    make_private(paths.data_dir())


def setup_logging() -> Path:
    """Log to `cchc.log` in the data folder (created 0600 in a 0700 folder), every record redacted."""
    global _file_handler
    path = paths.log_path()
    root = logging.getLogger()
    if _file_handler is not None and Path(_file_handler.baseFilename) != path.resolve():
        root.removeHandler(_file_handler)
        _file_handler.close()
        _file_handler = None
    if _file_handler is None:
        try:
            create_private_file(path)
            make_private(path)
            protect_data_folder()
            _file_handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:
            logging.basicConfig(level=logging.INFO)
        else:
            _file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
            root.addHandler(_file_handler)
    root.setLevel(logging.INFO)
    install_redaction()
    return path


def stop_logging() -> None:
    """Close the log file (a test's data folder is gone after it; the window logs until it ends)."""
    global _file_handler
    if _file_handler is not None:
        logging.getLogger().removeHandler(_file_handler)
        _file_handler.close()
        _file_handler = None
