"""`lsp outbox`: the notifications owed by e-mail, and sending them now.

- `lsp outbox list [--json]`: every notice queued, to whom (person slug, never an
  address), its state (queued, retrying, failing, delivered), attempts and last error; a
  person with no account is named as such, for they get nothing until they have one;
- `lsp outbox send`: queue what is due and deliver it now (the secretariat, or a cron job
  without the server), by `LSP_SMTP_URL` (without it, each message is written to the log).

Both need the `send-notices` action (docs/permissions.md). Delivery: web/notify.py;
docs/notifications.md says what is sent when.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from cli.context import settings
from cli.render import emit, json_option
from ledger.when import show
from web.mail import MailSettings
from web.notify import cycle

DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # `lsp serve`'s own address, unless told


@click.group()
def outbox() -> None:
    """Notifications by e-mail: what is owed, and sending it."""


@outbox.command("list")
@json_option
def outbox_list() -> None:
    """Every notice queued, and how sending it has gone."""
    ledger = settings().ledger()
    ledger.authorise("send-notices")
    rows: list[dict[str, Any]] = []
    for e in ledger.outbox().entries.values():
        rows.append({
            "key": e.key, "kind": e.notice.kind, "decision": e.notice.decision,
            "person": e.notice.person, "subject": e.notice.subject,
            "status": e.status if ledger.email_of(e.notice.person) or e.delivered
            else "no account",
            "attempts": e.attempts, "last_error": e.last_error,
            "queued": e.queued.isoformat(),
            "delivered": e.delivered.isoformat() if e.delivered else None,
            "next_try": e.next_try.isoformat() if e.next_try else None})
    emit({"notices": rows}, lambda: _text(rows))


def _text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No notifications queued."
    lines = []
    for r in rows:
        line = f"{r['status']:<11} {r['person']:<20} {r['subject']}"
        if r["status"] == "no account":
            line += f"\n            {r['person']} has no account: nothing is sent until they do"
        if r["last_error"] and r["status"] != "delivered":
            line += (f"\n            {r['attempts']} attempts; last: {r['last_error']}"
                     f"; next try {show(datetime.fromisoformat(r['next_try']))}"
                     if r["next_try"] else "")
        lines.append(line)
    return "\n".join(lines)


@outbox.command("send")
@json_option
def outbox_send() -> None:
    """Queue the notifications due and deliver them now."""
    ledger = settings().ledger()
    ledger.authorise("send-notices")
    mail = MailSettings.from_env(DEFAULT_BASE_URL)
    sent = cycle(ledger, mail, datetime.now(UTC))
    doc = {"queued": sent.queued, "delivered": sent.delivered, "failed": sent.failed,
           "no_account": sent.no_account}
    emit(doc, lambda: (f"{sent.queued} queued, {len(sent.delivered)} delivered, "
                       f"{len(sent.failed)} failed (tried again later), "
                       f"{len(sent.no_account)} waiting for an account."))
