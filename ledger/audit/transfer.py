"""Export and import: the ledger as JSON Lines, verified seal by seal on the way in.

The format is CONTRACT.md's ("The export format and the seals"): one stored event a line,
in the store's notification order,

    {"position": 1, "originator_id": "0f1e...", "originator_version": 1,
     "topic": "lsp:Partnership.Founded", "state": "eyJ..."}

`originator_id` is the UUID's canonical string (lowercase, with hyphens, as
`ledger.audit.merkle.leaf_input` hashes it) and `state` the standard base64 of the stored bytes,
exactly as they are in the store. An export is what an auditor recomputes the seals from
(docs/audit.md); an import rebuilds a ledger from one.

Import is all or nothing. The file is read and checked line by line first:

- each line is a JSON object with exactly the five keys, of the right types; the id is a
  canonical UUID; the state is canonical base64; the topic is an `lsp:` topic;
- positions run 1, 2, 3... without a gap (a fresh SQLite store numbers its events so,
  and the imported ledger must keep the positions its seals and proofs name);
- each originator's versions run 1, 2, 3... in file order;
- at each seal (a line whose topic contains "Seal"), its state is JSON whose `root` is the
  RFC 6962 Merkle Tree Hash of the first `tree_size` lines (computed incrementally with a
  `merkle.Frontier`, never by re-hashing the history), in `format` rfc6962-sha256/v1, and
  its `frontier`, when it has one, is that tree's right frontier;
- every event can be read back by this ledger (its topic is known, its state decodes).

Only when the whole file passes are the events written, all in one transaction, into a
store that must be new or empty; otherwise nothing is kept, and a store file the import
created is removed again. A malformed or unverified file raises `IntegrityFailure` (exit
code 3) naming the line, its position and the problem; a store that is not empty raises
`AlreadyExists` (exit code 1).

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

import base64
import binascii
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

import ledger.audit.seal  # noqa: F401 - registers the seal topics, so seal events read back
from ledger.app import Ledger
from ledger.audit import merkle
from ledger.errors import (
    AlreadyExists,
    IntegrityFailure,
    InvalidInput,
    LedgerError,
    NotFound,
    StoreError,
)
from ledger.store.postgres import PostgresDatabase
from ledger.store.seam import EVENTS_TABLE, Store

BATCH = 500

KEYS = ("position", "originator_id", "originator_version", "topic", "state")
"""The keys of a line, in the order the export writes them."""

SEAL_MARK = "Seal"
"""A seal is an event whose topic contains this (CONTRACT.md)."""

_TOPIC = re.compile(r"lsp:[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*")


@dataclass(frozen=True)
class ExportReport:
    """What `export` wrote: how many events, and the root of the tree over all of them."""

    events: int
    root: str


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


# ---------------------------------------------------------------------------- export


def export_line(position: int, originator_id: UUID | str, originator_version: int, topic: str,
                state: bytes) -> str:
    """One line of the export (without its newline), keys in CONTRACT.md's order."""
    return json.dumps({
        "position": position,
        "originator_id": str(originator_id),
        "originator_version": originator_version,
        "topic": topic,
        "state": base64.b64encode(state).decode("ascii"),
    })


def export(ledger: Ledger, path_or_stream: str | os.PathLike[str] | IO[str]) -> int:
    """Write every event of `ledger` to a file (or an open text stream); returns how many.

    The events are those recorded when the export starts, in notification order, with
    their positions as in the store. A file is written beside its final name and moved
    into place at the end, so a failed export never leaves half a file.
    """
    return export_with_root(ledger, path_or_stream).events


def export_with_root(ledger: Ledger,
                     path_or_stream: str | os.PathLike[str] | IO[str]) -> ExportReport:
    """`export`, also returning the Merkle root of everything written."""
    if not isinstance(path_or_stream, str | os.PathLike):
        return _write(ledger, path_or_stream)
    target = Path(path_or_stream)
    if not target.parent.is_dir():
        raise NotFound(f"cannot write {target}: there is no folder {target.parent}")
    if target.is_dir():
        raise InvalidInput(f"cannot write {target}: it is a folder; give a file name")
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            report = _write(ledger, stream)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return report


def _write(ledger: Ledger, stream: IO[str]) -> ExportReport:
    recorder = ledger.recorder
    last = recorder.max_notification_id() or 0
    frontier = merkle.Frontier.empty()
    count = 0
    start = 1
    while start <= last:
        batch = recorder.select_notifications(start=start, limit=BATCH, stop=last)
        if not batch:
            break
        for n in batch:
            frontier.append(merkle.leaf_hash(merkle.leaf_input(
                str(n.originator_id), n.originator_version, n.topic, n.state)))
            stream.write(export_line(n.id, n.originator_id, n.originator_version, n.topic,
                                     n.state) + "\n")
            count += 1
        start = batch[-1].id + 1
    return ExportReport(count, frontier.root().hex())


# ---------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Line:
    """One checked line of an export."""

    number: int
    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


