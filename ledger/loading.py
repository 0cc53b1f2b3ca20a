"""How the application loads an aggregate from its events.

eventsourcing's default projector (`project_aggregate`) asserts, for every event it
applies, `isinstance(event, CanMutateProtocol)`: a runtime-checkable Protocol, whose
isinstance check walks the protocol's attributes each time. Measured on a body of 8,000
events (bench/bench_roster.py, docs/performance.md), that assertion alone was about 40% of
a seat fill. Every event the ledger stores is one of its own `Aggregate.Event`s (the
transcoder decodes only topics it knows), so the check can never fail here: `project`
applies the events without it, and `LedgerRepository` makes it the default for every
`repository.get`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventsourcing.application import Repository


def project(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply `events` in order to `aggregate` (None before the first): eventsourcing's
    `project_aggregate` without its per-event Protocol assertion."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class LedgerRepository(Repository[Any]):
    """eventsourcing's repository, loading with `project` unless told otherwise."""

    def get(self, aggregate_id: Any, *, version: int | None = None,
            projector_func: Any = project, fastforward_skipping: bool = False,
            deepcopy_from_cache: bool = True) -> Any:
        return super().get(aggregate_id, version=version, projector_func=projector_func,
                           fastforward_skipping=fastforward_skipping,
                           deepcopy_from_cache=deepcopy_from_cache)
