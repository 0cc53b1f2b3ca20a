"""Rate limits counted in the ledger's store, so that every server process on one store
counts against the same limit (docs/server.md, "Rate limits"; docs/web.md).

A limit is `Limit(name, limit, window)`: at most `limit` counted requests for one key in
any `window` seconds. What is counted, and kept, is one row per counted request in
`lsp_rate_limits`, beside the read models (the same SQLite file, the same PostgreSQL
schema), through the seam's `Database`:

    limiter     the limit's name ("api-failures", "sign-in-client", "sign-in-email")
    digest      HMAC-SHA256 of what is counted (a client address; an e-mail address, case
                folded) under the store's own random salt, so the table never holds
                an address, and a digest cannot be looked up in a list of addresses
                or tried over the 2^32 IPv4 addresses without the salt
    counted_at  when the request was counted (seconds since 1970, UTC)
    expires_at  `counted_at` + the window: after it, the row counts for nothing

and the salt, made once per store by whichever process first needs it, in
`lsp_rate_salt`. Each row is deleted at the first counted request (of any limit) after
its `expires_at`: nothing outlives its window by more than the quiet time until the next
one. These tables are not read models (nothing in the events gives them; `lsp
projections rebuild` leaves them alone) and no export carries them.

The clock is wall time (`time.time()`, what freezegun stops and moves in the tests), not
a process's monotonic clock: processes, even machines, compare each other's rows.

`StoreLimits.take` checks and counts in one transaction that holds a lock of its own
(SQLite's one writer, `BEGIN IMMEDIATE`; in PostgreSQL an advisory lock named after the
schema's rate limits, never the read models' lock, which a long catch-up may hold), so
two processes at once cannot both take the last place. `retry_after` alone is one
indexed read (every API request makes it before its token is looked at); `count`, one
write. `connection` lends the connection they go through: on PostgreSQL the lent
ledger's own (kept open), on SQLite one of a small pool kept open here, since opening an
SQLite connection costs 15 to 20 times the read (bench/bench_web.py, "rate limit").
"""

from __future__ import annotations

import hashlib
import hmac
import math
import queue
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass

from ledger.errors import StoreError
from ledger.store.seam import Database, Store

TABLE = "lsp_rate_limits"
SALT_TABLE = "lsp_rate_salt"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    limiter TEXT NOT NULL,
    digest TEXT NOT NULL,
    counted_at DOUBLE PRECISION NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS {TABLE}_digest ON {TABLE} (limiter, digest, counted_at);
