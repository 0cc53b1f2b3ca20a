"""`lsp doctor`: is this store fit to keep a partnership's history? It reads, never writes.

It reports the store (kind and place, never a password), its durability settings, how
many events it holds, how far the read models have read, the latest seal, the
append-only guards and, in PostgreSQL, what the connected role may do to the events; and
a warning, naming what to do, for anything unsafe:

    code                      store       when
    journal-mode              SQLite      the journal is not WAL
    synchronous               SQLite      the ledger's connections sync below FULL
    fsync-off                 PostgreSQL  fsync = off
    synchronous-commit-off    PostgreSQL  synchronous_commit = off (for this role)
    full-page-writes-off      PostgreSQL  full_page_writes = off
    role-can-change-events    PostgreSQL  the role may UPDATE, DELETE or TRUNCATE the events
    role-cannot-lock          PostgreSQL  the role may INSERT but not take the writers' lock
    guards-missing            both        an append-only guard (or the numbering) is missing
    unsealed-events           both        events are under no seal
    read-models-behind        both        the read models have not read the latest events
    read-models-ahead         both        the read models have read past the end of the log
    positions-gap             both        positions do not run 1, 2, 3... to the latest
    seal-unreadable           both        the latest seal cannot be decoded

The warnings are pure functions of what was read (`sqlite_warnings`, `postgres_warnings`,
`role_warnings`, `guard_warnings`, `log_warnings`), so each is tested with a settings
object as well as on a real store.

Reading only. The store is first read on a connection of our own (the journal mode, the
guards, the event count, the read models' position, the role's rights). The ledger
itself, whose own connection says what `synchronous` its writes run with and which
decodes the latest seal, is opened only when opening it changes nothing: opening a ledger
installs missing guards and switches an SQLite file to WAL. When it is not opened, the
report says so and what was not read. The read models' tables are never created.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import PersistenceError

from ledger.audit.sealing import latest_seal
from ledger.errors import IntegrityFailure, NotFound, StoreError
from ledger.store import appendonly
from ledger.store.deploy import LOCK_FUNCTION, MAINTAIN_FROM
from ledger.store.seam import EVENTS_TABLE, Database, Store

if TYPE_CHECKING:
    from ledger.app import Ledger

SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
"""SQLite's `PRAGMA synchronous` levels by number."""

FULL = 2

POSITION_TABLE = "lsp_position"
"""The read models' position (projections/catchup.py), read here without creating it."""


# ---------------------------------------------------------------------------- what is read


@dataclass(frozen=True)
class Advice:
    """One warning: what is unsafe, and what to do about it."""

    code: str
    message: str
    action: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "action": self.action}


@dataclass(frozen=True)
class SQLiteDurability:
    journal_mode: str  # as `PRAGMA journal_mode` gives it: wal, delete, truncate...
    synchronous: int | None  # `PRAGMA synchronous` on the ledger's own connection; None: unread

    def as_dict(self) -> dict[str, Any]:
        return {"journal_mode": self.journal_mode,
                "synchronous": (None if self.synchronous is None else
                                SYNCHRONOUS.get(self.synchronous, str(self.synchronous)))}


@dataclass(frozen=True)
class PostgresDurability:
    fsync: str
    synchronous_commit: str
    full_page_writes: str

    def as_dict(self) -> dict[str, Any]:
        return {"fsync": self.fsync, "synchronous_commit": self.synchronous_commit,
                "full_page_writes": self.full_page_writes}


@dataclass(frozen=True)
class RoleRights:
    """What the connected PostgreSQL role may do to `stored_events`."""

    role: str
    superuser: bool
    insert: bool
    update: bool
    delete: bool
    truncate: bool
    lock: bool  # may take the writers' table lock (itself, or through lsp_lock_events)

    @property
    def changes(self) -> list[str]:
        """The rights that could change history."""
        return [name for name, held in (("UPDATE", self.update), ("DELETE", self.delete),
                                        ("TRUNCATE", self.truncate)) if held]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.role, "superuser": self.superuser, "insert": self.insert,
                "update": self.update, "delete": self.delete, "truncate": self.truncate,
                "lock": self.lock}


