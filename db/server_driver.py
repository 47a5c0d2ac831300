"""The PostgreSQL driver is loaded only for a server database.

peewee imports psycopg2 and psycopg when it is itself imported (about 100 ms, every run of the
program, a file database included). `without_driver_at_import` makes the first import of peewee (whoever
asks for it, whenever) run with both hidden; `load` brings psycopg in when a server database is opened,
and hands it to peewee. peewee itself is not imported before a module needs it: `cchc --version`
imports `db.target` and `db.private` only (issue 19).
"""

from __future__ import annotations

import sys

DRIVERS = ("psycopg2cffi", "psycopg2", "psycopg")


def without_driver_at_import() -> None:
    """peewee, when it is first imported, imported without its PostgreSQL drivers (called once, by the
    package `db`, before any module imports peewee)."""
    if "peewee" in sys.modules or any(isinstance(finder, _PeeweeFinder) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, _PeeweeFinder())


class _PeeweeFinder:
    """A finder of peewee alone, used once: it asks the other finders for peewee's module and has it
    executed with the drivers hidden."""

    def find_spec(self, name, path=None, target=None):
        if name != "peewee":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None and spec.loader is not None:
                spec.loader = _WithoutDrivers(spec.loader)
                return spec
        return None


class _WithoutDrivers:
    """The loader of peewee's module, running it while `import psycopg` (and psycopg2) raise ImportError."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        hidden = [name for name in DRIVERS if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # `import name` raises ImportError: peewee goes on without it
        try:
            self.loader.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, 0) is None:
                    del sys.modules[name]

    def __getattr__(self, name: str):
        return getattr(self.loader, name)  # get_source, get_filename… of the real loader (tracebacks)


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
