"""Benchmark: what concurrent writers on one record cost, on SQLite and on PostgreSQL.

Three of the races of tests/test_concurrency.py, each run in processes forked at once
(multiprocessing's "fork" context) that open their own Ledger and then wait at a barrier:

- votes        10 seats vote on one agenda item at the same moment (10 events, one record)
- attendances  10 attendances at one meeting recorded at the same moment (10 events)
- raw          8 writers, 20 rounds: each round every writer loads the same body with a
               fresh Ledger, waits for the others and saves a change with `ledger.save`
               (no retry); exactly one wins a round (20 events)

For each, per store, the medians over the runs (a fresh store each run) of:

- wall        from the moment the barrier lets the writers go to the last one finishing
- retries     `Ledger.retries` summed over the writers (raw: the saves refused), and the
              most one writer needed
- serial      the same commands (raw: the 20 winning load-and-save rounds) run one after
              another by one writer: the work without the contention
- baseline    the same number of events written to the same store by one writer with
              eventsourcing's `recorder.insert_events`, one event a transaction (the raw
              store), measured in the same run; `x base` is wall / baseline

    .venv/bin/python bench/bench_contention.py                      # SQLite, 5 runs
    LSP_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/bench_contention.py --runs 3         # and PostgreSQL
    .venv/bin/python bench/bench_contention.py --postgres URL --scenarios votes --json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from bench.common import new_store
from ledger.app import Ledger
from ledger.body import Body
from ledger.events import entity_id

CTX = multiprocessing.get_context("fork")
WAIT = 120.0  # seconds at a barrier, or for a whole race, before giving up
TERMS = Path(__file__).resolve().parents[1] / "examples" / "daventry" / "terms.toml"
SEATED = datetime(2026, 2, 1, tzinfo=UTC)
MEETING, ITEM = "exec-2026-03", "budget"
SEATS = {"dc-1": "daventry-dc", "dc-2": "daventry-dc", "dc-3": "daventry-dc",
         "dvc": "daventry-volunteer-centre", "futures": "futures-housing", "ccg": "nene-ccg",
         "college": "northampton-college", "acre": "northants-acre",
         "calc": "northants-calc", "county": "northants-cc"}
EXECUTIVE_ID = entity_id("body", "executive")
SCENARIOS = ("votes", "attendances", "raw")


# ---------------------------------------------------------------------------- stores


def set_up(store: str, *, attended: bool) -> None:
    """The Daventry Executive: ten voting seats filled, the chair in dc-1, the March
    meeting with one item (and, for the votes, everyone recorded present)."""
    ledger = Ledger(store, "secretariat", create=True)
    ledger.init("Daventry District LSP", str(TERMS), datetime(2026, 1, 1, tzinfo=UTC))
    for org in sorted(set(SEATS.values())):
        ledger.add_org(org, org)
    for seat, org in SEATS.items():
        ledger.add_person(f"member-{seat}", f"Member {seat}")
        ledger.add_seat("executive", seat, org, on=SEATED)
        ledger.fill_seat("executive", seat, f"member-{seat}", SEATED)
    ledger.assign_role("executive", "chair", "dc-1", SEATED)
    ledger.review_membership("executive", "set up", on=SEATED)
    ledger.schedule_meeting("executive", MEETING, datetime(2026, 3, 20, 18, 30, tzinfo=UTC))
    ledger.add_agenda_item(MEETING, ITEM, "Community grants budget 2026/27")
    if attended:
        for seat in SEATS:
            ledger.attend(MEETING, seat)
    ledger.close()


def baseline(store: str, events: int) -> float:
    """One writer inserts `events` events with the recorder, one a transaction."""
    ledger = Ledger(store, "bench")
    body = Body.register(f"baseline-{uuid.uuid4().hex[:8]}", "bench", SEATED)
    for n in range(events - 1):
        body.review_membership(f"baseline {n}", "bench", SEATED)
    stored = [ledger.mapper.to_stored_event(e) for e in body.collect_events()]
    t0 = time.perf_counter()
    for event in stored:
        ledger.recorder.insert_events([event])
    took = time.perf_counter() - t0
    ledger.close()
    return took


# ---------------------------------------------------------------------------- races


def _command(store: str, seat: str, scenario: str, barrier: Any, out: Any) -> None:
    ledger = Ledger(store, f"clerk-{seat}")
    error = ""
    try:
        barrier.wait(WAIT)
        t0 = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process
        if scenario == "votes":
            ledger.cast_vote(MEETING, ITEM, seat, "for")
        else:
            ledger.attend(MEETING, seat)
    except Exception as e:
        barrier.abort()
        error, t0 = f"{type(e).__name__}: {e}", time.monotonic()
    out.put({"who": seat, "start": t0, "end": time.monotonic(), "retries": ledger.retries,
             "error": error})
    ledger.close()


def _contender(store: str, who: str, rounds: int, barrier: Any, out: Any) -> None:
    lost, error, t0 = 0, "", 0.0
    try:
        for n in range(rounds):
            barrier.wait(WAIT)  # the previous round is over for everyone
            if n == 0:
                t0 = time.monotonic()
            ledger = Ledger(store, who)
            try:
                body: Aggregate = ledger.repository.get(EXECUTIVE_ID)
                assert isinstance(body, Body)
                body.review_membership(f"round {n} by {who}", who, SEATED)
                barrier.wait(WAIT)  # everyone holds the same version
                try:
                    ledger.save(body)
                except IntegrityError:
                    lost += 1
            finally:
                ledger.close()
    except Exception as e:
        barrier.abort()
        error = f"{type(e).__name__}: {e}"
    out.put({"who": who, "start": t0, "end": time.monotonic(), "retries": lost,
             "error": error})


Target = tuple[Callable[..., None], tuple[Any, ...]]


def run_children(targets: list[Target]) -> list[dict[str, Any]]:
    barrier = CTX.Barrier(len(targets))
    out = CTX.Queue()
    procs = [CTX.Process(target=fn, args=(*args, barrier, out), daemon=True)
             for fn, args in targets]
    for p in procs:
        p.start()
    results = []
    try:
        for _ in procs:
            results.append(out.get(timeout=WAIT))
    except queue.Empty:
        raise SystemExit(f"a writer hung: {[p.pid for p in procs if p.is_alive()]}") from None
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    errors = [r["error"] for r in results if r["error"]]
    if errors:
        raise SystemExit(f"a writer failed: {errors[0]}")
    return results


def race(store: str, scenario: str, writers: int, rounds: int) -> tuple[list[dict[str, Any]], int]:
    """Run the race; returns each writer's result and the number of events it recorded."""
    if scenario == "raw":
        targets = [(_contender, (store, f"writer-{w}", rounds)) for w in range(writers)]
        return run_children(targets), rounds
    return run_children([(_command, (store, seat, scenario)) for seat in SEATS]), len(SEATS)


