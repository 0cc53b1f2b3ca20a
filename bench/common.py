"""What every benchmark shares: the baseline (reading the raw store) and medians."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from ledger.app import Ledger


def median_seconds(fn: Callable[[], object], runs: int,
                   before: Callable[[], object] | None = None) -> float:
    """The median wall time of `fn` over `runs` runs (`before` runs untimed each time)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def raw_read(ledger: Ledger) -> int:
    """The baseline: read and decode every stored event straight from the recorder."""
    start, count = 1, 0
    while True:
        batch = ledger.recorder.select_notifications(start=start, limit=500)
        if not batch:
            return count
        for n in batch:
            ledger.mapper.to_domain_event(n)
        count += len(batch)
        start = batch[-1].id + 1
