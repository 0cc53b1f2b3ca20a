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

Rows come back as `Row`s in both: indexable by column name or number, like sqlite3.Row.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from ledger.errors import InvalidInput, NotFound, StoreError

EVENTS_TABLE = "stored_events"
"""eventsourcing's table of events, named the same in both stores (see `Store.env`)."""

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
        a connection to a PostgreSQL store (for SQLite, the file is looked for)."""
        if db is None:
            return os.path.exists(self.path)
        row = db.execute("SELECT to_regclass(?) IS NOT NULL AS found",
                         (f'"{self.schema}".{EVENTS_TABLE}',)).fetchone()
        return bool(row and row["found"])

    def prepare(self, db: Database | None) -> None:
        """Make ready for a new ledger: the SQLite file's folder must exist; the
        PostgreSQL schema (`db` connects to it) is created if it is missing."""
        if db is None:
            folder = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(folder):
                raise NotFound(f"cannot create the ledger at {self.path}: there is no "
                               f"folder {folder}")
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

    @contextmanager
    def creating(self, db: Database) -> Iterator[None]:
        """Hold the schema's lock (the one `transaction(exclusive=True)` takes) for the
        whole of creating a ledger, across transactions."""
        db.execute("SELECT pg_advisory_lock(hashtext(?))", (lock_key(self.schema),))
        try:
            yield
        finally:
            db.execute("SELECT pg_advisory_unlock(hashtext(?))", (lock_key(self.schema),))

    # ------------------------------------------------------------------ connections

    @contextmanager
    def connect(self) -> Iterator[Database]:
        """A connection of our own, closed on leaving the block."""
        if not self.is_postgres:
            try:
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            except sqlite3.Error as e:
                raise StoreError(f"cannot open the ledger at {self}: {e}") from None
            with closing(conn):
                conn.row_factory = sqlite3.Row
                conn.execute("PRAGMA synchronous = FULL")
                yield SQLiteDatabase(conn)
            return
        import psycopg

        try:
            pg = psycopg.connect(**self.conninfo(), autocommit=True, row_factory=_pg_rows,
                                 options=f"-c search_path={self.schema}")
        except psycopg.Error as e:
            raise StoreError(f"cannot connect to {self}: {_first_line(e)}") from None
        with pg:
            yield PostgresDatabase(pg, self.schema)


def lock_key(schema: str) -> str:
    """The name of the advisory lock that one writer of our own tables holds at a time."""
    return f"lsp-ledger:{schema}"


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


# ---------------------------------------------------------------------- rows


class Row(tuple[Any, ...]):
    """A result row, by column name or number (the shape of sqlite3.Row)."""

    __slots__ = ()
    names: ClassVar[tuple[str, ...]] = ()
    column: ClassVar[dict[str, int]] = {}  # the number of each named column

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.column[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


_ROW_TYPES: dict[tuple[str, ...], type[Row]] = {}


def _row_type(names: tuple[str, ...]) -> type[Row]:
    found = _ROW_TYPES.get(names)
    if found is None:
        found = type("Row", (Row,), {"__slots__": (), "names": names,
                                     "column": {n: i for i, n in enumerate(names)}})
        _ROW_TYPES[names] = found
    return found


def _pg_rows(cursor: Any) -> Any:
    """psycopg row factory: `Row`s, like sqlite3.Row."""
    description = cursor.description
    if description is None:
        return tuple
    row_type = _row_type(tuple(c.name for c in description))
    return lambda values: row_type(values)


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


def _pg(sql: str) -> str:
    """Our `?` placeholders as psycopg's `%s` (and a literal % as %%)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


class SQLiteDatabase:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
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


class PostgresDatabase:
    dialect = "postgresql"

    def __init__(self, conn: Any, schema: str) -> None:
        self.conn = conn
        self.schema = schema
        self._ensured: set[str] = set()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        cursor: Cursor = self.conn.execute(_pg(sql), tuple(params))
        return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:  # psycopg pipelines the rows: one round trip
            cursor.executemany(_pg(sql), rows)

    def ensure(self, schema: str, *, again: bool = False) -> None:
        """Create what is missing, one creator at a time (CREATE ... IF NOT EXISTS is not
        safe against a concurrent creator in PostgreSQL). Done once per connection unless
        `again` (after the tables were dropped)."""
        if schema in self._ensured and not again:
            return
        with self.transaction(exclusive=True):
            for statement in _statements(schema):
                self.execute(re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', statement))
        self._ensured.add(schema)

    def json_text(self, column: str, key: str) -> str:
        return f"({column}::jsonb ->> '{key}')"

    @contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        self.conn.execute("BEGIN")
        try:
            if exclusive:
                self.conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                                  (lock_key(self.schema),))
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")
