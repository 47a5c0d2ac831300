"""Who makes a change, and the audit row every change leaves."""

from __future__ import annotations

import functools

from db.models import Audit
from db.state import now


@functools.cache
def current_user() -> str:
    """Who makes a change: the operating-system user (asked once per process)."""
    import getpass  # only when a change is written (and its terminal module with it)

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems; still record something
        return "không rõ"


def audit(action: str, unit_code: str = "", period: str = "", code: str = "", old=None, new=None) -> None:
    Audit.create(
        at=now(), author=current_user(), action=action, unit_code=unit_code, period=period, code=code, old=old, new=new
    )
