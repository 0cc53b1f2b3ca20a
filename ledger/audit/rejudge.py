"""Re-judged history: every recorded act judged again by the rules, as when it was recorded.

`Judge` is fed the stored events in notification order (by `lsp verify`, which decodes
each once). For each recorded act it calls the very command method of the application
(`ledger.app.Ledger`) that records that act, with the recorded arguments, on a `Replay`:
a `Ledger` whose aggregates are the ones folded from the events stored *before* the act
(the state of its date, as known when it was recorded), whose clock reads the act's
recorded time, and whose `save()` writes nothing but hands back what the command would
have recorded. So the rules that judge history are the ones that judge every write (no
second copy of a rule, and none of the order in which a command judges them), and the
terms that judge an act are the version in force on its effective date among those
adopted before it was recorded: an act recorded under an older version stays lawful.

Two things can be wrong with an act, each a `Problem` at its position:

- the command refuses it: the rule, its clause and the terms version are named (a
  "ratified" report inserted for a meeting nobody attended is refused by `quorum`);
- the command records something else: another outcome (a vote closed `carried` where
  the rules give `lost`), an event the record lacks (a decision the rules take at that
  approval), or an event no act records by itself (a `Taken` on its own).

Events no command of the application records (the seals, the guards' repairs, and
anything of a kind this module does not know) are not judged: they are applied as they
are, and counted in `not_judged`. The recorded events, never the replayed ones, are what
the next act is judged against, so one unlawful act is reported once, not again by every
act after it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, deque
from collections.abc import Callable, Mapping
from copy import copy, deepcopy
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate

from ledger.action import Action
from ledger.app import Ledger
from ledger.authors import Author
from ledger.body import Body
from ledger.decision import Decision
from ledger.directory import Organisation, Person
from ledger.errors import LedgerError, RuleBroken
from ledger.events import entity_id, kind_of
from ledger.kinds import entity_name, kind_of_topic
from ledger.meeting import Meeting
from ledger.membership import MembershipRequest
from ledger.partnership import Partnership
from ledger.roster import Roster

IGNORED = frozenset({"timestamp"})
"""What a replayed event may differ in from the recorded one: when it was recorded."""


class _Produced(Exception):
    """What a command would have recorded (raised by `Replay.save`, so nothing is)."""

    def __init__(self, events: list[Aggregate.Event]) -> None:
        super().__init__("replayed")
        self.events = events


class _Repository:
    """The replay's aggregates, folded from the recorded events. `get` hands out a copy
    of those the act about to be judged may change, and the folded one of the rest."""

    def __init__(self) -> None:
        self.live: dict[UUID, Aggregate] = {}
        self.changing: frozenset[UUID] = frozenset()

    def get(self, aggregate_id: UUID, *args: Any, **kwargs: Any) -> Aggregate:
        found = self.live.get(aggregate_id)
        if found is None:
            raise AggregateNotFoundError(aggregate_id)
        return _copy(found) if aggregate_id in self.changing else found


def _copy(aggregate: Aggregate) -> Aggregate:
    """A copy a command may change, made for what its events change: they append facts
    to a list; a meeting's fold is cached, and set aside (never changed) when one is
    added; a decision's state and a body's kept roster fold are changed in place, in
    their lists and dicts. The facts, seats and other values they hold are frozen, and
    shared."""
    if not isinstance(aggregate, Meeting | Body | Decision):
        return deepcopy(aggregate)
    if isinstance(aggregate, Meeting):
        aggregate.state  # noqa: B018  (fold once here, shared by every copy until it changes)
    new = object.__new__(type(aggregate))
    facts = "_facts" if isinstance(aggregate, Body) else "facts"  # (a body's are a property)
    new.__dict__.update(aggregate.__dict__, _pending_events=[])
    new.__dict__[facts] = list(aggregate.facts)
    if isinstance(aggregate, Decision) and aggregate.__dict__.get("_state") is not None:
        new.__dict__["_state"] = _containers_copied(aggregate.__dict__["_state"])
    if isinstance(aggregate, Body):
        kept = copy(aggregate.kept)
        if kept.state is not None:
            kept.state = _containers_copied(kept.state)
        new.__dict__["kept"] = kept
        new.__dict__["added"] = dict(aggregate.added)
    return new


def _containers_copied(value: Any) -> Any:
    """A copy of `value` whose list and dict attributes are copies too."""
    found = copy(value)
    for key, item in vars(found).items():
        if isinstance(item, list | dict):
            setattr(found, key, copy(item))
    return found


class Replay(Ledger):
    """A `Ledger` over folded aggregates, whose clock is the recorded one and whose saves
    record nothing. Only `Judge` makes one."""

    def __init__(self, source: Ledger) -> None:  # no store: nothing is read or written
        Application.__init__(self, env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        self.where, self.store, self.actor, self.retries = source.where, source.store, "", 0
        self.author = Author.local("")  # each act's own, set by Judge before it is judged
        self._unit = None  # no all-or-nothing unit: every act is judged alone
        self._borrowed = False
        self.folded = _Repository()
        self.clock: datetime | None = None  # the act's recorded time
        self.effective: datetime | None = None  # the act's effective time
        self._rosters: dict[str, tuple[int | None, dict[datetime, Roster]]] = {}

    @property
    def repository(self) -> Any:
        return self.folded

    @repository.setter
    def repository(self, value: Any) -> None:  # eventsourcing's own, never used
        pass

    def close(self) -> None:
        Application.close(self)

    def _raw_roster(self, body_id: str, when: datetime) -> Roster | None:
        """The write side's roster, folded once per version of the body and date (a
        roster is a pure function of the two; the same one is asked for by every act of
        a meeting)."""
        found = self.folded.live.get(entity_id("body", body_id))
        if not isinstance(found, Body):
            return None
        version, rosters = self._rosters.get(body_id, (None, {}))
        if version != found.version or len(rosters) > 1024:
            rosters = {}
            self._rosters[body_id] = (found.version, rosters)
        roster = rosters.get(when)
        if roster is None:
            roster = rosters[when] = found.roster(when)
        return roster

    def _now(self) -> datetime:
        assert self.clock is not None  # why: set by Judge before every command
        return self.clock

    def _when(self, on: datetime | None) -> datetime:
        # A command given no date takes "now" as its effective time: the act's, recorded.
        return super()._when(self.effective if on is None else on)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        raise _Produced([e for obj in objs if isinstance(obj, Aggregate)
                         for e in obj.collect_events()
                         if isinstance(e, Aggregate.Event)])


# ---------------------------------------------------------------------------- the acts

Act = Callable[[Replay, Mapping[str, Any], str], object]
"""A recorded act as a call of its command: (replay, the event's fields, its entity's
slug)."""


ACTS: dict[type[Aggregate.Event], Act] = {
    Partnership.TermsAdopted: lambda r, e, s: r.adopt_terms(e["source"], e["effective"],
                                                            text=e["text"]),
    Organisation.Registered: lambda r, e, s: r.add_org(e["slug"], e["name"]),
    Person.Registered: lambda r, e, s: r.add_person(e["slug"], e["name"], e["category"]),
    Body.SeatAdded: lambda r, e, s: r.add_seat(
        s, e["seat"], e["org"], voting=e["voting"], co_opted=e["co_opted"],
        category=e["category"], term_years=e["term_years"], on=e["effective"]),
    Body.SeatFilled: lambda r, e, s: r.fill_seat(s, e["seat"], e["person"], e["effective"]),
    Body.SeatVacated: lambda r, e, s: r.vacate_seat(s, e["seat"], e["effective"]),
    Body.SeatRemoved: lambda r, e, s: r.remove_seat(s, e["seat"], e["effective"]),
    Body.RoleAssigned: lambda r, e, s: r.assign_role(s, e["role"], e["seat"], e["effective"]),
    Body.DeputyNominated: lambda r, e, s: r.nominate_deputy(s, e["seat"], e["person"],
                                                            e["effective"]),
    Body.DeputyRevoked: lambda r, e, s: r.revoke_deputy(s, e["seat"], e["effective"]),
    Body.MembershipReviewed: lambda r, e, s: r.review_membership(s, e["note"],
                                                                 e["effective"]),
    Body.RoleApproved: lambda r, e, s: r.approve_role(s, e["role"], e["meeting"], e["item"]),
    Body.Retracted: lambda r, e, s: r.retract(f"body:{s}", e["version"], e["reason"],
                                              e["effective"]),
    MembershipRequest.Requested: lambda r, e, s: r.request_membership(
        e["body"], e["org"], e["slug"], e["effective"]),
    MembershipRequest.Recommended: lambda r, e, s: r.recommend_membership(
        s, e["recommendation"], e["meeting"]),
    MembershipRequest.Decided: lambda r, e, s: r.decide_membership(s, e["decision"],
                                                                   e["meeting"]),
    Meeting.Scheduled: lambda r, e, s: r.schedule_meeting(e["body"], e["slug"],
                                                          e["effective"], e["venue"]),
    Meeting.Rescheduled: lambda r, e, s: r.reschedule_meeting(s, e["effective"], e["venue"]),
    Meeting.ItemAdded: lambda r, e, s: r.add_agenda_item(s, e["item"], e["title"],
                                                         e["proposer"], e["partner"] or None,
                                                         e["minutes_of"]),
    Meeting.Published: lambda r, e, s: r.publish_agenda(s, e["effective"], e["urgent"]),
    Meeting.Attended: lambda r, e, s: r.attend(s, e["seat"], e["as_deputy"]),
    Meeting.Apologies: lambda r, e, s: r.send_apologies(s, e["seat"]),
    Meeting.InAttendance: lambda r, e, s: r.note_in_attendance(s, e["person"], e["capacity"],
                                                               e["org"] or None),
    Meeting.InterestDeclared: lambda r, e, s: r.declare_interest(
        s, e["item"], e["person"], e["nature"], e["note"], e["left_room"]),
    Meeting.VoteCast: lambda r, e, s: r.cast_vote(s, e["item"], e["seat"], e["choice"],
                                                  evidence=e["evidence"]),
    Meeting.VoteClosed: lambda r, e, s: r.close_vote(s, e["item"], e["casting"],
                                                     e["alternatives"], e["resolution"]),
    Meeting.DecidedByConsensus: lambda r, e, s: r.decide_by_consensus(
        s, e["item"], e["text"], e["alternatives"], e["outcome"], e["referred_to"]),
    Action.Added: lambda r, e, s: r.add_action(
        e["meeting"], e["slug"], e["title"], e["owner"],
        date.fromisoformat(e["due"]) if e["due"] else None, e["item"]),
    Action.Done: lambda r, e, s: r.complete_action(s, e["effective"]),
    Meeting.ItemReported: lambda r, e, s: r.report_item(
        e["source_meeting"], e["item"], s, e["outcome"], e["reason"]),
    Meeting.Closed: lambda r, e, s: r.close_meeting(s),
    Meeting.Retracted: lambda r, e, s: r.retract(f"meeting:{s}", e["version"], e["reason"],
                                                 e["effective"]),
    Decision.Proposed: lambda r, e, s: r.propose_decision(
        e["body"], e["slug"], e["title"], e["seat"], as_deputy=e["as_deputy"],
        text=e["text"], reasons=e["reasons"], alternatives=e["alternatives"],
        urgency=e["urgency"], evidence=e["evidence"], on=e["effective"]),
    Decision.Approved: lambda r, e, s: r.approve_decision(s, e["seat"],
                                                          as_deputy=e["as_deputy"],
                                                          evidence=e["evidence"],
                                                          on=e["effective"]),
    Decision.Declined: lambda r, e, s: r.decline_decision(s, e["seat"],
                                                          as_deputy=e["as_deputy"],
                                                          reason=e["reason"],
                                                          evidence=e["evidence"],
                                                          on=e["effective"]),
    Decision.InterestDeclared: lambda r, e, s: r.declare_decision_interest(
        s, e["person"], e["nature"], e["note"], e["effective"]),
    Decision.Withdrawn: lambda r, e, s: r.withdraw_decision(s, e["reason"], e["effective"]),
    Decision.Lapsed: lambda r, e, s: r.lapse_decision(s, e["reason"], e["effective"]),
    Decision.Reported: lambda r, e, s: r.report_decision(s, e["meeting"], e["outcome"],
                                                         e["reason"]),
    Decision.Retracted: lambda r, e, s: r.retract(f"decision:{s}", e["version"],
                                                  e["reason"], e["effective"]),
}

LEADERS: dict[type[Aggregate.Event], Act] = {
    # An act whose command records an event before its own: founding the partnership
    # (its first terms follow), a body's first seat or review (the body is registered).
    Partnership.Founded: lambda r, e, s: r.init(e["name"], e["source"], e["effective"],
                                                text=e["text"]),
}
LED: dict[type[Aggregate.Event], type | tuple[type, ...]] = {
    Partnership.Founded: Partnership.TermsAdopted,
    Body.Registered: (Body.SeatAdded, Body.MembershipReviewed)}

PART_OF = frozenset({Decision.Taken, Meeting.ReportReceived, Meeting.RequestDecided})
"""Events a command records only with another (never an act by themselves)."""

NOT_JUDGED = frozenset({"seal", "guards", "other"})
"""Kinds of entity whose events no command of the application records."""

TWO_AGGREGATES: dict[type[Aggregate.Event], str] = {
    Decision.Reported: "meeting", MembershipRequest.Decided: "meeting"}
"""Acts whose command also records on the meeting they name."""


@dataclass(frozen=True)
class Unlawful:
    """One act the rules would not have recorded as it was, at its position."""

    position: int
    entity: str
    event: str
    problem: str
    rule: str | None = None
    clause: str | None = None
    terms_version: int | None = None

    def details(self) -> dict[str, Any]:
        found: dict[str, Any] = {"entity": self.entity, "event": self.event}
        if self.rule is not None:
            found.update(rule=self.rule, clause=self.clause, terms_version=self.terms_version)
        return found


@cache
def _order(cls: type) -> tuple[str, ...]:
    """An event class's fields, as it declares them."""
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _defaults(cls: type) -> dict[str, Any]:
    """An event class's fields that have a default, with it: a field added later (or left
    out when empty, as a decision's alternatives) reads as its default."""
    return {f.name: f.default for f in dataclasses.fields(cls)
            if f.default is not dataclasses.MISSING}


