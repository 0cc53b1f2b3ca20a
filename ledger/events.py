"""What every aggregate's events share: ids, the actor and effective time, their kind,
and the `Fact` every fold reads.

Every event records who recorded it (`actor`) and when it happened in the world
(`effective`); the event's own `timestamp` is when it was recorded. Event payloads are
primitives only (str, int, bool, None, timezone-aware datetime), because eventsourcing's
default transcoder refuses dates and models and turns tuples into lists on replay.

An event's *kind* ("SeatFilled") is the last part of its stable topic
("lsp:Body.SeatFilled"), never its Python class name, so renaming a class can change
neither what is stored nor what the folds and read models dispatch on.

A `Fact` is one recorded event of any aggregate as plain values: the folds of the write
side (a body's roster, a meeting's state, a decision's state) and the read models (from
the same events decoded) take the same facts, so both compute the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder

# Natural keys (slugs) map to stable ids, so the same slug names the same aggregate in
# every store, and an export can be checked against its ids.
NAMESPACE = uuid5(NAMESPACE_URL, "https://github.com/lsp-ledger/ids")

COMMON_FIELDS = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "actor",
     "effective"}
)


def entity_id(kind: str, slug: str) -> UUID:
    return uuid5(NAMESPACE, f"{kind}:{slug}")


class LedgerEvent(Aggregate.Event):
    """Base of every event: who recorded it, and when it took effect in the world.

    `actor` is the author's name (the signed-in person's slug, or the local login);
    `author_route` ("local", "api", "web") and `author_method` ("os-login", "token",
    "session") say how the author came and was authenticated (`ledger.authors.Author`).
    The application sets both on every event it saves (`Ledger._save`); events stored
    before they existed read as recorded locally by the OS login, which is what they
    were. (Keyword-only with defaults, so no aggregate's own fields have to follow them.)
    """

    actor: str
    effective: datetime
    author_route: str = field(default="local", kw_only=True)
    author_method: str = field(default="os-login", kw_only=True)


LOCAL_AUTHOR = {"author_route": "local", "author_method": "os-login", "evidence": ""}
"""Fields added after events were first stored, at their defaults: the author of an event
recorded locally, and no evidence given for an act recorded for someone else (as every
event stored before they existed reads)."""


def payload(event: Aggregate.Event) -> Mapping[str, Any]:
    """The fields particular to an event, without the ones every event has. The author's
    route and method, and an act's evidence, are left out at their defaults
    (`LOCAL_AUTHOR`), so a fact or read model without them was recorded locally, with
    no evidence, as every event was before they existed."""
    return {k: v for k, v in event.__dict__.items()
            if k not in COMMON_FIELDS and LOCAL_AUTHOR.get(k, ...) != v}


def kind_of(event: object) -> str:
    """An event's (or event class's) kind, from its stable topic: "lsp:Body.SeatFilled"
    -> "SeatFilled"."""
    cls = event if isinstance(event, type) else type(event)
    return topic_of(cls).rpartition(".")[2]


def topic_of(cls: type) -> str:
    """The stable topic a class declares (every aggregate and event of the ledger has one)."""
    topic = getattr(cls, "TOPIC", None)
    if not isinstance(topic, str):
        raise TypeError(f"{cls.__qualname__} has no stable TOPIC")
    return topic


@dataclass(frozen=True)
class Fact:
    """One recorded event of an aggregate, as plain values: which entity (the aggregate's
    slug), its version there, its kind, when it took effect and was recorded, by whom,
    and the fields particular to it."""

    entity: str
    version: int
    kind: str
    effective: datetime
    recorded: datetime
    actor: str
    data: Mapping[str, Any] = field(default_factory=dict)


def fact_of(entity: str, event: Aggregate.Event) -> Fact:
    """An event of the aggregate `entity` as a plain fact (the read models make the same
    facts from the decoded events)."""
    return Fact(
        entity=entity,
        version=event.originator_version,
        kind=kind_of(event),
        effective=getattr(event, "effective", event.timestamp),
        recorded=event.timestamp,
        actor=getattr(event, "actor", ""),
        data=payload(event),
    )


class LedgerTranscoder(JSONTranscoder):
    """eventsourcing's JSON transcoder, also accepting subclasses of datetime.

    The default looks transcodings up by exact type, so a datetime subclass (freezegun's
    FakeDatetime while a test freezes the clock, pendulum's DateTime) would be refused.
    Such values are stored exactly as a datetime is, and read back as one.
    """

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        if isinstance(o, datetime) and type(o) not in self.types:
            return {"_type_": "datetime_iso", "_data_": o.isoformat()}
        return super()._encode_obj(o)