def serial(store: str, scenario: str, rounds: int) -> float:
    """The same work by one writer, one command after another (no contention)."""
    if scenario == "raw":
        t0 = time.perf_counter()
        for n in range(rounds):
            ledger = Ledger(store, "serial")
            body: Aggregate = ledger.repository.get(EXECUTIVE_ID)
            assert isinstance(body, Body)
            body.review_membership(f"serial {n}", "serial", SEATED)
            ledger.save(body)
            ledger.close()
        return time.perf_counter() - t0
    ledger = Ledger(store, "serial")
    t0 = time.perf_counter()
    for seat in SEATS:
        if scenario == "votes":
            ledger.cast_vote(MEETING, ITEM, seat, "for")
        else:
            ledger.attend(MEETING, seat)
    took = time.perf_counter() - t0
    ledger.close()
    return took


def measure(kind: str, scenario: str, runs: int, postgres: str, writers: int,
            rounds: int) -> dict[str, Any]:
    walls, totals, maxes, serials, bases = [], [], [], [], []
    for _ in range(runs):
        with new_store(None if kind == "sqlite" else postgres) as store:
            set_up(store, attended=scenario == "votes")
            results, events = race(store, scenario, writers, rounds)
            walls.append(max(r["end"] for r in results) - min(r["start"] for r in results))
            totals.append(sum(r["retries"] for r in results))
            maxes.append(max(r["retries"] for r in results))
            bases.append(baseline(store, events))
        # the same work, without contention
        with new_store(None if kind == "sqlite" else postgres) as store:
            set_up(store, attended=scenario == "votes")
            serials.append(serial(store, scenario, rounds))
    wall, base = statistics.median(walls), statistics.median(bases)
    return {"store": kind, "scenario": scenario, "events": events,
            "writers": writers if scenario == "raw" else len(SEATS), "runs": runs,
            "wall_ms": wall * 1000, "retries": statistics.median(totals),
            "max_retries": statistics.median(maxes), "serial_ms": statistics.median(serials)
            * 1000, "baseline_ms": base * 1000, "wall_x": wall / base,
            "serial_x": statistics.median(serials) / base,
            "all_retries": totals, "all_max": maxes}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("LSP_TEST_POSTGRES_URL", ""),
                        help="a database to create schemas in (default: LSP_TEST_POSTGRES_URL)")
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--writers", type=int, default=8, help="raw: writers racing")
    parser.add_argument("--rounds", type=int, default=20, help="raw: rounds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    rows = [measure(kind, scenario, args.runs, args.postgres, args.writers, args.rounds)
            for kind in kinds for scenario in args.scenarios]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"medians of {args.runs} runs; x base = wall / one writer inserting the same "
          "events with recorder.insert_events")
    print(f"{'store':<11} {'scenario':<12} {'events':>6} {'writers':>7} {'wall':>9} "
          f"{'retries':>7} {'max/1':>5} {'serial':>9} {'baseline':>9} {'x base':>7} "
          f"{'serial x':>8}")
    for r in rows:
        print(f"{r['store']:<11} {r['scenario']:<12} {r['events']:>6} {r['writers']:>7} "
              f"{r['wall_ms']:>7.1f}ms {r['retries']:>7.0f} {r['max_retries']:>5.0f} "
              f"{r['serial_ms']:>7.1f}ms {r['baseline_ms']:>7.1f}ms {r['wall_x']:>6.1f}x "
              f"{r['serial_x']:>7.1f}x")
    print("retries in each run (total / most for one writer; raw: saves refused):")
    for r in rows:
        print(f"  {r['store']:<11} {r['scenario']:<12} {r['all_retries']} / {r['all_max']}")


if __name__ == "__main__":
    main()
