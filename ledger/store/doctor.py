"""`lsp doctor`: is this store fit to keep a partnership's history? It reads, never writes.

It reports the store (kind and place, never a password), its durability settings, how
many events it holds, how far the read models have read, the latest seal, the
append-only guards and, in PostgreSQL, what the connected role may do to the events; and
a warning, naming what to do, for anything unsafe. This module reads; the report and the
warnings judged from what was read are `ledger.store.health` (its docstring lists them).

Reading only. The store is first read on a connection of our own (the journal mode, the
guards, the event count, the read models' position, the role's rights, and SQLite's
`PRAGMA integrity_check` of the whole file). The ledger itself, whose own connection says
what `synchronous` its writes run with and which decodes the latest seal, is opened only
when opening it changes nothing: opening switches an SQLite file to WAL. (It never puts a
missing guard back: that is `lsp store repair-guards`, on the record.) When it is not
opened, the report says so and what was not read. The read models' tables are never
created.

The doctor is below the application: it is given a callable that opens the ledger and
returns what is read of it (`Opened`: eventsourcing's recorder, and a way to read the
latest seal), and never imports the application or the audit room.
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import PersistenceError

from ledger.errors import IntegrityFailure, NotFound, StoreError
from ledger.store import appendonly
from ledger.store.deploy import LOCK_FUNCTION, MAINTAIN_FROM
from ledger.store.health import (
    Advice,
    PostgresDurability,
    Report,
    RoleRights,
    SealState,
    SQLiteDurability,
    drift_warnings,
    guard_warnings,
    log_warnings,
    postgres_warnings,
    role_warnings,
    sqlite_warnings,
    storage_warnings,
)
from ledger.store.postgres import first_line
from ledger.store.seam import EVENTS_TABLE, Database, Store

POSITION_TABLE = "lsp_position"
"""The read models' position (projections/catchup.py), read here without creating it."""


class LatestSeal(Protocol):
    """What the doctor reads of the latest seal (`ledger.audit.sealing.SealInfo`)."""

    @property
    def tree_size(self) -> int: ...
    @property
    def position(self) -> int | None: ...  # where the seal is stored, if it is
    @property
    def last_position(self) -> int: ...  # the last position it covers
    @property
    def signature(self) -> str | None: ...
    @property
    def key_id(self) -> str | None: ...


@dataclass(frozen=True)
class Opened:
    """The opened ledger, as the doctor reads it."""

    recorder: object  # eventsourcing's: its own connection says what its writes run with
    latest_seal: Callable[[], LatestSeal | None]  # None: never sealed; IntegrityFailure: damaged
    # The read models compared with a rebuild from the log (`projections.drift`): each
    # difference as (table, entity, what differs); None: not checked.
    drift: Callable[[], Sequence[tuple[str, str, str]]] | None = None


# ---------------------------------------------------------------------------- storage


INTEGRITY_LINES = 20
"""Lines of `PRAGMA integrity_check`'s answer kept (it stops at 100 by itself)."""


def integrity_check(store: Store) -> tuple[str, ...] | None:
    """What SQLite's `PRAGMA integrity_check` finds wrong with the file (a damaged page,
    an index that no longer matches its table...): () when it answers "ok", None when it
    is not run (PostgreSQL has no such check built in). Read only."""
    if store.is_postgres:
        return None
    try:
        uri = f"file:{urllib.parse.quote(os.path.abspath(store.path))}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=30)) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as e:  # a file so damaged that it cannot be read at all
        return (f"the file cannot be read as an SQLite database: {e}",)
    found = tuple(str(r[0]) for r in rows)
    return () if found == ("ok",) else found[:INTEGRITY_LINES]


def storage_message(found: tuple[str, ...]) -> str:
    """What a failed integrity check means, with what SQLite said first."""
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (f"the SQLite file is damaged: PRAGMA integrity_check says {found[0]!r}{more}; "
            "what it holds cannot be trusted until it is restored from a backup or an "
            "export")


# ---------------------------------------------------------------------------- reading


def _no_ledger(store: Store) -> NotFound:
    return NotFound(f"there is no ledger at {store}: create one with `lsp init`, or point "
                    "--store (or LSP_STORE) at an existing one")


