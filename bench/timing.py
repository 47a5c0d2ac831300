"""Shared timing helper of the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def best_and_median(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Run func `repeat` times; the best and the median wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)