@dataclass(frozen=True)
class SealState:
    tree_size: int
    position: int | None  # where the seal is stored
    signed: bool
    key_id: str | None
    recorded_since: int  # events stored after the seal
    unsealed: int  # events under no seal, the latest seal itself not counted

    def as_dict(self) -> dict[str, Any]:
        return {"tree_size": self.tree_size, "position": self.position,
                "signed": self.signed, "key_id": self.key_id,
                "recorded_since": self.recorded_since, "unsealed": self.unsealed}


@dataclass(frozen=True)
class Report:
    store: Store
    durability: SQLiteDurability | PostgresDurability
    events: int
    latest: int  # the highest position
    read_position: int | None  # None: the read models' tables are not created yet
    seal: SealState | None
    opened: bool  # the ledger was opened (seal and, for SQLite, synchronous were read)
    guards_present: tuple[str, ...]
    guards_expected: tuple[str, ...]
    role: RoleRights | None
    warnings: tuple[Advice, ...]
    notes: tuple[str, ...]

    @property
    def healthy(self) -> bool:
        return not self.warnings

    @property
    def guards_missing(self) -> tuple[str, ...]:
        return tuple(g for g in self.guards_expected if g not in self.guards_present)

    @property
    def behind(self) -> int:
        return self.latest - (self.read_position or 0)

    def store_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"kind": self.store.kind, "location": str(self.store)}
        if self.store.is_postgres:
            doc.update(host=self.store.host, port=self.store.port,
                       database=self.store.dbname, schema=self.store.schema,
                       user=self.store.user)
        return doc

    def as_dict(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "store": self.store_dict(),
            "durability": self.durability.as_dict(),
            "events": self.events,
            "latest_position": self.latest,
            "projections": {"position": self.read_position or 0,
                            "created": self.read_position is not None,
                            "latest": self.latest, "behind": self.behind},
            "seal": self.seal.as_dict() if self.seal else None,
            "opened": self.opened,
            "guards": {"present": list(self.guards_present),
                       "missing": list(self.guards_missing)},
            "role": self.role.as_dict() if self.role else None,
            "warnings": [w.as_dict() for w in self.warnings],
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------------------- the warnings


def sqlite_warnings(d: SQLiteDurability) -> list[Advice]:
    found = []
    if d.journal_mode.lower() != "wal":
        found.append(Advice(
            "journal-mode",
            f"the SQLite journal mode is {d.journal_mode.upper()}, not WAL: readers and the "
            "writer block each other, and the ledger's reads are not one consistent snapshot",
            "run any `lsp` command on the ledger when no one else is using it (opening it "
            "switches the file to WAL), or `sqlite3 FILE 'PRAGMA journal_mode=WAL'`"))
    if d.synchronous is not None and d.synchronous < FULL:
        level = SYNCHRONOUS.get(d.synchronous, str(d.synchronous))
        found.append(Advice(
            "synchronous",
            f"the ledger's connections run with synchronous={level}: an event reported as "
            "recorded (and sealed) can be lost in a power cut or a crash of the machine",
            "use a version of lsp that sets synchronous=FULL on each connection, and check "
            "nothing in the environment overrides it; report it as a bug"))
    return found


def postgres_warnings(d: PostgresDurability) -> list[Advice]:
    found = []
    if d.fsync.lower() == "off":
        found.append(Advice(
            "fsync-off",
            "the server runs with fsync = off: a crash of the server or the machine can "
            "corrupt the database and lose events it reported as committed",
            "set fsync = on in postgresql.conf and reload the server (never off for a "
            "ledger; docs/deploy.md)"))
    if d.synchronous_commit.lower() == "off":
        found.append(Advice(
            "synchronous-commit-off",
            "synchronous_commit is off for this connection: a commit is acknowledged before "
            "it is on disk, so a server crash can lose the last events lsp reported recorded",
            "set synchronous_commit = on in postgresql.conf, and remove any "
            "`ALTER ROLE/DATABASE ... SET synchronous_commit = off` (docs/deploy.md)"))
    if d.full_page_writes.lower() == "off":
        found.append(Advice(
            "full-page-writes-off",
            "the server runs with full_page_writes = off: a crash in the middle of writing a "
            "page can leave it torn, beyond what WAL replay can repair",
            "set full_page_writes = on in postgresql.conf and reload the server "
            "(docs/deploy.md)"))
    return found


def role_warnings(r: RoleRights) -> list[Advice]:
    found = []
    if r.changes:
        who = f"role {r.role}" + (" (a superuser)" if r.superuser else "")
        found.append(Advice(
            "role-can-change-events",
            f"{who} may {', '.join(r.changes)} {EVENTS_TABLE}: only the append-only "
            "triggers, which it may be able to drop, stand between it and the history",
            "keep this role for administration; record as a writer role made by "
            "`lsp store init-postgres`, which may only read and append (docs/deploy.md)"))
    if r.insert and not r.lock:
        found.append(Advice(
            "role-cannot-lock",
            f"role {r.role} may INSERT into {EVENTS_TABLE} but not take the lock writers "
            "take on it, so every command that records fails",
            f"run `lsp store init-postgres --writer {r.role}` as the schema's owner (it "
            f"grants {LOCK_FUNCTION}())"))
    return found


def guard_warnings(store: Store, missing: Iterable[str]) -> list[Advice]:
    names = sorted(missing)
    if not names:
        return []
    if store.is_postgres:
        action = ("run `lsp store init-postgres` as the schema's owner (or any `lsp` "
                  "command as the owner: opening the ledger installs them)")
    else:
        action = ("run any `lsp` command on the ledger (opening it installs them), then "
                  "`lsp verify`: whoever dropped them may have changed events")
    return [Advice(
        "guards-missing",
        f"the append-only guards {', '.join(names)} are missing from {EVENTS_TABLE}: "
        "the database would not refuse an UPDATE or DELETE of a recorded event"
        + (" (or number events without gaps)" if "lsp_stored_events_number" in names else ""),
        action)]


def log_warnings(events: int, latest: int, read_position: int | None,
                 seal: SealState | None, seal_read: bool) -> list[Advice]:
    """`seal_read`: whether `seal` is what the ledger holds (None: never sealed), or it
    could not be read (the ledger not opened, the seal damaged), and is not judged."""
    found = []
    if latest != events:
        found.append(Advice(
            "positions-gap",
            f"positions run to {latest} but {events} events are stored: "
            f"{abs(latest - events)} are missing (or numbered twice)",
            "run `lsp verify`, which names the first bad position"))
    if seal_read and seal is not None and seal.unsealed > 0:
        found.append(Advice(
            "unsealed-events",
            f"{seal.unsealed} event{'s are' if seal.unsealed != 1 else ' is'} under no seal "
            f"(the latest seal covers {seal.tree_size})",
            "run `lsp seal` (commands that write seal after themselves unless --no-seal or "
            "LSP_SEAL=off)"))
    elif seal_read and seal is None and events > 0:
        found.append(Advice(
            "unsealed-events",
            f"the ledger was never sealed: none of its {events} events is under a seal",
            "run `lsp seal` (commands that write seal after themselves unless --no-seal or "
            "LSP_SEAL=off)"))
    position = read_position or 0
    if position < latest:
        found.append(Advice(
            "read-models-behind",
            f"the read models are {latest - position} event"
            f"{'s' if latest - position != 1 else ''} behind the log (at {position} of "
            f"{latest})",
            "nothing is lost: they catch up at the next read (`lsp audit`, `lsp roster "
            "BODY`); `lsp projections rebuild` replays them from nothing"))
    elif position > latest:
        found.append(Advice(
            "read-models-ahead",
            f"the read models have read up to position {position}, but the log ends at "
            f"{latest}: events were removed, or the read models belong to another ledger",
            "run `lsp verify`, then `lsp projections rebuild`"))
    return found


# ---------------------------------------------------------------------------- reading


def _no_ledger(store: Store) -> NotFound:
    return NotFound(f"there is no ledger at {store}: create one with `lsp init`, or point "
                    "--store (or LSP_STORE) at an existing one")


def _table_exists(db: Database, store: Store, table: str) -> bool:
    if store.is_postgres:
        row = db.execute("SELECT to_regclass(?) IS NOT NULL AS found",
                         (f'"{store.schema}".{table}',)).fetchone()
        return bool(row and row["found"])
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                     (table,)).fetchone()
    return row is not None


