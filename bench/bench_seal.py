"""Benchmark: what a seal costs as history grows.

Every figure is a ratio against a baseline measured in the same run on the same store:
reading and decoding every stored event straight from eventsourcing's recorder (the raw
store). These machines are shared and noisy, so each figure is the median of several runs.

    .venv/bin/python bench/bench_seal.py              # sizes 1000 4000 16000, 5 runs
    .venv/bin/python bench/bench_seal.py --sizes 2000 --runs 3 --json
    .venv/bin/python bench/bench_seal.py --walk --sizes 1000000 --runs 2

What is measured, for a ledger of N events already sealed after every 100:
- baseline     read and decode all N events from the recorder
- seal+100     `sealing.seal` after 100 new events (the 100 writes are not timed)
- rehash       what a seal that re-hashed the whole history would cost: read all N
               events and hash them into a Merkle tree (for comparison)
- verify       `verify.verify`: read, decode and check every event and seal, the guards
               and SQLite's integrity check

With --parts, what `lsp verify` costs, part by part, on the same ledgers (issue 13 item 7):
- verify       all of it but re-judging (`--no-rejudge`: --judged measures that)
- integrity    `PRAGMA integrity_check` of the whole file, alone (part of verify)
- guards       reading the append-only guards, alone (part of verify)
- +10 ckpts    what 10 checkpoints spread over the history add to verify: one
               `merkle.Tree` of the leaves and a consistency proof from each (timed alone)
- hash floor   hashlib alone: SHA-256 of every event's leaf input, already in memory

With --walk, the seals' walk alone at sizes up to 1,000,000 (issue 13 item 7), on a ledger
written in bulk (`build_fast`: the same organisations and seals every 100 events, inserted
20,000 per transaction straight through the recorder), ratios to the raw read above:
- rows read    `ledger.audit.stored.rows`: every stored row by a plain SELECT, no decoding
- walk         `verify.verify(..., rejudge=False)`: the walk over every row and seal, the
               guards, the snapshots and SQLite's integrity check
- integrity    `PRAGMA integrity_check` alone (part of the walk's time)
- lsp verify   `lsp verify --no-rejudge --no-read-models` as a command (its start too)
each by the wall clock and by CPU time (the process's own, and the command's: on a shared
machine the wall time also counts the other work's share of the cores)

With --judged, what re-judging and the read-model check cost (issue 13 items 3, 4, 7), on
a ledger of meetings and decisions between meetings (each cycle: a meeting scheduled,
two items, three attend, three vote, the vote closed, a consensus, a decision proposed by
the chair and approved (so taken) and reported to the meeting, the meeting closed: 17
events, through the Ledger's own commands), sealed about every 100 events:
- seals        `verify.verify(..., rejudge=False)`: the walk over every event and seal,
               the guards and the integrity check
- rejudge      what re-judging adds: `verify.verify(...)` minus the above
- read models  `projections.drift.check`: the read models rebuilt in memory and compared
- fold only    what `--rejudge-since-checkpoint` costs for the events under the checkpoint
               (folded, not judged): verify with a checkpoint at the latest seal, minus
               `seals` and the consistency proof's own cost
- 1M (s)       each extrapolated linearly to 1,000,000 events, from CPU time (the
               process's own, `time.process_time`: on a shared machine the wall time also
               counts the other work's share of the cores)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import median_seconds, raw_read
from ledger.app import Ledger
from ledger.audit import extending, merkle, sealing, verify
from ledger.directory import Organisation
from ledger.store import appendonly, doctor

TERMS = Path(__file__).resolve().parents[1] / "examples" / "daventry" / "terms.toml"
START = datetime(2024, 1, 1, tzinfo=UTC)
EVERY = 100


class Writer:
    """Adds organisations in batches of 100, each batch one transaction."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.count = 0

    def add(self, n: int) -> None:
        orgs = []
        for _ in range(n):
            self.count += 1
            orgs.append(Organisation.register(f"org-{self.count}", f"Org {self.count}",
                                              "bench", START))
        self.ledger.save(*orgs)


def build(path: str, size: int) -> tuple[Ledger, Writer]:
    """A ledger of about `size` events, sealed after every 100."""
    ledger = Ledger(path, "bench", create=True)
    ledger.init("Bench Partnership", str(TERMS), START)
    writer = Writer(ledger)
    while (ledger.recorder.max_notification_id() or 0) < size:
        writer.add(EVERY - 1)
        sealing.seal(ledger)
    return ledger, writer


