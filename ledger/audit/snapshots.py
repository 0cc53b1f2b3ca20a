"""`lsp verify`'s check of the bodies' snapshots against the replay of their events.

A snapshot (`ledger.snapshots`) is not under the seals: it lives in its own table, so
anyone who can write the store can change one without any seal noticing. What a write
decides on a body comes from its snapshot, so each one must be the state that replaying
the body's own (sealed) events up to its version gives; one that is not is a problem that
fails verification (exit 3), naming the body and the version. Re-judging never reads a
snapshot either (`Ledger.replayed`): an act a changed snapshot let through is judged
against the events alone.

Each body with snapshots is replayed once, in version order, compared at each
snapshot's version as the replay passes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.body import Body
from ledger.loading import project
from ledger.snapshots import TABLE

if TYPE_CHECKING:
    from ledger.app import Ledger

REMEDY = ("a snapshot is only a cache of the replay: delete it (`DELETE FROM "
          f"{TABLE}`, nothing recorded is lost) and find out who changed it")


def drift(ledger: Ledger) -> list[str]:
    """Every snapshot that is not the replay of its body's events, as a problem."""
    if ledger.snapshots is None:
        return []
    problems: list[str] = []
    for originator in _snapshotted(ledger):
        problems.extend(_check(ledger, originator))
    return problems


def _snapshotted(ledger: Ledger) -> list[UUID]:
    with ledger.database() as db:
        rows = db.execute(f"SELECT DISTINCT originator_id FROM {TABLE}").fetchall()
    return sorted(UUID(str(row[0])) for row in rows)


def _check(ledger: Ledger, originator: UUID) -> Iterator[str]:
    """The problems of one aggregate's snapshots, compared with one replay of it."""
    assert ledger.snapshots is not None
    try:
        snapshots = list(ledger.snapshots.get(originator))
    except Exception as e:  # a row changed past decoding: it is reported, not raised
        yield (f"a snapshot of {originator.hex} cannot be read ({type(e).__name__}): "
               f"{REMEDY}")
        return
    events = iter(ledger.events.get(originator))
    body: Any = None
    for snapshot in snapshots:
        version = snapshot.originator_version
        while body is None or body.version < version:
            event = next(events, None)
            if event is None:
                break
            body = project(body, [event])
        name = f"body '{body.slug}'" if isinstance(body, Body) else originator.hex
        if not isinstance(body, Body) or body.version != version:
            yield (f"the snapshot of {name} at version {version} stands for events that "
                   f"are not stored: {REMEDY}")
            continue
        if dict(getattr(snapshot, "state", {})) != body.summary():
            yield (f"the snapshot of {name} at version {version} is not the replay of its "
                   f"events (it was changed, or taken wrongly): {REMEDY}")

