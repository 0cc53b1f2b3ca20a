"""Benchmark: what the server adds to a call, and how it holds 20 clients at once.

A real `lsp serve` process on 127.0.0.1 and a free port, over a Daventry Executive ledger
with accounts and tokens; the client is httpx with a kept connection, on this machine.
These machines are shared and noisy, so every figure is a median (p50) of many calls.

- roster     GET /api/v1/bodies/executive/roster against the same application call
             in-process, as bob: `authorise("read")` then `queries.roster` on an opened
             ledger (the server adds the HTTP, the token and the JSON)
- approval   POST /api/v1/decisions/D/approvals (bob, for his own seat: the decision is
             taken, two events, and sealed) against the same in-process:
             `approve_decision` by bob's author, then `sealing.seal`
- command    POST /api/v1/commands `roster executive --json` (the CLI as client, without
             its process start) against the same command in-process: `lsp roster
             executive --json` run by click on the opened ledger, as bob, its output
             kept (what the command line does locally, without its process start)
- 20 clients 20 threads at once, each its own connection: `--reads` roster reads each,
             then one approval each of its own decisions (throughput, p50, p95, errors)
- floor      the same requests (path, token header, JSON body) to a constant answer
             served by uvicorn as `lsp serve` serves (bench/floor.py), through the same
             client: what any request costs before the server does anything. `vs floor`
             is the server's time over the in-process call plus that floor (1.00x: the
             server adds nothing but a bare HTTP round trip)

CPU: a shared machine's load stretches every wall time (a thread waits its turn for a
core), so each kind also says how much CPU time a call took: the in-process call's (its
thread's), the server process's per call through it (all its threads, from
/proc/PID/task/*/schedstat) and the client's. These barely move with the load; their
ratio says how much more work the server does than the call itself.

The client is httpx, the library the command line's `--store http(s)://` uses
(cli/remote.py), with a kept connection. The in-process call and the call through the
server alternate, so a change in the machine's load falls on both alike; the load
average (/proc/loadavg, 1 minute) is printed before and after each run.

    .venv/bin/python bench/bench_server.py                       # SQLite, 200 calls each
    .venv/bin/python bench/bench_server.py --calls 100 --json
    .venv/bin/python bench/bench_server.py --postgres postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/bench_server.py --calls 100 --runs 3      # and the runs' medians

`inside` is the server's own time for the same answers (its Server-Timing header, which
`lsp serve` adds only under LSP_SERVER_TIMING=1): from the request reaching the
application to the answer starting, so without the two processes' scheduling, the socket
and the client.

The target (issue 12 item 7): the server's p50 at most 2x the in-process call; no error
under 20 clients.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.common import new_store
from ledger.app import Ledger
from ledger.audit import sealing
from ledger.authors import Author
from ledger.when import effective_from
from projections import queries
from projections.catchup import ReadStore

ROOT = Path(__file__).resolve().parents[1]
TERMS = ROOT / "examples" / "daventry" / "terms.toml"
CLIENTS = 20


def build(store: str) -> tuple[Ledger, dict[str, str]]:
    """The Daventry Executive: alice in the chair (dc-1), bob (dc-2), carol (dc-3);
    accounts and tokens for alice and bob."""
    ledger = Ledger(store, "bench", create=True)
    ledger.init("Daventry LSP", str(TERMS), effective_from("2026-01-01"))
    ledger.add_org("daventry-dc", "Daventry District Council")
    for person in ("alice", "bob", "carol"):
        ledger.add_person(person, person.title())
        ledger.add_account(person, f"{person}@daventry.example")
    for seat, person in (("dc-1", "alice"), ("dc-2", "bob"), ("dc-3", "carol")):
        ledger.add_seat("executive", seat, "daventry-dc", on=effective_from("2026-02-01"))
        ledger.fill_seat("executive", seat, person, effective_from("2026-02-01"))
    ledger.assign_role("executive", "chair", "dc-1", effective_from("2026-02-01"))
    tokens = {p: ledger.create_token(p)[0] for p in ("alice", "bob")}
    sealing.seal(ledger)
    return ledger, tokens


def propose(ledger: Ledger, prefix: str, count: int) -> list[str]:
    names = [f"{prefix}-{n}" for n in range(count)]
    for name in names:
        ledger.propose_decision("executive", name, f"Decision {name}", "dc-1")
    return names


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """`lsp --store STORE serve` on a free port (or, with no store, bench/floor.py's
    constant answer), stopped on leaving."""

    def __init__(self, store: str | None, code: Path = ROOT, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("LSP_")}
        env["LSP_SERVER_TIMING"] = "1"  # each answer says how long the server took
        # (--workers only when asked: `--code` may serve a checkout from before it)
        several = ["--workers", str(workers)] if workers > 1 else []
        argv = ([sys.executable, "-m", "cli", "--store", store, "serve", "--port",
                 str(self.port), *several] if store is not None else
                [sys.executable, str(ROOT / "bench" / "floor.py"), str(self.port)])
        self.process = subprocess.Popen(argv, cwd=code if store is not None else ROOT,
                                        env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)

    def __enter__(self) -> Served:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.url}/openapi.json", timeout=1)
                return self
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def timed(fn: Callable[[], object], calls: int, inside: list[float] | None = None
          ) -> list[float]:
    """Each call's wall time; with `inside`, also the server's own time of each answer
    (its Server-Timing header), appended there."""
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        answer = fn()
        times.append(time.perf_counter() - t0)
        if inside is not None and isinstance(answer, httpx.Response):
            inside.append(float(answer.headers["server-timing"].split("dur=")[1]) / 1000)
    return times


def cpu_seconds(pid: int) -> float:
    """The CPU time a process's threads have had so far (Linux: the first field of each
    thread's /proc/PID/task/TID/schedstat, in nanoseconds): what it did, whatever else
    the machine was doing meanwhile."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError, ValueError, IndexError):  # a thread that ended
            total += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0])
    return total / 1e9


