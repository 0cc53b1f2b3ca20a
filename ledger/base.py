"""What every aggregate of the ledger shares: stable topics, the actor and effective time.

Every event records who recorded it (`actor`) and when it happened in the world
(`effective`); the event's own `timestamp` is when it was recorded. Event payloads are
primitives only (str, int, bool, None, timezone-aware datetime), because eventsourcing's
default transcoder refuses dates and models and turns tuples into lists on replay.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    """Base of every event: who recorded it, and when it took effect in the world."""

    actor: str
    effective: datetime


def payload(event: Aggregate.Event) -> Mapping[str, Any]:
    """The fields particular to an event, without the ones every event has."""
    return {k: v for k, v in event.__dict__.items() if k not in COMMON_FIELDS}


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
