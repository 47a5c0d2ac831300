"""Counting the SQL statements the open engine runs: how many reads and writes one action costs.

`counting()` records every statement sent to the engine while it is open — the data statements and the
transaction's own (BEGIN, COMMIT, ROLLBACK) — on either engine, from any thread. Tests and benches use
it to hold an action to its budget of statements; the program itself does not count.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from db.models import database

_TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK")


@dataclass
class Statements:
    """The statements run while counting, each as (thread id, SQL text), in the order they ran."""

    run: list[tuple[int, str]] = field(default_factory=list)

    @property
    def sql(self) -> list[str]:
        return [text for _, text in self.run]

    def __len__(self) -> int:
        return len(self.run)

    @property
    def data(self) -> list[str]:
        """The statements that read or write rows (the transaction's own left out)."""
        return [text for text in self.sql if not text.lstrip().upper().startswith(_TRANSACTION)]

    def matching(self, word: str) -> list[str]:
        """The statements naming `word` (a table, a keyword), compared without case."""
        return [text for text in self.sql if word.lower() in text.lower()]

    def __str__(self) -> str:
        return "\n".join(f"{i + 1:3}. {text}" for i, text in enumerate(self.sql))


@contextmanager
def counting() -> Iterator[Statements]:
    """Count the statements the open engine runs until the block ends (nested counters each count all)."""
    engine = database.obj
    if engine is None:
        raise RuntimeError("no database is open")
    found = Statements()
    wrapped = {}

    def wrap(name: str, label: str | None):
        method = getattr(engine, name)

        def counted(*args, **kwargs):
            text = label if label is not None else str(args[0] if args else kwargs.get("sql", ""))
            found.run.append((threading.get_ident(), text))
            return method(*args, **kwargs)

        wrapped[name] = engine.__dict__.get(name)
        setattr(engine, name, counted)

    wrap("execute_sql", None)
    wrap("begin", "BEGIN")
    wrap("commit", "COMMIT")
    wrap("rollback", "ROLLBACK")
    try:
        yield found
    finally:
        for name, before in wrapped.items():
            if before is None:
                delattr(engine, name)
            else:
                setattr(engine, name, before)
