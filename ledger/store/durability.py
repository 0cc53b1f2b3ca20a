"""Crash safety in SQLite: every connection of the ledger in WAL mode with synchronous=FULL.

A command that says it recorded something must have it on disk, whatever happens next: a
killed process, a lost terminal, a power cut. SQLite promises that for a transaction
committed in WAL mode only with `synchronous = FULL`, which makes every commit wait until
the write-ahead log is flushed to the disk (with `NORMAL`, the last commits before a
power cut may be lost, though the file stays consistent).

eventsourcing's SQLite store (`eventsourcing.sqlite`) turns WAL on for the file, once per
connection pool, but leaves `synchronous` at the build's default, which is a property of
each connection, not of the file. So the ledger names its own infrastructure factory in
`Store.env()`:

    PERSISTENCE_MODULE = "ledger.store.durability:DurableSQLiteFactory"

It is eventsourcing's SQLite factory whose connection pool configures, and checks, every
connection it opens, the first and any opened later (a pool opens more as threads need
them): `journal_mode` is `wal` and `synchronous` is FULL (2). A connection that cannot be
set so is closed and refused (`OperationalError`, which opening a ledger reports as
`StoreError`): the ledger does not run on a weaker promise than it makes.

The project's own SQL connections (`ledger.store.sqlite`, opened by `Store.connect`) set
`synchronous = FULL` too. They stay in a module of their own, apart from this one: these
are eventsourcing's connections, loaded by eventsourcing from PERSISTENCE_MODULE, and
may switch a file to WAL; ours must never change the file (`lsp doctor` reads its journal
mode through them) and need nothing of eventsourcing.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing

from eventsourcing.persistence import OperationalError
from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteFactory
from eventsourcing.utils import Environment, EnvType

FACTORY_TOPIC = "ledger.store.durability:DurableSQLiteFactory"
"""The PERSISTENCE_MODULE `Store.env()` gives eventsourcing for an SQLite store."""

SYNCHRONOUS_FULL = 2
"""What `PRAGMA synchronous` reads on a connection set to FULL."""

JOURNAL_MODE = "wal"


def configure_connection(conn: sqlite3.Connection, *, memory: bool = False) -> None:
    """Put one connection in WAL mode (unless the database is in memory) with
    synchronous=FULL, and check that it took; raises sqlite3.OperationalError if not."""
    if not memory:
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        if mode != JOURNAL_MODE:
            mode = str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower()
        if mode != JOURNAL_MODE:
            raise sqlite3.OperationalError(f"cannot put the database in WAL mode "
                                           f"(journal_mode stays {mode!r})")
    conn.execute("PRAGMA synchronous=FULL")
    level = conn.execute("PRAGMA synchronous").fetchone()[0]
    if level != SYNCHRONOUS_FULL:
        raise sqlite3.OperationalError(f"cannot set synchronous=FULL (it stays {level})")


def ensure_wal(path: str, attempts: int = 50) -> None:
    """Put the database file at `path` in WAL mode (it stays so: the mode is the file's).

    Switching a new file to WAL needs it to itself, and SQLite answers "database is
    locked" at once, without waiting, to a second process switching it at the same moment
    (two `lsp init`s at once). So a new ledger is switched here first, retrying briefly,
    before eventsourcing opens it and finds it in WAL already."""
    for attempt in range(attempts):
        try:
            with closing(sqlite3.connect(path, timeout=30)) as conn:
                mode = str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower()
            if mode == JOURNAL_MODE:
                return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
        time.sleep(0.005 * (attempt + 1))
    raise sqlite3.OperationalError(f"cannot put {path} in WAL mode: another process keeps "
                                   "it locked")


class DurableSQLiteConnectionPool(SQLiteConnectionPool):
    """eventsourcing's SQLite connection pool, each new connection made durable."""

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        try:
            configure_connection(connection._sqlite_conn, memory=self.is_sqlite_memory_mode)
        except sqlite3.Error as e:
            connection.close()
            raise OperationalError(f"cannot make the SQLite connection durable: {e}") from e
        return connection


class DurableSQLiteFactory(SQLiteFactory):
    """eventsourcing's SQLite factory whose datastore uses `DurableSQLiteConnectionPool`.

    The factory builds its datastore (and a pool, with no connection yet) in its
    constructor; the pool is replaced there by a durable one with the same settings,
    before anything connects."""

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)
        plain = self.datastore.pool
        self.datastore.pool = DurableSQLiteConnectionPool(
            db_name=plain.db_name, lock_timeout=plain.lock_timeout,
            pool_size=plain.pool_size, max_overflow=plain.max_overflow,
            pool_timeout=plain.pool_timeout, max_age=plain.max_age, pre_ping=plain.pre_ping)
        plain.close()
