"""Reading the ledger: rosters, the audit trail and compliance checks."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from cli.context import json_option, parse_as_of, settings
from cli.render import emit, table
from ledger.app import Ledger
from projections import queries, warnings
from projections.models import RosterView


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


def roster_text(view: RosterView) -> str:
    known = f", as known at {view.known_at}" if view.known_at else ""
    head = (f"{view.body_name} ({view.body}) as of {view.as_of}{known} "
            f"(terms version {view.terms_version})")
    rows = [
        (s.seat, s.org_name, s.holder_name or ("(vacant)" if not s.holder else s.holder),
         s.deputy_name or s.deputy or "", "yes" if s.voting else "no",
         s.role or "", s.category or ("co-opted" if s.co_opted else ""), s.term_ends or "")
        for s in view.seats
    ]
    lines = [head, ""]
    if rows:
        lines.append(table(["SEAT", "ORGANISATION", "HOLDER", "DEPUTY", "VOTING", "ROLE",
                            "CATEGORY", "TERM ENDS"], rows))
    else:
        lines.append("(no seats)")
    lines.append("")
    lines.append(f"{view.filled_seats} of {len(view.seats)} seats filled; "
                 f"{view.voting_seats} voting seats.")
    lines += [f"Note: {a}" for a in view.anomalies]
    return "\n".join(lines)


@click.command()
@click.option("--entity", metavar="KIND:SLUG",
              help="Only this entity's events, e.g. body:executive or person:jane-doe.")
@json_option
def audit(entity: str | None) -> None:
    """Every event, with recorded time, effective time, who recorded it and what changed."""
    parsed = Ledger.parse_entity(entity) if entity else None
    trail = queries.audit(settings().read(), parsed)

    def text() -> str:
        rows = [(e.position, e.entity, e.version, e.event, e.effective[:16].replace("T", " "),
                 e.recorded[:19].replace("T", " "), e.actor,
                 ", ".join(f"{k}={_clip(v)}" for k, v in e.changes.items() if v is not None))
                for e in trail.events]
        return table(["#", "ENTITY", "V", "EVENT", "EFFECTIVE", "RECORDED", "BY", "WHAT"],
                     rows)

    emit(trail, text)


def _clip(value: object, width: int = 48) -> str:
    """A value short enough for a table; --json gives every value whole."""
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@click.option("--as-of", "as_of_text", metavar="DATE", help="Check as of DATE (default now).")
@json_option
def check(as_of_text: str | None) -> None:
    """Compliance warnings: terms ending, reviews due, composition short."""
    when = parse_as_of(as_of_text) or datetime.now(UTC)
    report = warnings.check(settings().read(), when)

    def text() -> str:
        if not report.warnings:
            return f"No warnings as of {report.as_of} (terms version {report.terms_version})."
        lines = [f"{len(report.warnings)} warning(s) as of {report.as_of} "
                 f"(terms version {report.terms_version}):"]
        lines += [f"- [{w.body}] {w.message} (rule {w.rule}, clause {w.clause})"
                  for w in report.warnings]
        return "\n".join(lines)

    emit(report, text)


COMMANDS = [roster, audit, check]
