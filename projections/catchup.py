"""Read models kept up to date from the store's notification log.

eventsourcing 9.5's SQLite recorder has no `subscribe()`, so the read models follow the
log by catching up: on each read, the events recorded since the tracked position are
decoded once and written into plain tables, together with the new position, in one
transaction. A read therefore costs what is new since the last read, never a replay of
the whole history; `rebuild()` replays from nothing and must give the same tables.

The tables live in the same store as the events (the same SQLite file, or the same
PostgreSQL schema), beside eventsourcing's `stored_events`; ours are prefixed `lsp_`. All
our SQL goes through `ledger.store.seam.Database`, so the same statements run on both:

    lsp_position   the last notification folded in
    lsp_entities   originator id -> (kind, slug), learnt from each aggregate's first event
    lsp_events     every event, decoded: entity, kind, effective and recorded time, actor
                   and its fields as JSON. The audit trail reads it as it is; the roster
                   reads a body's membership facts from it and folds them as of any date.
    lsp_terms      every version of the terms of reference, with its text
    lsp_rosters    each body's roster folded from all its known facts (projections/rosters.py)

Writers never touch these tables, so a read model can be dropped and rebuilt at any time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.accounts import PRIVATE_FIELDS
from ledger.app import Ledger
from ledger.events import fact_of, kind_of, payload
from ledger.kinds import kind_of_topic
from ledger.store.seam import Database
from projections import rosters
from projections.stamps import stamp

BATCH = 500

SCHEMA = """
CREATE TABLE IF NOT EXISTS lsp_position (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lsp_entities (
    originator_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lsp_events (
    position INTEGER PRIMARY KEY,
    originator_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    topic TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_kind TEXT NOT NULL,
    entity TEXT NOT NULL,
    effective TEXT NOT NULL,
    recorded TEXT NOT NULL,
    actor TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS lsp_events_entity ON lsp_events (entity_kind, entity, position);
CREATE TABLE IF NOT EXISTS lsp_terms (
    version INTEGER PRIMARY KEY,
    effective TEXT NOT NULL,
    recorded TEXT NOT NULL,
    actor TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL
);
"""

SCHEMA += rosters.SCHEMA

TABLES = ("lsp_position", "lsp_entities", "lsp_events", "lsp_terms", "lsp_rosters")



def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return stamp(value)
    return value


class ReadStore:
    """The read models of one ledger, in the ledger's own store."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    @contextmanager
    def connect(self) -> Iterator[Database]:
        with self.ledger.database() as db:
            yield db

    def catch_up(self, on_batch: Callable[[int], None] | None = None) -> int:
        """Fold in every event recorded since the last read; returns how many
        (`on_batch(n)` after each batch of n, for a progress bar)."""
        with self.connect() as db:
            db.ensure(SCHEMA)
            with db.transaction(exclusive=True):  # one catcher-up at a time; others wait
                return self._catch_up(db, on_batch)

    def rebuild(self, on_batch: Callable[[int], None] | None = None) -> int:
        """Drop the read models and replay the whole log into them (`on_batch` as in
        `catch_up`)."""
        with self.connect() as db:
            with db.transaction(exclusive=True):
                for table in TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            db.ensure(SCHEMA, again=True)
        return self.catch_up(on_batch)

    def position(self) -> int:
        with self.connect() as db:
            db.ensure(SCHEMA)
            return _position(db)

    def _catch_up(self, conn: Database, on_batch: Callable[[int], None] | None = None) -> int:
        start = _position(conn)
        recorder = self.ledger.recorder
        mapper = self.ledger.mapper
        done = 0
        keeper = rosters.RosterKeeper(conn)
        rows = _Rows(conn)
        while True:
            batch = recorder.select_notifications(start=start + 1, limit=BATCH)
            if not batch:
                break
            for notification in batch:
                event = mapper.to_domain_event(notification)
                if not isinstance(event, Aggregate.Event):
                    raise TypeError(f"unexpected event at position {notification.id}")
                self._fold(rows, notification.id, notification.topic, event, keeper)
                start = notification.id
            rows.write()  # a batch's rows in one round trip each, not one per event
            done += len(batch)
            if on_batch is not None:
                on_batch(len(batch))
        keeper.flush()
        conn.execute("INSERT INTO lsp_position (name, position) VALUES ('log', ?) "
                     "ON CONFLICT (name) DO UPDATE SET position = excluded.position", (start,))
        return done

    def _fold(self, rows: _Rows, position: int, topic: str,
              event: Aggregate.Event, keeper: rosters.RosterKeeper) -> None:
        originator = event.originator_id.hex
        kind = kind_of(event)
        fields = dict(payload(event))
        entity_kind = kind_of_topic(topic)
        if entity_kind == "accounts":  # personal data and token hashes stay out
            fields = {k: v for k, v in fields.items() if k not in PRIVATE_FIELDS}
        if event.originator_version == 1:
            rows.entity(originator, entity_kind, str(fields.get("slug", entity_kind)))
        entity = rows.slug(originator)
        effective = getattr(event, "effective", event.timestamp)
        actor = getattr(event, "actor", "")
        if kind == "TermsAdopted":
            rows.terms.append((fields["version"], stamp(effective), stamp(event.timestamp),
                               actor, fields["source"], fields["sha256"], fields["text"]))
            fields = {k: v for k, v in fields.items() if k != "text"}
        rows.events.append(
            (position, originator, event.originator_version, topic, kind, entity_kind, entity,
             stamp(effective), stamp(event.timestamp), actor,
             json.dumps({k: _jsonable(v) for k, v in fields.items()}, sort_keys=True)))
        if rosters.is_fact(entity_kind, kind):
            keeper.add(fact_of(entity, event))


class _Rows:
    """The rows one catch-up writes, gathered per batch of notifications and written with
    one statement per table; entities' slugs are remembered across batches."""

    def __init__(self, conn: Database) -> None:
        self.conn = conn
        self.slugs: dict[str, str] = {}
        self.entities: list[tuple[str, str, str]] = []
        self.terms: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []

    def entity(self, originator: str, kind: str, slug: str) -> None:
        self.entities.append((originator, kind, slug))
        self.slugs[originator] = slug

    def slug(self, originator: str) -> str:
        if originator not in self.slugs:
            row = self.conn.execute("SELECT slug FROM lsp_entities WHERE originator_id = ?",
                                    (originator,)).fetchone()
            self.slugs[originator] = row["slug"] if row else originator
        return self.slugs[originator]

    def write(self) -> None:
        if self.entities:
            self.conn.executemany(
                "INSERT INTO lsp_entities VALUES (?, ?, ?) ON CONFLICT (originator_id) DO "
                "UPDATE SET kind = excluded.kind, slug = excluded.slug", self.entities)
        if self.terms:
            self.conn.executemany(
                "INSERT INTO lsp_terms VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (version) DO "
                "UPDATE SET effective = excluded.effective, recorded = excluded.recorded, "
                "actor = excluded.actor, source = excluded.source, sha256 = excluded.sha256, "
                "text = excluded.text", self.terms)
        if self.events:
            self.conn.executemany(
                "INSERT INTO lsp_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.events)
        self.entities, self.terms, self.events = [], [], []


def _position(conn: Database) -> int:
    row = conn.execute("SELECT position FROM lsp_position WHERE name = 'log'").fetchone()
    return int(row["position"]) if row else 0
