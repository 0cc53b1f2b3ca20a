"""Import: `lsp import`, a ledger rebuilt from an export, all or nothing.

The file is read and checked line by line first, seals included
(`ledger.audit.export_reader`), and every event must be one this ledger can read back
(its topic is known, its state decodes). Only when the whole file passes are the events written, all
in one transaction, into a store that must be new or empty; otherwise nothing is kept,
and a store file the import created is removed again. A malformed or unverified file
raises `IntegrityFailure` (exit code 3) naming the line, its position and the problem; a
store that is not empty raises `AlreadyExists` (exit code 1). The read models are not
built here: they catch up at the first read.

A batched import (`batch`, `lsp import --batch N`) checks the whole file the same way
first, then writes it in transactions of N events, reporting each commit (`on_commit`),
which is durable when reported (SQLite runs with synchronous=FULL: ledger/store/durability.py).
Interrupted, it leaves the first k events of the export, k a multiple of N; run again, it
finds them, byte for byte at positions 1..k, and resumes at k + 1 (`on_resume`). A store
that holds anything but the start of the export is refused as above. Each transaction
first checks that the store holds exactly the events imported so far, under the store's
write lock (SQLite `BEGIN IMMEDIATE`; PostgreSQL `LOCK TABLE ... IN EXCLUSIVE MODE`, as
eventsourcing's inserts take), so a writer that slips in between two batches stops the
import (`StoreError`) rather than interleaving with it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

import ledger.audit.seal  # noqa: F401 - registers the seal topics, so seal events read back
from ledger.app import Ledger
from ledger.audit.export_reader import Line, export_failure, read_export
from ledger.audit.stored import BATCH
from ledger.errors import (
    AlreadyExists,
    InvalidInput,
    LedgerError,
    NotFound,
    StoreError,
)
from ledger.store.postgres import PostgresDatabase
from ledger.store.seam import EVENTS_TABLE, Store


@dataclass(frozen=True)
class ImportReport:
    """What `import_into` wrote, and what it verified."""

    store: str
    events: int
    seals: int
    sealed: int
    """Events under the last seal (its tree_size): each verified against a seal's root."""
    root: str
    """The Merkle root of all the events imported (hex), as `lsp export` would report it."""
    resumed_after: int = 0
    """The events the store already held (the start of the export) when a batched import
    resumed; those after it were written now."""
    batch: int | None = None
    """Events a transaction (`--batch`); None: all of them in one."""

    @property
    def unsealed(self) -> int:
        """Events after the last seal: well-formed, but under no seal yet."""
        return self.events - self.sealed

    @property
    def written(self) -> int:
        """Events this import wrote."""
        return self.events - self.resumed_after


def import_into(store_path: str, actor: str, path: str | os.PathLike[str], *,
                batch: int | None = None,
                on_resume: Callable[[int], None] | None = None,
                on_commit: Callable[[int], None] | None = None) -> ImportReport:
    """Import the export at `path` into the new or empty store at `store_path`.

    Refuses (AlreadyExists, nothing touched) a store that holds events or anything that
    is not a ledger; refuses (IntegrityFailure, nothing kept) a file that is malformed or
    whose seals do not verify. The read models are not built here: they catch up at the
    first read (`projections.catchup.ReadStore`).

    Without `batch`, every event is written in one transaction. With `batch` N, the
    whole file is still checked first, then the events are written in transactions of N,
    and `on_commit(position)` is called after each commit with the last position it
    made durable. A store that already holds the first k events of this same export
    (the same originator, version, topic and state bytes at positions 1..k: what an
    interrupted batched import leaves) is resumed: `on_resume(k)` is called, and the
    import continues at position k + 1. A store holding anything else is refused.
    """
    if batch is not None and batch < 1:
        raise InvalidInput(f"--batch must be 1 or more, not {batch}")
    if not Path(path).is_file():
        raise NotFound(f"there is no export at {path}")
    where = Store.parse(store_path)
    _check_target(where, resumable=batch is not None)
    reader = read_export(path)
    if not reader.lines:
        raise InvalidInput(f"{path} holds no events: there is nothing to import")
    created = not where.is_postgres and not os.path.exists(where.path)
    ledger = Ledger(where, actor, create=True)
    committed = False
    try:
        events = [StoredEvent(line.originator_id, line.originator_version, line.topic,
                              line.state) for line in reader.lines]
        _check_readable(ledger, reader.lines, events)
        if batch is None:
            _insert(ledger, events, 1)
            resumed = 0
        else:
            resumed = _held_prefix(ledger, reader.lines, path)
            if on_resume is not None and resumed:
                on_resume(resumed)
            for start in range(resumed, len(events), batch):
                chunk = events[start:start + batch]
                _insert(ledger, chunk, start + 1)
                committed = True
                if on_commit is not None:
                    on_commit(start + len(chunk))
    except BaseException:
        ledger.close()
        if created and not committed:
            _remove(where.path)
        raise
    ledger.close()
    return ImportReport(str(where), len(reader.lines), reader.seals, reader.sealed,
                        reader.frontier.root().hex(), resumed_after=resumed, batch=batch)


