"""What a council's IT asks of the server, in one place: security headers on every response,
a limit on a request's size, failed sign-ins rate-limited per client address, and a request
log that never holds a token.

Each is a plain ASGI middleware (no per-request task or thread of its own, unlike
Starlette's `BaseHTTPMiddleware`), so the server's overhead stays small
(docs/performance.md, "The server").

- Headers: a Content-Security-Policy that allows only the server's own resources (and no
  framing), `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy:
  no-referrer`, `Strict-Transport-Security` when the request came over https (directly, or
  through a reverse proxy that says so in `X-Forwarded-Proto`, which uvicorn trusts from
  `--forwarded-allow-ips`), and `Cache-Control: no-store` on every response to a request
  that carried credentials, or under /api/.
- Size: a body longer than `max_bytes` is refused with 413 before the application reads
  it (by its Content-Length, or as it streams in).
- Failed authentication: `StoreFailureLimiter` counts failures per client address in a
  sliding window, in the ledger's store (`ledger.store.ratelimit`: a salted hash of the
  address and the time, for the window only), so every server process on the store
  counts together and a restart forgets nothing. Past the limit every request from that
  address is answered 429 with `Retry-After` until the oldest failure leaves the window,
  before its token is even looked at. `FailureLimiter` is the same limit in one process's
  memory, on a clock of the caller's (a test's).
- The log: method, path (never the query string, which could hold a credential), status,
  time taken and client address. Never a header, so never a token or a cookie.
"""

from __future__ import annotations

import collections
import json
import logging
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

from ledger.store.ratelimit import Limit, StoreLimits

if TYPE_CHECKING:
    from ledger.app import Ledger

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("lsp.server")

# Only the server's own scripts, styles and images; no plugin, no framing, no base change.
CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# FastAPI's /docs page loads Swagger UI from its CDN and starts it with an inline script.
DOCS_CSP = ("default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
            "style-src https://cdn.jsdelivr.net; img-src 'self' data: "
            "https://fastapi.tiangolo.com; connect-src 'self'; frame-ancestors 'none'; "
            "base-uri 'none'")
HSTS = "max-age=31536000; includeSubDomains"
MAX_BYTES = 32 * 1024 * 1024  # an export's upload, or a batch: a ledger of ~100k events


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _has_credentials(scope: Scope) -> bool:
    return any(name in (b"authorization", b"cookie") for name, _ in scope.get("headers", ()))


class SecurityHeaders:
    """Adds the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        private = _has_credentials(scope) or path.startswith("/api/")
        https = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                # A route may set a policy of its own, never a looser one: a paper allows
                # its one inline stylesheet by hash (web/bodies.py).
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy",
                                    (DOCS_CSP if path == "/docs" else CSP).encode()))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                if private:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                if https:
                    headers.append((b"strict-transport-security", HSTS.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses (413) a request whose body is longer than `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._refuse(send)
                return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await json_response(send, 413, {
            "error": "TooLarge", "rule": "request size",
            "message": f"the request is larger than this server accepts "
                       f"({self.max_bytes} bytes)"})


async def json_response(send: Send, status: int, body: dict[str, Any],
                        headers: list[tuple[bytes, bytes]] | None = None) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(data)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": data})


API_FAILURES = Limit("api-failures", 10, 60.0)  # failed API authentications per address


class Limiter(Protocol):
    """What the API's check of failed authentications asks of its limit (web/server.py),
    with the ledger lent to the request (its store, its connection)."""

    def retry_after(self, address: str, ledger: Ledger) -> int | None: ...
    def failed(self, address: str, ledger: Ledger) -> None: ...
    def close(self) -> None: ...


class StoreFailureLimiter:
    """Failed authentications per client address, at most `limit.limit` in `limit.window`
    seconds, counted in the store: shared by every server process on it."""

    def __init__(self, limit: Limit = API_FAILURES, limits: StoreLimits | None = None
                 ) -> None:
        self.limit = limit
        self.limits = limits or StoreLimits()

    def retry_after(self, address: str, ledger: Ledger) -> int | None:
        with self.limits.connection(ledger.where, ledger.database) as db:
            return self.limits.retry_after(db, self.limit, address)

    def failed(self, address: str, ledger: Ledger) -> None:
        with self.limits.connection(ledger.where, ledger.database) as db:
            self.limits.count(db, self.limit, address)

    def close(self) -> None:
        self.limits.close()


class FailureLimiter:
    """Failed authentications per client address: at most `limit` in `window` seconds.
    In memory, per process, on the caller's clock (a test's); the server's own limit is
    `StoreFailureLimiter`. The ledger is not used."""

    def __init__(self, limit: int = 10, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> collections.deque[float]:
        found = self._failures.get(address)
        if found is None:
            return collections.deque()
        while found and found[0] <= now - self.window:
            found.popleft()
        if not found:
            del self._failures[address]
        return found

    def retry_after(self, address: str, ledger: Ledger | None = None) -> int | None:
        """Seconds until `address` may try again, or None when it may now."""
        with self._lock:
            now = self.clock()
            recent = self._recent(address, now)
            if len(recent) < self.limit:
                return None
            return max(1, math.ceil(recent[0] + self.window - now))

    def failed(self, address: str, ledger: Ledger | None = None) -> None:
        with self._lock:
            now = self.clock()
            self._recent(address, now)
            self._failures.setdefault(address, collections.deque()).append(now)

    def close(self) -> None:
        """Nothing to close."""


class RequestLog:
    """One line per request: method, path, status, milliseconds, client address. With
    `timing` (LSP_SERVER_TIMING=1, for bench/bench_server.py), each response also says in
    a `Server-Timing` header how long the server took to start answering."""

    def __init__(self, app: ASGIApp, timing: bool = False) -> None:
        self.app = app
        self.timing = timing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                if self.timing:
                    took = (time.perf_counter() - start) * 1000
                    message["headers"] = [*message.get("headers", ()),
                                          (b"server-timing", f"app;dur={took:.2f}".encode())]
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            # The path alone: a query string may hold what must never be logged.
            log.info("%s %s %d %.1fms %s", scope.get("method"), scope.get("path"), status,
                     (time.perf_counter() - start) * 1000, client_address(scope))