def build_fast(path: str, size: int, every: int = EVERY, chunk: int = 20_000) -> Ledger:
    """A ledger of about `size` events sealed after every `every`, fast enough for 1M here.

    The events are those `build` writes (organisations registered, marked with their
    author as `Ledger._save` marks them) and the seals are `Seal.next`'s own, with their
    checkpoint text, as `lsp seal` records them; only the writing differs: each event is
    encoded by the ledger's mapper and inserted `chunk` at a time straight through the
    recorder (one transaction each), the positions they will get (1, 2, 3... in a new
    store) known in advance, so no seal reads back what was just written. `tests/
    test_verify_fast.py` checks that such a ledger verifies, and fails when tampered."""
    from ledger import acting
    from ledger.audit import checkpoint
    from ledger.audit.seal import SEAL_ID, Seal, SealEvent, frontier_of, tag
    from ledger.audit.stored import leaf

    ledger = Ledger(path, "bench", create=True)
    ledger.init("Bench Partnership", str(TERMS), START)
    sealing.seal(ledger)
    latest = ledger.mapper.to_domain_event(
        ledger.recorder.select_events(SEAL_ID, desc=True, limit=1)[0])
    assert isinstance(latest, SealEvent) and latest.checkpoint is not None
    stream = Seal.resume(latest)
    frontier = frontier_of(stream.tree_size, stream.frontier)
    origin = latest.checkpoint.split("\n", 1)[0]

    def note(tree_size: int, root: str) -> str:
        return checkpoint.make(origin, tree_size, root).text

    position = ledger.recorder.max_notification_id() or 0
    for n in ledger.recorder.select_notifications(start=stream.last_position, limit=position,
                                                  inclusive_of_start=False):
        frontier.append(leaf(n))  # the first seal itself
        tags = [tag(leaf(n))]
    pending: list[Any] = []
    count = 0
    while position < size:
        for _ in range(every - 1):
            count += 1
            org = Organisation.register(f"org-{count}", f"Org {count}", "bench", START)
            events = org.collect_events()
            acting.mark(events, ledger.author)
            for e in events:
                stored = ledger.mapper.to_stored_event(e)
                h = leaf(stored)
                frontier.append(h)
                tags.append(tag(h))
                pending.append(stored)
                position += 1
        stream.next(frontier, position, "".join(tags), ledger.actor, datetime.now(UTC),
                    None, note)
        events = stream.collect_events()
        acting.mark(events, ledger.author)
        for e in events:
            stored = ledger.mapper.to_stored_event(e)
            frontier.append(leaf(stored))
            tags = [tag(leaf(stored))]
            pending.append(stored)
            position += 1
        if len(pending) >= chunk:
            ledger.recorder.insert_events(pending)
            pending = []
    if pending:
        ledger.recorder.insert_events(pending)
    assert ledger.recorder.max_notification_id() == position
    return ledger


def rehash(ledger: Ledger) -> bytes:
    frontier = merkle.Frontier.empty()
    start = 1
    while True:
        batch = ledger.recorder.select_notifications(start=start, limit=500)
        if not batch:
            return frontier.root()
        for n in batch:
            frontier.append(merkle.leaf_hash(merkle.leaf_input(
                str(n.originator_id), n.originator_version, n.topic, n.state)))
        start = batch[-1].id + 1