def _fields(event: Aggregate.Event) -> dict[str, Any]:
    return {**_defaults(type(event)), **event.__dict__}


def _differs(replayed: Aggregate.Event, recorded: Aggregate.Event) -> str | None:
    """How a replayed event differs from the recorded one, or None."""
    if type(replayed) is not type(recorded):
        return f"the rules record {kind_of(replayed)} here, not {kind_of(recorded)}"
    if (replayed.originator_id, replayed.originator_version) != (
            recorded.originator_id, recorded.originator_version):
        return "the rules record it on another entity or version"
    ours, theirs = replayed.__dict__, recorded.__dict__
    if ours.keys() == theirs.keys() and all(
            ours[k] == theirs[k] for k in ours if k not in IGNORED):
        return None  # the usual case, quickly
    ours, theirs = _fields(replayed), _fields(recorded)
    order = _order(type(recorded))
    keys = [*order, *sorted((set(ours) | set(theirs)) - set(order))]
    differ = [key for key in keys if key not in IGNORED and ours.get(key) != theirs.get(key)]
    if not differ:
        return None
    return "; ".join(f"its {key} is recorded as {_short(theirs.get(key))}, but the rules give "
                     f"{_short(ours.get(key))}" for key in differ[:3])


def _short(value: Any) -> str:
    text = repr(value.isoformat() if isinstance(value, datetime) else value)
    return text if len(text) <= 80 else text[:77] + "..."