def table_exists(db: Database, store: Store, table: str) -> bool:
    if store.is_postgres:
        row = db.execute("SELECT to_regclass(?) IS NOT NULL AS found",
                         (f'"{store.schema}".{table}',)).fetchone()
        return bool(row and row["found"])
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                     (table,)).fetchone()
    return row is not None


def _counts(db: Database, store: Store, damaged: bool = False) -> tuple[int, int]:
    # An event's position is SQLite's rowid, PostgreSQL's notification_id. In a damaged
    # SQLite file, count the table's own rows, not its (perhaps damaged) index.
    position = "notification_id" if store.is_postgres else "rowid"
    scan = " NOT INDEXED" if damaged and not store.is_postgres else ""
    row = db.execute(f"SELECT COUNT(*) AS n, COALESCE(MAX({position}), 0) AS latest "
                     f"FROM {EVENTS_TABLE}{scan}").fetchone()
    return int(row["n"]), int(row["latest"])


def read_position(db: Database, store: Store) -> int | None:
    """The position the read models have read (None: they are not created yet)."""
    if not table_exists(db, store, POSITION_TABLE):
        return None
    row = db.execute(f"SELECT position FROM {POSITION_TABLE} WHERE name = 'log'").fetchone()
    return int(row["position"]) if row else 0


PG_SETTINGS = ("SELECT current_setting('fsync') AS fsync, "
               "current_setting('synchronous_commit') AS synchronous_commit, "
               "current_setting('full_page_writes') AS full_page_writes")


def _pg_durability(row: Any) -> PostgresDurability:
    return PostgresDurability(str(row["fsync"]), str(row["synchronous_commit"]),
                              str(row["full_page_writes"]))


def _role_rights(db: Database, schema: str) -> RoleRights:
    table = f'"{schema}".{EVENTS_TABLE}'
    function = f'"{schema}".{LOCK_FUNCTION}()'
    row = db.execute(
        "SELECT current_user AS role, r.rolsuper AS superuser, "
        "has_table_privilege(?, 'INSERT') AS ins, has_table_privilege(?, 'UPDATE') AS upd, "
        "has_table_privilege(?, 'DELETE') AS del, has_table_privilege(?, 'TRUNCATE') AS trn, "
        "to_regprocedure(?) IS NOT NULL AS fn, "
        "current_setting('server_version_num')::int AS version "
        "FROM pg_roles r WHERE r.rolname = current_user",
        (table, table, table, table, function)).fetchone()
    lock = bool(row["superuser"] or row["upd"] or row["del"] or row["trn"])
    if not lock and row["fn"]:
        found = db.execute("SELECT has_function_privilege(?, 'EXECUTE') AS ok",
                           (function,)).fetchone()
        lock = bool(found["ok"])
    if not lock and int(row["version"]) >= MAINTAIN_FROM:
        found = db.execute("SELECT has_table_privilege(?, 'MAINTAIN') AS ok",
                           (table,)).fetchone()
        lock = bool(found["ok"])
    return RoleRights(str(row["role"]), bool(row["superuser"]), bool(row["ins"]),
                      bool(row["upd"]), bool(row["del"]), bool(row["trn"]), lock)


def _synchronous(recorder: object) -> int | None:
    """`PRAGMA synchronous` as the ledger's own eventsourcing connection has it."""
    datastore: Any = getattr(recorder, "datastore", None)
    if datastore is None:
        return None
    with datastore.get_connection(commit=False) as conn:
        cursor = conn.cursor()
        cursor.execute("PRAGMA synchronous")
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _pg_durability_of(recorder: object) -> PostgresDurability | None:
    """The settings as the ledger's own eventsourcing connection has them (a role or a
    database may set synchronous_commit for its sessions)."""
    datastore: Any = getattr(recorder, "datastore", None)
    if datastore is None:
        return None
    with datastore.get_connection() as conn:
        return _pg_durability(conn.execute(PG_SETTINGS).fetchone())


