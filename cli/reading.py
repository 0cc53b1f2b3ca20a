"""Reading the ledger: rosters, the audit trail and compliance checks."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from cli.context import parse_as_of, settings
from cli.render import emit, json_option
from cli.views import audit_text, check_text, roster_text
from ledger.app import Ledger
from ledger.terms import is_slug
from projections import queries, warnings


@click.command()
@click.argument("body")
@click.option("--as-of", "as_of_text", metavar="DATE",
              help="Who sat on BODY on DATE (effective time; default now).")
@click.option("--known-at", "known_at_text", metavar="DATETIME",
              help="As the ledger knew it at DATETIME (recorded time).")
@json_option
def roster(body: str, as_of_text: str | None, known_at_text: str | None) -> None:
    """Print the roster of BODY: seats, holders, deputies and roles."""
    when = parse_as_of(as_of_text) or datetime.now(UTC)
    known = parse_as_of(known_at_text, "--known-at")
    view = queries.roster(settings().read(), body, when, known)
    emit(view, lambda: roster_text(view))


@click.command()
@click.option("--entity", metavar="KIND:SLUG",
              help="Only this entity's events, e.g. body:executive or person:jane-doe (or a "
                   "bare slug that names one entity).")
@json_option
def audit(entity: str | None) -> None:
    """Every event, with recorded time, effective time, who recorded it and what changed."""
    parsed: tuple[str | None, str] | None = None
    if entity is not None:
        # A bare slug names the one entity of that slug (CONTRACT.md: --entity ID).
        parsed = ((None, entity) if ":" not in entity and is_slug(entity)
                  else Ledger.parse_entity(entity))
    trail = queries.audit(settings().read(), parsed)
    emit(trail, lambda: audit_text(trail))


@click.command()
@click.option("--as-of", "as_of_text", metavar="DATE", help="Check as of DATE (default now).")
@json_option
def check(as_of_text: str | None) -> None:
    """Compliance warnings: terms ending, reviews due, composition short."""
    when = parse_as_of(as_of_text) or datetime.now(UTC)
    report = warnings.check(settings().read(), when)
    emit(report, lambda: check_text(report))
