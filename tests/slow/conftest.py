"""The slow proof tests: every test here carries the `slow` marker (run by default and by `.ci/run`;
`-m "not slow"` leaves them out for a quick local run). Their figures go to `figures.record`."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/slow/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.slow)