def _seal_state(opened: Opened, events: int, latest: int) -> SealState | None:
    info = opened.latest_seal()
    if info is None:
        return None
    position = info.position if info.position is not None else info.last_position + 1
    return SealState(info.tree_size, info.position, info.signature is not None, info.key_id,
                     max(0, latest - position), max(0, events - info.tree_size - 1))


def examine(store: Store, open_ledger: Callable[[], Opened]) -> Report:
    """Everything `lsp doctor` reports on `store`; `open_ledger` opens it (once the store
    is known to be one that opening does not change). Raises `NotFound` when there is no
    ledger there (creating nothing), `StoreError` when the store cannot be read."""
    errors: tuple[type[Exception], ...] = (sqlite3.Error, PersistenceError)
    if store.is_postgres:
        import psycopg

        errors += (psycopg.Error,)
    try:
        return _examine(store, open_ledger)
    except errors as e:
        raise StoreError(f"cannot examine the ledger at {store}: {first_line(e)}") from None


def _examine(store: Store, open_ledger: Callable[[], Opened]) -> Report:
    role: RoleRights | None = None
    durability: SQLiteDurability | PostgresDurability
    if not store.is_postgres and not os.path.exists(store.path):
        raise _no_ledger(store)  # and create no file
    storage = integrity_check(store)
    with store.connect() as db:
        found = (store.exists(db) if store.is_postgres
                 else table_exists(db, store, EVENTS_TABLE))
        if not found:
            raise _no_ledger(store)
        events, latest = _counts(db, store, bool(storage))
        position_read = read_position(db, store)
        if store.is_postgres:
            role = _role_rights(db, store.schema)
            durability = _pg_durability(db.execute(PG_SETTINGS).fetchone())
        else:
            durability = SQLiteDurability(str(db.execute("PRAGMA journal_mode").fetchone()[0]),
                                          None)
    expected = tuple(sorted(appendonly.PG_TRIGGERS if store.is_postgres
                            else appendonly.TRIGGERS))
    present = tuple(sorted(appendonly.guards(store)))
    missing = [g for g in expected if g not in present]

    notes: list[str] = []
    blockers: list[str] = []
    if isinstance(durability, SQLiteDurability) and durability.journal_mode.lower() != "wal":
        blockers.append("switch the file to WAL")
    seal: SealState | None = None
    seal_read = False
    drift: tuple[tuple[str, str, str], ...] | None = None
    warnings: list[Advice] = []
    opened = not blockers
    if opened:
        opened_ledger = open_ledger()
        if isinstance(durability, SQLiteDurability):
            durability = SQLiteDurability(durability.journal_mode,
                                          _synchronous(opened_ledger.recorder))
        else:
            durability = _pg_durability_of(opened_ledger.recorder) or durability
        if opened_ledger.drift is not None and position_read is not None:
            drift = tuple(opened_ledger.drift())
        try:
            seal = _seal_state(opened_ledger, events, latest)
            seal_read = True
        except IntegrityFailure:
            warnings.append(Advice("seal-unreadable", "the latest seal cannot be decoded",
                                   "run `lsp verify` to find the damage"))
        except (sqlite3.DatabaseError, PersistenceError) as e:
            if not storage:
                raise
            # A damaged file (storage-damaged, below) may not give its latest seal up.
            notes.append(f"the latest seal could not be read from the damaged file: {e}")
    else:
        what = ("the latest seal was not read" if store.is_postgres
                else "neither the latest seal nor synchronous was read")
        notes.append(f"the ledger was not opened, because opening it would "
                     f"{' and '.join(blockers)}: {what}")
    if events == 0:
        notes.append("the ledger holds no events yet: `lsp init NAME --terms FILE`")

    if isinstance(durability, SQLiteDurability):
        warnings += sqlite_warnings(durability)
    else:
        warnings += postgres_warnings(durability)
    if role is not None:
        warnings += role_warnings(role)
    warnings += guard_warnings(store, missing)
    warnings += storage_warnings(storage)
    warnings += log_warnings(events, latest, position_read, seal, seal_read)
    warnings += drift_warnings(drift)
    return Report(store, durability, events, latest, position_read, seal, opened, present,
                  expected, role, tuple(warnings), tuple(notes), storage, drift)
