"""What every benchmark shares: the baseline (reading the raw store) and medians."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

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


@contextmanager
def new_store(postgres: str | None) -> Iterator[str]:
    """A --store value for a new, empty ledger: an SQLite file in a temporary folder, or,
    given a PostgreSQL URL, a new schema of that database (dropped afterwards)."""
    if not postgres:
        with tempfile.TemporaryDirectory() as tmp:
            yield os.path.join(tmp, "bench.sqlite")
        return
    import psycopg

    schema = f"lsp_bench_{uuid.uuid4().hex[:12]}"
    try:
        yield f"{postgres}{'&' if '?' in postgres else '?'}schema={schema}"
    finally:
        with psycopg.connect(postgres.split("?")[0], autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
