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

They are a guard, not the proof: anyone who can write the file can drop them
(`DROP TRIGGER`) and then edit rows. What catches that is the seals: an auditor recomputes
each seal's Merkle root from an export (docs/audit.md, docs/verify_example.py), and any
changed, dropped or reordered event under a seal changes the root.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from ledger.errors import StoreError

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


def installed(sqlite_path: str) -> set[str]:
    """The names of this module's triggers present in the store at `sqlite_path`."""
    try:
        with closing(sqlite3.connect(sqlite_path, timeout=30)) as conn:
            return _present(conn)
    except sqlite3.Error as e:
        raise StoreError(f"cannot read the ledger at {sqlite_path}: {e}") from None


def install_triggers(sqlite_path: str) -> None:
    """Create the append-only triggers on `stored_events` where they are missing.

    Idempotent, and only reads when they are all there already (the usual case: every time
    a ledger is opened), so opening a ledger does not take the write lock. The table must
    exist: eventsourcing creates it when the application is constructed.
    """
    try:
        with closing(sqlite3.connect(sqlite_path, timeout=30)) as conn:
            if set(TRIGGERS) <= _present(conn):
                return
            exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                  "AND name = ?", (TABLE,)).fetchone()
            if exists is None:
                raise StoreError(f"the ledger at {sqlite_path} has no {TABLE} table")
            with conn:  # one transaction: all the triggers or none
                for statement in TRIGGERS.values():
                    conn.execute(statement)
    except sqlite3.Error as e:
        raise StoreError(f"cannot guard the ledger at {sqlite_path}: {e}") from None


def _present(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                        "AND tbl_name = ?", (TABLE,)).fetchall()
    return {str(name) for (name,) in rows} & set(TRIGGERS)
