"""Append-only in the store: SQLite triggers that refuse to change or delete an event.

eventsourcing only ever INSERTs into `stored_events`; nothing in this project updates or
deletes a row. These triggers make the database itself refuse it, so a slip (a script, an
SQL console, a tool that "tidies up") cannot quietly rewrite history:

    lsp_stored_events_no_update   BEFORE UPDATE ON stored_events: refused
    lsp_stored_events_no_delete   BEFORE DELETE ON stored_events: refused
    lsp_stored_events_no_replace  BEFORE INSERT of a (originator_id, originator_version)
                                  already stored: refused, so `INSERT OR REPLACE` (which
                                  deletes the old row without firing a DELETE trigger)
                                  cannot overwrite an event either

Each refusal is `RAISE(ABORT, 'the ledger is append-only: ...')`, which sqlite3 reports as
`sqlite3.IntegrityError`; the statement and its transaction's change are undone.

In PostgreSQL the same guard is one trigger function, `lsp_refuse_change`, fired BEFORE
UPDATE OR DELETE (each row) and BEFORE TRUNCATE; it raises with the same messages. A
deployment should also write as a role that holds only SELECT and INSERT on the table
(`lsp store init-postgres`, docs/deploy.md): then not even a dropped trigger lets it edit.

PostgreSQL also gets `lsp_number_event`, fired BEFORE INSERT on each row: it numbers the
event one more than the highest stored. eventsourcing's own numbering there is a sequence,
which a rolled-back insert (a conflict, a killed client) skips a number of for ever; the
ledger's positions must run 1, 2, 3... as SQLite's do, because seals, proofs and exports
name them and a gap is how a deleted event shows. It is safe because eventsourcing locks
the events table (EXCLUSIVE) before every insert, so one insert numbers at a time, and a
row-level trigger sees the rows its own statement inserted before.

They are a guard, not the proof: anyone who can write the file can drop them
(`DROP TRIGGER`) and then edit rows. What catches that is the seals: an auditor recomputes
each seal's Merkle root from an export (docs/audit.md, docs/verify_example.py), and any
changed, dropped or reordered event under a seal changes the root.

Never silently repaired. A new ledger gets its guards when it is created (`open_guards`
with `create`, on an empty events table). Opening any other ledger only looks: a guard
that is missing, disabled or not as written here is reported on stderr and left as it
is, because its absence is the trace that someone removed it; `lsp verify` fails on it
(exit 3, naming it), and `lsp store repair-guards` (`ledger.audit.guards`) puts the guards
back and records an event saying who did, and when.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable
from contextlib import closing

from ledger.errors import StoreError
from ledger.store.seam import Database, Store

TABLE = "stored_events"

MESSAGE = "the ledger is append-only"

NO_UPDATE = f"{MESSAGE}: a recorded event cannot be changed; record a correction instead"
NO_DELETE = f"{MESSAGE}: a recorded event cannot be deleted; record a correction instead"
NO_REPLACE = f"{MESSAGE}: this originator and version is recorded already and cannot be replaced"


def _trigger(name: str, when: str, message: str) -> str:
    return (f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN "
            f"SELECT RAISE(ABORT, '{message}'); END")


TRIGGERS: dict[str, str] = {
    "lsp_stored_events_no_update": _trigger(
        "lsp_stored_events_no_update", f"BEFORE UPDATE ON {TABLE}", NO_UPDATE),
    "lsp_stored_events_no_delete": _trigger(
        "lsp_stored_events_no_delete", f"BEFORE DELETE ON {TABLE}", NO_DELETE),
    "lsp_stored_events_no_replace": _trigger(
        "lsp_stored_events_no_replace",
        f"BEFORE INSERT ON {TABLE} WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE "
        "originator_id = NEW.originator_id AND originator_version = NEW.originator_version)",
        NO_REPLACE),
}
"""The name of each trigger, and the statement that creates it if it is missing."""


PG_FUNCTIONS: tuple[str, ...] = (
    f"""CREATE OR REPLACE FUNCTION lsp_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = '{NO_UPDATE}';
    ELSIF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = '{NO_DELETE}';
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
        MESSAGE = '{MESSAGE}: the events cannot be truncated';
