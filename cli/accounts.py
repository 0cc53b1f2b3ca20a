"""Who may sign in: accounts, staff roles and API tokens (`docs/permissions.md`).

On a shared deployment these are run locally on the server's store (the first account
and its admin role: the bootstrap), or through the server by an admin.
"""

from __future__ import annotations

from typing import Any

import click

from cli.context import on_option, parse_as_of, parse_on, settings
from cli.render import emit, json_option, recorded, seal_after
from ledger.accounts import STAFF_ROLES
from ledger.when import show


@click.group()
def account() -> None:
    """Accounts: the people who may sign in."""


@account.command("add")
@click.argument("person_id", metavar="PERSON")
@click.option("--email", required=True, metavar="EMAIL",
              help="Where sign-in links go. Personal data: never on a paper, a register or "
                   "a public page.")
@json_option
def account_add(person_id: str, email: str) -> None:
    """Let PERSON (already in the ledger) sign in."""
    done = settings().ledger().add_account(person_id, email)
    recorded(done, f"Account added for {person_id}.")


@click.command()
@click.argument("person_id", metavar="PERSON")
@click.argument("role", metavar="|".join(STAFF_ROLES), type=click.Choice(STAFF_ROLES))
@on_option
@json_option
def grant(person_id: str, role: str, on: str | None) -> None:
    """Grant PERSON a staff role, from --on (default now)."""
    done = settings().ledger().grant(person_id, role, parse_on(on))
    recorded(done, f"{person_id} holds the {role} role from {on or 'now'}.")


@click.command()
@click.argument("person_id", metavar="PERSON")
@click.argument("role", metavar="|".join(STAFF_ROLES), type=click.Choice(STAFF_ROLES))
@on_option
@json_option
def revoke(person_id: str, role: str, on: str | None) -> None:
    """Revoke PERSON's staff role, from --on (default now)."""
    done = settings().ledger().revoke(person_id, role, parse_on(on))
    recorded(done, f"{person_id} no longer holds the {role} role from {on or 'now'}.")


@click.group()
def token() -> None:
    """API tokens: one live token a person, shown once, only its hash kept."""


@token.command("create")
@click.argument("person_id", metavar="PERSON")
@click.option("--expires", metavar="DATE",
              help="The last day it works (default: a year from now).")
@json_option
def token_create(person_id: str, expires: str | None) -> None:
    """Create PERSON's API token, replacing any they had, and print it once."""
    ledger = settings().ledger()
    secret, done = ledger.create_token(person_id, parse_as_of(expires, "--expires"))
    until = ledger.token_expiry(person_id)
    doc: dict[str, Any] = {
        "token": secret, "person": person_id, "expires": until.isoformat() if until else None,
        "events": [{"position": r.position, "entity": r.entity, "event": r.event} for r in done]}
    sealed = seal_after(done)
    if sealed is not None:
        doc["seal"] = sealed
    emit(doc, lambda: (f"API token for {person_id}, until {show(until)}; it replaces any "
                       f"token they had. It is shown only this once:\n{secret}\n"
                       f"  recorded as {', '.join(f'#{r.position} {r.event}' for r in done)}"))


@token.command("revoke")
@click.argument("person_id", metavar="PERSON")
@json_option
def token_revoke(person_id: str) -> None:
    """Revoke PERSON's API token: it stops working at once."""
    done = settings().ledger().revoke_token(person_id)
    recorded(done, f"The API token of {person_id} is revoked.")