class Reader:
    """Checks an export line by line, seals included, keeping what it read."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.leaves: list[bytes] = []
        self.frontier = merkle.Frontier.empty()
        self.versions: dict[UUID, int] = {}
        self.seals = 0
        self.sealed = 0
        self._at: tuple[int, int | None] = (0, None)

    def _bad(self, problem: str) -> IntegrityFailure:
        """The failure at the line being read (its number is the position it should have)."""
        number, position = self._at
        where = f"line {number}" if position is None else f"line {number} (position {position})"
        return _bad(where, problem, number)

    def read(self, number: int, raw: bytes) -> None:
        line = self._parse(number, raw)
        if SEAL_MARK in line.topic:
            self._check_seal(line)
        self.lines.append(line)
        leaf = merkle.leaf_hash(merkle.leaf_input(str(line.originator_id),
                                                  line.originator_version, line.topic,
                                                  line.state))
        self.leaves.append(leaf)
        self.frontier.append(leaf)

    def _parse(self, number: int, raw: bytes) -> Line:
        self._at = (number, None)
        try:
            doc: Any = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise self._bad("is not a JSON object (one event a line)") from None
        if not isinstance(doc, dict):
            raise self._bad("is not a JSON object (one event a line)")
        position = doc.get("position")
        if _is_int(position):
            self._at = (number, position)
        if set(doc) != set(KEYS):
            missing = [k for k in KEYS if k not in doc]
            extra = sorted(k for k in doc if k not in KEYS)
            raise self._bad("does not have the five keys of the export"
                       + (f"; missing {', '.join(missing)}" if missing else "")
                       + (f"; unexpected {', '.join(extra)}" if extra else ""))
        if not _is_int(position):
            raise self._bad(f"has a position that is not a whole number: {position!r}")
        expected = len(self.lines) + 1
        if position != expected:
            raise self._bad(f"is where position {expected} should be: positions run 1, 2, "
                       "3... without a gap, so a line is missing, repeated or out of order")
        text_id = doc["originator_id"]
        originator = _uuid(text_id)
        if originator is None:
            raise self._bad("has an originator_id that is not a UUID as lowercase hex "
                       f"with hyphens: {text_id!r}")
        version = doc["originator_version"]
        if not _is_int(version) or version < 1:
            raise self._bad(f"has an originator_version that is not a whole number from 1: "
                       f"{version!r}")
        previous = self.versions.get(originator, 0)
        if version != previous + 1:
            raise self._bad(f"has originator {text_id} at version {version} where "
                       f"{previous + 1} comes next: each originator's versions run 1, 2, "
                       "3... in order, so an event is missing, repeated or out of order")
        topic = doc["topic"]
        if not isinstance(topic, str) or not _TOPIC.fullmatch(topic):
            raise self._bad(f"has a topic that is not an lsp: topic such as "
                       f"'lsp:Body.SeatFilled': {topic!r}")
        encoded = doc["state"]
        state = _base64(encoded)
        if state is None:
            raise self._bad("has a state that is not standard base64 (RFC 4648, with = padding)")
        self.versions[originator] = version
        return Line(number, position, originator, version, topic, state)

    def _check_seal(self, line: Line) -> None:
        self._at = (line.number, line.position)
        try:
            seal: Any = json.loads(line.state.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise self._bad("is a seal whose state is not JSON") from None
        if not isinstance(seal, dict):
            raise self._bad("is a seal whose state is not a JSON object")
        size: Any = seal.get("tree_size")
        root, form = seal.get("root"), seal.get("format")
        before = len(self.lines)
        if form != merkle.FORMAT:
            raise self._bad(f"is a seal in format {form!r}; this ledger reads "
                       f"{merkle.FORMAT!r}")
        if not _is_int(size) or not 0 <= size <= before:
            raise self._bad(f"is a seal of tree_size {size!r}, but {before} events come "
                       "before it")
        if not isinstance(root, str):
            raise self._bad(f"is a seal whose root is not hex: {root!r}")
        # Usually the seal covers every line before it; if it was recorded while more was
        # being written (rare), recompute that prefix.
        frontier = (self.frontier if size == before
                    else merkle.Frontier.of(self.leaves[:size]))
        computed = frontier.root().hex()
        if root != computed:
            raise self._bad(f"is a seal that does not verify: its root {root} is not the root "
                       f"{computed} of the {size} events before it, so an event under it "
                       "was changed, removed, added or moved")
        claimed = seal.get("frontier")
        if claimed is not None:  # ledger.audit.seal writes it comma-separated; a list is read too
            hashes = (claimed.split(",") if claimed else []) if isinstance(claimed, str) \
                else claimed
            try:
                stored = merkle.Frontier.from_hex(size, hashes)
            except ValueError as e:
                raise self._bad(f"is a seal whose frontier cannot be read: {e}") from None
            if stored != frontier:
                raise self._bad("is a seal whose frontier is not that of the events "
                           "before it")
        self.seals += 1
        self.sealed = max(self.sealed, size)


def read_export(path: str | os.PathLike[str]) -> Reader:
    """Check the export at `path` line by line; raises IntegrityFailure at the first fault."""
    reader = Reader()
    for number, raw in _lines(path):
        reader.read(number, raw)
    return reader


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
            raise _bad(where, f"is not an event this ledger can read ({line.topic}): "
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


def _lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line; a final newline is allowed, blank lines are not."""
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, 1):
            body = raw[:-1] if raw.endswith(b"\n") else raw
            if body.endswith(b"\r"):
                body = body[:-1]
            if not body.strip():
                raise _bad(f"line {number}", "is blank: an export has one event on every "
                           "line", number)
            yield number, body


def _bad(where: str, problem: str, position: int | None = None) -> IntegrityFailure:
    return IntegrityFailure(f"the export does not verify: {where} {problem}; nothing was "
                            "imported", position)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _uuid(value: object) -> UUID | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = UUID(value)
    except ValueError:
        return None
    return parsed if str(parsed) == value else None


def _base64(value: object) -> bytes | None:
    if not isinstance(value, str) or not value.isascii():
        return None
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if base64.b64encode(decoded).decode("ascii") == value else None
