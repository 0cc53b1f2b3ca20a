"""`lsp serve`: the server of a shared ledger (web/app.py on uvicorn; docs/server.md).

The global `--store` names the store the server owns: in a shared deployment it is the
only holder of that store's write credentials (docs/deploy.md). It binds 127.0.0.1 unless
told otherwise: a reverse proxy in front does TLS.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import click

from cli.context import settings
from cli.render import json_option, json_text
from ledger.errors import InvalidInput

# How uvicorn runs the server (and bench/floor.py's constant answer, measured through the
# same). Its own access log is off: it logs the query string, which could hold a
# credential; web.security.RequestLog logs the path alone.
UVICORN_OPTIONS: dict[str, Any] = {"access_log": False, "log_config": None,
                                   "proxy_headers": True, "server_header": False}


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (127.0.0.1: this machine only, behind a "
                   "reverse proxy; 0.0.0.0 only if you mean every network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on.")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True,
              metavar="ADDRESSES",
              help="The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are "
                   "trusted (comma-separated): the client's address for the rate limit, "
                   "https for Strict-Transport-Security.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes sharing the port (one core each: pages and seals are "
                   "CPU work, and one process uses one core at a time).")
@json_option
def serve(host: str, port: int, forwarded_allow_ips: str, workers: int) -> None:
    """Serve the ledger of --store: the JSON API, and the CLI as its client."""
    import uvicorn

    from web.app import LOG_FORMAT, WORKER_BASE, WORKER_STORE, create_app
    from web.mail import MailSettings

    s = settings()
    if s.store.startswith(("http://", "https://")):
        raise InvalidInput("the server serves a store of its own: give --store a file path "
                           "or a postgresql:// URL")
    key = None
    key_file = os.environ.get("LSP_SEAL_KEY")
    if key_file:
        from ledger.audit import signing

        key = signing.load_private_key(key_file)
    s.ledger().close()  # refuse now, not at the first request, a store that does not open
    s.opened.clear()
    # Sign-in links begin with LSP_BASE_URL, or else the address served here.
    mail = MailSettings.from_env(f"http://{host}:{port}")
    app = create_app(s.store, seal_key=key, mail=mail)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    if s.json:
        click.echo(json_text({"serving": f"http://{host}:{port}", "store": app.state.server
                              .shown_store}), nl=False)
    click.echo(f"Serving the ledger at http://{host}:{port} (Ctrl-C stops it).", err=True)
    options: dict[str, Any] = {"host": host, "port": port,
                               "forwarded_allow_ips": forwarded_allow_ips, **UVICORN_OPTIONS}
    if workers == 1:
        uvicorn.run(app, **options)
        return
    # Several processes: uvicorn starts each worker from an import string, and each
    # builds its own app (its own pool of ledgers; the rate limits are the store's, shared)
    # from what is set here.
    os.environ.update({WORKER_STORE: s.store, WORKER_BASE: mail.base_url})
    uvicorn.run("web.app:worker_app", factory=True, workers=workers, **options)
