"""Benchmark: `lsp roster import`, the eight Tower Hamlets LAPs of 26 seats (issue 17 item 3).

Target: all eight imported in under 10 s. Every figure is also a ratio against baselines
measured in the same run on the same kind of store, each the median of several runs, each
run into a new ledger (a new SQLite file, a new PostgreSQL schema):

- raw          eventsourcing's `recorder.insert_events` writing the very stored events the
               eight imports recorded, one transaction a LAP (the store's own cost)
- by_hand      the same acts as single commands through the application, one save each
               (`add_org`, `add_person`, `add_seat`, `fill_seat`, `nominate_deputy`): what
               about 600 `lsp` commands would cost without starting 600 processes
- import       `ledger.roster_import.import_roster` for each LAP on one opened ledger
               (every row judged, then one transaction a LAP)
- commands     the eight `lsp roster import lap-N lap-N.csv` as a user runs them: eight
               processes, each sealing after its import (the default)
- batch        the same eight commands as the lines of one `lsp batch FILE`: one process,
               sealed once at the end
- 8 reads      eight `lsp roster lap-N` processes on a ledger with no seats: what starting
               eight `lsp` processes costs, so commands - reads is the imports' own cost

    .venv/bin/python bench/bench_roster_import.py                  # SQLite, 5 runs
    .venv/bin/python bench/bench_roster_import.py --runs 3 --postgres postgresql://postgres@127.0.0.1:5432/test

The rows are generated, realistic and fixed (a seeded generator): per LAP 15 resident seats
held by residents, 6 ward-councillor seats held by councillors of the council, 5
service-provider seats of ten real kinds of provider; about a third have a deputy and one
seat in thirteen is vacant.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import new_store
from ledger.app import Ledger
from ledger.roster_csv import COLUMNS, RosterRow, read_rows
from ledger.roster_import import import_roster

ROOT = Path(__file__).resolve().parents[1]
TERMS = ROOT / "examples" / "tower-hamlets" / "terms.toml"
LAPS = [f"lap-{i}" for i in range(1, 9)]
START = datetime(2026, 1, 1, tzinfo=UTC)
ON = "2026-05-14"  # the day the LAPs were appointed
FIRST = ["Amina", "Ben", "Chloe", "Dev", "Esther", "Farid", "Grace", "Hasan", "Ivy", "Jamal",
         "Kemi", "Liam", "Maryam", "Noah", "Olu", "Priya", "Quentin", "Rahima", "Sam", "Tess",
         "Umar", "Vera", "Wasim", "Yusuf", "Zara"]
LAST = ["Ahmed", "Begum", "Carter", "Das", "Evans", "Fox", "Green", "Hussain", "Islam", "Jones",
        "Khan", "Lewis", "Miah", "Nowak", "Okafor", "Patel", "Rahman", "Smith", "Taylor",
        "Uddin", "Walsh", "Young"]
PROVIDERS = [("met-police", "Metropolitan Police Service"),
             ("nhs-nel", "NHS North East London"),
             ("barts-health", "Barts Health NHS Trust"),
             ("elft", "East London NHS Foundation Trust"),
             ("london-fire", "London Fire Brigade"),
             ("poplar-harca", "Poplar HARCA"),
             ("th-homes", "Tower Hamlets Homes"),
             ("thcvs", "Tower Hamlets Council for Voluntary Service"),
             ("toynbee-hall", "Toynbee Hall"),
             ("canal-river-trust", "Canal & River Trust")]


def generate(lap: str, rng: random.Random, used: set[str]) -> str:
    """The spreadsheet of one LAP: 26 seats, as a council officer would fill it in."""

    def person() -> tuple[str, str]:
        while True:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            slug = name.lower().replace(" ", "-")
            if slug not in used:
                used.add(slug)
                return slug, name

    lines = [",".join(COLUMNS)]
    seats = ([("resident", n) for n in range(1, 16)] + [("ward-councillor", n) for n in range(1, 7)]
             + [("service-provider", n) for n in range(1, 6)])
    for category, n in seats:
        if category == "resident":
            org, org_name = f"{lap}-residents", f"Residents of {lap.upper()}"
        elif category == "ward-councillor":
            org, org_name = "lbth", "London Borough of Tower Hamlets"
        else:
            org, org_name = PROVIDERS[(n * 3 + int(lap[-1])) % len(PROVIDERS)]
        holder, holder_name = person() if rng.random() > 1 / 13 else ("", "")
        title = "Cllr " if category == "ward-councillor" and holder else ""
        deputy, deputy_name = person() if rng.random() < 1 / 3 else ("", "")
        lines.append(",".join([f"{category[:3]}-{n}", org, f'"{org_name}"', holder,
                               title + holder_name, category, "yes", deputy, deputy_name, ON]))
    return "\n".join(lines) + "\n"


def spreadsheets(folder: Path) -> dict[str, Path]:
    rng, used = random.Random(17), set()
    files = {}
    for lap in LAPS:
        files[lap] = folder / f"{lap}.csv"
        files[lap].write_text(generate(lap, rng, used), encoding="utf-8")
    return files


def new_ledger(path: str) -> Ledger:
    ledger = Ledger(path, "bench", create=True)
    ledger.init("Tower Hamlets Partnership", str(TERMS), START)
    return ledger


def by_hand(ledger: Ledger, lap: str, rows: list[RosterRow]) -> None:
    """The rows as single commands, each saved on its own (what `lsp` does per command)."""
    for row in rows:
        if ledger.org(row.org) is None:
            ledger.add_org(row.org, row.org_name)
        for p, name in ((row.holder, row.holder_name), (row.deputy, row.deputy_name)):
            if p and ledger.person(p) is None:
                ledger.add_person(p, name, row.category if p == row.holder else None)
        ledger.add_seat(lap, row.seat, row.org, voting=row.voting, category=row.category,
                        on=row.on)
        if row.holder:
            ledger.fill_seat(lap, row.seat, row.holder, row.on)
        if row.deputy:
            ledger.nominate_deputy(lap, row.seat, row.deputy, row.on)


def measure(runs: int, postgres: str | None, folder: Path) -> dict[str, Any]:
    files = spreadsheets(folder)
    rows = {lap: read_rows(f.read_text(encoding="utf-8")) for lap, f in files.items()}

    def timed_in_new_ledger(work: Any) -> float:
        times = []
        for _ in range(runs):
            with new_store(postgres) as path:
                ledger = new_ledger(path)
                t0 = time.perf_counter()
                work(ledger)
                times.append(time.perf_counter() - t0)
                ledger.close()
        times.sort()
        return times[len(times) // 2]

    def imports(ledger: Ledger) -> None:
        for lap in LAPS:
            before = ledger.recorder.max_notification_id() or 0
            import_roster(ledger, lap, rows[lap])
            if len(per_lap) < len(LAPS):  # what each import wrote, for the raw baseline
                per_lap.append(ledger.recorder.select_notifications(start=before + 1,
                                                                    limit=10_000))

    per_lap: list[list[Any]] = []
    imported = timed_in_new_ledger(imports)

    def raw(ledger: Ledger) -> None:
        for batch in per_lap:
            ledger.recorder.insert_events(batch)

    baseline = timed_in_new_ledger(raw)
    hand = timed_in_new_ledger(lambda ledger: [by_hand(ledger, lap, rows[lap]) for lap in LAPS])

    def processes(*commands: list[str]) -> float:
        """The median time of running `commands` one after another, as processes, in a new
        ledger each run (making the ledger not timed)."""
        times = []
        for _ in range(runs):
            with new_store(postgres) as path:
                new_ledger(path).close()
                env = {**os.environ, "LSP_STORE": path, "LSP_ACTOR": "bench"}
                env.pop("LSP_SEAL", None)  # sealing on, as a user has it
                t0 = time.perf_counter()
                for command in commands:
                    subprocess.run([sys.executable, "-m", "cli", *command], cwd=ROOT, env=env,
                                   check=True, capture_output=True)
                times.append(time.perf_counter() - t0)
        times.sort()
        return times[len(times) // 2]

    commands_s = processes(*(["roster", "import", lap, str(files[lap])] for lap in LAPS))
    batch = folder / "laps.lsp"
    batch.write_text("".join(f"roster import {lap} {files[lap]}\n" for lap in LAPS),
                     encoding="utf-8")
    batch_s = processes(["batch", str(batch)])
    # What starting the eight processes costs by itself: eight reads of an empty LAP.
    reads_s = processes(*(["roster", lap] for lap in LAPS))
    events = sum(len(batch) for batch in per_lap)
    return {
        "store": "postgresql" if postgres else "sqlite",
        "laps": len(LAPS), "rows": sum(len(r) for r in rows.values()), "events": events,
        "raw_s": baseline, "import_s": imported, "by_hand_s": hand, "commands_s": commands_s,
        "import_x": imported / baseline, "by_hand_x": hand / baseline,
        "commands_x": commands_s / baseline,
        "batch_s": batch_s, "batch_x": batch_s / baseline, "reads_s": reads_s,
        "by_hand_over_import": hand / imported,
        "import_events_per_s": events / imported, "raw_events_per_s": events / baseline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("LSP_TEST_POSTGRES_URL"),
                        help="also measure on PostgreSQL, in new schemas of this database")
    parser.add_argument("--keep", metavar="FOLDER",
                        help="write the eight spreadsheets into FOLDER (and keep them)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results = [measure(args.runs, pg, folder)
                   for pg in ([None, args.postgres] if args.postgres else [None])]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"medians of {args.runs} runs; ratios are times against the raw store writing the "
          "same events (one transaction a LAP)")
    print(f"{'store':<11} {'rows':>5} {'events':>7} {'raw':>8} {'import':>15} "
          f"{'by hand':>15} {'8 commands':>15} {'lsp batch':>15} {'hand/import':>11} "
          f"{'8 reads':>8}")
    for r in results:
        print(f"{r['store']:<11} {r['rows']:>5} {r['events']:>7} {r['raw_s'] * 1000:>6.0f}ms "
              f"{r['import_s']:>6.2f}s {r['import_x']:>6.1f}x "
              f"{r['by_hand_s']:>6.2f}s {r['by_hand_x']:>6.1f}x "
              f"{r['commands_s']:>6.2f}s {r['commands_x']:>6.1f}x "
              f"{r['batch_s']:>6.2f}s {r['batch_x']:>6.1f}x "
              f"{r['by_hand_over_import']:>10.1f}x {r['reads_s']:>7.2f}s")


if __name__ == "__main__":
    main()
