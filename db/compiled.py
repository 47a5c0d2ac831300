"""Builder queries compiled once per engine and shape, then run with fresh values.

Peewee compiles a query to SQL at every execution, which costs more than SQLite takes to run the
small statements of data entry. `run` builds the query with marker values, compiles it once, records
which marker each parameter is, and afterwards only binds the caller's values in that order. Values
must already be what the driver takes (int, str, datetime, None): the fields' converters are not
applied again. None is bound as a parameter, so it may stand only where an inserted column takes NULL
(never in a comparison, where the builder would write IS NULL). Large shapes (long IN lists, many
rows) are compiled each time, as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from db.models import database

MAX_CACHED = 24  # parameters sets beyond this are not worth a cache entry
_cache: dict[tuple, tuple[str, list[int]] | None] = {}
_EPOCH = datetime(1900, 1, 1)


def _marker(index: int, value):
    if isinstance(value, bool):
        return value  # not identifiable: such a query is compiled each time
    if isinstance(value, int):
        return -7_000_000_000 - index
    if isinstance(value, datetime):
        return _EPOCH + timedelta(microseconds=index + 1)
    return f"\x00{index}\x00"


def _compile(build: Callable, values: Sequence):
    markers = [_marker(i, v) for i, v in enumerate(values)]
    where = {m: i for i, m in enumerate(markers) if m is not None and not isinstance(m, bool)}
    if len(where) != len(markers):
        return None
    try:
        sql, params = database.get_sql_context().sql(build(*markers)).query()
        order = [where[param] for param in params]
    except (KeyError, TypeError, ValueError):
        return None
    return sql, order


def run(key: tuple, build: Callable, values: Sequence):
    """Execute `build(*values)` (a builder query); returns the cursor."""
    values = list(values)
    if len(values) > MAX_CACHED:
        return database.execute(build(*values))
    full = (database.obj.kind, key, len(values))
    if full not in _cache:
        _cache[full] = _compile(build, values)
    compiled = _cache[full]
    if compiled is None:
        return database.execute(build(*values))
    sql, order = compiled
    return database.execute_sql(sql, [values[i] for i in order])
