"""Benchmark: what a roster read and a membership write cost as history grows.

Every figure is a ratio against a baseline measured in the same run on the same store:
reading and decoding every stored event straight from eventsourcing's recorder (the raw
store). These machines are shared and noisy, so each figure is the median of several runs.

    .venv/bin/python bench/bench_roster.py            # sizes 1000 4000 16000, 5 runs
    .venv/bin/python bench/bench_roster.py --sizes 2000 --runs 3
    .venv/bin/python bench/bench_roster.py --postgres postgresql://postgres@127.0.0.1:5432/test

With --postgres (or LSP_TEST_POSTGRES_URL), each size is measured on SQLite and then on
PostgreSQL (a new schema, dropped after); each store's ratios are against its own baseline.

What is measured, for a Tower Hamlets ledger whose history is spread over the LAPs:
- baseline     read and decode all N events from the recorder
- rebuild      `lsp projections rebuild`: replay all N events into the read models
- read_new1    a roster read that must first fold in 1 new event (the usual case)
- read_warm    a roster read with nothing new to fold in
- write        one `seat fill` through the application (loads the body aggregate: from
               its snapshot and the events after it, ledger/snapshots.py)
- vs first     the write against the write of the first size in the same run (issue 17
               item 5: a body of 8,000 events at most 2x one of 50)
- backdated    a `seat fill` dated before the body's latest fact (its facts are read)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import median_seconds, new_store, raw_read
from ledger.app import Ledger
from ledger.body import Body
from ledger.events import entity_id
from projections import queries
from projections.catchup import ReadStore

TERMS = Path(__file__).resolve().parents[1] / "examples" / "tower-hamlets" / "terms.toml"
LAPS = [f"lap-{i}" for i in range(1, 9)]
START = datetime(2024, 1, 1, tzinfo=UTC)


def build(path: str, size: int) -> Ledger:
    """A ledger of about `size` events: 8 LAPs of 26 seats, then churn of their holders."""
    ledger = Ledger(path, "bench", create=True)
    ledger.init("Tower Hamlets Partnership", str(TERMS), START)
    ledger.add_org("council", "Council")
    people = [f"p{i}" for i in range(200)]
    for p in people:
        ledger.add_person(p, p.upper())
    bodies = {}
    seats = [("resident", 15), ("ward-councillor", 6), ("service-provider", 5)]
    for lap in LAPS:
        body = Body.register(lap, "bench", START)
        for category, count in seats:
            for n in range(count):
                body._trigger(Body.SeatAdded, "bench", START, seat=f"{category}-{n}",
                              org="council", voting=True, co_opted=False, category=category,
                              term_years=None)
        bodies[lap] = body
    ledger.save(*bodies.values())
    total = ledger.recorder.max_notification_id() or 0
    step = 0
    while total < size:
        batch = []
        for lap, body in bodies.items():
            when = START + timedelta(hours=step)
            body._trigger(Body.SeatFilled, "bench", when, seat=f"resident-{step % 15}",
                          person=people[(step * 7 + len(lap)) % len(people)], term_ends=None)
            batch.append(body)
        ledger.save(*batch)
        total += len(batch)
        step += 1
    return ledger






def measure(size: int, runs: int, postgres: str | None = None) -> dict[str, Any]:
    with new_store(postgres) as path:
        ledger = build(path, size)
        events = ledger.recorder.max_notification_id() or 0
        store = ReadStore(ledger)
        now = START + timedelta(days=3650)
        baseline = median_seconds(lambda: raw_read(ledger), runs)
        rebuild = median_seconds(store.rebuild, runs)
        counter = iter(range(10_000))

        def read_after_one_write() -> None:
            ledger.add_person(f"new-{next(counter)}", "New")
            queries.roster(store, "lap-1", now)

        def write_only() -> None:
            ledger.add_person(f"new-{next(counter)}", "New")

        # read_new1 = (write + read) - write, so it counts the read alone
        write_and_read = median_seconds(read_after_one_write, runs)
        write_person = median_seconds(write_only, runs)
        store.catch_up()
        read_warm = median_seconds(lambda: queries.roster(store, "lap-1", now), runs)
        # Fresh people for the timed fills, so none already holds a seat on lap-1 (a
        # person holds one seat on a body: the rule would refuse a churned holder).
        for n in range(runs):
            ledger.add_person(f"filler-{n}", "Filler", "resident")
        fillers = iter(range(runs))

        def fill() -> None:
            n = next(fillers)
            ledger.fill_seat("lap-1", "resident-0", f"filler-{n}", now + timedelta(days=n + 1))

        write = median_seconds(fill, runs)
        # A fill dated before the body's latest fact: the rules ask the roster on that
        # earlier day, which a snapshot cannot answer, so the body's facts are read.
        for n in range(runs):
            ledger.add_person(f"back-{n}", "Back", "ward-councillor")
        backs = iter(range(runs))

        def fill_backdated() -> None:
            n = next(backs)
            ledger.fill_seat("lap-1", f"ward-councillor-{n % 6}", f"back-{n}",
                             START + timedelta(minutes=n + 1))

        backdated = median_seconds(fill_backdated, runs)
        read_new1 = max(write_and_read - write_person, 0.0)
        result = {
            "store": "postgresql" if postgres else "sqlite",
            "events": events,
            "baseline_s": baseline,
            "rebuild_x": rebuild / baseline,
            "read_new1_x": read_new1 / baseline,
            "read_warm_x": read_warm / baseline,
            "write_x": write / baseline,
            "read_warm_ms": read_warm * 1000,
            "write_ms": write * 1000,
            "backdated_ms": backdated * 1000,
            "body_events": ledger.replayed(entity_id("body", "lap-1")).version,
        }
        ledger.close()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("LSP_TEST_POSTGRES_URL"),
                        help="also measure on PostgreSQL, in new schemas of this database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    stores = [None, args.postgres] if args.postgres else [None]
    rows = [measure(size, args.runs, pg) for size in args.sizes for pg in stores]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"medians of {args.runs} runs; ratios are against reading and decoding all events")
    print(f"{'store':>10} {'events':>7} {'lap-1':>6} {'baseline':>9} {'rebuild':>8} "
          f"{'read+1':>8} {'read':>8} {'write':>8} {'read ms':>8} {'write ms':>9} "
          f"{'vs first':>8} {'backdated ms':>12}")
    first = rows[0]["write_ms"] if rows else 0.0
    for r in rows:
        print(f"{r['store']:>10} {r['events']:>7} {r['body_events']:>6} "
              f"{r['baseline_s'] * 1000:>7.1f}ms {r['rebuild_x']:>7.2f}x "
              f"{r['read_new1_x']:>7.3f}x {r['read_warm_x']:>7.3f}x {r['write_x']:>7.3f}x "
              f"{r['read_warm_ms']:>8.2f} {r['write_ms']:>9.2f} "
              f"{r['write_ms'] / first:>7.2f}x {r['backdated_ms']:>12.2f}")


if __name__ == "__main__":
    main()
