"""Who sits where: the fold of a body's membership facts into its roster on a date.

A *fact* is one membership event of a body, reduced to plain values: what kind of change,
its effective and recorded times, who recorded it and the change itself. The same facts
come from the Body aggregate (when a command is checked) and from the roster projection
(when a roster is read), and both fold them with `roster_at`, so the answer to "who sat
on the Executive on 3 March?" is computed in exactly one place.

The fold is bitemporal:
- `as_of` (effective time): only facts that had taken effect by then count, applied in
  effective order (ties in the order they were recorded);
- `known_at` (recorded time): only facts the ledger had been told by then count, and a
  retraction counts only once it had been recorded.

A fixed term (the LAPs' two years) ends without an event: from the day it ends, the roster
on a date shows the seat with no holder (`holder` is None, so nothing counts them for
quorum, votes or approvals) and names the person whose term ended (`term_ended_holder`),
until they are re-appointed (filled again) or the seat is vacated.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ledger.events import Fact
from ledger.terms import Body as BodyTerms
from ledger.when import day, local_date

ROLES = ("chair", "co-chair", "vice-chair")


def term_clause(body: BodyTerms) -> str:
    """The clause a seat's fixed term comes from: the terms' membership term clause, or,
    for a term given to the seat itself when it was added, the seat's own ("seat term")."""
    m = body.membership
    return (m.term_clause if m else None) or "seat term"


@dataclass(frozen=True)
class Seat:
    seat: str
    org: str
    voting: bool
    co_opted: bool
    category: str | None
    term_years: int | None
    holder: str | None = None
    holder_since: datetime | None = None
    term_ends: date | None = None
    deputy: str | None = None
    role: str | None = None
    role_since: datetime | None = None
    # The meeting of another body that approved the role's holder, where the terms make
    # the role subject to its approval (Daventry 4.14); None while awaiting.
    role_approved: str | None = None
    # Only on a roster as of a date: who held the seat until their fixed term ended, while
    # they have not been re-appointed (then `holder` is None). Never in the kept state.
    term_ended_holder: str | None = None
    # The role on another body this seat follows, as "BODY ROLE" (ledger/follows.py): on a
    # roster as of a date its holder is that role's, laid over by `follows.followed`.
    follows: str | None = None

    @property
    def term_ended(self) -> bool:
        return self.term_ended_holder is not None

    def on(self, today: date) -> Seat:
        """The seat as it stands on `today`: a holder whose fixed term has ended by then no
        longer holds it (the term ends at the start of `term_ends`)."""
        if self.holder is None or self.term_ends is None or today < self.term_ends:
            return self
        return replace(self, holder=None, term_ended_holder=self.holder)

    def as_appointed(self) -> Seat:
        """The seat with whoever was last appointed to it as its holder, their term ended
        or not: the person who still has it until re-appointed or the seat is vacated."""
        if not self.term_ended:
            return self
        return replace(self, holder=self.term_ended_holder, term_ended_holder=None)


@dataclass(frozen=True)
class Roster:
    body: str
    as_of: datetime
    known_at: datetime | None
    seats: tuple[Seat, ...]
    last_review: datetime | None = None
    anomalies: tuple[str, ...] = ()

    def seat(self, seat_id: str) -> Seat | None:
        return next((s for s in self.seats if s.seat == seat_id), None)

    def role_seat(self, role: str) -> Seat | None:
        return next((s for s in self.seats if s.role == role), None)

    def seats_held_by(self, person: str) -> tuple[Seat, ...]:
        return tuple(s for s in self.seats if s.holder == person)

    @property
    def voting_seats(self) -> tuple[Seat, ...]:
        return tuple(s for s in self.seats if s.voting)


def roster_at(
    body: str, facts: Iterable[Fact], as_of: datetime, known_at: datetime | None = None
) -> Roster:
    """Fold `facts` into the roster of `body` as of `as_of`, as known at `known_at`."""
    known = [f for f in facts if known_at is None or f.recorded <= known_at]
    retracted = {f.data["version"] for f in known if f.kind == "Retracted"}
    state = RosterState()
    for f in sorted(
        (f for f in known if f.effective <= as_of and f.version not in retracted
         and f.kind != "Retracted"),
        key=order,
    ):
        state.apply(f)
    return state.roster(body, as_of, known_at)


