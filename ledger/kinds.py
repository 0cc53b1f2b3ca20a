"""The kinds of entity the ledger records, each one aggregate: the one list of them.

A kind names an entity on the command line (`--entity body:executive`), in its uuid5 id
(`ledger.events.entity_id`) and in the read models (`lsp_entities.kind`), which tell an
event's kind of entity by the first part of its stable topic ("lsp:Body.SeatFilled" is a
body's). A new aggregate goes here, or its events are filed as "other"
(tests/test_architecture.py checks that none is missing).
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from ledger.accounts import Accounts
from ledger.action import Action
from ledger.audit.guards import Guards
from ledger.audit.seal import Seal
from ledger.body import Body
from ledger.decision import Decision
from ledger.directory import Organisation, Person
from ledger.events import topic_of
from ledger.meeting import Meeting
from ledger.membership import MembershipRequest
from ledger.outbox import Outbox
from ledger.partnership import Partnership

KINDS: dict[str, type[Aggregate]] = {
    "partnership": Partnership,
    "body": Body,
    "org": Organisation,
    "person": Person,
    "request": MembershipRequest,
    "meeting": Meeting,
    "decision": Decision,
    "action": Action,
    "seal": Seal,
    "guards": Guards,
    "accounts": Accounts,
    "outbox": Outbox,
}

# The kind of entity of each aggregate's topic ("lsp:Body" -> "body").
TOPIC_KINDS: dict[str, str] = {topic_of(cls): kind for kind, cls in KINDS.items()}


def kind_of_topic(topic: str) -> str:
    """The kind of entity an event's topic belongs to ("lsp:Body.SeatFilled" -> "body")."""
    return TOPIC_KINDS.get(topic.split(".")[0], "other")


def kind_of_aggregate(aggregate: Aggregate) -> str:
    """The kind of entity an aggregate is, looked up by its stable topic (a `Body` is a
    "body"); an aggregate missing from KINDS is "other", as its events are."""
    return TOPIC_KINDS.get(topic_of(type(aggregate)), "other")


def entity_name(aggregate: Aggregate) -> str:
    """The entity as the command line names it: "body:executive"; an aggregate without a
    slug (the partnership, the seal) is named by its kind alone ("seal:seal")."""
    kind = kind_of_aggregate(aggregate)
    return f"{kind}:{getattr(aggregate, 'slug', kind)}"
