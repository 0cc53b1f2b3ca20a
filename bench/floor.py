"""The floor of bench/bench_server.py: a constant answer, served as `lsp serve` serves.

A minimal ASGI application (no framework, no ledger) answering every request with a small
constant JSON document, run by uvicorn with `lsp serve`'s own options
(`cli.serve.UVICORN_OPTIONS`: httptools and uvloop, as installed). What a request to it
costs through the benchmark's client is what any request costs before the server does
anything: the client, the loopback socket, uvicorn's parsing and its event loop.

    .venv/bin/python bench/floor.py PORT
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BODY = b'{"floor": true}'
HEADERS = [(b"content-type", b"application/json"),
           (b"content-length", str(len(BODY)).encode())]


async def app(scope: MutableMapping[str, Any],
              receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
              send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
    """Every HTTP request: 200 and the constant body (its request body read first, as
    any server would)."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = bool(message.get("more_body"))
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def main() -> None:
    import uvicorn

    from cli.serve import UVICORN_OPTIONS

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), **UVICORN_OPTIONS)


if __name__ == "__main__":
    main()
