"""The stored log as the audit services read it: one definition each of what they share.

- `notifications(ledger)`: the stored events in notification order, read in batches;
- `rows(ledger)`: the same rows as plain tuples, read by a plain SELECT in pages, for
  a reader that needs only their stored bytes (`lsp verify`'s walk); `notification(row)`
  makes one of them the `Notification` the recorder would have given, to decode it;
- `leaf(n)`: an event's RFC 6962 leaf hash, from its stored bytes (CONTRACT.md);
- `export_line(n)`: an event as one line of `lsp export` (CONTRACT.md, "The export
  format and the seals"), which is also the event a proof carries (`ledger.audit.proofs`);
- `decode(ledger, n)`: the event, or why its stored bytes are not a well-formed one.

Sealing, verifying, proving and exporting all hash and write events through these, so
a seal, a proof and an export cannot disagree about what an event's bytes are.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import resolve_topic

from ledger.audit import merkle

if TYPE_CHECKING:
    from ledger.app import Ledger

BATCH = 500
"""Stored events read from the recorder at a time."""

PAGE = 5000
"""Rows read at a time by `rows`."""

Row = tuple[int, str, int, str, bytes]
"""A stored event as `rows` gives it: (position, originator_id as its canonical string,
originator_version, topic, state), the values as stored."""

KEYS = ("position", "originator_id", "originator_version", "topic", "state")
"""The keys of an export line, in the order the export writes them."""


def notifications(ledger: Ledger, after: int | None = None, stop: int | None = None
                  ) -> Iterator[Notification]:
    """Stored events in notification order: all of them (`after` None, even at a position
    below 1), or those after position `after`, up to position `stop`."""
    start = after
    while True:
        batch = ledger.recorder.select_notifications(start=start, limit=BATCH, stop=stop,
                                                     inclusive_of_start=False)
        yield from batch
        if len(batch) < BATCH:
            return
        start = batch[-1].id


def rows(ledger: Ledger, after: int | None = None, stop: int | None = None) -> Iterator[Row]:
    """The stored events in notification order, as `notifications` gives them (all of
    them with `after` None, or those after position `after`, up to `stop`), but as plain
    tuples read `PAGE` at a time by a plain SELECT through the recorder's own connection
    (`ledger.store.sqlite.stored_rows`, `ledger.store.postgres.stored_rows`): no
    `Notification` is made of each row, and no UUID of each id unless its text is not the
    canonical form (eventsourcing's SQLite recorder stores a UUID's 32 hex digits: the
    hyphens are put in, as `str(UUID(...))` would). An id that is not a UUID raises
    ValueError where it is found, as the recorder would have at its page."""
    recorder = ledger.recorder
    if ledger.where.is_postgres:
        from ledger.store.postgres import stored_rows

        read = stored_rows
    elif isinstance(recorder, SQLiteApplicationRecorder):
        from ledger.store.sqlite import stored_rows as read
    else:  # another recorder: through its own reader
        for n in notifications(ledger, after, stop):
            yield n.id, str(n.originator_id), n.originator_version, n.topic, n.state
        return
    uuids = getattr(getattr(recorder, "datastore", None), "originator_id_type", "uuid") == "uuid"
    canonical, plain = merkle.canonical_uuid, re.compile("[0-9a-f]{32}").fullmatch
    start = after
    while True:
        page = read(recorder, start, PAGE, stop)
        for position, originator, version, topic, state in page:
            if type(originator) is not str:
                originator = str(originator)  # PostgreSQL's UUID
            elif uuids:
                if plain(originator):  # as eventsourcing stores it: UUID.hex
                    o = originator
                    originator = f"{o[:8]}-{o[8:12]}-{o[12:16]}-{o[16:20]}-{o[20:]}"
                elif not canonical(originator):
                    originator = str(UUID(originator))
            yield position, originator, version, topic, state
        if len(page) < PAGE:
            return
        start = page[-1][0]


def notification(ledger: Ledger, row: Row) -> Notification:
    """The `Notification` the recorder would have made of a row of `rows`, to decode."""
    position, originator, version, topic, state = row
    uuids = getattr(getattr(ledger.recorder, "datastore", None), "originator_id_type",
                    "uuid") == "uuid"
    return Notification(id=position, originator_id=UUID(originator) if uuids else originator,
                        originator_version=version, topic=topic, state=state)


def leaf(n: StoredEvent) -> bytes:
    """The leaf hash of one stored event, from its stored bytes (CONTRACT.md)."""
    return merkle.event_leaf_hash(str(n.originator_id), n.originator_version, n.topic,
                                  n.state)


def row_leaf(row: Row) -> bytes:
    """The leaf hash of a row of `rows`: the same as `leaf` of its notification."""
    return merkle.event_leaf_hash(row[1], row[2], row[3], row[4])


def export_line(n: Notification) -> dict[str, Any]:
    """One stored event as a line of `lsp export`, keys in `KEYS` order (CONTRACT.md):
    `originator_id` the UUID's canonical string, `state` the standard base64 of the
    stored bytes exactly as they are in the store."""
    return dict(zip(KEYS, (n.id, str(n.originator_id), n.originator_version, n.topic,
                           base64.b64encode(n.state).decode("ascii")), strict=True))


@functools.cache
def _fields(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    """An event class's fields, and those of them with a default: a field added later
    with a default (a seal's `signature`) may be absent from an event stored before it
    existed, and reads as its default. Asked once per class (`verify` decodes every
    event)."""
    fields = dataclasses.fields(cls)
    return (frozenset(f.name for f in fields),
            frozenset(f.name for f in fields if f.default is not dataclasses.MISSING))


def decode(ledger: Ledger, n: StoredEvent) -> tuple[Any, str | None]:
    """The decoded event, or (None, why) the stored event is not a well-formed one."""
    try:
        event = ledger.mapper.to_domain_event(n)
    except Exception as e:  # whatever the bytes make the decoder raise
        return None, f"its stored state does not decode as {n.topic!r} ({type(e).__name__})"
    cls = type(event)
    if not (isinstance(event, Aggregate.Event) and dataclasses.is_dataclass(cls)):
        return None, f"its topic {n.topic!r} is not an event of the ledger"
    expected, optional = _fields(cls)
    found = set(event.__dict__)
    if not expected - optional <= found <= expected:
        missing, extra = sorted(expected - found), sorted(found - expected)
        return None, (f"its fields are not those of {n.topic!r} (missing {missing}, "
                      f"unexpected {extra})")
    topic = event.__dict__.get("originator_topic")
    if topic is not None:
        try:
            resolve_topic(topic)
        except Exception:
            return None, f"it names an aggregate type {topic!r} that does not exist"
    return event, None