class Judge:
    """Re-judges a ledger's acts, fed its events in order (`feed`, then `finish`)."""

    def __init__(self, source: Ledger) -> None:
        self._source = source
        self.replay = Replay(source)
        self.live = self.replay.folded.live
        self.found: list[Unlawful] = []
        self.judged = 0  # acts (commands) judged
        self.events = 0  # the events they cover
        self.not_judged: Counter[str] = Counter()
        self.cut_short: int | None = None  # the last act, its events cut short at the end
        self.folded = 0  # events folded without being judged (`fold`)
        self._just_folded = False  # the last event was folded: an act may straddle
        self.broken: set[UUID | str] = set()  # entities whose events could not be folded
        self._leader: tuple[int, Aggregate.Event] | None = None
        self._expected: deque[Aggregate.Event] = deque()
        self._act: tuple[int, str, str] | None = None  # the act the expected events are of

    # -- feeding ----------------------------------------------------------------------

    def feed(self, position: int, topic: str, originator: UUID | str,
             event: Aggregate.Event | None) -> None:
        """The event stored at `position` (None: it does not decode, which verify reports:
        its entity, `originator`, is then not judged further, nor the act it is part of)."""
        if event is None:
            self.broken.add(originator)
            if isinstance(originator, UUID):
                self.live.pop(originator, None)
            self._leader = None
            self._expected.clear()
            return
        if self._expected:
            wanted = self._expected.popleft()
            why = _differs(wanted, event)
            if why is None:
                self.events += 1
                self._apply(position, event)
                return
            self._missing(position, wanted)
        if self._leader is not None:
            leader_position, leader = self._leader
            if (leader.originator_id == event.originator_id
                    and isinstance(event, LED[type(leader)])):
                self._leader = None
                self._judge(position, event, [(leader_position, leader), (position, event)])
                return
            self._flush_leader(position)
        kind = kind_of_topic(topic)
        straddles, self._just_folded = self._just_folded, False
        if straddles and (type(event) in PART_OF or any(
                isinstance(event, follower) for follower in LED.values())):
            self.fold(originator, event)  # the rest of an act folded (judged before)
            self.folded -= 1
            return
        if type(event) in LED:
            self._leader = (position, event)
        elif kind in NOT_JUDGED or (type(event) not in ACTS and type(event) not in PART_OF):
            self.not_judged[kind] += 1
            self._apply(position, event)
        elif type(event) in PART_OF:
            self._unlawful(position, event, f"{kind_of(event)} is recorded only with the act "
                                            "it is part of, and no act here records it")
            self._apply(position, event)
        else:
            self._judge(position, event, [(position, event)])

    def fold(self, originator: UUID | str, event: Aggregate.Event | None) -> None:
        """An event judged before (under a checkpoint an earlier verification judged):
        folded into the state, not judged again."""
        self._leader = None
        self._expected.clear()
        self._act = None
        self.folded += 1
        self._just_folded = True
        if event is None:
            self.broken.add(originator)
            if isinstance(originator, UUID):
                self.live.pop(originator, None)
            return
        self._apply(0, event)

    def finish(self) -> list[Unlawful]:
        """Every act found unlawful, in order of position."""
        # The last act's events cut short at the end of the log: what a cut at the end
        # leaves, which only a checkpoint rules out (verify says so); noted, not a finding.
        if self._leader is not None:
            self.cut_short = self._leader[0]
        elif self._expected and self._act is not None:
            self.cut_short = self._act[0]
        self._leader = None
        self._expected.clear()
        return sorted(self.found, key=lambda u: u.position)

    def close(self) -> None:
        self.replay.close()

    # -- judging ----------------------------------------------------------------------

    def _judge(self, position: int, event: Aggregate.Event,
               recorded: list[tuple[int, Aggregate.Event]]) -> None:
        """Judge the act recorded as `recorded` (its leader, if any, then `event` at
        `position`), then fold the recorded events in."""
        head = recorded[0][1]
        if any(e.originator_id in self.broken for _, e in recorded):
            self._fold_in(recorded)
            return
        fields = _fields(event)
        act = ACTS.get(type(event))
        if isinstance(head, Partnership.Founded):  # `init` founds and adopts the terms
            fields = {**_fields(head), "source": fields["source"], "text": fields["text"]}
            act = LEADERS[Partnership.Founded]
        assert act is not None  # why: only events of ACTS (or led by LEADERS) get here
        changing = {event.originator_id}
        also = TWO_AGGREGATES.get(type(event))
        if also is not None:
            changing.add(entity_id(also, fields[also]))
        replay = self.replay
        replay.folded.changing = frozenset(changing)
        replay.clock, replay.effective = head.timestamp, fields["effective"]
        # The act's first event says who acted, and how: the permission table judges the
        # act as it judged it when it was recorded (an act stored before authors were
        # recorded is a local one).
        replay.author = recorded_author(head)
        replay.actor = replay.author.name
        self.judged += 1
        self.events += len(recorded)
        produced = self._produced(act, fields, self._slug(head), position, event)
        for replayed in produced:
            if replayed.originator_id not in changing:  # a command changed what it read
                self._refold(replayed.originator_id)
        self._act = (position, entity_name_of(self, event), kind_of(event))
        if produced:
            for index, (p, e) in enumerate(recorded):
                why = (_differs(produced[index], e) if index < len(produced) else
                       f"{kind_of(e)} is recorded with it, and the rules do not record it")
                if why is not None:  # named at the act's own event, as a refusal is
                    what = "" if p == position else f" ({kind_of(e)} at position {p})"
                    self._unlawful(position, event,
                                   f"the rules record this act otherwise{what}: {why}")
        self._fold_in(recorded)
        self._expected.extend(produced[len(recorded):])

    def _produced(self, act: Act, fields: Mapping[str, Any], slug: str, position: int,
                  event: Aggregate.Event) -> list[Aggregate.Event]:
        """What the act's command records on the replay, or [] when it refuses (named at
        the act's own event, not its leader's)."""
        try:
            act(self.replay, fields, slug)
        except _Produced as done:
            return done.events
        except RuleBroken as refused:
            self._unlawful(position, event, f"the rules would have refused it: {refused}",
                           refused.rule, refused.clause, refused.terms_version)
        except LedgerError as refused:
            self._unlawful(position, event, f"the rules would have refused it: {refused}",
                           "ledger")
        except Exception as e:  # the state folded so far cannot judge it
            self._unlawful(position, event, "it cannot be judged against the state "
                                            f"recorded before it ({type(e).__name__}: {e})")
        finally:
            self.replay.folded.changing = frozenset()
        return []

    def _fold_in(self, recorded: list[tuple[int, Aggregate.Event]]) -> None:
        for p, e in recorded:
            self._apply(p, e)

    def _missing(self, position: int, wanted: Aggregate.Event | None = None) -> None:
        """The events the last act's command records beside it that the record lacks,
        reported where the first of them should be."""
        gone = ([wanted] if wanted is not None else []) + list(self._expected)
        self._expected.clear()
        if gone and self._act is not None:
            at, entity, event = self._act
            self.found.append(Unlawful(
                position, entity, event,
                f"the rules record {kind_of(gone[0])} of {self._name(gone[0].originator_id)} "
                f"with the act at position {at}, and the record does not"))

    def _flush_leader(self, position: int | None = None) -> None:
        """A leader not followed by the act it begins: reported where the act should be
        (`position`; None: after the last event, so at the leader)."""
        if self._leader is not None:
            at, leader = self._leader
            self._leader = None
            self.found.append(Unlawful(
                at if position is None else position, entity_name_of(self, leader),
                kind_of(leader), f"{kind_of(leader)} at position {at} is recorded only with "
                "the act it begins, and that act does not follow it"))
            self._apply(at, leader)

    def _unlawful(self, position: int, event: Aggregate.Event, problem: str,
                  rule: str | None = None, clause: str | None = None,
                  version: int | None = None) -> None:
        self.found.append(Unlawful(position, entity_name_of(self, event), kind_of(event),
                                   problem, rule, clause, version))

    # -- the folded state -------------------------------------------------------------

    def _apply(self, position: int, event: Aggregate.Event) -> None:
        aggregate_id = event.originator_id
        if aggregate_id in self.broken:
            return
        try:
            folded = event.mutate(self.live.get(aggregate_id))
        except Exception:  # verify reports the event; its entity is not judged further
            self.broken.add(aggregate_id)
            self.live.pop(aggregate_id, None)
            return
        if folded is not None:
            self.live[aggregate_id] = folded

    def _refold(self, aggregate_id: UUID) -> None:
        """Fold an aggregate afresh from the source store, up to its version here."""
        current = self.live.get(aggregate_id)
        if current is None:
            return
        # From the events alone: a snapshot is not under the seals (ledger/snapshots.py).
        self.live[aggregate_id] = self._source.replayed(aggregate_id, current.version)

    def _slug(self, event: Aggregate.Event) -> str:
        found = self.live.get(event.originator_id)
        return str(getattr(found, "slug", "") or event.__dict__.get("slug", ""))

    def _name(self, aggregate_id: UUID) -> str:
        found = self.live.get(aggregate_id)
        return entity_name(found) if found is not None else aggregate_id.hex


def recorded_author(event: Aggregate.Event) -> Author:
    """The author an event records: its actor, route and method (an event stored before
    authors were recorded has the defaults: the local route). A route or method that no
    server records (a tampered row) stands for nobody authenticated, whom the permission
    table refuses every act."""
    fields = _fields(event)
    name = str(fields.get("actor", ""))
    route, method = str(fields["author_route"]), str(fields["author_method"])
    try:
        if route == "local":
            return Author(name, None, route, method)
        return Author(name, None if method == "none" else name, route, method)
    except ValueError:  # a route or method no server records: nobody authenticated
        return Author(name, None, "api", "none")


def entity_name_of(judge: Judge, event: Aggregate.Event) -> str:
    found = judge.live.get(event.originator_id)
    if found is not None:
        return entity_name(found)
    slug = event.__dict__.get("slug")
    kind = kind_of_topic(getattr(type(event), "TOPIC", ""))
    return f"{kind}:{slug}" if slug else kind
