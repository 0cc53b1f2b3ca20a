"""The PostgreSQL side of our own SQL: a `Database` over one psycopg connection.

`Store.connect()` opens it for a `postgresql://` URL, with the schema first on the
search path. It is the seam's PostgreSQL dialect (ledger/store/seam.py has the table of
both): our `?` become psycopg's `%s`, one writer at a time holds a transaction-level
advisory lock named after the schema (`lock_key`), a snapshot is `REPEATABLE READ READ
ONLY`, a field of a JSON text is `col::jsonb ->> 'key'`, and text columns are created
`COLLATE "C"` so that they sort by code point as SQLite's do, whatever the locale.

Rows come back as `Row`s, indexable by column name or number like sqlite3.Row. psycopg is
imported only when a connection is opened: an SQLite ledger never loads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

from ledger.errors import StoreError


def lock_key(schema: str) -> str:
    """The name of the advisory lock that one writer of our own tables holds at a time."""
    return f"lsp-ledger:{schema}"


def first_line(error: BaseException) -> str:
    """The first line of a driver's message (psycopg's run on with context and hints)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


@contextmanager
def connect(conninfo: dict[str, Any], schema: str, where: str) -> Iterator[PostgresDatabase]:
    """A connection of our own to `schema`, closed on leaving the block; `where` names the
    store in a refusal (never with its password)."""
    import psycopg

    try:
        pg = psycopg.connect(**conninfo, autocommit=True, row_factory=_rows,
                             options=f"-c search_path={schema}")
    except psycopg.Error as e:
        raise StoreError(f"cannot connect to {where}: {first_line(e)}") from None
    with pg:
        yield PostgresDatabase(pg, schema)


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


def _rows(cursor: Any) -> Any:
    """psycopg row factory: `Row`s, like sqlite3.Row."""
    description = cursor.description
    if description is None:
        return tuple
    row_type = _row_type(tuple(c.name for c in description))
    return lambda values: row_type(values)


# ---------------------------------------------------------------------- the connection


def _pg(sql: str) -> str:
    """Our `?` placeholders as psycopg's `%s` (and a literal % as %%)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


class PostgresDatabase:
    dialect = "postgresql"

    def __init__(self, conn: Any, schema: str) -> None:
        self.conn = conn
        self.schema = schema
        self._ensured: set[str] = set()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(_pg(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:  # psycopg pipelines the rows: one round trip
            cursor.executemany(_pg(sql), rows)

    def ensure(self, schema: str, *, again: bool = False) -> None:
        """Create what is missing of the read models, one creator at a time (CREATE ...
        IF NOT EXISTS is not safe against a concurrent creator in PostgreSQL). Done once
        per connection unless `again` (after the tables were dropped).

        In a schema `lsp store init-postgres` set up, the writer role owns the read models
        (ledger/store/deploy.py): whoever else creates them (the owner's rebuild after
        `lsp import`, say) creates them as the writer, so that the writer still owns
        them; else its every read would fail, PostgreSQL checking ownership even for an
        index that exists."""
        if schema in self._ensured and not again:
            return
        with self.transaction(exclusive=True):
            writer = self._writer()
            if writer is not None:
                self.execute(f'SET LOCAL ROLE "{writer.replace(chr(34), chr(34) * 2)}"')
            for statement in _statements(schema):
                self.execute(re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', statement))
        self._ensured.add(schema)

    def _writer(self) -> str | None:
        """The writer role of a schema set up by `lsp store init-postgres`, when this
        connection's role is not it but may act as it (the plan makes the owner a member):
        the one role other than its owner granted INSERT on the events table. None
        otherwise (no such role, or more than one)."""
        rows = self.execute(
            "SELECT DISTINCT r.rolname AS writer, r.rolname = current_user AS me, "
            "pg_has_role(current_user, r.oid, 'MEMBER') AS member "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "CROSS JOIN LATERAL aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee "
            "WHERE n.nspname = ? AND c.relname = 'stored_events' "
            "AND a.privilege_type = 'INSERT' AND a.grantee <> c.relowner",
            (self.schema,)).fetchall()
        if len(rows) != 1 or rows[0]["me"] or not rows[0]["member"]:
            return None
        return str(rows[0]["writer"])

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


# ---------------------------------------------------------------------- the log, raw


def stored_rows(recorder: Any, after: int | None, limit: int,
                stop: int | None = None) -> list[tuple[int, Any, Any, Any, Any]]:
    """Up to `limit` rows of an eventsourcing PostgreSQL recorder's events table, after
    position `after` (all of them when None) and up to `stop`, in notification order, as
    plain tuples (position, originator_id, originator_version, topic, state), read through
    the recorder's own connection pool: what `select_notifications` reads, without making
    a `Notification` of each row. The originator id is psycopg's UUID, the state bytes."""
    from psycopg.rows import tuple_row
    from psycopg.sql import SQL, Identifier

    where, params = [], []
    if after is not None:
        where.append("notification_id > %s")
        params.append(after)
    if stop is not None:
        where.append("notification_id <= %s")
        params.append(stop)
    statement = SQL("SELECT notification_id, originator_id, originator_version, topic, state "
                    "FROM {schema}.{table}").format(
        schema=Identifier(recorder.datastore.schema),
        table=Identifier(recorder.events_table_name))
    if where:
        statement += SQL(" WHERE " + " AND ".join(where))
    statement += SQL(" ORDER BY notification_id LIMIT %s")
    with recorder.datastore.get_connection() as conn, \
            conn.cursor(row_factory=tuple_row) as cursor:
        cursor.execute(statement, (*params, limit), prepare=True)
        return [row if not isinstance(row[4], memoryview | bytearray)
                else (*row[:4], bytes(row[4]))
                for row in cursor.fetchall()]
