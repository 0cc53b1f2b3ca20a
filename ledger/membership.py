"""A request by an organisation to join a body, decided later at a meeting.

The terms say which body decides (Lewisham: requests come through the Partnership
Steering Group and are decided by the Full Partnership). Until meetings are recorded in
the ledger, the meeting is kept as a plain reference.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidInput
from ledger.events import LedgerEvent, entity_id
from ledger.when import day

DECISIONS = ("approved", "rejected")


class MembershipRequest(Aggregate):
    TOPIC = "lsp:MembershipRequest"

    class Created(Aggregate.Created):
        TOPIC = "lsp:MembershipRequest.Created"

    class Requested(LedgerEvent, Aggregate.Created):
        TOPIC = "lsp:MembershipRequest.Requested"
        slug: str
        body: str
        org: str
        decided_by: str
        clause: str
        terms_version: int

    class Recommended(LedgerEvent):
        TOPIC = "lsp:MembershipRequest.Recommended"
        recommendation: str
        meeting: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, MembershipRequest):
                aggregate.recommendation = self.recommendation
                aggregate.recommended_at = self.meeting
                aggregate.recommended_on = self.effective

    class Decided(LedgerEvent):
        TOPIC = "lsp:MembershipRequest.Decided"
        decision: str
        meeting: str

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, MembershipRequest):
                aggregate.decision = self.decision
                aggregate.meeting = self.meeting

    def __init__(self, slug: str, body: str, org: str, decided_by: str, clause: str,
                 terms_version: int, actor: str, effective: datetime) -> None:
        self.slug = slug
        self.body = body
        self.org = org
        self.decided_by = decided_by
        self.clause = clause
        self.terms_version = terms_version
        self.requested_on = effective
        self.decision: str | None = None
        self.meeting: str | None = None
        # The recommendation of the body requests come through (Lewisham: the PSG).
        self.recommendation: str | None = None
        self.recommended_at: str | None = None
        self.recommended_on: datetime | None = None

    @classmethod
    def request(cls, slug: str, body: str, org: str, decided_by: str, clause: str,
                terms_version: int, actor: str, effective: datetime) -> MembershipRequest:
        return cls._create(cls.Requested, id=entity_id("request", slug), slug=slug, body=body,
                           org=org, decided_by=decided_by, clause=clause,
                           terms_version=terms_version, actor=actor, effective=effective)

    def recommend(self, recommendation: str, meeting: str, actor: str,
                  effective: datetime) -> None:
        if recommendation not in DECISIONS:
            raise InvalidInput(f"a recommendation is {' or '.join(DECISIONS)}, not "
                               f"{recommendation!r}")
        if self.decision is not None:
            raise InvalidInput(f"request '{self.slug}' was already {self.decision} at "
                               f"meeting '{self.meeting}'")
        if self.recommendation is not None:
            raise InvalidInput(f"request '{self.slug}' was already recommended "
                               f"{self.recommendation} at meeting '{self.recommended_at}'")
        if effective < self.requested_on:
            raise InvalidInput(f"request '{self.slug}' was made on "
                               f"{day(self.requested_on)}; it cannot be recommended before")
        self.trigger_event(self.Recommended, recommendation=recommendation, meeting=meeting,
                           actor=actor, effective=effective)

    def decide(self, decision: str, meeting: str, actor: str, effective: datetime) -> None:
        if decision not in DECISIONS:
            raise InvalidInput(f"a request is {' or '.join(DECISIONS)}, not {decision!r}")
        if self.decision is not None:
            raise InvalidInput(f"request '{self.slug}' was already {self.decision} at "
                               f"meeting '{self.meeting}'")
        if effective < self.requested_on:
            raise InvalidInput(f"request '{self.slug}' was made on "
                               f"{day(self.requested_on)}; it cannot be decided before")
        self.trigger_event(self.Decided, decision=decision, meeting=meeting, actor=actor,
                           effective=effective)
