"""Benchmark: what an `lsp` command costs from a cold start (issue 17 item 1).

Every figure is a ratio against a baseline measured in the same run: a fresh interpreter
importing click (`python -c "import click"`), which is what any click tool pays before it
does anything. Each command runs in its own fresh interpreter (a subprocess, as a user
runs it); the cases are alternated run by run, and each figure is the median of several
runs, because these machines are shared and noisy.

    .venv/bin/python bench/bench_startup.py                  # 11 runs
    .venv/bin/python bench/bench_startup.py --runs 5 --json
    .venv/bin/python bench/bench_startup.py --code /path/to/other/checkout   # "before"

What is measured, on the Daventry demo ledger (examples/daventry/history.lsp):
- baseline   `python -c "import click"`
- help       `lsp --help`
- read       `lsp roster executive`
- write      `lsp org add ...`, sealed after (the default)
- batch/line one line of `lsp batch` of 100 `org add` lines, sealed once at the end
             (the batch's time divided by 100)

Targets (issue 17): help at most 1.5x, read at most 2.5x, write at most 3.0x.
`--code DIR` runs the commands from the checkout DIR instead (its `cli` package is first
on the path), so one run gives before and after on the same machine state; the ledger is
built with this checkout's code either way.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LSP = "import sys; sys.argv[0] = 'lsp'; from cli.main import main; main()"
TARGETS = {"help": 1.5, "read": 2.5, "write": 3.0}


def timed(args: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, input=stdin, text=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def build(store: str) -> None:
    """The Daventry demo ledger, sealed (this checkout's code, in this process)."""
    from cli.demo import replay
    from ledger.app import Ledger
    from ledger.audit.sealing import seal

    replay(ROOT / "examples" / "daventry" / "history.lsp", store)
    with Ledger(store, "bench") as ledger:
        seal(ledger)


def run(runs: int, code: Path, has_batch: bool) -> dict[str, float]:
    python = sys.executable
    env = {**os.environ, "LSP_ACTOR": "bench"}
    env.pop("LSP_SEAL", None)
    env.pop("LSP_STORE", None)
    times: dict[str, list[float]] = {"baseline": [], "help": [], "read": [], "write": []}
    if has_batch:
        times["batch/line"] = []
    counter = itertools.count(1)
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "bench.sqlite")
        build(store)
        lsp = [python, "-c", LSP, "--store", store]
        # One untimed pass first: the files are then in the page cache for every case.
        timed([python, "-c", "import click"], code, env)
        timed([*lsp, "roster", "executive"], code, env)
        for _ in range(runs):
            times["baseline"].append(timed([python, "-c", "import click"], code, env))
            times["help"].append(timed([python, "-c", LSP, "--help"], code, env))
            times["read"].append(timed([*lsp, "roster", "executive"], code, env))
            n = next(counter)
            times["write"].append(timed([*lsp, "org", "add", f"bench-{n}", "--name",
                                         f"Bench {n}"], code, env))
            if has_batch:
                lines = "".join(f'org add batch-{n}-{i} --name "Batch {i}"\n'
                                for i in range(100))
                times["batch/line"].append(timed([*lsp, "batch", "-"], code, env,
                                                 stdin=lines) / 100)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout whose `lsp` is measured (default: this one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    code = args.code.resolve()
    has_batch = "cli.batch:batch" in (code / "cli" / "main.py").read_text(encoding="utf-8")
    medians = run(args.runs, code, has_batch)
    base = medians["baseline"]
    result = {"code": str(code), "runs": args.runs,
              "baseline_ms": round(base * 1000, 1),
              "cases": {k: {"ms": round(v * 1000, 1), "ratio": round(v / base, 2),
                            **({"target": TARGETS[k]} if k in TARGETS else {})}
                        for k, v in medians.items() if k != "baseline"}}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{code}: medians of {args.runs} runs; baseline `python -c \"import click\"` "
          f"{result['baseline_ms']} ms")
    print(f"{'case':12} {'ms':>8} {'ratio':>7} {'target':>7}")
    for name, case in result["cases"].items():
        target = f"{case['target']:.1f}x" if "target" in case else ""
        print(f"{name:12} {case['ms']:8.1f} {case['ratio']:6.2f}x {target:>7}")


if __name__ == "__main__":
    main()
