"""Benchmark: a batched import (`lsp import --batch`), in events a second.

Every figure is a ratio against a baseline measured in the same run on the same kind of
store: the raw store writing the same stored events in the same batch sizes, each batch
one `recorder.insert_events` call (one transaction) of eventsourcing's recorder, into a
new ledger. These machines are shared and noisy, so each figure is the median of several
runs, each into a new store (a new SQLite file, a new PostgreSQL schema).

    .venv/bin/python bench/bench_import.py                          # SQLite
    .venv/bin/python bench/bench_import.py --postgres postgresql://postgres@127.0.0.1:5432/test
    LSP_TEST_POSTGRES_URL=... .venv/bin/python bench/bench_import.py --events 4000 --runs 3

What is measured, for an export of about N events (Tower Hamlets' LAPs and their holders,
`bench_roster.build`) sealed every 1000:
- baseline   `recorder.insert_events` of the N stored events, B at a time (the store's
             own cost of writing them durably; opening the new ledger not timed)
- check      `read_export`: parse every line and verify every seal (part of import)
- import     `import_into(..., batch=B)`: check the file, check every event decodes,
             create the ledger, write it in transactions of B (what `lsp import --batch`
             does before rebuilding the read models)
- import_1tx the same without --batch: every event in one transaction
The ratios are times against the baseline (import 3.0x: three times as long as the raw
store takes to write the same events); events/s are N over the median time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventsourcing.persistence import StoredEvent

from bench.bench_roster import build
from bench.common import median_seconds
from ledger.app import Ledger
from ledger.audit import sealing
from ledger.audit.export import export
from ledger.audit.export_reader import read_export
from ledger.audit.importing import import_into

SEAL_EVERY = 1000


def make_export(folder: str, size: int) -> tuple[Path, list[StoredEvent]]:
    """An export of about `size` events, sealed every SEAL_EVERY, and its stored events."""
    ledger = build(os.path.join(folder, "source.sqlite"), SEAL_EVERY)
    sealing.seal(ledger)
    while (ledger.recorder.max_notification_id() or 0) < size:
        grow_by(ledger, SEAL_EVERY)
        sealing.seal(ledger)
    path = Path(folder) / "export.jsonl"
    export(ledger, path)
    ledger.close()
    events = [StoredEvent(line.originator_id, line.originator_version, line.topic,
                          line.state) for line in read_export(path).lines]
    return path, events


def grow_by(ledger: Ledger, count: int) -> None:
    """`count` more events: people registered, 100 a transaction."""
    from datetime import UTC, datetime

    from ledger.directory import Person

    start = ledger.recorder.max_notification_id() or 0
    when = datetime(2024, 6, 1, tzinfo=UTC)
    for first in range(0, count, 100):
        ledger.save(*[Person.register(f"q{start + first + i}", "Q", None, "bench", when)
                      for i in range(min(100, count - first))])


class Stores:
    """New stores of one kind, each used once; PostgreSQL schemas are dropped after."""

    def __init__(self, folder: str, postgres: str | None) -> None:
        self.folder = folder
        self.postgres = postgres
        self.schemas: list[str] = []
        self.count = 0

    @property
    def kind(self) -> str:
        return "postgresql" if self.postgres else "sqlite"

    def new(self) -> str:
        self.count += 1
        if not self.postgres:
            return os.path.join(self.folder, f"target-{self.count}.sqlite")
        schema = f"lsp_bench_{uuid.uuid4().hex[:12]}"
        self.schemas.append(schema)
        base = self.postgres.split("?")[0]
        return f"{base}?schema={schema}"

    def drop(self) -> None:
        if not self.postgres:
            return
        import psycopg

        with psycopg.connect(self.postgres.split("?")[0], autocommit=True) as conn:
            for schema in self.schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        self.schemas.clear()


@contextmanager
def stores_of(folder: str, postgres: str | None) -> Iterator[Stores]:
    stores = Stores(folder, postgres)
    try:
        yield stores
    finally:
        stores.drop()


def timed(stores: Stores, runs: int, prepare: Callable[[str], Any],
          work: Callable[[str, Any], object]) -> float:
    """The median time of `work(store, prepared)` on a new store each run;
    `prepare(store)` runs untimed before it."""
    state: dict[str, Any] = {}

    def before() -> None:
        stores.drop()
        store = stores.new()
        state["store"], state["prepared"] = store, prepare(store)

    def run() -> None:
        work(state["store"], state["prepared"])

    def after_each() -> None:
        prepared = state.get("prepared")
        if isinstance(prepared, Ledger):
            prepared.close()

    def before_and_clean() -> None:
        after_each()
        before()

    seconds = median_seconds(run, runs, before_and_clean)
    after_each()
    return seconds


def measure(path: Path, events: list[StoredEvent], stores: Stores, batch: int,
            runs: int) -> dict[str, Any]:
    n = len(events)

    def insert_raw(_: str, ledger: Ledger) -> None:
        for start in range(0, n, batch):
            ledger.recorder.insert_events(events[start:start + batch])

    baseline = timed(stores, runs, lambda store: Ledger(store, "bench", create=True),
                     insert_raw)
    check = median_seconds(lambda: read_export(path), runs)
    batched = timed(stores, runs, lambda store: None,
                    lambda store, _: import_into(store, "bench", path, batch=batch))
    one = timed(stores, runs, lambda store: None,
                lambda store, _: import_into(store, "bench", path))
    return {
        "store": stores.kind, "events": n, "batch": batch, "runs": runs,
        "baseline_s": baseline, "baseline_eps": n / baseline,
        "check_x": check / baseline,
        "import_x": batched / baseline, "import_eps": n / batched, "import_s": batched,
        "import_1tx_x": one / baseline, "import_1tx_eps": n / one,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL",
                        default=os.environ.get("LSP_TEST_POSTGRES_URL") or None,
                        help="also measure PostgreSQL (default: LSP_TEST_POSTGRES_URL)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path, events = make_export(folder, args.events)
        for postgres in [None, *([args.postgres] if args.postgres else [])]:
            with stores_of(folder, postgres) as stores:
                rows.append(measure(path, events, stores, args.batch, args.runs))
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"medians of {args.runs} runs; ratios are times against the raw store writing the "
          f"same events {args.batch} a transaction")
    print(f"{'store':<11} {'events':>7} {'baseline':>10} {'ev/s':>8} {'check':>7} "
          f"{'import':>7} {'ev/s':>8} {'1 tx':>7} {'ev/s':>8}")
    for r in rows:
        print(f"{r['store']:<11} {r['events']:>7} {r['baseline_s'] * 1000:>8.0f}ms "
              f"{r['baseline_eps']:>8.0f} {r['check_x']:>6.2f}x {r['import_x']:>6.2f}x "
              f"{r['import_eps']:>8.0f} {r['import_1tx_x']:>6.2f}x {r['import_1tx_eps']:>8.0f}")


if __name__ == "__main__":
    main()