CREATE INDEX IF NOT EXISTS {TABLE}_expires ON {TABLE} (expires_at);
CREATE TABLE IF NOT EXISTS {SALT_TABLE} (
    id INTEGER PRIMARY KEY,
    salt TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Limit:
    """At most `limit` counted requests for one key in any `window` seconds."""

    name: str
    limit: int
    window: float


class StoreLimits:
    """The rate limits of one store, counted in it. One per server process and store: it
    remembers the store's salt and that the tables are there."""

    def __init__(self) -> None:
        self._salt: bytes | None = None
        self._free: queue.LifoQueue[Database] = queue.LifoQueue()
        self._kept = ExitStack()
        self._lock = threading.Lock()
        self._where: Store | None = None  # the SQLite store whose connections are kept

    # ------------------------------------------------------------------ connections

    @contextmanager
    def connection(self, where: Store,
                   otherwise: Callable[[], AbstractContextManager[Database]]
                   ) -> Iterator[Database]:
        """A connection to `where` for one call: on SQLite one kept open by this object
        (lent to one thread at a time), elsewhere `otherwise()` (a lent ledger's own
        `database()`, kept open by it). A database's error inside is a `StoreError`
        saying the rate limits could not be read (a 503 at the server)."""
        if where.is_postgres:
            with otherwise() as db, _said(where):
                yield db
            return
        if self._where is None:
            self._where = where
        elif where != self._where:
            raise ValueError(f"these rate limits are {self._where}'s, not {where}'s")
        try:
            db = self._free.get_nowait()
        except queue.Empty:
            with self._lock:
                db = self._kept.enter_context(where.connect())
        with _said(where):
            yield db
        self._free.put(db)  # (after an error it is not lent again)

    def close(self) -> None:
        """Close the SQLite connections kept."""
        with self._lock:
            self._kept.close()
            self._free = queue.LifoQueue()

    # ------------------------------------------------------------------ reading

    def retry_after(self, db: Database, limit: Limit, key: str) -> int | None:
        """Seconds until `key` may be counted again under `limit`, or None when it may
        now."""
        self._ready(db)
        return self._wait(db, limit, self._hash(db, key), time.time())

    # ------------------------------------------------------------------ counting

    def count(self, db: Database, limit: Limit, key: str) -> None:
        """Count one request for `key` under `limit` (whether or not it is over it)."""
        self._ready(db)
        digest = self._hash(db, key)
        now = time.time()
        with self._locked(db):
            self._insert(db, limit, digest, now)

    def take(self, db: Database, *wanted: tuple[Limit, str]) -> int | None:
        """For a request counted under several limits at once: if any of them is reached,
        the longest wait (and nothing is counted); otherwise None, and the request is
        counted under each. Atomic across processes."""
        self._ready(db)
        digests = [(limit, self._hash(db, key)) for limit, key in wanted]
        with self._locked(db):
            now = time.time()
            waits = [w for limit, digest in digests
                     if (w := self._wait(db, limit, digest, now)) is not None]
            if waits:
                return max(waits)
            for limit, digest in digests:
                self._insert(db, limit, digest, now)
        return None

    # ------------------------------------------------------------------ inside

    def _wait(self, db: Database, limit: Limit, digest: str, now: float) -> int | None:
        rows = db.execute(
            f"SELECT counted_at FROM {TABLE} WHERE limiter = ? AND digest = ? "
            "AND counted_at > ? ORDER BY counted_at",
            (limit.name, digest, now - limit.window)).fetchall()
        if len(rows) < limit.limit:
            return None
        # The place frees when the oldest counted request that keeps it full leaves.
        oldest = float(rows[len(rows) - limit.limit]["counted_at"])
        return max(1, math.ceil(oldest + limit.window - now))

    def _insert(self, db: Database, limit: Limit, digest: str, now: float) -> None:
        db.execute(f"DELETE FROM {TABLE} WHERE expires_at <= ?", (now,))
        db.execute(f"INSERT INTO {TABLE} (limiter, digest, counted_at, expires_at) "
                   "VALUES (?, ?, ?, ?)",
                   (limit.name, digest, now, now + limit.window))

    @contextmanager
    def _locked(self, db: Database) -> Iterator[None]:
        if db.dialect == "sqlite":
            with db.transaction(exclusive=True):  # BEGIN IMMEDIATE: the one writer
                yield
            return
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(hashtext(?))",
                       (f"lsp-rate-limits:{getattr(db, 'schema', '')}",))
            yield

    def _ready(self, db: Database) -> None:
        """The tables, created by the first process that needs them (once per process:
        they are never dropped)."""
        if self._salt is not None:
            return
        if not _exists(db, TABLE) or not _exists(db, SALT_TABLE):
            db.ensure(SCHEMA)

    def _hash(self, db: Database, key: str) -> str:
        if self._salt is None:
            self._salt = _salt(db)
        return hmac.new(self._salt, key.encode(), hashlib.sha256).hexdigest()


@contextmanager
def _said(where: Store) -> Iterator[None]:
    """A driver's error as a `StoreError` naming the store and the rate limits."""
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    if where.is_postgres:
        import psycopg

        errors += (psycopg.Error,)
    try:
        yield
    except errors as e:
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise StoreError(f"cannot read or count the rate limits in {where}: {first}; try "
                         "again in a moment") from None


def _exists(db: Database, table: str) -> bool:
    if db.dialect == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    else:
        sql = "SELECT 1 WHERE to_regclass(?) IS NOT NULL"
    return db.execute(sql, (table,)).fetchone() is not None


def _salt(db: Database) -> bytes:
    """The store's salt: the one there, or a new one (the first writer's wins)."""
    db.execute(f"INSERT INTO {SALT_TABLE} (id, salt) VALUES (1, ?) ON CONFLICT (id) DO "
               "NOTHING", (secrets.token_hex(32),))
    row = db.execute(f"SELECT salt FROM {SALT_TABLE} WHERE id = 1").fetchone()
    return bytes.fromhex(str(row["salt"]))


def kept(db: Database) -> Sequence[tuple[str, str, float, float]]:
    """Every row kept, oldest first: (limiter, digest, counted_at, expires_at)."""
    if not _exists(db, TABLE):
        return []
    return [(str(r["limiter"]), str(r["digest"]), float(r["counted_at"]),
             float(r["expires_at"])) for r in db.execute(
                 f"SELECT limiter, digest, counted_at, expires_at FROM {TABLE} "
                 "ORDER BY counted_at")]
