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

from eventsourcing.application import AggregateNotFoundError, Repository


def project(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply `events` in order to `aggregate` (None before the first): eventsourcing's
    `project_aggregate` without its per-event Protocol assertion."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class LedgerRepository(Repository[Any]):
    """eventsourcing's repository, loading with `project` unless told otherwise.

    An aggregate loaded from a snapshot (a body: `ledger.snapshots`) may need the events
    the snapshot stands for, later and only sometimes: one with a `history` attribute is
    given the way to read them (its events up to a version) from this repository's
    event store."""

    def get(self, aggregate_id: Any, *, version: int | None = None,
            projector_func: Any = project, fastforward_skipping: bool = False,
            deepcopy_from_cache: bool = True) -> Any:
        found = super().get(aggregate_id, version=version, projector_func=projector_func,
                            fastforward_skipping=fastforward_skipping,
                            deepcopy_from_cache=deepcopy_from_cache)
        if "history" in getattr(found, "__dict__", ()):
            events = self.event_store
            found.history = lambda upto: events.get(aggregate_id, lte=upto)
        return found

    def replayed(self, aggregate_id: Any, version: int | None = None) -> Any:
        """The aggregate folded from its stored events alone, never from a snapshot: what
        the audit trusts (re-judging, and `lsp verify` checking each snapshot)."""
        found = project(None, self.event_store.get(aggregate_id, lte=version))
        if found is None:
            raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} version {version!r} "
                                         "not found.")
        return found
