"""A body of the partnership (board, executive, steering group...): its seats and roles.

One aggregate per body, holding every membership fact recorded for it. Its roster on any
date is the fold of those facts (`ledger.roster.roster_at`; on or after the latest fact,
the fold kept step by step as facts arrive, `KeptFold`). The command methods check what
the body itself can know (does the seat exist on that date? is it already held?); the
rules of the terms that need other bodies or the terms are checked by the application
before it calls them. The events only record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.domain import Snapshot as AggregateSnapshot

from ledger.errors import InvalidInput, NotFound
from ledger.events import Fact, LedgerEvent, entity_id, fact_of, kind_of, topic_of
from ledger.roster import ROLES, KeptFold, Roster, Seat, fold
from ledger.when import day


class Body(Aggregate):
    TOPIC = "lsp:Body"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Body.Created"

    class Event(LedgerEvent):
        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Body) and kind_of(self) in FACT_KINDS:
                aggregate._record(fact_of(aggregate.slug, self))

    class Registered(Event, Aggregate.Created):
        TOPIC = "lsp:Body.Registered"
        slug: str

    class SeatAdded(Event):
        TOPIC = "lsp:Body.SeatAdded"
        seat: str
        org: str
        voting: bool
        co_opted: bool
        category: str | None
        term_years: int | None
        # "BODY ROLE": the role on another body whose holder sits in the seat, as the terms
        # in force when it was added describe it (ledger/follows.py). Stored only when
        # given, so every other seat's event is as it always was.
        follows: str | None = None

        def __post_init__(self) -> None:
            super().__post_init__()
            if self.__dict__.get("follows") is None:
                self.__dict__.pop("follows", None)

    class SeatFilled(Event):
        TOPIC = "lsp:Body.SeatFilled"
        seat: str
        person: str
        term_ends: str | None  # ISO date: the evidence of the term in force when filled

    class SeatVacated(Event):
        TOPIC = "lsp:Body.SeatVacated"
        seat: str

    class SeatRemoved(Event):
        TOPIC = "lsp:Body.SeatRemoved"
        seat: str

    class RoleAssigned(Event):
        TOPIC = "lsp:Body.RoleAssigned"
        role: str
        seat: str

    class DeputyNominated(Event):
        TOPIC = "lsp:Body.DeputyNominated"
        seat: str
        person: str

    class DeputyRevoked(Event):
        TOPIC = "lsp:Body.DeputyRevoked"
        seat: str

    class MembershipReviewed(Event):
        TOPIC = "lsp:Body.MembershipReviewed"
        note: str

    class RoleApproved(Event):
        """The holder of a role was approved by the body the terms name, by an item agreed
        at one of its meetings (Daventry 4.14: the Forum's chair and vice-chair, by the
        Executive); effective at that meeting (`ledger.approvals`)."""

        TOPIC = "lsp:Body.RoleApproved"
        role: str
        seat: str
        person: str
        by_body: str
        meeting: str
        item: str
        clause: str

    class Retracted(Event):
        """A correction: the event at `version` was a mistake, for `reason`."""

        TOPIC = "lsp:Body.Retracted"
        version: int
        reason: str

    class Snapshot(AggregateSnapshot):
        """A body as of one version, without its facts: its slug, the kept fold and the
        seats ever added (`ledger.snapshots` says when one is taken, and why it is a
        cache outside the sealed log that `lsp verify` checks against the replay)."""

        TOPIC = "lsp:Body.Snapshot"

        @classmethod
        def take(cls, aggregate: Any) -> Body.Snapshot:
            assert isinstance(aggregate, Body)
            return cls(originator_id=aggregate.id, originator_version=aggregate.version,
                       timestamp=cls.create_timestamp(), topic=topic_of(Body),
                       state=aggregate.summary())

        def mutate(self, _: Any) -> Body:
            body = object.__new__(Body)
            state = dict(self.state)
            body.__dict__.update(
                _id=self.originator_id, _version=self.originator_version,
                _created_on=state.pop("created_on"), _modified_on=state.pop("modified_on"),
                _pending_events=[], slug=state["slug"], kept=state["kept"],
                added=dict(state["added"]), _facts=None, _since=[],
                _base=self.originator_version, _snapshot_at=self.originator_version,
                history=None)
            return body

    def __init__(self, slug: str, actor: str, effective: datetime) -> None:
        self.slug = slug
        self._facts: list[Fact] | None = []  # None: not read yet (loaded from a snapshot)
        self._since: list[Fact] = []  # with no facts read yet: those applied since
        self._base = 0  # the version of the snapshot this body was loaded from (0: none)
        self._snapshot_at = 0  # the version of its latest snapshot (0: none)
        # Reads the body's events up to a version, for the facts of a body loaded from a
        # snapshot; set by the repository that loaded it (`ledger.loading`).
        self.history: Callable[[int], Iterable[Aggregate.Event]] | None = None
        self.kept = KeptFold()  # the roster of every fact so far, kept as they come
        self.added: dict[str, int] = {}  # every live seat ever added: the version adding it

    # Facts and the kept state

    @property
    def facts(self) -> list[Fact]:
        """Every membership fact of the body, in the order recorded. A body loaded from a
        snapshot reads them from the store only when asked: a roster before the latest
        fact, a backdated act, a retraction (on a write on today's date, never)."""
        if self._facts is None:
            if self.history is None:
                raise RuntimeError(f"the facts of body '{self.slug}' were not loaded")
            read = [fact_of(self.slug, e) for e in self.history(self._base)
                    if kind_of(e) in FACT_KINDS]
            self._facts = read + self._since
            self._since = []
        return self._facts

    @property
    def since_snapshot(self) -> int:
        """How many events this body holds after its latest snapshot (or from nothing)."""
        return self.version - self._snapshot_at

    def snapshotted(self) -> None:
        """A snapshot of this body at its version was just stored."""
        self._snapshot_at = self.version

    def summary(self) -> dict[str, Any]:
        """What a snapshot keeps: enough to judge a write on or after the latest fact
        without reading a single fact."""
        if self.kept.state is None:  # after a backdated act: fold once, so it is kept
            self.kept.state = fold(self.facts)
        return {"slug": self.slug, "kept": self.kept, "added": dict(self.added),
                "created_on": self.created_on, "modified_on": self.modified_on}

    def _record(self, fact: Fact) -> None:
        """One membership event applied: kept in the facts (or, with none read yet, in
        those since the snapshot), the kept fold, and the seats ever added."""
        (self._since if self._facts is None else self._facts).append(fact)
        self.kept.add(fact)
        if fact.kind == "SeatAdded":
            self.added[fact.data["seat"]] = fact.version
        elif fact.kind == "Retracted":
            gone = fact.data["version"]
            self.added = {seat: v for seat, v in self.added.items() if v != gone}

    @classmethod
    def register(cls, slug: str, actor: str, effective: datetime) -> Body:
        return cls._create(cls.Registered, id=entity_id("body", slug), slug=slug, actor=actor,
                           effective=effective)

    # Reading

    def roster(self, as_of: datetime) -> Roster:
        return self.kept.roster(self.slug, lambda: self.facts, as_of)

    def rosters_from(self, when: datetime) -> list[Roster]:
        """The roster at `when` and on every later date on which a fact takes effect."""
        if self.kept.latest is None or when >= self.kept.latest:
            return [self.roster(when)]  # no fact takes effect after `when`
        later = sorted({f.effective for f in self._live_facts() if f.effective > when})
        return [self.roster(moment) for moment in [when, *later]]

    def seat_on(self, seat: str, when: datetime) -> Seat:
        found = self.roster(when).seat(seat)
        if found is None:
            raise NotFound(f"there is no seat '{seat}' on '{self.slug}' on {day(when)}")
        return found

    # Commands: check, then trigger an event that only records.

    def check_new_seat(self, seat: str) -> None:
        if seat in self.added:
            raise InvalidInput(f"seat '{seat}' already exists on '{self.slug}'; seat ids are "
                               "never reused, so choose another")

    def add_seat(self, seat: str, org: str, voting: bool, co_opted: bool, category: str | None,
                 term_years: int | None, actor: str, effective: datetime,
                 follows: str | None = None) -> None:
        self.check_new_seat(seat)
        self._trigger(self.SeatAdded, actor, effective, seat=seat, org=org, voting=voting,
                      co_opted=co_opted, category=category, term_years=term_years,
                      follows=follows)

    def fill_seat(self, seat: str, person: str, term_ends: str | None, actor: str,
                  effective: datetime) -> None:
        current = self.seat_on(seat, effective)
        if current.holder == person and current.term_ends is None:
            raise InvalidInput(f"{person} already holds seat '{seat}' on '{self.slug}' on "
                               f"{day(effective)}")
        # The holder of a seat with a fixed term may be filled into it again: a
        # re-appointment, which starts a new term.
        self._trigger(self.SeatFilled, actor, effective, seat=seat, person=person,
                      term_ends=term_ends)

    def vacate_seat(self, seat: str, actor: str, effective: datetime) -> None:
        current = self.seat_on(seat, effective)
        # A holder whose fixed term has ended no longer counts, but is still there to be
        # vacated (or re-appointed).
        if current.holder is None and not current.term_ended:
            raise InvalidInput(f"seat '{seat}' on '{self.slug}' is already vacant on "
                               f"{day(effective)}")
        self._trigger(self.SeatVacated, actor, effective, seat=seat)

    def remove_seat(self, seat: str, actor: str, effective: datetime) -> None:
        self.seat_on(seat, effective)
        self._trigger(self.SeatRemoved, actor, effective, seat=seat)

    def assign_role(self, role: str, seat: str, actor: str, effective: datetime) -> None:
        if role not in ROLES:
            raise InvalidInput(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        current = self.seat_on(seat, effective)
        confirming = (current.role_since is not None and current.holder_since is not None
                      and current.holder_since > current.role_since)
        if current.role == role and not confirming:
            raise InvalidInput(f"seat '{seat}' already holds the {role} of '{self.slug}'")
        # Giving the role again to the same seat after its holder changed confirms the new
        # holder in it, as lsp check asks.
        self._trigger(self.RoleAssigned, actor, effective, role=role, seat=seat)

    def nominate_deputy(self, seat: str, person: str, actor: str, effective: datetime) -> None:
        if self.seat_on(seat, effective).deputy == person:
            raise InvalidInput(f"{person} is already the deputy for seat '{seat}'")
        self._trigger(self.DeputyNominated, actor, effective, seat=seat, person=person)

    def revoke_deputy(self, seat: str, actor: str, effective: datetime) -> None:
        if self.seat_on(seat, effective).deputy is None:
            raise InvalidInput(f"seat '{seat}' on '{self.slug}' has no deputy on "
                               f"{day(effective)}")
        self._trigger(self.DeputyRevoked, actor, effective, seat=seat)

    def approve_role(self, role: str, by_body: str, meeting: str, item: str, clause: str,
                     actor: str, effective: datetime) -> None:
        """Record the approval of whoever holds `role` on `effective` (a meeting's time)."""
        seat = next((s for s in self.roster(effective).seats if s.role == role), None)
        if seat is None or seat.holder is None:
            raise InvalidInput(f"no one holds the {role} of '{self.slug}' on {day(effective)}, "
                               "the day of the meeting: there is no one to approve")
        if seat.role_approved:
            raise InvalidInput(f"the {role} of '{self.slug}' ({seat.holder}) was already "
                               f"approved at meeting '{seat.role_approved}'")
        self._trigger(self.RoleApproved, actor, effective, role=role, seat=seat.seat,
                      person=seat.holder, by_body=by_body, meeting=meeting, item=item,
                      clause=clause)

    def review_membership(self, note: str, actor: str, effective: datetime) -> None:
        self._trigger(self.MembershipReviewed, actor, effective, note=note)

    def retract(self, version: int, reason: str, actor: str, effective: datetime) -> None:
        if not reason.strip():
            raise InvalidInput("say why the event is retracted", remedy="input:reason")
        live = self._live_facts()
        target = next((f for f in live if f.version == version), None)
        if target is None:
            retracted = any(f.kind == "Retracted" and f.data["version"] == version
                            for f in self.facts)
            why = "it is already retracted" if retracted else "no such membership event"
            raise InvalidInput(f"cannot retract event {version} of '{self.slug}': {why}",
                               remedy=None if retracted else f"act:audit:body:{self.slug}")
        if target.kind == "SeatAdded":
            dependants = [f.version for f in live
                          if f.version != version and f.data.get("seat") == target.data["seat"]]
            if dependants:
                raise InvalidInput(
                    f"cannot retract event {version}: later events "
                    f"{', '.join(map(str, dependants))} concern seat '{target.data['seat']}'; "
                    "retract those first")
        self._trigger(self.Retracted, actor, effective, version=version, reason=reason.strip())

    def _live_facts(self) -> list[Fact]:
        retracted = {f.data["version"] for f in self.facts if f.kind == "Retracted"}
        return [f for f in self.facts if f.kind != "Retracted" and f.version not in retracted]

    def _trigger(self, event_class: type[Aggregate.Event], actor: str, effective: datetime,
                 **fields: Any) -> None:
        self.trigger_event(event_class, actor=actor, effective=effective, **fields)


# A body's membership facts, the ones its roster is folded from: every event of a body but
# its registration. The one list of them, for the write side's fold and the read models.
FACT_KINDS = frozenset(kind_of(event) for event in (
    Body.SeatAdded, Body.SeatFilled, Body.SeatVacated, Body.SeatRemoved, Body.RoleAssigned,
    Body.DeputyNominated, Body.DeputyRevoked, Body.MembershipReviewed, Body.RoleApproved,
    Body.Retracted))