def _counts(db: Database, store: Store) -> tuple[int, int]:
    # An event's position is SQLite's rowid, PostgreSQL's notification_id.
    position = "notification_id" if store.is_postgres else "rowid"
    row = db.execute(f"SELECT COUNT(*) AS n, COALESCE(MAX({position}), 0) AS latest "
                     f"FROM {EVENTS_TABLE}").fetchone()
    return int(row["n"]), int(row["latest"])


def _read_position(db: Database, store: Store) -> int | None:
    if not _table_exists(db, store, POSITION_TABLE):
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


def _synchronous(ledger: Ledger) -> int | None:
    """`PRAGMA synchronous` as the ledger's own eventsourcing connection has it."""
    datastore: Any = getattr(ledger.recorder, "datastore", None)
    if datastore is None:
        return None
    with datastore.get_connection(commit=False) as conn:
        cursor = conn.cursor()
        cursor.execute("PRAGMA synchronous")
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _pg_durability_of(ledger: Ledger) -> PostgresDurability | None:
    """The settings as the ledger's own eventsourcing connection has them (a role or a
    database may set synchronous_commit for its sessions)."""
    datastore: Any = getattr(ledger.recorder, "datastore", None)
    if datastore is None:
        return None
    with datastore.get_connection() as conn:
        return _pg_durability(conn.execute(PG_SETTINGS).fetchone())


