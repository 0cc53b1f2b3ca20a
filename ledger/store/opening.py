"""Opening a ledger on its store: the store's side of `ledger.app.Ledger`'s constructor.

The application asks for three things of its store, and this module is all of them, so
that `Ledger` keeps only thin calls:

- opening, or creating, the event store: a new ledger's SQLite folder and WAL mode, or
  its PostgreSQL schema (one creator at a time); refusing a store with no ledger; giving
  eventsourcing its settings (`Store.env()`) and reporting a failure to open as
  `StoreError`; then installing the append-only guards on a new ledger, or reporting
  those missing from another, never putting them back (ledger/store/appendonly.py); and,
  where `lsp store init-postgres` made it, routing the writers' table lock through
  `lsp_lock_events()` (ledger/store/deploy.py);
- a connection for our own SQL (`OpenStore.database()`): a new SQLite connection each
  time (they are cheap), one PostgreSQL connection kept open until `close()` (a command
  makes many short reads);
- a new SQLite file claimed by the process that made it (`claim_file`), so that a
  refused `lsp init` removes only a file it made itself (`remove_file`).

It takes the application as a callable (`construct`), never importing it: the arrow
points from the application to the store.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from eventsourcing.persistence import PersistenceError

from ledger.errors import NotFound, StoreError
from ledger.store.appendonly import open_guards
from ledger.store.deploy import route_table_lock
from ledger.store.postgres import lock_key
from ledger.store.seam import Database, Store

APPLICATION_NAME = ""
"""The name eventsourcing is given for the application (`Ledger.construct_env`): none.
With no name it calls the events table `stored_events` in both stores (the PostgreSQL
factory would otherwise call it `lsp_events`, a read model's name), and reads no
`LSP_`-prefixed settings from the environment, where LSP_STORE, LSP_ACTOR and LSP_SEAL
are the command line's own."""


class OpenStore:
    """One ledger's hold on its store: where it is, and our own connection to it."""

    def __init__(self, where: Store) -> None:
        self.where = where
        self._kept = ExitStack()  # closes the kept connection
        self._db: Database | None = None  # PostgreSQL: our own connection, kept open
        self.missing_guards: tuple[str, ...] = ()  # as found when opened

    def open(self, construct: Callable[[dict[str, str]], object], *, create: bool) -> None:
        """Open the ledger at `where` (with `create`, make it ready first). `construct`
        builds the application on eventsourcing's settings and returns its recorder.
        Raises `NotFound` when there is no ledger there, `StoreError` when it cannot be
        opened; either way the kept connection is closed."""
        db = self._postgres() if self.where.is_postgres else None
        if db is not None and create:
            # One creator at a time: CREATE ... IF NOT EXISTS races in PostgreSQL, so a
            # second `lsp init` of the same new schema waits here, then finds it made.
            with _creating(db, self.where.schema):
                self._open(db, construct, create)
        else:
            self._open(db, construct, create)

    def _open(self, db: Database | None, construct: Callable[[dict[str, str]], object],
              create: bool) -> None:
        where = self.where
        if create:
            where.prepare(db)
        elif not where.exists(db):
            self.close()
            raise NotFound(f"there is no ledger at {where}", remedy="act:open")
        env = where.env()
        if where.is_postgres and not create:
            env["CREATE_TABLE"] = "no"  # it exists: spare each command the round trips
        try:
            recorder = construct(env)
        except (PersistenceError, sqlite3.Error, OSError) as e:
            self.close()
            raise StoreError(f"cannot open the ledger at {where}: {e}") from None
        # A new ledger is guarded here; on any other a missing guard is reported, never
        # silently put back (ledger/store/appendonly.py, `lsp store repair-guards`).
        self.missing_guards = open_guards(where, db, create=create)
        # A writer role without UPDATE/DELETE on the events table cannot LOCK it before
        # PostgreSQL 17: where `lsp store init-postgres` made the locking function, use it.
        route_table_lock(recorder, where, db)

    @contextmanager
    def database(self) -> Iterator[Database]:
        """A connection for our own SQL (read models, guards). An SQLite connection is
        cheap and opened each time; a PostgreSQL one is opened once and kept until
        `close()`, as a command makes many short reads."""
        if self.where.is_postgres:
            yield self._postgres()
            return
        with self.where.connect() as db:
            yield db

    def _postgres(self) -> Database:
        if self._db is None:
            self._db = self._kept.enter_context(self.where.connect())
        return self._db

    def close(self) -> None:
        """Close the kept connection, if any (the ledger's `close()` calls this, and
        eventsourcing calls that when the ledger is collected)."""
        self._kept.close()
        self._db = None


@contextmanager
def _creating(db: Database, schema: str) -> Iterator[None]:
    """Hold the schema's lock (the one `transaction(exclusive=True)` takes) for the whole
    of creating a ledger, across transactions."""
    db.execute("SELECT pg_advisory_lock(hashtext(?))", (lock_key(schema),))
    try:
        yield
    finally:
        db.execute("SELECT pg_advisory_unlock(hashtext(?))", (lock_key(schema),))


def claim_file(where: Store) -> bool:
    """For a new ledger, create an empty SQLite file at `where` if there is none (SQLite
    takes an empty file as a new database); whether this call made it. Only the process
    that made the file may remove it: two `lsp init`s at once must not leave the loser
    deleting the winner's ledger. Always False for PostgreSQL."""
    if where.is_postgres:
        return False
    try:
        os.close(os.open(where.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        return False
    except OSError:
        return False  # no such folder: opening the ledger says so
    return True


def remove_file(where: Store) -> None:
    """Remove a new ledger's SQLite file and its WAL files (one `claim_file` made)."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(where.path + suffix):
            os.remove(where.path + suffix)