END
$f$""",
    # FROM CURRENT: the schema the ledger is in, whatever the inserting connection's path.
    f"""CREATE OR REPLACE FUNCTION lsp_number_event() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $f$
BEGIN
    NEW.notification_id := COALESCE((SELECT MAX(notification_id) FROM {TABLE}), 0) + 1;
    RETURN NEW;
END
$f$""",
)
"""PostgreSQL's trigger functions: the refusal, and the gapless numbering."""

PG_TRIGGERS: dict[str, str] = {
    "lsp_stored_events_no_change": f"CREATE TRIGGER lsp_stored_events_no_change BEFORE UPDATE "
                                   f"OR DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION "
                                   "lsp_refuse_change()",
    "lsp_stored_events_no_truncate": f"CREATE TRIGGER lsp_stored_events_no_truncate BEFORE "
                                     f"TRUNCATE ON {TABLE} FOR EACH STATEMENT EXECUTE "
                                     "FUNCTION lsp_refuse_change()",
    "lsp_stored_events_number": f"CREATE TRIGGER lsp_stored_events_number BEFORE INSERT ON "
                                f"{TABLE} FOR EACH ROW EXECUTE FUNCTION lsp_number_event()",
}
"""PostgreSQL's triggers on `stored_events`, by name."""


def install_guards(store: Store, db: Database | None) -> None:
    """The append-only guards (and, in PostgreSQL, the numbering) on the store's events
    table, created where missing; `db` is a connection to a PostgreSQL store.

    Only a new ledger gets them this way (`open_guards`, with `create`, on an empty events
    table), and `lsp store repair-guards` (`ledger.audit.guards`), which records who put
    them back. Opening an existing ledger never repairs them: a guard that is missing is
    evidence, and is reported instead."""
    if db is None:
        install_triggers(store.path)
        return
    if set(PG_TRIGGERS) <= _pg_present(db):
        return
    with db.transaction(exclusive=True):
        present = _pg_present(db)
        if set(PG_TRIGGERS) <= present:
            return
        for function in PG_FUNCTIONS:
            db.execute(function)
        for name, statement in PG_TRIGGERS.items():
            if name not in present:
                if name in _pg_names(db):  # there, but disabled or changed: make it anew
                    db.execute(f"DROP TRIGGER {name} ON {TABLE}")
                db.execute(statement)


def open_guards(store: Store, db: Database | None, *, create: bool) -> tuple[str, ...]:
    """The guards when a ledger is opened: installed on a new one (`create`, and no event
    stored yet); on any other, the names of those missing, reported on stderr and
    returned, never put back (`lsp verify` fails on them; `lsp store repair-guards` puts
    them back and records that it did)."""
    if create and _empty(store, db):
        install_guards(store, db)
        return ()
    missing = missing_guards(store, db)
    if missing:
        sys.stderr.write(f"Warning: {missing_message(missing)}; run `lsp verify`, then "
                         "`lsp store repair-guards` to put them back\n")
    return missing


def missing_message(missing: Iterable[str]) -> str:
    """What a missing (or disabled, or changed) guard means, naming them."""
    names = ", ".join(sorted(missing))
    return (f"the append-only guards {names} are missing from {TABLE} (dropped, disabled or "
            "changed): the database would not refuse an UPDATE or DELETE of a recorded "
            "event, and whoever removed them may have changed events")


def expected_guards(store: Store) -> tuple[str, ...]:
    """The names of the guards the store's events table should have."""
    return tuple(sorted(PG_TRIGGERS if store.is_postgres else TRIGGERS))


def missing_guards(store: Store, db: Database | None = None) -> tuple[str, ...]:
    """The guards missing from the store's events table, in name order: dropped, or (in
    PostgreSQL) disabled, or present with another definition than ours. `db`: a
    connection to a PostgreSQL store (one is opened when None)."""
    present = _pg_present(db) if store.is_postgres and db is not None else guards(store)
    return tuple(name for name in expected_guards(store) if name not in present)


