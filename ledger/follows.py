"""Seats that follow a role on another body.

The Tower Hamlets Partnership Board's members include the "Resident Vice Chairs from the
Local Area Partnerships" and the "Partner Chairs of the Community Plan Delivery Groups"
("Partnership Board, proposed membership"). Such a Board seat is not filled by an
appointment of its own: whoever holds the LAP's vice-chair on a date sits in it on that
date. The terms describe the seat (`[[bodies.board.seats]]`, `follows = { body, role }`);
the seat is still added (`lsp seat add`, for its organisation and whether it votes), but
its holder is read, never filled:

- `followed` lays the holder of the followed role over the seat on a roster of one date
  (the write side's, `Ledger._roster_if_any`, and every read model's,
  `projections.rosters.followed`), so a change of vice-chair on the LAP changes the Board
  roster from that day without a second act, and the roster as of any date is right;
- `seat_follows` is the rule that refuses a direct fill, citing the terms' clause.

A seat follows one step down only (a LAP's roles are its own), so no roster folds round a
loop (`ledger.terms` refuses a followed body whose seats follow another's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ledger.roster import Roster, Seat
from ledger.rules import Verdict
from ledger.terms import Body as BodyTerms
from ledger.terms import SeatTerms


def followed(roster: Roster, terms: BodyTerms | None,
             source: Callable[[str], Roster | None]) -> Roster:
    """`roster` with each seat the terms say follows a role showing that role's holder on
    the same date (`source(body)`: the other body's roster as of the same moment, as known
    at the same time). A seat whose role is unassigned, or whose holder's term has ended,
    has no holder."""
    if terms is None or not terms.seats:
        return roster
    described = {s.seat: s for s in terms.seats}
    if not any(s.seat in described for s in roster.seats):
        return roster
    sources: dict[str, Roster | None] = {}

    def role_seat(t: SeatTerms) -> Seat | None:
        if t.follows.body not in sources:
            sources[t.follows.body] = source(t.follows.body)
        found = sources[t.follows.body]
        return found.role_seat(t.follows.role) if found else None

    seats = tuple(_following(s, described[s.seat], role_seat(described[s.seat]))
                  if s.seat in described else s for s in roster.seats)
    return replace(roster, seats=seats)


def _following(seat: Seat, t: SeatTerms, held: Seat | None) -> Seat:
    """The seat held by whoever holds the followed role (`held`: the seat with the role),
    since the later of their taking that seat and being given the role."""
    holder = held.holder if held else None
    since = None
    if held is not None and holder is not None:
        since = max(d for d in (held.holder_since, held.role_since) if d is not None)
    return replace(seat, holder=holder, holder_since=since, term_ends=None,
                   term_ended_holder=None, follows=f"{t.follows.body} {t.follows.role}",
                   deputy=None if seat.deputy is not None and seat.deputy == holder
                   else seat.deputy)


def seat_follows(terms: BodyTerms, seat_id: str) -> Verdict:
    """Rule `seat-follows`: a seat that follows a role on another body is never filled
    (or vacated) directly; its holder is that role's."""
    t = terms.seat_terms(seat_id)
    if t is None:
        return Verdict(True, "seat-follows", "n/a")
    f = t.follows
    return Verdict(False, "seat-follows", t.clause, (
        f"seat {seat_id} on {terms.name} follows the {f.role} of {f.body}: whoever holds "
        f"that role sits in it, so it is not filled or vacated directly (give the role: "
        f"lsp role assign {f.body} {f.role} SEAT)",), remedy=None)