def _seal_state(ledger: Ledger, events: int, latest: int) -> SealState | None:
    info = latest_seal(ledger)
    if info is None:
        return None
    position = info.position if info.position is not None else info.last_position + 1
    return SealState(info.tree_size, info.position, info.signature is not None, info.key_id,
                     max(0, latest - position), max(0, events - info.tree_size - 1))


def examine(store: Store, open_ledger: Callable[[], Ledger]) -> Report:
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
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise StoreError(f"cannot examine the ledger at {store}: {first}") from None


def _examine(store: Store, open_ledger: Callable[[], Ledger]) -> Report:
    role: RoleRights | None = None
    durability: SQLiteDurability | PostgresDurability
    if not store.is_postgres and not os.path.exists(store.path):
        raise _no_ledger(store)  # and create no file
    with store.connect() as db:
        found = (store.exists(db) if store.is_postgres
                 else _table_exists(db, store, EVENTS_TABLE))
        if not found:
            raise _no_ledger(store)
        events, latest = _counts(db, store)
        read_position = _read_position(db, store)
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
    blockers = [f"install the missing guards ({', '.join(missing)})"] if missing else []
    if isinstance(durability, SQLiteDurability) and durability.journal_mode.lower() != "wal":
        blockers.append("switch the file to WAL")
    seal: SealState | None = None
    seal_read = False
    warnings: list[Advice] = []
    opened = not blockers
    if opened:
        ledger = open_ledger()
        if isinstance(durability, SQLiteDurability):
            durability = SQLiteDurability(durability.journal_mode, _synchronous(ledger))
        else:
            durability = _pg_durability_of(ledger) or durability
        try:
            seal = _seal_state(ledger, events, latest)
            seal_read = True
        except IntegrityFailure:
            warnings.append(Advice("seal-unreadable", "the latest seal cannot be decoded",
                                   "run `lsp verify` to find the damage"))
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
    warnings += log_warnings(events, latest, read_position, seal, seal_read)
    return Report(store, durability, events, latest, read_position, seal, opened, present,
                  expected, role, tuple(warnings), tuple(notes))
