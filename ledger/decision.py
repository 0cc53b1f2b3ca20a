"""A decision taken between meetings: proposed, approved, taken, reported.

A member proposes a decision for a body (why it cannot wait for the meeting, the
reasons, the alternatives considered); other members approve it; it is *taken* the moment
the people agreeing satisfy the rule of the terms in force on that date (Daventry 4.6: the
chair with one other member, or three members without the chair). Every such decision
is then reported to the following meeting of the body the terms name, which ratifies it,
notes it or rescinds it.

The application judges who may agree (`ledger.rules.agrees_between_meetings`, and
`person_agrees_once`: each person once, whatever seats they agree in); the decision
itself judges, after each agreement, whether the agreement is now enough
(`ledger.rules.agreement`, in `take_if_agreed`, counting people) and records the evidence
on the `Taken` event, and checks its own life cycle.

Each event is applied as a plain fact (`ledger.events.Fact`) to a `DecisionState` by
`evolve`, the step `fold_decision` folds with, so what `decision show`, `decision
pending` and the ratification paper read (projections/decisions.py, from the same facts
decoded) and what the checks made when recording see are computed by the same code.

A mistake is corrected by a new event naming the old (`Retracted`, with its version and
why): the fold passes over the retracted fact, and over a `Taken` that counted a retracted
approval, so the decision is proposed again until enough agreement is recorded. What may
be retracted, and when, is in `ledger.corrections`; a report stands (a meeting's decision
is rescinded by a later decision).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, get_args

from eventsourcing.domain import Aggregate

from ledger import rules
from ledger.authors import how_given
from ledger.corrections import check_decision_correction, decision_passed_over
from ledger.errors import InvalidInput
from ledger.events import Fact, LedgerEvent, entity_id, fact_of
from ledger.terms import Body as BodyTerms
from ledger.when import day

# A meeting that defers a decision reported to it leaves it awaiting its report to a
# later meeting: the decision stays taken, the deferral is kept beside it.
OUTCOMES = ("ratified", "noted", "endorsed", "rescinded", "deferred")
Status = Literal["proposed", "taken", "reported", "withdrawn", "lapsed"]
STATUSES: tuple[Status, ...] = get_args(Status)


@dataclass(frozen=True)
class Agreeing:
    """A seat that agreed: the proposer's or an approver's."""

    seat: str
    person: str
    as_deputy: bool
    when: datetime
    proposer: bool
    given: str = ""  # how: in person, signed in; or recorded by whom, on what evidence


@dataclass(frozen=True)
class Declining:
    """A seat whose member declined to approve, and why: recorded so the proposer and the
    report see the answer; it counts for nothing in the agreement (no rule counts a no)."""

    seat: str
    person: str
    as_deputy: bool
    reason: str
    when: datetime
    given: str = ""


@dataclass(frozen=True)
class Declared:
    """An interest declared in a decision, and when."""

    person: str
    nature: str
    note: str
    when: datetime


@dataclass
class DecisionState:
    """A decision's facts folded: what was proposed, who agreed, whether and how it was
    taken, the interests declared, and how it ended (withdrawn, lapsed or reported)."""

    slug: str
    body: str
    title: str
    text: str
    reasons: str
    alternatives: str
    urgency: str
    report_to: str  # the body it is reported to (its own, when the terms name no other)
    terms_version: int  # in force when it was proposed
    proposed_on: datetime
    agreeing: list[Agreeing]  # the proposer's seat first, then the approvers' in order
    status: Status = "proposed"
    taken_on: datetime | None = None
    evidence: dict[str, Any] | None = None  # Taken: route, reason, clause, terms_version
    taken_agreeing: list[dict[str, Any]] = field(default_factory=list)  # as Taken recorded
    interests: list[Declared] = field(default_factory=list)
    declined: list[Declining] = field(default_factory=list)
    withdrawal: dict[str, Any] | None = None  # withdrawn or lapsed: reason, when
    report: dict[str, str] | None = None  # Reported: meeting, outcome, reason
    reported_on: datetime | None = None
    deferrals: list[dict[str, Any]] = field(default_factory=list)  # meeting, reason, when
    corrections: list[dict[str, Any]] = field(default_factory=list)  # version, reason, ...

    @classmethod
    def proposed(cls, f: Fact) -> DecisionState:
        d = f.data
        return cls(slug=str(d["slug"]), body=str(d["body"]), title=d["title"], text=d["text"],
                   reasons=d["reasons"], alternatives=d["alternatives"], urgency=d["urgency"],
                   report_to=str(d["report_to"] or d["body"]),
                   terms_version=int(d["terms_version"]), proposed_on=f.effective,
                   agreeing=[Agreeing(d["seat"], d["person"], bool(d["as_deputy"]),
                                      f.effective, proposer=True, given=how_given(f))])

    @property
    def proposer(self) -> Agreeing:
        return self.agreeing[0]

    @property
    def approvals(self) -> list[Agreeing]:
        return self.agreeing[1:]

    def report_at(self, meeting: str) -> dict[str, str] | None:
        """What `meeting` did with the decision reported to it: its report, or its
        deferral (outcome deferred), or None when it was not reported there."""
        if self.report is not None and self.report["meeting"] == meeting:
            return self.report
        for d in self.deferrals:
            if d["meeting"] == meeting:
                return {"meeting": meeting, "outcome": "deferred", "reason": d["reason"]}
        return None

    def apply(self, f: Fact) -> None:
        d = f.data
        if f.kind == "Approved":
            self.agreeing.append(Agreeing(d["seat"], d["person"], bool(d["as_deputy"]),
                                          f.effective, proposer=False, given=how_given(f)))
        elif f.kind == "Taken":
            self.status, self.taken_on = "taken", f.effective
            self.evidence = {"route": d["route"], "reason": d["reason"], "clause": d["clause"],
                             "terms_version": int(d["terms_version"])}
            self.taken_agreeing = json.loads(d["agreeing"])
        elif f.kind == "InterestDeclared":
            self.interests.append(Declared(d["person"], d["nature"], d["note"], f.effective))
        elif f.kind == "Declined":
            self.declined.append(Declining(d["seat"], d["person"], bool(d["as_deputy"]),
                                           d["reason"], f.effective, given=how_given(f)))
        elif f.kind in ("Withdrawn", "Lapsed"):
            # Closed without a decision: the matter goes to a meeting, if anywhere.
            self.status = "withdrawn" if f.kind == "Withdrawn" else "lapsed"
            self.withdrawal = {"reason": d["reason"], "when": f.effective}
        elif f.kind == "Reported" and d["outcome"] == "deferred":
            self.deferrals.append({"meeting": d["meeting"], "reason": d["reason"],
                                   "when": f.effective})
        elif f.kind == "Reported":
            self.status, self.reported_on = "reported", f.effective
            self.report = {"meeting": d["meeting"], "outcome": d["outcome"],
                           "reason": d["reason"]}
        elif f.kind == "Retracted":
            self.corrections.append({"version": d["version"], "reason": d["reason"],
                                     "when": f.effective, "actor": f.actor})


def evolve(state: DecisionState | None, f: Fact) -> DecisionState | None:
    """One fact applied: a proposal starts a decision, any other fact changes it (and
    nothing comes before a proposal)."""
    if f.kind == "Proposed":
        return DecisionState.proposed(f)
    if state is not None:
        state.apply(f)
    return state


def fold_decision(facts: Iterable[Fact]) -> DecisionState | None:
    """The state of a decision: its facts in the order recorded, from its proposal (None
    when none of them proposes it, as when the proposal is later than a date asked about).
    The `Decision` aggregate takes the same steps, one `evolve` per event."""
    known = sorted(facts, key=lambda f: f.version)
    passed = decision_passed_over(known)
    state: DecisionState | None = None
    for f in known:
        if f.version not in passed:
            state = evolve(state, f)
    return state


class Decision(Aggregate):
    TOPIC = "lsp:Decision"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Decision.Created"

    class Event(LedgerEvent):
        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Decision):
                f = fact_of(aggregate.slug, self)
                aggregate.facts.append(f)
                # A correction changes what came before it: fold everything again.
                aggregate._state = (fold_decision(aggregate.facts) if f.kind == "Retracted"
                                    else evolve(aggregate._state, f))

    class Proposed(Event, Aggregate.Created):
        TOPIC = "lsp:Decision.Proposed"
        slug: str
        body: str
        title: str
        text: str
        reasons: str
        alternatives: str
        urgency: str
        seat: str
        person: str
        as_deputy: bool
        report_to: str
        terms_version: int
        # Whoever recorded it for the proposer (the actor), on what evidence.
        evidence: str = field(default="", kw_only=True)

    class Approved(Event):
        TOPIC = "lsp:Decision.Approved"
        seat: str
        person: str
        as_deputy: bool
        # Whoever recorded it for the approver (the actor), on what evidence.
        evidence: str = field(default="", kw_only=True)

    class Taken(Event):
        """The evidence: who agreed in which seat (and as whose deputy), the route of the
        rule, its clause and the terms version in force when the last approval came."""

        TOPIC = "lsp:Decision.Taken"
        route: str
        reason: str
        clause: str
        terms_version: int
        agreeing: str  # JSON list of {seat, person, as_deputy, when, proposer}

    class Declined(Event):
        """A member asked to approve says no (and why): the proposal stays proposed."""

        TOPIC = "lsp:Decision.Declined"
        seat: str
        person: str
        as_deputy: bool
        reason: str
        # Whoever recorded it for the member (the actor), on what evidence.
        evidence: str = field(default="", kw_only=True)

    class InterestDeclared(Event):
        TOPIC = "lsp:Decision.InterestDeclared"
        person: str
        nature: str
        note: str

    class Withdrawn(Event):
        TOPIC = "lsp:Decision.Withdrawn"
        reason: str

    class Lapsed(Event):
        """The proposal was not taken before the body met: the matter goes to a meeting."""

        TOPIC = "lsp:Decision.Lapsed"
        reason: str

    class Reported(Event):
        TOPIC = "lsp:Decision.Reported"
        meeting: str
        outcome: str
        reason: str

    class Retracted(Event):
        """A correction: event `version` of the decision was a mistake, for `reason`."""

        TOPIC = "lsp:Decision.Retracted"
        version: int
        reason: str

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.facts: list[Fact] = []  # every event as a fact, for a correction's fold
        self._state: DecisionState | None = None  # set by the Proposed event, as it applies

    @classmethod
    def propose(cls, slug: str, body: str, title: str, text: str, reasons: str,
                alternatives: str, urgency: str, seat: str, person: str, as_deputy: bool,
                report_to: str, terms_version: int, actor: str, effective: datetime,
                evidence: str = "") -> Decision:
        if not title.strip():
            raise InvalidInput("a decision needs a title", remedy="input:title")
        return cls._create(cls.Proposed, id=entity_id("decision", slug), slug=slug, body=body,
                           title=title.strip(), text=text.strip() or title.strip(),
                           reasons=reasons.strip(), alternatives=alternatives.strip(),
                           urgency=urgency.strip(), seat=seat, person=person,
                           as_deputy=as_deputy, report_to=report_to,
                           terms_version=terms_version, actor=actor, effective=effective,
                           evidence=evidence.strip())

    @property
    def state(self) -> DecisionState:
        """The fold of the decision's events so far (`fold_decision`, step by step)."""
        assert self._state is not None, "the first event of every decision proposes it"
        return self._state

    # What the application reads, all from the state.

    @property
    def body(self) -> str:
        return self.state.body

    @property
    def title(self) -> str:
        return self.state.title

    @property
    def text(self) -> str:
        return self.state.text

    @property
    def reasons(self) -> str:
        return self.state.reasons

    @property
    def alternatives(self) -> str:
        return self.state.alternatives

    @property
    def urgency(self) -> str:
        return self.state.urgency

    @property
    def report_to(self) -> str:
        return self.state.report_to

    @property
    def proposed_on(self) -> datetime:
        return self.state.proposed_on

    @property
    def agreeing(self) -> list[Agreeing]:
        return self.state.agreeing

    @property
    def proposer(self) -> Agreeing:
        return self.state.proposer

    @property
    def status(self) -> Status:
        return self.state.status

    @property
    def taken_on(self) -> datetime | None:
        return self.state.taken_on

    @property
    def evidence(self) -> dict[str, Any] | None:
        return self.state.evidence

    @property
    def interests(self) -> list[dict[str, str]]:
        return [{"person": i.person, "nature": i.nature, "note": i.note}
                for i in self.state.interests]

    @property
    def declined(self) -> list[Declining]:
        return self.state.declined

    @property
    def report(self) -> dict[str, str] | None:
        return self.state.report

    def chair_agreed(self, chair_seat: str | tuple[str, ...] | None) -> bool:
        """Whether the chair (who holds `chair_seat`; or either co-chair, where it names
        the chair's and the co-chair's seats) has agreed, in person: a deputy agreeing for
        the chair's seat does not count as the chair."""
        seats = _chair_seats(chair_seat)
        return any(a.seat in seats and not a.as_deputy for a in self.agreeing)

    def people_agreeing(self) -> int:
        """How many people have agreed, the proposer included. People, not seats: whoever
        agreed in two seats (a record made before the ledger refused it) counts once."""
        return len({a.person for a in self.agreeing})

    # Commands: check the decision's life cycle, then record.

    def approve(self, seat: str, person: str, as_deputy: bool, actor: str,
                effective: datetime, evidence: str = "") -> None:
        if self.status != "proposed":
            raise InvalidInput(f"decision '{self.slug}' is already {self.status}: no more "
                               "approvals")
        self._not_before_proposal(effective, "approved")
        self.trigger_event(self.Approved, seat=seat, person=person, as_deputy=as_deputy,
                           actor=actor, effective=effective, evidence=evidence.strip())

    def take_if_agreed(self, terms: BodyTerms, terms_version: int,
                       chair_seat: str | tuple[str, ...] | None, actor: str,
                       effective: datetime) -> bool:
        """Taken, with its evidence, if the seats agreeing now satisfy the rule of the terms
        in force (`chair_seat`: the body's chair on that date, or the chair's and the
        co-chair's seats, who count as the chair only in person). Whether it was."""
        self._still_proposed("taken")
        result = rules.agreement(terms, self.people_agreeing(), self.chair_agreed(chair_seat))
        if not (result.taken and result.route):
            return False
        seats = _chair_seats(chair_seat)
        agreeing = [{"seat": a.seat, "person": a.person, "as_deputy": a.as_deputy,
                     "when": a.when.isoformat(), "proposer": a.proposer,
                     "chair": a.seat in seats and not a.as_deputy}
                    for a in self.agreeing]
        # Taken the moment the last agreement it counts was given (approvals may be
        # recorded out of date order).
        when = max([effective, *(a.when for a in self.agreeing)])
        self.trigger_event(self.Taken, route=result.route, reason=result.reason,
                           clause=result.clause, terms_version=terms_version,
                           agreeing=json.dumps(agreeing, sort_keys=True), actor=actor,
                           effective=when)
        return True

    def decline(self, seat: str, person: str, as_deputy: bool, reason: str, actor: str,
                effective: datetime, evidence: str = "") -> None:
        """A member declines to approve: once, while the proposal is still proposed (an
        agreement already given is taken back by a correction, not by declining)."""
        self._still_proposed("declined")
        self._not_before_proposal(effective, "declined")
        if any(n.person == person for n in self.state.declined):
            raise InvalidInput(f"{person} has already declined decision '{self.slug}'")
        self.trigger_event(self.Declined, seat=seat, person=person, as_deputy=as_deputy,
                           reason=reason.strip(), actor=actor, effective=effective,
                           evidence=evidence.strip())

    def declare_interest(self, person: str, nature: str, note: str, actor: str,
                         effective: datetime) -> None:
        if self.status in ("reported", "withdrawn"):
            raise InvalidInput(f"decision '{self.slug}' is {self.status}")
        self._not_before_proposal(effective, "an interest declared in it")
        self.trigger_event(self.InterestDeclared, person=person, nature=nature,
                           note=note.strip(), actor=actor, effective=effective)

    def withdraw(self, reason: str, actor: str, effective: datetime) -> None:
        self._still_proposed("withdrawn")
        self._not_before_proposal(effective, "withdrawn")
        if not reason.strip():
            raise InvalidInput("say why the proposal is withdrawn", remedy="input:reason")
        self.trigger_event(self.Withdrawn, reason=reason.strip(), actor=actor,
                           effective=effective)

    def lapse(self, reason: str, actor: str, effective: datetime) -> None:
        self._still_proposed("lapsed")
        self._not_before_proposal(effective, "lapsed")
        if not reason.strip():
            raise InvalidInput("say why the proposal lapsed", remedy="input:reason")
        self.trigger_event(self.Lapsed, reason=reason.strip(), actor=actor,
                           effective=effective)

    def report_to_meeting(self, meeting: str, outcome: str, reason: str, actor: str,
                          effective: datetime) -> None:
        if self.status != "taken":
            state = {"proposed": "not yet taken", "reported": "already reported",
                     "withdrawn": "withdrawn", "lapsed": "lapsed"}[self.status]
            raise InvalidInput(f"decision '{self.slug}' is {state}: only a taken decision is "
                               "reported")
        if outcome not in OUTCOMES:
            raise InvalidInput(f"the outcome is one of {', '.join(OUTCOMES)}, not {outcome!r}")
        if outcome == "rescinded" and not reason.strip():
            raise InvalidInput("say why the meeting rescinded the decision",
                               remedy="input:reason")
        if self.taken_on is not None and effective < self.taken_on:
            raise InvalidInput(f"decision '{self.slug}' was taken on {day(self.taken_on)}; "
                               "it is reported to a meeting held after that")
        for was in self.state.deferrals:
            if was["meeting"] == meeting or effective <= was["when"]:
                raise InvalidInput(f"decision '{self.slug}' was deferred by meeting "
                                   f"'{was['meeting']}' on {day(was['when'])}: it is reported "
                                   "to a later meeting")
        self.trigger_event(self.Reported, meeting=meeting, outcome=outcome,
                           reason=reason.strip(), actor=actor, effective=effective)

    def retract(self, version: int, reason: str, actor: str, effective: datetime) -> None:
        """Correct a mistaken event of the decision by a new one naming it."""
        if not reason.strip():
            raise InvalidInput("say why the record is retracted", remedy="input:reason")
        check_decision_correction(self.slug, self.facts, version,
                                  self.report["meeting"] if self.report else None)
        self._not_before_proposal(effective, "corrected")
        self.trigger_event(self.Retracted, version=version, reason=reason.strip(),
                           actor=actor, effective=effective)

    def _not_before_proposal(self, effective: datetime, what: str) -> None:
        if effective < self.proposed_on:
            raise InvalidInput(f"decision '{self.slug}' was proposed on {day(self.proposed_on)}; "
                               f"it cannot be {what} before")

    def _still_proposed(self, what: str) -> None:
        if self.status != "proposed":
            raise InvalidInput(f"decision '{self.slug}' is already {self.status}: it cannot "
                               f"be {what} now")


def _chair_seats(chair_seat: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """The seats whose holders count as the chair: one seat, or the chair's and the
    co-chair's (a co-chair shares the chair's part in agreeing between meetings)."""
    if chair_seat is None:
        return ()
    return (chair_seat,) if isinstance(chair_seat, str) else chair_seat
