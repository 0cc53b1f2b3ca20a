"""Benchmark: what a seal costs as history grows.

Every figure is a ratio against a baseline measured in the same run on the same store:
reading and decoding every stored event straight from eventsourcing's recorder (the raw
store). These machines are shared and noisy, so each figure is the median of several runs.

    .venv/bin/python bench/bench_seal.py              # sizes 1000 4000 16000, 5 runs
    .venv/bin/python bench/bench_seal.py --sizes 2000 --runs 3 --json

What is measured, for a ledger of N events already sealed after every 100:
- baseline     read and decode all N events from the recorder
- seal+100     `sealing.seal` after 100 new events (the 100 writes are not timed)
- rehash       what a seal that re-hashed the whole history would cost: read all N
               events and hash them into a Merkle tree (for comparison)
- verify       `verify.verify`: read, decode and check every event and seal, the guards
               and SQLite's integrity check

With --parts, what `lsp verify` costs, part by part, on the same ledgers (issue 13 item 7):
- verify       all of it, as above
- integrity    `PRAGMA integrity_check` of the whole file, alone (part of verify)
- guards       reading the append-only guards, alone (part of verify)
- +10 ckpts    what 10 checkpoints spread over the history add to verify: one
               `merkle.Tree` of the leaves and a consistency proof from each (timed alone)
- hash floor   hashlib alone: SHA-256 of every event's leaf input, already in memory
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

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
        report = verify.verify(ledger)
        assert report.ok, report.problems
        verifying = median_seconds(lambda: verify.verify(ledger), runs)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--parts", action="store_true",
                        help="what verify costs, part by part, instead of the seal figures")
    args = parser.parse_args()
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
