"""The rules of the terms of reference, each a pure function returning a Verdict.

A rule takes plain values (the terms in force for a body, a roster on a date, the person
or seat concerned) and says whether the action is allowed, why not in plain English, and
which clause of the terms it applies. The application calls these before it records
anything; refusals become `RuleBroken`, which the command line prints with exit code 1.

Membership rules here:
    drawn-from              a seat on a body drawn from another is filled from its members
    co-optees-confined      a co-opted member does not become a member of another body
    co-option               co-opted seats only where the terms allow co-option
    composition             seats of each category within the numbers the terms give
    entitlement             voting seats only for organisations entitled to them, within number
    seat-category           a person of one category does not fill a seat of another
    role-holder             the chair (vice-chair) holds a seat on the body, of the kind required
    deputies-allowed        deputies only where the terms let members send one
    deputy-not-holder       a deputy is a person other than the seat's holder
    membership-requests     requests are decided by the body the terms name
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ledger.errors import RuleBroken
from ledger.roster import Roster, Seat
from ledger.terms import Body

LEDGER = "ledger rule"  # the clause cited for a rule of the ledger itself, not of the terms


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    rule: str
    clause: str
    reasons: tuple[str, ...] = ()

    def enforce(self, terms_version: int | None) -> None:
        if not self.allowed:
            raise RuleBroken(self.rule, self.clause, self.reasons, terms_version)


def _allow(rule: str, clause: str, reason: str = "") -> Verdict:
    return Verdict(True, rule, clause, (reason,) if reason else ())


def _refuse(rule: str, clause: str, *reasons: str) -> Verdict:
    return Verdict(False, rule, clause, reasons)


def drawn_from(body: Body, seat: Seat, person: str, parent: Roster | None) -> Verdict:
    """A seat on a body drawn from another body is filled by one of that body's members.

    Co-opted seats are exempt: co-option is how a body brings in people from outside.
    """
    m = body.membership
    if m is None or m.drawn_from is None or seat.co_opted:
        return _allow("drawn-from", "n/a")
    clause = m.drawn_from_clause or m.clause
    if parent is None or not parent.seats_held_by(person):
        return _refuse("drawn-from", clause,
                       f"members of {body.name} are drawn from '{m.drawn_from}', and {person} "
                       f"holds no seat on '{m.drawn_from}' on that date")
    return _allow("drawn-from", clause)


def co_optees_confined(
    body_id: str, person: str, co_opted_seats: Sequence[tuple[str, Seat, str]]
) -> Verdict:
    """A co-opted member does not become a member of any other part of the partnership.

    `co_opted_seats` lists (body id, seat, clause) for every co-opted seat the person
    holds, on that date, on a body whose terms confine its co-optees.
    """
    elsewhere = [(b, s, c) for b, s, c in co_opted_seats if b != body_id]
    if not elsewhere:
        return _allow("co-optees-confined", "n/a")
    other_body, seat, clause = elsewhere[0]
    return _refuse("co-optees-confined", clause,
                   f"{person} is co-opted to '{other_body}' (seat {seat.seat}), and co-opted "
                   "members do not become members of any other part of the partnership")


def co_option(body: Body, co_opted: bool) -> Verdict:
    if not co_opted:
        return _allow("co-option", "n/a")
    m = body.membership
    if m is None or not m.co_option:
        return _refuse("co-option", m.clause if m else body.clause,
                       f"the terms of {body.name} make no provision for co-opted members")
    return _allow("co-option", m.co_option_clause or m.clause)


def composition(body: Body, category: str | None, seats: Sequence[Seat]) -> Verdict:
    """Seats of each category stay within the numbers the terms give."""
    if not body.composition:
        return _allow("composition", "n/a")
    listed = ", ".join(f"{c.seats} {c.category}" for c in body.composition)
    limit = body.category_limit(category)
    if limit is None:
        clause = body.composition[0].clause
        given = f"'{category}'" if category else "no category"
        return _refuse("composition", clause,
                       f"{body.name} is composed of {listed}; a seat with {given} does not fit")
    taken = sum(1 for s in seats if s.category == category)
    if taken >= limit.seats:
        return _refuse("composition", limit.clause,
                       f"{body.name} has {limit.seats} {category} seats and all {taken} exist")
    return _allow("composition", limit.clause, f"{taken + 1} of {limit.seats} {category} seats")


def entitlement(body: Body, org: str, voting: bool, seats: Sequence[Seat]) -> Verdict:
    """Voting seats go only to the organisations the terms list, up to their number."""
    if not body.entitlements or not voting:
        return _allow("entitlement", "n/a")
    entitled = body.entitlement(org)
    if entitled is None:
        return _refuse("entitlement", body.entitlements[0].clause,
                       f"'{org}' is not one of the core member organisations of {body.name}; "
                       "it may have a non-voting seat (--non-voting)")
    held = sum(1 for s in seats if s.org == org and s.voting)
    if held >= entitled.seats:
        return _refuse("entitlement", entitled.clause,
                       f"'{org}' is entitled to {entitled.seats} voting seat(s) on {body.name} "
                       f"and has {held}")
    return _allow("entitlement", entitled.clause)


def seat_category(body: Body, seat: Seat, person: str, person_category: str | None) -> Verdict:
    """A person whose category is known fills only a seat of that category."""
    if seat.category is None or person_category is None or seat.category == person_category:
        return _allow("seat-category", "n/a")
    limit = body.category_limit(seat.category)
    return _refuse("seat-category", limit.clause if limit else LEDGER,
                   f"seat {seat.seat} is a {seat.category} seat and {person} is a "
                   f"{person_category}")


def role_holder(body: Body, role: str, seat: Seat) -> Verdict:
    """The chair (or vice-chair) holds a seat on the body, of the kind the terms require."""
    required = body.roles.for_role(role)
    clause = required.clause if required else LEDGER
    if seat.holder is None:
        return _refuse("role-holder", clause,
                       f"the {role} must hold a seat on {body.name}, and seat {seat.seat} "
                       "is vacant on that date")
    if required is None:
        return _allow("role-holder", clause)
    if required.voting_seat and not seat.voting:
        return _refuse("role-holder", clause,
                       f"the {role} of {body.name} is chosen from its voting (core) members, "
                       f"and seat {seat.seat} is non-voting")
    if required.category and seat.category != required.category:
        return _refuse("role-holder", clause,
                       f"the {role} of {body.name} holds a {required.category} seat, and "
                       f"seat {seat.seat} is {seat.category or 'of no category'}")
    return _allow("role-holder", clause)


def deputies_allowed(body: Body) -> Verdict:
    d = body.deputies
    if d is not None and not d.allowed:
        return _refuse("deputies-allowed", d.clause,
                       f"the terms of {body.name} do not let members send a deputy")
    return _allow("deputies-allowed", d.clause if d else "n/a")


def deputy_not_holder(seat: Seat, person: str) -> Verdict:
    if seat.holder == person:
        return _refuse("deputy-not-holder", LEDGER,
                       f"{person} holds seat {seat.seat}; a deputy stands in for the holder "
                       "and must be someone else")
    return _allow("deputy-not-holder", LEDGER)


def membership_request_decider(body: Body, body_id: str, deciding_body: str) -> Verdict:
    """Requests to join `body` are decided by the body its terms name (default: itself)."""
    m = body.membership
    decider = (m.requests_decided_by if m else None) or body_id
    clause = (m.requests_clause or m.clause) if m else body.clause
    if deciding_body != decider:
        return _refuse("membership-requests", clause,
                       f"requests to join {body.name} are decided at a meeting of "
                       f"'{decider}', not '{deciding_body}'")
    return _allow("membership-requests", clause)