@dataclass
class Timings:
    """The calls of one kind: wall times in-process and through the server, the server's
    own time of each answer (its Server-Timing header), and CPU seconds per call: the
    in-process call's, the server process's and the client's for a call through it."""

    here: list[float]
    there: list[float]
    inside: list[float]
    cpu_here: float
    cpu_server: float
    cpu_client: float


def alternated(here: Callable[[], object], there: Callable[[], httpx.Response], calls: int,
               server: int) -> Timings:
    """`calls` of each, one of one then one of the other (`server`: the server's process
    id, whose CPU time over them all is the calls through it: the in-process calls do not
    touch it)."""
    mine: list[float] = []
    theirs: list[float] = []
    inside: list[float] = []
    cpu_here = cpu_client = 0.0
    server_before = cpu_seconds(server)
    for _ in range(calls):
        c0 = time.thread_time()
        mine += timed(here, 1)
        c1 = time.thread_time()
        theirs += timed(there, 1, inside)
        cpu_here += c1 - c0
        cpu_client += time.thread_time() - c1
    cpu_server = cpu_seconds(server) - server_before
    return Timings(mine, theirs, inside, cpu_here / calls, cpu_server / calls,
                   cpu_client / calls)


def load() -> float:
    """The machine's load average over the last minute (what else is running)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def floor(calls: int, headers: dict[str, str]) -> dict[str, float]:
    """The median round trip of the benchmark's own requests to a constant answer
    (bench/floor.py) through the same client: a GET like the roster read, a POST like the
    approval and one like the command."""
    with Served(None) as served, httpx.Client(base_url=served.url, headers=headers,
                                              timeout=60) as client:
        for _ in range(20):
            ok(client.get("/api/v1/bodies/executive/roster"))
        get = timed(lambda: ok(client.get("/api/v1/bodies/executive/roster")), calls)
        post = timed(lambda: ok(client.post("/api/v1/decisions/d/approvals",
                                            json={"by": "dc-2"})), calls)
        command = timed(lambda: ok(client.post("/api/v1/commands", json={
            "argv": ["roster", "executive", "--json"]})), calls)
    return {"roster": statistics.median(get), "approval": statistics.median(post),
            "command": statistics.median(command)}


def p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ok(response: httpx.Response, status: int = 200) -> httpx.Response:
    if response.status_code != status:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text}")
    return response


def measure(calls: int, reads: int, postgres: str | None, code: Path = ROOT
            ) -> dict[str, Any]:
    with new_store(postgres) as store:
        ledger, tokens = build(store)
        here_names = propose(ledger, "here", calls)
        there_names = propose(ledger, "there", calls)
        crowd_names = propose(ledger, "crowd", CLIENTS)
        bob = ledger.acting_as(Author.signed_in("bob", "api", "token"))
        read = ReadStore(bob)
        now = datetime.now(UTC)
        headers = {"Authorization": f"Bearer {tokens['bob']}"}
        result: dict[str, Any] = {"store": "postgresql" if postgres else "sqlite",
                                  "calls": calls, "load_before": load()}
        floors = floor(calls, headers)
        with Served(store, code) as served, httpx.Client(base_url=served.url, headers=headers,
                                                   timeout=60) as client:
            roster_path = "/api/v1/bodies/executive/roster"
            def roster_here() -> None:
                bob.authorise("read")
                queries.roster(read, "executive", now)

            for _ in range(20):  # warm both: connections, caches, the read models
                ok(client.get(roster_path))
                roster_here()
            pid = served.process.pid
            result["roster"] = _pair(alternated(
                roster_here, lambda: ok(client.get(roster_path)), calls, pid),
                floors["roster"])
            command = {"argv": ["roster", "executive", "--json"]}

            def command_here() -> None:
                run_here(bob, command["argv"])

            for _ in range(20):
                command_here()
            result["command"] = _pair(alternated(
                command_here, lambda: ok(client.post("/api/v1/commands", json=command)),
                calls, pid), floors["command"])
            mine = iter(here_names)

            def approve_here() -> None:
                bob.approve_decision(next(mine), "dc-2")
                sealing.seal(bob)

            theirs = iter(there_names)
            result["approval"] = _pair(alternated(approve_here, lambda: ok(client.post(
                f"/api/v1/decisions/{next(theirs)}/approvals", json={"by": "dc-2"}), 201),
                calls, pid), floors["approval"])
            result["clients"] = crowd(served.url, headers, reads, crowd_names)
        result["load_after"] = load()
        ledger.close()
        return result


def run_here(ledger: Ledger, argv: list[str]) -> str:
    """`lsp ARGV` run by click in this process on `ledger` (as the server runs a command
    it is sent, web/commands.py); what it printed."""
    from cli.context import Settings
    from cli.main import cli

    out = io.StringIO()
    settings = Settings(store=ledger.store, actor=ledger.actor, open_ledger=lambda: ledger)
    with contextlib.redirect_stdout(out):
        cli.main(args=argv, prog_name="lsp", obj=settings, standalone_mode=False)
    return out.getvalue()


def _pair(t: Timings, floor_s: float) -> dict[str, float]:
    here, there = statistics.median(t.here), statistics.median(t.there)
    return {"in_process_ms": here * 1000, "server_ms": there * 1000, "ratio": there / here,
            "server_p95_ms": p(t.there, 0.95) * 1000,
            "inside_ms": statistics.median(t.inside) * 1000,
            "inside_ratio": statistics.median(t.inside) / here,
            "floor_ms": floor_s * 1000, "floor_ratio": there / (here + floor_s),
            "cpu_in_process_ms": t.cpu_here * 1000, "cpu_server_ms": t.cpu_server * 1000,
            "cpu_client_ms": t.cpu_client * 1000, "cpu_ratio": t.cpu_server / t.cpu_here}


def crowd(url: str, headers: dict[str, str], reads: int, decisions: list[str]
          ) -> dict[str, Any]:
    """20 clients at once: `reads` roster reads each, then one approval each."""
    barrier = threading.Barrier(CLIENTS)
    lock = threading.Lock()
    read_times: list[float] = []
    write_times: list[float] = []
    errors: list[str] = []
    spans: dict[str, list[float]] = {"reads": [], "writes": []}

    def client(n: int) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=120) as c:
            c.get("/openapi.json")
            barrier.wait()
            start = time.perf_counter()
            mine = []
            for _ in range(reads):
                t0 = time.perf_counter()
                r = c.get("/api/v1/bodies/executive/roster")
                mine.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    with lock:
                        errors.append(f"read {r.status_code}")
            end = time.perf_counter()
            barrier.wait()
            t0 = time.perf_counter()
            r = c.post(f"/api/v1/decisions/{decisions[n]}/approvals", json={"by": "dc-2"})
            took = time.perf_counter() - t0
            with lock:
                read_times.extend(mine)
                write_times.append(took)
                spans["reads"].append(end - start)
                spans["writes"].append(took)
                if r.status_code != 201:
                    errors.append(f"write {r.status_code} {r.text[:100]}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    read_wall = max(spans["reads"])
    write_wall = max(spans["writes"])
    return {"clients": CLIENTS, "reads": len(read_times),
            "read_per_s": len(read_times) / read_wall,
            "read_p50_ms": p(read_times, 0.5) * 1000, "read_p95_ms": p(read_times, 0.95) * 1000,
            "writes": len(write_times), "write_per_s": len(write_times) / write_wall,
            "write_p50_ms": p(write_times, 0.5) * 1000,
            "write_p95_ms": p(write_times, 0.95) * 1000,
            "errors": errors}


CALLS = ("roster", "command", "approval")
FIGURES = ("in_process_ms", "server_ms", "ratio", "server_p95_ms", "inside_ms",
           "inside_ratio", "floor_ms", "floor_ratio", "cpu_in_process_ms", "cpu_server_ms",
           "cpu_client_ms", "cpu_ratio")


def medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The runs' medians of each figure (one store's runs)."""
    return {"store": runs[0]["store"], "calls": runs[0]["calls"], "runs": len(runs),
            **{name: {f: statistics.median(r[name][f] for r in runs) for f in FIGURES}
               for name in CALLS}}


