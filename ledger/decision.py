"""A decision taken between meetings: proposed, approved, taken, reported.

A member proposes a decision for a body (why it cannot wait for the meeting, the
reasons, the alternatives considered); other members approve it; it is *taken* the moment
the seats agreeing satisfy the rule of the terms in force on that date (Daventry 4.6: the
chair with one other member, or three members without the chair). Every such decision
is then reported to the following meeting of the body the terms name, which ratifies it,
notes it or rescinds it.

The application judges who may agree and whether the agreement is enough
(`ledger.rules.agrees_between_meetings`, `ledger.rules.agreement`) and records the
evidence on the `Taken` event; the aggregate checks its own life cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.base import LedgerEvent, entity_id
from ledger.errors import InvalidInput
from ledger.when import day

OUTCOMES = ("ratified", "noted", "rescinded")
STATUSES = ("proposed", "taken", "reported", "withdrawn", "lapsed")


@dataclass(frozen=True)
class Agreeing:
    """A seat that agreed: the proposer's or an approver's."""

    seat: str
    person: str
    as_deputy: bool
    when: datetime
    proposer: bool


class Decision(Aggregate):
    TOPIC = "lsp:Decision"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Decision.Created"

    class Proposed(LedgerEvent, Aggregate.Created):
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

    class Approved(LedgerEvent):
        TOPIC = "lsp:Decision.Approved"
        seat: str
        person: str
        as_deputy: bool

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Decision):
                aggregate.agreeing.append(Agreeing(self.seat, self.person, self.as_deputy,
                                                   self.effective, proposer=False))

    class Taken(LedgerEvent):
        """The evidence: who agreed in which seat (and as whose deputy), the route of the
        rule, its clause and the terms version in force when the last approval came."""

        TOPIC = "lsp:Decision.Taken"
        route: str
        reason: str
        clause: str
        terms_version: int
        agreeing: str  # JSON list of {seat, person, as_deputy, when, proposer}

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Decision):
                aggregate.status = "taken"
                aggregate.taken_on = self.effective
                aggregate.evidence = {"route": self.route, "reason": self.reason,
                                      "clause": self.clause,
                                      "terms_version": self.terms_version}

    class InterestDeclared(LedgerEvent):
        TOPIC = "lsp:Decision.InterestDeclared"
        person: str
        nature: str
        note: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Decision):
                aggregate.interests.append({"person": self.person, "nature": self.nature,
                                            "note": self.note})

    class Withdrawn(LedgerEvent):
        TOPIC = "lsp:Decision.Withdrawn"
        reason: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Decision):
                aggregate.status = "withdrawn"

    class Lapsed(LedgerEvent):
        """The proposal was not taken before the body met: the matter goes to a meeting."""

        TOPIC = "lsp:Decision.Lapsed"
        reason: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Decision):
                aggregate.status = "lapsed"

    class Reported(LedgerEvent):
        TOPIC = "lsp:Decision.Reported"
        meeting: str
        outcome: str
        reason: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Decision):
                aggregate.status = "reported"
                aggregate.report = {"meeting": self.meeting, "outcome": self.outcome,
                                    "reason": self.reason}

    def __init__(self, slug: str, body: str, title: str, text: str, reasons: str,
                 alternatives: str, urgency: str, seat: str, person: str, as_deputy: bool,
                 report_to: str, terms_version: int, actor: str, effective: datetime) -> None:
        self.slug = slug
        self.body = body
        self.title = title
        self.text = text
        self.reasons = reasons
        self.alternatives = alternatives
        self.urgency = urgency
        self.report_to = report_to
        self.proposed_on = effective
        self.agreeing = [Agreeing(seat, person, as_deputy, effective, proposer=True)]
        self.status = "proposed"
        self.taken_on: datetime | None = None
        self.evidence: dict[str, Any] | None = None
        self.interests: list[dict[str, str]] = []
        self.report: dict[str, str] | None = None

    @classmethod
    def propose(cls, slug: str, body: str, title: str, text: str, reasons: str,
                alternatives: str, urgency: str, seat: str, person: str, as_deputy: bool,
                report_to: str, terms_version: int, actor: str, effective: datetime
                ) -> Decision:
        if not title.strip():
            raise InvalidInput("a decision needs a title (--title)")
        return cls._create(cls.Proposed, id=entity_id("decision", slug), slug=slug, body=body,
                           title=title.strip(), text=text.strip() or title.strip(),
                           reasons=reasons.strip(), alternatives=alternatives.strip(),
                           urgency=urgency.strip(), seat=seat, person=person,
                           as_deputy=as_deputy, report_to=report_to,
                           terms_version=terms_version, actor=actor, effective=effective)

    @property
    def proposer(self) -> Agreeing:
        return self.agreeing[0]

    def approve(self, seat: str, person: str, as_deputy: bool, actor: str,
                effective: datetime) -> None:
        self._still_proposed("approved")
        self._not_before_proposal(effective, "approved")
        if any(a.seat == seat for a in self.agreeing):
            how = "proposed" if self.proposer.seat == seat else "already approved"
            raise InvalidInput(f"seat {seat} {how} decision '{self.slug}'; each seat agrees "
                               "once")
        self.trigger_event(self.Approved, seat=seat, person=person, as_deputy=as_deputy,
                           actor=actor, effective=effective)

    def take(self, route: str, reason: str, clause: str, terms_version: int, agreeing: str,
             actor: str, effective: datetime) -> None:
        self._still_proposed("taken")
        self.trigger_event(self.Taken, route=route, reason=reason, clause=clause,
                           terms_version=terms_version, agreeing=agreeing, actor=actor,
                           effective=effective)

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
            raise InvalidInput("say why the proposal is withdrawn (--reason)")
        self.trigger_event(self.Withdrawn, reason=reason.strip(), actor=actor,
                           effective=effective)

    def lapse(self, reason: str, actor: str, effective: datetime) -> None:
        self._still_proposed("lapsed")
        self._not_before_proposal(effective, "lapsed")
        if not reason.strip():
            raise InvalidInput("say why the proposal lapsed (--reason)")
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
            raise InvalidInput("say why the meeting rescinded the decision (--reason)")
        if self.taken_on is not None and effective < self.taken_on:
            raise InvalidInput(f"decision '{self.slug}' was taken on {day(self.taken_on)}; "
                               "it is reported to a meeting held after that")
        self.trigger_event(self.Reported, meeting=meeting, outcome=outcome,
                           reason=reason.strip(), actor=actor, effective=effective)

    def _not_before_proposal(self, effective: datetime, what: str) -> None:
        if effective < self.proposed_on:
            raise InvalidInput(f"decision '{self.slug}' was proposed on {day(self.proposed_on)}; "
                               f"it cannot be {what} before")

    def _still_proposed(self, what: str) -> None:
        if self.status != "proposed":
            raise InvalidInput(f"decision '{self.slug}' is already {self.status}: it cannot "
                               f"be {what} now")
