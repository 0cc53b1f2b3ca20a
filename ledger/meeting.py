"""A meeting of a body: agenda, publication, attendance, interests, votes, outcomes.

(Over 400 lines: the aggregate, its events and the pure fold they share belong together,
as for a body and a decision; what a correction may retract, and when, is apart, in
`ledger.corrections`.)

Like a body, a meeting keeps its events as plain facts, and its state is the fold of
them (`fold_meeting`), so the minutes read from the projection and the checks made when
recording are computed by the same code. The command methods check what the meeting
itself knows (is the item there, has this seat voted, is the meeting closed?); the rules
of the terms (notice, who may attend, quorum, votes, the casting vote) are judged by the
application with `ledger.rules` before it calls them.

Every event of a meeting takes effect at the meeting, except the agenda's publication
(when it was sent) and corrections (when they were made).

A report of a decision taken between meetings and a membership request decided at the
meeting are also recorded here (`ReportReceived`, `RequestDecided`), beside the decision's
or the request's own event and in the same save: the rule that the meeting is open is
read from this aggregate, so writing it too makes a simultaneous close and report collide
on the meeting's version, and the one that comes second is judged again (issue 11 item 16).

A correction (`Retracted`) names the event it corrects by its version. What may be
corrected is in `RETRACTABLE`, and when in `Meeting.retract` and `ledger.corrections`;
retracting the scheduling itself voids the meeting (scheduled by mistake, or on the wrong
date: it is scheduled again under a new id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.authors import how_given
from ledger.corrections import check_meeting_correction
from ledger.errors import InvalidInput, NotFound
from ledger.events import Fact, LedgerEvent, entity_id, fact_of
from ledger.when import show

NATURES = ("personal", "prejudicial")
# "partner" and "invited" attend by a right the terms give (`ledger.attendance`: Daventry
# 4.9, Lewisham working groups principle 5); the others need none.
CAPACITIES = ("officer", "observer", "presenter", "co-optee", "partner", "invited")
# How an item ends without a vote (`lsp decide --outcome`): agreed (the default), noted,
# endorsed, referred to another body, or deferred to a later meeting.
ITEM_OUTCOMES = ("agreed", "noted", "endorsed", "referred", "deferred")
# What a correction may retract: records of who was there and what they declared, a vote,
# an outcome, the agenda's publication and the scheduling (when: `ledger.corrections`).
RETRACTABLE = frozenset({"ItemAdded", "Attended", "Apologies", "InAttendance",
                         "InterestDeclared", "VoteCast", "VoteClosed", "DecidedByConsensus",
                         "Published", "Scheduled"})


@dataclass
class Item:
    item: str
    title: str
    proposer: str | None
    partner: str | None = None  # a partner organisation without a seat that submitted it
    votes: dict[str, dict[str, Any]] = field(default_factory=dict)  # seat -> choice, person
    given: dict[str, str] = field(default_factory=dict)  # seat -> how its vote was given
    outcome: dict[str, Any] | None = None  # the VoteClosed evidence
    consensus: str | None = None
    alternatives: str = ""  # alternative options considered and rejected, when recorded
    how: str = "agreed"  # a consensus's outcome: one of ITEM_OUTCOMES
    referred_to: str | None = None  # the body an item was referred to
    minutes_of: str | None = None  # the earlier meeting whose minutes the item approves
    resolution: str = ""  # what a vote resolved, in words, when recorded

    @property
    def decided(self) -> bool:
        return self.outcome is not None or self.consensus is not None


@dataclass
class MeetingState:
    slug: str = ""
    body: str = ""
    when: datetime | None = None
    venue: str = ""
    rescheduled_from: list[datetime] = field(default_factory=list)  # earlier dates, in order
    terms_version: int | None = None
    items: dict[str, Item] = field(default_factory=dict)
    published: dict[str, Any] | None = None  # when, urgent, days_before, clause
    present: dict[str, dict[str, Any]] = field(default_factory=dict)  # seat -> person, deputy
    apologies: dict[str, str | None] = field(default_factory=dict)  # seat -> holder
    in_attendance: list[dict[str, Any]] = field(default_factory=list)
    declarations: list[dict[str, Any]] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)
    closed: bool = False
    void: str | None = None  # its scheduling retracted: why
    reports: dict[str, str] = field(default_factory=dict)  # decision -> outcome reported
    # a decision of another body's meeting reported here, "MEETING/ITEM" -> outcome
    item_reports: dict[str, str] = field(default_factory=dict)
    requests: dict[str, str] = field(default_factory=dict)  # request -> decision

    def item(self, item: str) -> Item:
        found = self.items.get(item)
        if found is None:
            raise NotFound(f"there is no item '{item}' on the agenda of meeting '{self.slug}'")
        return found

    def seats_of(self, person: str) -> list[str]:
        """The seats a person sits in at this meeting, as holder or deputy."""
        return sorted(s for s, p in self.present.items() if p["person"] == person)

    @property
    def interests(self) -> list[dict[str, Any]]:
        """The declarations, each with the seat(s) it excludes from its item: those its
        declarer sits in, whenever their attendance was recorded."""
        return [{**d, "excludes_seat": (", ".join(self.seats_of(d["person"])) or None)
                 if d["excludes"] else None} for d in self.declarations]

    def excluded_seats(self, item: str, why: str | None = None) -> set[str]:
        """Seats excluded from an item: whoever sits in them declared a prejudicial
        interest in it that the terms say excludes them (`why="interest"`), or declared a
        prejudicial interest and left the room for it (`why="left-room"`); both when
        `why` is None. They neither vote on it nor count in its quorum."""
        people = {d["person"] for d in self.declarations if d["item"] == item and (
            (why != "left-room" and d["excludes"])
            or (why != "interest" and _left_room(d)))}
        return {s for s, p in self.present.items() if p["person"] in people}

    def left_room(self, item: str, seat: str) -> str | None:
        """Who, sitting in `seat`, declared a prejudicial interest in `item` and left the
        room for it."""
        sitting = self.present.get(seat)
        if sitting is None:
            return None
        person: str = sitting["person"]
        left = any(d["item"] == item and _left_room(d) and d["person"] == person
                   for d in self.declarations)
        return person if left else None

    def apply(self, f: Fact) -> None:
        d = f.data
        if f.kind == "Scheduled":
            self.slug, self.body, self.when = d["slug"], d["body"], f.effective
            self.terms_version = d["terms_version"]
            self.venue = d.get("venue", "")
        elif f.kind == "Rescheduled":
            if self.when is not None:
                self.rescheduled_from.append(self.when)
            self.when = f.effective
            self.venue = d.get("venue") or self.venue
            if self.published is not None:
                self.published = {**self.published, "days_before": d["days_before"]}
        elif f.kind == "ItemAdded":
            self.items[d["item"]] = Item(d["item"], d["title"], d["proposer"],
                                         d.get("partner") or None,
                                         minutes_of=d.get("minutes_of"))
        elif f.kind == "Published":
            self.published = {"when": f.effective, **d}
        elif f.kind == "Attended":
            self.present[d["seat"]] = {"person": d["person"], "deputy": d["as_deputy"]}
            # Apologies are the person's: they give way when that person (or anyone, for
            # a seat no one held) arrives, and stand when a deputy sits in their place.
            if self.apologies.get(d["seat"], d["person"]) in (d["person"], None):
                self.apologies.pop(d["seat"], None)
        elif f.kind == "Apologies":
            self.apologies[d["seat"]] = d["person"]
        elif f.kind == "InAttendance":
            self.in_attendance.append(dict(d))
        elif f.kind == "InterestDeclared":
            self.declarations.append(dict(d))
        elif f.kind == "VoteCast":
            self.items[d["item"]].votes[d["seat"]] = {"choice": d["choice"],
                                                      "person": d["person"]}
            self.items[d["item"]].given[d["seat"]] = how_given(f)
        elif f.kind == "VoteClosed":
            self.items[d["item"]].outcome = dict(d)
            self.items[d["item"]].alternatives = d.get("alternatives", "")
            self.items[d["item"]].resolution = d.get("resolution", "")
        elif f.kind == "DecidedByConsensus":
            self.items[d["item"]].consensus = d["text"]
            self.items[d["item"]].alternatives = d.get("alternatives", "")
            self.items[d["item"]].how = d.get("outcome", "agreed")
            self.items[d["item"]].referred_to = d.get("referred_to")
        elif f.kind == "Closed":
            self.closed = True
        elif f.kind == "ReportReceived":
            self.reports[d["decision"]] = d["outcome"]
        elif f.kind == "ItemReported":
            self.item_reports[f"{d['source_meeting']}/{d['item']}"] = d["outcome"]
        elif f.kind == "RequestDecided":
            self.requests[d["request"]] = d["decision"]


def _left_room(declaration: dict[str, Any]) -> bool:
    """A prejudicial interest, and its declarer left the room for the item: out of it,
    whatever the terms say (a personal interest does not take anyone out of an item)."""
    return bool(declaration["left_room"]) and declaration["nature"] == "prejudicial"


def fold_meeting(facts: Iterable[Fact]) -> MeetingState:
    """The state of a meeting: its facts in the order recorded, less those retracted."""
    known = sorted(facts, key=lambda f: f.version)
    retracted = {f.data["version"]: f for f in known if f.kind == "Retracted"}
    state = MeetingState()
    for f in known:
        if f.kind == "Retracted":
            state.corrections.append({"version": f.data["version"], "reason": f.data["reason"],
                                      "when": f.effective, "actor": f.actor})
        elif f.version not in retracted:
            state.apply(f)
        elif f.kind == "Scheduled":  # voided: its slug, body and date still name it
            state.apply(f)
            state.void = retracted[f.version].data["reason"]
    return state


def _store_alternatives_only_if_recorded(event: Aggregate.Event) -> None:
    """A decision recorded without alternatives is stored as before the field existed:
    without the key, so it reads (the class default, "") and folds like an older event."""
    if not event.__dict__.get("alternatives"):
        event.__dict__.pop("alternatives", None)


class Meeting(Aggregate):
    TOPIC = "lsp:Meeting"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Meeting.Created"

    class Event(LedgerEvent):
        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Meeting):
                aggregate.facts.append(fact_of(aggregate.slug, self))
                aggregate._state = None

    class Scheduled(Event, Aggregate.Created):
        TOPIC = "lsp:Meeting.Scheduled"
        slug: str
        body: str
        terms_version: int
        venue: str = ""  # where it is held; stored only when given, as `alternatives`

        def __post_init__(self) -> None:
            super().__post_init__()
            if not self.__dict__.get("venue"):
                self.__dict__.pop("venue", None)

    class Rescheduled(Event):
        """Moved to another date (its effective time), before it was held; the venue too,
        when given. `days_before`: the agenda's notice counted again, when published."""

        TOPIC = "lsp:Meeting.Rescheduled"
        slug: str
        body: str
        venue: str
        days_before: int | None

    class ItemAdded(Event):
        TOPIC = "lsp:Meeting.ItemAdded"
        item: str
        title: str
        proposer: str | None
        # A partner organisation without a seat that submitted it (Daventry 4.8): stored
        # only when given, so older events read as before.
        partner: str = field(default="", kw_only=True)
        # The earlier meeting of the body whose minutes this item is to approve (`agenda
        # add --minutes-of`); stored only when given, so other items read as before.
        minutes_of: str | None = field(default=None, kw_only=True)

        def __post_init__(self) -> None:
            super().__post_init__()
            if not self.__dict__.get("partner"):
                self.__dict__.pop("partner", None)
            if self.__dict__.get("minutes_of") is None:
                self.__dict__.pop("minutes_of", None)

    class Published(Event):
        TOPIC = "lsp:Meeting.Published"
        urgent: str | None
        days_before: int
        notice_days: int | None
        clause: str

    class Attended(Event):
        TOPIC = "lsp:Meeting.Attended"
        seat: str
        person: str
        as_deputy: bool

    class Apologies(Event):
        TOPIC = "lsp:Meeting.Apologies"
        seat: str
        person: str | None

    class InAttendance(Event):
        TOPIC = "lsp:Meeting.InAttendance"
        person: str
        capacity: str
        # For a partner, the organisation; for a right the terms give, their clause
        # (`ledger.attendance`). Stored only when given, so older events read as before.
        org: str = field(default="", kw_only=True)
        clause: str = field(default="", kw_only=True)

        def __post_init__(self) -> None:
            super().__post_init__()
            for key in ("org", "clause"):
                if not self.__dict__.get(key):
                    self.__dict__.pop(key, None)

    class InterestDeclared(Event):
        TOPIC = "lsp:Meeting.InterestDeclared"
        item: str
        person: str
        nature: str
        note: str
        left_room: bool
        excludes: bool  # the terms in force exclude the declarer's seat from the item
        clause: str

    class VoteCast(Event):
        TOPIC = "lsp:Meeting.VoteCast"
        item: str
        seat: str
        person: str
        choice: str
        # Whoever recorded it for the voter (the actor), on what evidence.
        evidence: str = field(default="", kw_only=True)

    class VoteClosed(Event):
        """The outcome, with its evidence: the tally, who voted how, the quorum, the rule,
        the clause and the terms version."""

        TOPIC = "lsp:Meeting.VoteClosed"
        item: str
        result: str
        votes_for: int
        votes_against: int
        abstentions: int
        casting: str | None
        votes: str  # JSON: seat -> {"choice", "person"}
        reason: str
        clause: str
        quorum: str
        terms_version: int
        # Alternative options considered and rejected (Openness regs 2014, reg. 7). Events
        # stored before it was recorded have no such key: they load with "".
        alternatives: str = ""
        # What was resolved, in words, as the minutes print it ("that the bid be
        # supported"); stored only when given, as the alternatives.
        resolution: str = ""

        def __post_init__(self) -> None:
            super().__post_init__()
            _store_alternatives_only_if_recorded(self)
            if not self.__dict__.get("resolution"):
                self.__dict__.pop("resolution", None)

    class DecidedByConsensus(Event):
        TOPIC = "lsp:Meeting.DecidedByConsensus"
        item: str
        text: str
        quorum: str
        terms_version: int
        alternatives: str = ""  # as on VoteClosed
        # How it ended (ITEM_OUTCOMES) and the body it went to when referred: stored only
        # when not "agreed", so older events read as agreed.
        outcome: str = "agreed"
        referred_to: str | None = None

        def __post_init__(self) -> None:
            super().__post_init__()
            _store_alternatives_only_if_recorded(self)
            if self.__dict__.get("outcome") == "agreed":
                self.__dict__.pop("outcome", None)
            if self.__dict__.get("referred_to") is None:
                self.__dict__.pop("referred_to", None)

    class Closed(Event):
        TOPIC = "lsp:Meeting.Closed"

    class Retracted(Event):
        TOPIC = "lsp:Meeting.Retracted"
        version: int
        reason: str

    class ReportReceived(Event):
        """A decision taken between meetings was reported to this meeting (the decision's
        own `Reported` event is saved with it)."""

        TOPIC = "lsp:Meeting.ReportReceived"
        decision: str
        outcome: str

    class ItemReported(Event):
        """A decision taken at a meeting of a body that reports its decisions to this
        one (`reports_to` with `decisions = true`: the PSSB to the Health and Wellbeing
        Board) was reported to this meeting, with what the meeting did with it."""

        TOPIC = "lsp:Meeting.ItemReported"
        source_meeting: str
        item: str
        source_body: str
        outcome: str
        reason: str
        clause: str
        terms_version: int

    class RequestDecided(Event):
        """A membership request was decided at this meeting (the request's own `Decided`
        event is saved with it)."""

        TOPIC = "lsp:Meeting.RequestDecided"
        request: str
        decision: str

    def __init__(self, slug: str, body: str, terms_version: int, actor: str,
                 effective: datetime, venue: str = "") -> None:
        self.slug = slug
        self.body = body
        self.facts: list[Fact] = []
        self._state: MeetingState | None = None

    @classmethod
    def schedule(cls, slug: str, body: str, terms_version: int, actor: str,
                 effective: datetime, venue: str = "") -> Meeting:
        return cls._create(cls.Scheduled, id=entity_id("meeting", slug), slug=slug, body=body,
                           terms_version=terms_version, actor=actor, effective=effective,
                           venue=venue.strip())

    @property
    def state(self) -> MeetingState:
        if self._state is None:
            self._state = fold_meeting(self.facts)
        return self._state

    @property
    def when(self) -> datetime:
        return self.state.when or datetime.min

    # Commands: check what the meeting knows, then record.

    def reschedule(self, when: datetime, venue: str, days_before: int | None,
                   actor: str, now: datetime) -> None:
        """Move the meeting to `when` (and `venue`, when given) before it is held: refused
        once its time has come or anything was recorded at it."""
        self._open()
        if self.when <= now:
            raise InvalidInput(f"meeting '{self.slug}' was held on {show(self.when)}: only a "
                               "meeting not yet held is rescheduled (ledger rule)")
        if when == self.when and (not venue.strip() or venue.strip() == self.state.venue):
            raise InvalidInput(f"meeting '{self.slug}' is already on {show(when)}"
                               + (f" at {self.state.venue}" if self.state.venue else ""))
        self._trigger(self.Rescheduled, actor, when, slug=self.slug, body=self.body,
                      venue=venue.strip(), days_before=days_before)

    def add_item(self, item: str, title: str, proposer: str | None, actor: str,
                 partner: str = "", minutes_of: str | None = None) -> None:
        """`partner`: the partner organisation without a seat that submitted it;
        `minutes_of`: the earlier meeting whose minutes the item approves (the
        application has checked it is an earlier meeting of the same body)."""
        self._open()
        if item in self.state.items:
            raise InvalidInput(f"item '{item}' is already on the agenda of '{self.slug}'")
        if not title.strip():
            raise InvalidInput("an agenda item needs a title", remedy="input:title")
        if proposer and partner:
            raise InvalidInput("an item is proposed by a seat or submitted by a partner "
                               "without a seat, not both")
        twice = next((i.item for i in self.state.items.values()
                      if minutes_of is not None and i.minutes_of == minutes_of), None)
        if twice is not None:
            raise InvalidInput(f"item '{twice}' of '{self.slug}' already approves the minutes "
                               f"of '{minutes_of}': one item approves them (ledger rule)")
        self._trigger(self.ItemAdded, actor, self.when, item=item, title=title.strip(),
                      proposer=proposer, partner=partner, minutes_of=minutes_of)

    def publish(self, urgent: str | None, days_before: int, notice_days: int | None,
                clause: str, actor: str, effective: datetime) -> None:
        self._open()
        if self.state.published is not None:
            raise InvalidInput(f"the agenda of '{self.slug}' was already published")
        if not self.state.items:
            raise InvalidInput(f"the agenda of '{self.slug}' has no items",
                               remedy="act:add-agenda-item")
        self._trigger(self.Published, actor, effective, urgent=urgent, days_before=days_before,
                      notice_days=notice_days, clause=clause)

    def attend(self, seat: str, person: str, as_deputy: bool, actor: str) -> None:
        self._open()
        if seat in self.state.present:
            who = self.state.present[seat]["person"]
            raise InvalidInput(f"seat {seat} is already recorded as present ({who}); a seat "
                               "counts once, whoever sits in it")
        self._trigger(self.Attended, actor, self.when, seat=seat, person=person,
                      as_deputy=as_deputy)

    def send_apologies(self, seat: str, person: str | None, actor: str) -> None:
        self._open()
        sitting = self.state.present.get(seat)
        if sitting is not None and (person is None or sitting["person"] == person):
            raise InvalidInput(f"seat {seat} is recorded as present; apologies are for a "
                               "member who did not attend")
        if seat in self.state.apologies:
            raise InvalidInput(f"apologies for seat {seat} are already recorded")
        self._trigger(self.Apologies, actor, self.when, seat=seat, person=person)

    def note_in_attendance(self, person: str, capacity: str, actor: str, org: str = "",
                           clause: str = "") -> None:
        self._open()
        if capacity not in CAPACITIES:
            raise InvalidInput(f"capacity is one of {', '.join(CAPACITIES)}, not {capacity!r}")
        if any(a["person"] == person for a in self.state.in_attendance):
            raise InvalidInput(f"{person} is already recorded as in attendance")
        self._trigger(self.InAttendance, actor, self.when, person=person, capacity=capacity,
                      org=org, clause=clause)

    def in_attendance_as(self, person: str) -> dict[str, Any] | None:
        """How `person` is recorded in attendance without a seat, if they are."""
        return next((a for a in self.state.in_attendance if a["person"] == person), None)

    def declare_interest(self, item: str, person: str, nature: str, note: str,
                         left_room: bool, excludes: bool, clause: str,
                         actor: str) -> None:
        self._open()
        self.state.item(item)
        if nature not in NATURES:
            raise InvalidInput(f"an interest is {' or '.join(NATURES)}, not {nature!r}")
        if self.state.item(item).decided:
            raise InvalidInput(f"item '{item}' is already decided; declarations come before")
        self._trigger(self.InterestDeclared, actor, self.when, item=item, person=person,
                      nature=nature, note=note.strip(), left_room=left_room,
                      excludes=excludes, clause=clause)

    def cast_vote(self, item: str, seat: str, person: str, choice: str, actor: str,
                  evidence: str = "") -> None:
        self._open()
        it = self.state.item(item)
        if choice not in ("for", "against", "abstain"):
            raise InvalidInput(f"a vote is for, against or abstain, not {choice!r}")
        if it.decided:
            raise InvalidInput(f"item '{item}' is closed: no more votes")
        if seat in it.votes:
            raise InvalidInput(f"seat {seat} has already voted on item '{item}' "
                               f"({it.votes[seat]['choice']}); one vote per seat")
        self._trigger(self.VoteCast, actor, self.when, item=item, seat=seat, person=person,
                      choice=choice, evidence=evidence.strip())

    def close_vote(self, item: str, evidence: dict[str, Any], actor: str,
                   alternatives: str = "", resolution: str = "") -> None:
        self._open()
        it = self.state.item(item)
        if it.decided:
            raise InvalidInput(f"item '{item}' is already decided")
        if not it.votes:
            raise InvalidInput(f"no votes are recorded on item '{item}'", remedy="act:vote")
        self._trigger(self.VoteClosed, actor, self.when, item=item, **evidence,
                      alternatives=alternatives.strip(), resolution=resolution.strip())

    def decide_by_consensus(self, item: str, text: str, quorum: str, terms_version: int,
                            actor: str, alternatives: str = "", outcome: str = "agreed",
                            referred_to: str | None = None) -> None:
        self._open()
        it = self.state.item(item)
        if it.decided:
            raise InvalidInput(f"item '{item}' is already decided")
        if it.votes:
            raise InvalidInput(f"votes are being cast on item '{item}': close the vote "
                               "instead", remedy="act:close-vote")
        if not text.strip():
            raise InvalidInput("say what was agreed", remedy="input:consensus")
        if outcome not in ITEM_OUTCOMES:
            raise InvalidInput(f"an outcome is one of {', '.join(ITEM_OUTCOMES)}, not "
                               f"{outcome!r}")
        if (outcome == "referred") != (referred_to is not None):
            raise InvalidInput("an item referred names the body it goes to, and only a "
                               "referred item names one", remedy="input:to")
        self._trigger(self.DecidedByConsensus, actor, self.when, item=item, text=text.strip(),
                      quorum=quorum, terms_version=terms_version,
                      alternatives=alternatives.strip(), outcome=outcome,
                      referred_to=referred_to)

    def close(self, actor: str) -> None:
        self._open()
        open_votes = [i.item for i in self.state.items.values() if i.votes and not i.decided]
        if open_votes:
            raise InvalidInput(f"votes are still open on {', '.join(open_votes)}: close them "
                               "first", remedy="act:close-vote")
        self._trigger(self.Closed, actor, self.when)

    def retract(self, version: int, reason: str, actor: str, effective: datetime) -> None:
        """Corrections are accepted even after the meeting is closed."""
        if not reason.strip():
            raise InvalidInput("say why the record is retracted", remedy="input:reason")
        retracted = {f.data["version"] for f in self.facts if f.kind == "Retracted"}
        target = next((f for f in self.facts if f.version == version), None)
        if target is None or version in retracted:
            why = "it is already retracted" if version in retracted else "no such event"
            raise InvalidInput(f"cannot retract event {version} of meeting '{self.slug}': {why}")
        if target.kind not in RETRACTABLE:
            raise InvalidInput(
                f"event {version} of meeting '{self.slug}' is a {target.kind}: only "
                f"{', '.join(sorted(RETRACTABLE))} can be retracted; a decision is rescinded "
                "by a later decision")
        seat = target.data.get("seat")
        item = target.data.get("item")
        if target.kind == "Attended" and any(seat in i.votes for i in self.state.items.values()):
            raise InvalidInput(f"seat {seat} voted at this meeting; its attendance stands")
        open_votes = [i.item for i in self.state.items.values() if i.votes and not i.decided]
        if target.kind == "Attended" and open_votes:
            raise InvalidInput(f"a vote is open on {', '.join(open_votes)}: close it before "
                               "correcting attendance, so the quorum it was taken under stands")
        if target.kind == "ItemAdded" and item and self.state.items[item].decided:
            raise InvalidInput(f"item '{item}' was decided; it stays on the record")
        it = self.state.items.get(item) if item else None
        check_meeting_correction(self.slug, self.when, self.facts, target,
                                 closed=self.state.closed, item_decided=bool(it and it.decided),
                                 item_voted=bool(it and it.votes))
        self._trigger(self.Retracted, actor, effective, version=version, reason=reason.strip())

    def ensure_scheduled(self) -> None:
        """Refuse anything but a correction at a meeting whose scheduling was retracted."""
        if self.state.void is not None:
            raise InvalidInput(f"meeting '{self.slug}' was not scheduled: its scheduling was "
                               f"retracted ({self.state.void}); schedule the meeting under a "
                               "new id")

    def receive_report(self, decision: str, outcome: str, actor: str) -> None:
        """Record, at the meeting, that `decision` was reported to it (the decision's own
        `Reported` is saved with it, so a simultaneous close collides with the report)."""
        self._open()
        self._trigger(self.ReportReceived, actor, self.when, decision=decision,
                      outcome=outcome)

    def receive_item_report(self, source_meeting: str, item: str, source_body: str,
                            outcome: str, reason: str, clause: str, terms_version: int,
                            actor: str) -> None:
        """Record that item `item` decided at `source_meeting` was reported to this
        meeting; once per meeting."""
        self._open()
        key = f"{source_meeting}/{item}"
        if key in self.state.item_reports:
            raise InvalidInput(f"the decision {key} was already reported to meeting "
                               f"'{self.slug}' ({self.state.item_reports[key]})")
        self._trigger(self.ItemReported, actor, self.when, source_meeting=source_meeting,
                      item=item, source_body=source_body, outcome=outcome,
                      reason=reason.strip(), clause=clause, terms_version=terms_version)

    def note_request_decided(self, request: str, decision: str, actor: str) -> None:
        """Record, at the meeting, that membership `request` was decided at it (saved with
        the request's own `Decided`, for the same reason as a report)."""
        self._open()
        self._trigger(self.RequestDecided, actor, self.when, request=request,
                      decision=decision)

    def ensure_open(self) -> None:
        """Refuse anything but a correction once the meeting is closed."""
        self._open()

    def _open(self) -> None:
        self.ensure_scheduled()
        if self.state.closed:
            raise InvalidInput(f"meeting '{self.slug}' is closed: only corrections are "
                               "accepted", remedy=f"act:correct:meeting:{self.slug}")

    def _trigger(self, event_class: type[Aggregate.Event], actor: str, effective: datetime,
                 **fields: Any) -> None:
        self.trigger_event(event_class, actor=actor, effective=effective, **fields)