def _empty(store: Store, db: Database | None) -> bool:
    if db is not None:
        return db.execute(f"SELECT 1 FROM {TABLE} LIMIT 1").fetchone() is None
    try:
        with closing(sqlite3.connect(store.path, timeout=30)) as conn:
            return conn.execute(f"SELECT 1 FROM {TABLE} LIMIT 1").fetchone() is None
    except sqlite3.Error as e:
        raise StoreError(f"cannot read the ledger at {store.path}: {e}") from None


def _pg_names(db: Database) -> set[str]:
    rows = db.execute("SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ? "
                      "AND n.nspname = current_schema()", (TABLE,)).fetchall()
    return {str(r[0]) for r in rows}


def _pg_present(db: Database) -> set[str]:
    """Our triggers on the events table that are there, enabled and calling our functions
    as we wrote them (a disabled trigger, or a function replaced by one that lets a change
    through, guards nothing)."""
    rows = db.execute("SELECT t.tgname, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
                      "JOIN pg_class c ON c.oid = t.tgrelid "
                      "JOIN pg_namespace n ON n.oid = c.relnamespace "
                      "JOIN pg_proc p ON p.oid = t.tgfoid WHERE c.relname = ? "
                      "AND n.nspname = current_schema()", (TABLE,)).fetchall()
    return {str(r[0]) for r in rows
            if str(r[0]) in PG_TRIGGERS and str(r[1]) != "D"
            and _PG_SOURCES.get(str(r[2])) == str(r[3])}


def _source(function: str) -> tuple[str, str]:
    name = function.split("FUNCTION ", 1)[1].split("(", 1)[0]
    return name, function.split("$f$")[1]


_PG_SOURCES: dict[str, str] = dict(_source(f) for f in PG_FUNCTIONS)
"""Each trigger function's name and its body, as PostgreSQL keeps it (`prosrc`)."""


def guards(store: Store) -> set[str]:
    """The names of this module's guards present on the store's events table."""
    if not store.is_postgres:
        return installed(store.path)
    with store.connect() as db:
        return _pg_present(db)


def installed(sqlite_path: str) -> set[str]:
    """The names of this module's triggers present in the store at `sqlite_path`."""
    try:
        with closing(sqlite3.connect(sqlite_path, timeout=30)) as conn:
            return _present(conn)
    except sqlite3.Error as e:
        raise StoreError(f"cannot read the ledger at {sqlite_path}: {e}") from None


def install_triggers(sqlite_path: str) -> None:
    """Create the append-only triggers on `stored_events` where they are missing.

    Idempotent, and only reads when they are all there already. A trigger of a guard's
    name that is not the guard as written here (changed to let a change through) is
    replaced. The table must exist: eventsourcing creates it when the application is
    constructed.
    """
    try:
        with closing(sqlite3.connect(sqlite_path, timeout=30)) as conn:
            present = _present(conn)
            if set(TRIGGERS) <= present:
                return
            exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                  "AND name = ?", (TABLE,)).fetchone()
            if exists is None:
                raise StoreError(f"the ledger at {sqlite_path} has no {TABLE} table")
            with conn:  # one transaction: all the triggers or none
                for name, statement in TRIGGERS.items():
                    if name not in present:
                        conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                        conn.execute(statement)
    except sqlite3.Error as e:
        raise StoreError(f"cannot guard the ledger at {sqlite_path}: {e}") from None


def _present(conn: sqlite3.Connection) -> set[str]:
    """Our triggers on the events table that are there as we wrote them: one of the same
    name doing something else is not a guard."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                        "AND tbl_name = ?", (TABLE,)).fetchall()
    return {str(name) for (name, sql) in rows if _SQLITE_SQL.get(str(name)) == sql}


_SQLITE_SQL: dict[str, str] = {
    name: statement.replace("CREATE TRIGGER IF NOT EXISTS ", "CREATE TRIGGER ", 1)
    for name, statement in TRIGGERS.items()}
"""Each trigger as SQLite keeps its text (`sqlite_master.sql` drops IF NOT EXISTS)."""
