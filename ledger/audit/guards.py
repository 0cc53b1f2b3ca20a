"""The `Guards` aggregate: the record of every time the append-only guards were put back.

Opening a ledger never repairs a missing guard (ledger/store/appendonly.py): its absence
is the trace that someone removed it. Putting the guards back is an act on the record,
`lsp store repair-guards` (`ledger.audit.repairing`), and this is its stream: one event
per repair (`guards:guards` in `lsp audit`), naming the guards put back, the store's kind
and the reason given, with who did it (`actor`, `--as`) and when (`effective`, and the
event's own timestamp). The first repair creates the stream (`Guards.FirstRepaired`),
every later one is `Guards.Repaired`.

Of the domain: eventsourcing and `ledger.events` only.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.events import LedgerEvent, entity_id

GUARDS_ID: UUID = entity_id("guards", "guards")
"""The one stream of repairs (`lsp audit --entity guards:guards`)."""


class RepairEvent(LedgerEvent):
    """What every repair records (module level: not itself a stored event)."""

    guards: str  # the names put back, comma-separated, in name order
    store_kind: str  # "sqlite" or "postgresql"
    reason: str | None


class Guards(Aggregate):
    """The repairs of the append-only guards; its state is the latest."""

    TOPIC = "lsp:Guards"

    class Created(Aggregate.Created):
        TOPIC = "lsp:Guards.Created"

    class FirstRepaired(RepairEvent, Aggregate.Created):
        """The first repair, which starts the stream."""

        TOPIC = "lsp:Guards.FirstRepaired"

    class Repaired(RepairEvent):
        """Every later repair."""

        TOPIC = "lsp:Guards.Repaired"

        def apply(self, aggregate: Aggregate) -> None:
            if isinstance(aggregate, Guards):
                aggregate.guards = self.guards

    def __init__(self, guards: str, store_kind: str, reason: str | None, actor: str,
                 effective: datetime) -> None:
        self.guards = guards

    @classmethod
    def first(cls, names: tuple[str, ...], store_kind: str, reason: str | None, actor: str,
              effective: datetime) -> Guards:
        return cls._create(cls.FirstRepaired, id=GUARDS_ID, guards=",".join(names),
                           store_kind=store_kind, reason=reason, actor=actor,
                           effective=effective)

    def again(self, names: tuple[str, ...], store_kind: str, reason: str | None, actor: str,
              effective: datetime) -> None:
        self.trigger_event(self.Repaired, guards=",".join(names), store_kind=store_kind,
                           reason=reason, actor=actor, effective=effective)