@dataclass
class KeptFold:
    """The fold of a body's facts kept step by step as they are recorded, so that a roster
    asked on or after the latest fact's effective time (every write on today's date) costs
    the seats, not the history.

    Facts usually arrive in effective order, and each is applied as it comes. A fact that
    sorts before the last one applied (a backdated change) or a retraction drops the kept
    state; the next roster asked on or after the latest fact folds every fact again and
    keeps that. A roster asked for an earlier date is folded from the facts, as always
    (`roster_at`). tests/test_roster_fold.py checks it gives what `roster_at` gives.
    """

    state: RosterState | None = field(default_factory=lambda: RosterState())
    latest: datetime | None = None  # the latest effective time of any fact added

    def add(self, f: Fact) -> None:
        """`f` was just recorded (after every fact already added)."""
        if self.latest is None or f.effective > self.latest:
            self.latest = f.effective
        if self.state is not None and self.state.accepts(f):
            self.state.apply(f)
        else:
            self.state = None

    def roster(self, body: str, facts: Sequence[Fact] | Callable[[], Sequence[Fact]],
               as_of: datetime) -> Roster:
        """The roster of `body` as of `as_of`, everything known (as `roster_at`). `facts`
        may be a callable giving them, called only when the kept state cannot answer: a
        body loaded from a snapshot reads its facts from the store only then."""
        if self.latest is not None and as_of < self.latest:
            return roster_at(body, facts() if callable(facts) else facts, as_of)
        if self.state is None:
            self.state = fold(facts() if callable(facts) else facts)
        return self.state.roster(body, as_of)


class Timeline:
    """Rosters of one body at many dates, from one reading of its facts: what a register
    of every decision asks (the roster on each approval's day), without folding the
    history again for each date.

    The facts are sorted once (`order`, retractions taken out, as `roster_at` does); those
    in effect on a date are then a prefix of them, and one state walks forward from the
    last date asked to the next. Asked in date order, each fact is applied once; asked
    earlier than the last date, the walk starts again. It gives what `roster_at` gives
    with everything known (tests/test_roster_fold.py checks it).
    """

    def __init__(self, body: str, facts: Iterable[Fact]) -> None:
        known = list(facts)
        retracted = {f.data["version"] for f in known if f.kind == "Retracted"}
        self.body = body
        self.ordered = sorted((f for f in known if f.kind != "Retracted"
                               and f.version not in retracted), key=order)
        self._effective = [f.effective for f in self.ordered]
        self._state = RosterState()
        self._applied = 0

    def roster(self, as_of: datetime) -> Roster:
        """The roster of the body as of `as_of`."""
        wanted = bisect.bisect_right(self._effective, as_of)
        if wanted < self._applied:
            self._state, self._applied = RosterState(), 0
        for f in self.ordered[self._applied:wanted]:
            self._state.apply(f)
        self._applied = wanted
        return self._state.roster(self.body, as_of)


def fold(facts: Iterable[Fact]) -> RosterState:
    """Every known fact, whatever its effective date: the state the projection keeps."""
    known = list(facts)
    retracted = {f.data["version"] for f in known if f.kind == "Retracted"}
    state = RosterState()
    for f in sorted((f for f in known if f.kind != "Retracted" and f.version not in retracted),
                    key=order):
        state.apply(f)
    return state


def order(f: Fact) -> tuple[datetime, int]:
    """Facts apply in effective order; ties in the order they were recorded."""
    return (f.effective, f.version)


