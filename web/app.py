"""The ASGI application `lsp serve` runs: `create_app(store)`.

FastAPI (on Starlette) because pydantic is ours already (the read models are the response
models, and the OpenAPI description at `/openapi.json` and `/docs` comes from them), and its
test client drives the whole application in-process. uvicorn serves it (`cli/serve.py`).

The routers are listed in `ROUTERS`: the JSON API, the command endpoint, the public
pages (web/public.py, each page reading a ledger lent from the pool as the public), and
signing in by e-mail (web/signin.py: its mail settings from `create_app(mail=...)` or the
environment, `LSP_SMTP_URL`, `LSP_MAIL_FROM`, `LSP_BASE_URL`). The
middleware, outermost first: the request log, the security headers, the request size
limit (web/security.py).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from cli import capture
from ledger.app import Ledger
from ledger.authors import Author
from ledger.errors import LedgerError
from web import notify, public, signin
from web.mail import MailSettings
from web.security import (
    MAX_BYTES,
    BodyLimit,
    Limiter,
    RequestLog,
    SecurityHeaders,
    StoreFailureLimiter,
)
from web.server import Ledgers, Refused, Server, refused_response, server_of

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# Every router the server serves ("module:attribute"), in order.
ROUTERS: tuple[str, ...] = (
    "web.api:router",
    "web.commands:router",
    "web.public:router",
    "web.signin:router",
    "web.members:router",
    "web.bodies:router",
)

DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # `lsp serve`'s own address unless told


def _public_ledger(request: Request) -> Iterator[Ledger]:
    """A ledger for a public page: lent from the server's pool, as the public."""
    with server_of(request).ledgers.lent() as ledger:
        yield ledger.acting_as(Author.public("web"))


def create_app(store: str, *, pool_size: int | None = None,
               failures: Limiter | None = None, max_bytes: int = MAX_BYTES,
               seal_key: Ed25519PrivateKey | None = None,
               mail: MailSettings | None = None) -> FastAPI:
    """The server of the ledger at `store` (a path or a postgresql:// URL); `mail`, how it
    sends sign-in links (`LSP_SMTP_URL`, `LSP_MAIL_FROM`, `LSP_BASE_URL` unless told)."""
    settings = mail or MailSettings.from_env(DEFAULT_BASE_URL)
    ledgers = Ledgers(store, pool_size) if pool_size else Ledgers(store)
    server = Server(store, ledgers, failures or StoreFailureLimiter(), seal_key)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        capture.install()  # each command's output its own (web/commands.py)
        seconds = notify.every()  # the outbox's rounds (web/notify.py), if mail is sent
        task = None if seconds is None else asyncio.create_task(notify.run_every(
            seconds, notify.round_on(store, settings)))  # links as the sign-in mail builds them
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            ledgers.close()
            server.limiter.close()
            app.state.web.limits.close()
            capture.uninstall()

    app = FastAPI(title="lsp: the partnership ledger", version=version("lsp-ledger"),
                  description="The ledger's JSON API (docs/server.md). Every route under "
                              "/api/ needs `Authorization: Bearer TOKEN` (`lsp token "
                              "create`).", lifespan=lifespan)
    app.state.server = server
    signin.install(app, settings)
    for where in ROUTERS:
        module, _, name = where.partition(":")
        app.include_router(getattr(importlib.import_module(module), name))
    # The public pages read a ledger lent from the pool, acting for nobody signed in.
    app.dependency_overrides[public.ledger_of] = _public_ledger

    @app.exception_handler(Refused)
    async def refused(_: Request, e: Refused) -> JSONResponse:
        return JSONResponse(e.body, status_code=e.status, headers=e.headers)

    @app.exception_handler(LedgerError)
    async def ledger_error(_: Request, e: LedgerError) -> JSONResponse:
        return refused_response(e)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, e: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": "InvalidInput", "rule": "request",
                             "message": "the request is not of the form this route takes",
                             "detail": _detail(e)}, status_code=422)

    app.add_middleware(BodyLimit, max_bytes=max_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog, timing=os.environ.get("LSP_SERVER_TIMING") == "1")
    return app


def _detail(e: RequestValidationError) -> list[dict[str, object]]:
    # Where and what, never the value sent (it could be anything, a token among them).
    return [{"loc": list(err.get("loc", ())), "msg": str(err.get("msg", ""))}
            for err in e.errors()]


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # `lsp serve`'s log lines

# What `lsp serve --workers N` tells each worker process (cli/serve.py).
WORKER_STORE = "LSP_SERVE_STORE"
WORKER_BASE = "LSP_SERVE_BASE_URL"


def worker_app() -> FastAPI:
    """The app of one worker process of `lsp serve --workers N` (uvicorn's factory): the
    store and the address served from what the command set, the seal key from
    `LSP_SEAL_KEY` and the mail settings from the environment, as for one process."""
    # A worker starts afresh (spawned): its log lines (a sign-in link written there when
    # no mail server is set, among them) go where the command's do.
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    key = None
    key_file = os.environ.get("LSP_SEAL_KEY")
    if key_file:
        from ledger.audit import signing
        key = signing.load_private_key(key_file)
    return create_app(os.environ[WORKER_STORE], seal_key=key,
                      mail=MailSettings.from_env(os.environ[WORKER_BASE]))
