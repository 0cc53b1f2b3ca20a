"""The SQLite side of our own SQL: a `Database` over one sqlite3 connection.

`Store.connect()` opens it for a file path. It is the seam's SQLite dialect (ledger/store/
seam.py): `?` placeholders as sqlite3 takes them, one writer at a time by `BEGIN
IMMEDIATE`, a read snapshot by `BEGIN` (a WAL reader sees one state of the file), and
`json_extract` for a field of a JSON text. Rows are sqlite3.Row.

The connection runs with `synchronous = FULL`, as eventsourcing's do (ledger/store/
durability.py), but never changes the file's journal mode: `lsp doctor` reads the mode
through it, and must find the file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from ledger.errors import StoreError


@contextmanager
def connect(path: str) -> Iterator[SQLiteDatabase]:
    """A connection of our own to the SQLite file at `path`, closed on leaving the block."""
    try:
        # Not bound to the thread that opened it: the server (web/server.py) lends a ledger,
        # and this connection with it, to one request at a time, from any worker thread.
        conn = sqlite3.connect(path, timeout=30, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open the ledger at {path}: {e}") from None
    with closing(conn):
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA synchronous = FULL")
        yield SQLiteDatabase(conn)


class SQLiteDatabase:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def ensure(self, schema: str, *, again: bool = False) -> None:
        self.conn.executescript(schema)

    def json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    @contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE" if exclusive else "BEGIN")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside sees one state of the tables (writers commit whole)."""
        with self.transaction():
            yield


def tables(path: str) -> dict[str, tuple[str, ...]]:
    """The tables of the SQLite file at `path` and their columns, read through a read-only
    connection, so that nothing is written to the file (not even its journal mode): how a
    ledger is told from someone else's database before eventsourcing opens it (and would
    create its table there). Raises sqlite3.Error when the file is not a database."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=30)) as conn:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: tuple(row[1] for row in conn.execute(
            "SELECT * FROM pragma_table_info(?)", (name,))) for name in names}


StoredRow = tuple[int, Any, Any, Any, Any]
"""One row of the events table as stored: (position, originator_id, originator_version,
topic, state), the values exactly as the driver gives them, nothing converted."""


def stored_rows(recorder: Any, after: int | None, limit: int,
                stop: int | None = None) -> list[StoredRow]:
    """Up to `limit` rows of an eventsourcing SQLite recorder's events table, after
    position `after` (all of them when None, even a row numbered below 1) and up to
    `stop`, in notification (rowid) order, read through the recorder's own connection:
    what `select_notifications` reads, without making a `Notification` of each row (nor
    a UUID of its text, which the reader checks instead: `ledger.audit.stored.rows`)."""
    where, params = [], []
    if after is not None:
        where.append("rowid > ?")
        params.append(after)
    if stop is not None:
        where.append("rowid <= ?")
        params.append(stop)
    sql = (f"SELECT rowid, originator_id, originator_version, topic, state FROM "
           f"{recorder.events_table_name} {'WHERE ' + ' AND '.join(where) if where else ''} "
           "ORDER BY rowid LIMIT ?")
    with recorder.datastore.transaction(commit=False) as cursor:
        plain = getattr(cursor, "sqlite_cursor", None)  # eventsourcing's wrapper's cursor
        if isinstance(plain, sqlite3.Cursor):
            plain.row_factory = None  # plain tuples: this cursor is closed after the block
            plain.execute(sql, (*params, limit))
            return plain.fetchall()
        cursor.execute(sql, (*params, limit))
        return [tuple(row) for row in cursor.fetchall()]