def show(r: dict[str, Any]) -> None:
    loads = (f", load {r['load_before']:.1f} -> {r['load_after']:.1f}"
             if "load_before" in r else f", medians of {r['runs']} runs")
    print(f"{r['store']}: medians (p50) of {r['calls']} calls{loads}")
    print(f"  {'call':<10} {'in-process':>11} {'server':>9} {'ratio':>6} {'server p95':>11}"
          f" {'inside':>9} {'ratio':>6} {'floor':>8} {'vs floor':>8}")
    for name in CALLS:
        m = r[name]
        print(f"  {name:<10} {m['in_process_ms']:>9.2f}ms {m['server_ms']:>7.2f}ms "
              f"{m['ratio']:>5.2f}x {m['server_p95_ms']:>9.2f}ms "
              f"{m['inside_ms']:>7.2f}ms {m['inside_ratio']:>5.2f}x "
              f"{m['floor_ms']:>6.2f}ms {m['floor_ratio']:>7.2f}x")
    print(f"  {'CPU':<10} {'in-process':>11} {'server':>9} {'ratio':>6} {'client':>9}")
    for name in CALLS:
        m = r[name]
        print(f"  {name:<10} {m['cpu_in_process_ms']:>9.2f}ms {m['cpu_server_ms']:>7.2f}ms "
              f"{m['cpu_ratio']:>5.2f}x {m['cpu_client_ms']:>7.2f}ms")
    c = r.get("clients")
    if c:
        print(f"  {c['clients']} clients at once: {c['reads']} reads {c['read_per_s']:.0f}/s "
              f"(p50 {c['read_p50_ms']:.1f} ms, p95 {c['read_p95_ms']:.1f} ms); "
              f"{c['writes']} approvals {c['write_per_s']:.1f}/s (p50 "
              f"{c['write_p50_ms']:.0f} ms, p95 {c['write_p95_ms']:.0f} ms); "
              f"errors: {len(c['errors'])} {c['errors'][:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="timed calls of each kind")
    parser.add_argument("--reads", type=int, default=25, help="roster reads per client")
    parser.add_argument("--runs", type=int, default=1,
                        help="measure this many times (a new store and server each time), "
                             "then print the runs' medians")
    parser.add_argument("--postgres", default=os.environ.get("LSP_TEST_POSTGRES_URL"),
                        help="also measure on PostgreSQL, in a new schema of this database")
    parser.add_argument("--code", type=Path, default=ROOT, metavar="DIR",
                        help="serve with the checkout in DIR (another branch, to compare "
                             "its server with this one's under the same load); the "
                             "in-process calls and the floor are this checkout's")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    stores = [None, args.postgres] if args.postgres else [None]
    rows = []
    for pg in stores:
        runs = []
        for _ in range(args.runs):
            runs.append(measure(args.calls, args.reads, pg, args.code.resolve()))
            if not args.json:
                show(runs[-1])
        rows.extend(runs)
        if args.runs > 1:
            rows.append(medians(runs))
            if not args.json:
                show(rows[-1])
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
