"""What this process has open now: the target, its backups folder, the clock that stamps changes, and
the error a record found damaged on read becomes.

Below every module that reads or writes (they ask it the time and the state), and below the module that
opens a database (it sets the state): the backup to offer for a damaged record is found by a callable the
opening hands over, so that nothing here imports the backups back."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from db.errors import DamagedRecord
from db.target import Target

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _no_backup() -> Path | None:
    return None


@dataclass
class Opened:
    """What is open now: the target, the folder its backups go to, and the clock that stamps changes."""

    target: Target
    backups: Path | None
    warnings: list[str] = field(default_factory=list)  # e.g. the daily backup failed: the work goes on
    clock: Clock = datetime.now  # tests give a fixed one: no stored time depends on the day they run
    program: str | None = None  # the running program's version (a backup by a later one is not offered)
    templates: object = None  # the TemplateSet stored figures are read with (a backup must read with it)
    looked: dict = field(default_factory=dict)  # looked up once per opening: the backup offered, stray values
    restorable: Callable[[], Path | None] = _no_backup  # the newest backup a restore would accept (looked up once)


# The one database this process has open, set by `db.connection.open_database` and cleared by its
# `close_database` only (the window, the command line, a restore): a background job closes its own
# connection and nothing else. The other module-level state a worker may touch is safe to share: the
# models' proxy (one connection per thread), db.compiled's cache (the same SQL whoever compiles it),
# db.target's secrets (only ever added to), app.jobs' counter (under its lock), the template cache (immutable).
_opened: Opened | None = None


def set_opened(state: Opened | None) -> None:
    """What is open from now on (None: nothing); db.connection's alone to call."""
    global _opened
    _opened = state


def opened() -> Opened:
    if _opened is None:
        raise RuntimeError("no database is open")
    return _opened


def opened_state() -> Opened | None:
    """What is open, None when the database was bound without `open_database` (a test's own binding)."""
    return _opened


def damage_found(detail: str, fix: str = "") -> DamagedRecord:
    """The error for a record of the open database found damaged on read (what is wrong, in Vietnamese),
    offering the newest backup a restore would accept and, with `fix`, how to correct it instead."""
    state = opened()
    if "restorable" not in state.looked:  # once per opening (the window may read again and again)
        state.looked["restorable"] = state.restorable()
    log.warning("damaged record in %s: %s", state.target, detail)
    return DamagedRecord(state.target, detail, state.looked["restorable"], fix)


def now() -> datetime:
    """The time a change is stamped with (audit, statuses, explanations): the open database's clock."""
    clock = _opened.clock if _opened is not None else datetime.now
    return clock().replace(microsecond=0)
