"""Notifications by e-mail: queue what is due, then deliver what the outbox owes.

- `queue_due(ledger, settings, now)`: every decision between meetings (from the read
  models' list) through `ledger.notices.due`, queued in the outbox once each, by key;
- `deliver(ledger, settings, now)`: each notice due (not delivered, its back-off over)
  to its person's account's address, looked up now (`Ledger.email_of`), through
  `web.mail.send`; every attempt recorded (`Ledger.record_attempt`). A person without an
  account gets nothing: the notice stays queued, and `lsp outbox list` says why;
- `cycle`: both, as `lsp outbox send` and the server's background task run them;
- `Background`: the server's task (web/app.py's lifespan), every `LSP_OUTBOX_EVERY`
  seconds (30 unless told), as the local route "lsp-server" (it holds the store's
  credentials, as `lsp outbox send` on the store does). It runs only when `LSP_SMTP_URL`
  is set: without a mail server, `lsp outbox send` writes the messages to the log.

Several processes delivering at once: each attempt is recorded on the outbox as loaded
just before sending, so a second process that recorded one since is refused
(`Collision`) and moves on; at least once, never lost.

Of the server: `ledger.app`, `ledger.notices`, `projections.lists`, `web.mail`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ledger.app import Ledger
from ledger.authors import Author
from ledger.errors import LedgerError
from ledger.notices import due
from ledger.retry import Collision
from ledger.when import local_date
from projections import lists
from projections.catchup import ReadStore
from web.mail import MailSettings, MailUnavailable, message, send

log = logging.getLogger("lsp.outbox")

EVERY = 30.0  # seconds between the server's rounds, unless LSP_OUTBOX_EVERY says
SERVER = Author.local("lsp-server")


@dataclass
class Sent:
    """What one round did: notices queued, delivered, failed, and those left waiting for
    an account."""

    queued: int = 0
    delivered: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    no_account: list[str] = field(default_factory=list)


def queue_due(ledger: Ledger, settings: MailSettings, now: datetime) -> int:
    """Queue every notice due about the ledger's decisions; how many were new."""
    store = ReadStore(ledger)
    slugs = [r.decision for r in lists.decisions(store, None, None).decisions
             if r.status in ("proposed", "taken", "reported")]
    notices = due(ledger, slugs, settings.link, now, next_meetings(store, now))
    return sum(1 for r in ledger.queue_notices(notices, now) if r.event == "Queued")


def next_meetings(store: ReadStore, now: datetime) -> dict[str, date]:
    """The day (England) each body next meets, of the meetings scheduled from today on."""
    today = local_date(now)
    found: dict[str, date] = {}
    for m in lists.meetings(store, None, now).meetings:
        held = date.fromisoformat(m.date)
        if m.status != "closed" and held >= today and held < found.get(m.body, date.max):
            found[m.body] = held
    return found


def deliver(ledger: Ledger, settings: MailSettings, now: datetime) -> Sent:
    """Send each notice due on `now`, recording every attempt."""
    sent = Sent()
    for key in [e.key for e in ledger.outbox().due(now)]:
        outbox = ledger.outbox()  # as it stands just before this one is sent
        entry = outbox.entries[key]
        if not entry.due(now):
            continue  # another process delivered it, or failed it, meanwhile
        to = ledger.email_of(entry.notice.person)
        if to is None:
            sent.no_account.append(key)
            continue
        error = None
        try:
            send(settings, message(settings, to, entry.notice.subject, entry.notice.body))
        except MailUnavailable as e:
            error = str(e)
        try:
            ledger.record_attempt(outbox, key, error, now)
        except Collision:
            log.info("notice %s: another process recorded an attempt first", key)
            continue
        (sent.failed if error else sent.delivered).append(key)
    return sent


def cycle(ledger: Ledger, settings: MailSettings, now: datetime) -> Sent:
    """Queue what is due, then deliver it."""
    queued = queue_due(ledger, settings, now)
    sent = deliver(ledger, settings, now)
    sent.queued = queued
    return sent


def every(environ: Mapping[str, str] = os.environ) -> float | None:
    """Seconds between the server's rounds, or None when it sends no mail (no
    `LSP_SMTP_URL`, or `LSP_OUTBOX_EVERY=0`)."""
    if not environ.get("LSP_SMTP_URL"):
        return None
    seconds = float(environ.get("LSP_OUTBOX_EVERY") or EVERY)
    return seconds if seconds > 0 else None


async def run_every(seconds: float, round_once: Callable[[], None]) -> None:
    """Run `round_once` (in a thread: it blocks on the store and the mail server) every
    `seconds` until cancelled; a round that fails is logged and the next one runs."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await asyncio.to_thread(round_once)
        except (LedgerError, OSError) as e:
            log.warning("the outbox round failed: %s", e)


def round_on(store: str, settings: MailSettings) -> Callable[[], None]:
    """One round on `store` as the server, with a ledger of its own (opened and closed)."""
    def once() -> None:
        ledger = Ledger(store, SERVER)
        try:
            cycle(ledger, settings, datetime.now(UTC))
        finally:
            ledger.close()
    return once

