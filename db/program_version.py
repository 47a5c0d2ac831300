"""Which program version last wrote the database: recorded once per opening, and an older program
refuses a database written by a newer one (its newer schema or its newer code may have meant data
this program would misread or drop)."""

from __future__ import annotations

import re

from db.errors import ProgramTooOld
from db.models import Setting, database

KEY = "app.last_version"

_PRE = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}
_PATTERN = re.compile(
    r"^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)"
    r"(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?"
    r"(?:(?:-(\d+))|(?:[-_.]?(?:post|rev|r)[-_.]?(\d*)))?"
    r"(?:[-_.]?dev[-_.]?(\d*))?"
    r"(?:\+[a-z0-9.]+)?\s*$",
    re.IGNORECASE,
)


def version_key(text: str) -> tuple:
    """A sort key following PEP 440's ordering (epoch, release, pre, post, dev; the local part ignored).

    1.0.dev1 < 1.0a1 < 1.0b2 < 1.0rc1 < 1.0 < 1.0.post1 < 1.1. A text that is not a version
    raises ValueError."""
    match = _PATTERN.match(text)
    if match is None:
        raise ValueError(f"not a version: {text!r}")
    epoch, release, pre_tag, pre_n, post_dash, post_n, dev_n = match.groups()
    numbers = [int(part) for part in release.split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()  # 1.0 == 1.0.0
    has_post = post_dash is not None or post_n is not None  # an optional group left out is None
    has_dev = dev_n is not None
    if pre_tag:
        pre = (_PRE[pre_tag.lower()], int(pre_n or 0))
    elif has_dev and not has_post:
        pre = (-1, 0)  # 1.0.dev1 comes before 1.0a1
    else:
        pre = (3, 0)  # a final release comes after its pre-releases
    post = (1, int(post_dash or post_n or 0)) if has_post else (0, 0)
    dev = (0, int(dev_n or 0)) if has_dev else (1, 0)
    return (int(epoch or 0), tuple(numbers), pre, post, dev)


def is_newer(recorded: str, running: str) -> bool:
    """Whether `recorded` is a later version than `running` (an unreadable recorded version: not newer)."""
    try:
        return version_key(recorded) > version_key(running)
    except ValueError:
        return False


def recorded_version() -> str:
    """The version recorded in the open database ('' when none was, or before the settings table exists)."""
    if not database.table_exists(Setting._meta.table_name):
        return ""
    row = Setting.get_or_none(Setting.key == KEY)
    return row.value if row else ""


def refuse_if_newer(running: str) -> None:
    """Raise ProgramTooOld (changing nothing) when the open database was last written by a later version."""
    recorded = recorded_version()
    if recorded and is_newer(recorded, running):
        raise ProgramTooOld(recorded, running)


def record(running: str) -> None:
    """Record `running` as the version that last wrote the database (one write, only when it changes)."""
    if recorded_version() == running:
        return
    with database.atomic():
        Setting.insert(key=KEY, value=running).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: running}
        ).execute()
