"""Seats that follow a role on another body.

The Tower Hamlets Partnership Board's members include the "Resident Vice Chairs from the
Local Area Partnerships" and the "Partner Chairs of the Community Plan Delivery Groups"
("Partnership Board, proposed membership"). Such a Board seat is not filled by an
appointment of its own: whoever holds the LAP's vice-chair on a date sits in it on that
date. The terms describe the seat (`[[bodies.board.seats]]`, `follows = { body, role }`);
the seat is added as any other (`lsp seat add`, for its organisation and whether it
votes), and its `SeatAdded` records what it follows (`seat_follows_what`), so the roster
fold knows it without reading the terms. Its holder is then read, never filled:

- `followed` lays the holder of the followed role over each such seat on a roster of one
  date (the write side's, `Ledger._roster_if_any`, and every read model's,
  `projections.rosters.followed`), so a change of vice-chair on the LAP changes the Board
  roster from that day without a second act, and the roster as of any date is right; a
  roster with no such seat costs nothing more;
- `seat_follows` is the rule that refuses a direct fill or vacancy, citing the clause.

A seat follows one step down only (`ledger.terms` refuses a followed body whose seats
follow another's), so the other body's own roster is read as it is, never round a loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ledger.roster import Roster, Seat
from ledger.rules import Verdict
from ledger.terms import Body as BodyTerms


def seat_follows_what(terms: BodyTerms, seat_id: str) -> str | None:
    """What a new seat follows, as "BODY ROLE", where the terms describe it."""
    t = terms.seat_terms(seat_id)
    return f"{t.follows.body} {t.follows.role}" if t else None


def followed(roster: Roster, source: Callable[[str], Roster | None]) -> Roster:
    """`roster` with each seat that follows a role showing that role's holder on the same
    date (`source(body)`: the other body's roster as of the same moment, as known at the
    same time). A seat whose role is unassigned, or whose holder's term has ended, has no
    holder."""
    if not any(s.follows for s in roster.seats):
        return roster
    sources: dict[str, Roster | None] = {}

    def role_seat(follows: str) -> Seat | None:
        body, _, role = follows.partition(" ")
        if body not in sources:
            sources[body] = source(body)
        found = sources[body]
        return found.role_seat(role) if found else None

    return replace(roster, seats=tuple(
        _following(s, role_seat(s.follows)) if s.follows else s for s in roster.seats))


def _following(seat: Seat, held: Seat | None) -> Seat:
    """The seat held by whoever holds the followed role (`held`: the seat with the role),
    since the later of their taking that seat and being given the role."""
    holder = held.holder if held else None
    since = None
    if held is not None and holder is not None:
        since = max(d for d in (held.holder_since, held.role_since) if d is not None)
    return replace(seat, holder=holder, holder_since=since, term_ends=None,
                   term_ended_holder=None,
                   deputy=None if seat.deputy is not None and seat.deputy == holder
                   else seat.deputy)


def seat_follows(terms: BodyTerms, seat: Seat) -> Verdict:
    """Rule `seat-follows`: a seat that follows a role on another body is never filled
    (or vacated) directly; its holder is that role's."""
    if not seat.follows:
        return Verdict(True, "seat-follows", "n/a")
    body, _, role = seat.follows.partition(" ")
    t = terms.seat_terms(seat.seat)
    return Verdict(False, "seat-follows", t.clause if t else "ledger rule", (
        f"seat {seat.seat} on {terms.name} follows the {role} of {body}: whoever holds "
        f"that role sits in it, so it is not filled or vacated directly (give the role: "
        f"lsp role assign {body} {role} SEAT)",))
