"""The doctor's report (`lsp doctor`): what was read of a store, and the warnings judged
from it. Pure: nothing here reads a store (that is `ledger.store.doctor`).

A warning names what is unsafe and what to do about it:

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
    storage-damaged           SQLite      `PRAGMA integrity_check` finds the file damaged
    read-models-drift         both        a read model differs from a rebuild from the log

The warnings are functions of what was read (`sqlite_warnings`, `postgres_warnings`,
`role_warnings`, `guard_warnings`, `storage_warnings`, `log_warnings`, `drift_warnings`),
so each is tested with a settings object as well as on a real store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ledger.store.deploy import LOCK_FUNCTION
from ledger.store.seam import EVENTS_TABLE, Store

SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
"""SQLite's `PRAGMA synchronous` levels by number."""

FULL = 2


# ---------------------------------------------------------------------------- the report


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
    storage: tuple[str, ...] | None = None  # integrity_check's findings; None: not run
    # The read models compared with the log: (table, entity, what differs) for each row
    # that differs; None: not compared (not opened, or no read models yet).
    drift: tuple[tuple[str, str, str], ...] | None = None

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
            "storage": {"integrity_check": ("not run" if self.storage is None else
                                            "failed" if self.storage else "ok"),
                        "messages": list(self.storage or ())},
            "read_models": {"checked": self.drift is not None,
                            "drift": [{"table": t, "entity": e, "problem": p}
                                      for t, e, p in self.drift or ()]},
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
    action = ("run `lsp verify` (whoever removed them may have changed events), then "
              "`lsp store repair-guards`"
              + (" as the schema's owner" if store.is_postgres else "")
              + ", which puts them back and records who did; opening the ledger never "
              "does")
    return [Advice(
        "guards-missing",
        f"the append-only guards {', '.join(names)} are missing from {EVENTS_TABLE}: "
        "the database would not refuse an UPDATE or DELETE of a recorded event"
        + (" (or number events without gaps)" if "lsp_stored_events_number" in names else ""),
        action)]


def storage_warnings(found: tuple[str, ...] | None) -> list[Advice]:
    """`found`: what `PRAGMA integrity_check` said was wrong (None: not run)."""
    if not found:
        return []
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return [Advice(
        "storage-damaged",
        f"the SQLite file is damaged: PRAGMA integrity_check says {found[0]!r}{more}",
        "stop writing to it; restore it from a backup, or import an export into a new "
        "file (`lsp import`), then `lsp verify` the result")]


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


def drift_warnings(found: Sequence[tuple[str, str, str]] | None) -> list[Advice]:
    """`found`: the read models' rows that differ from a rebuild from the log, as (table,
    entity, what differs); None: not compared."""
    if not found:
        return []
    table, entity, problem = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return [Advice(
        "read-models-drift",
        f"what the ledger shows is not what it recorded: {table}, {entity}: {problem}{more}",
        "run `lsp verify` (exit 3 names every row), then `lsp projections rebuild`, which "
        "rebuilds the read models from the sealed log")]
