"""The PostgreSQL driver is loaded only for a server database.

peewee imports psycopg2 and psycopg when it is itself imported (about 100 ms, every run of the
program, a file database included). `without_driver_at_import` imports peewee with both hidden;
`load` brings psycopg in when a server database is opened, and hands it to peewee.
"""

from __future__ import annotations

import sys

DRIVERS = ("psycopg2cffi", "psycopg2", "psycopg")


def without_driver_at_import() -> None:
    """Import peewee without its PostgreSQL drivers (called once, before any module imports peewee)."""
    if "peewee" in sys.modules:
        return
    hidden = [name for name in DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # `import name` raises ImportError: peewee goes on without it
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def load() -> None:
    """psycopg (3) for peewee's PostgreSQL databases; nothing to do when peewee already has it."""
    import peewee

    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg = psycopg
    peewee.TransactionStatus = TransactionStatus
    peewee.Json_pg3 = Json
    peewee.Jsonb_pg3 = Jsonb
