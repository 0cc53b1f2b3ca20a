"""Profile: where the server's own time goes in one request (issue 12 item 7).

Not a benchmark (no ratio): a cProfile of the application answering `--calls` requests of
one kind, driven straight through its ASGI interface on one asyncio loop, without uvicorn
or a socket (bench/bench_server.py measures those). FastAPI runs a plain `def` route in
a worker thread, which cProfile would not see, so here the thread pool's hop is replaced
by a direct call: the profile shows the work, and `--hop` times what one hop costs alone.

    .venv/bin/python bench/profile_server.py roster
    .venv/bin/python bench/profile_server.py approval --calls 200 --top 40
    .venv/bin/python bench/profile_server.py command
    .venv/bin/python bench/profile_server.py --hop

cProfile is the standard library's; its own cost inflates many small calls, so read the
profile for where the time goes, not for how long it takes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_server import build, propose
from bench.common import new_store


async def _inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


def _no_thread_hops() -> None:
    """FastAPI's and Starlette's thread-pool hop, replaced by a direct call."""
    import fastapi.dependencies.utils
    import fastapi.routing
    import starlette.concurrency

    for module in (fastapi.routing, fastapi.dependencies.utils, starlette.concurrency):
        module.run_in_threadpool = _inline  # type: ignore[attr-defined]


async def request(app: Any, method: str, path: str, token: str,
                  body: dict[str, Any] | None = None) -> tuple[int, bytes]:
    """One request through the ASGI application; its status and body."""
    data = json.dumps(body).encode() if body is not None else b""
    headers = [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {token}".encode())]
    if body is not None:
        headers += [(b"content-type", b"application/json"),
                    (b"content-length", str(len(data)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
             "state": {}}
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": data, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def hop_cost(calls: int) -> float:
    """The median cost of one hop through Starlette's thread pool, doing nothing."""
    from starlette.concurrency import run_in_threadpool

    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        await run_in_threadpool(lambda: None)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


async def profile(kind: str, calls: int, top: int) -> None:
    from web.app import create_app

    with new_store(None) as store:
        ledger, tokens = build(store)
        names = iter(propose(ledger, "p", calls + 5)) if kind == "approval" else iter(())
        ledger.close()
        _no_thread_hops()
        app = create_app(store)
        token = tokens["bob"]
        call: Callable[[], Any]
        if kind == "roster":
            def call() -> Any:
                return request(app, "GET", "/api/v1/bodies/executive/roster", token)
        elif kind == "command":
            def call() -> Any:
                return request(app, "POST", "/api/v1/commands", token,
                               {"argv": ["roster", "executive", "--json"]})
        else:
            def call() -> Any:
                return request(app, "POST", f"/api/v1/decisions/{next(names)}/approvals",
                               token, {"by": "dc-2"})
        async with app.router.lifespan_context(app):
            for _ in range(5):  # warm: the pool, the read models, pydantic's schemas
                status, body = await call()
                assert status in (200, 201), body
            profiler = cProfile.Profile()
            t0 = time.perf_counter()
            profiler.enable()
            for _ in range(calls):
                await call()
            profiler.disable()
            took = (time.perf_counter() - t0) / calls
        print(f"{kind}: {calls} requests, {took * 1000:.2f} ms each under the profiler")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", nargs="?", choices=("roster", "approval", "command"),
                        default="roster")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--hop", action="store_true",
                        help="time one hop through the thread pool instead")
    args = parser.parse_args()
    if args.hop:
        print(f"one thread-pool hop: {asyncio.run(hop_cost(args.calls)) * 1e6:.0f} us "
              "(median)")
        return
    asyncio.run(profile(args.kind, args.calls, args.top))


if __name__ == "__main__":
    main()
