"""Membership: seats, holders, roles, deputies, requests, reviews and corrections."""

from __future__ import annotations

import click

from cli.context import on_option, parse_on, settings
from cli.render import json_option, recorded
from ledger.membership import DECISIONS
from ledger.roster import ROLES


@click.group()
def seat() -> None:
    """Seats on a body, and who holds them."""


@seat.command("add")
@click.argument("body")
@click.argument("seat_id", metavar="SEAT")
@click.option("--org", required=True, help="The organisation the seat belongs to.")
@click.option("--non-voting", is_flag=True, help="The seat has no vote.")
@click.option("--co-opted", is_flag=True, help="A co-opted seat (where the terms allow).")
@click.option("--category", help="The seat's category, e.g. resident (LAPs).")
@click.option("--term-years", type=click.IntRange(min=1),
              help="A fixed term for whoever fills the seat.")
@on_option
@json_option
def seat_add(body: str, seat_id: str, org: str, non_voting: bool, co_opted: bool,
             category: str | None, term_years: int | None, on: str | None) -> None:
    """Add SEAT to BODY for an organisation."""
    done = settings().ledger().add_seat(body, seat_id, org, voting=not non_voting,
                                        co_opted=co_opted, category=category,
                                        term_years=term_years, on=parse_on(on))
    kind = "non-voting" if non_voting else "voting"
    recorded(done, f"Seat {seat_id} ({kind}) added to {body} for {org}.")


@seat.command("fill")
@click.argument("body")
@click.argument("seat_id", metavar="SEAT")
@click.argument("person")
@on_option
@json_option
def seat_fill(body: str, seat_id: str, person: str, on: str | None) -> None:
    """Appoint PERSON to SEAT; a replacement takes the seat without approval."""
    done = settings().ledger().fill_seat(body, seat_id, person, parse_on(on))
    recorded(done, f"{person} now holds seat {seat_id} on {body}.")


@seat.command("vacate")
@click.argument("body")
@click.argument("seat_id", metavar="SEAT")
@on_option
@json_option
def seat_vacate(body: str, seat_id: str, on: str | None) -> None:
    """SEAT's holder leaves it; the seat stays, vacant."""
    done = settings().ledger().vacate_seat(body, seat_id, parse_on(on))
    recorded(done, f"Seat {seat_id} on {body} is vacant.")


@seat.command("remove")
@click.argument("body")
@click.argument("seat_id", metavar="SEAT")
@on_option
@json_option
def seat_remove(body: str, seat_id: str, on: str | None) -> None:
    """Remove SEAT from BODY."""
    done = settings().ledger().remove_seat(body, seat_id, parse_on(on))
    recorded(done, f"Seat {seat_id} removed from {body}.")


@click.group()
def role() -> None:
    """The chair, co-chair and vice-chair of a body."""


@role.command("assign")
@click.argument("body")
@click.argument("role_name", metavar="|".join(ROLES), type=click.Choice(ROLES))
@click.argument("seat_id", metavar="SEAT")
@on_option
@json_option
def role_assign(body: str, role_name: str, seat_id: str, on: str | None) -> None:
    """Give the chair (co-chair, or vice-chair) of BODY to the holder of SEAT."""
    done = settings().ledger().assign_role(body, role_name, seat_id, parse_on(on))
    recorded(done, f"Seat {seat_id} holds the {role_name} of {body}.")


@role.command("approve")
@click.argument("body")
@click.argument("role_name", metavar="|".join(ROLES), type=click.Choice(ROLES))
@click.option("--meeting", "meeting_id", required=True, metavar="MEETING",
              help="The meeting of the approving body (the terms' approved_by) that approved.")
@click.option("--item", required=True, metavar="ITEM",
              help="The item of that meeting, agreed, that approved the role's holder.")