def measure(size: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.sqlite")
        ledger, writer = build(path, size)
        events = ledger.recorder.max_notification_id() or 0
        baseline = median_seconds(lambda: raw_read(ledger), runs)
        read: list[int] = []
        seal = median_seconds(lambda: read.append(sealing.seal(ledger).events_read), runs,
                              before=lambda: writer.add(EVERY))
        full = median_seconds(lambda: rehash(ledger), runs)
        report = verify.verify(ledger)
        assert report.ok, report.problems
        verifying = median_seconds(lambda: verify.verify(ledger), max(1, runs // 2))
        ledger.close()
        return {
            "events": events,
            "baseline_ms": baseline * 1000,
            "seal_x": seal / baseline,
            "seal_ms": seal * 1000,
            "seal_events_read": statistics.median(read),
            "rehash_x": full / baseline,
            "verify_x": verifying / baseline,
        }


def parts(size: int, runs: int) -> dict[str, float]:
    """What `lsp verify` costs, part by part, as ratios to a raw read (medians)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.sqlite")
        ledger, _ = build(path, size)
        events = ledger.recorder.max_notification_id() or 0
        baseline = median_seconds(lambda: raw_read(ledger), runs)
        report = verify.verify(ledger, rejudge=False)
        assert report.ok, report.problems
        # The seals' walk, as before re-judging existed (--judged measures re-judging)
        verifying = median_seconds(lambda: verify.verify(ledger, rejudge=False), runs)
        integrity = median_seconds(lambda: doctor.integrity_check(ledger.where), runs)
        guards = median_seconds(lambda: appendonly.missing_guards(ledger.where), runs)
        stored = ledger.recorder.select_notifications(start=1, limit=events)
        seals = [n for n in stored if "Seal" in n.topic]
        step = max(1, len(seals) // 10)
        kept = [extending.Held.of({"tree_size": s["tree_size"], "root": s["root"]})
                for s in (json.loads(n.state) for n in seals[::step][:10])]
        inputs = [merkle.leaf_input(str(n.originator_id), n.originator_version, n.topic,
                                    n.state) for n in stored]
        leaves = [merkle.leaf_hash(i) for i in inputs]
        latest = json.loads(seals[-1].state)
        positions = [n.id for n in stored]

        def checkpoints() -> None:  # what --checkpoint adds to the walk verify makes
            target = extending.Target(merkle.Tree(leaves), positions, latest["tree_size"],
                                      latest["root"])
            for held in kept:
                assert extending.check(held, target, {})[0]["ok"]

        checking = median_seconds(checkpoints, runs)
        floor = median_seconds(lambda: [merkle.leaf_hash(i) for i in inputs], runs)
        ledger.close()
        return {
            "events": events,
            "baseline_ms": baseline * 1000,
            "verify_ms": verifying * 1000,
            "verify_x": verifying / baseline,
            "integrity_x": integrity / baseline,
            "guards_ms": guards * 1000,
            "checkpoints_x": checking / baseline,
            "floor_x": floor / baseline,
        }


def build_meetings(path: str, size: int) -> Ledger:
    """A ledger of about `size` events of meetings and decisions between meetings, every
    act recorded (and judged) by the Ledger's own commands, sealed about every 100."""
    ledger = Ledger(path, "bench", create=True)
    ledger.init("Bench Partnership", str(TERMS), START)
    seats = (("dc-1", "daventry-dc", "alice"), ("dc-2", "daventry-dc", "bob"),
             ("dc-3", "daventry-dc", "carol"), ("ccg", "nene-ccg", "dan"),
             ("police", "northants-police", "erin"))
    for org in ("daventry-dc", "nene-ccg", "northants-police"):
        ledger.add_org(org, org.title())
    for seat, org, person in seats:
        ledger.add_person(person, person.title())
        ledger.add_seat("executive", seat, org, on=START)
        ledger.fill_seat("executive", seat, person, START)
    ledger.assign_role("executive", "chair", "dc-1", START)
    cycle, sealed = 0, 0
    while (ledger.recorder.max_notification_id() or 0) < size:
        cycle += 1
        held = START + timedelta(hours=cycle)
        meeting, decision = f"m-{cycle}", f"d-{cycle}"
        ledger.schedule_meeting("executive", meeting, held)
        ledger.add_agenda_item(meeting, "vote", "An item voted on")
        ledger.add_agenda_item(meeting, "plan", "An item agreed")
        for seat in ("dc-1", "dc-2", "dc-3"):
            ledger.attend(meeting, seat)
        for seat, choice in (("dc-1", "for"), ("dc-2", "for"), ("dc-3", "against")):
            ledger.cast_vote(meeting, "vote", seat, choice)
        ledger.close_vote(meeting, "vote")
        ledger.decide_by_consensus(meeting, "plan", "Agreed")
        ledger.propose_decision("executive", decision, "A decision", "dc-1",
                                on=held - timedelta(minutes=30))
        ledger.approve_decision(decision, "dc-2", on=held - timedelta(minutes=20))
        ledger.report_decision(decision, meeting, "ratified")
        ledger.close_meeting(meeting)
        events = ledger.recorder.max_notification_id() or 0
        if events - sealed >= EVERY:
            sealing.seal(ledger)
            sealed = events + 1
    sealing.seal(ledger)
    return ledger


def judged(size: int, runs: int) -> dict[str, float]:
    """What re-judging and the read-model check cost, as ratios to a raw read (medians)."""
    from projections.catchup import ReadStore
    from projections.drift import check

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.sqlite")
        ledger = build_meetings(path, size)
        events = ledger.recorder.max_notification_id() or 0
        ReadStore(ledger).catch_up()
        report = verify.verify(ledger)
        assert report.ok, report.problems
        assert not check(ledger).drift
        latest = sealing.latest_seal(ledger)
        assert latest is not None
        held = [(None, {"tree_size": latest.tree_size, "root": latest.root})]
        timings: dict[str, float] = {}
        for clock, name in ((time.perf_counter, "wall"), (time.process_time, "cpu")):
            timings[f"baseline_{name}"] = median_of(lambda: raw_read(ledger), runs, clock)
            timings[f"seals_{name}"] = median_of(
                lambda: verify.verify(ledger, rejudge=False), runs, clock)
            timings[f"whole_{name}"] = median_of(lambda: verify.verify(ledger), runs, clock)
            timings[f"models_{name}"] = median_of(lambda: check(ledger), runs, clock)
            timings[f"proof_{name}"] = median_of(
                lambda: verify.verify(ledger, rejudge=False, checkpoints=held), runs, clock)
            timings[f"folded_{name}"] = median_of(
                lambda: verify.verify(ledger, checkpoints=held, rejudge_since_checkpoint=True),
                runs, clock)
        ledger.close()
        per_event = 1_000_000 / events
        found: dict[str, float] = {"events": events,
                                   "baseline_ms": timings["baseline_wall"] * 1000}
        for name in ("wall", "cpu"):
            base = timings[f"baseline_{name}"]
            parts = {"seals": timings[f"seals_{name}"],
                     "rejudge": timings[f"whole_{name}"] - timings[f"seals_{name}"],
                     "models": timings[f"models_{name}"],
                     "fold": timings[f"folded_{name}"] - timings[f"proof_{name}"]}
            for part, seconds in parts.items():
                found[f"{part}_x_{name}"] = seconds / base
                found[f"{part}_1m_s_{name}"] = seconds * per_event
            found[f"baseline_1m_s_{name}"] = base * per_event
        return found


def median_of(fn: Callable[[], object], runs: int, clock: Callable[[], float]) -> float:
    """The median time of `fn` over `runs` runs, by `clock`."""
    times = []
    for _ in range(runs):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def walk(size: int, runs: int, cli: bool = True) -> dict[str, float]:
    """What the seals' walk of `lsp verify` costs on a ledger of `size` events written in
    bulk (`build_fast`), as ratios to a raw read of the same store in the same run."""
    from ledger.audit.stored import rows

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.sqlite")
        t0 = time.perf_counter()
        ledger = build_fast(path, size)
        built = time.perf_counter() - t0
        events = ledger.recorder.max_notification_id() or 0
        report = verify.verify(ledger, rejudge=False)
        assert report.ok and report.unsealed == 0, report.problems[:3]
        found: dict[str, float] = {"events": events, "build_s": built, "runs": runs}
        timings = {
            "baseline": lambda: raw_read(ledger),
            "rows": lambda: sum(1 for _ in rows(ledger)),
            "walk": lambda: verify.verify(ledger, rejudge=False),
            "integrity": lambda: doctor.integrity_check(ledger.where),
        }
        if cli:
            lsp = str(Path(sys.executable).with_name("lsp"))
            command = [lsp, "--store", path, "verify", "--no-rejudge", "--no-read-models"]

            def run_lsp() -> None:
                import subprocess

                subprocess.run(command, check=True, capture_output=True)

            timings["lsp"] = run_lsp
        for name, fn in timings.items():
            wall, cpu = both_clocks(fn, runs)
            found[f"{name}_s"], found[f"{name}_cpu_s"] = wall, cpu
        ledger.close()
        for clock in ("s", "cpu_s"):
            base = found[f"baseline_{clock}"]
            for name in timings:
                found[f"{name}_x" if clock == "s" else f"{name}_cpu_x"] = (
                    found[f"{name}_{clock}"] / base)
        return found


def both_clocks(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """The medians over `runs` runs of `fn`'s wall time and of its CPU time: this
    process's and its children's (`lsp verify` run as a command), user and system."""
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), os.times()
        fn()
        t1, c1 = time.perf_counter(), os.times()
        walls.append(t1 - t0)
        cpus.append(sum(c1[:4]) - sum(c0[:4]))
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--parts", action="store_true",
                        help="what verify costs, part by part, instead of the seal figures")
    parser.add_argument("--judged", action="store_true",
                        help="what re-judging and the read-model check cost, on meetings")
    parser.add_argument("--walk", action="store_true",
                        help="the seals' walk of `lsp verify --no-rejudge --no-read-models` "
                             "on ledgers written in bulk (1,000,000 events in minutes)")
    parser.add_argument("--no-cli", action="store_true",
                        help="with --walk: the walk in-process only, not `lsp verify` too")
    args = parser.parse_args()
    if args.walk:
        timed = [walk(size, args.runs, not args.no_cli) for size in args.sizes]
        if args.json:
            print(json.dumps(timed, indent=2))
            return
        print("| events | runs | clock | baseline (s) | rows read | walk | walk (s) | "
              "integrity | `lsp verify` | `lsp verify` (s) |")
        print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in timed:
            for clock, s_, x_ in (("wall", "s", "x"), ("cpu", "cpu_s", "cpu_x")):
                cli = (f"{r[f'lsp_{x_}']:.2f}x | {r[f'lsp_{s_}']:.1f}" if "lsp_s" in r
                       else "- | -")
                print(f"| {r['events']:,.0f} | {r['runs']:.0f} | {clock} | "
                      f"{r[f'baseline_{s_}']:.1f} | {r[f'rows_{x_}']:.2f}x | "
                      f"{r[f'walk_{x_}']:.2f}x | {r[f'walk_{s_}']:.1f} | "
                      f"{r[f'integrity_{x_}']:.2f}x | {cli} |")
        print("\nbuilt in " + ", ".join(f"{r['build_s']:.0f} s" for r in timed))
        return
    if args.judged:
        rows = [judged(size, args.runs) for size in args.sizes]
        if args.json:
            print(json.dumps(rows, indent=2))
            return
        print("| events | clock | baseline | seals | rejudge | read models | fold only | "
              "1M: read | 1M: seals | 1M: rejudge | 1M: read models | 1M: fold only |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            for name in ("wall", "cpu"):
                print(f"| {r['events']:,.0f} | {name} | "
                      f"{r[f'baseline_1m_s_{name}'] * r['events'] / 1000:.0f} ms | "
                      + " | ".join(f"{r[f'{p}_x_{name}']:.2f}x"
                                   for p in ("seals", "rejudge", "models", "fold"))
                      + f" | {r[f'baseline_1m_s_{name}']:.0f} s | "
                      + " | ".join(f"{r[f'{p}_1m_s_{name}']:.0f} s"
                                   for p in ("seals", "rejudge", "models", "fold")) + " |")
        return
    if args.parts:
        found = [parts(size, args.runs) for size in args.sizes]
        if args.json:
            print(json.dumps(found, indent=2))
            return
        print("| events | baseline | verify | verify (s) | integrity | guards (ms) | "
              "+10 ckpts | hash floor |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in found:
            print(f"| {r['events']:,.0f} | {r['baseline_ms']:.0f} ms | {r['verify_x']:.2f}x | "
                  f"{r['verify_ms'] / 1000:.2f} | {r['integrity_x']:.2f}x | "
                  f"{r['guards_ms']:.1f} | {r['checkpoints_x']:.2f}x | {r['floor_x']:.2f}x |")
        return
    results = [measure(size, args.runs) for size in args.sizes]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("| events | baseline | seal+100 | seal+100 (ms) | events read | rehash | verify |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['events']:,.0f} | {r['baseline_ms']:.1f} ms | {r['seal_x']:.3f}x | "
              f"{r['seal_ms']:.1f} | {r['seal_events_read']:.0f} | {r['rehash_x']:.2f}x | "
              f"{r['verify_x']:.2f}x |")


if __name__ == "__main__":
    main()