@dataclass
class RosterState:
    """The fold in progress: `apply` one fact at a time, in `order`.

    `through` is the order key of the last fact applied: a fact that sorts after it can be
    applied to this state incrementally; one that sorts before it (a backdated change) or
    a retraction means folding the body's facts again from the start.
    """

    seats: dict[str, Seat] = field(default_factory=dict)
    last_review: datetime | None = None
    anomalies: list[str] = field(default_factory=list)
    through: tuple[datetime, int] | None = None

    def accepts(self, f: Fact) -> bool:
        return f.kind != "Retracted" and (self.through is None or order(f) > self.through)

    def roster(self, body: str, as_of: datetime, known_at: datetime | None = None) -> Roster:
        today = local_date(as_of)
        return Roster(
            body=body,
            as_of=as_of,
            known_at=known_at,
            seats=tuple(sorted((s.on(today) for s in self.seats.values()),
                               key=lambda s: s.seat)),
            last_review=self.last_review,
            anomalies=tuple(self.anomalies),
        )

    def _note(self, f: Fact, problem: str) -> None:
        self.anomalies.append(f"event {f.version} ({f.kind}, effective "
                              f"{day(f.effective)}) {problem}; it was passed over")

    def _approve(self, f: Fact) -> None:
        """A role's holder approved at a meeting: the seat must still hold the role, with
        the person approved in it; otherwise the approval is passed over."""
        d = f.data
        current = self.seats.get(d["seat"])
        if current is None or current.role != d["role"] or current.holder != d["person"]:
            self._note(f, f"approves {d['person']} as {d['role']} in seat {d['seat']!r}, "
                          "who no longer held it")
            return
        self.seats[d["seat"]] = _changed(current, role_approved=d["meeting"])

    def apply(self, f: Fact) -> None:
        self.through = order(f)
        seats, d = self.seats, f.data
        if f.kind == "SeatAdded":
            if d["seat"] in seats:
                self._note(f, f"adds seat {d['seat']!r}, which already exists")
                return
            seats[d["seat"]] = Seat(
                seat=d["seat"], org=d["org"], voting=d["voting"], co_opted=d["co_opted"],
                category=d.get("category"), term_years=d.get("term_years"),
                follows=d.get("follows"),
            )
            return
        if f.kind == "MembershipReviewed":
            self.last_review = f.effective
            return
        if f.kind == "RoleApproved":
            self._approve(f)
            return
        if f.kind not in SEAT_CHANGES:
            return
        current = seats.get(d["seat"])
        if current is None:
            self._note(f, f"names seat {d['seat']!r}, which did not exist then")
            return
        if f.kind == "SeatFilled":
            deputy = None if current.deputy == d["person"] else current.deputy
            term_ends = date.fromisoformat(d["term_ends"]) if d.get("term_ends") else None
            # An approval is of the person: a new holder awaits approval again.
            approved = current.role_approved if current.holder == d["person"] else None
            seats[d["seat"]] = _changed(current, holder=d["person"], holder_since=f.effective,
                                       term_ends=term_ends, deputy=deputy,
                                       role_approved=approved)
        elif f.kind == "SeatVacated":
            seats[d["seat"]] = _changed(current, holder=None, holder_since=None, term_ends=None,
                                       role_approved=None)
        elif f.kind == "SeatRemoved":
            del seats[d["seat"]]
        elif f.kind == "RoleAssigned":
            for other_id, other in seats.items():
                if other.role == d["role"]:
                    seats[other_id] = _changed(other, role=None, role_since=None,
                                               role_approved=None)
            seats[d["seat"]] = _changed(seats[d["seat"]], role=d["role"], role_since=f.effective,
                                       role_approved=None)
        elif f.kind == "DeputyNominated":
            if current.holder == d["person"]:
                self._note(f, f"names {d['person']} deputy of seat {d['seat']!r}, which they "
                              "hold by then")
                return
            seats[d["seat"]] = _changed(current, deputy=d["person"])
        else:  # DeputyRevoked
            seats[d["seat"]] = _changed(current, deputy=None)


def _changed(seat: Seat, **changes: object) -> Seat:
    """`dataclasses.replace` for the fold's hot path: a copy of `seat` with `changes`.

    `replace` inspects the dataclass's fields on every call; the fold makes one copy per
    fact, and on a body of 8,000 events that was a third of a seat fill
    (docs/performance.md). A `Seat` has no `__post_init__` and no field outside `__init__`,
    so copying its fields and setting the changed ones is the same as `replace`
    (tests/test_roster_fold.py checks the two agree)."""
    copy = object.__new__(Seat)
    copy.__dict__.update(seat.__dict__)
    copy.__dict__.update(changes)
    return copy


SEAT_CHANGES = frozenset({"SeatFilled", "SeatVacated", "SeatRemoved", "RoleAssigned",
                          "DeputyNominated", "DeputyRevoked"})


def presiding(roster: Roster | None, present: Mapping[str, Mapping[str, Any]],
              excluded: Collection[str] = ()) -> Seat | None:
    """Whose casting vote it is on an item: the chair's; where the chair is not present
    in person or is excluded from the item, a co-chair who is present in person and not
    excluded presides instead (co-chairs share the chair). None without a chair.

    Here, beside the roster, because two sides ask it: the application judging a casting
    vote (`Ledger.close_vote`) and the minutes saying whose it was."""
    if roster is None:
        return None
    chair, co_chair = roster.role_seat("chair"), roster.role_seat("co-chair")

    def presides(s: Seat) -> bool:
        return not present.get(s.seat, {"deputy": True})["deputy"] and s.seat not in excluded
    if co_chair is not None and (chair is None or not presides(chair)) and presides(co_chair):
        return co_chair
    return chair
