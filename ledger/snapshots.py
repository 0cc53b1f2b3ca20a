"""Snapshots of bodies: a write on a long history costs the seats, not the history.

Why. Loading a body replays every one of its events (decoding each, applying each, and
stepping the kept roster fold), so before snapshots a seat fill on a body of 8,000 events
cost about ten times one on a body of 50 (docs/performance.md). A snapshot holds what a
write on or after the body's latest fact needs: the kept fold (`KeptFold`: the seats, the
last review, the anomalies, the order of the last fact applied) and the seats ever added.
A body loaded from one replays only the events after it, and reads its facts from the
store only when a rule asks about an earlier date (a backdated act) or a retraction
(`Body.facts`).

When. After a save, a body that replayed `SNAPSHOT_AFTER` events or more since its
snapshot (or from nothing) gets a new one, taken from the body in hand (it is exactly the
recorded state: the save has just written its events). So a body is never more than
`SNAPSHOT_AFTER` events past its snapshot after a write, and a ledger made before
snapshots existed, or imported, gets one on its first write, not after a fixed count.
eventsourcing's `snapshotting_intervals` (a snapshot when the version is a multiple of N)
would leave such a ledger replaying up to N writes in full, and reloads the aggregate to
take it. An aggregate cache inside `lsp serve` (`AGGREGATE_CACHE_MAXSIZE`) would help the
server only: every command at the terminal is a new process with an empty cache.

Where, and why it cannot change what is decided. Snapshots live in eventsourcing's own
snapshot table (`stored_snapshots`), never in `stored_events`: so they are not in the
notification log, and thus never sealed, exported, proved, folded into the read models or
shown in the audit trail. Being outside the seals, a snapshot is trusted only as a cache:
`lsp verify` compares every one with the replay of its body's events and reports any that
differs (exit 3, `ledger.audit.snapshots`), and re-judging (`verify --rejudge`) folds the
bodies from the sealed events alone, never from a snapshot, so an act a tampered snapshot
let through is found unlawful there. A snapshot is never needed: dropping the table's rows
loses nothing but speed. A snapshot that cannot be written (a store role without the
right) leaves the write recorded, only slower next time.

The snapshot's state is JSON through the ledger's transcoder: the transcodings below turn
a `Seat`, a `RosterState` and a `KeptFold` into plain values and back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from eventsourcing.persistence import EventStore, JSONTranscoder, PersistenceError, Transcoding

from ledger.body import Body
from ledger.roster import KeptFold, RosterState, Seat
from ledger.store.seam import SNAPSHOTS_TABLE, Database, Store

SNAPSHOT_AFTER = 50
"""Events a body may replay after its snapshot before a write takes a new one. A body of
fewer events never gets one: replaying 50 events costs about what reading a snapshot does
(bench/bench_roster.py)."""

TABLE = SNAPSHOTS_TABLE
"""eventsourcing's name for the snapshot table (the application has no name)."""


class SeatAsDict(Transcoding):
    type = Seat
    name = "lsp_seat"

    def encode(self, obj: Seat) -> dict[str, Any]:
        fields = dict(obj.__dict__)
        fields["term_ends"] = None if obj.term_ends is None else obj.term_ends.isoformat()
        return fields

    def decode(self, data: dict[str, Any]) -> Seat:
        ends = data["term_ends"]
        return Seat(**{**data, "term_ends": None if ends is None else date.fromisoformat(ends)})


class RosterStateAsDict(Transcoding):
    type = RosterState
    name = "lsp_roster_state"

    def encode(self, obj: RosterState) -> dict[str, Any]:
        return {"seats": obj.seats, "last_review": obj.last_review,
                "anomalies": obj.anomalies, "through": obj.through}

    def decode(self, data: dict[str, Any]) -> RosterState:
        through = data["through"]
        return RosterState(seats=dict(data["seats"]), last_review=data["last_review"],
                           anomalies=list(data["anomalies"]),
                           through=None if through is None else (through[0], through[1]))


class KeptFoldAsDict(Transcoding):
    type = KeptFold
    name = "lsp_kept_fold"

    def encode(self, obj: KeptFold) -> dict[str, Any]:
        return {"state": obj.state, "latest": obj.latest}

    def decode(self, data: dict[str, Any]) -> KeptFold:
        return KeptFold(state=data["state"], latest=data["latest"])


def register(transcoder: JSONTranscoder) -> None:
    """The transcodings a body's snapshot needs."""
    for transcoding in (SeatAsDict(), RosterStateAsDict(), KeptFoldAsDict()):
        transcoder.register(transcoding)


def take_due(store: EventStore[Any] | None, saved: Iterable[object]) -> None:
    """After a save: into the snapshot `store`, a snapshot of every body saved that
    replayed `SNAPSHOT_AFTER` events or more since its last one. Never fails the write
    that was just recorded."""
    if store is None:
        return
    for aggregate in saved:
        if not isinstance(aggregate, Body) or aggregate.pending_events:
            continue
        if aggregate.since_snapshot < SNAPSHOT_AFTER:
            continue
        try:
            store.put([Body.Snapshot.take(aggregate)])
        except PersistenceError:
            # A cache: a snapshot not written (another writer's at the same version, or
            # a store role without the right) costs the next write speed, nothing else.
            continue
        aggregate.snapshotted()


def table_ready(where: Store, db: Database, recorder: object) -> bool:
    """Whether the snapshot table is there to use, made here if it was not. On
    PostgreSQL a ledger made before snapshots has none, and opening an existing ledger
    creates no tables (`ledger.store.opening`); where the role may not create it, the
    ledger loads without snapshots, as it does where the table is another role's that
    this one may not read and write. (SQLite's is made as the ledger opens.)"""
    if not where.is_postgres:
        return True
    row = db.execute("SELECT has_table_privilege(t, 'SELECT') AND has_table_privilege(t, "
                     "'INSERT') AS usable FROM (SELECT to_regclass(?) AS t) AS found "
                     "WHERE t IS NOT NULL", (f'"{where.schema}".{TABLE}',)).fetchone()
    if row is not None:  # there: used only if this role may read and write it
        return bool(row["usable"])
    create: Any = getattr(recorder, "create_table")  # noqa: B009 (not on the protocol)
    try:
        create()
    except PersistenceError:
        return False
    return True
