"""Where a ledger lives, and the one seam through which our own SQL reaches it.

A `--store` value names one of eventsourcing's two stores:

    ./ledger.sqlite                                  the embedded SQLite store (a file)
    postgresql://USER[:PASSWORD]@HOST[:PORT]/DB      the PostgreSQL store (a database)
    postgresql://...?schema=NAME                     ... in a schema other than `public`

The password may instead come from PGPASSWORD. eventsourcing writes and reads the events
(`stored_events` in both stores); everything else this project writes in SQL (the read
models in `projections/`, the append-only guards, `lsp doctor`) goes through `Database`,
which hides the few differences between the two dialects:

    placeholders            `?` in our SQL; psycopg is given `%s`
    one writer at a time    SQLite `BEGIN IMMEDIATE`; PostgreSQL a transaction-level
                            advisory lock named after the schema
    a consistent snapshot   SQLite `BEGIN` (WAL readers see one snapshot); PostgreSQL
                            `REPEATABLE READ`
    a field of a JSON text  SQLite `json_extract(col, '$.key')`; PostgreSQL `col::jsonb ->> 'key'`
    text order              PostgreSQL text columns are created `COLLATE "C"`, so they sort
                            by code point as SQLite's do, whatever the database's locale

Rows are indexable by column name or number in both (sqlite3.Row; the PostgreSQL side's
`Row` has its shape). The two dialects are `ledger.store.sqlite` and
`ledger.store.postgres`; `Store.connect()` opens the one the store names. Opening a
ledger on a store (the application's side of it) is `ledger.store.opening`.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from ledger.errors import InvalidInput, NotFound, StoreError
from ledger.store import postgres, sqlite

EVENTS_TABLE = "stored_events"
SNAPSHOTS_TABLE = "stored_snapshots"  # eventsourcing's snapshot table (ledger/snapshots.py)
"""eventsourcing's table of events, named the same in both stores (see `Store.env`)."""

EVENTS_COLUMNS = ("originator_id", "originator_version", "topic", "state")
"""The columns of eventsourcing's events table: a table of that name with others is not
a ledger's."""

SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Store:
    """A parsed `--store` value."""

    kind: Literal["sqlite", "postgresql"]
    path: str = ""  # sqlite: the file
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    dbname: str = ""
    schema: str = "public"

    @classmethod
    def parse(cls, text: str) -> Store:
        if text.startswith(("postgresql://", "postgres://")):
            return cls._parse_url(text)
        if not text or text.startswith(("sqlite://", "file:")) or text == ":memory:":
            raise InvalidInput(f"--store {text!r}: give a file path such as ./ledger.sqlite, "
                               "or a URL such as postgresql://lsp@localhost:5432/lsp")
        if "://" in text:
            raise InvalidInput(f"--store {text!r}: the stores are a file path (SQLite) or a "
                               "postgresql:// URL")
        return cls("sqlite", path=text)

    @classmethod
    def _parse_url(cls, text: str) -> Store:
        try:
            url = urlsplit(text)
            port = url.port or 5432
        except ValueError as e:
            raise InvalidInput(f"--store: {e} in the PostgreSQL URL") from None
        dbname = unquote(url.path.lstrip("/"))
        query = parse_qs(url.query, keep_blank_values=True)
        unknown = set(query) - {"schema"}
        if unknown:
            raise InvalidInput(f"--store: the PostgreSQL URL takes only ?schema=NAME, not "
                               f"{', '.join(sorted(unknown))} (set libpq's environment "
                               "variables instead, e.g. PGSSLMODE=verify-full)")
        schema = query.get("schema", ["public"])[-1]
        if not url.hostname or not url.username or not dbname:
            raise InvalidInput(f"--store {cls._redact(text)}: a PostgreSQL URL needs a user, "
                               "a host and a database: postgresql://USER@HOST:PORT/DATABASE")
        if not SCHEMA_NAME.match(schema):
            raise InvalidInput(f"--store: schema {schema!r} must be lower-case letters, digits "
                               "and underscores, starting with a letter or underscore")
        password = unquote(url.password) if url.password else os.environ.get("PGPASSWORD", "")
        return cls("postgresql", host=url.hostname, port=port, user=unquote(url.username),
                   password=password, dbname=dbname, schema=schema)

    @staticmethod
    def _redact(text: str) -> str:
        return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", text)

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgresql"

    def __str__(self) -> str:
        """The store as messages name it (never with its password)."""
        if not self.is_postgres:
            return self.path
        where = f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"
        return where if self.schema == "public" else f"{where}?schema={self.schema}"

    def is_own_file(self, path: str | os.PathLike[str]) -> bool:
        """Whether `path` is one of the store's own files (an SQLite ledger, its WAL, its
        shared memory or its rollback journal), by name or as the same file under another
        name (a link): what no output may ever be written over. Never for PostgreSQL."""
        if self.is_postgres:
            return False
        target = os.path.realpath(path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            own = self.path + suffix
            if os.path.realpath(own) == target:
                return True
            try:
                if os.path.samefile(own, path):
                    return True
            except OSError:
                continue  # one of the two is not there
        return False

    def env(self) -> dict[str, str]:
        """eventsourcing's settings for this store."""
        if not self.is_postgres:
            # eventsourcing's SQLite store, each connection in WAL mode with
            # synchronous=FULL (ledger/store/durability.py).
            return {"PERSISTENCE_MODULE": "ledger.store.durability:DurableSQLiteFactory",
                    "SQLITE_DBNAME": self.path, "SQLITE_LOCK_TIMEOUT": "30"}
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname, "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port), "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password, "POSTGRES_SCHEMA": self.schema,
            # One command needs one connection at a time (two while a read model catches
            # up); a pool of 1 plus 2 keeps a busy server's connection count low.
            "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "2",
            "POSTGRES_CONNECT_TIMEOUT": "10",
            # Wait for the events table's lock (one writer at a time) at most this long.
            "POSTGRES_LOCK_TIMEOUT": "30",
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "60",
        }

    def conninfo(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port, "user": self.user,
                "password": self.password, "dbname": self.dbname, "connect_timeout": 10}

    # ------------------------------------------------------------------ existence

    def exists(self, db: Database | None) -> bool:
        """Whether a ledger's events table is there (it may hold no events yet); `db` is
        a connection to a PostgreSQL store. An SQLite file is read without writing to it
        (`_sqlite_ledger`): an empty file, or a database with no tables, holds no ledger;
        someone else's database is refused."""
        if db is None:
            return self._sqlite_ledger(create=False)
        row = db.execute("SELECT to_regclass(?) IS NOT NULL AS found",
                         (f'"{self.schema}".{EVENTS_TABLE}',)).fetchone()
        return bool(row and row["found"])

    def _sqlite_ledger(self, *, create: bool) -> bool:
        """Whether the SQLite file holds a ledger's events table, read through a read-only
        connection before eventsourcing opens the file (which would create its table in
        it, and switch it to WAL). A file that is not a database, or a database that is
        not a ledger's (tables of its own, or an events table of another shape), raises
        `StoreError`: a read must never write to it, and a new ledger is never made in
        it. With `create`, a file that holds nothing yet (none, empty, no tables) is
        fine."""
        if not os.path.exists(self.path) or (os.path.isfile(self.path)
                                             and os.path.getsize(self.path) == 0):
            return False
        try:
            found = sqlite.tables(self.path)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open the ledger at {self.path}: {e} (it is left as "
                             "it is)") from None
        columns = found.get(EVENTS_TABLE)
        if columns is not None and set(EVENTS_COLUMNS) <= set(columns):
            return True
        if columns is not None:
            raise StoreError(f"{self.path} is not a ledger: its {EVENTS_TABLE} table has the "
                             f"columns {', '.join(columns)}, not a ledger's "
                             f"({', '.join(EVENTS_COLUMNS)}); it is left as it is")
        if found:
            shown = ", ".join(sorted(found)[:5]) + (", ..." if len(found) > 5 else "")
            then = "give a new file for a new ledger" if create else "nothing was read"
            raise StoreError(f"{self.path} is an SQLite database that is not a ledger (its "
                             f"tables: {shown}): it is left as it is; {then}")
        return False

    def prepare(self, db: Database | None) -> None:
        """Make ready for a new ledger: the SQLite file's folder must exist; the
        PostgreSQL schema (`db` connects to it) is created if it is missing."""
        if db is None:
            folder = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(folder):
                raise NotFound(f"cannot create the ledger at {self.path}: there is no "
                               f"folder {folder}")
            self._sqlite_ledger(create=True)  # never make a ledger in someone's database
            from ledger.store.durability import ensure_wal

            try:
                ensure_wal(self.path)
            except sqlite3.Error as e:
                raise StoreError(f"cannot create the ledger at {self.path}: {e}") from None
            return
        exists = db.execute("SELECT 1 FROM pg_namespace WHERE nspname = ?",
                            (self.schema,)).fetchone()
        if exists is None:
            db.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')

    # ------------------------------------------------------------------ connections

    @contextmanager
    def connect(self) -> Iterator[Database]:
        """A connection of our own, closed on leaving the block."""
        if self.is_postgres:
            with postgres.connect(self.conninfo(), self.schema, str(self)) as pg:
                yield pg
        else:
            with sqlite.connect(self.path) as db:
                yield db


# ---------------------------------------------------------------------- the seam


class RowLike(Protocol):
    def __getitem__(self, key: Any) -> Any: ...
    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Database(Protocol):
    """What our own SQL needs of a connection, in either store."""

    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def ensure(self, schema: str, *, again: bool = False) -> None: ...
    def json_text(self, column: str, key: str) -> str: ...

    @contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]: ...

    @contextmanager
    def snapshot(self) -> Iterator[None]: ...