@json_option
def role_approve(body: str, role_name: str, meeting_id: str, item: str) -> None:
    """Record that whoever holds ROLE of BODY was approved by the body its terms name, by
    ITEM agreed at MEETING (Daventry 4.14: the Forum's chair, by the Executive)."""
    done = settings().ledger().approve_role(body, role_name, meeting_id, item)
    recorded(done, f"The {role_name} of {body} approved at {meeting_id} (item {item}).")


@click.group()
def deputy() -> None:
    """Deputies: who may stand in for a seat's holder."""


@deputy.command("nominate")
@click.argument("body")
@click.argument("seat_id", metavar="SEAT")
@click.argument("person")
@on_option
@json_option
def deputy_nominate(body: str, seat_id: str, person: str, on: str | None) -> None:
    """Nominate PERSON as the deputy for SEAT."""
    done = settings().ledger().nominate_deputy(body, seat_id, person, parse_on(on))
    recorded(done, f"{person} is the deputy for seat {seat_id} on {body}.")


@deputy.command("revoke")
@click.argument("body")
@click.argument("seat_id", metavar="SEAT")
@on_option
@json_option
def deputy_revoke(body: str, seat_id: str, on: str | None) -> None:
    """SEAT no longer has a deputy."""
    done = settings().ledger().revoke_deputy(body, seat_id, parse_on(on))
    recorded(done, f"Seat {seat_id} on {body} has no deputy.")


@click.group()
def membership() -> None:
    """Requests to join a body, and the annual review of membership."""


@membership.command("request")
@click.argument("body")
@click.argument("org")
@click.argument("request")
@on_option
@json_option
def membership_request(body: str, org: str, request: str, on: str | None) -> None:
    """Record ORG's request (named REQUEST) to join BODY; it is decided at a meeting."""
    done = settings().ledger().request_membership(body, org, request, parse_on(on))
    recorded(done, f"Request {request} recorded: {org} asks to join {body}.")


@membership.command("recommend")
@click.argument("request")
@click.argument("recommendation", metavar="approved|rejected", type=click.Choice(DECISIONS))
@click.option("--meeting", required=True,
              help="The meeting that recommended it: a quorate meeting of the body "
                   "requests come through (Lewisham: the PSG).")
@json_option
def membership_recommend(request: str, recommendation: str, meeting: str) -> None:
    """Record the recommendation on REQUEST, made at MEETING, before it is decided."""
    done = settings().ledger().recommend_membership(request, recommendation, meeting)
    recorded(done, f"Request {request} recommended {recommendation} at meeting {meeting}.")


@membership.command("decide")
@click.argument("request")
@click.argument("decision", metavar="approved|rejected", type=click.Choice(DECISIONS))
@click.option("--meeting", required=True,
              help="The meeting that decided it: a quorate meeting of the body the terms name.")
@json_option
def membership_decide(request: str, decision: str, meeting: str) -> None:
    """Record the decision on REQUEST, taken at MEETING."""
    done = settings().ledger().decide_membership(request, decision, meeting)
    recorded(done, f"Request {request} {decision} at meeting {meeting}.")


@membership.command("review")
@click.argument("body")
@click.option("--note", default="", help="What the review concluded.")
@on_option
@json_option
def membership_review(body: str, note: str, on: str | None) -> None:
    """Record that BODY's membership was reviewed (e.g. Daventry 4.4, annually)."""
    done = settings().ledger().review_membership(body, note, parse_on(on))
    recorded(done, f"Membership of {body} reviewed.")


@click.command()
@click.argument("entity")
@click.argument("version", type=click.IntRange(min=1))
@click.option("--reason", required=True, help="Why the event was a mistake.")
@json_option
def correct(entity: str, version: int, reason: str) -> None:
    """Retract event VERSION of ENTITY (body:, meeting: or decision:SLUG) as a mistake.

    Nothing is deleted: the correction is a new event naming the one it corrects and why,
    and both appear in `lsp audit` (e.g. `lsp correct meeting:exec-1 7` for a vote cast
    wrongly). Rosters known before the correction still show it.
    """
    done = settings().ledger().retract(entity, version, reason)
    recorded(done, f"Event {version} of {entity} retracted: {reason}.")
