"""What every route shares: the server's store, its opened ledgers, and who is asking.

The server opens a few `Ledger`s on its store (a pool, `size` of them, each lent to one
request at a time) rather than one per request (opening costs connections) or one for all
(a ledger's own SQL connection serves one thread at a time). A request borrows one,
authenticates the bearer token with it (`Ledger.authenticate`: constant-time, never
logged), and acts through `Ledger.acting_as(author)`: a copy sharing the store, recording
the person, the route `api` and the method `token` in every event it writes. The
application decides what that author may do (`ledger.permissions`), never a route.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel

from ledger.app import Ledger
from ledger.authors import Author
from ledger.errors import (
    AlreadyExists,
    Conflict,
    IntegrityFailure,
    InvalidInput,
    LedgerError,
    NotAuthenticated,
    NotFound,
    NotPermitted,
    RuleBroken,
    StoreError,
)
from ledger.store.seam import Store
from web.security import Limiter, client_address

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

POOL_SIZE = 8  # ledgers (and so at most about 8 x 3 database connections) per process
BORROW_TIMEOUT = 30.0  # seconds a request waits for a ledger before 503


# What the OpenAPI description says every /api/ route takes (`acting` checks it).
bearer = HTTPBearer(auto_error=False, description="an API token (`lsp token create`)")


class ServerBusy(StoreError):
    pass


class Ledgers:
    """A pool of ledgers opened on one store, each lent to one request at a time."""

    def __init__(self, store: str, size: int = POOL_SIZE) -> None:
        self.store = store
        self.size = size
        self._free: queue.LifoQueue[Ledger] = queue.LifoQueue()
        self._opened: list[Ledger] = []
        self._lock = threading.Lock()

    @contextmanager
    def lent(self) -> Iterator[Ledger]:
        ledger = self._borrow()
        try:
            yield ledger
        finally:
            self._free.put(ledger)

    def _borrow(self) -> Ledger:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._opened) < self.size:
                # The server's own opening: what it lends acts as the request's author.
                ledger = Ledger(self.store, Author.local("lsp-server"))
                self._opened.append(ledger)
                return ledger
        try:
            return self._free.get(timeout=BORROW_TIMEOUT)
        except queue.Empty:
            raise ServerBusy("the server is busy: every ledger it holds is in use; try "
                             "again in a moment") from None

    def close(self) -> None:
        with self._lock:
            while self._opened:
                self._opened.pop().close()


class Authenticated:
    """The tokens this process has authenticated, each with the version of the ledger's
    accounts record (`Ledger.accounts_version`) when it was. While that record is
    unchanged, and for at most `ttl` seconds, a token stands for the same author without
    asking the application again: a revocation, a new token, a new account or role, a
    sign-in (any event of the accounts record, by any server process: the version is the
    store's) ends that at once, and `ttl` bounds how late an expiry is noticed. Writes to
    anything else (a decision, a meeting, a seal) leave the record, and so the
    authentication, as they were. Keyed by the token's SHA-256, never the token."""

    def __init__(self, ttl: float = 5.0, clock: Callable[[], float] = time.monotonic,
                 most: int = 10_000) -> None:
        self.ttl = ttl
        self.clock = clock
        self.most = most
        self._known: dict[str, tuple[Author, int, float]] = {}
        self._lock = threading.Lock()

    def author(self, ledger: Ledger, token: str) -> Author:
        digest = hashlib.sha256(token.encode()).hexdigest()
        version = ledger.accounts_version()
        now = self.clock()
        with self._lock:
            found = self._known.get(digest)
        if found is not None and found[1] == version and now - found[2] < self.ttl:
            return found[0]
        author = ledger.authenticate(token, route="api")  # NotAuthenticated: not kept
        with self._lock:
            if len(self._known) >= self.most:
                self._known.clear()
            self._known[digest] = (author, version, now)
        return author


@dataclass
class Server:
    """The state of one server process (FastAPI's `app.state.server`)."""

    store: str
    ledgers: Ledgers
    limiter: Limiter  # failed API authentications, counted in the store (web/security.py)
    seal_key: Ed25519PrivateKey | None = None
    tokens: Authenticated = field(default_factory=Authenticated)

    @property
    def shown_store(self) -> str:
        """The store as the server's own messages name it (no password)."""
        return str(Store.parse(self.store))


def server_of(request: Request) -> Server:
    found: Server = request.app.state.server
    return found


class Refused(Exception):
    """A request refused before the application saw it: 401 or 429, as JSON."""

    def __init__(self, status: int, body: dict[str, Any],
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(body.get("message", ""))
        self.status = status
        self.body = body
        self.headers = headers or {}


def bearer_token(request: Request) -> str:
    """The token of `Authorization: Bearer TOKEN`, or 401 saying what is expected."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, {
            "error": "NotAuthenticated", "rule": "authentication",
            "message": "refused by rule 'authentication': this request needs an API token "
                       "(the header `Authorization: Bearer TOKEN`; `lsp token create` "
                       "makes one)"}, {"WWW-Authenticate": "Bearer"})
    return token.strip()


@contextmanager
def acting(request: Request) -> Iterator[Ledger]:
    """The ledger acting for the request's author: the lending, the rate limit (counted in
    the store, so every server process on it counts together), the token."""
    server = server_of(request)
    address = client_address(request.scope)
    with server.ledgers.lent() as ledger:
        wait = server.limiter.retry_after(address, ledger)
        if wait is not None:
            raise Refused(429, {
                "error": "TooManyFailures", "rule": "authentication",
                "message": f"refused by rule 'authentication': too many failed sign-ins "
                           f"from this address; try again in {wait} seconds"},
                {"Retry-After": str(wait)})
        token = bearer_token(request)
        try:
            author = server.tokens.author(ledger, token)
        except NotAuthenticated as e:
            server.limiter.failed(address, ledger)
            raise Refused(401, {"error": "NotAuthenticated", "rule": "authentication",
                                "message": e.message},
                          {"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None
        yours = ledger.acting_as(author)
        yours.close = _not_closed  # type: ignore[method-assign]  # the pool's to close
        yield yours


def answer(model: BaseModel, status: int = 200) -> Response:
    """A route's answer: the model it built, as JSON, serialised by pydantic in the
    route's own worker thread. Returned as a response, FastAPI passes it through as it
    is; returned as the model, FastAPI would validate it all over again against the
    route's `response_model` and do so in a second hop through the thread pool, a
    quarter of the server's own time on a roster read (docs/performance.md, "The
    server"). The route keeps `response_model` for the OpenAPI description, and the
    JSON is the same bytes (pydantic's own serialiser either way)."""
    return Response(model.model_dump_json(), status_code=status,
                    media_type="application/json")


def _not_closed() -> None:
    """A lent ledger is closed by the pool, not by the command that used it (`export`
    closes its ledger when it is done)."""


STATUS: tuple[tuple[type[LedgerError], int], ...] = (
    (NotAuthenticated, 401),
    (NotPermitted, 403),
    (NotFound, 404),
    (AlreadyExists, 409),
    (Conflict, 409),
    (IntegrityFailure, 409),
    (RuleBroken, 422),
    (InvalidInput, 422),
    (ServerBusy, 503),
    (StoreError, 503),
)


def error_body(error: LedgerError) -> dict[str, Any]:
    """A refusal as JSON: its kind, the message, and the rule, clause and remedy code."""
    body: dict[str, Any] = {"error": type(error).__name__, "message": error.message}
    if isinstance(error, RuleBroken):
        body.update(rule=error.rule, clause=error.clause, reasons=list(error.reasons),
                    terms_version=error.terms_version)
    elif isinstance(error, NotAuthenticated):
        body["rule"] = "authentication"
    if error.remedy:
        body["remedy"] = error.remedy
    if isinstance(error, IntegrityFailure):
        body.update(position=error.position, **error.document)
    return body


def refused_response(error: LedgerError) -> JSONResponse:
    status = next((code for kind, code in STATUS if isinstance(error, kind)), 400)
    return JSONResponse(error_body(error), status_code=status)