def _check_target(where: Store, *, resumable: bool = False) -> int:
    """Refuse a file that is not a ledger, and (unless `resumable`) a store that holds
    events; returns how many events the store holds."""
    if where.is_postgres:
        with where.connect() as db:
            exists = where.exists(db)
            count = int(db.execute(f"SELECT COUNT(*) FROM {EVENTS_TABLE}").fetchone()[0]
                        if exists else 0)
        if count and not resumable:
            raise AlreadyExists(f"the ledger at {where} already holds {count} events: "
                                "import only into a new or empty store; nothing was changed")
        return count
    store_path = where.path
    if not os.path.exists(store_path):
        return 0
    if os.path.isdir(store_path):
        raise InvalidInput(f"--store {store_path} is a folder; give a file path")
    if os.path.getsize(store_path) == 0:
        return 0
    try:
        with closing(sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)) as conn:
            tables = {name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            held: int | None = (
                int(conn.execute(f"SELECT COUNT(*) FROM {EVENTS_TABLE}").fetchone()[0])
                if EVENTS_TABLE in tables else None)
    except sqlite3.Error:
        raise AlreadyExists(f"{store_path} exists and is not a ledger: import only into a "
                            "new or empty store; nothing was changed") from None
    if held is None and tables:
        raise AlreadyExists(f"{store_path} exists and is not a ledger: import only into a "
                            "new or empty store; nothing was changed")
    if held and not resumable:
        raise AlreadyExists(f"the ledger at {store_path} already holds {held} events: "
                            "import only into a new or empty store; nothing was changed")
    return held or 0


def _held_prefix(ledger: Ledger, lines: list[Line], path: str | os.PathLike[str]) -> int:
    """How many events the store holds, when they are the first lines of the export,
    byte for byte and at the same positions (an interrupted import of it); otherwise
    refuses the store (AlreadyExists), nothing changed."""
    recorder = ledger.recorder
    held = recorder.max_notification_id() or 0
    if not held:
        return 0
    refusal = (f"the ledger at {ledger.where} already holds {held} events, and they are not "
               f"the start of {path}")
    advice = ("--batch resumes only an interrupted import of the same file; import into a "
              "new or empty store; nothing was changed")
    if held > len(lines):
        raise AlreadyExists(f"{refusal} (which has {len(lines)}): {advice}")
    expected = 1
    while expected <= held:
        page = recorder.select_notifications(start=expected, limit=BATCH, stop=held)
        if not page:
            break
        for n in page:
            line = lines[expected - 1]
            if n.id != expected:
                raise AlreadyExists(f"{refusal} (position {expected} is missing): {advice}")
            if (n.originator_id, n.originator_version, n.topic, n.state) != (
                    line.originator_id, line.originator_version, line.topic, line.state):
                raise AlreadyExists(f"{refusal} (the event at position {expected} is not "
                                    f"line {line.number}): {advice}")
            expected += 1
    if expected != held + 1:
        raise AlreadyExists(f"{refusal} (position {expected} is missing): {advice}")
    return held


def _check_readable(ledger: Ledger, lines: list[Line], events: list[StoredEvent]) -> None:
    """Every event must be one this ledger can read back (known topic, decodable state)."""
    for line, event in zip(lines, events, strict=True):
        try:
            ledger.mapper.to_domain_event(event)
        except Exception as e:
            where = f"line {line.number} (position {line.position})"
            raise export_failure(where, f"is not an event this ledger can read ({line.topic}): "
                       f"{type(e).__name__}") from None


def _insert(ledger: Ledger, events: list[StoredEvent], first: int) -> None:
    """Write the events in one transaction, at positions `first`, `first` + 1..., or
    nothing: the store must hold exactly `first` - 1 events when the transaction starts
    (it holds the store's write lock, so no one else writes in between)."""
    where = ledger.where
    try:
        if where.is_postgres:
            _insert_postgres(ledger, events, first)
            return
        recorder = ledger.recorder
        if not isinstance(recorder, SQLiteApplicationRecorder):
            raise StoreError(f"cannot import into {where}: its recorder is "
                             f"{type(recorder).__name__}")
        with recorder.datastore.get_connection(commit=True) as conn:
            cursor = conn.cursor()
            with cursor:  # closes it
                # IMMEDIATE: the write lock from the start, so the count read below is
                # still true when the events are inserted.
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    cursor.execute(f"SELECT COUNT(*), MAX(rowid) FROM "
                                   f"{recorder.events_table_name}")
                    count, last = cursor.fetchone()
                    _check_held(where, first, count, last or 0)
                    positions = recorder._insert_events(cursor, events)
                    if list(positions or []) != list(range(first, first + len(events))):
                        raise StoreError(f"the store at {where} did not number the events "
                                         f"{first}, {first + 1}, {first + 2}...; nothing "
                                         "of them was imported")
                except BaseException:
                    conn.rollback()
                    raise
                conn.commit()  # synchronous=FULL: on disk when this returns
    except LedgerError:
        raise
    except Exception as e:
        raise StoreError(f"cannot write to the ledger at {where}: {e}; "
                         + ("nothing was imported" if first == 1 else
                            f"the events through position {first - 1} are imported, and "
                            "`lsp import --batch` again resumes after them")) from None


def _check_held(where: Store, first: int, count: int, last: int) -> None:
    """The store must hold positions 1..first-1 and nothing else."""
    if count == last == first - 1:
        return
    if first == 1:
        raise AlreadyExists(f"the ledger at {where} already holds {count} events: import "
                            "only into a new or empty store")
    raise StoreError(f"the ledger at {where} holds {count} events where {first - 1} were "
                     "imported: someone else wrote to it during the import; nothing more "
                     "was imported")


def _insert_postgres(ledger: Ledger, events: list[StoredEvent], first: int) -> None:
    """The same in PostgreSQL: one transaction holding the events table's lock (as
    eventsourcing's own inserts do), numbered by the store's numbering trigger."""
    where = ledger.where
    with ledger.database() as db, db.transaction():
        if not isinstance(db, PostgresDatabase):
            raise StoreError(f"cannot import into {where}: not a PostgreSQL connection")
        db.execute("SET LOCAL lock_timeout = '30s'")
        db.execute(f"LOCK TABLE {EVENTS_TABLE} IN EXCLUSIVE MODE")
        count, last = db.execute(f"SELECT COUNT(*), COALESCE(MAX(notification_id), 0) "
                                 f"FROM {EVENTS_TABLE}").fetchone()
        _check_held(where, first, int(count), int(last))
        with db.conn.cursor() as cursor:  # one round trip for the batch (a pipeline)
            cursor.executemany(
                f"INSERT INTO {EVENTS_TABLE} (originator_id, originator_version, topic, "
                "state) VALUES (%s, %s, %s, %s)",
                [(e.originator_id, e.originator_version, e.topic, e.state) for e in events])
        count, low, high = db.execute(
            f"SELECT COUNT(*), MIN(notification_id), MAX(notification_id) FROM "
            f"{EVENTS_TABLE} WHERE notification_id >= ?", (first,)).fetchone()
        if (count, low, high) != (len(events), first, first + len(events) - 1):
            raise StoreError(f"the store at {where} did not number the events {first}, "
                             f"{first + 1}, {first + 2}...; nothing of them was imported")


def _remove(store_path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(store_path + suffix):
            os.remove(store_path + suffix)

